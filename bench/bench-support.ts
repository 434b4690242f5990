/**
 * What the benchmarks share: latency statistics (nearest-rank percentiles), timing a build's stages through
 * its progress reports, memory and disk figures, the query set, a scratch folder removed at the end (also
 * after a failure or Ctrl-C), option parsing, table rows and entry-point detection.
 *
 * Where the benchmarks live: `bench/` is developer tooling outside `src/`. Its files may import the stages
 * of `src/` through their `index.ts` and the commands' plumbing (`src/cli/cli-support.ts`), and they may
 * load dev dependencies (`tiny-model.ts` needs `onnx-proto`); `src/` never imports `bench/` or `tests/`
 * (`tests/architecture.test.ts` checks it), so the shipped code needs neither. The tests may import
 * `bench/`; `bench/` never imports `tests/`. `tsconfig.json` includes the folder, so it is type-checked.
 */
import { rmSync } from 'node:fs';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { InvalidArgumentError } from 'commander';
import type { BuildProgress } from '../src/app';
import { InputError } from '../src/core';
import { readQuestionFile } from '../src/eval';
import { REPOSITORY_ROOT } from '../src/cli/cli-support';

/** Bytes in a mebibyte (MiB, 2²⁰ bytes). */
export const BYTES_PER_MEBIBYTE = 1024 * 1024;

/** The development questions (`tests/fixtures/dev.jsonl`, a data file), the benchmarks' default query file. */
export const DEFAULT_QUESTION_FILE = path.join(REPOSITORY_ROOT, 'tests', 'fixtures', 'dev.jsonl');

/**
 * Queries added to the dev set's questions: both languages, a keyword query, a cross-language one and one the
 * newsletters do not answer (the refusal path).
 */
export const EXTRA_BENCH_QUERIES: readonly string[] = [
  'China-US Innovation Dialogue',
  'CERC steering committee clean energy',
  'Who signed the cooperation agreement with South Africa on mining research?',
  'What is the Belt and Road science and technology cooperation about?',
  '中美创新对话',
  '金砖国家科技创新合作',
  '中国和以色列在创新方面有哪些合作？',
  'What is the weather forecast for Paris tomorrow?',
];

/**
 * The questions of a question file (JSON Lines, dev-set format), in file order, followed by
 * {@link EXTRA_BENCH_QUERIES}.
 * @throws {InputError} naming the file and line when it cannot be read or a line is malformed.
 */
export async function readBenchQueries(questionFile: string = DEFAULT_QUESTION_FILE): Promise<string[]> {
  const questions = await readQuestionFile(questionFile);
  return [...questions.map((question) => question.question), ...EXTRA_BENCH_QUERIES];
}

/** Latency summary of repeated timings, in milliseconds. */
export interface LatencySummary {
  /** Number of timings. */
  readonly count: number;
  /** 50th percentile (nearest rank), milliseconds. */
  readonly p50: number;
  /** 95th percentile (nearest rank), milliseconds. */
  readonly p95: number;
  /** Slowest timing, milliseconds. */
  readonly max: number;
  /** Arithmetic mean, milliseconds. */
  readonly mean: number;
}

/**
 * The `percentile`-th percentile of `values` by the nearest-rank method: sort ascending and take the value of
 * rank ⌈percentile / 100 × n⌉ (1-based), the smallest value such that at least `percentile` % of the values are
 * less than or equal to it. It is always one of the measured values (no interpolation); percentile 0 gives the
 * minimum, 100 the maximum. Definition: e.g. NIST/SEMATECH e-Handbook of Statistical Methods, or
 * https://en.wikipedia.org/wiki/Percentile#The_nearest-rank_method.
 * @param values - the measurements, in any order (not modified).
 * @param percentile - in [0, 100].
 * @throws {InputError} when `values` is empty or `percentile` is outside [0, 100] or not a number.
 */
export function nearestRankPercentile(values: readonly number[], percentile: number): number {
  if (values.length === 0) throw new InputError('Cannot take a percentile of no values.');
  if (!(percentile >= 0 && percentile <= 100)) throw new InputError(`A percentile must be in [0, 100], got ${percentile}.`);
  const sorted = [...values].sort((left, right) => left - right);
  const rank = Math.max(1, Math.ceil((percentile / 100) * sorted.length));
  return sorted[rank - 1] as number;
}

