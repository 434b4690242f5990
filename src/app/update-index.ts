/**
 * `npm run index` and the watch mode's step: bring the index in `config.indexDir` up to date with the
 * seeds, doing nothing when it already is, else updating it incrementally (only new chunk texts are
 * embedded) — or, with `force`, rebuilding it embedding every chunk.
 *
 * The "already current" decision loads nothing but the manifest and the digests (issue 15: a no-op
 * `npm run index` within 1 s of start-up): no search library (hnswlib-node, wink, LangChain's vector
 * stores, imported by `build-index.ts` on a build's first use) and, given a {@link LazyEmbedder}, no model.
 */
import path from 'node:path';
import { AssistantError, type AppConfig, type Logger } from '../core';
import { isLazyEmbedder, type EmbedderSelection, type LazyEmbedder } from '../embed';
import { CURRENT_INDEX_DIR, checkIndexFiles, type ExpectedIndexFiles } from '../vector-index/index-check';
import type { IndexManifest } from '../vector-index';
import { buildIndex, type BuildIndexOptions, type BuildIndexResult } from './build-index';
import { currentSeedsHash } from './seed-sources';

/** Why an index is updated rather than used as is (the errors of `checkIndexFiles`, as of `loadIndex`). */
const UPDATABLE: ReadonlySet<string> = new Set(['INDEX_MISSING', 'INDEX_MISMATCH', 'INDEX_CORRUPT']);

/** Options of {@link updateIndex}. */
export interface UpdateIndexOptions extends Omit<BuildIndexOptions, 'reuseEmbeddings'> {
  /** Rebuild even when the index is current, embedding every chunk (`npm run index -- --force`). */
  readonly force?: boolean;
}

/** What {@link updateIndex} did. */
export interface UpdateIndexResult {
  /** `current`: nothing to do, nothing written; `updated`: new chunk texts embedded; `rebuilt`: `force`. */
  readonly status: 'current' | 'updated' | 'rebuilt';
  /** The manifest of the index now in place. */
  readonly manifest: IndexManifest;
  /** The build's figures; null when the index was current. */
  readonly build: BuildIndexResult | null;
  /** Where the index in place is: `<indexDir>/current` (or `<indexDir>/previous`, found current after a crash). */
  readonly directory: string;
}

/**
 * What an index must have been built with to be current under `config` with an embedder of this id and width
 * (null: not known before the model is loaded; the id names the model).
 * @throws {ParseError} when the seeds folder cannot be read.
 */
async function expectedIndexFiles(config: AppConfig, embedder: { readonly id: string; readonly dimensions: number | null }): Promise<ExpectedIndexFiles> {
  return {
    embedderId: embedder.id,
    dimensions: embedder.dimensions,
    chunking: { size: config.chunking.size, overlap: config.chunking.overlap },
    seedsHash: await currentSeedsHash(config),
  };
}

/**
 * Returns `current` when the index matches the configuration, the embedder and the seeds, and its files are
 * intact (manifest and digests: `checkIndexFiles`); otherwise updates it (see {@link buildIndex} with
 * `reuseEmbeddings`), loading a {@link LazyEmbedder} first. The write is atomic: a crash leaves the previous
 * index queryable.
 * @param embedder - a loaded embedder, or a lazy one (`createLazyEmbedder`): loaded only when the index is updated.
 * @throws {ParseError} when the seeds folder cannot be read; the lazy embedder's load errors; {@link buildIndex}'s
 *         errors otherwise.
 */
export async function updateIndex(
  config: AppConfig,
  embedder: EmbedderSelection | LazyEmbedder,
  logger: Logger,
  options: UpdateIndexOptions = {},
): Promise<UpdateIndexResult> {
  const force = options.force === true;
  if (!force) {
    const identity = isLazyEmbedder(embedder) ? embedder.identity : embedder.embedder;
    try {
      const checked = await checkIndexFiles(config.indexDir, await expectedIndexFiles(config, identity), { logger });
      return { status: 'current', manifest: checked.manifest, build: null, directory: checked.directory };
    } catch (error) {
      if (!(error instanceof AssistantError) || !UPDATABLE.has(error.code)) throw error;
      logger.info({ code: error.code, reason: error.message }, 'index needs an update');
    }
  }
  const selection = isLazyEmbedder(embedder) ? await embedder.load() : embedder;
  const build = await buildIndex(config, selection, logger, { ...options, reuseEmbeddings: !force });
  return { status: force ? 'rebuilt' : 'updated', manifest: build.manifest, build, directory: path.join(config.indexDir, CURRENT_INDEX_DIR) };
}
