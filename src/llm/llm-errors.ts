/**
 * Turns whatever the LangChain clients throw (OpenAI SDK errors, Ollama `ResponseError`, fetch errors, our
 * timeout) into one {@link LlmError} with provider, model, status and advice — and never the API key.
 */
import { connectionErrorCode, LlmError, type LlmFailureKind, type LlmProvider } from '../core';
import { ConnectTimeoutError } from './connect-timeout';
import { RequestTimeoutError } from './ollama-fetch';

/** What an error message needs to know about the call. */
export interface LlmCallContext {
  readonly provider: LlmProvider;
  readonly model: string;
  /** Printable base URL (see {@link printableUrl}). */
  readonly baseUrl: string;
  /** Per-attempt timeout, milliseconds. */
  readonly timeoutMs: number;
  readonly maxRetries: number;
  /** Removes the API key (and bearer tokens) from text kept from a library's message. */
  readonly redact: (text: string) => string;
}

/** Longest `detail` kept from a library's message, in characters. */
const DETAIL_MAX_CHARS = 300;

/**
 * Whether `error` should count against the LLM's circuit breaker: the server did not answer in time, could not
 * be reached, or failed (HTTP 5xx). Client errors (4xx), empty answers and aborts say the server is there.
 */
export function isServerFailure(error: LlmError): boolean {
  return error.kind === 'timeout' || error.kind === 'connection' || (error.kind === 'http' && (error.status ?? 0) >= 500);
}

/** Wraps a client error once; an {@link LlmError} passes through unchanged. */
export function toLlmError(error: unknown, context: LlmCallContext): LlmError {
  if (error instanceof LlmError) return error;
  const connectTimeout = causeOfType(error, ConnectTimeoutError);
  if (connectTimeout !== null) {
    return llmError(context, 'connection', null, `No connection within ${connectTimeout.timeoutMs} ms (LLM_CONNECT_TIMEOUT_MS)`);
  }
  const status = httpStatus(error);
  const kind: LlmFailureKind =
    status !== null ? 'http' : isTimeout(error) ? 'timeout' : isConnectionFailure(error) ? 'connection' : 'other';
  const code = connectionErrorCode(error);
  const message = error instanceof Error ? error.message : String(error);
  const detail = kind === 'timeout' ? `no response within ${context.timeoutMs} ms.` : describe(message, code, context.redact);
  return llmError(context, kind, status, detail);
}

/** An {@link LlmError} of `kind` with the advice for it. */
export function llmError(context: LlmCallContext, kind: LlmFailureKind, status: number | null, detail: string): LlmError {
  return new LlmError({
    provider: context.provider,
    model: context.model,
    baseUrl: context.baseUrl,
    kind,
    status,
    detail: asSentence(context.redact(detail)),
    advice: advice(context, kind, status),
  });
}

function describe(message: string, code: string | null, redact: (text: string) => string): string {
  // OpenAI SDK messages start with the status, LangChain appends a troubleshooting link: both are noise here.
  const text = redact(
    message
      .replace(/\s*Troubleshooting URL: \S+/gu, '')
      .replace(/^\d{3}\s+/u, '')
      .replace(/\s+/gu, ' ')
      .trim(),
  );
  const cut = text.length > DETAIL_MAX_CHARS ? `${text.slice(0, DETAIL_MAX_CHARS)}…` : text;
  return code !== null && !cut.includes(code) ? `${cut} (${code})` : cut;
}

function advice(context: LlmCallContext, kind: LlmFailureKind, status: number | null): string {
  const retried = context.maxRetries > 0 ? ` It was retried ${context.maxRetries} time(s) (LLM_MAX_RETRIES).` : '';
  switch (kind) {
    case 'timeout':
      return `Raise LLM_FIRST_TOKEN_TIMEOUT_MS (now ${context.timeoutMs} ms) or LLM_TOTAL_TIMEOUT_MS for a slow local model, or check that the server is not overloaded.`;
    case 'circuit-open':
      return 'Check that the LLM server is running and answering; a trial call is made after LLM_CIRCUIT_COOLDOWN_MS.';
    case 'connection':
      return 'Check LLM_BASE_URL and that the server is running and reachable from this machine.';
    case 'invalid-response':
      return 'Check that LLM_MODEL is a chat model and that LLM_BASE_URL points at a compatible API.';
    case 'other':
      return 'Check LLM_PROVIDER, LLM_BASE_URL and LLM_MODEL; the log has the request details.';
    case 'http':
      return httpAdvice(context, status ?? 0, retried);
  }
}

