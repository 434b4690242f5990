/**
 * The small interface the answerer uses to get text from the LLM, over a LangChain chat model: whole answers
 * ({@link TextGenerator.generate}) or text deltas as they arrive ({@link TextGenerator.stream}), with every
 * client failure turned into one {@link LlmError}.
 */
import type { BaseMessage } from '@langchain/core/messages';
import type { LlmError, Logger } from '../core';
import type { ChatModelSelection } from './chat-model';
import type { LlmCallPermit, LlmCircuitBreaker } from './circuit-breaker';
import { isServerFailure, llmError, toLlmError, type LlmCallContext } from './llm-errors';

/** Per-call options. */
export interface GenerateOptions {
  /** Cancels the call (and its HTTP request); the call then rejects with the signal's reason. */
  readonly signal?: AbortSignal;
  /**
   * Time (milliseconds since the epoch, as `Date.now()`) by which the call must be over, retries and backoff
   * included — the question's total LLM budget. Past it the request is cancelled and the call rejects with an
   * {@link LlmError} of kind `timeout`; a call started after it is not sent.
   */
  readonly deadline?: number;
}

/** Options of {@link createTextGenerator}. */
export interface TextGeneratorOptions {
  /**
   * The LLM server's circuit breaker: calls are refused at once (an {@link LlmError} of kind `circuit-open`,
   * nothing sent) while it is open, and every call's outcome is reported to it.
   */
  readonly breaker?: LlmCircuitBreaker;
}

/** Generates text from chat messages (system + human, e.g. from `PromptLibrary.render`). */
export interface TextGenerator {
  /** Printable identity of the model, `<provider>:<model>@<baseUrl>`; never the API key. */
  readonly id: string;

  /**
   * The model's whole answer to `messages`.
   * @throws {LlmError} when the request fails after the client's retries (HTTP status, timeout, unreachable
   *   server), the answer has no text, the deadline passes (kind `timeout`) or the circuit is open (kind
   *   `circuit-open`, nothing sent).
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
 * status, message) — a call refused by the open circuit only at `debug`; never the prompt text or the API key.
 */
export function createTextGenerator(selection: ChatModelSelection, logger: Logger, options: TextGeneratorOptions = {}): TextGenerator {
  return new ChatModelTextGenerator(selection, logger, options.breaker);
}

/** A call's deadline as an abort signal; `expired` tells a deadline abort from the caller's. */
interface CallDeadline {
  readonly signal: AbortSignal | undefined;
  readonly expired: () => boolean;
  readonly clear: () => void;
}

function callDeadline(deadline: number | undefined): CallDeadline {
  if (deadline === undefined) return { signal: undefined, expired: () => false, clear: () => undefined };
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new Error('deadline')), Math.max(0, deadline - Date.now()));
  return { signal: controller.signal, expired: () => controller.signal.aborted, clear: () => clearTimeout(timer) };
}

function anySignal(...signals: readonly (AbortSignal | undefined)[]): AbortSignal | undefined {
  const present = signals.filter((signal): signal is AbortSignal => signal !== undefined);
  return present.length <= 1 ? present[0] : AbortSignal.any(present);
}

class ChatModelTextGenerator implements TextGenerator {
  readonly id: string;
  readonly #selection: ChatModelSelection;
  readonly #logger: Logger;
  readonly #context: LlmCallContext;
  readonly #breaker: LlmCircuitBreaker | undefined;

