/**
 * `npm run bench:scale -- [--copies N] [--json] [--no-grid] [--no-transformers]`: the assistant at N× the
 * seeds (default 100×: ≈ 4,500 articles, ≈ 10,600 chunks), measured in-process with `performance.now()`:
 * - a synthetic corpus ({@link generateSyntheticCorpus}) written to a temporary folder and indexed through the
 *   real build path ({@link buildIndex}) with the model-free hashed embedder: build time and chunks/s;
 * - index load, the first search (cold caches) and search / ask latency p50/p95 over the dev questions, the
 *   `bench` command's extra queries and titles of synthetic articles;
 * - incremental updates (`updateIndex`, as `npm run index` and the watch run them): one new issue file
 *   added, one file edited, one file removed — each timed by stage, with the chunks embedded and the HNSW
 *   tombstones left — then HNSW recall@10 of the graph those updates left (extended, not rebuilt) against
 *   exact search over its stored vectors;
 * - peak RSS and index size on disk;
 * - HNSW recall@10 against exact (brute-force cosine) search over the same vectors, build time and query
 *   latency, for a grid of (M, efConstruction, efSearch);
 * - transformers.js embedding throughput with batching: the configured model when a local copy exists, else
 *   the tiny generated test model (`tests/support/tiny-model.ts`), labelled as such — its figures say what
 *   batching does to the pipeline's overhead, not how fast a real model is.
 *
 * Figures go to standard output (a table, or one JSON object with `--json`); logs to standard error at `warn`.
 * The temporary folder is removed at the end, also after a failure or Ctrl-C. The user's `index/` is untouched.
 */
import { rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Command, InvalidArgumentError } from 'commander';
import { buildIndex, openAssistant, updateIndex, type BuildProgress } from '../app';
import { chunkIndexText } from '../chunk';
import { InputError, type AppConfig, type Logger } from '../core';
import { createEmbedder, type Embedder, type EmbedderSelection } from '../embed';
import { readQuestionFile } from '../eval';
import { HnswVectorIndex, loadStoredEmbeddings, type HnswParameters } from '../vector-index';
import { EXTRA_BENCH_QUERIES, summarizeLatencies, type LatencySummary } from './bench-command';
import { createCommandContext, REPOSITORY_ROOT, runCommand } from './cli-support';
import { generateSyntheticCorpus, seededRandom } from './synthetic-corpus';

/** Default multiple of the seeds. */
export const DEFAULT_COPIES = 100;
/** Articles per timed search. */
export const SCALE_SEARCH_K = 5;
/** Neighbours compared for HNSW recall. */
export const RECALL_K = 10;
/** Synthetic article titles added to the query set (half Chinese, half English where available). */
export const GENERATED_QUERIES = 40;
/** Vectors queried against HNSW and exact search for recall (the query set's embeddings plus chunk titles). */
export const RECALL_QUERIES = 300;
/** The grid of HNSW parameters measured. */
export const HNSW_GRID = {
  m: [8, 16, 32],
  efConstruction: [100, 200],
  efSearch: [50, 100, 200],
} as const;
/** Chunks embedded per transformers.js batch-size setting. */
export const TRANSFORMERS_SAMPLE_CHUNKS = 256;
/** Batch sizes measured for transformers.js. */
export const TRANSFORMERS_BATCH_SIZES = [1, 8, 32] as const;

const BYTES_PER_MEBIBYTE = 1024 * 1024;

/** Recall@k of `approximate` against `exact` (label lists): |approximate ∩ exact| ÷ |exact|; 1 when exact is empty. */
export function recallAtK(approximate: readonly number[], exact: readonly number[]): number {
  if (exact.length === 0) return 1;
  const found = new Set(approximate);
  return exact.filter((label) => found.has(label)).length / exact.length;
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
  /** Mean recall@10 over the recall queries, against exact cosine search (0–1). */
  readonly recallAt10: number;
  /** Latency of one k = 10 search, milliseconds. */
  readonly search: LatencySummary;
}

/** transformers.js throughput at one batch size. */
export interface TransformersThroughput {
  readonly batchSize: number;
  readonly chunks: number;
  readonly chunksPerSecond: number;
}

