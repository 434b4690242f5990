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
   * Largest index (chunks) searched exactly; a larger one is searched through its HNSW graph. Measured by
   * `npm run bench:scale`'s store crossover (exact store vs an HNSW graph with {@link VECTOR_SEARCH_POLICY.hnsw},
   * k = 50, the 1,024-dimensional hashed embeddings of the 100× corpus, 200 queries; 2 cores, load ≈ 10):
   * exact p50 0.09 / 0.23 / 0.44 / 0.74 / 1.56 ms at 100 / 1,000 / 2,000 / 4,000 / 8,000 chunks against
   * HNSW 0.11 / 0.39 / 0.71 / 0.99 / 1.12 ms — exact is cheaper up to 4,000 chunks and dearer from 8,000.
   * The seeds (≈ 106 chunks) are searched exactly; 100× (≈ 10,800) through HNSW.
   */
  exactMaxChunks: 4000,
  /**
   * HNSW parameters the default configuration builds and searches with (`HNSW_M`, `HNSW_EF_CONSTRUCTION`,
   * `HNSW_EF_SEARCH` override them). Measured on the 100× corpus (10,778 chunks, 300 queries: the bench
   * queries, synthetic titles, title + opening of random articles) against exact search, recall@10 by
   * distance (equally near duplicates count; by label it stays ≈ 0.95 at every efSearch, up to 800: the
   * synthetic corpus's copies tie): M 16 / efConstruction 200 gives 0.990 at efSearch 100, 0.993 at 200,
   * 0.996 at 400, 1.000 at 800 (k = 50 search p50 0.45 / 0.75 / 1.17 / 2.4 ms under load ≈ 10); M 32 gave
   * 0.994 / 0.996 / 1.000 at 100 / 200 / 400 for a slower build. efSearch 400: recall ≥ 0.99 with margin.
   */
  hnsw: Object.freeze({ m: 16, efConstruction: 200, efSearch: 400 } satisfies HnswParameters),
});

/** Which dense store an index of `chunks` chunks is searched with under {@link VECTOR_SEARCH_POLICY}. */
export function vectorStoreKindFor(chunks: number, exactMaxChunks: number = VECTOR_SEARCH_POLICY.exactMaxChunks): 'exact' | 'hnsw' {
  return chunks <= exactMaxChunks ? 'exact' : 'hnsw';
}
