/**
 * Structured logging (pino) to standard error, so that standard output stays clean for the CLI's JSON.
 * Secrets are redacted by key wherever they appear in a logged object.
 */
import { pino, type Logger as PinoLogger } from 'pino';
import pretty from 'pino-pretty';

/** The logger every stage receives by injection; never `console.*` inside modules. */
export type Logger = Pick<PinoLogger, 'info' | 'warn' | 'error' | 'debug' | 'trace' | 'fatal' | 'child'>;

/** Keys whose values never reach a log line. */
export const REDACTED_KEYS: readonly string[] = [
  'token',
  'botToken',
  'appToken',
  'signingSecret',
  'apiKey',
  'authorization',
  'SLACK_BOT_TOKEN',
  'SLACK_APP_TOKEN',
  'SLACK_SIGNING_SECRET',
];

/**
 * Creates the process logger.
 * @param level - pino level; `silent` disables output.
 * @param destination - file descriptor or stream; defaults to standard error (fd 2). On a terminal,
 *   standard error gets human-readable lines (pino-pretty); elsewhere JSON lines.
 * @param options.terminalStream - where those human-readable lines are written instead of fd 2 (the CLI's
 *   progress display, which prints them above its bar).
 */
export function createLogger(level: string, destination: number | NodeJS.WritableStream = 2, options: { readonly terminalStream?: NodeJS.WritableStream } = {}): Logger {
  const paths = REDACTED_KEYS.flatMap((key) => [key, `*.${key}`, `*.*.${key}`]);
  const stream =
    typeof destination !== 'number'
      ? destination
      : destination === 2 && process.stderr.isTTY
        ? pretty({ destination: options.terminalStream ?? 2, sync: true, colorize: true, ignore: 'pid,hostname', translateTime: 'HH:MM:ss' })
        : pino.destination({ fd: destination, sync: true });
  return pino({ level, redact: { paths, censor: '[redacted]' }, base: undefined }, stream);
}

/** A logger that drops everything, for tests and library use. */
export function createSilentLogger(): Logger {
  return pino({ level: 'silent' });
}
