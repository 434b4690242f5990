/**
 * What the embedding-service clients throw (OpenAI SDK errors as LangChain wraps them, Ollama's
 * `ResponseError`, fetch errors, timeouts), turned into one {@link EmbeddingServiceError} that names provider,
 * model and URL and says what to fix — never the API key; and the retry policy both clients' LangChain callers use.
 * URLs, redaction and socket codes come from `core` (`service-text.ts`), shared with the LLM stage.
 */
import { AsyncCaller, classifyRateLimitError } from '@langchain/core/utils/async_caller';
import { connectionErrorCode, EmbeddingServiceError, type EmbeddingServiceFailureKind, type EmbeddingServiceProvider } from '../core';

/** What an error message needs to know about the service. */
export interface EmbeddingServiceContext {
  readonly provider: EmbeddingServiceProvider;
  readonly model: string;
  /** Printable base URL (see {@link printableUrl}). */
  readonly baseUrl: string;
  readonly timeoutMs: number;
  readonly maxRetries: number;
  /** Whether `EMBEDDINGS_API_KEY` is set (the key itself is never kept here). */
  readonly apiKeySet: boolean;
  /** Removes the API key (and bearer tokens) from text kept from a library's message. */
  readonly redact: (text: string) => string;
}

/** Longest part of a library's or server's message kept in an error, in characters. */
const DETAIL_MAX_CHARS = 300;

/** Exposes LangChain's default decision on a failed attempt (a protected member of `AsyncCaller`). */
class DefaultRetryDecision extends AsyncCaller {
  decide(error: unknown): void {
    this.onFailedAttempt?.(error);
  }
}

const LANGCHAIN_DEFAULT = new DefaultRetryDecision({});

/**
 * The retry policy of both clients (LangChain `AsyncCaller` `onFailedAttempt`; throwing = do not retry):
 * - not retried: a timeout or a refused connection (asking again costs another full wait, or nothing listens),
 *   HTTP 400–409 and 413 (Ollama's errors included: its `status_code` is read too), and 429s that say the quota
 *   is spent or ask to wait longer than a minute;
 * - retried with exponential backoff: HTTP 429 (with or without `Retry-After`), 5xx, 408, a reset connection.
 * @throws `error` itself when the attempt must not be retried.
 */
export function embeddingRetryPolicy(error: unknown): void {
  if (isTimeout(error) || connectionErrorCode(error) === 'ECONNREFUSED') throw error;
  const status = httpStatus(error);
  if (status === 429) {
    const classification = classifyRateLimitError({ status, message: error instanceof Error ? error.message : '' });
    if (classification?.action === 'stop' || classification?.reason === 'retry_after_too_large') throw error;
    return;
  }
  if (status !== null && status >= 400 && status < 500 && status !== 408) throw error;
  LANGCHAIN_DEFAULT.decide(error);
}

/**
 * Wraps a client error once; an {@link EmbeddingServiceError} passes through unchanged.
 * @param error - what the LangChain embeddings client threw.
 */
export function toEmbeddingServiceError(error: unknown, context: EmbeddingServiceContext): EmbeddingServiceError {
  if (error instanceof EmbeddingServiceError) return error;
  const status = httpStatus(error);
  const kind: EmbeddingServiceFailureKind =
    status !== null ? 'http' : isTimeout(error) ? 'timeout' : connectionErrorCode(error) !== null || isConnectionFailure(error) ? 'connection' : 'other';
  const message = error instanceof Error ? error.message : String(error);
  const detail = kind === 'timeout' ? `No answer within ${context.timeoutMs} ms.` : describe(message, connectionErrorCode(error), context.redact);
  return embeddingServiceError(context, kind, status, `${detail} ${advice(context, kind, status, message)}`);
}

/** An {@link EmbeddingServiceError} of `kind`; `reason` is redacted once more. */
export function embeddingServiceError(
  context: EmbeddingServiceContext,
  kind: EmbeddingServiceFailureKind,
  status: number | null,
  reason: string,
): EmbeddingServiceError {
  const details = { provider: context.provider, model: context.model, baseUrl: context.baseUrl, kind, status };
  return new EmbeddingServiceError(details, context.redact(reason));
}

function urlVariable(context: EmbeddingServiceContext): string {
  return context.provider === 'ollama' ? 'OLLAMA_BASE_URL' : 'EMBEDDINGS_BASE_URL';
}

