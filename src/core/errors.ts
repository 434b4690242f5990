/**
 * One error hierarchy for the whole assistant. Every error carries a stable `code` and the data needed
 * to act on it; entry points (CLI, Slack) print or log `code` + `message` in one place.
 */
import type { Language } from './types';

/** Every error code, for code that must recognise one at run time (e.g. a child process's report). */
export const ERROR_CODES = [
  'CONFIG_INVALID',
  'INPUT_INVALID',
  'QUESTION_TOO_LONG',
  'PARSE_FAILED',
  'INDEX_MISSING',
  'INDEX_MISMATCH',
  'INDEX_CORRUPT',
  'INDEX_BUSY',
  'EMBEDDER_UNAVAILABLE',
  'PROMPT_INVALID',
  'LLM_FAILED',
  'LLM_UNAVAILABLE',
  'SLACK_UNAVAILABLE',
  'STATE_STORE_UNAVAILABLE',
  'ABORTED',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** Whether `value` is one of {@link ERROR_CODES}. */
export function isErrorCode(value: string): value is ErrorCode {
  return (ERROR_CODES as readonly string[]).includes(value);
}

/** Base class: `code` is stable across releases; `message` says what was expected, found, and what to do. */
export class AssistantError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** An environment variable is missing, malformed or inconsistent with another. */
export class ConfigError extends AssistantError {
  readonly issues: readonly string[];
  constructor(issues: readonly string[]) {
    super('CONFIG_INVALID', `Invalid configuration:\n  - ${issues.join('\n  - ')}\nSee .env.example.`);
    this.issues = issues;
  }
}

/** A user-supplied argument or file (question batch, eval file) is malformed. */
export class InputError extends AssistantError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('INPUT_INVALID', message, options);
  }
}

/**
 * A question is longer than the configured maximum (`MAX_QUESTION_CHARS`). Thrown before any analysis of
 * the question (no language analysis beyond a bounded prefix, no retrieval, no LLM call), so an over-long
 * question costs time proportional to the limit, not to its own length. `lang` is the asker's language,
 * detected on the question's start, for a reply in that language.
 */
export class QuestionTooLongError extends AssistantError {
  /** The question's length in characters (Unicode code points). */
  readonly characters: number;
  /** The maximum in characters (Unicode code points). */
  readonly maximumCharacters: number;
  readonly lang: Language;
  constructor(details: { readonly characters: number; readonly maximumCharacters: number; readonly lang: Language }) {
    super(
      'QUESTION_TOO_LONG',
      `The question is ${details.characters.toLocaleString('en-US')} characters long; questions may be at most ` +
        `${details.maximumCharacters.toLocaleString('en-US')} characters (MAX_QUESTION_CHARS). Ask it in fewer words, ` +
        'e.g. one or two sentences naming what you want to know.',
    );
    this.characters = details.characters;
    this.maximumCharacters = details.maximumCharacters;
    this.lang = details.lang;
  }
}

/** A newsletter file could not be read or split into articles. `line` is 1-based when known. */
export class ParseError extends AssistantError {
  readonly file: string;
  readonly line: number | null;
  /** What is wrong, without the file name. */
  readonly reason: string;
  constructor(file: string, line: number | null, reason: string, options?: { cause?: unknown }) {
    super('PARSE_FAILED', `${file}${line === null ? '' : `:${line}`}: ${reason}`, options);
    this.file = file;
    this.line = line;
    this.reason = reason;
  }
}

/** No index exists at the configured directory. Run `npm run index`. */
export class IndexMissingError extends AssistantError {
  readonly directory: string;
  constructor(directory: string) {
    super('INDEX_MISSING', `No index at ${directory}. Build it with \`npm run index\`.`);
    this.directory = directory;
  }
}

/** The index on disk was built with another embedder, chunking or seeds; it must be rebuilt, not queried. */
export class IndexMismatchError extends AssistantError {
  readonly field: string;
  readonly expected: string;
  readonly found: string;
  constructor(field: string, expected: string, found: string) {
    super(
      'INDEX_MISMATCH',
      `Index ${field} mismatch: expected ${expected}, found ${found}. Rebuild it with \`npm run index\`.`,
    );
    this.field = field;
    this.expected = expected;
    this.found = found;
  }
}

/** An index file is missing, truncated or inconsistent with the manifest. */
export class IndexCorruptError extends AssistantError {
  readonly path: string;
  constructor(path: string, reason: string, options?: { cause?: unknown }) {
    super('INDEX_CORRUPT', `Index file ${path} is unusable: ${reason}. Rebuild it with \`npm run index\`.`, options);
    this.path = path;
  }
}