/**
 * p50, p95 (nearest rank, see {@link nearestRankPercentile}), max and mean of `milliseconds`.
 * @throws {InputError} when `milliseconds` is empty.
 */
export function summarizeLatencies(milliseconds: readonly number[]): LatencySummary {
  return {
    count: milliseconds.length,
    p50: nearestRankPercentile(milliseconds, 50),
    p95: nearestRankPercentile(milliseconds, 95),
    max: nearestRankPercentile(milliseconds, 100),
    mean: milliseconds.reduce((sum, value) => sum + value, 0) / milliseconds.length,
  };
}

/**
 * Calls `body` once per iteration with the queries in turn (cycling), one call at a time.
 * @returns each call's duration, milliseconds, in call order.
 */
export async function timeCycling(queries: readonly string[], iterations: number, body: (query: string) => Promise<unknown>): Promise<number[]> {
  const timings: number[] = [];
  for (let iteration = 0; iteration < iterations; iteration += 1) {
    const query = queries[iteration % queries.length] as string;
    const started = performance.now();
    await body(query);
    timings.push(performance.now() - started);
  }
  return timings;
}

/** When a build or update started and finished, and when each of its stages was first reported. */
export interface StageTimes {
  /** `performance.now()` before the run, milliseconds. */
  readonly started: number;
  /** `performance.now()` after it, milliseconds. */
  readonly finished: number;
  /** `performance.now()` at the stage's first progress report, milliseconds; `finished` when it had none. */
  at(stage: BuildProgress['stage']): number;
}

/**
 * Runs a build or update (`buildIndex`, `updateIndex`), recording when each stage is first reported.
 * @param run - starts the work, passing `onProgress` on to it.
 * @returns its result and the stage times; its errors are rethrown.
 */
export async function timeStages<T>(run: (onProgress: (progress: BuildProgress) => void) => Promise<T>): Promise<{ readonly result: T; readonly times: StageTimes }> {
  const stageStarts = new Map<BuildProgress['stage'], number>();
  const started = performance.now();
  const result = await run((progress) => {
    if (!stageStarts.has(progress.stage)) stageStarts.set(progress.stage, performance.now());
  });
  const finished = performance.now();
  return { result, times: { started, finished, at: (stage) => stageStarts.get(stage) ?? finished } };
}

/** Index build timings, milliseconds; the stages come from `buildIndex`'s progress reports. */
export interface BuildFigures {
  readonly totalMilliseconds: number;
  /** Reading and parsing the seeds into articles (and pairing them), and chunking them. */
  readonly parseMilliseconds: number;
  /** Embedding every chunk. */
  readonly embedMilliseconds: number;
  /** Building HNSW and BM25 and writing the index files durably (fsync, rename). */
  readonly writeMilliseconds: number;
  /** Chunks divided by the whole build's seconds. */
  readonly chunksPerSecond: number;
  /** Chunks divided by the embedding stage's seconds (+∞ when that stage took no measurable time). */
  readonly embeddedChunksPerSecond: number;
}

/** The build figures of a full build of `chunks` chunks whose stages were timed by {@link timeStages}. */
export function buildFigures(times: StageTimes, chunks: number): BuildFigures {
  const totalMilliseconds = times.finished - times.started;
  const embedMilliseconds = times.at('writing') - times.at('embedding');
  return {
    totalMilliseconds,
    parseMilliseconds: times.at('embedding') - times.at('parsing'),
    embedMilliseconds,
    writeMilliseconds: times.at('done') - times.at('writing'),
    chunksPerSecond: chunks / (totalMilliseconds / 1000),
    embeddedChunksPerSecond: embedMilliseconds > 0 ? chunks / (embedMilliseconds / 1000) : Number.POSITIVE_INFINITY,
  };
}

