/**
 * An exact in-memory chunk store: cosine distance to every stored vector, no graph. The second
 * implementation of the {@link ChunkVectorStore} seam — a baseline for the HNSW store's recall and the
 * shape another store adapter (pgvector, OpenSearch, Qdrant) takes. Linear in the number of chunks per query.
 */
import type { EmbeddingsInterface } from '@langchain/core/embeddings';
import { VectorStore } from '@langchain/core/vectorstores';
import { InputError, type Chunk } from '../core';
import { checkPairs, checkQuery, chunkDocument, chunkFromDocument, VectorOnlyEmbeddings } from './chunk-documents';
import type { ChunkDocument, ChunkFilter, ChunkVectorStore } from './types';

/** A LangChain vector store searching chunk vectors exhaustively by cosine distance. */
export class ExactCosineStore extends VectorStore implements ChunkVectorStore {
  declare FilterType: ChunkFilter;
  override lc_namespace = ['newsletter_assistant', 'vectorstores', 'exact_cosine'];
  /** Length of every vector the store holds and accepts. */
  readonly dimensions: number;
  private readonly chunks: Chunk[] = [];
  /** Unit-length copies of the stored vectors (zero vectors stay zero), one per chunk. */
  private readonly units: Float64Array[] = [];

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
  }

  /** A store holding `chunks` with their `vectors` (same order). @throws as {@link addVectors}. */
  static fromChunks(chunks: readonly Chunk[], vectors: readonly (readonly number[])[], dimensions: number): ExactCosineStore {
    const store = new ExactCosineStore(dimensions);
    store.addChunks(vectors, chunks);
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
   * **distance** 1 − q̂·v̂ in double precision (a zero vector on either side is at distance 1).
   */
  async similaritySearchVectorWithScore(query: number[], k: number, filter?: ChunkFilter): Promise<[ChunkDocument, number][]> {
    checkQuery(query, k, this.dimensions);
    const count = Math.min(k, this.chunks.length);
    if (count <= 0) return [];
    const unit = normalised(query);
    const scored: { position: number; distance: number }[] = [];
    this.chunks.forEach((chunk, position) => {
      if (filter !== undefined && !filter.articleIds.has(chunk.articleId)) return;
      const stored = this.units[position];
      if (stored === undefined) return;
      let dot = 0;
      for (let index = 0; index < unit.length; index += 1) dot += (unit[index] ?? 0) * (stored[index] ?? 0);
      scored.push({ position, distance: 1 - dot });
    });
    scored.sort((left, right) => left.distance - right.distance || left.position - right.position);
    return scored.slice(0, count).flatMap(({ position, distance }): [ChunkDocument, number][] => {
      const chunk = this.chunks[position];
      return chunk === undefined ? [] : [[chunkDocument(chunk), distance]];
    });
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
    this.addChunks(vectors, chunks);
    return chunks.map((chunk) => chunk.id);
  }

  /** Embeds the documents' `pageContent` and adds them. @throws {InputError} when the store is vector-only. */
  async addDocuments(documents: ChunkDocument[]): Promise<string[]> {
    const vectors = await this.embeddings.embedDocuments(documents.map((document) => document.pageContent));
    return this.addVectors(vectors, documents);
  }

  private addChunks(vectors: readonly (readonly number[])[], chunks: readonly Chunk[]): void {
    if (vectors.length !== chunks.length) {
      throw new InputError(`One vector per chunk is needed, found ${vectors.length} vectors and ${chunks.length} chunks.`);
    }
    vectors.forEach((vector) => checkQuery(vector, 0, this.dimensions));
    vectors.forEach((vector, position) => {
      const chunk = chunks[position];
      if (chunk === undefined) return;
      this.units.push(normalised(vector));
      this.chunks.push(chunk);
    });
  }
}

/** `vector` scaled to unit length; a zero vector stays zero. */
function normalised(vector: readonly number[]): Float64Array {
  let norm = 0;
  for (const value of vector) norm += value * value;
  const length = Math.sqrt(norm);
  const unit = new Float64Array(vector.length);
  if (length > 0) vector.forEach((value, index) => (unit[index] = value / length));
  return unit;
}
