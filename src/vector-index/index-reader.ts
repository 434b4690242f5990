/**
 * The index's read path: {@link loadIndex} (the answer path's load, checked completely), and for the build
 * path {@link loadStoredEmbeddings}, {@link readIndexCacheFile} and {@link readManifest}. Each reads the index
 * in `current/`, or in `previous/` with a logged warning when `current/` is missing (a build died between its
 * two renames; see `index-writer.ts` for the crash guarantee and `index-files.ts` for the layout). A reader
 * loading during a swap may see files of two builds; the manifest's SHA-256 digests detect it and the load
 * fails with `IndexCorruptError`: load again.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { IndexCorruptError, IndexMissingError, createSilentLogger } from '../core';
import type { Article, Chunk, Logger } from '../core';
import { Bm25LexicalIndex } from './bm25-lexical-index';
import { HnswVectorIndex } from './hnsw-vector-index';
import { HnswChunkStore } from './chunk-vector-store';
import { ExactCosineStore } from './exact-cosine-store';
import { VECTOR_SEARCH_POLICY, vectorStoreKindFor } from './vector-search-policy';
import {
  locateIndex,
  parseJson,
  parseRecords,
  readFloat32LittleEndian,
  readVerified,
  requireCacheFileName,
  requireCount,
  verifyFile,
} from './index-files';
import { MANIFEST_FILE, checkManifest, readManifestFile } from './manifest';
import type { ExpectedIndexSettings, IndexDataFile, IndexManifest } from './manifest';
import { articleSchema, chunkSchema } from './record-schemas';
import type { LexicalIndex, VectorIndex } from './types';

/** Options of {@link loadIndex}. */
export interface LoadIndexOptions {
  /** HNSW candidate-list size for searches (the configured `HNSW_EF_SEARCH`). */
  readonly efSearch: number;
  /** Receives the fallback-to-`previous` warning; silent by default. */
  readonly logger?: Logger;
  /**
   * Largest index searched exactly (see {@link VECTOR_SEARCH_POLICY}); default the policy's
   * `exactMaxChunks`. Tests set it to force one store or the other.
   */
  readonly exactMaxChunks?: number;
}

/** A loaded, fully checked index. Labels in both indexes are positions in `chunks`. */
export interface LoadedIndex {
  readonly manifest: IndexManifest;
  readonly articles: readonly Article[];
  readonly chunks: readonly Chunk[];
  readonly vectorIndex: VectorIndex;
  /**
   * The store dense retrieval searches, a LangChain vector store over `chunks` (vector-only: no embedder is
   * loaded): exact search over the stored embeddings up to {@link VECTOR_SEARCH_POLICY}'s `exactMaxChunks`,
   * else the HNSW graph (see {@link vectorStoreKind}).
   */
  readonly vectorStore: HnswChunkStore | ExactCosineStore;
  /** Which store {@link vectorStore} is: `exact` (every vector scanned) or `hnsw` (the graph). */
  readonly vectorStoreKind: 'exact' | 'hnsw';
  readonly lexicalIndex: LexicalIndex;
  /** The directory it was loaded from: `<indexDir>/current`, or `<indexDir>/previous` after a crash. */
  readonly directory: string;
}

/** Options of {@link readManifest}. */
export interface ReadManifestOptions {
  /** Receives the fallback-to-`previous` warning; silent by default. */
  readonly logger?: Logger;
}

/**
 * Loads the index in `indexDir` and checks it completely before returning it: manifest against
 * `expected`, each data file's size and SHA-256 against the manifest, the records' shapes, the counts
 * (articles, chunks, vectors, lexical documents) against the manifest and each other, and the vector
 * labels (exactly the chunk positions 0 … chunks − 1). A broken index is never returned.
 * @param indexDir - the index root, holding `current/` (or, after a crash, only `previous/`).
 * @param expected - what the running configuration expects the index to be built with.
 * @throws {IndexMissingError} when `indexDir` holds neither `current/` nor `previous/`.
 * @throws {IndexMismatchError} on the first manifest field that differs from `expected` (or on another
 *         format or tokenizer version).
 * @throws {IndexCorruptError} when a file is missing, truncated, unparsable or inconsistent with the
 *         manifest or with the other files.
 */
