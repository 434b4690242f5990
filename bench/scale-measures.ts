/**
 * The scale benchmark's vector measurements (`npm run bench:scale`, see `bench-scale-command.ts`):
 * - HNSW recall@{@link RECALL_K} against exact (brute-force cosine) search, build time, graph size and query
 *   latency, for a grid of (M, efConstruction, efSearch) — and the recall of the graph an update left;
 * - transformers.js embedding throughput with batching: the configured model when a local copy exists, else
 *   the tiny generated test model (`tiny-model.ts`), labelled as such — its figures say what batching does
 *   to the pipeline's overhead, not how fast a real model is.
 */
import { rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { InputError, type AppConfig, type Logger } from '../src/core';
import { createEmbedder, type Embedder, type EmbedderSelection } from '../src/embed';
import { HnswVectorIndex, loadStoredEmbeddings, type HnswParameters } from '../src/vector-index';
import { summarizeLatencies, type LatencySummary } from './bench-support';

/** Neighbours compared for HNSW recall. */
export const RECALL_K = 10;
/** The grid of HNSW parameters measured. */
export const HNSW_GRID = {
  m: [16, 32],
  efConstruction: [200],
  efSearch: [100, 200, 400],
} as const;
/** Chunks embedded per transformers.js batch-size setting. */
export const TRANSFORMERS_SAMPLE_CHUNKS = 256;
/** Batch sizes measured for transformers.js. */
export const TRANSFORMERS_BATCH_SIZES = [1, 8, 32] as const;

/** Recall@k of `approximate` against `exact` (label lists): |approximate ∩ exact| ÷ |exact|; 1 when exact is empty. */
export function recallAtK(approximate: readonly number[], exact: readonly number[]): number {
  if (exact.length === 0) return 1;
  const found = new Set(approximate);
  return exact.filter((label) => found.has(label)).length / exact.length;
}

/**
 * Slack on the exact k-th distance within which a returned neighbour counts as a true one: float32 rounding
 * (hnswlib computes in float32, the exact searches here accumulate in double precision).
 */
export const TIE_EPSILON = 1e-5;

/**
 * Recall by distance (ann-benchmarks' `knn` metric, github.com/erikbern/ann-benchmarks, `metrics.py`): the
 * number of approximate neighbours no farther than the exact k-th distance + {@link TIE_EPSILON}, capped at
 * k, over k. Ties among equally near neighbours (the synthetic corpus's duplicate chunks) then count
 * whichever of them is returned, where recall by label counts a miss. 1 when `exact` is empty.
 * @param approximate - the approximate neighbours' distances.
 * @param exact - the exact k nearest distances, ascending.
 */
export function distanceRecall(approximate: readonly number[], exact: readonly number[]): number {
  const last = exact.at(-1);
  if (last === undefined) return 1;
  return Math.min(exact.length, approximate.filter((distance) => distance <= last + TIE_EPSILON).length) / exact.length;
}

/**
 * Exact k nearest neighbours by cosine similarity (brute force), best first, ties by ascending label.
 * @param vectors - unit-normalised rows (so the dot product is the cosine similarity).
 * @param query - a unit-normalised vector of the same dimensions.
 */
export function exactNearest(vectors: readonly Float32Array[], query: Float32Array, k: number): number[] {
  const best: { label: number; similarity: number }[] = [];
  for (let label = 0; label < vectors.length; label += 1) {
    const row = vectors[label] as Float32Array;
    let similarity = 0;
    for (let dimension = 0; dimension < row.length; dimension += 1) similarity += (row[dimension] as number) * (query[dimension] as number);
    if (best.length < k || similarity > (best[best.length - 1] as { similarity: number }).similarity) {
      best.push({ label, similarity });
      best.sort((left, right) => right.similarity - left.similarity || left.label - right.label);
      if (best.length > k) best.pop();
    }
  }
  return best.map((entry) => entry.label);
}

/** `vector` scaled to unit length (a zero vector stays zero), as 32-bit floats. */
export function normalize(vector: readonly number[]): Float32Array {
  const norm = Math.sqrt(vector.reduce((sum, value) => sum + value * value, 0));
  return Float32Array.from(vector, (value) => (norm === 0 ? 0 : value / norm));
}

/** One point of the HNSW grid. */
export interface HnswGridPoint extends HnswParameters {
  /** Building the graph over every chunk vector, milliseconds. */
  readonly buildMilliseconds: number;
  /** Size of the saved graph, bytes. */
  readonly bytes: number;
  /** Mean recall@10 over the recall queries, against exact cosine search (0–1), by label. */
  readonly recallAt10: number;
  /** The same by distance (ties among equally near duplicates count; see `distanceRecall`). */
  readonly distanceRecallAt10: number;
  /** Latency of one k = 10 search, milliseconds. */
  readonly search: LatencySummary;
}

/** transformers.js throughput at one batch size. */
export interface TransformersThroughput {
  readonly batchSize: number;
  readonly chunks: number;
  readonly chunksPerSecond: number;
}

/** The transformers.js figures: the model measured (`real` false for the tiny test model), or why none was. */
export type TransformersFigures =
  | { readonly model: string; readonly real: boolean; readonly dimensions: number; readonly throughput: readonly TransformersThroughput[] }
  | { readonly skipped: string };

/** Embeds `texts` as documents, `batchSize` at a time, in order. */
export async function embedAll(embedder: Embedder, texts: readonly string[], batchSize: number): Promise<number[][]> {
  const vectors: number[][] = [];
  for (let start = 0; start < texts.length; start += batchSize) vectors.push(...(await embedder.embedDocuments(texts.slice(start, start + batchSize))));
  return vectors;
}

/**
 * Measures the HNSW grid over `vectors` (chunk embeddings) with `queries` (query embeddings); the graphs are
 * saved in `scratchDir` one at a time and removed after.
 */
export async function measureHnswGrid(vectors: readonly number[][], queries: readonly number[][], scratchDir: string, logger: Logger): Promise<HnswGridPoint[]> {
  const dimensions = vectors[0]?.length ?? 0;
  const normalizedRows = vectors.map(normalize);
  const exact = queries.map((query) => exactNearest(normalizedRows, normalize(query), RECALL_K));
  const exactDistances = queries.map((query, index) => {
    const unit = normalize(query);
    return (exact[index] ?? []).map((label) => 1 - (normalizedRows[label] as Float32Array).reduce((sum, value, dimension) => sum + value * (unit[dimension] as number), 0));
  });
  const points: HnswGridPoint[] = [];
  for (const m of HNSW_GRID.m) {
    for (const efConstruction of HNSW_GRID.efConstruction) {
      const started = performance.now();
      const graph = HnswVectorIndex.create(dimensions, vectors.length, { m, efConstruction, efSearch: HNSW_GRID.efSearch[0] });
      vectors.forEach((vector, label) => graph.add(vector, label));
      const buildMilliseconds = performance.now() - started;
      const file = path.join(scratchDir, `grid-m${m}-ef${efConstruction}.hnsw`);
      await graph.save(file);
      const bytes = (await stat(file)).size;
      for (const efSearch of HNSW_GRID.efSearch) {
        const loaded = await HnswVectorIndex.load(file, dimensions, efSearch);
        const timings: number[] = [];
        let recallSum = 0;
        let distanceRecallSum = 0;
        queries.forEach((query, index) => {
          const searchStarted = performance.now();
          const hits = loaded.search(query, RECALL_K);
          timings.push(performance.now() - searchStarted);
          recallSum += recallAtK(hits.map((hit) => hit.label), exact[index] ?? []);
          distanceRecallSum += distanceRecall(hits.map((hit) => hit.distance), exactDistances[index] ?? []);
        });
        points.push({ m, efConstruction, efSearch, buildMilliseconds, bytes, recallAt10: recallSum / queries.length, distanceRecallAt10: distanceRecallSum / queries.length, search: summarizeLatencies(timings) });
        logger.info({ m, efConstruction, efSearch, recall: recallSum / queries.length }, 'hnsw grid point');
      }
      await rm(file, { force: true });
    }
  }
  return points;
}

/**
 * Recall@{@link RECALL_K} of the HNSW graph now in `config.indexDir` (after updates: relabelled, with
 * tombstones) against exact cosine search over the same index's stored vectors, for `queries`.
 * @returns the mean recall (0–1); 1 when `queries` is empty.
 * @throws {InputError} when the index has no stored embeddings for `embedder`.
 */
export async function measureUpdatedGraphRecall(config: AppConfig, embedder: Embedder, queries: readonly number[][]): Promise<number> {
  const stored = await loadStoredEmbeddings(config.indexDir, embedder);
  if (stored === null) throw new InputError('The updated index has no stored embeddings to measure recall against.');
  const rows = stored.keys.map((key) => normalize(Array.from(stored.vectors.get(key) ?? [])));
  const graph = await HnswVectorIndex.load(path.join(stored.directory, 'vectors.hnsw'), embedder.dimensions, config.hnsw.efSearch, rows.length);
  let recallSum = 0;
  for (const query of queries) {
    const exact = exactNearest(rows, normalize(query), RECALL_K);
    recallSum += recallAtK(graph.search(query, RECALL_K).map((hit) => hit.label), exact);
  }
  return queries.length === 0 ? 1 : recallSum / queries.length;
}

/**
 * transformers.js throughput over the first {@link TRANSFORMERS_SAMPLE_CHUNKS} of `texts` at each of
 * {@link TRANSFORMERS_BATCH_SIZES}: the configured model if it loads without downloading, else the tiny test
 * model, generated under `<scratchDir>/models`.
 * @returns the figures, or `{ skipped }` when there is no local model and the tiny one cannot be generated.
 */
export async function measureTransformers(config: AppConfig, texts: readonly string[], scratchDir: string, logger: Logger): Promise<TransformersFigures> {
  let selection: EmbedderSelection | null;
  let real = true;
  try {
    const candidate = await createEmbedder({ ...config.embedder, kind: 'transformers', allowRemoteModels: false }, logger);
    selection = candidate.fallbackReason === null ? candidate : null;
  } catch {
    selection = null;
  }
  if (selection === null) {
    real = false;
    // Not a static import: the generator needs the onnx-proto dev dependency, which only this fallback uses;
    // without it the other figures are still measured.
    let tiny: typeof import('./tiny-model');
    try {
      tiny = await import('./tiny-model');
    } catch (error) {
      return { skipped: `no local model and the tiny test model could not be generated: ${String(error)}` };
    }
    const root = path.join(scratchDir, 'models');
    await tiny.generateTinyModel({ root, modelId: tiny.TINY_BERT_MODEL_ID, hiddenSize: 384, maxLengthTokens: 512 });
    selection = await createEmbedder({ ...config.embedder, kind: 'transformers', model: tiny.TINY_BERT_MODEL_ID, modelDir: root, allowRemoteModels: false }, logger);
  }
  const sample = texts.slice(0, TRANSFORMERS_SAMPLE_CHUNKS);
  await selection.embedder.embedDocuments(sample.slice(0, 4)); // warm-up: session creation, JIT
  const throughput: TransformersThroughput[] = [];
  for (const batchSize of TRANSFORMERS_BATCH_SIZES) {
    const started = performance.now();
    await embedAll(selection.embedder, sample, batchSize);
    throughput.push({ batchSize, chunks: sample.length, chunksPerSecond: sample.length / ((performance.now() - started) / 1000) });
  }
  return { model: selection.embedder.id, real, dimensions: selection.embedder.dimensions, throughput };
}
