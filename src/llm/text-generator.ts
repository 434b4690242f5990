/**
 * The small interface the answerer uses to get text from the LLM, over a LangChain chat model: whole answers
 * ({@link TextGenerator.generate}) or text deltas as they arrive ({@link TextGenerator.stream}), with every
 * client failure turned into one {@link LlmError}.
 */
import type { BaseMessage } from '@langchain/core/messages';
import type { LlmError, Logger } from '../core';
import type { ChatModelSelection } from './chat-model';
import { llmError, toLlmError, type LlmCallContext } from './llm-errors';

/** Per-call options. */
export interface GenerateOptions {
  /** Cancels the call (and its HTTP request); the call then rejects with the signal's reason. */
  readonly signal?: AbortSignal;
}

/** Generates text from chat messages (system + human, e.g. from `PromptLibrary.render`). */
export interface TextGenerator {
  /** Printable identity of the model, `<provider>:<model>@<baseUrl>`; never the API key. */
  readonly id: string;

  /**
   * The model's whole answer to `messages`.
   * @throws {LlmError} when the request fails after the client's retries (HTTP status, timeout, unreachable
   *   server) or the answer has no text.
   * @throws the signal's reason when `options.signal` aborts.
   */
  generate(messages: readonly BaseMessage[], options?: GenerateOptions): Promise<string>;

  /**
   * The model's answer as text deltas, in order, as the server streams them; their concatenation is the
   * answer. Empty deltas are skipped. The stream fails with {@link LlmError} (kind `timeout`) when the server
   * sends nothing for the configured timeout between two chunks. Breaking out of the loop cancels the request.
   * @throws {LlmError} as {@link TextGenerator.generate} does, from the iteration.
   * @throws the signal's reason when `options.signal` aborts.
   */
  stream(messages: readonly BaseMessage[], options?: GenerateOptions): AsyncIterable<string>;
}

/**
 * Returns the {@link TextGenerator} over `selection.model`. Logs one `debug` line per call (id, milliseconds,
 * characters in and out, token usage when the server reports it) and one `warn` line per failure (code, kind,
 * status, message); never the prompt text or the API key.
 */
export function createTextGenerator(selection: ChatModelSelection, logger: Logger): TextGenerator {
  return new ChatModelTextGenerator(selection, logger);
}

class ChatModelTextGenerator implements TextGenerator {
  readonly id: string;
  readonly #selection: ChatModelSelection;
  readonly #logger: Logger;
  readonly #context: LlmCallContext;

  constructor(selection: ChatModelSelection, logger: Logger) {
    this.id = selection.id;
    this.#selection = selection;
    this.#logger = logger;
    this.#context = {
      provider: selection.provider,
      model: selection.modelName,
      baseUrl: selection.baseUrl,
      timeoutMs: selection.timeoutMs,
      maxRetries: selection.maxRetries,
      redact: selection.redact,
    };
  }

  async generate(messages: readonly BaseMessage[], options: GenerateOptions = {}): Promise<string> {
    const { signal } = options;
    signal?.throwIfAborted();
    const startedAt = performance.now();
    try {
      const message = await raceWithAbort(this.#selection.model.invoke([...messages], { signal }), signal);
      const text = message.text;
      if (text.trim() === '') throw llmError(this.#context, 'invalid-response', null, 'The model answered with no text');
      this.#logger.debug(
        { llm: this.id, milliseconds: elapsed(startedAt), inputChars: charactersOf(messages), outputChars: text.length, usage: usageOf(message) },
        'LLM answer generated',
      );
      return text;
    } catch (error) {
      throw this.#failure(error, signal, startedAt);
    }
  }

  async *stream(messages: readonly BaseMessage[], options: GenerateOptions = {}): AsyncIterable<string> {
    const callerSignal = options.signal;
    callerSignal?.throwIfAborted();
    const startedAt = performance.now();
    // Aborted when the server goes quiet between chunks, or when the consumer stops early.
    const local = new AbortController();
    const signal = callerSignal === undefined ? local.signal : AbortSignal.any([callerSignal, local.signal]);
    let idleTimedOut = false;
    let timer: NodeJS.Timeout | undefined;
    const armIdleTimer = (): void => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        idleTimedOut = true;
        local.abort(new Error('idle timeout'));
      }, this.#selection.timeoutMs);
    };

    let iterator: AsyncIterator<{ readonly text: string }> | undefined;
    let outputChars = 0;
    let chunks = 0;
    let completed = false;
    try {
      const source = await raceWithAbort(this.#selection.model.stream([...messages], { signal }), signal);
      iterator = source[Symbol.asyncIterator]();
      for (;;) {
        // The idle timer runs only while waiting for the server, not while the consumer handles a delta.
        if (chunks > 0) armIdleTimer();
        const step = await raceWithAbort(iterator.next(), signal);
        clearTimeout(timer);
        if (step.done === true) break;
        chunks += 1;
        const delta = step.value.text;
        if (delta === '') continue;
        outputChars += delta.length;
        yield delta;
      }
      if (outputChars === 0) throw llmError(this.#context, 'invalid-response', null, 'The model streamed no text');
      completed = true;
      this.#logger.debug(
        { llm: this.id, milliseconds: elapsed(startedAt), inputChars: charactersOf(messages), outputChars, chunks },
        'LLM answer streamed',
      );
    } catch (error) {
      if (idleTimedOut && callerSignal?.aborted !== true) {
        const timeout = llmError(
          this.#context,
          'timeout',
          null,
          `The stream stopped: no chunk for ${this.#selection.timeoutMs} ms after ${chunks} chunk(s)`,
        );
        throw this.#failure(timeout, callerSignal, startedAt);
      }
      throw this.#failure(error, callerSignal, startedAt);
    } finally {
      clearTimeout(timer);
      if (!completed) {
        local.abort(new Error('stream closed'));
        iterator?.return?.().catch(() => undefined);
      }
    }
  }

  /** The error a failed call rejects with: the caller's abort reason, else one logged {@link LlmError}. */
  #failure(error: unknown, signal: AbortSignal | undefined, startedAt: number): unknown {
    if (signal?.aborted === true) return signal.reason;
    const failure: LlmError = toLlmError(error, this.#context);
    this.#logger.warn(
      { llm: this.id, code: failure.code, kind: failure.kind, status: failure.status, milliseconds: elapsed(startedAt) },
      failure.message,
    );
    return failure;
  }
}

/**
 * `promise`, or a rejection with `signal.reason` as soon as `signal` aborts — for clients that notice an abort
 * late. The promise's own later rejection is handled, so it is never reported as unhandled.
 */
function raceWithAbort<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (signal === undefined) return promise;
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    if (signal.aborted) {
      promise.catch(() => undefined);
      onAbort();
      return;
    }
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

function elapsed(startedAt: number): number {
  return Math.round(performance.now() - startedAt);
}

function charactersOf(messages: readonly BaseMessage[]): number {
  return messages.reduce((total, message) => total + message.text.length, 0);
}

function usageOf(message: BaseMessage): unknown {
  return 'usage_metadata' in message ? message.usage_metadata : undefined;
}
