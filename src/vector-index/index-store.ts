/**
 * The index on disk, written atomically and loaded only when whole and consistent.
 *
 * Layout of `indexDir` (e.g. `index/`):
 * - `current/` — the live index: `manifest.json`, `articles.json`, `chunks.json`, `vectors.hnsw`,
 *   `lexical.json` (what the answer path loads), `embeddings.f32`, `embedding-keys.json` (the stored
 *   embeddings, read only by an incremental update through {@link loadStoredEmbeddings}),
 *   `lexical-tokens.json` (the chunks' lexical tokens, which the next update reuses, see
 *   `lexical-token-cache.ts`);
 *   plus the caller's cache files (e.g. `parsed-files.json`, the parsed seed files an update reuses);
 * - `previous/` — the index `current/` replaced, kept until the next successful build;
 * - `.build-<pid>-<milliseconds>/` — a build in progress (or the leftovers of one that crashed).
 *
 * Crash guarantee (POSIX, `indexDir` on one local filesystem, one writer at a time): `rename(2)` of a
 * directory within one filesystem is atomic, and every file and directory entry is fsynced before the next
 * rename. A build writes all data files into a fresh `.build-*` directory, fsyncs each, writes
 * `manifest.json` last, then swaps:
 *   1. if `current/` exists: remove `previous/`, rename `current/` → `previous/`;
 *   2. rename `.build-*` → `current/`.
 * Whatever instant the process dies at, `current/` or (between the two renames) `previous/` holds a
 * complete index: {@link loadIndex} loads `current/`, or `previous/` with a logged warning when `current/`
 * is missing. When `current/` is missing at the start of a build, `previous/` is left alone until the new
 * build is in place. Leftover `.build-*` directories are removed by the next build, which is why writers
 * take turns: the build path holds the folder's write lock (`index-lock.ts`) around {@link writeIndex}
 * (called without it, a second concurrent build's cleanup would make the first fail, loudly, without
 * touching `current/`). A reader loading during a swap may see files of two builds; the
 * manifest's SHA-256 digests detect it and the load fails with {@link IndexCorruptError}: load again.
 */
import { createHash } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { z } from 'zod';
import {
  IndexCorruptError,
  IndexMissingError,
  InputError,
  createSilentLogger,
} from '../core';
import type { Article, Chunk, Logger, SkippedFile } from '../core';
import { Bm25LexicalIndex } from './bm25-lexical-index';
import { HnswVectorIndex, relabelSavedIndex } from './hnsw-vector-index';
import { LEXICAL_TOKEN_CACHE_FILE, LexicalTokenCache } from './lexical-token-cache';
import type { HnswParameters } from './hnsw-vector-index';
import {
  INDEX_DATA_FILES,
  INDEX_FORMAT_VERSION,
  INDEX_QUERY_FILES,
  MANIFEST_FILE,
  checkManifest,
  readManifestFile,
} from './manifest';
import type { ExpectedIndexSettings, IndexDataFile, IndexFileDigest, IndexManifest, SourceFileDigest } from './manifest';
import { articleSchema, chunkSchema } from './record-schemas';
import type { LexicalIndex, VectorIndex } from './types';
import { chunkDateTerms, TOKENIZER_VERSION } from '../language';

/** Name of the live index directory inside `indexDir`. */
export const CURRENT_INDEX_DIR = 'current';
/** Name of the replaced index directory inside `indexDir`. */
export const PREVIOUS_INDEX_DIR = 'previous';
/** Prefix of build directories inside `indexDir`. */
export const BUILD_DIR_PREFIX = '.build-';

/** The manifest fields only the caller (the build command) knows; {@link writeIndex} adds the rest. */
export interface IndexManifestInput {
  readonly embedder: { readonly id: string; readonly dimensions: number };
  /** Chunk size and overlap, in characters. */
  readonly chunking: { readonly size: number; readonly overlap: number };
  /** Hash of the seed files, computed by the caller. */
  readonly seedsHash: string;
  /** Seed files read, skipped ones included (→ `counts.files`). */
  readonly seedFileCount: number;
  readonly skippedFiles: readonly SkippedFile[];
  /** Every seed file read, with its content hash (→ `sources`); default none. */
  readonly sources?: readonly SourceFileDigest[];
  /** Why the model-free fallback embedder was used; null when the configured embedder was. */
  readonly fallbackReason: string | null;
}

