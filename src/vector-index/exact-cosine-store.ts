/**
 * An exact in-memory chunk store: cosine distance to every stored vector, no graph. The second
 * implementation of the {@link ChunkVectorStore} seam, and the store the answer path searches up to
 * {@link VECTOR_SEARCH_POLICY}'s crossover size (`loadIndex` picks it), where scanning every vector costs
 * less than walking the HNSW graph and returns the true nearest neighbours.
 *
 * Layout: the unit-length vectors in one contiguous `Float32Array` (`rows × dimensions`; zero vectors stay
 * zero), searched by hnswlib's `BruteforceSearch` (hnswlib-node, the library behind the HNSW store): one
 * pass of SIMD inner products in native code with a bounded priority queue for the best `k` (partial
 * top-k). A plain JavaScript loop over the same matrix was 2–3× slower than the HNSW graph even at 100
 * chunks (`npm run bench:scale`, docs/notes/search.md); the native scan is what makes exact search the
 * cheaper one on small indexes. The matrix is kept to rebuild the scan index when chunks are added.
 */
import type { EmbeddingsInterface } from '@langchain/core/embeddings';
import { VectorStore } from '@langchain/core/vectorstores';
import hnswlib from 'hnswlib-node';
import type { BruteforceSearch } from 'hnswlib-node';
import { InputError, type Chunk } from '../core';
import { checkPairs, checkQuery, chunkDocument, chunkFromDocument, VectorOnlyEmbeddings } from './chunk-documents';
import type { ChunkDocument, ChunkFilter, ChunkVectorStore } from './types';

/** Rows the matrix is allocated for before the first addition (it doubles when full). */
const INITIAL_CAPACITY_ROWS = 64;

/** A LangChain vector store searching chunk vectors exhaustively by cosine distance. */
export class ExactCosineStore extends VectorStore implements ChunkVectorStore {
  declare FilterType: ChunkFilter;
  override lc_namespace = ['newsletter_assistant', 'vectorstores', 'exact_cosine'];
  /** Length of every vector the store holds and accepts. */
  readonly dimensions: number;
  private readonly chunks: Chunk[] = [];
  /** Unit-length rows, `dimensions` float32 values each; rows ≥ `chunks.length` are unused capacity. */
  private matrix: Float32Array;
  /** The native scan over the rows (labels = positions), built on the first search after an addition. */
  private scan: BruteforceSearch | null = null;

  /**
   * An empty store; fill it with {@link addVectors}.
   * @param dimensions - length of every vector it will hold.
   * @param embeddings - for text searches and `addDocuments`; default {@link VectorOnlyEmbeddings}.
   * @throws {InputError} when `dimensions` is not a positive integer.
   */
  constructor(dimensions: number, embeddings: EmbeddingsInterface = new VectorOnlyEmbeddings()) {
    super(embeddings, {});
    if (!Number.isInteger(dimensions) || dimensions <= 0) {
      throw new InputError(`Store dimensions must be a positive integer, found ${dimensions}.`);
    }
    this.dimensions = dimensions;
    this.matrix = new Float32Array(0);
  }

  /** A store holding `chunks` with their `vectors` (same order). @throws as {@link addVectors}. */
  static fromChunks(chunks: readonly Chunk[], vectors: readonly (readonly number[])[], dimensions: number): ExactCosineStore {
    const store = new ExactCosineStore(dimensions);
    if (vectors.length !== chunks.length) {
      throw new InputError(`One vector per chunk is needed, found ${vectors.length} vectors and ${chunks.length} chunks.`);
    }
    vectors.forEach((vector) => checkQuery(vector, 0, dimensions));
    store.reserve(chunks.length);
    vectors.forEach((vector, position) => store.appendRow(vector, chunks[position] as Chunk));
    return store;
  }

  /**
   * A store over `chunks` whose vectors are the rows of `values` (row `i` = chunk `i`, `dimensions` floats
   * each, e.g. the index's `embeddings.f32`): copied and normalised once, no per-vector arrays.
   * @throws {InputError} when `values` does not hold exactly one row per chunk, or holds a non-finite number.
   */
  static fromMatrix(chunks: readonly Chunk[], values: Float32Array, dimensions: number): ExactCosineStore {
    const store = new ExactCosineStore(dimensions);
    if (values.length !== chunks.length * dimensions) {
      throw new InputError(`One row of ${dimensions} values per chunk is needed: ${chunks.length} chunks, ${values.length} values.`);
    }
    store.reserve(chunks.length);
    chunks.forEach((chunk, row) => store.appendRow(values.subarray(row * dimensions, (row + 1) * dimensions), chunk));
    return store;
  }

  /** Same chunks and vectors, searching texts with `embeddings` (the matrix is shared, not copied). */
  withEmbeddings(embeddings: EmbeddingsInterface): ExactCosineStore {
    const store = new ExactCosineStore(this.dimensions, embeddings);
    store.chunks.push(...this.chunks);
    store.matrix = this.matrix;
    store.scan = this.scanIndex();
    return store;
  }

