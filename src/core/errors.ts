/**
 * One error hierarchy for the whole assistant. Every error carries a stable `code` and the data needed
 * to act on it; entry points (CLI, Slack) print or log `code` + `message` in one place.
 */

export type ErrorCode =
  | 'CONFIG_INVALID'
  | 'INPUT_INVALID'
  | 'PARSE_FAILED'
  | 'INDEX_MISSING'
  | 'INDEX_MISMATCH'
  | 'INDEX_CORRUPT'
  | 'EMBEDDER_UNAVAILABLE'
  | 'PROMPT_INVALID'
  | 'INTERNAL';

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

/** The configured embedding model could not be loaded (no local copy, no network, bad files). */
export class EmbedderUnavailableError extends AssistantError {
  readonly model: string;
  constructor(model: string, reason: string, options?: { cause?: unknown }) {
    super('EMBEDDER_UNAVAILABLE', `Embedding model ${model} unavailable: ${reason}`, options);
    this.model = model;
  }
}

/** A prompt file does not declare or use the variables its caller supplies. */
export class PromptError extends AssistantError {
  readonly file: string;
  constructor(file: string, reason: string) {
    super('PROMPT_INVALID', `Prompt ${file}: ${reason}`);
    this.file = file;
  }
}

/** Wraps an unknown thrown value once, at an entry point's edge. */
export function toAssistantError(error: unknown): AssistantError {
  if (error instanceof AssistantError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new AssistantError('INTERNAL', message, { cause: error });
}
