/**
 * The answer path's composition root: chooses the embedder, loads the index (updating it first when it
 * is missing, stale or broken — never querying a mismatched one), and wires retriever and answerer. An
 * update is incremental: only chunks whose text is new are embedded (see `build-index.ts`).
 * Only entry points (CLI, Slack start-up) import this.
 */
import type { AnswerPolicy, Assistant } from '../answer';
import { AssistantError, LlmUnavailableError, type AppConfig, type Logger } from '../core';
import { createEmbedder, type EmbedderSelection } from '../embed';
import type { LlmCircuitBreaker, LlmCircuitSnapshot } from '../llm';
import type { HybridRetriever } from '../retrieve';
import type { ExpectedIndexSettings, LoadedIndex } from '../vector-index';
import { buildIndex, type BuildIndexOptions, type BuildIndexResult } from './build-index';
import { currentSeedsHash } from './seed-sources';
import { Glossary, loadBilingualLexicon } from '../language';

/** A ready assistant and what it runs on. */
export interface AssistantRuntime {
  /** The generated answerer when an LLM is configured, else the extractive one. */
  readonly assistant: Assistant;
  /** The model-free answerer (the default; also what `npm run eval` compares the LLM with). */
  readonly extractive: Assistant;
  /**
   * The chat model answers are generated with, and the state of its circuit breaker (for the health endpoint);
   * null without an LLM.
   */
  readonly llm: {
    readonly id: string;
    readonly circuit: () => LlmCircuitSnapshot;
    /** The breaker itself, for a reopened runtime to keep (see {@link OpenAssistantOptions.llmCircuit}). */
    readonly breaker: LlmCircuitBreaker;
  } | null;
  readonly retriever: HybridRetriever;
  /** The answer policy both answerers use: `DEFAULT_ANSWER_POLICY` with the configuration's `ANSWER_*` overrides. */
  readonly answerPolicy: AnswerPolicy;
  readonly index: LoadedIndex;
  readonly embedder: EmbedderSelection;
  /** True when this call (re)built the index. */
  readonly rebuilt: boolean;
  /** What this call's build did (texts embedded, embeddings reused, seed files changed); absent when it built nothing. */
  readonly build?: BuildIndexResult;
}

export interface OpenAssistantOptions extends Omit<BuildIndexOptions, 'reuseEmbeddings'> {
  /**
   * `if-needed` (default): update when missing, stale or broken, embedding only new chunk texts and
   * reusing the stored embeddings of the rest; `always`: rebuild first, embedding every chunk;
   * `never`: fail instead.
   */
  readonly build?: 'if-needed' | 'always' | 'never';
  /** An embedder to use instead of the configured one (tests, benchmarks). */
  readonly embedder?: EmbedderSelection;
  /** `configured` (default): generate answers when `config.llm` is set; `none`: extractive only. */
  readonly llm?: 'configured' | 'none';
  /**
   * The LLM circuit breaker to keep (a runtime reopened over an updated index talks to the same server): its
   * state carries over, so an open circuit stays open. Default: a new, closed one.
   */
  readonly llmCircuit?: LlmCircuitBreaker;
}

/** The LLM part of the health endpoint's JSON (no secrets). */
export interface LlmHealthFacts {
  /** The LLM's printable id; null when answers are extractive only. */
  readonly llm: string | null;
  /** Its circuit breaker: state (`closed`/`open`/`half-open`), consecutive failures, when it opened; null without an LLM. */
  readonly llmCircuit: LlmCircuitSnapshot | null;
}

/** The LLM facts of `runtime` for the health endpoint. */
export function llmHealthFacts(runtime: AssistantRuntime): LlmHealthFacts {
  return runtime.llm === null ? { llm: null, llmCircuit: null } : { llm: runtime.llm.id, llmCircuit: runtime.llm.circuit() };
}

/** The settings an index must have been built with to be queried under `config`. */
export async function expectedIndexSettings(config: AppConfig, selection: EmbedderSelection): Promise<ExpectedIndexSettings> {
  return {
    embedderId: selection.embedder.id,
    dimensions: selection.embedder.dimensions,
    chunking: { size: config.chunking.size, overlap: config.chunking.overlap },
    seedsHash: await currentSeedsHash(config),
  };
}

const REBUILDABLE = new Set(['INDEX_MISSING', 'INDEX_MISMATCH', 'INDEX_CORRUPT']);

