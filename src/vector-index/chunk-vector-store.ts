/**
 * The HNSW index as a LangChain `VectorStore` of chunks: the store retrieval searches (through the
 * {@link ChunkVectorStore} seam). It wraps {@link HnswVectorIndex} and the index's `chunks`, so results are
 * `Document`s carrying the chunk id and article id, never the graph's labels (chunk positions).
 *
 * Vector-only by default: the index is loaded without an embedder (see {@link VectorOnlyEmbeddings});
 * {@link HnswChunkStore.withEmbeddings} gives a copy that also answers text searches. The on-disk format is
 * the index stage's (`vectors.hnsw` + `chunks.json`, written by `writeIndex`), not LangChain `HNSWLib`'s.
 */
import type { EmbeddingsInterface } from '@langchain/core/embeddings';
import { VectorStore } from '@langchain/core/vectorstores';
import type { Chunk } from '../core';
import { checkPairs, checkQuery, chunkDocument, chunkFromDocument, VectorOnlyEmbeddings } from './chunk-documents';
import type { HnswVectorIndex } from './hnsw-vector-index';
import type { ChunkDocument, ChunkFilter, ChunkVectorStore } from './types';

/** A LangChain vector store over an HNSW index of chunk embeddings (cosine space). */
export class HnswChunkStore extends VectorStore implements ChunkVectorStore {
  declare FilterType: ChunkFilter;
  override lc_namespace = ['newsletter_assistant', 'vectorstores', 'hnsw'];
  private readonly index: HnswVectorIndex;
  /** Chunk of each label: label = position (the index stage's convention). */
  private readonly chunks: Chunk[];

  /**
   * @param index - the graph; its labels must be positions in `chunks` (what `loadIndex` checks).
   * @param chunks - the index's chunks; the store keeps its own list (additions do not touch the caller's).
   * @param embeddings - turns texts into vectors for text searches; default {@link VectorOnlyEmbeddings}.
   */
  constructor(index: HnswVectorIndex, chunks: readonly Chunk[], embeddings: EmbeddingsInterface = new VectorOnlyEmbeddings()) {
    super(embeddings, {});
    this.index = index;
    this.chunks = [...chunks];
  }

  _vectorstoreType(): string {
    return 'newsletter-hnsw';
  }

  /** Length of every vector the store holds and accepts. */
  get dimensions(): number {
    return this.index.dimensions;
  }

  /** Number of live chunks in the store. */
  get size(): number {
    return this.index.size;
  }

  /** The same store (same graph and chunks) searching texts with `embeddings` (e.g. the project's embedder). */
  withEmbeddings(embeddings: EmbeddingsInterface): HnswChunkStore {
    return new HnswChunkStore(this.index, this.chunks, embeddings);
  }

  /**
   * Nearest chunks to `query` by HNSW search (approximate, recall set by `efSearch`). See
   * {@link ChunkVectorStore.similaritySearchVectorWithScore}: the number is cosine **distance**.
   * With a filter, hnswlib's filtered search walks the whole graph but keeps only the filter's chunks.
   */
  async similaritySearchVectorWithScore(query: number[], k: number, filter?: ChunkFilter): Promise<[ChunkDocument, number][]> {
    checkQuery(query, k, this.index.dimensions);
    const allowed = filter?.articleIds;
    const accept = allowed === undefined ? undefined : (label: number): boolean => allowed.has(this.chunks[label]?.articleId ?? '');
    const hits = this.index.search(query, k, accept);
    return hits.flatMap((hit): [ChunkDocument, number][] => {
      const chunk = this.chunks[hit.label];
      return chunk === undefined ? [] : [[chunkDocument(chunk), hit.distance]];
    });
  }

  /**
   * Adds chunks with their vectors (the build itself writes through `writeIndex`, which also saves the
   * graph; this is LangChain's write path, for a store filled in memory).
   * @param documents - documents shaped by `chunkDocument` (metadata chunkId and articleId required).
   * @returns the added chunk ids.
   * @throws {InputError} when the counts differ, a document lacks chunk metadata, or a vector is invalid.
   * @throws {IndexMismatchError} when a vector has other dimensions.
   */
  async addVectors(vectors: number[][], documents: ChunkDocument[]): Promise<string[]> {
    checkPairs(vectors, documents);
    const added = documents.map(chunkFromDocument);
    vectors.forEach((vector, position) => {
      this.index.add(vector, this.chunks.length);
      const chunk = added[position];
      if (chunk !== undefined) this.chunks.push(chunk);
    });
    return added.map((chunk) => chunk.id);
  }

  /**
   * Embeds the documents' `pageContent` with the store's embeddings and adds them ({@link addVectors}).
   * @throws {InputError} when the store is vector-only (no embeddings given).
   */
  async addDocuments(documents: ChunkDocument[]): Promise<string[]> {
    const vectors = await this.embeddings.embedDocuments(documents.map((document) => document.pageContent));
    return this.addVectors(vectors, documents);
  }
}
