/**
 * The small interfaces this stage owns. Retrieval depends on these, never on hnswlib-node or
 * wink-bm25-text-search; the adapters (`chunk-vector-store.ts`, `exact-cosine-store.ts`,
 * `bm25-lexical-index.ts`) implement them.
 *
 * A *label* is always a chunk's 0-based position in the index's `chunks` array. Labels stay inside this
 * stage and the lexical list: the dense side is searched through {@link ChunkVectorStore}, whose results
 * are LangChain `Document`s carrying the chunk id, never a position.
 */
import type { DocumentInterface } from '@langchain/core/documents';
import type { Language } from '../core';

/** What a {@link ChunkVectorStore} document's `metadata` holds about its chunk (a chunk without its text). */
export interface ChunkMetadata {
  /** The chunk's id, `<articleId>:<index>`: the key results are matched to chunks by. */
  readonly chunkId: string;
  readonly articleId: string;
  /** 0-based position of the chunk within its article. */
  readonly chunkIndex: number;
  readonly title: string;
  readonly lang: Language;
  /** ISO `YYYY-MM-DD`, or null when the article is undated. */
  readonly date: string | null;
  readonly source: string | null;
  /** The seed file the article came from, relative to the seeds folder. */
  readonly file: string;
}

/** A chunk as a LangChain document: `pageContent` is the chunk's body text, `id` its chunk id. */
export type ChunkDocument = DocumentInterface<ChunkMetadata>;

/**
 * Which chunks a vector search may return. Plain data (not a callback) so that any store can translate it
 * into its own query language (an SQL `IN`, a Qdrant `match any`, an OpenSearch `terms` filter).
 */
export interface ChunkFilter {
  /** Only chunks of these articles. */
  readonly articleIds: ReadonlySet<string>;
}

/**
 * The async vector-store seam retrieval searches through, shaped like LangChain's `VectorStore`
 * (`@langchain/core/vectorstores`): the HNSW store and the exact in-memory store both extend that class,
 * and another store (pgvector, OpenSearch, Qdrant) needs one adapter implementing this method.
 */
export interface ChunkVectorStore {
  /**
   * The `k` chunks nearest to `query` among those passing `filter` (all chunks without one), best first,
   * ties by ascending chunk position in the index. `k` is clamped to the number of chunks; `k` ≤ 0 gives `[]`.
   * @param query - a query vector of the store's dimensions (an embedder's `embedQuery` output).
   * @returns `[document, distance]` pairs; the number is cosine **distance** = 1 − cosine similarity, in
   *          [0, 2] up to float32 rounding, lower is closer (LangChain's `HNSWLib` reports the same; its
   *          `MemoryVectorStore` reports similarity instead).
   * @throws {IndexMismatchError} when `query.length` differs from the store's dimensions.
   * @throws {InputError} when `query` holds a non-finite number or `k` is not an integer.
   */
  similaritySearchVectorWithScore(query: number[], k: number, filter?: ChunkFilter): Promise<[ChunkDocument, number][]>;
}

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
   * @param accept - when given, only labels it accepts are returned (and count towards `k`).
   * @throws {InputError} when `k` is not an integer.
   */
  search(query: string, k: number, accept?: (label: number) => boolean): readonly LexicalSearchHit[];
}