/** Another process kept writing the index for longer than a writer waits (see `src/vector-index/index-lock.ts`). */
export class IndexBusyError extends AssistantError {
  readonly indexDir: string;
  constructor(indexDir: string, lockPath: string, waitedMilliseconds: number, options?: { cause?: unknown }) {
    super(
      'INDEX_BUSY',
      `Another process has been writing the index in ${indexDir} for over ${Math.round(waitedMilliseconds / 1000)} s; ` +
        `try again when it has finished (or remove ${lockPath} if no such process is running).`,
      options,
    );
    this.indexDir = indexDir;
  }
}

/** The configured embedding model could not be loaded (no local copy, no network, bad files). */
export class EmbedderUnavailableError extends AssistantError {
  readonly model: string;
  constructor(model: string, reason: string, options?: { cause?: unknown }) {
    super('EMBEDDER_UNAVAILABLE', `Embedding model ${model} unavailable: ${reason}`, options);
    this.model = model;
  }
}

/** What went wrong with an embedding service (`EMBEDDER=openai|ollama`). */
export type EmbeddingServiceFailureKind =
  /** The server answered with an HTTP error status (see {@link EmbeddingServiceError.status}). */
  | 'http'
  /** No answer within `EMBEDDINGS_TIMEOUT_MS`. */
  | 'timeout'
  /** The server could not be reached: connection refused or reset, unknown host. */
  | 'connection'
  /** The server answered, but not with one finite vector of the expected length per text. */
  | 'invalid-response'
  /** Anything else the client reported. */
  | 'other';

/**
 * An embedding service failed (after the client's retries): at start-up (the dimension probe), while indexing
 * or while embedding a question. A subclass of {@link EmbedderUnavailableError} (code `EMBEDDER_UNAVAILABLE`);
 * the message names the provider, model and base URL, what happened and what to fix — never the API key.
 */
export class EmbeddingServiceError extends EmbedderUnavailableError {
  /** `openai` (any OpenAI-compatible endpoint) or `ollama`. */
  readonly provider: string;
  /** Base URL without credentials or query string. */
  readonly baseUrl: string;
  readonly kind: EmbeddingServiceFailureKind;
  /** HTTP status of the server's answer; null when there was none. */
  readonly status: number | null;
  constructor(
    details: {
      readonly provider: string;
      readonly model: string;
      readonly baseUrl: string;
      readonly kind: EmbeddingServiceFailureKind;
      readonly status: number | null;
    },
    reason: string,
  ) {
    super(details.model, reason);
    const what = details.status === null ? details.kind : `HTTP ${details.status}`;
    this.message = `Embedding service ${details.provider} at ${details.baseUrl} (model ${details.model}) failed (${what}): ${reason}`;
    this.provider = details.provider;
    this.baseUrl = details.baseUrl;
    this.kind = details.kind;
    this.status = details.status;
  }
}

/** A prompt file does not declare or use the variables its caller supplies. */
export class PromptError extends AssistantError {
  readonly file: string;
  /** Variables the code requires (or a render call needs) that the file or the values lack; empty when n/a. */
  readonly missingVariables: readonly string[];
  /** Variables the file declares or uses (or a render call got) that the code does not supply; empty when n/a. */
  readonly extraVariables: readonly string[];
  constructor(
    file: string,
    reason: string,
    variables: { readonly missing?: readonly string[]; readonly extra?: readonly string[] } = {},
  ) {
    super('PROMPT_INVALID', `Prompt ${file}: ${reason}`);
    this.file = file;
    this.missingVariables = variables.missing ?? [];
    this.extraVariables = variables.extra ?? [];
  }
}

/** What went wrong in an LLM request, for callers that act on it (e.g. fall back, or retry later). */
export type LlmFailureKind =
  /** The server answered with an HTTP error status (see {@link LlmError.status}). */
  | 'http'
  /** No response (or no next streamed chunk) within the configured timeout. */
  | 'timeout'
  /** The server could not be reached: connection refused or reset, unknown host. */
  | 'connection'
  /** The server answered, but with no text (or a body the client could not read). */
  | 'invalid-response'
  /** Anything else the client reported. */
  | 'other'
  /** Not sent: the LLM failed repeatedly and its circuit breaker is open (see `LLM_CIRCUIT_FAILURES`). */
  | 'circuit-open';

/** The data an {@link LlmError} carries; never the API key. */
export interface LlmErrorDetails {
  /** `openai` (any OpenAI-compatible endpoint) or `ollama`. */
  readonly provider: string;
  /** Model name as configured (`LLM_MODEL`). */
  readonly model: string;
  /** Base URL without credentials or query string. */
  readonly baseUrl: string;
  readonly kind: LlmFailureKind;
  /** HTTP status of the server's answer, null when there was none (timeout, connection failure). */
  readonly status: number | null;
  /** What the server or client said, with any secret removed and cut to a few hundred characters. */
  readonly detail: string;
  /** What to do about it, one sentence naming the variable to check. */
  readonly advice: string;
}