  constructor(selection: ChatModelSelection, logger: Logger, breaker: LlmCircuitBreaker | undefined) {
    this.id = selection.id;
    this.#selection = selection;
    this.#logger = logger;
    this.#breaker = breaker;
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
    const callerSignal = options.signal;
    callerSignal?.throwIfAborted();
    const startedAt = performance.now();
    const permit = this.#admit(options.deadline, startedAt);
    const deadline = callDeadline(options.deadline);
    const signal = anySignal(callerSignal, deadline.signal);
    try {
      const message = await raceWithAbort(this.#selection.model.invoke([...messages], { signal }), signal);
      const text = message.text;
      if (text.trim() === '') throw llmError(this.#context, 'invalid-response', null, 'The model answered with no text');
      permit.succeeded();
      this.#logger.debug(
        { llm: this.id, milliseconds: elapsed(startedAt), inputChars: charactersOf(messages), outputChars: text.length, usage: usageOf(message) },
        'LLM answer generated',
      );
      return text;
    } catch (error) {
      throw this.#failure(deadline.expired() ? this.#budgetSpent() : error, callerSignal, startedAt, permit);
    } finally {
      deadline.clear();
    }
  }

  async *stream(messages: readonly BaseMessage[], options: GenerateOptions = {}): AsyncIterable<string> {
    const callerSignal = options.signal;
    callerSignal?.throwIfAborted();
    const startedAt = performance.now();
    const permit = this.#admit(options.deadline, startedAt);
    const deadline = callDeadline(options.deadline);
    // Aborted when the server goes quiet between chunks, or when the consumer stops early.
    const local = new AbortController();
    const signal = anySignal(callerSignal, deadline.signal, local.signal) ?? local.signal;
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
      permit.succeeded();
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
        throw this.#failure(timeout, callerSignal, startedAt, permit);
      }
      throw this.#failure(deadline.expired() ? this.#budgetSpent() : error, callerSignal, startedAt, permit);
    } finally {
      clearTimeout(timer);
      deadline.clear();
      // A consumer that stopped reading early: the call tells nothing about the server.
      permit.released();
      if (!completed) {
        local.abort(new Error('stream closed'));
        iterator?.return?.().catch(() => undefined);
      }
    }
  }

  /**
   * The breaker's permit for a call, or — when the question's deadline has passed or the circuit is open — the
   * {@link LlmError} to reject with instead of sending anything.
   */
  #admit(deadline: number | undefined, startedAt: number): LlmCallPermit {
    if (deadline !== undefined && Date.now() >= deadline) throw this.#failure(this.#budgetSpent(), undefined, startedAt, undefined);
    if (this.#breaker === undefined) return NO_BREAKER_PERMIT;
    const permit = this.#breaker.tryAcquire();
    if (permit !== null) return permit;
    const circuit = this.#breaker.snapshot();
    const refused = llmError(
      this.#context,
      'circuit-open',
      null,
      `Not sent: the circuit opened at ${circuit.openedAt ?? 'start-up'} after ${circuit.consecutiveFailures} failed call(s); next trial in ${circuit.retryInMs} ms`,
    );
    this.#logger.debug({ llm: this.id, code: refused.code, kind: refused.kind }, 'LLM call skipped: circuit open');
    throw refused;
  }

  /** The timeout error of a question whose total LLM budget ran out. */
  #budgetSpent(): LlmError {
    return llmError(this.#context, 'timeout', null, "The question's LLM time budget (LLM_TOTAL_TIMEOUT_MS) ran out");
  }

  /**
   * The error a failed call rejects with: the caller's abort reason, else one logged {@link LlmError}; reports
   * the outcome to the breaker's permit (server failures count, the caller's aborts do not).
   */
  #failure(error: unknown, signal: AbortSignal | undefined, startedAt: number, permit: LlmCallPermit | undefined): unknown {
    if (signal?.aborted === true) {
      permit?.released();
      return signal.reason;
    }
    const failure: LlmError = toLlmError(error, this.#context);
    if (isServerFailure(failure)) permit?.failed();
    else permit?.succeeded();
    this.#logger.warn(
      { llm: this.id, code: failure.code, kind: failure.kind, status: failure.status, milliseconds: elapsed(startedAt) },
      failure.message,
    );
    return failure;
  }
}

/** The permit of a generator without a breaker: reports go nowhere. */
const NO_BREAKER_PERMIT: LlmCallPermit = { succeeded: () => undefined, failed: () => undefined, released: () => undefined };

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