/** Everything one index is built from. */
export interface IndexWriteData {
  readonly manifest: IndexManifestInput;
  readonly articles: readonly Article[];
  /** Chunk `i` gets label `i` in both the vector and the lexical index. */
  readonly chunks: readonly Chunk[];
  /**
   * `vectors[i]` is the embedding of `chunks[i]`; each of length `manifest.embedder.dimensions`. Stored, and
   * added to the HNSW graph, as float32 (rounded), so a vector reused from {@link loadStoredEmbeddings}
   * builds exactly the graph a freshly computed one does.
   */
  readonly vectors: readonly (readonly number[])[];
  /**
   * `embeddingKeys[i]` identifies `vectors[i]` for reuse by a later incremental update (the build's content
   * hash of embedder and embedded text). Default: empty keys, which are never reused.
   */
  readonly embeddingKeys?: readonly string[];
  readonly hnswParameters: HnswParameters;
  /**
   * `chunkDateTerms[i]` are the date terms of `chunks[i]` (see `src/chunk/date-terms.ts`), appended to its
   * lexical body, when the caller has them already; default: computed here.
   */
  readonly chunkDateTerms?: readonly (readonly string[])[];
  /**
   * Files the caller keeps with the index for its next update (e.g. the build path's parsed seed files),
   * written and fsynced into the build directory before the manifest, so they are swapped in atomically
   * with it. Not listed in the manifest nor read by {@link loadIndex}: their reader checks them (see
   * {@link readIndexCacheFile}). Names: lower-case letters, digits and `-`, ending in `.json`. Default none.
   */
  readonly cacheFiles?: readonly IndexCacheFile[];
  /**
   * The stored embeddings of the index this build replaces (an incremental update), whose graph and lexical
   * tokens are reused:
   * - **HNSW.** When its `m` and `efConstruction` equal `hnswParameters`, its graph is loaded with each row
   *   relabelled to the new position of the same embedding key, the vectors of rows whose key is gone
   *   marked deleted (tombstones), and only the new vectors inserted, reusing tombstone slots first. The
   *   graph then differs from a fresh build's (hnswlib's random levels of the new points), with the same
   *   recall in expectation. It is built afresh instead when nothing is kept, when more than
   *   {@link MAX_TOMBSTONE_SHARE} tombstones per live vector would remain, or when its `vectors.hnsw` fails
   *   its digest (logged).
   * - **BM25.** Texts tokenized for it (`lexical-tokens.json`, see `lexical-token-cache.ts`) are not
   *   tokenized again; the BM25 index itself is rebuilt (IDF and lengths change with every document) and
   *   equals a fresh build's.
   */
  readonly previousIndex?: StoredEmbeddings;
}

/** A file kept with the index for the next build (see {@link IndexWriteData.cacheFiles}). */
export interface IndexCacheFile {
  /** File name inside the index directory, e.g. `parsed-files.json`. */
  readonly name: string;
  /** UTF-8 text written as is. */
  readonly content: string;
}

/**
 * A durable step of {@link writeIndex}, in order: each data file and the manifest written and fsynced in
 * the build directory, then `previous-removed`, `current-retired` (current → previous) and
 * `current-installed` (build → current). The two middle steps are reported even when there was no
 * `current/` to retire.
 */
export type IndexWriteStep =
  | IndexDataFile
  | typeof MANIFEST_FILE
  | 'previous-removed'
  | 'current-retired'
  | 'current-installed';

/** Options of {@link writeIndex}. */
export interface WriteIndexOptions {
  /** Receives the removal of stale build directories and the swap; silent by default. */
  readonly logger?: Logger;
  /**
   * Called after each durable step (progress reporting). Whatever it throws aborts the build the way any
   * failure does; tests use it to interrupt a build at a chosen step.
   */
  readonly afterStep?: (step: IndexWriteStep) => void | Promise<void>;
}

