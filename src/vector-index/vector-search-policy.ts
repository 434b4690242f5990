/**
 * How the answer path searches chunk vectors: exactly (every vector, {@link ExactCosineStore}) up to a
 * measured corpus size, by HNSW graph above it, with graph parameters measured to keep recall@10 against
 * exact search at or above 0.99. `loadIndex` applies it; the store chosen is reported as
 * `LoadedIndex.vectorStoreKind` (and printed by the benchmarks).
 */
import type { HnswParameters } from './hnsw-vector-index';

/** The dense store policy (frozen). */
export const VECTOR_SEARCH_POLICY = Object.freeze({
  /**
   * Largest index (chunks) searched exactly; a larger one is searched through its HNSW graph. From
   * `npm run bench:scale`'s store crossover (exact vs HNSW with {@link VECTOR_SEARCH_POLICY.hnsw}, k = 50,
   * 1,024-dimensional vectors; figures in docs/notes/search.md): PLACEHOLDER.
   */
  exactMaxChunks: 2000,
  /**
   * HNSW parameters the default configuration builds and searches with (`HNSW_M`, `HNSW_EF_CONSTRUCTION`,
   * `HNSW_EF_SEARCH` override them). From `npm run bench:scale`'s grid: PLACEHOLDER.
   */
  hnsw: Object.freeze({ m: 16, efConstruction: 200, efSearch: 100 } satisfies HnswParameters),
});

/** Which dense store an index of `chunks` chunks is searched with under {@link VECTOR_SEARCH_POLICY}. */
export function vectorStoreKindFor(chunks: number, exactMaxChunks: number = VECTOR_SEARCH_POLICY.exactMaxChunks): 'exact' | 'hnsw' {
  return chunks <= exactMaxChunks ? 'exact' : 'hnsw';
}
