/**
 * Where exact dense search stops being cheaper than HNSW (`npm run bench:scale`): the exact store
 * ({@link ExactCosineStore}, one pass of dot products) and an HNSW graph built with the policy's parameters
 * ({@link VECTOR_SEARCH_POLICY}) are timed on the first n chunk vectors for growing n, with the retriever's
 * dense candidate count as k; the HNSW recall@10 against the exact store is measured at each size. The
 * crossover reported is the largest measured size at which exact search's p50 is still at most HNSW's.
 * The figures behind `VECTOR_SEARCH_POLICY.exactMaxChunks` come from this measurement.
 */
import type { Chunk } from '../src/core';
import { ExactCosineStore, HnswVectorIndex, VECTOR_SEARCH_POLICY, type HnswParameters } from '../src/vector-index';
import { summarizeLatencies, type LatencySummary } from './bench-support';
import { RECALL_K, distanceRecall, recallAtK } from './scale-measures';

/** The dense candidates the hybrid retriever asks for per query (its `candidates` default). */
export const CROSSOVER_K = 50;
/** Corpus sizes (chunks) measured, where the corpus holds that many. */
export const CROSSOVER_SIZES = [50, 100, 150, 200, 300, 500, 1000, 2000, 4000, 8000, 16000, 32000] as const;

/** One corpus size of the crossover measurement. */
export interface CrossoverPoint {
  readonly chunks: number;
  /** One exact search of k = {@link CROSSOVER_K}, milliseconds. */
  readonly exact: LatencySummary;
  /** One HNSW search of the same k with the policy's parameters, milliseconds. */
  readonly hnsw: LatencySummary;
  /** Mean HNSW recall@{@link RECALL_K} against the exact store over the queries (0–1), by label. */
  readonly hnswRecallAt10: number;
  /**
   * The same, counting a returned neighbour as found when its distance is within {@link TIE_EPSILON} of the
   * exact k-th distance (ann-benchmarks' definition): an equally near duplicate counts.
   */
  readonly hnswDistanceRecallAt10: number;
  /** Building the HNSW graph over these chunks, milliseconds. */
  readonly hnswBuildMilliseconds: number;
}

/** The whole crossover measurement. */
export interface CrossoverFigures {
  readonly parameters: HnswParameters;
  readonly points: readonly CrossoverPoint[];
  /** Largest measured size with exact p50 ≤ HNSW p50, or null when exact was slower at every size. */
  readonly crossoverChunks: number | null;
  /** The policy's current threshold, for comparison. */
  readonly policyExactMaxChunks: number;
}

/** A stand-in chunk for a row (the stores need chunk metadata; only positions matter here). */
function rowChunk(row: number): Chunk {
  return { id: `row-${row}:0`, articleId: `row-${row}`, index: 0, text: '', title: '', lang: 'en', date: null, source: null, file: '' };
}

/**
 * Measures exact and HNSW search at each of {@link CROSSOVER_SIZES} up to `vectors.length` (and at
 * `vectors.length` itself), each query once after one untimed pass.
 * @param vectors - chunk embeddings, row = chunk.
 * @param queries - query embeddings.
 */
export function measureStoreCrossover(vectors: readonly (readonly number[])[], queries: readonly number[][], parameters: HnswParameters = VECTOR_SEARCH_POLICY.hnsw): CrossoverFigures {
  const dimensions = vectors[0]?.length ?? 0;
  const sizes: number[] = CROSSOVER_SIZES.filter((size) => size < vectors.length);
  sizes.push(vectors.length);
  const points: CrossoverPoint[] = [];
  for (const size of sizes) {
    const rows = vectors.slice(0, size);
    const exact = ExactCosineStore.fromChunks(Array.from({ length: size }, (_, row) => rowChunk(row)), rows, dimensions);
    const built = performance.now();
    const graph = HnswVectorIndex.create(dimensions, size, parameters);
    rows.forEach((vector, label) => graph.add(vector, label));
    const hnswBuildMilliseconds = performance.now() - built;
    for (const query of queries) {
      exact.nearest(query, CROSSOVER_K);
      graph.search(query, CROSSOVER_K);
    }
    const exactTimings: number[] = [];
    const hnswTimings: number[] = [];
    let recallSum = 0;
    let distanceRecallSum = 0;
    for (const query of queries) {
      let started = performance.now();
      const truth = exact.nearest(query, CROSSOVER_K);
      exactTimings.push(performance.now() - started);
      started = performance.now();
      graph.search(query, CROSSOVER_K);
      hnswTimings.push(performance.now() - started);
      const approximate = graph.search(query, RECALL_K);
      const nearest = truth.slice(0, RECALL_K);
      recallSum += recallAtK(approximate.map((hit) => hit.label), nearest.map((hit) => hit.position));
      distanceRecallSum += distanceRecall(approximate.map((hit) => hit.distance), nearest.map((hit) => hit.distance));
    }
    points.push({
      chunks: size,
      exact: summarizeLatencies(exactTimings),
      hnsw: summarizeLatencies(hnswTimings),
      hnswRecallAt10: queries.length === 0 ? 1 : recallSum / queries.length,
      hnswDistanceRecallAt10: queries.length === 0 ? 1 : distanceRecallSum / queries.length,
      hnswBuildMilliseconds,
    });
  }
  const cheaper = points.filter((point) => point.exact.p50 <= point.hnsw.p50).map((point) => point.chunks);
  return { parameters, points, crossoverChunks: cheaper.length === 0 ? null : Math.max(...cheaper), policyExactMaxChunks: VECTOR_SEARCH_POLICY.exactMaxChunks };
}