export async function loadIndex(
  indexDir: string,
  expected: ExpectedIndexSettings,
  options: LoadIndexOptions,
): Promise<LoadedIndex> {
  const logger = options.logger ?? createSilentLogger();
  const directory = await locateIndex(indexDir, logger);
  if (directory === null) throw new IndexMissingError(indexDir);
  const manifest = await readManifestFile(path.join(directory, MANIFEST_FILE));
  checkManifest(manifest, expected);

  const filePath = (file: IndexDataFile): string => path.join(directory, file);
  // One file at a time, each buffer and text dropped once parsed: at 100× the seeds the four query files
  // are ≈ 80 MB, and holding them together raised the serving process's peak memory. The HNSW graph is
  // checked streaming (hnswlib reads it from its path).
  const text = async (file: IndexDataFile): Promise<string> => (await readVerified(filePath(file), manifest.files[file])).toString('utf8');
  const articles = parseRecords(filePath('articles.json'), await text('articles.json'), articleSchema);
  const chunks = parseRecords(filePath('chunks.json'), await text('chunks.json'), chunkSchema);
  requireCount(filePath('articles.json'), 'articles', articles.length, manifest.counts.articles);
  requireCount(filePath('chunks.json'), 'chunks', chunks.length, manifest.counts.chunks);
  const articleIds = new Set(articles.map((article) => article.id));
  const orphan = chunks.find((chunk) => !articleIds.has(chunk.articleId));
  if (orphan !== undefined) {
    throw new IndexCorruptError(
      filePath('chunks.json'),
      `chunk ${orphan.id} names unknown article ${orphan.articleId}`,
    );
  }

  await verifyFile(filePath('vectors.hnsw'), manifest.files['vectors.hnsw']);
  const vectorIndex = await HnswVectorIndex.load(
    filePath('vectors.hnsw'),
    manifest.embedder.dimensions,
    options.efSearch,
    chunks.length,
  );
  requireCount(filePath('vectors.hnsw'), 'vectors', vectorIndex.size, chunks.length);
  requireCount(filePath('vectors.hnsw'), 'deleted elements', vectorIndex.tombstones, manifest.hnsw.deletedElements ?? 0);
  const labels = vectorIndex.labels();
  const strayLabel = labels.find((label, position) => label !== position);
  if (labels.length !== chunks.length || strayLabel !== undefined) {
    throw new IndexCorruptError(
      filePath('vectors.hnsw'),
      `its labels are not the chunk positions 0…${chunks.length - 1} (found ${strayLabel ?? labels.length})`,
    );
  }

  const lexicalPath = filePath('lexical.json');
  const lexicalIndex = Bm25LexicalIndex.fromJSON(parseJson(lexicalPath, await text('lexical.json')), lexicalPath);
  requireCount(lexicalPath, 'lexical documents', lexicalIndex.size, chunks.length);

  const vectorStoreKind = vectorStoreKindFor(chunks.length, options.exactMaxChunks);
  let vectorStore: HnswChunkStore | ExactCosineStore;
  if (vectorStoreKind === 'exact') {
    const vectorsPath = filePath('embeddings.f32');
    const dimensions = manifest.embedder.dimensions;
    const bytes = await readVerified(vectorsPath, manifest.files['embeddings.f32']);
    requireCount(vectorsPath, 'bytes', bytes.length, chunks.length * dimensions * Float32Array.BYTES_PER_ELEMENT);
    vectorStore = ExactCosineStore.fromMatrix(chunks, readFloat32LittleEndian(bytes), dimensions);
  } else vectorStore = new HnswChunkStore(vectorIndex, chunks);
  logger.debug({ directory, chunks: chunks.length, vectorStore: vectorStoreKind }, 'index loaded');
  return { manifest, articles, chunks, vectorIndex, vectorStore, vectorStoreKind, lexicalIndex, directory };
}