function advice(context: EmbeddingServiceContext, kind: EmbeddingServiceFailureKind, status: number | null, message: string): string {
  switch (kind) {
    case 'timeout':
      return `Raise EMBEDDINGS_TIMEOUT_MS (now ${context.timeoutMs} ms) for a slow server, or check that it is not overloaded.`;
    case 'connection':
      return (
        `The server is not reachable: check ${urlVariable(context)} (now ${context.baseUrl}) and that the server is running` +
        (context.provider === 'ollama' ? ' (`ollama serve`).' : '.')
      );
    case 'invalid-response':
      return `Check that EMBEDDINGS_MODEL=${context.model} is an embedding model and ${urlVariable(context)} points at a compatible API.`;
    case 'other':
      return `Check EMBEDDER, ${urlVariable(context)} and EMBEDDINGS_MODEL.`;
    case 'http':
      return httpAdvice(context, status ?? 0, message);
  }
}

function httpAdvice(context: EmbeddingServiceContext, status: number, message: string): string {
  if (status === 401 || status === 403) {
    return context.apiKeySet
      ? 'The server rejected the API key: check EMBEDDINGS_API_KEY.'
      : 'The server wants an API key: set EMBEDDINGS_API_KEY.';
  }
  if (status === 404) {
    return context.provider === 'ollama'
      ? `The server does not have the model: pull it with \`ollama pull ${context.model}\`, or fix EMBEDDINGS_MODEL=${context.model}.`
      : `The server does not serve the model: check EMBEDDINGS_MODEL=${context.model} and EMBEDDINGS_BASE_URL ` +
          '(OpenAI-compatible URLs usually end in /v1).';
  }
  if (status === 429) {
    const quota = classifyRateLimitError({ status, message })?.action === 'stop';
    return quota
      ? "The account is out of quota (not retried): check the account's plan or billing."
      : `Rate limited after ${context.maxRetries} retries (EMBEDDINGS_MAX_RETRIES): wait and try again, ` +
          "raise EMBEDDINGS_MAX_RETRIES, lower EMBEDDING_BATCH_SIZE, or check the account's rate limits.";
  }
  if (status === 400 || status === 413 || status === 422) {
    return (
      `The server rejected the request: check that EMBEDDINGS_MODEL=${context.model} is an embedding model, ` +
      'that it supports EMBEDDINGS_DIMENSIONS if set, and lower EMBEDDING_BATCH_SIZE or CHUNK_SIZE if inputs are too long.'
    );
  }
  if (status >= 500) return `The server failed after ${context.maxRetries} retries; try again later or check its logs.`;
  return `Check ${urlVariable(context)}, EMBEDDINGS_MODEL and EMBEDDINGS_API_KEY.`;
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
  const withCode = code !== null && !cut.includes(code) ? `${cut} (${code})` : cut;
  return withCode === '' ? 'No details.' : /[.!?…)]$/u.test(withCode) ? withCode : `${withCode}.`;
}

/** The HTTP status an error carries: `status` (OpenAI SDK), `status_code` (Ollama), `statusCode`, `response.status`. */
function httpStatus(error: unknown): number | null {
  if (typeof error !== 'object' || error === null) return null;
  const record = error as Record<string, unknown>;
  const response = record.response;
  const candidates: unknown[] = [
    record.status,
    record.status_code,
    record.statusCode,
    typeof response === 'object' && response !== null ? (response as Record<string, unknown>).status : undefined,
  ];
  for (const candidate of candidates) {
    if (typeof candidate === 'number' && Number.isInteger(candidate) && candidate >= 100 && candidate <= 599) return candidate;
  }
  return null;
}

/** Whether `error` (or its cause) is a client timeout: LangChain's `TimeoutError`, `AbortSignal.timeout`'s DOMException. */
function isTimeout(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 6 && current instanceof Error; depth += 1) {
    if (current.name === 'TimeoutError' || current.constructor.name === 'APIConnectionTimeoutError') return true;
    current = current.cause;
  }
  return false;
}

function isConnectionFailure(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 6 && current instanceof Error; depth += 1) {
    if (current.name === 'APIConnectionError' || current.constructor.name === 'APIConnectionError') return true;
    if (current instanceof TypeError && /fetch failed|terminated/u.test(current.message)) return true;
    current = current.cause;
  }
  return false;
}
