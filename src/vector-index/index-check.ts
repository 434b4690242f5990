/**
 * The index stage's second, light door (issue 15: a no-op `npm run index` within 1 s of start-up): whether the
 * index on disk is the one the configuration expects, from its manifest and its data files' digests, without
 * importing a search library (hnswlib-node, wink-bm25-text-search, LangChain's vector stores), which the stage's
 * `index.ts` loads. Imported directly (`../vector-index/index-check`) only where a process may need no more than
 * this check, e.g. `npm run index` over unchanged seeds; everything else goes through `index.ts`, which re-exports it.
 */
import path from 'node:path';
import { IndexMissingError, createSilentLogger, type Logger } from '../core';
import { locateIndex, requireCount, verifyFile } from './index-files';
import { INDEX_QUERY_FILES, MANIFEST_FILE, checkManifest, readManifestFile, type ExpectedIndexSettings, type IndexManifest } from './manifest';
import { vectorStoreKindFor } from './vector-search-policy';

export { CURRENT_INDEX_DIR, PREVIOUS_INDEX_DIR } from './index-files';
export { MANIFEST_FILE } from './manifest';

/** {@link ExpectedIndexSettings} with the embedder's width possibly unknown (a model not loaded yet). */
export interface ExpectedIndexFiles extends Omit<ExpectedIndexSettings, 'dimensions'> {
  /** The embedder's vector length; null: not compared (the embedder id names the model, which fixes its width). */
  readonly dimensions: number | null;
}

/** Options of {@link checkIndexFiles}. */
export interface CheckIndexFilesOptions {
  /** Receives the fallback-to-`previous` warning; silent by default. */
  readonly logger?: Logger;
  /** As `LoadIndexOptions.exactMaxChunks`: decides whether the stored embeddings are checked too. */
  readonly exactMaxChunks?: number;
}

/** An index {@link checkIndexFiles} found current. */
export interface CheckedIndexFiles {
  readonly manifest: IndexManifest;
  /** The directory it is in: `<indexDir>/current`, or `<indexDir>/previous` after a crash. */
  readonly directory: string;
}

/**
 * Checks the index in `indexDir` as `loadIndex` does before it parses anything: the manifest against `expected`,
 * then the size and SHA-256 of every file `loadIndex` reads (the query files; the stored embeddings too when the
 * index is small enough to be searched exactly), and the embeddings' length. It does not parse records or load
 * the HNSW graph: files whose digests match are the ones the build wrote and checked.
 * @param indexDir - the index root, holding `current/` (or, after a crash, only `previous/`).
 * @throws {IndexMissingError} when `indexDir` holds neither `current/` nor `previous/`.
 * @throws {IndexMismatchError} on the first manifest field that differs from `expected` (or on another format or
 *         tokenizer version), as `loadIndex`.
 * @throws {IndexCorruptError} when the manifest or a checked file is missing, unreadable, truncated or altered.
 */
export async function checkIndexFiles(indexDir: string, expected: ExpectedIndexFiles, options: CheckIndexFilesOptions = {}): Promise<CheckedIndexFiles> {
  const directory = await locateIndex(indexDir, options.logger ?? createSilentLogger());
  if (directory === null) throw new IndexMissingError(indexDir);
  const manifest = await readManifestFile(path.join(directory, MANIFEST_FILE));
  checkManifest(manifest, { ...expected, dimensions: expected.dimensions ?? manifest.embedder.dimensions });
  // Streamed (1 MiB at a time): at 100× the seeds these files are ≈ 110 MB, none of which a no-op needs in memory.
  for (const file of INDEX_QUERY_FILES) await verifyFile(path.join(directory, file), manifest.files[file]);
  if (vectorStoreKindFor(manifest.counts.chunks, options.exactMaxChunks) === 'exact') {
    const vectorsPath = path.join(directory, 'embeddings.f32');
    const expectedBytes = manifest.files['embeddings.f32'];
    await verifyFile(vectorsPath, expectedBytes);
    requireCount(vectorsPath, 'bytes', expectedBytes.bytes, manifest.counts.chunks * manifest.embedder.dimensions * Float32Array.BYTES_PER_ELEMENT);
  }
  return { manifest, directory };
}
