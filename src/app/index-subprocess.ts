/**
 * Index updates out of process, for long-running entry points (the Slack bot, the terminal chat with
 * `WATCH_SEEDS`): parsing, pairing, embedding and writing an index take seconds to minutes of CPU (at 100×
 * the seeds ≈ 5–10 s for one new issue, ≈ 20 s for a rebuild with the hashed embedder, far more with a
 * model), which in-process would block the event loop — Slack's 3-second acknowledgements included. The
 * child runs `src/cli/index-command.ts --json` (the same code as `npm run index -- --json`) on the other
 * core; the parent only loads the finished index, which the child swapped in atomically.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AssistantError, isErrorCode, type Logger } from '../core';
import type { SeedFileChanges } from './seed-sources';
import type { UpdateIndexResult } from './update-index';

/** What an index update did, as the `--json` index command prints it. */
export interface IndexUpdateSummary {
  readonly status: UpdateIndexResult['status'];
  readonly counts: { readonly files: number; readonly articles: number; readonly chunks: number };
  /** Wall-clock time of the update, milliseconds. */
  readonly elapsedMilliseconds: number;
  /** Null when the index was current. */
  readonly embeddedTexts: number | null;
  readonly reusedChunks: number | null;
  readonly changes: SeedFileChanges | null;
  readonly skippedFiles: readonly { readonly file: string; readonly reason: string }[];
}

/** The summary of `update` (see {@link IndexUpdateSummary}). */
export function toIndexUpdateSummary(update: UpdateIndexResult, elapsedMilliseconds: number): IndexUpdateSummary {
  const { manifest, build } = update;
  return {
    status: update.status,
    counts: manifest.counts,
    elapsedMilliseconds,
    embeddedTexts: build?.embeddedTexts ?? null,
    reusedChunks: build?.reusedChunks ?? null,
    changes: build?.changes ?? null,
    skippedFiles: manifest.skippedFiles,
  };
}

/** Options of {@link runIndexSubprocess}. */
export interface IndexSubprocessOptions {
  /** The child's environment: the variables the parent's config was loaded from (secrets included, as for `npm run index`). */
  readonly environment: NodeJS.ProcessEnv;
  /** Rebuild embedding every chunk (`--force`). Default false: incremental. */
  readonly force?: boolean;
  /** Receives a line when the child starts and ends; the child's own log lines go to standard error as they come. */
  readonly logger: Logger;
  /** Where the child's standard error is relayed; default `process.stderr`. */
  readonly stderr?: NodeJS.WritableStream;
}

/** The repository root (the child command runs from it). */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const INDEX_COMMAND = path.join(ROOT, 'src', 'cli', 'index-command.ts');
/** Characters of the child's standard error kept for an error message. */
const STDERR_TAIL = 4000;

/**
 * Brings the index up to date in a child process (`node --import tsx src/cli/index-command.ts --json`).
 * The child writes atomically, so the parent's loaded index stays valid throughout and a crash of the child
 * leaves the previous index in place.
 * @returns what the child printed.
 * @throws {AssistantError} with the child's code and message when it reports one (`error CODE: message`),
 *         else `INTERNAL` naming the exit code or signal and the end of its standard error.
 */
export async function runIndexSubprocess(options: IndexSubprocessOptions): Promise<IndexUpdateSummary> {
  const tsx = import.meta.resolve('tsx');
  const args = ['--import', tsx, INDEX_COMMAND, '--json', ...(options.force === true ? ['--force'] : [])];
  const relay = options.stderr ?? process.stderr;
  const started = performance.now();
  options.logger.info({ force: options.force === true }, 'index update: running in a child process');
  const child = spawn(process.execPath, args, { cwd: ROOT, env: options.environment, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderrTail = '';
  child.stdout.setEncoding('utf8').on('data', (data: string) => {
    stdout += data;
  });
  child.stderr.setEncoding('utf8').on('data', (data: string) => {
    relay.write(data);
    stderrTail = (stderrTail + data).slice(-STDERR_TAIL);
  });
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (exitCode, exitSignal) => resolve([exitCode, exitSignal]));
  });
  if (code !== 0) {
    // `runCommand` prints `error CODE: message` (the message may span lines) as the child's last words.
    const reported = [...stderrTail.matchAll(/^error ([A-Z_]+): /gmu)].at(-1);
    const code = reported?.[1];
    if (reported !== undefined && code !== undefined && isErrorCode(code)) {
      const message = stderrTail.slice((reported.index ?? 0) + reported[0].length).trim();
      throw new AssistantError(code, `Index update failed: ${message}`);
    }
    const how = signal === null ? `exit code ${code}` : `signal ${signal}`;
    throw new AssistantError('INTERNAL', `The index update process ended with ${how}: ${stderrTail.trim().split('\n').slice(-3).join(' | ')}`);
  }
  let summary: IndexUpdateSummary;
  try {
    summary = JSON.parse(stdout.trim().split('\n').at(-1) ?? '') as IndexUpdateSummary;
  } catch (error) {
    throw new AssistantError('INTERNAL', `The index update process printed no summary: ${stdout.slice(0, 200)}`, { cause: error });
  }
  options.logger.info({ status: summary.status, elapsedMilliseconds: Math.round(performance.now() - started) }, 'index update: child process finished');
  return summary;
}
