/**
 * The answer path's composition root: chooses the embedder, loads the index (rebuilding it first when it
 * is missing, stale or broken — never querying a mismatched one), and wires retriever and answerer.
 * Only entry points (CLI, Slack start-up) import this.
 */
import { ExtractiveAnswerer, type Assistant } from '../answer';
import { AssistantError, type AppConfig, type Logger } from '../core';
import { createEmbedder, type EmbedderSelection } from '../embed';
import { hashNewsletterFiles, listNewsletterFiles } from '../ingest';
import { Glossary, HybridRetriever } from '../retrieve';
import { loadIndex, type ExpectedIndexSettings, type LoadedIndex } from '../vector-index';
import { buildIndex, type BuildIndexOptions } from './build-index';

/** A ready assistant and what it runs on. */
export interface AssistantRuntime {
  readonly assistant: Assistant;
  readonly retriever: HybridRetriever;
  readonly index: LoadedIndex;
  readonly embedder: EmbedderSelection;
  /** True when this call (re)built the index. */
  readonly rebuilt: boolean;
}

export interface OpenAssistantOptions extends BuildIndexOptions {
  /** `if-needed` (default): build when missing, stale or broken; `always`: rebuild first; `never`: fail instead. */
  readonly build?: 'if-needed' | 'always' | 'never';
  /** An embedder to use instead of the configured one (tests, benchmarks). */
  readonly embedder?: EmbedderSelection;
}

/** The settings an index must have been built with to be queried under `config`. */
export async function expectedIndexSettings(config: AppConfig, selection: EmbedderSelection): Promise<ExpectedIndexSettings> {
  const files = await listNewsletterFiles(config.seedsDir);
  return {
    embedderId: selection.embedder.id,
    dimensions: selection.embedder.dimensions,
    chunking: { size: config.chunking.size, overlap: config.chunking.overlap },
    seedsHash: await hashNewsletterFiles(config.seedsDir, files),
  };
}

const REBUILDABLE = new Set(['INDEX_MISSING', 'INDEX_MISMATCH', 'INDEX_CORRUPT']);

/**
 * Opens the assistant over `config.indexDir`.
 * @throws {IndexMissingError | IndexMismatchError | IndexCorruptError} with `build: 'never'` when the
 *         index cannot be queried as is; {@link buildIndex}'s errors when a build fails.
 */
export async function openAssistant(config: AppConfig, logger: Logger, options: OpenAssistantOptions = {}): Promise<AssistantRuntime> {
  const selection = options.embedder ?? (await createEmbedder(config.embedder, logger));
  const expected = await expectedIndexSettings(config, selection);
  const load = (): Promise<LoadedIndex> => loadIndex(config.indexDir, expected, { efSearch: config.hnsw.efSearch, logger });
  let index: LoadedIndex | null = null;
  let rebuilt = false;
  if (options.build !== 'always') {
    try {
      index = await load();
    } catch (error) {
      if (!(error instanceof AssistantError) || !REBUILDABLE.has(error.code) || options.build === 'never') throw error;
      logger.info({ code: error.code, reason: error.message }, 'index needs a rebuild');
    }
  }
  if (index === null) {
    await buildIndex(config, selection, logger, options);
    index = await load();
    rebuilt = true;
  }
  const glossary = await Glossary.load(config.glossaryFile);
  const retriever = new HybridRetriever(index, selection.embedder, { glossary });
  const assistant = new ExtractiveAnswerer(retriever);
  return { assistant, retriever, index, embedder: selection, rebuilt };
}