/** The embeddings stored with an index, for reuse by an incremental update. */
export interface StoredEmbeddings {
  /** The manifest of the index they belong to (its `sources` say which seed files it was built from). */
  readonly manifest: IndexManifest;
  /** Embedding by key (see `IndexWriteData.embeddingKeys`, `index-writer.ts`); float32, `manifest.embedder.dimensions` long. */
  readonly vectors: ReadonlyMap<string, Float32Array>;
  /** The directory they were read from (`current/`, or `previous/` after a crash). */
  readonly directory: string;
  /** Each row's key, in row (= chunk label) order; empty keys included. */
  readonly keys: readonly string[];
}

/**
 * Reads the embeddings stored with the index in `indexDir` (the one {@link loadIndex} would load), checked
 * against their manifest digests, for reuse by an incremental update. Empty keys are left out.
 * @returns null when `indexDir` holds no index, or one of another format version or built with another
 *          embedder (id or dimensions differ from `embedder`): nothing can be reused.
 * @throws {IndexCorruptError} when the manifest or an embedding file is missing, truncated, altered or
 *         inconsistent with the chunk count.
 */
export async function loadStoredEmbeddings(
  indexDir: string,
  embedder: { readonly id: string; readonly dimensions: number },
  options: ReadManifestOptions = {},
): Promise<StoredEmbeddings | null> {
  const directory = await locateIndex(indexDir, options.logger ?? createSilentLogger());
  if (directory === null) return null;
  let manifest: IndexManifest;
  try {
    manifest = await readManifestFile(path.join(directory, MANIFEST_FILE));
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'INDEX_MISMATCH') return null;
    throw error;
  }
  if (manifest.embedder.id !== embedder.id || manifest.embedder.dimensions !== embedder.dimensions) return null;
  const keysPath = path.join(directory, 'embedding-keys.json');
  const vectorsPath = path.join(directory, 'embeddings.f32');
  const keys = parseJson(keysPath, (await readVerified(keysPath, manifest.files['embedding-keys.json'])).toString('utf8'));
  if (!Array.isArray(keys) || !keys.every((key): key is string => typeof key === 'string')) {
    throw new IndexCorruptError(keysPath, 'not a JSON array of strings');
  }
  requireCount(keysPath, 'embedding keys', keys.length, manifest.counts.chunks);
  const bytes = await readVerified(vectorsPath, manifest.files['embeddings.f32']);
  const rowBytes = manifest.embedder.dimensions * Float32Array.BYTES_PER_ELEMENT;
  requireCount(vectorsPath, 'bytes', bytes.length, keys.length * rowBytes);
  const dimensions = manifest.embedder.dimensions;
  const values = readFloat32LittleEndian(bytes);
  const vectors = new Map<string, Float32Array>();
  keys.forEach((key, row) => {
    if (key !== '' && !vectors.has(key)) vectors.set(key, values.subarray(row * dimensions, (row + 1) * dimensions));
  });
  return { manifest, vectors, directory, keys };
}

/**
 * Reads a cache file written with the index in `indexDir` (`IndexWriteData.cacheFiles`, `index-writer.ts`), from the
 * directory {@link loadIndex} would load. Unchecked: the caller verifies its content.
 * @returns its UTF-8 text, or null when there is no index or the file is missing or unreadable.
 */
export async function readIndexCacheFile(indexDir: string, name: string, options: ReadManifestOptions = {}): Promise<string | null> {
  requireCacheFileName(name);
  const directory = await locateIndex(indexDir, options.logger ?? createSilentLogger());
  if (directory === null) return null;
  try {
    return await readFile(path.join(directory, name), 'utf8');
  } catch {
    return null;
  }
}

/**
 * Reads the manifest of the index {@link loadIndex} would load (`current/`, or `previous/` when `current/`
 * is missing), without checking it against a configuration or reading the data files.
 * @returns the manifest, or null when `indexDir` holds no index (neither `current/` nor `previous/`).
 * @throws {IndexCorruptError} when the index directory has no readable, valid `manifest.json`.
 * @throws {IndexMismatchError} (field `formatVersion`) when the index has another format version.
 */
export async function readManifest(indexDir: string, options: ReadManifestOptions = {}): Promise<IndexManifest | null> {
  const directory = await locateIndex(indexDir, options.logger ?? createSilentLogger());
  if (directory === null) return null;
  return readManifestFile(path.join(directory, MANIFEST_FILE));
}