  _vectorstoreType(): string {
    return 'newsletter-exact-cosine';
  }

  /** Number of chunks in the store. */
  get size(): number {
    return this.chunks.length;
  }

  /**
   * Exact nearest chunks: see {@link ChunkVectorStore.similaritySearchVectorWithScore}. The number is cosine
   * **distance** 1 − q̂·v̂ in float32 (as the HNSW store reports it; a zero vector on either side is at
   * distance 1). Ties go to the lower chunk position.
   */
  async similaritySearchVectorWithScore(query: number[], k: number, filter?: ChunkFilter): Promise<[ChunkDocument, number][]> {
    checkQuery(query, k, this.dimensions);
    return this.nearest(query, k, filter).map(({ position, distance }): [ChunkDocument, number] => [chunkDocument(this.chunks[position] as Chunk), distance]);
  }

  /**
   * The `k` nearest rows to `query` (passing `filter`), best first (ties by lower position), as positions
   * with cosine distances. `query` must already be checked (length `dimensions`, finite values).
   */
  nearest(query: readonly number[], k: number, filter?: ChunkFilter): { position: number; distance: number }[] {
    const count = Math.min(k, this.chunks.length);
    if (count <= 0) return [];
    const allowed = filter?.articleIds;
    const scan = this.scanIndex();
    // hnswlib's filtered brute-force search (3.x) stops admitting rows farther than the first accepted one
    // once one is accepted, so it can return fewer than k; a filtered search ranks every row and filters here.
    const result = scan.searchKnn(Array.from(query), allowed === undefined ? count : this.chunks.length);
    const hits = result.neighbors
      .map((position, rank) => ({ position, distance: result.distances[rank] ?? 1 }))
      .sort((left, right) => left.distance - right.distance || left.position - right.position);
    return allowed === undefined ? hits : hits.filter((hit) => allowed.has(this.chunks[hit.position]?.articleId ?? '')).slice(0, count);
  }

  /** The native scan index over the current rows, (re)built when rows were added since the last one. */
  private scanIndex(): BruteforceSearch {
    if (this.scan === null || this.scan.getCurrentCount() !== this.chunks.length) {
      const scan = new hnswlib.BruteforceSearch('cosine', this.dimensions);
      scan.initIndex(Math.max(1, this.chunks.length));
      const row = new Array<number>(this.dimensions);
      for (let position = 0; position < this.chunks.length; position += 1) {
        const offset = position * this.dimensions;
        for (let index = 0; index < this.dimensions; index += 1) row[index] = this.matrix[offset + index] as number;
        scan.addPoint(row, position);
      }
      this.scan = scan;
    }
    return this.scan;
  }

  /**
   * Adds chunks (documents shaped by `chunkDocument`) with their vectors.
   * @returns the added chunk ids.
   * @throws {InputError} when the counts differ, a document lacks chunk metadata, or a vector holds a non-finite number.
   * @throws {IndexMismatchError} when a vector has other dimensions.
   */
  async addVectors(vectors: number[][], documents: ChunkDocument[]): Promise<string[]> {
    checkPairs(vectors, documents);
    const chunks = documents.map(chunkFromDocument);
    vectors.forEach((vector) => checkQuery(vector, 0, this.dimensions));
    this.reserve(this.chunks.length + chunks.length);
    vectors.forEach((vector, position) => this.appendRow(vector, chunks[position] as Chunk));
    return chunks.map((chunk) => chunk.id);
  }

  /** Embeds the documents' `pageContent` and adds them. @throws {InputError} when the store is vector-only. */
  async addDocuments(documents: ChunkDocument[]): Promise<string[]> {
    const vectors = await this.embeddings.embedDocuments(documents.map((document) => document.pageContent));
    return this.addVectors(vectors, documents);
  }

  /** Grows the matrix (at least doubling) to hold `rows` rows. */
  private reserve(rows: number): void {
    if (rows * this.dimensions <= this.matrix.length) return;
    const capacity = Math.max(rows, INITIAL_CAPACITY_ROWS, (2 * this.matrix.length) / this.dimensions);
    const grown = new Float32Array(capacity * this.dimensions);
    grown.set(this.matrix.subarray(0, this.chunks.length * this.dimensions));
    this.matrix = grown;
  }

  /** Appends one normalised row (capacity reserved, vector checked). @throws {InputError} on a non-finite value. */
  private appendRow(vector: ArrayLike<number>, chunk: Chunk): void {
    let norm = 0;
    for (let index = 0; index < this.dimensions; index += 1) {
      const value = vector[index] as number;
      if (!Number.isFinite(value)) throw new InputError(`Vector of chunk ${chunk.id} holds a non-finite number.`);
      norm += value * value;
    }
    const length = Math.sqrt(norm);
    const offset = this.chunks.length * this.dimensions;
    if (length > 0) for (let index = 0; index < this.dimensions; index += 1) this.matrix[offset + index] = (vector[index] as number) / length;
    this.chunks.push(chunk);
  }
}