function httpAdvice(context: LlmCallContext, status: number, retried: string): string {
  if (status === 401 || status === 403) return 'Check LLM_API_KEY: the server rejected it (or it is missing).';
  if (status === 404) {
    return context.provider === 'ollama'
      ? `Check LLM_MODEL: the server does not have it; pull it with \`ollama pull ${context.model}\`.`
      : 'Check LLM_MODEL (the server does not serve it) and LLM_BASE_URL (OpenAI-compatible URLs usually end in /v1).';
  }
  if (status === 429) return `The server is rate-limiting or out of quota: wait and try again, or check the account's plan.${retried}`;
  if (status === 400 || status === 413 || status === 422) {
    return 'The server rejected the request: check that LLM_MODEL is a chat model and that the prompt fits its context window (lower LLM_CONTEXT_CHARS).';
  }
  if (status >= 500) return `The server failed; try again later or check its logs.${retried}`;
  return 'Check LLM_BASE_URL, LLM_MODEL and LLM_API_KEY.';
}

function httpStatus(error: unknown): number | null {
  if (typeof error !== 'object' || error === null) return null;
  const candidates: unknown[] = [
    'status' in error ? error.status : undefined,
    'status_code' in error ? error.status_code : undefined,
    'response' in error && typeof error.response === 'object' && error.response !== null && 'status' in error.response
      ? error.response.status
      : undefined,
  ];
  for (const candidate of candidates) {
    if (typeof candidate === 'number' && Number.isInteger(candidate) && candidate >= 100 && candidate <= 599) return candidate;
  }
  return null;
}

/** Whether the server refused the connection (`ECONNREFUSED` in `error`'s `cause` chain): nothing listens there. */
export function isRefusedConnection(error: unknown): boolean {
  return connectionErrorCode(error) === 'ECONNREFUSED';
}

/** Whether `error` (or an error in its `cause` chain) is a {@link ConnectTimeoutError}. */
export function isConnectTimeout(error: unknown): boolean {
  return causeOfType(error, ConnectTimeoutError) !== null;
}

/** Whether `error` is a client's or our per-attempt timeout (no response headers, or no chunk, in time). */
export function isTimeout(error: unknown): boolean {
  if (error instanceof RequestTimeoutError) return true;
  if (!(error instanceof Error)) return false;
  return error.name === 'TimeoutError' || error.constructor.name === 'APIConnectionTimeoutError';
}

/** The first error of `type` in `error`'s `cause` chain (itself included), or null. */
function causeOfType<T extends Error>(error: unknown, type: new (...args: never[]) => T): T | null {
  let current: unknown = error;
  for (let depth = 0; depth < 6 && current instanceof Error; depth += 1) {
    if (current instanceof type) return current;
    current = current.cause;
  }
  return null;
}

/** Whether `error` means the server could not be reached or dropped the connection. */
function isConnectionFailure(error: unknown): boolean {
  if (connectionErrorCode(error) !== null) return true;
  let current: unknown = error;
  for (let depth = 0; depth < 6 && current instanceof Error; depth += 1) {
    if (current.name === 'APIConnectionError' || current.constructor.name === 'APIConnectionError') return true;
    if (current instanceof TypeError && /fetch failed|terminated/u.test(current.message)) return true;
    current = current.cause;
  }
  return false;
}

function asSentence(text: string): string {
  const trimmed = text.trim();
  if (trimmed === '') return 'No details.';
  return /[.!?…)]$/u.test(trimmed) ? trimmed : `${trimmed}.`;
}
