/**
 * The index's write path: {@link writeIndex} builds the vector and lexical indexes and writes them, with
 * the stored embeddings and lexical tokens an incremental update reuses, atomically into `indexDir` (layout
 * in `index-files.ts`; the read path is `index-reader.ts`).
 *
 * Crash guarantee (POSIX, `indexDir` on one local filesystem, one writer at a time): `rename(2)` of a
 * directory within one filesystem is atomic, and every file and directory entry is fsynced before the next
 * rename. A build writes all data files into a fresh `.build-*` directory, fsyncs each, writes
 * `manifest.json` last, then swaps:
 *   1. if `current/` exists: remove `previous/`, rename `current/` → `previous/`;
 *   2. rename `.build-*` → `current/`.
 * Whatever instant the process dies at, `current/` or (between the two renames) `previous/` holds a
 * complete index: `loadIndex` loads `current/`, or `previous/` with a logged warning when `current/`
 * is missing. When `current/` is missing at the start of a build, `previous/` is left alone until the new
 * build is in place. Leftover `.build-*` directories are removed by the next build, which is why writers
 * take turns: the build path holds the folder's write lock (`index-lock.ts`) around {@link writeIndex}
 * (called without it, a second concurrent build's cleanup would make the first fail, loudly, without
 * touching `current/`). A reader loading during a swap may see files of two builds; the
 * manifest's SHA-256 digests detect it and the load fails with `IndexCorruptError`: load again.
 */
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Checkpoint, IndexCorruptError, InputError, createSilentLogger } from '../core';
import type { Article, Chunk, Logger, SkippedFile } from '../core';
import { Bm25LexicalIndex } from './bm25-lexical-index';
import { HnswVectorIndex, relabelSavedIndex } from './hnsw-vector-index';
import type { HnswParameters } from './hnsw-vector-index';
import {
  BUILD_DIR_PREFIX,
  CURRENT_INDEX_DIR,
  PREVIOUS_INDEX_DIR,
  digest,
  exists,
  float32LittleEndian,
  readVerified,
  requireCacheFileName,
  syncPath,
  writeFileDurably,
} from './index-files';
import type { StoredEmbeddings } from './index-reader';
import { LEXICAL_TOKEN_CACHE_FILE, LexicalTokenCache } from './lexical-token-cache';
import { INDEX_FORMAT_VERSION, MANIFEST_FILE } from './manifest';
import type { IndexDataFile, IndexManifest, SourceFileDigest } from './manifest';
import { chunkDateTerms, TOKENIZER_VERSION } from '../language';

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
   * added to the HNSW graph, as float32 (rounded), so a vector reused from `loadStoredEmbeddings`
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
   * with it. Not listed in the manifest nor read by `loadIndex`: their reader checks them (see
   * `readIndexCacheFile`). Names: lower-case letters, digits and `-`, ending in `.json`. Default none.
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
  /**
   * Stops the write while it builds the graph and the lexical index (the event loop gets a turn every
   * `CHECKPOINT_POLICY.sliceMilliseconds`) and between files, up to the manifest; then {@link AbortedError}
   * is thrown, the build directory removed and the previous index left in place. Once the manifest is
   * written the swap (two renames) completes. Default: never.
   */
  readonly signal?: AbortSignal;
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
  const checkpoint = new Checkpoint(options.signal, 'Index write');
  const userStep = options.afterStep ?? ((): void => undefined);
  // Each durable step before the manifest is also a point where an abort stops the write.
  let committing = false;
  const afterStep = async (step: IndexWriteStep): Promise<void> => {
    await userStep(step);
    if (!committing) await checkpoint.pass();
  };
  checkWriteData(data);

  // Build in memory first: an invalid vector fails before the disk is touched.
  const dimensions = data.manifest.embedder.dimensions;
  // Rounded to float32 first (what hnswlib stores anyway), so reused and fresh vectors build the same graph.
  const rows = data.vectors.map((vector) => Float32Array.from(vector));
  let vectorIndex = await extendPreviousGraph(data, rows, logger, checkpoint);
  if (vectorIndex === null) {
    vectorIndex = HnswVectorIndex.create(dimensions, Math.max(data.chunks.length, 1), data.hnswParameters);
    for (const [label, row] of rows.entries()) {
      vectorIndex.add(Array.from(row), label);
      await checkpoint.pass();
    }
  }
  const storedEmbeddings = float32LittleEndian(rows, dimensions);
  const embeddingKeys = data.embeddingKeys ?? data.chunks.map(() => '');
  // The lexical body carries the chunk's normalised date terms (y2016, y2016m06, y2016m06d05), so a date
  // written in either language matches the same query terms.
  const tokens = await previousTokens(data, logger);
  const documents: { label: number; title: string; body: string }[] = [];
  for (const [label, chunk] of data.chunks.entries()) {
    const document = { label, title: chunk.title, body: `${chunk.text}\n${(data.chunkDateTerms?.[label] ?? chunkDateTerms(chunk)).join(' ')}` };
    // Tokenized here, a chunk at a time, so that the (synchronous) build below finds every text memoised.
    tokens.tokens(document.title);
    tokens.tokens(document.body);
    documents.push(document);
    await checkpoint.pass();
  }
  const lexicalIndex = Bm25LexicalIndex.build(documents, tokens);
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
    await checkpoint.pass();
    // From here on the swap completes: stopping between the two renames would only make a reader wait.
    committing = true;
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
async function extendPreviousGraph(
  data: IndexWriteData,
  rows: readonly Float32Array[],
  logger: Logger,
  checkpoint: Checkpoint,
): Promise<HnswVectorIndex | null> {
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
  for (const [label, row] of rows.entries()) {
    if (kept.has(label)) continue;
    vectorIndex.add(Array.from(row), label);
    await checkpoint.pass();
  }
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
