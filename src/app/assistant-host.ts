/**
 * The running assistant's hot swap: an {@link Assistant} that answers with the current
 * {@link AssistantRuntime} and replaces it, atomically for new questions, when a reload opens a new one.
 * A question takes the runtime current when it is asked and finishes on it, even when a reload swaps in
 * another meanwhile; a reload that fails keeps the old runtime answering. Reloads run one at a time (so
 * the process writes its index with one writer at a time), in the order they were requested.
 *
 * The Slack bot's admin `reindex` and the seeds watcher both reload through one host (see `src/cli/start.ts`).
 */
import type { AnswerResult, AskOptions, Assistant } from '../answer';
import type { AppConfig, Article, Logger } from '../core';
import { openAssistant, type AssistantRuntime } from './open-assistant';
import { runIndexSubprocess, type IndexUpdateSummary } from './index-subprocess';
import { updateIndex } from './update-index';

/**
 * Opens the runtime to swap in, given the current one; resolves to null to keep the current one (e.g.
 * nothing changed). Whatever it throws is rethrown by {@link AssistantHost.reload}, the current runtime kept.
 */
export type ReopenAssistant = (current: AssistantRuntime) => Promise<AssistantRuntime | null>;

/** What one {@link AssistantHost.reload} did. */
export interface AssistantReloadResult {
  /** True when a new runtime was swapped in; false when the reopen kept the current one. */
  readonly swapped: boolean;
  /** The runtime answering new questions after the reload. */
  readonly runtime: AssistantRuntime;
}

/** An {@link Assistant} over a swappable {@link AssistantRuntime}; see the file's header. */
export class AssistantHost implements Assistant {
  private current: AssistantRuntime;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    runtime: AssistantRuntime,
    private readonly logger: Logger,
  ) {
    this.current = runtime;
  }

  /** The runtime new questions go to. */
  get runtime(): AssistantRuntime {
    return this.current;
  }

  /** Answers with the runtime current now; a reload during the answer does not affect it. */
  ask(question: string, options?: AskOptions): Promise<AnswerResult> {
    const runtime = this.current;
    return runtime.assistant.ask(question, options);
  }

  /** An article of the current runtime's index; undefined when unknown. */
  article(articleId: string): Article | undefined {
    return this.current.assistant.article(articleId);
  }

  /**
   * Waits for earlier reloads, runs `reopen` with the current runtime and swaps in what it returns.
   * @throws whatever `reopen` throws; the current runtime then keeps answering.
   */
  reload(reopen: ReopenAssistant): Promise<AssistantReloadResult> {
    const run = async (): Promise<AssistantReloadResult> => {
      const next = await reopen(this.current);
      if (next === null) return { swapped: false, runtime: this.current };
      this.current = next;
      const { counts } = next.index.manifest;
      this.logger.info({ articles: counts.articles, chunks: counts.chunks, directory: next.index.directory }, 'assistant: new questions use the new index');
      return { swapped: true, runtime: next };
    };
    const result = this.queue.then(run, run);
    this.queue = result.catch(() => undefined);
    return result;
  }
}

/** `openAssistant`'s LLM choice that keeps what `runtime` was opened with. */
function sameLlm(config: AppConfig, runtime: AssistantRuntime): 'configured' | 'none' {
  return config.llm !== null && runtime.llm === null ? 'none' : 'configured';
}

/**
 * A {@link ReopenAssistant} for changed seeds that updates the index in this process, with the current
 * runtime's embedder ({@link updateIndex}); null when the index was already current, else the runtime
 * opened over the updated index. It blocks the event loop while it parses and writes (≈ 1.5 s stalls at
 * 100× the seeds): long-running servers use {@link reopenAfterIndexSubprocess} instead.
 */
export function reopenAfterSeedsChange(config: AppConfig, logger: Logger): ReopenAssistant {
  return async (current) => {
    const update = await updateIndex(config, current.embedder, logger);
    if (update.status === 'current') return null;
    const runtime = await openAssistant(config, logger, { embedder: current.embedder, llm: sameLlm(config, current), llmCircuit: current.llm?.breaker });
    return update.build === null ? runtime : { ...runtime, rebuilt: true, build: update.build };
  };
}


/** Options of {@link reopenAfterIndexSubprocess}. */
export interface IndexSubprocessReopenOptions {
  /** The variables the child loads its config from (those `config` was loaded from). */
  readonly environment: NodeJS.ProcessEnv;
  /** Rebuild embedding every chunk (`/newsletter reindex`); default false (an incremental update). */
  readonly force?: boolean;
  readonly logger: Logger;
  /** Called with what the child did, before the new runtime is opened. */
  readonly onSummary?: (summary: IndexUpdateSummary) => void;
  /** Run on the new runtime before it is swapped in (e.g. the answer path's warm-up), so no question pays it. */
  readonly prepare?: (runtime: AssistantRuntime) => Promise<unknown>;
}

/**
 * A {@link ReopenAssistant} whose index update runs in a child process ({@link runIndexSubprocess}), so
 * the event loop keeps serving while it runs; null when the index was already current (and `force` is
 * off), else the runtime opened over the index the child wrote, prepared before the swap.
 */
export function reopenAfterIndexSubprocess(config: AppConfig, options: IndexSubprocessReopenOptions): ReopenAssistant {
  return async (current) => {
    const summary = await runIndexSubprocess({ environment: options.environment, force: options.force === true, logger: options.logger });
    options.onSummary?.(summary);
    if (summary.status === 'current') return null;
    const runtime = await openAssistant(config, options.logger, { build: 'never', embedder: current.embedder, llm: sameLlm(config, current), llmCircuit: current.llm?.breaker });
    await options.prepare?.(runtime);
    return { ...runtime, rebuilt: true };
  };
}

/**
 * A {@link ReopenAssistant} for a read-only replica (`INDEX_READ_ONLY`): opens the index another process
 * wrote, never building (`build: 'never'`), keeping the current embedder and LLM circuit; `prepare` runs on
 * the new runtime before the swap.
 */
export function reopenFromDisk(config: AppConfig, logger: Logger, prepare?: (runtime: AssistantRuntime) => Promise<unknown>): ReopenAssistant {
  return async (current) => {
    const runtime = await openAssistant(config, logger, { build: 'never', embedder: current.embedder, llm: sameLlm(config, current), llmCircuit: current.llm?.breaker });
    await prepare?.(runtime);
    return runtime;
  };
}