/**
 * A request to the configured LLM failed after the client's retries (HTTP error status, timeout, unreachable
 * server, empty answer). Carries provider, model, base URL, failure kind and HTTP status; the message and the
 * fields never contain the API key. The original library error is not attached (its request data could hold
 * the key); `detail` keeps its cleaned message.
 */
export class LlmError extends AssistantError {
  readonly provider: string;
  readonly model: string;
  readonly baseUrl: string;
  readonly kind: LlmFailureKind;
  readonly status: number | null;
  readonly detail: string;
  constructor(details: LlmErrorDetails) {
    const answered = details.status === null ? details.kind : `HTTP ${details.status}`;
    super(
      'LLM_FAILED',
      `LLM request to ${details.provider} model ${details.model} at ${details.baseUrl} failed (${answered}): ` +
        `${details.detail} ${details.advice}`,
    );
    this.provider = details.provider;
    this.model = details.model;
    this.baseUrl = details.baseUrl;
    this.kind = details.kind;
    this.status = details.status;
    this.detail = details.detail;
  }
}

/**
 * The configured LLM server cannot serve the configured model: unreachable, credentials rejected, or the
 * model is not served there. Thrown by the start-up check, before any user question; the message names the
 * variable to fix. Never contains the API key.
 */
export class LlmUnavailableError extends AssistantError {
  readonly provider: string;
  readonly model: string;
  readonly baseUrl: string;
  /** HTTP status of the server's answer, null when it could not be reached. */
  readonly status: number | null;
  constructor(
    details: { readonly provider: string; readonly model: string; readonly baseUrl: string; readonly status: number | null },
    reason: string,
  ) {
    super('LLM_UNAVAILABLE', `LLM ${details.provider} model ${details.model} at ${details.baseUrl} unavailable: ${reason}`);
    this.provider = details.provider;
    this.model = details.model;
    this.baseUrl = details.baseUrl;
    this.status = details.status;
  }
}

/**
 * Slack's Web API could not be reached at start-up within the bound (`SLACK_STARTUP_TIMEOUT_MS`): the
 * network, a proxy or a firewall stands between the bot and `SLACK_API_URL`. Thrown by the Slack app's
 * start-up check, before any event is received; the message names the URL, the proxy variable in effect
 * (without credentials) and what to check. Never contains a token.
 */
export class SlackUnavailableError extends AssistantError {
  /** The Web API base URL that was tried (`SLACK_API_URL`). */
  readonly apiUrl: string;
  /** How long the check kept trying, in milliseconds. */
  readonly waitedMilliseconds: number;
  /** Attempts made (each one `auth.test`). */
  readonly attempts: number;
  constructor(details: { readonly apiUrl: string; readonly waitedMilliseconds: number; readonly attempts: number }, message: string, options?: { cause?: unknown }) {
    super('SLACK_UNAVAILABLE', message, options);
    this.apiUrl = details.apiUrl;
    this.waitedMilliseconds = details.waitedMilliseconds;
    this.attempts = details.attempts;
  }
}

/**
 * The Slack bot's shared state store (Redis, `REDIS_URL`) did not answer within its time bound or refused the
 * operation. The asker gets a "state store unavailable, try again" reply; the message names the operation and
 * the store's URL without credentials, never the password.
 */
export class StateStoreUnavailableError extends AssistantError {
  /** What was attempted, e.g. `claim`, `rate-limit`, `thread-turns`. */
  readonly operation: string;
  constructor(operation: string, message: string, options?: { cause?: unknown }) {
    super('STATE_STORE_UNAVAILABLE', message, options);
    this.operation = operation;
  }
}

/**
 * A long operation (an index build) stopped early because its `AbortSignal` fired, e.g. on SIGTERM or
 * SIGINT. Nothing it would have written replaced anything: a build's half-written index is removed and the
 * previous index stays in place. `reason` is the signal's name when a process signal caused it, else the
 * abort reason's text.
 */
export class AbortedError extends AssistantError {
  readonly reason: string;
  constructor(operation: string, reason: string) {
    super('ABORTED', `${operation} stopped (${reason}) before it finished; nothing was replaced.`);
    this.reason = reason;
  }
}

/** Wraps an unknown thrown value once, at an entry point's edge. */
export function toAssistantError(error: unknown): AssistantError {
  if (error instanceof AssistantError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new AssistantError('INTERNAL', message, { cause: error });
}
