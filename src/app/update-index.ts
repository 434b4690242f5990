/**
 * `npm run index` and the watch mode's step: bring the index in `config.indexDir` up to date with the
 * seeds, doing nothing when it already is, else updating it incrementally (only new chunk texts are
 * embedded) — or, with `force`, rebuilding it embedding every chunk.
 */
import path from 'node:path';
import { AssistantError, type AppConfig, type Logger } from '../core';
import type { EmbedderSelection } from '../embed';
import { CURRENT_INDEX_DIR, loadIndex, type IndexManifest } from '../vector-index';
import { buildIndex, type BuildIndexOptions, type BuildIndexResult } from './build-index';
import { expectedIndexSettings } from './open-assistant';

/** Why an index is updated rather than used as is (the errors of `loadIndex`). */
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
 * Loads the index (fully checked, as the assistant would) and returns `current` when it matches the
 * configuration and the seeds; otherwise updates it (see {@link buildIndex} with `reuseEmbeddings`).
 * The write is atomic: a crash leaves the previous index queryable.
 * @throws {ParseError} when the seeds folder cannot be read; {@link buildIndex}'s errors otherwise.
 */
export async function updateIndex(
  config: AppConfig,
  selection: EmbedderSelection,
  logger: Logger,
  options: UpdateIndexOptions = {},
): Promise<UpdateIndexResult> {
  const force = options.force === true;
  if (!force) {
    try {
      const expected = await expectedIndexSettings(config, selection);
      const index = await loadIndex(config.indexDir, expected, { efSearch: config.hnsw.efSearch, logger });
      return { status: 'current', manifest: index.manifest, build: null, directory: index.directory };
    } catch (error) {
      if (!(error instanceof AssistantError) || !UPDATABLE.has(error.code)) throw error;
      logger.info({ code: error.code, reason: error.message }, 'index needs an update');
    }
  }
  const build = await buildIndex(config, selection, logger, { ...options, reuseEmbeddings: !force });
  return { status: force ? 'rebuilt' : 'updated', manifest: build.manifest, build, directory: path.join(config.indexDir, CURRENT_INDEX_DIR) };
}