/**
 * Opens the assistant over `config.indexDir`.
 * @throws {IndexMissingError | IndexMismatchError | IndexCorruptError} with `build: 'never'` when the
 *         index cannot be queried as is; {@link buildIndex}'s errors when a build fails; {@link PromptError}
 *         when an LLM is configured and a prompt file does not match the variables the code supplies.
 */
export async function openAssistant(config: AppConfig, logger: Logger, options: OpenAssistantOptions = {}): Promise<AssistantRuntime> {
  const selection = options.embedder ?? (await createEmbedder(config.embedder, logger));
  const expected = await expectedIndexSettings(config, selection);
  // The index stage's search libraries are loaded here, not with this module: `npm run index` imports this stage and
  // over unchanged seeds loads none of them (issue 15: start-up; see `update-index.ts`).
  const { loadIndex } = await import('../vector-index');
  const load = (): Promise<LoadedIndex> => loadIndex(config.indexDir, expected, { efSearch: config.hnsw.efSearch, logger });
  let index: LoadedIndex | null = null;
  let rebuilt = false;
  let build: BuildIndexResult | undefined;
  if (options.build !== 'always') {
    try {
      index = await load();
    } catch (error) {
      if (!(error instanceof AssistantError) || !REBUILDABLE.has(error.code) || options.build === 'never') throw error;
      logger.info({ code: error.code, reason: error.message }, 'index needs a rebuild');
    }
  }
  if (index === null) {
    build = await buildIndex(config, selection, logger, { ...options, reuseEmbeddings: options.build !== 'always' });
    index = await load();
    rebuilt = true;
  }
  const built = build === undefined ? {} : { build };
  // The answer path's stages are loaded here, not with this module: `npm run index` imports this stage for
  // updateIndex and never answers (issue 15: start-up).
  const [glossary, lexicon, { HybridRetriever }, answer] = await Promise.all([
    Glossary.load(config.glossaryFile, { logger }),
    loadBilingualLexicon({ logger }),
    import('../retrieve'),
    import('../answer'),
  ]);
  const { DEFAULT_ANSWER_POLICY, ExtractiveAnswerer, GeneratedAnswerer, SourceLinkingAssistant, withAnswerPolicyOverrides } = answer;
  const retriever = new HybridRetriever(index, selection.embedder, { glossary, lexicon });
  // The answer policy: the defaults, with the thresholds and answer sizes the configuration sets.
  const policy = withAnswerPolicyOverrides(DEFAULT_ANSWER_POLICY, config.answer);
  // With PUBLIC_BASE_URL, every citation carries its source page's link (src/web/).
  const linked = (assistant: Assistant): Assistant =>
    config.web.publicBaseUrl === null ? assistant : new SourceLinkingAssistant(assistant, config.web.publicBaseUrl);
  const extractive = linked(new ExtractiveAnswerer(retriever, { policy, maxQuestionCharacters: config.maxQuestionCharacters }));
  if (config.llm === null || options.llm === 'none') {
    return { assistant: extractive, extractive, llm: null, retriever, answerPolicy: policy, index, embedder: selection, rebuilt, ...built };
  }
  // The LLM stage and its client package only when answers are generated.
  const [{ checkLlmServer }, { createPromptedModel }] = await Promise.all([import('../llm'), import('./prompted-model')]);
  const model = await createPromptedModel(config.llm, logger, options.llmCircuit);
  try {
    await checkLlmServer(config.llm, logger);
  } catch (error) {
    // Not fatal: questions are answered extractively while the server is down. A server that cannot be reached
    // or fails (not one that rejects the key or lacks the model) opens the circuit: no question waits for it
    // until a trial call after the cool-down succeeds.
    const reason = error instanceof AssistantError ? error.message : String(error);
    logger.warn({ llm: model.id, reason }, 'the LLM server is not reachable now; questions fall back to extractive answers while it is down');
    if (error instanceof LlmUnavailableError && (error.status === null || error.status >= 500)) model.circuit.open('the start-up check failed');
  }
  const assistant = linked(new GeneratedAnswerer(retriever, model, { logger, policy, maxQuestionCharacters: config.maxQuestionCharacters }));
  logger.info({ llm: model.id }, 'answers are generated by the LLM');
  const llm = { id: model.id, circuit: () => model.circuit.snapshot(), breaker: model.circuit };
  return { assistant, extractive, llm, retriever, answerPolicy: policy, index, embedder: selection, rebuilt, ...built };
}
