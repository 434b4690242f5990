/**
 * `npm run bench:curve -- [--copies 1,10,100,300] [--save FILE] [--from FILE…] [--max-minutes N]`: the
 * measured curve of `docs/scale.md`. It runs `npm run bench:scale -- --copies N --json --no-grid
 * --no-transformers` for each N **one after another, each in its own process** (peak RSS is a per-process
 * high-water mark, so runs sharing a process would inherit each other's peak), records the load average before
 * and after each run (the machine may be shared: timings move with it), and prints the Markdown table of
 * `docs/scale.md`. `--save` writes every run's raw report (a {@link ScaleCurveFile}); `--from` renders
 * saved files instead of measuring: curve files, or raw `bench:scale --json` reports.
 *
 * A run that exceeds `--max-minutes` is stopped (SIGINT, on which it removes its scratch folder) and shown as
 * stopped, with the time.
 */
import { spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, InvalidArgumentError } from 'commander';
import { z } from 'zod';
import { InputError } from '../src/core';
import { runCommand } from '../src/cli/cli-support';
import { BYTES_PER_MEBIBYTE, isEntryPoint, parseWholeNumber } from './bench-support';
import type { ScaleBenchReport } from './bench-scale-command';

/** The multiples of the seeds `docs/scale.md` tabulates. */
export const DEFAULT_CURVE_COPIES: readonly number[] = [1, 10, 100, 300];
/** A run longer than this is stopped (the brief's limit for the 300× run), minutes. */
export const DEFAULT_MAX_MINUTES = 25;

/**
 * The fields of a `bench:scale --json` report the table reads (the saved file keeps the whole report).
 * Checked on reading, so a report of another shape fails with the field's name, not with `NaN` in the table.
 */
const reportSchema = z
  .object({
    environment: z.object({ loadAverage: z.array(z.number()) }).passthrough(),
    corpus: z.object({ copies: z.number(), articles: z.number(), chunks: z.number() }).passthrough(),
    build: z.object({ totalMilliseconds: z.number() }).passthrough(),
    indexLoadMilliseconds: z.number(),
    search: z.object({ p50: z.number(), p95: z.number() }).passthrough(),
    ask: z.object({ p50: z.number(), p95: z.number() }).passthrough(),
    updates: z.array(z.object({ change: z.string(), milliseconds: z.number() }).passthrough()),
    memory: z
      .object({
        peakRssMebibytes: z.number(),
        peakRssAfterUpdateMebibytes: z.number(),
        // Reports from before the serving process was measured do not have it.
        servingProcess: z
          .object({
            peakRssMebibytes: z.number(),
            // Reports from before the serving process timed its queries do not have these.
            search: z.object({ p50: z.number(), p95: z.number() }).passthrough().optional(),
            ask: z.object({ p50: z.number(), p95: z.number() }).passthrough().optional(),
          })
          .passthrough()
          .optional(),
      })
      .passthrough(),
    indexSize: z.object({ totalBytes: z.number() }).passthrough(),
  })
  .passthrough();

/** The part of a {@link ScaleBenchReport} the curve reads. */
export type CurveReport = Pick<ScaleBenchReport, 'environment' | 'corpus' | 'build' | 'indexLoadMilliseconds' | 'search' | 'ask' | 'updates' | 'memory' | 'indexSize'>;

/** One multiple of the seeds: the report, or why there is none. */
export interface CurveRun {
  readonly copies: number;
  /** 1-, 5- and 15-minute load averages before the run started (absent for a raw report read with `--from`). */
  readonly loadBefore?: readonly number[];
  /** The run's wall time with process start-up, seconds (absent for a raw report). */
  readonly wallSeconds?: number;
  /** The whole `bench:scale --json` report; absent when the run failed or was stopped. */
  readonly report?: CurveReport;
  /** Why there is no report (stopped after the time limit, exit code and the last line of standard error). */
  readonly failure?: string;
}

