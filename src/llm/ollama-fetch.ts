/**
 * The `fetch` given to the Ollama client. `@langchain/ollama` has neither a request timeout nor retries (the
 * OpenAI client has both), so this adapter adds them with the same meaning as the OpenAI client's:
 * - each attempt waits at most `timeoutMs` milliseconds for the response headers (the body — a stream — is not
 *   limited here; the text generator watches the gaps between chunks);
 * - failed attempts are retried up to `maxRetries` times by LangChain's `AsyncCaller` (exponential backoff with
 *   jitter, starting at about one second; HTTP 400–409 and 413, aborts and timeouts are not retried, 429 only
 *   with a short `Retry-After`; see {@link retryFailedAttempt});
 * - the call's abort signal ({@link currentRequestSignal}) cancels the request, body included.
 * After the last attempt, an HTTP error is handed back as a response, so the Ollama client reports its status.
 */
import { AsyncCaller } from '@langchain/core/utils/async_caller';
import type { Logger } from '../core';
import { currentRequestSignal } from './request-signal';
import { retryFailedAttempt } from './retry-policy';

/** An attempt got no response headers within the timeout. `name` is `TimeoutError`, which the retry policy retries. */
export class RequestTimeoutError extends Error {
  /** The timeout that elapsed, in milliseconds. */
  readonly timeoutMs: number;
  constructor(timeoutMs: number) {
    super(`no response within ${timeoutMs} ms`);
    this.name = 'TimeoutError';
    this.timeoutMs = timeoutMs;
  }
}

/** An attempt answered with an HTTP error status; carries what the retry policy reads (status, Retry-After). */
class HttpStatusFailure extends Error {
  readonly status: number;
  readonly headers: Headers;
  readonly #statusText: string;
  readonly #body: string;
  constructor(response: Response, body: string) {
    super(`HTTP ${response.status}`);
    this.status = response.status;
    this.headers = response.headers;
    this.#statusText = response.statusText;
    this.#body = body;
  }

  /** The failed response again, body included, for the Ollama client to report. */
  toResponse(): Response {
    return new Response(this.#body, { status: this.status, statusText: this.#statusText, headers: this.headers });
  }
}

/** The call was aborted; `name` `AbortError` stops the retries. The original reason is rethrown. */
class AttemptAborted extends Error {
  readonly reason: unknown;
  constructor(reason: unknown) {
    super('aborted');
    this.name = 'AbortError';
    this.reason = reason;
  }
}

/** Settings of {@link createOllamaFetch}. */
export interface OllamaFetchOptions {
  /** Milliseconds an attempt waits for response headers. */
  readonly timeoutMs: number;
  /** Extra attempts after a failed one. */
  readonly maxRetries: number;
  readonly logger: Logger;
  /** The underlying fetch; the global one by default (tests may wrap it). */
  readonly fetch?: typeof fetch;
}

/**
 * Returns a `fetch` with per-attempt timeout, retries and the call's abort signal (see the module comment).
 * @throws the call signal's reason when the call is aborted; {@link RequestTimeoutError} when the last attempt
 *   timed out; the underlying fetch's error (e.g. `TypeError: fetch failed`) when the server cannot be reached.
 */
export function createOllamaFetch(options: OllamaFetchOptions): typeof fetch {
  const baseFetch = options.fetch ?? globalThis.fetch;
  const caller = new AsyncCaller({ maxRetries: options.maxRetries, onFailedAttempt: retryFailedAttempt });

  const attempt = async (input: Parameters<typeof fetch>[0], init: RequestInit | undefined, callSignal: AbortSignal | undefined): Promise<Response> => {
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(new RequestTimeoutError(options.timeoutMs)), options.timeoutMs);
    const signals = [timeout.signal, init?.signal ?? undefined, callSignal].filter((signal): signal is AbortSignal => signal !== undefined);
    try {
      const response = await baseFetch(input, { ...init, signal: AbortSignal.any(signals) });
      if (!response.ok) throw new HttpStatusFailure(response, await response.text());
      return response;
    } catch (error) {
      if (callSignal?.aborted === true) throw new AttemptAborted(callSignal.reason);
      if (init?.signal?.aborted === true) throw new AttemptAborted(init.signal.reason);
      const failure = timeout.signal.aborted ? new RequestTimeoutError(options.timeoutMs) : error;
      options.logger.debug(
        { error: failure instanceof Error ? failure.message : String(failure) },
        'LLM request attempt failed (retried when retryable)',
      );
      throw failure;
    } finally {
      clearTimeout(timer);
    }
  };

  return async (input, init) => {
    const callSignal = currentRequestSignal();
    callSignal?.throwIfAborted();
    try {
      return await caller.call(() => attempt(input, init, callSignal));
    } catch (error) {
      if (error instanceof HttpStatusFailure) return error.toResponse();
      if (error instanceof AttemptAborted) throw error.reason;
      throw error;
    }
  };
}