/** Everything `npm run bench:scale` measures (the `--json` output). */
export interface ScaleBenchReport {
  readonly environment: { readonly node: string; readonly cpus: number; readonly cpuModel: string; readonly loadAverage: readonly number[] };
  readonly corpus: { readonly copies: number; readonly files: number; readonly characters: number; readonly articles: number; readonly pairedArticles: number; readonly chunks: number; readonly generateMilliseconds: number };
  readonly embedder: { readonly id: string; readonly dimensions: number };
  readonly hnsw: HnswParameters;
  readonly build: { readonly totalMilliseconds: number; readonly parseMilliseconds: number; readonly embedMilliseconds: number; readonly writeMilliseconds: number; readonly chunksPerSecond: number; readonly embeddedChunksPerSecond: number };
  readonly indexLoadMilliseconds: number;
  /** The first search after loading (coverage texts and IDF caches cold), milliseconds. */
  readonly firstSearchMilliseconds: number;
  readonly search: LatencySummary & { readonly k: number; readonly distinctQueries: number };
  readonly ask: LatencySummary & { readonly distinctQueries: number; readonly found: number };
  /** Incremental updates after the build, in order (each starts from the index the previous one left). */
  readonly updates: readonly UpdateFigures[];
  /**
   * HNSW recall@10 of the graph the updates left against exact cosine search over its stored vectors, same
   * queries as the grid; compare with the grid's point at the configured parameters (a fresh graph).
   */
  readonly updatedGraphRecallAt10: number;
  readonly memory: {
    /** Peak RSS over build, load and the timed queries (one runtime alive), MiB. */
    readonly peakRssMebibytes: number;
    /** RSS and V8 heap used after the timed queries, MiB. */
    readonly rssMebibytes: number;
    readonly heapUsedMebibytes: number;
    /** Peak RSS once the updates have run in the same process (the first runtime still alive), MiB. */
    readonly peakRssAfterUpdateMebibytes: number;
  };
  readonly indexSize: { readonly totalBytes: number; readonly files: readonly { readonly file: string; readonly bytes: number }[] };
  readonly hnswGrid: readonly HnswGridPoint[];
  readonly transformers: { readonly model: string; readonly real: boolean; readonly dimensions: number; readonly throughput: readonly TransformersThroughput[] } | { readonly skipped: string };
}

/** One incremental update of the bench. */
export interface UpdateFigures {
  /** What changed in the seeds folder. */
  readonly change: string;
  /** `updateIndex` from start to the new index in place (not loaded), milliseconds. */
  readonly milliseconds: number;
  /** Reading, parsing (changed files only) and pairing / embedding the new chunk texts / writing HNSW, BM25 and files. */
  readonly parseMilliseconds: number;
  readonly embedMilliseconds: number;
  readonly writeMilliseconds: number;
  readonly embeddedTexts: number;
  readonly reusedChunks: number;
  readonly reusedParsedFiles: number;
  readonly chunks: number;
  /** Deleted HNSW elements saved with the graph after the update. */
  readonly tombstones: number;
}

/** Options of {@link runScaleBenchmark}. */
export interface ScaleBenchOptions {
  readonly copies: number;
  readonly searchIterations: number;
  readonly askIterations: number;
  /** Dev questions and other fixed queries; synthetic titles are added. */
  readonly queries: readonly string[];
  readonly grid: boolean;
  readonly transformers: boolean;
  /** Scratch folder (seeds, index, models go below it). */
  readonly scratchDir: string;
}

async function timeEach(queries: readonly string[], iterations: number, body: (query: string) => Promise<unknown>): Promise<number[]> {
  const timings: number[] = [];
  for (let iteration = 0; iteration < iterations; iteration += 1) {
    const started = performance.now();
    await body(queries[iteration % queries.length] as string);
    timings.push(performance.now() - started);
  }
  return timings;
}

async function fileSizes(directory: string): Promise<{ file: string; bytes: number }[]> {
  const { readdir, stat } = await import('node:fs/promises');
  const entries = await readdir(directory, { recursive: true, withFileTypes: true });
  const sizes: { file: string; bytes: number }[] = [];
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const absolute = path.join(entry.parentPath, entry.name);
    sizes.push({ file: path.relative(directory, absolute), bytes: (await stat(absolute)).size });
  }
  return sizes.sort((left, right) => left.file.localeCompare(right.file));
}

