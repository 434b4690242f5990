/**
 * Chunks as LangChain documents, and what the chunk stores share: the document shape of
 * {@link ChunkMetadata}, the stub `Embeddings` of a vector-only store, and the checks of a query vector.
 */
import { Document } from '@langchain/core/documents';
import { Embeddings } from '@langchain/core/embeddings';
import { IndexMismatchError, InputError, type Chunk } from '../core';
import type { ChunkDocument, ChunkMetadata } from './types';

/** The LangChain document of `chunk`: `pageContent` = its body text, `id` = its chunk id. */
export function chunkDocument(chunk: Chunk): ChunkDocument {
  const metadata: ChunkMetadata = {
    chunkId: chunk.id,
    articleId: chunk.articleId,
    chunkIndex: chunk.index,
    title: chunk.title,
    lang: chunk.lang,
    date: chunk.date,
    source: chunk.source,
    file: chunk.file,
  };
  return new Document<ChunkMetadata>({ pageContent: chunk.text, metadata, id: chunk.id });
}

/**
 * The chunk a document written by {@link chunkDocument} stands for.
 * @throws {InputError} when the metadata lacks a chunk id or article id (a document from elsewhere).
 */
export function chunkFromDocument(document: ChunkDocument): Chunk {
  const metadata = document.metadata as Partial<ChunkMetadata> | undefined;
  if (typeof metadata?.chunkId !== 'string' || typeof metadata.articleId !== 'string') {
    throw new InputError('A chunk store document needs metadata.chunkId and metadata.articleId (see chunkDocument).');
  }
  return {
    id: metadata.chunkId,
    articleId: metadata.articleId,
    index: metadata.chunkIndex ?? 0,
    text: document.pageContent,
    title: metadata.title ?? '',
    lang: metadata.lang ?? 'en',
    date: metadata.date ?? null,
    source: metadata.source ?? null,
    file: metadata.file ?? '',
  };
}

/**
 * The `Embeddings` of a store that is searched by vector only (the index is loaded without an embedder:
 * this stage knows no embedding model). Text calls (`similaritySearch(text)`, `addDocuments`) throw; pass
 * the project's embedder (an `EmbeddingsInterface`) to the store's `withEmbeddings` to enable them.
 */
export class VectorOnlyEmbeddings extends Embeddings {
  constructor() {
    super({});
  }

  /** @throws {InputError} always: this store has no embedder. */
  embedDocuments(): Promise<number[][]> {
    return Promise.reject(vectorOnly());
  }

  /** @throws {InputError} always: this store has no embedder. */
  embedQuery(): Promise<number[]> {
    return Promise.reject(vectorOnly());
  }
}

function vectorOnly(): InputError {
  return new InputError(
    'This chunk store is vector-only: search it with similaritySearchVectorWithScore, or give it an embedder with withEmbeddings(embedder).',
  );
}

/**
 * Checks a query vector and `k` the way {@link ChunkVectorStore.similaritySearchVectorWithScore} promises.
 * @throws {IndexMismatchError} (field `vector dimensions`) when `vector.length` ≠ `dimensions`.
 * @throws {InputError} when `vector` holds a non-finite number or `k` is not an integer.
 */
export function checkQuery(vector: readonly number[], k: number, dimensions: number): void {
  if (vector.length !== dimensions) {
    throw new IndexMismatchError('vector dimensions', String(dimensions), String(vector.length));
  }
  const position = vector.findIndex((value) => !Number.isFinite(value));
  if (position >= 0) {
    throw new InputError(`Vector holds a non-finite number (${vector[position]}) at position ${position}.`);
  }
  if (!Number.isInteger(k)) throw new InputError(`Vector search k must be an integer, found ${k}.`);
}

/** Whether `vectors` and `documents` pair up one to one. @throws {InputError} when they do not. */
export function checkPairs(vectors: readonly (readonly number[])[], documents: readonly ChunkDocument[]): void {
  if (vectors.length !== documents.length) {
    throw new InputError(`addVectors needs one document per vector, found ${vectors.length} vectors and ${documents.length} documents.`);
  }
}