/** What `--save` writes (e.g. `docs/scale/2026-12-04-before.json`). */
export interface ScaleCurveFile {
  /** When the file was written, ISO 8601 UTC. */
  readonly createdAt: string;
  /** The `bench:scale` options every run used. */
  readonly command: string;
  readonly runs: readonly CurveRun[];
}

const curveFileSchema = z.object({
  createdAt: z.string(),
  command: z.string(),
  runs: z.array(
    z.object({
      copies: z.number(),
      loadBefore: z.array(z.number()).optional(),
      wallSeconds: z.number().optional(),
      report: reportSchema.optional(),
      failure: z.string().optional(),
    }),
  ),
});

const SCALE_ARGUMENTS = ['--json', '--no-grid', '--no-transformers'] as const;
const SCALE_SCRIPT = path.join(path.dirname(fileURLToPath(import.meta.url)), 'bench-scale-command.ts');

/**
 * The runs of one saved file: a {@link ScaleCurveFile}, or a raw `bench:scale --json` report (one run, its
 * load average the one the report recorded at its end).
 * @throws {InputError} naming the file when it is not JSON or has neither shape.
 */
export function parseCurveInput(text: string, source: string): CurveRun[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new InputError(`${source} is not JSON.`, { cause: error });
  }
  const curve = curveFileSchema.safeParse(value);
  if (curve.success) return curve.data.runs.map((run) => ({ ...run, report: run.report as CurveReport | undefined }));
  const report = reportSchema.safeParse(value);
  if (report.success) return [{ copies: report.data.corpus.copies, report: report.data as unknown as CurveReport }];
  const issue = report.error.issues[0];
  throw new InputError(`${source} is neither a curve file nor a bench:scale report: ${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`);
}

/** Formats `value` with `digits` decimals and thousands separators (en-US). */
function figure(value: number, digits = 0): string {
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** The update whose change description starts with `verb` (`added`, `edited`, `removed`), in seconds, or `–`. */
function updateSeconds(report: CurveReport, verb: string): string {
  const update = report.updates.find((candidate) => candidate.change.startsWith(verb));
  return update === undefined ? '–' : figure(update.milliseconds / 1000, 1);
}

/** The table's header: one row per multiple of the seeds. */
export const CURVE_TABLE_HEADER = [
  '| seeds × | articles / chunks | build s | update s: add / edit / remove | index load s | search p50 / p95 ms | ask p50 / p95 ms | serving process: search / ask p95 ms | peak RSS MiB: build + serve / + updates | serving process peak RSS MiB | disk MiB | load avg before → after |',
  '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|',
] as const;

/** One row of the curve table (see {@link CURVE_TABLE_HEADER}). */
export function curveRow(run: CurveRun): string {
  const load = (values: readonly number[] | undefined): string => (values === undefined ? '?' : figure(values[0] ?? Number.NaN, 2));
  const report = run.report;
  const serving = report?.memory.servingProcess as { search?: { p95: number }; ask?: { p95: number } } | undefined;
  if (report === undefined) return `| ${run.copies}× | ${run.failure ?? 'no report'} | | | | | | | | | | ${load(run.loadBefore)} |`;
  const cells = [
    `${run.copies}×`,
    `${figure(report.corpus.articles)} / ${figure(report.corpus.chunks)}`,
    figure(report.build.totalMilliseconds / 1000, 1),
    ['added', 'edited', 'removed'].map((verb) => updateSeconds(report, verb)).join(' / '),
    figure(report.indexLoadMilliseconds / 1000, 1),
    `${figure(report.search.p50, 1)} / ${figure(report.search.p95, 1)}`,
    `${figure(report.ask.p50, 1)} / ${figure(report.ask.p95, 1)}`,
    serving?.search === undefined || serving.ask === undefined ? '–' : `${figure(serving.search.p95, 1)} / ${figure(serving.ask.p95, 1)}`,
    `${figure(report.memory.peakRssMebibytes)} / ${figure(report.memory.peakRssAfterUpdateMebibytes)}`,
    report.memory.servingProcess === undefined ? '–' : figure(report.memory.servingProcess.peakRssMebibytes),
    figure(report.indexSize.totalBytes / BYTES_PER_MEBIBYTE, 1),
    `${load(run.loadBefore)} → ${load(report.environment.loadAverage)}`,
  ];
  return `| ${cells.join(' | ')} |`;
}

/** The Markdown table of `runs`, sorted by multiple of the seeds. */
export function renderCurveTable(runs: readonly CurveRun[]): string {
  const sorted = [...runs].sort((left, right) => left.copies - right.copies);
  return [...CURVE_TABLE_HEADER, ...sorted.map(curveRow)].join('\n');
}

/**
 * Runs `bench:scale` at `copies` in a child process (this Node with this process's loader flags, i.e. tsx).
 * @returns the run; a failed or stopped run carries `failure` instead of a report.
 */
export async function measureCopies(copies: number, maxMinutes: number): Promise<CurveRun> {
  const loadBefore = os.loadavg();
  const started = performance.now();
  const child = spawn(process.execPath, [...process.execArgv, SCALE_SCRIPT, '--copies', String(copies), ...SCALE_ARGUMENTS], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
  child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  let stopped = false;
  const timer = setTimeout(() => {
    stopped = true;
    child.kill('SIGINT'); // bench:scale removes its scratch folder on SIGINT (withScratchDir)
  }, maxMinutes * 60_000);
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', resolve);
  }).finally(() => clearTimeout(timer));
  const wallSeconds = (performance.now() - started) / 1000;
  if (stopped) return { copies, loadBefore, wallSeconds, failure: `stopped after ${maxMinutes} min` };
  if (code !== 0) return { copies, loadBefore, wallSeconds, failure: `exit ${code ?? 'signal'}: ${stderr.trim().split('\n').at(-1) ?? ''}` };
  const [run] = parseCurveInput(stdout, `bench:scale --copies ${copies}`);
  return { copies, loadBefore, wallSeconds, report: run?.report };
}