async function embedAll(embedder: Embedder, texts: readonly string[], batchSize: number): Promise<number[][]> {
  const vectors: number[][] = [];
  for (let start = 0; start < texts.length; start += batchSize) vectors.push(...(await embedder.embedDocuments(texts.slice(start, start + batchSize))));
  return vectors;
}

/** Measures the HNSW grid over `vectors` (chunk embeddings) with `queries` (query embeddings). */
async function measureHnswGrid(vectors: readonly number[][], queries: readonly number[][], scratchDir: string, logger: Logger): Promise<HnswGridPoint[]> {
  const dimensions = vectors[0]?.length ?? 0;
  const normalizedRows = vectors.map(normalize);
  const exact = queries.map((query) => exactNearest(normalizedRows, normalize(query), RECALL_K));
  const points: HnswGridPoint[] = [];
  for (const m of HNSW_GRID.m) {
    for (const efConstruction of HNSW_GRID.efConstruction) {
      const started = performance.now();
      const graph = HnswVectorIndex.create(dimensions, vectors.length, { m, efConstruction, efSearch: HNSW_GRID.efSearch[0] });
      vectors.forEach((vector, label) => graph.add(vector, label));
      const buildMilliseconds = performance.now() - started;
      const file = path.join(scratchDir, `grid-m${m}-ef${efConstruction}.hnsw`);
      await graph.save(file);
      const bytes = (await import('node:fs/promises')).stat(file).then((stats) => stats.size);
      for (const efSearch of HNSW_GRID.efSearch) {
        const loaded = await HnswVectorIndex.load(file, dimensions, efSearch);
        const timings: number[] = [];
        let recallSum = 0;
        queries.forEach((query, index) => {
          const searchStarted = performance.now();
          const hits = loaded.search(query, RECALL_K);
          timings.push(performance.now() - searchStarted);
          recallSum += recallAtK(hits.map((hit) => hit.label), exact[index] ?? []);
        });
        points.push({ m, efConstruction, efSearch, buildMilliseconds, bytes: await bytes, recallAt10: recallSum / queries.length, search: summarizeLatencies(timings) });
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
 */
async function measureUpdatedGraphRecall(config: AppConfig, embedder: Embedder, queries: readonly number[][]): Promise<number> {
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

interface TinyModelModule {
  readonly generateTinyModel: (options: { root: string; modelId: string; hiddenSize?: number; maxLengthTokens?: number }) => Promise<{ readonly hiddenSize: number }>;
  readonly TINY_BERT_MODEL_ID: string;
}

/** transformers.js throughput: the configured model if it loads without downloading, else the tiny test model. */
async function measureTransformers(config: AppConfig, texts: readonly string[], scratchDir: string, logger: Logger): Promise<ScaleBenchReport['transformers']> {
  let selection: EmbedderSelection | null = null;
  let real = true;
  try {
    const candidate = await createEmbedder({ ...config.embedder, kind: 'transformers', allowRemoteModels: false }, logger);
    selection = candidate.fallbackReason === null ? candidate : null;
  } catch {
    selection = null;
  }
  if (selection === null) {
    real = false;
    // Not a static import: the tiny model generator lives with the tests (it needs the onnx-proto dev dependency).
    const modulePath = pathToFileURL(path.join(REPOSITORY_ROOT, 'tests', 'support', 'tiny-model.ts')).href;
    let tiny: TinyModelModule;
    try {
      tiny = (await import(modulePath)) as TinyModelModule;
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

/**
 * Runs the scale benchmark in `options.scratchDir` (which it fills).
 * @throws {InputError} when the query set is empty; the build's and load's errors otherwise.
 */
export async function runScaleBenchmark(baseConfig: AppConfig, logger: Logger, options: ScaleBenchOptions): Promise<ScaleBenchReport> {
  if (options.queries.length === 0) throw new InputError('The scale benchmark needs at least one query.');
  const seedsDir = path.join(options.scratchDir, 'seeds');
  const config: AppConfig = { ...baseConfig, seedsDir, indexDir: path.join(options.scratchDir, 'index'), embedder: { ...baseConfig.embedder, kind: 'hashed' } };

  const generateStarted = performance.now();
  const generated = await generateSyntheticCorpus({ seedsDir: baseConfig.seedsDir, outputDir: seedsDir, copies: options.copies, glossaryFile: baseConfig.glossaryFile });
  const generateMilliseconds = performance.now() - generateStarted;

  const selection = await createEmbedder(config.embedder, logger);
  const stageStarts = new Map<BuildProgress['stage'], number>();
  const buildStarted = performance.now();
  const built = await buildIndex(config, selection, logger, {
    onProgress: (progress) => {
      if (!stageStarts.has(progress.stage)) stageStarts.set(progress.stage, performance.now());
    },
  });
  const buildFinished = performance.now();
  const at = (stage: BuildProgress['stage']): number => stageStarts.get(stage) ?? buildFinished;
  const chunkCount = built.manifest.counts.chunks;
  const totalMilliseconds = buildFinished - buildStarted;
  const embedMilliseconds = at('writing') - at('embedding');

  const loadStarted = performance.now();
  const runtime = await openAssistant(config, logger, { build: 'never', embedder: selection, llm: 'none' });
  const indexLoadMilliseconds = performance.now() - loadStarted;
  const { retriever, assistant, index } = runtime;

  // Synthetic titles of articles spread over the corpus, as extra queries.
  const random = seededRandom(7);
  const titles: string[] = [];
  for (let count = 0; count < GENERATED_QUERIES; count += 1) {
    const article = index.articles[Math.floor(random() * index.articles.length)];
    if (article !== undefined && article.title.trim() !== '') titles.push(article.title);
  }
  const queries = [...options.queries, ...titles];

  const firstStarted = performance.now();
  await retriever.search(queries[0] as string, { k: SCALE_SEARCH_K });
  const firstSearchMilliseconds = performance.now() - firstStarted;
  for (const query of queries) await retriever.search(query, { k: SCALE_SEARCH_K }); // warm-up
  const searchTimings = await timeEach(queries, options.searchIterations, (query) => retriever.search(query, { k: SCALE_SEARCH_K }));
  let found = 0;
  const askTimings = await timeEach(queries, options.askIterations, async (query) => {
    if ((await assistant.ask(query)).found) found += 1;
  });
  const indexFiles = await fileSizes(index.directory);
  const texts = index.chunks.map((chunk) => chunkIndexText(chunk));
  // The serving figures: build, load and queries, one runtime alive (the update below opens a second one).
  const servingMemory = process.memoryUsage();
  const servingPeakRssMebibytes = Math.max(process.resourceUsage().maxRSS / 1024, servingMemory.rss / BYTES_PER_MEBIBYTE);

  // Incremental updates as `npm run index` runs them: a new issue (a further perturbed copy of one seed
  // file), an edited file (a sentence changed in one article), a removed file.
  const newIssueDir = path.join(options.scratchDir, 'new-issue');
  const newIssue = await generateSyntheticCorpus({ seedsDir: baseConfig.seedsDir, outputDir: newIssueDir, copies: options.copies + 1, glossaryFile: baseConfig.glossaryFile, randomSeed: 2 });
  const newFile = newIssue.files.filter((name) => name.startsWith(`c${options.copies}_`)).at(-1);
  if (newFile === undefined) throw new InputError('No new issue file was generated.');
  const { copyFile, readFile, rm: remove, writeFile } = await import('node:fs/promises');
  const middle = generated.files[Math.floor(generated.files.length / 2)] as string;
  const last = generated.files.at(-1) as string;
  const scenarios: readonly { readonly change: string; readonly apply: () => Promise<void> }[] = [
    { change: `added ${newFile}`, apply: () => copyFile(path.join(newIssueDir, newFile), path.join(seedsDir, newFile)) },
    {
      change: `edited ${middle} (one sentence)`,
      apply: async () => {
        const file = path.join(seedsDir, middle);
        const text = await readFile(file, 'utf8');
        const found = text.indexOf('\n\n', Math.floor(text.length / 2));
        const at = found < 0 ? text.length : found;
        await writeFile(file, `${text.slice(0, at)} (edited)${text.slice(at)}`);
      },
    },
    { change: `removed ${last}`, apply: () => remove(path.join(seedsDir, last)) },
  ];
  const updates: UpdateFigures[] = [];
  for (const scenario of scenarios) {
    await scenario.apply();
    const stages = new Map<BuildProgress['stage'], number>();
    const started = performance.now();
    const result = await updateIndex(config, selection, logger, {
      onProgress: (progress) => {
        if (!stages.has(progress.stage)) stages.set(progress.stage, performance.now());
      },
    });
    const finished = performance.now();
    const stageAt = (stage: BuildProgress['stage']): number => stages.get(stage) ?? finished;
    updates.push({
      change: scenario.change,
      milliseconds: finished - started,
      parseMilliseconds: stageAt('embedding') - started,
      embedMilliseconds: stageAt('writing') - stageAt('embedding'),
      writeMilliseconds: stageAt('done') - stageAt('writing'),
      embeddedTexts: result.build?.embeddedTexts ?? 0,
      reusedChunks: result.build?.reusedChunks ?? 0,
      reusedParsedFiles: result.build?.reusedParsedFiles ?? 0,
      chunks: result.manifest.counts.chunks,
      tombstones: result.manifest.hnsw.deletedElements ?? 0,
    });
  }

  const peakRssAfterUpdateMebibytes = Math.max(process.resourceUsage().maxRSS / 1024, process.memoryUsage().rss / BYTES_PER_MEBIBYTE);
  const recallTexts = [...queries];
  for (let count = recallTexts.length; count < RECALL_QUERIES; count += 1) {
    const article = index.articles[Math.floor(random() * index.articles.length)];
    if (article !== undefined) recallTexts.push(`${article.title} ${article.body.slice(0, 60)}`);
  }
  const queryVectors = await Promise.all(recallTexts.map((text) => selection.embedder.embedQuery(text)));
  const updatedGraphRecallAt10 = await measureUpdatedGraphRecall(config, selection.embedder, queryVectors);
  let hnswGrid: HnswGridPoint[] = [];
  if (options.grid) {
    const vectors = await embedAll(selection.embedder, texts, config.embedder.batchSize);
    hnswGrid = await measureHnswGrid(vectors, queryVectors, options.scratchDir, logger);
  }
  const transformers = options.transformers ? await measureTransformers(baseConfig, texts, options.scratchDir, logger) : { skipped: '--no-transformers' };

  const cpus = os.cpus();
  return {
    environment: { node: process.version, cpus: cpus.length, cpuModel: cpus[0]?.model.trim() ?? 'unknown', loadAverage: os.loadavg() },
    corpus: {
      copies: options.copies,
      files: generated.files.length,
      characters: generated.characters,
      articles: index.articles.length,
      pairedArticles: index.articles.filter((article) => article.pairId !== null).length,
      chunks: chunkCount,
      generateMilliseconds,
    },
    embedder: { id: selection.embedder.id, dimensions: selection.embedder.dimensions },
    hnsw: config.hnsw,
    build: {
      totalMilliseconds,
      parseMilliseconds: at('embedding') - at('parsing'),
      embedMilliseconds,
      writeMilliseconds: at('done') - at('writing'),
      chunksPerSecond: chunkCount / (totalMilliseconds / 1000),
      embeddedChunksPerSecond: embedMilliseconds > 0 ? chunkCount / (embedMilliseconds / 1000) : Number.POSITIVE_INFINITY,
    },
    indexLoadMilliseconds,
    firstSearchMilliseconds,
    search: { ...summarizeLatencies(searchTimings), k: SCALE_SEARCH_K, distinctQueries: queries.length },
    ask: { ...summarizeLatencies(askTimings), distinctQueries: queries.length, found },
    updates,
    updatedGraphRecallAt10,
    memory: {
      peakRssMebibytes: servingPeakRssMebibytes,
      rssMebibytes: servingMemory.rss / BYTES_PER_MEBIBYTE,
      heapUsedMebibytes: servingMemory.heapUsed / BYTES_PER_MEBIBYTE,
      peakRssAfterUpdateMebibytes,
    },
    indexSize: { totalBytes: indexFiles.reduce((sum, file) => sum + file.bytes, 0), files: indexFiles },
    hnswGrid,
    transformers,
  };
}

/** The report as plain-text tables. */
export function formatScaleBenchReport(report: ScaleBenchReport): string {
  const fixed = (value: number, digits = 1): string => value.toFixed(digits);
  const row = (name: string, value: string): string => `  ${name.padEnd(30)} ${value}`;
  const latency = (summary: LatencySummary): string => `p50 ${fixed(summary.p50, 2)} ms, p95 ${fixed(summary.p95, 2)} ms, max ${fixed(summary.max, 2)} ms (${summary.count}×)`;
  const { corpus, build } = report;
  const lines = [
    `Scale benchmark — Node ${report.environment.node}, ${report.environment.cpus} × ${report.environment.cpuModel}, load average ${report.environment.loadAverage.map((value) => fixed(value, 2)).join(' ')}`,
    `Corpus: ${corpus.copies}× the seeds, ${corpus.files} files, ${(corpus.characters / 1e6).toFixed(2)} M characters, ${corpus.articles} articles (${corpus.pairedArticles} paired), ${corpus.chunks} chunks; generated in ${fixed(corpus.generateMilliseconds, 0)} ms`,
    `Embedder ${report.embedder.id} (${report.embedder.dimensions} dimensions); HNSW M ${report.hnsw.m}, efConstruction ${report.hnsw.efConstruction}, efSearch ${report.hnsw.efSearch}`,
    '',
    'Index build',
    row('parse + chunk', `${fixed(build.parseMilliseconds, 0)} ms`),
    row('embed', `${fixed(build.embedMilliseconds, 0)} ms (${fixed(build.embeddedChunksPerSecond, 0)} chunks/s)`),
    row('write (HNSW, BM25, files)', `${fixed(build.writeMilliseconds, 0)} ms`),
    row('total', `${fixed(build.totalMilliseconds, 0)} ms (${fixed(build.chunksPerSecond, 0)} chunks/s)`),
    '',
    'Incremental updates (npm run index), each after the previous one',
    ...report.updates.flatMap((update) => [
      `  ${update.change}`,
      row('  total', `${fixed(update.milliseconds, 0)} ms — read+parse+pair ${fixed(update.parseMilliseconds, 0)} / embed ${fixed(update.embedMilliseconds, 0)} / write ${fixed(update.writeMilliseconds, 0)} ms`),
      row('  reused', `${update.reusedChunks} of ${update.chunks} chunks, ${update.reusedParsedFiles} parsed files; ${update.embeddedTexts} texts embedded; ${update.tombstones} HNSW tombstones`),
    ]),
    row('HNSW recall@10 after updates', `${report.updatedGraphRecallAt10.toFixed(4)} (the extended graph vs exact search over its vectors)`),
    '',
    'Answer path',
    row('index load', `${fixed(report.indexLoadMilliseconds, 0)} ms`),
    row('first search (cold caches)', `${fixed(report.firstSearchMilliseconds, 0)} ms`),
    row(`search k=${report.search.k}`, latency(report.search)),
    row('ask (extractive)', `${latency(report.ask)}; answered ${report.ask.found}/${report.ask.count}`),
    `  ${report.search.distinctQueries} distinct queries (dev set, extra, synthetic titles), cycled after a warm-up pass`,
    '',
    'Memory and disk',
    row('peak RSS (build, load, queries)', `${fixed(report.memory.peakRssMebibytes)} MiB`),
    row('RSS / heap used after queries', `${fixed(report.memory.rssMebibytes)} / ${fixed(report.memory.heapUsedMebibytes)} MiB`),
    row('peak RSS after the updates', `${fixed(report.memory.peakRssAfterUpdateMebibytes)} MiB (the serving runtime still alive)`),
    ...report.indexSize.files.map((file) => row(file.file, `${fixed(file.bytes / BYTES_PER_MEBIBYTE, 2)} MiB`)),
    row('index total', `${fixed(report.indexSize.totalBytes / BYTES_PER_MEBIBYTE, 2)} MiB`),
  ];
  if (report.hnswGrid.length > 0) {
    lines.push('', `HNSW recall@${RECALL_K} vs exact cosine (${report.corpus.chunks} vectors)`, '  M   efC   efS   recall@10   build ms   search p50 ms   p95 ms   graph MiB');
    for (const point of report.hnswGrid) {
      lines.push(
        `  ${String(point.m).padEnd(3)} ${String(point.efConstruction).padEnd(5)} ${String(point.efSearch).padEnd(5)} ${point.recallAt10.toFixed(4).padStart(9)} ${fixed(point.buildMilliseconds, 0).padStart(10)} ${fixed(point.search.p50, 3).padStart(15)} ${fixed(point.search.p95, 3).padStart(8)} ${fixed(point.bytes / BYTES_PER_MEBIBYTE, 2).padStart(11)}`,
      );
    }
  }
  lines.push('', 'transformers.js embedding throughput');
  if ('skipped' in report.transformers) lines.push(`  skipped: ${report.transformers.skipped}`);
  else {
    lines.push(`  model ${report.transformers.model} (${report.transformers.dimensions} dimensions)${report.transformers.real ? '' : ' — TINY GENERATED TEST MODEL, not a real one: pipeline overhead only'}`);
    for (const point of report.transformers.throughput) lines.push(row(`batch ${point.batchSize}`, `${fixed(point.chunksPerSecond, 0)} chunks/s (${point.chunks} chunks)`));
  }
  return lines.join('\n');
}

function parsePositive(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) throw new InvalidArgumentError('expected a whole number ≥ 1');
  return parsed;
}

interface ScaleCommandOptions {
  readonly copies: number;
  readonly searchIterations: number;
  readonly askIterations: number;
  readonly grid: boolean;
  readonly transformers: boolean;
  readonly json?: boolean;
}

const program = new Command('bench:scale')
  .description('Scale benchmark over a synthetic corpus of N× the seeds, in a temporary folder: build, latency, memory, HNSW recall vs exact.')
  .option('--copies <n>', `multiple of the seeds (default ${DEFAULT_COPIES})`, parsePositive, DEFAULT_COPIES)
  .option('--search-iterations <n>', 'timed searches', parsePositive, 200)
  .option('--ask-iterations <n>', 'timed asks', parsePositive, 100)
  .option('--no-grid', 'skip the HNSW parameter grid')
  .option('--no-transformers', 'skip the transformers.js throughput')
  .option('--json', 'print the figures as one JSON object')
  .action(async (options: ScaleCommandOptions) => {
    await runCommand(async () => {
      const context = createCommandContext({ logLevel: 'warn' });
      const questions = await readQuestionFile(path.join(REPOSITORY_ROOT, 'tests', 'fixtures', 'dev.jsonl'));
      const scratchDir = await mkdtemp(path.join(os.tmpdir(), 'newsletter-bench-scale-'));
      const removeOnInterrupt = (): void => {
        rmSync(scratchDir, { recursive: true, force: true });
        process.exit(130);
      };
      process.once('SIGINT', removeOnInterrupt);
      try {
        const report = await runScaleBenchmark(context.config, context.logger, {
          copies: options.copies,
          searchIterations: options.searchIterations,
          askIterations: options.askIterations,
          queries: [...questions.map((question) => question.question), ...EXTRA_BENCH_QUERIES],
          grid: options.grid,
          transformers: options.transformers,
          scratchDir,
        });
        process.stdout.write(options.json === true ? `${JSON.stringify(report, null, 2)}\n` : `${formatScaleBenchReport(report)}\n`);
      } finally {
        process.removeListener('SIGINT', removeOnInterrupt);
        await rm(scratchDir, { recursive: true, force: true });
      }
    });
  });

// Run only as an entry point, so that tests can import the helpers above.
const entryPoint = process.argv[1];
if (entryPoint !== undefined && import.meta.url === pathToFileURL(path.resolve(entryPoint)).href) {
  await program.parseAsync(process.argv);
}
