/**
 * A connect timeout for the LLM clients' `fetch` (`LLM_CONNECT_TIMEOUT_MS`): an attempt that has not finished
 * opening its connection (TCP, and TLS for https) within the budget is cancelled, instead of waiting for the
 * first-token timeout. Node's `fetch` (undici) takes a connect timeout only from an undici `Agent`, and `undici`
 * is not a dependency of this project; so the phase is observed through the diagnostics channels Node's undici
 * publishes (https://undici.nodejs.org/#/docs/api/DiagnosticsChannel): `undici:request:create` when the attempt's
 * request is queued, `undici:client:sendHeaders` once it is written to a connected socket. Where these channels
 * are not published (another fetch), the wrapper adds nothing and the first-token timeout still applies.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import diagnostics from 'node:diagnostics_channel';

/**
 * An attempt could not open its connection in time. `code` is undici's own for the same failure. Its name and
 * message avoid the word "timeout" on purpose: the OpenAI SDK would otherwise report it as a response timeout
 * (`APIConnectionTimeoutError`, which LangChain rebuilds without its cause) instead of a connection error.
 */
export class ConnectTimeoutError extends Error {
  readonly code = 'UND_ERR_CONNECT_TIMEOUT';
  /** The connect budget that elapsed, in milliseconds. */
  readonly timeoutMs: number;
  constructor(timeoutMs: number) {
    super(`no connection within ${timeoutMs} ms`);
    this.name = 'ConnectError';
    this.timeoutMs = timeoutMs;
  }
}

/** The attempt in whose async context undici creates a request. */
interface ConnectingAttempt {
  readonly requestCreated: () => void;
  readonly connected: () => void;
}

const attempts = new AsyncLocalStorage<ConnectingAttempt>();
const attemptOfRequest = new WeakMap<object, ConnectingAttempt>();
let subscribed = false;

function requestOf(message: unknown): object | null {
  if (typeof message !== 'object' || message === null || !('request' in message)) return null;
  const request = message.request;
  return typeof request === 'object' && request !== null ? request : null;
}

function subscribeOnce(): void {
  if (subscribed) return;
  subscribed = true;
  diagnostics.subscribe('undici:request:create', (message) => {
    const attempt = attempts.getStore();
    const request = requestOf(message);
    if (attempt === undefined || request === null) return;
    attemptOfRequest.set(request, attempt);
    attempt.requestCreated();
  });
  diagnostics.subscribe('undici:client:sendHeaders', (message) => {
    const request = requestOf(message);
    if (request !== null) attemptOfRequest.get(request)?.connected();
  });
}

/**
 * `baseFetch` with a connect timeout of `connectTimeoutMs` milliseconds per call: the timer starts when the
 * request is queued and stops when it is written to a connected socket (at once on a kept-alive connection).
 * @throws {ConnectTimeoutError} when the connection is not open in time (the request is aborted); whatever
 *   `baseFetch` throws otherwise (the caller's abort reason when its signal aborts).
 */
export function withConnectTimeout(baseFetch: typeof fetch, connectTimeoutMs: number): typeof fetch {
  subscribeOnce();
  return async (input, init) => {
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const attempt: ConnectingAttempt = {
      requestCreated: () => {
        timer ??= setTimeout(() => controller.abort(new ConnectTimeoutError(connectTimeoutMs)), connectTimeoutMs);
      },
      connected: () => clearTimeout(timer),
    };
    const callerSignal = init?.signal ?? undefined;
    const signal = callerSignal === undefined ? controller.signal : AbortSignal.any([callerSignal, controller.signal]);
    try {
      return await attempts.run(attempt, () => baseFetch(input, { ...init, signal }));
    } catch (error) {
      if (controller.signal.aborted && callerSignal?.aborted !== true) throw controller.signal.reason;
      throw error;
    } finally {
      clearTimeout(timer);
    }
  };
}
