/**
 * What every command shares: loading `.env` and the config, the logger, reading a `--batch` file, and
 * the one place where errors surface (code and message on standard error, non-zero exit).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { InvalidArgumentError } from 'commander';
import dotenv from 'dotenv';
import { z } from 'zod';
import { createLogger, loadConfig, readJsonLines, toAssistantError, type AppConfig, type Logger } from '../core';
import { terminalLogStream } from './progress';

/** The repository root (two levels above this file). */
export const REPOSITORY_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface CommandContext {
  readonly config: AppConfig;
  readonly logger: Logger;
}

/**
 * Loads `.env` (if present; real environment variables win), validates the config and creates the
 * logger. `--quiet` style commands pass `logLevel` to override LOG_LEVEL.
 * @throws {ConfigError} when a variable is invalid.
 */
export function createCommandContext(options: { logLevel?: string } = {}): CommandContext {
  dotenv.config({ path: path.join(REPOSITORY_ROOT, '.env'), quiet: true });
  const config = loadConfig(process.env, REPOSITORY_ROOT);
  // On a terminal, log lines pass through the progress display so that they never overwrite its bar.
  const logger = createLogger(options.logLevel ?? config.logLevel, 2, { terminalStream: terminalLogStream });
  return { config, logger };
}

/**
 * Runs a command's body and surfaces any error once: `error CODE: message` on standard error, exit 1.
 */
export async function runCommand(body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (error) {
    const wrapped = toAssistantError(error);
    process.stderr.write(`error ${wrapped.code}: ${wrapped.message}\n`);
    if (wrapped.code === 'INTERNAL' && wrapped.cause instanceof Error && wrapped.cause.stack !== undefined) {
      process.stderr.write(`${wrapped.cause.stack}\n`);
    }
    process.exitCode = 1;
  }
}

/** One line of a `--batch` file. */
export interface BatchItem {
  readonly id: string;
  readonly question: string;
}

const batchLineSchema = z
  .object({ id: z.union([z.string(), z.number()]), question: z.string().min(1) })
  .passthrough();

/**
 * Reads a JSON Lines file of `{"id", "question"}` objects (other fields are ignored; blank lines skipped).
 * @throws {InputError} naming the file and line when the file cannot be read or a line is malformed.
 */
export async function readBatchFile(file: string): Promise<readonly BatchItem[]> {
  const lines = await readJsonLines(file, batchLineSchema, '{"id", "question"}');
  return lines.map((line) => ({ id: String(line.id), question: line.question }));
}

/** Writes one JSON value as a single line on standard output. */
export function printJsonLine(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value)}\n`);
}

/**
 * A commander option parser for whole numbers ≥ 1 (`-k 5`, `--limit 100`).
 * @throws {InvalidArgumentError} (commander's) for anything else, so the command prints its usage error.
 */
export function parsePositiveInteger(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) throw new InvalidArgumentError('expected a whole number ≥ 1');
  return parsed;
}
