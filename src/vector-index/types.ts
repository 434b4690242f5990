/**
 * The small interfaces this stage owns. Retrieval depends on these, never on hnswlib-node or
 * wink-bm25-text-search; the adapters (`hnsw-vector-index.ts`, `bm25-lexical-index.ts`) implement them.
 *
 * A *label* is always a chunk's 0-based position in the index's `chunks` array.
 */

/** One nearest neighbour of a query vector. */
export interface VectorSearchHit {
  /** The chunk's 0-based position in the index's `chunks` array. */
  readonly label: number;
  /**
   * Cosine **distance** = 1 − cosine similarity, in [0, 2] up to float32 rounding (an identical direction
   * can come out as −1e-7). Lower is closer; 1 means orthogonal (or a zero vector on either side).
   */
  readonly distance: number;
}

/** One lexical match of a query. */
export interface LexicalSearchHit {
  /** The chunk's 0-based position in the index's `chunks` array. */
  readonly label: number;
  /** BM25F score: higher is better, always > 0 for a returned hit; comparable only within one query. */
  readonly score: number;
}

/** Nearest-neighbour search over chunk embeddings in cosine space. */
export interface VectorIndex {
  /** Length of every vector the index holds and accepts. */
  readonly dimensions: number;
  /** Number of vectors (chunks) in the index. */
  readonly size: number;
  /**
   * The `k` nearest vectors to `vector`, best (lowest cosine distance) first. `k` is clamped to
   * {@link VectorIndex.size}; `k` ≤ 0 returns an empty list.
   * @throws {IndexMismatchError} when `vector.length` differs from {@link VectorIndex.dimensions}.
   * @throws {InputError} when `vector` holds a non-finite number or `k` is not an integer.
   */
  search(vector: readonly number[], k: number): readonly VectorSearchHit[];
}

/** BM25 keyword search over chunk titles and texts. */
export interface LexicalIndex {
  /** Number of documents (chunks) in the index. */
  readonly size: number;
  /**
   * Up to `k` documents sharing at least one term with `query`, best (highest BM25 score) first; ties by
   * ascending label. `k` ≤ 0, or a query made only of stopwords or unknown terms, returns an empty list.
   * @throws {InputError} when `k` is not an integer.
   */
  search(query: string, k: number): readonly LexicalSearchHit[];
}