/** The process's memory now, MiB. */
export interface MemoryFigures {
  /**
   * Peak resident set size of the process so far: `process.resourceUsage().maxRSS` (KiB on Linux), or the
   * current RSS when the kernel's lazily updated high-water mark trails it.
   */
  readonly peakRssMebibytes: number;
  /** Resident set size now. */
  readonly rssMebibytes: number;
  /** V8 heap used now. */
  readonly heapUsedMebibytes: number;
}

/**
 * Runs a full garbage collection when the process was started with `--expose-gc` (the `bench` and `bench:scale`
 * scripts are), so that timings taken next do not pay for an earlier phase's garbage (building the index) —
 * the usual practice of benchmark harnesses between phases.
 * @returns whether a collection ran.
 */
export function collectGarbage(): boolean {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) return false;
  gc();
  return true;
}

/** Measures {@link MemoryFigures} now. */
export function measureMemory(): MemoryFigures {
  const memory = process.memoryUsage();
  // maxRSS is in kibibytes on Linux (getrusage's ru_maxrss). The kernel updates that high-water mark lazily,
  // so it can trail the current RSS by a few hundred KiB: the peak reported is the larger of the two.
  const peakRssKibibytes = process.resourceUsage().maxRSS;
  return {
    peakRssMebibytes: Math.max(peakRssKibibytes / 1024, memory.rss / BYTES_PER_MEBIBYTE),
    rssMebibytes: memory.rss / BYTES_PER_MEBIBYTE,
    heapUsedMebibytes: memory.heapUsed / BYTES_PER_MEBIBYTE,
  };
}

/** One file on disk, e.g. of an index. */
export interface FileSize {
  /** Path relative to the folder listed. */
  readonly file: string;
  readonly bytes: number;
}

/** Every file under `directory`, recursively, with its size in bytes, sorted by path. */
export async function listFileSizes(directory: string): Promise<FileSize[]> {
  const entries = await readdir(directory, { recursive: true, withFileTypes: true });
  const sizes: FileSize[] = [];
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const absolute = path.join(entry.parentPath, entry.name);
    sizes.push({ file: path.relative(directory, absolute), bytes: (await stat(absolute)).size });
  }
  return sizes.sort((left, right) => left.file.localeCompare(right.file));
}

/** The machine's processors: how many, and the first one's model name (`unknown` when Node reports none). */
export function cpuInfo(): { readonly count: number; readonly model: string } {
  const cpus = os.cpus();
  return { count: cpus.length, model: cpus[0]?.model.trim() ?? 'unknown' };
}

/**
 * Runs `body` with a fresh temporary folder (`<os tmpdir>/<prefix>XXXXXX`), removed afterwards, whether
 * `body` succeeds or throws. On Ctrl-C (SIGINT) meanwhile the folder is removed at once and the process
 * exits with code 130.
 * @returns what `body` returns; its errors are rethrown after the removal.
 */
export async function withScratchDir<T>(prefix: string, body: (scratchDir: string) => Promise<T>): Promise<T> {
  const scratchDir = await mkdtemp(path.join(os.tmpdir(), prefix));
  const removeOnInterrupt = (): void => {
    rmSync(scratchDir, { recursive: true, force: true });
    process.exit(130);
  };
  process.once('SIGINT', removeOnInterrupt);
  try {
    return await body(scratchDir);
  } finally {
    process.removeListener('SIGINT', removeOnInterrupt);
    await rm(scratchDir, { recursive: true, force: true });
  }
}

/**
 * Commander's parser of a count option.
 * @throws {InvalidArgumentError} unless `value` is a whole number ≥ 1.
 */
export function parseWholeNumber(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) throw new InvalidArgumentError('expected a whole number ≥ 1');
  return parsed;
}

/** A table row: two spaces, `name` padded to `nameWidth` characters, a space, `value`. */
export function tableRow(name: string, value: string, nameWidth: number): string {
  return `  ${name.padEnd(nameWidth)} ${value}`;
}

/**
 * Whether the module of `moduleUrl` (its `import.meta.url`) is the script Node was started with, so that a
 * command runs only as an entry point and tests can import its helpers.
 */
export function isEntryPoint(moduleUrl: string): boolean {
  const entryPoint = process.argv[1];
  return entryPoint !== undefined && moduleUrl === pathToFileURL(path.resolve(entryPoint)).href;
}
