/**
 * Adapts the project's pino {@link Logger} to Bolt's logger interface (`@slack/logger`), which Bolt shares
 * with its Web API and Socket Mode clients, and describes Slack errors as structured log fields.
 */
import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import type { Logger } from '../core';

const SEVERITY: Readonly<Record<LogLevel, number>> = {
  [LogLevel.DEBUG]: 0,
  [LogLevel.INFO]: 1,
  [LogLevel.WARN]: 2,
  [LogLevel.ERROR]: 3,
};

/**
 * Slack credentials that may appear inside a log *string* (pino's key-based redaction cannot see them):
 * bot/user/app tokens (`xoxb-…`, `xoxp-…`, `xapp-…`, …) and the `ticket` of a Socket Mode URL.
 */
const SECRET_PATTERN = /\b(?:xox[a-z]|xapp)-[A-Za-z0-9-]+|(?<=[?&]ticket=)[^&\s"']+/g;

/** Replaces Slack tokens and Socket Mode tickets in `text` with `[redacted]`. */
export function redactSlackSecrets(text: string): string {
  return text.replace(SECRET_PATTERN, '[redacted]');
}

/** Structured, secret-free fields describing an error for a log line. */
export interface ErrorLogFields {
  readonly name: string;
  /** The error's `code`: an {@link AssistantError} code or a `slack_webapi_…` / `slack_bolt_…` code. */
  readonly code: string | null;
  readonly message: string;
  /** Slack's own error string for Web API platform errors, e.g. `channel_not_found`, `invalid_blocks`. */
  readonly slackError?: string;
  /** Seconds Slack asked to wait, for rate-limited calls. */
  readonly retryAfterSeconds?: number;
}

/** Describes any thrown value as {@link ErrorLogFields}; never throws. */
export function describeError(error: unknown): ErrorLogFields {
  if (!(error instanceof Error)) return { name: 'NonError', code: null, message: redactSlackSecrets(String(error)) };
  const withFields = error as Error & { code?: unknown; data?: unknown; retryAfter?: unknown };
  const fields: { -readonly [Key in keyof ErrorLogFields]: ErrorLogFields[Key] } = {
    name: error.name,
    code: typeof withFields.code === 'string' ? withFields.code : null,
    message: redactSlackSecrets(error.message),
  };
  const data = withFields.data;
  if (typeof data === 'object' && data !== null && typeof (data as { error?: unknown }).error === 'string') {
    fields.slackError = (data as { error: string }).error;
  }
  if (typeof withFields.retryAfter === 'number') fields.retryAfterSeconds = withFields.retryAfter;
  return fields;
}

/**
 * Bolt's logger, writing through the project's pino logger. Strings are joined into the log message (with
 * Slack secrets redacted), an `Error` argument becomes an `error` field. Bolt's own level threshold
 * (`setLevel`) applies first, then pino's level; construct it at `LogLevel.DEBUG` and pass the same level
 * to Bolt so that the pino level alone decides.
 */
export class BoltLoggerAdapter implements BoltLogger {
  private level: LogLevel;
  private name: string | undefined;
  private droppedCount = 0;

  /**
   * @param options.drop - messages (the joined text, before redaction) matching it are not written, only
   *   counted ({@link BoltLoggerAdapter.dropped}); e.g. the Web API client's per-attempt "http request failed"
   *   warnings while the start-up check reports the failure once itself.
   */
  constructor(
    private readonly logger: Logger,
    level: LogLevel = LogLevel.DEBUG,
    private readonly options: { readonly drop?: RegExp } = {},
  ) {
    this.level = level;
  }

  /** How many messages {@link BoltLoggerAdapter} dropped because they matched `options.drop`. */
  get dropped(): number {
    return this.droppedCount;
  }

  debug(...message: unknown[]): void {
    this.write(LogLevel.DEBUG, message);
  }

  info(...message: unknown[]): void {
    this.write(LogLevel.INFO, message);
  }

  warn(...message: unknown[]): void {
    this.write(LogLevel.WARN, message);
  }

  error(...message: unknown[]): void {
    this.write(LogLevel.ERROR, message);
  }

  setLevel(level: LogLevel): void {
    this.level = level;
  }

  getLevel(): LogLevel {
    return this.level;
  }

  setName(name: string): void {
    this.name = name;
  }

  private write(level: LogLevel, parts: readonly unknown[]): void {
    if (SEVERITY[level] < SEVERITY[this.level]) return;
    let error: Error | undefined;
    const texts: string[] = [];
    for (const part of parts) {
      if (part instanceof Error && error === undefined) error = part;
      else texts.push(typeof part === 'string' ? part : safeStringify(part));
    }
    const fields: Record<string, unknown> = {};
    if (this.name !== undefined) fields['boltComponent'] = this.name;
    if (error !== undefined) fields['error'] = describeError(error);
    const joined = texts.join(' ') || (error?.message ?? '');
    if (this.options.drop?.test(joined) === true) {
      this.droppedCount += 1;
      return;
    }
    const text = redactSlackSecrets(joined);
    this.logger[level](fields, text);
  }
}

function safeStringify(value: unknown): string {
  if (value instanceof Error) return value.message;
  try {
    return typeof value === 'object' ? JSON.stringify(value) : String(value);
  } catch {
    return String(value);
  }
}