/** Options of {@link loadIndex}. */
export interface LoadIndexOptions {
  /** HNSW candidate-list size for searches (the configured `HNSW_EF_SEARCH`). */
  readonly efSearch: number;
  /** Receives the fallback-to-`previous` warning; silent by default. */
  readonly logger?: Logger;
}

/** A loaded, fully checked index. Labels in both indexes are positions in `chunks`. */
export interface LoadedIndex {
  readonly manifest: IndexManifest;
  readonly articles: readonly Article[];
  readonly chunks: readonly Chunk[];
  readonly vectorIndex: VectorIndex;
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
 * Builds the vector and lexical indexes and writes a complete index into `indexDir` atomically (see the
 * file's header for the exact guarantee). The lexical index holds one document per chunk: title =
 * `chunk.title`, body = `chunk.text`, label = the chunk's position.
 * @returns the manifest written.
 * @throws {InputError} when `vectors` and `chunks` differ in length, a chunk names an unknown article, or
 *         `seedFileCount` is not a non-negative integer.
 * @throws {IndexMismatchError} (field `vector dimensions`) when a vector's length differs from
 *         `manifest.embedder.dimensions`.
 * On any failure the build directory is removed and, if `current/` had already been retired, it is renamed
 * back; an existing index is never left unloadable. File-system errors are rethrown as they are.
 */
export async function writeIndex(
  indexDir: string,
  data: IndexWriteData,
  options: WriteIndexOptions = {},
): Promise<IndexManifest> {
  const logger = options.logger ?? createSilentLogger();
  const afterStep = options.afterStep ?? ((): void => undefined);
  checkWriteData(data);

  // Build in memory first: an invalid vector fails before the disk is touched.
  const dimensions = data.manifest.embedder.dimensions;
  // Rounded to float32 first (what hnswlib stores anyway), so reused and fresh vectors build the same graph.
  const rows = data.vectors.map((vector) => Float32Array.from(vector));
  let vectorIndex = await extendPreviousGraph(data, rows, logger);
  if (vectorIndex === null) {
    vectorIndex = HnswVectorIndex.create(dimensions, Math.max(data.chunks.length, 1), data.hnswParameters);
    for (const [label, row] of rows.entries()) vectorIndex.add(Array.from(row), label);
  }
  const storedEmbeddings = float32LittleEndian(rows, dimensions);
  const embeddingKeys = data.embeddingKeys ?? data.chunks.map(() => '');
  // The lexical body carries the chunk's normalised date terms (y2016, y2016m06, y2016m06d05), so a date
  // written in either language matches the same query terms.
  const tokens = await previousTokens(data, logger);
  const lexicalIndex = Bm25LexicalIndex.build(
    data.chunks.map((chunk, label) => ({ label, title: chunk.title, body: `${chunk.text}\n${(data.chunkDateTerms?.[label] ?? chunkDateTerms(chunk)).join(' ')}` })),
    tokens,
  );
  logger.info(tokens.counts, 'index: lexical tokens reused / tokenized (distinct texts)');

  await mkdir(indexDir, { recursive: true });
  await removeStaleBuilds(indexDir, logger);
  const buildDir = path.join(indexDir, `${BUILD_DIR_PREFIX}${process.pid}-${Date.now()}`);
  const currentDir = path.join(indexDir, CURRENT_INDEX_DIR);
  const previousDir = path.join(indexDir, PREVIOUS_INDEX_DIR);
  await mkdir(buildDir);
  let retired = false;
  let installed = false;
  try {
    const articlesDigest = await writeFileDurably(path.join(buildDir, 'articles.json'), JSON.stringify(data.articles));
    await afterStep('articles.json');
    const chunksDigest = await writeFileDurably(path.join(buildDir, 'chunks.json'), JSON.stringify(data.chunks));
    await afterStep('chunks.json');
    const vectorsPath = path.join(buildDir, 'vectors.hnsw');
    await vectorIndex.save(vectorsPath);
    await syncPath(vectorsPath);
    const vectorsDigest = digest(await readFile(vectorsPath));
    await afterStep('vectors.hnsw');
    const lexicalDigest = await writeFileDurably(path.join(buildDir, 'lexical.json'), lexicalIndex.serialise());
    await afterStep('lexical.json');
    const embeddingsDigest = await writeFileDurably(path.join(buildDir, 'embeddings.f32'), storedEmbeddings);
    await afterStep('embeddings.f32');
    const keysDigest = await writeFileDurably(path.join(buildDir, 'embedding-keys.json'), JSON.stringify(embeddingKeys));
    await afterStep('embedding-keys.json');
    await writeFileDurably(path.join(buildDir, LEXICAL_TOKEN_CACHE_FILE), tokens.serialise());
    for (const cacheFile of data.cacheFiles ?? []) await writeFileDurably(path.join(buildDir, cacheFile.name), cacheFile.content);

    const manifest: IndexManifest = {
      formatVersion: INDEX_FORMAT_VERSION,
      createdAt: new Date().toISOString(),
      embedder: { id: data.manifest.embedder.id, dimensions },
      chunking: { size: data.manifest.chunking.size, overlap: data.manifest.chunking.overlap },
      seedsHash: data.manifest.seedsHash,
      counts: { files: data.manifest.seedFileCount, articles: data.articles.length, chunks: data.chunks.length },
      skippedFiles: data.manifest.skippedFiles.map((skipped) => ({ file: skipped.file, reason: skipped.reason })),
      sources: (data.manifest.sources ?? []).map((source) => ({ file: source.file, bytes: source.bytes, sha256: source.sha256 })),
      fallbackReason: data.manifest.fallbackReason,
      hnsw: {
        m: data.hnswParameters.m,
        efConstruction: data.hnswParameters.efConstruction,
        efSearch: data.hnswParameters.efSearch,
        deletedElements: vectorIndex.tombstones,
      },
      lexical: { tokenizerVersion: TOKENIZER_VERSION },
      files: {
        'articles.json': articlesDigest,
        'chunks.json': chunksDigest,
        'vectors.hnsw': vectorsDigest,
        'lexical.json': lexicalDigest,
        'embeddings.f32': embeddingsDigest,
        'embedding-keys.json': keysDigest,
      },
    };
    await writeFileDurably(path.join(buildDir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
    await syncPath(buildDir);
    await afterStep(MANIFEST_FILE);

    // When current/ is missing (a crash between the two renames), previous/ is the last good index: keep it.
    const hasCurrent = await exists(currentDir);
    if (hasCurrent) await rm(previousDir, { recursive: true, force: true });
    await afterStep('previous-removed');
    if (hasCurrent) {
      await rename(currentDir, previousDir);
      retired = true;
      await syncPath(indexDir);
    }
    await afterStep('current-retired');
    await rename(buildDir, currentDir);
    installed = true;
    await syncPath(indexDir);
    logger.info(
      { indexDir, chunks: data.chunks.length, articles: data.articles.length },
      'index written and swapped in',
    );
    await afterStep('current-installed');
    return manifest;
  } catch (error) {
    if (!installed) await rollBack(buildDir, retired, currentDir, previousDir, logger);
    throw error;
  }
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
  const contents = new Map<IndexDataFile, Buffer>();
  // The stored embeddings (INDEX_EMBEDDING_FILES) are not needed to answer; loadStoredEmbeddings checks them.
  for (const file of INDEX_QUERY_FILES) contents.set(file, await readVerified(filePath(file), manifest.files[file]));
  const text = (file: IndexDataFile): string => (contents.get(file) as Buffer).toString('utf8');

  const articles = parseRecords(filePath('articles.json'), text('articles.json'), articleSchema);
  const chunks = parseRecords(filePath('chunks.json'), text('chunks.json'), chunkSchema);
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
  const lexicalIndex = Bm25LexicalIndex.fromJSON(parseJson(lexicalPath, text('lexical.json')), lexicalPath);
  requireCount(lexicalPath, 'lexical documents', lexicalIndex.size, chunks.length);

  logger.debug({ directory, chunks: chunks.length }, 'index loaded');
  return { manifest, articles, chunks, vectorIndex, lexicalIndex, directory };
}

/** The embeddings stored with an index, for reuse by an incremental update. */
export interface StoredEmbeddings {
  /** The manifest of the index they belong to (its `sources` say which seed files it was built from). */
  readonly manifest: IndexManifest;
  /** Embedding by key (see {@link IndexWriteData.embeddingKeys}); float32, `manifest.embedder.dimensions` long. */
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
 * Reads a cache file written with the index in `indexDir` ({@link IndexWriteData.cacheFiles}), from the
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

/** `current/`, else `previous/` (with a warning), else null. */
async function locateIndex(indexDir: string, logger: Logger): Promise<string | null> {
  const currentDir = path.join(indexDir, CURRENT_INDEX_DIR);
  if (await exists(currentDir)) return currentDir;
  const previousDir = path.join(indexDir, PREVIOUS_INDEX_DIR);
  if (await exists(previousDir)) {
    logger.warn(
      { indexDir, directory: previousDir },
      'index: current/ is missing (a build was interrupted); using previous/. Rebuild with `npm run index`.',
    );
    return previousDir;
  }
  return null;
}

/**
 * Above this many tombstones per live vector, an update builds the HNSW graph afresh instead of extending
 * the previous one. Deleted elements still cost memory, disk and search steps (they are waypoints), and
 * hnswlib's authors advise rebuilding after many deletions; 10 % keeps the overhead small.
 */
export const MAX_TOMBSTONE_SHARE = 0.1;

/**
 * The previous index's HNSW graph with its labels moved to the new chunk positions, the vectors of chunks
 * that are gone marked deleted, and the new rows added (see {@link IndexWriteData.previousIndex}); null
 * when it cannot or should not be reused (then the graph is built afresh).
 *
 * Matching: each previous row moves to the first unused new position whose embedding key equals its own,
 * so reordered and duplicated chunks keep their vectors; a row whose key is gone becomes a tombstone.
 */
async function extendPreviousGraph(data: IndexWriteData, rows: readonly Float32Array[], logger: Logger): Promise<HnswVectorIndex | null> {
  const previous = data.previousIndex;
  const keys = data.embeddingKeys;
  if (previous === undefined || keys === undefined || previous.keys.length === 0) return null;
  const { manifest } = previous;
  if (
    manifest.hnsw.m !== data.hnswParameters.m ||
    manifest.hnsw.efConstruction !== data.hnswParameters.efConstruction ||
    manifest.embedder.dimensions !== data.manifest.embedder.dimensions
  ) {
    return null;
  }
  const positionsByKey = new Map<string, number[]>();
  keys.forEach((key, position) => {
    if (key === '') return;
    const positions = positionsByKey.get(key);
    if (positions === undefined) positionsByKey.set(key, [position]);
    else positions.push(position);
  });
  const used = new Map<string, number>();
  const moved = previous.keys.map((key): number | undefined => {
    const positions = positionsByKey.get(key);
    const next = used.get(key) ?? 0;
    if (key === '' || positions === undefined || next >= positions.length) return undefined;
    used.set(key, next + 1);
    return positions[next];
  });
  const kept = new Set(moved.filter((position): position is number => position !== undefined));
  const removed = previous.keys.length - kept.size;
  const savedTombstones = manifest.hnsw.deletedElements ?? 0;
  const added = rows.length - kept.size;
  const tombstonesAfter = Math.max(0, savedTombstones + removed - added);
  if (kept.size === 0 || tombstonesAfter > MAX_TOMBSTONE_SHARE * rows.length) {
    logger.info({ keptVectors: kept.size, tombstonesAfter, liveVectors: rows.length }, 'index: building the HNSW graph afresh (too little kept or too many deletions)');
    return null;
  }
  // Labels: kept rows → their new positions; removed rows and saved tombstones → tombstones, numbered from
  // the new live count up (the convention `HnswVectorIndex.load` reads back).
  let nextTombstone = rows.length;
  const newLabel = (label: number): number => (label < previous.keys.length ? moved[label] : undefined) ?? nextTombstone++;
  const file = path.join(previous.directory, 'vectors.hnsw');
  const scratch = path.join(os.tmpdir(), `relabelled-${process.pid}-${Date.now()}.hnsw`);
  let vectorIndex: HnswVectorIndex;
  try {
    const bytes = relabelSavedIndex(await readVerified(file, manifest.files['vectors.hnsw']), newLabel, file);
    await writeFile(scratch, bytes);
    vectorIndex = await HnswVectorIndex.load(scratch, data.manifest.embedder.dimensions, data.hnswParameters.efSearch, rows.length);
    if (vectorIndex.size !== kept.size || vectorIndex.tombstones !== savedTombstones + removed) {
      throw new IndexCorruptError(file, `holds ${vectorIndex.size} live vectors and ${vectorIndex.tombstones} tombstones, expected ${kept.size} and ${savedTombstones + removed}`);
    }
  } catch (error) {
    if (!(error instanceof IndexCorruptError)) throw error;
    logger.warn({ file, reason: error.message }, 'index: previous HNSW graph cannot be reused; building it afresh');
    return null;
  } finally {
    await rm(scratch, { force: true });
  }
  vectorIndex.reserve(Math.max(rows.length + tombstonesAfter, 1));
  for (const [label, row] of rows.entries()) if (!kept.has(label)) vectorIndex.add(Array.from(row), label);
  logger.info({ keptVectors: kept.size, addedVectors: added, removedVectors: removed, tombstones: vectorIndex.tombstones }, 'index: previous HNSW graph extended');
  return vectorIndex;
}

/** The lexical tokens stored with the previous index, or an empty cache (logged when unusable). */
async function previousTokens(data: IndexWriteData, logger: Logger): Promise<LexicalTokenCache> {
  const directory = data.previousIndex?.directory;
  if (directory === undefined) return LexicalTokenCache.empty();
  let text: string | null;
  try {
    text = await readFile(path.join(directory, LEXICAL_TOKEN_CACHE_FILE), 'utf8');
  } catch {
    text = null;
  }
  const { cache, rejected } = LexicalTokenCache.parse(text);
  if (rejected !== null) logger.warn({ file: LEXICAL_TOKEN_CACHE_FILE, reason: rejected }, 'index: stored lexical tokens cannot be reused; tokenizing every chunk');
  return cache;
}

function requireCacheFileName(name: string): void {
  const reserved: readonly string[] = [...INDEX_DATA_FILES, MANIFEST_FILE, LEXICAL_TOKEN_CACHE_FILE];
  if (!/^[a-z0-9-]+\.json$/.test(name) || reserved.includes(name)) {
    throw new InputError(`Index cache file name must be lower-case letters, digits and '-' ending in '.json', and not an index file; found '${name}'.`);
  }
}

function checkWriteData(data: IndexWriteData): void {
  for (const cacheFile of data.cacheFiles ?? []) requireCacheFileName(cacheFile.name);
  if (data.vectors.length !== data.chunks.length) {
    throw new InputError(
      `writeIndex needs one vector per chunk: ${data.chunks.length} chunks, ${data.vectors.length} vectors.`,
    );
  }
  if (!Number.isInteger(data.manifest.seedFileCount) || data.manifest.seedFileCount < 0) {
    throw new InputError(`seedFileCount must be a non-negative integer, found ${data.manifest.seedFileCount}.`);
  }
  const articleIds = new Set(data.articles.map((article) => article.id));
  const orphan = data.chunks.find((chunk) => !articleIds.has(chunk.articleId));
  if (orphan !== undefined) {
    throw new InputError(`Chunk ${orphan.id} names article ${orphan.articleId}, which is not among the articles.`);
  }
  if (data.embeddingKeys !== undefined && data.embeddingKeys.length !== data.chunks.length) {
    throw new InputError(
      `writeIndex needs one embedding key per chunk: ${data.chunks.length} chunks, ${data.embeddingKeys.length} keys.`,
    );
  }
}

async function removeStaleBuilds(indexDir: string, logger: Logger): Promise<void> {
  for (const entry of await readdir(indexDir)) {
    if (!entry.startsWith(BUILD_DIR_PREFIX)) continue;
    const directory = path.join(indexDir, entry);
    await rm(directory, { recursive: true, force: true });
    logger.info({ directory }, 'index: removed the leftovers of an interrupted build');
  }
}

async function rollBack(
  buildDir: string,
  retired: boolean,
  currentDir: string,
  previousDir: string,
  logger: Logger,
): Promise<void> {
  try {
    await rm(buildDir, { recursive: true, force: true });
    if (retired && !(await exists(currentDir))) {
      await rename(previousDir, currentDir);
      logger.warn({ directory: currentDir }, 'index: build failed after retiring current/; restored it');
    }
  } catch (rollBackError) {
    // The original error matters more; loadIndex still finds previous/ if current/ could not be restored.
    logger.error({ err: rollBackError, buildDir }, 'index: rolling back a failed build failed');
  }
}

/** `rows` (each `dimensions` long) as consecutive little-endian float32 values. */
function float32LittleEndian(rows: readonly Float32Array[], dimensions: number): Buffer {
  const values = new Float32Array(rows.length * dimensions);
  rows.forEach((row, label) => values.set(row, label * dimensions));
  if (os.endianness() === 'LE') return Buffer.from(values.buffer, values.byteOffset, values.byteLength);
  const bytes = Buffer.alloc(values.byteLength);
  values.forEach((value, position) => bytes.writeFloatLE(value, position * Float32Array.BYTES_PER_ELEMENT));
  return bytes;
}

/** The inverse of {@link float32LittleEndian}: all values, in order (a copy, aligned). */
function readFloat32LittleEndian(bytes: Buffer): Float32Array {
  if (os.endianness() === 'LE') return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  const values = new Float32Array(bytes.byteLength / Float32Array.BYTES_PER_ELEMENT);
  for (let position = 0; position < values.length; position += 1) values[position] = bytes.readFloatLE(position * Float32Array.BYTES_PER_ELEMENT);
  return values;
}

async function writeFileDurably(filePath: string, content: string | Buffer): Promise<IndexFileDigest> {
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  const handle = await open(filePath, 'wx');
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } finally {
    await handle.close();
  }
  return digest(bytes);
}

/** fsync a file or a directory (a directory's fsync makes the renames and creations in it durable). */
async function syncPath(target: string): Promise<void> {
  const handle = await open(target, 'r');
  try {
    await handle.sync();
  } catch (error) {
    // Some platforms (Windows) refuse to fsync a directory; there is nothing more to do there.
    if (!isErrorWithCode(error, ['EISDIR', 'EPERM', 'EINVAL'])) throw error;
  } finally {
    await handle.close();
  }
}

function digest(bytes: Buffer): IndexFileDigest {
  return { bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
}

async function readVerified(filePath: string, expected: IndexFileDigest): Promise<Buffer> {
  let bytes: Buffer;
  try {
    bytes = await readFile(filePath);
  } catch (error) {
    const reason = isErrorWithCode(error, ['ENOENT']) ? 'the file is missing' : 'the file cannot be read';
    throw new IndexCorruptError(filePath, reason, { cause: error });
  }
  if (bytes.length !== expected.bytes) {
    const state = bytes.length < expected.bytes ? 'truncated' : 'longer than written';
    throw new IndexCorruptError(filePath, `${state}: ${bytes.length} bytes, the manifest says ${expected.bytes}`);
  }
  const found = digest(bytes).sha256;
  if (found !== expected.sha256) {
    throw new IndexCorruptError(filePath, `SHA-256 ${found} differs from the manifest's ${expected.sha256}`);
  }
  return bytes;
}

function parseJson(filePath: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new IndexCorruptError(filePath, 'not valid JSON', { cause: error });
  }
}

function parseRecords<T>(filePath: string, text: string, schema: z.ZodType<T>): T[] {
  const value = parseJson(filePath, text);
  if (!Array.isArray(value)) throw new IndexCorruptError(filePath, 'not a JSON array');
  return value.map((record, position) => {
    const parsed = schema.safeParse(record);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new IndexCorruptError(
        filePath,
        `record ${position} is invalid: ${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`,
      );
    }
    return parsed.data;
  });
}

function requireCount(filePath: string, what: string, found: number, expected: number): void {
  if (found !== expected) throw new IndexCorruptError(filePath, `holds ${found} ${what}, expected ${expected}`);
}

async function exists(target: string): Promise<boolean> {
  try {
    await stat(target);
    return true;
  } catch (error) {
    if (isErrorWithCode(error, ['ENOENT'])) return false;
    throw error;
  }
}

function isErrorWithCode(error: unknown, codes: readonly string[]): boolean {
  return error instanceof Error && 'code' in error && typeof error.code === 'string' && codes.includes(error.code);
}