/** Commander's parser of `--copies 1,10,100`. */
function parseCopiesList(value: string): number[] {
  const list = value.split(',').map((part) => parseWholeNumber(part.trim()));
  if (list.length === 0) throw new InvalidArgumentError('expected multiples like 1,10,100');
  return list;
}

interface CurveOptions {
  readonly copies: readonly number[];
  readonly maxMinutes: number;
  readonly save?: string;
  readonly from?: readonly string[];
}

const program = new Command('bench:curve')
  .description('The scale curve of docs/scale.md: bench:scale at several multiples of the seeds, one process each, as a Markdown table.')
  .option('--copies <list>', `comma-separated multiples of the seeds (default ${DEFAULT_CURVE_COPIES.join(',')})`, parseCopiesList, [...DEFAULT_CURVE_COPIES])
  .option('--max-minutes <n>', `stop a run after this many minutes (default ${DEFAULT_MAX_MINUTES})`, parseWholeNumber, DEFAULT_MAX_MINUTES)
  .option('--save <file>', 'write every run’s raw report to this JSON file')
  .option('--from <files...>', 'render saved curve files or bench:scale --json reports instead of measuring')
  .action(async (options: CurveOptions) => {
    await runCommand(async () => {
      const runs: CurveRun[] = [];
      if (options.from !== undefined) {
        for (const file of options.from) runs.push(...parseCurveInput(await readFile(file, 'utf8'), file));
      } else {
        for (const copies of options.copies) {
          process.stderr.write(`bench:scale --copies ${copies} … (load average ${os.loadavg().map((value) => value.toFixed(2)).join(' ')})\n`);
          runs.push(await measureCopies(copies, options.maxMinutes));
        }
      }
      if (options.save !== undefined) {
        const saved: ScaleCurveFile = { createdAt: new Date().toISOString(), command: `npm run bench:scale -- --copies N ${SCALE_ARGUMENTS.join(' ')}`, runs };
        await writeFile(options.save, `${JSON.stringify(saved, null, 2)}\n`);
      }
      process.stdout.write(`${renderCurveTable(runs)}\n`);
    });
  });

// Run only as an entry point, so that tests can import the helpers above.
if (isEntryPoint(import.meta.url)) await program.parseAsync(process.argv);
