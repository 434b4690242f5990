/**
 * `npm run bench -- [--iterations N] [--json] [--embedder auto|transformers|hashed]`: performance figures of
 * the build and answer paths, measured in-process with `performance.now()`:
 * - index build from `seeds/` into a temporary INDEX_DIR (the user's `index/` is never touched), split into
 *   parse + chunk, embed and write, with chunks per second;
 * - index load from disk (`openAssistant` with `build: 'never'`);
 * - search and ask latency (p50, p95, max by the nearest-rank method) cycling through the questions of
 *   `tests/fixtures/dev.jsonl` plus a few bilingual queries of its own, after one untimed warm-up pass;
 * - peak resident set size, heap used, and the index's size on disk.
 *
 * Figures go to standard output (a table, or one JSON object with `--json`); logs go to standard error at
 * `warn` level, so the embedder's fallback warning still shows. The temporary folder is removed at the end,
 * also after a failure or Ctrl-C.
 */
import { rmSync } from 'node:fs';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Command, InvalidArgumentError, Option } from 'commander';
import { buildIndex, openAssistant, type AssistantRuntime, type BuildProgress } from '../app';
import { InputError, type AppConfig, type Logger } from '../core';
import { createEmbedder, type EmbedderSelection } from '../embed';
import { readQuestionFile } from '../eval';
import { createCommandContext, REPOSITORY_ROOT, runCommand } from './cli-support';

/** Default number of timed searches. */
export const DEFAULT_SEARCH_ITERATIONS = 200;
/** Default number of timed asks (an ask runs a search and then builds the answer, so it is slower). */
export const DEFAULT_ASK_ITERATIONS = 100;
/** Number of timed index loads; each opens the index from disk again. */
export const INDEX_LOAD_RUNS = 5;
/** Articles per timed search (the `search` command's default `-k`). */
export const BENCH_SEARCH_K = 5;

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

/** Index build timings, milliseconds; the stages come from {@link buildIndex}'s progress reports. */
export interface BuildFigures {
  readonly totalMilliseconds: number;
  /** Reading and parsing the seeds into articles, and chunking them. */
  readonly parseMilliseconds: number;
  /** Embedding every chunk. */
  readonly embedMilliseconds: number;
  /** Building HNSW and BM25 and writing the index files durably (fsync, rename). */
  readonly writeMilliseconds: number;
  /** Chunks divided by the whole build's seconds. */
  readonly chunksPerSecond: number;
  /** Chunks divided by the embedding stage's seconds. */
  readonly embeddedChunksPerSecond: number;
}

/** One file of the index on disk. */
export interface IndexFileSize {
  /** Path relative to the index's `current/` folder. */
  readonly file: string;
  readonly bytes: number;
}

/** Everything `npm run bench` measures (the `--json` output). */
export interface BenchReport {
  readonly environment: { readonly node: string; readonly platform: string; readonly arch: string; readonly cpus: number; readonly cpuModel: string };
  readonly embedder: {
    readonly id: string;
    readonly dimensions: number;
    /** Why the hashed fallback is in use, or null. */
    readonly fallbackReason: string | null;
    /** Creating the embedder (loading the model, or failing to and falling back), milliseconds. */
    readonly createMilliseconds: number;
  };
  readonly corpus: { readonly files: number; readonly articles: number; readonly chunks: number };
  readonly build: BuildFigures;
  /** `openAssistant` with `build: 'never'`: hashing the seeds, reading and verifying the files, loading HNSW and BM25. */
  readonly indexLoad: LatencySummary;
  readonly search: LatencySummary & { readonly k: number; readonly distinctQueries: number };
  readonly ask: LatencySummary & { readonly distinctQueries: number; readonly found: number };
  readonly memory: {
    /**
     * Peak resident set size of the process over the whole run, MiB: `process.resourceUsage().maxRSS`
     * (KiB on Linux), or the current RSS when the kernel's lazily updated high-water mark trails it.
     */
    readonly peakRssMebibytes: number;
    /** Resident set size at the end, MiB. */
    readonly rssMebibytes: number;
    /** V8 heap used at the end, MiB. */
    readonly heapUsedMebibytes: number;
  };
  readonly indexSize: { readonly files: readonly IndexFileSize[]; readonly totalBytes: number };
}

const BYTES_PER_MEBIBYTE = 1024 * 1024;

/** Calls `body` once per iteration with the queries in turn (cycling) and returns each call's milliseconds. */
async function timeCycling(queries: readonly string[], iterations: number, body: (query: string) => Promise<unknown>): Promise<number[]> {
  const timings: number[] = [];
  for (let iteration = 0; iteration < iterations; iteration += 1) {
    const query = queries[iteration % queries.length] as string;
    const started = performance.now();
    await body(query);
    timings.push(performance.now() - started);
  }
  return timings;
}

/** Every file under `directory`, recursively, with its size in bytes, sorted by path. */
async function listFileSizes(directory: string): Promise<IndexFileSize[]> {
  const entries = await readdir(directory, { recursive: true, withFileTypes: true });
  const sizes: IndexFileSize[] = [];
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const absolute = path.join(entry.parentPath, entry.name);
    sizes.push({ file: path.relative(directory, absolute), bytes: (await stat(absolute)).size });
  }
  return sizes.sort((left, right) => left.file.localeCompare(right.file));
}

/** Builds into `config.indexDir` and times the stages through the progress reports. */
async function benchBuild(config: AppConfig, selection: EmbedderSelection, logger: Logger): Promise<{ figures: BuildFigures; chunks: number }> {
  const stageStarts = new Map<BuildProgress['stage'], number>();
  const started = performance.now();
  const result = await buildIndex(config, selection, logger, {
    onProgress: (progress) => {
      if (!stageStarts.has(progress.stage)) stageStarts.set(progress.stage, performance.now());
    },
  });
  const finished = performance.now();
  const at = (stage: BuildProgress['stage']): number => stageStarts.get(stage) ?? finished;
  const chunks = result.manifest.counts.chunks;
  const embedMilliseconds = at('writing') - at('embedding');
  const totalMilliseconds = finished - started;
  return {
    chunks,
    figures: {
      totalMilliseconds,
      parseMilliseconds: at('embedding') - at('parsing'),
      embedMilliseconds,
      writeMilliseconds: at('done') - at('writing'),
      chunksPerSecond: chunks / (totalMilliseconds / 1000),
      embeddedChunksPerSecond: embedMilliseconds > 0 ? chunks / (embedMilliseconds / 1000) : Number.POSITIVE_INFINITY,
    },
  };
}

/** Options of {@link runBenchmark}. */
export interface BenchOptions {
  readonly searchIterations: number;
  readonly askIterations: number;
  /** Questions of the query set, timed in turn (cycling); must not be empty. */
  readonly queries: readonly string[];
}

/**
 * Runs the whole benchmark against `config` (whose `indexDir` must be a scratch folder: it is overwritten).
 * @throws {InputError} when `queries` is empty; the build's and load's errors otherwise.
 */
export async function runBenchmark(config: AppConfig, logger: Logger, options: BenchOptions): Promise<BenchReport> {
  if (options.queries.length === 0) throw new InputError('The benchmark needs at least one query.');
  const embedderStarted = performance.now();
  const selection = await createEmbedder(config.embedder, logger);
  const createMilliseconds = performance.now() - embedderStarted;

  const build = await benchBuild(config, selection, logger);

  const loadTimings: number[] = [];
  let runtime: AssistantRuntime | null = null;
  for (let run = 0; run < INDEX_LOAD_RUNS; run += 1) {
    runtime = null; // let the previous load be collected before the next one
    const started = performance.now();
    runtime = await openAssistant(config, logger, { build: 'never', embedder: selection });
    loadTimings.push(performance.now() - started);
  }
  if (runtime === null) throw new InputError('INDEX_LOAD_RUNS must be at least 1.');
  const { retriever, assistant, index } = runtime;

  // Warm-up: every query once, untimed (JIT, lazily built structures, caches).
  for (const query of options.queries) {
    await retriever.search(query, { k: BENCH_SEARCH_K });
    await assistant.ask(query);
  }
  const searchTimings = await timeCycling(options.queries, options.searchIterations, (query) => retriever.search(query, { k: BENCH_SEARCH_K }));
  let found = 0;
  const askTimings = await timeCycling(options.queries, options.askIterations, async (query) => {
    if ((await assistant.ask(query)).found) found += 1;
  });

  const files = await listFileSizes(index.directory);
  const memory = process.memoryUsage();
  // maxRSS is in kibibytes on Linux (getrusage's ru_maxrss). The kernel updates that high-water mark lazily,
  // so it can trail the current RSS by a few hundred KiB: the peak reported is the larger of the two.
  const peakRssKibibytes = process.resourceUsage().maxRSS;
  const cpus = os.cpus();
  return {
    environment: {
      node: process.version,
      platform: process.platform,
      arch: process.arch,
      cpus: cpus.length,
      cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    },
    embedder: {
      id: selection.embedder.id,
      dimensions: selection.embedder.dimensions,
      fallbackReason: selection.fallbackReason,
      createMilliseconds,
    },
    corpus: { files: index.manifest.counts.files, articles: index.manifest.counts.articles, chunks: build.chunks },
    build: build.figures,
    indexLoad: summarizeLatencies(loadTimings),
    search: { ...summarizeLatencies(searchTimings), k: BENCH_SEARCH_K, distinctQueries: options.queries.length },
    ask: { ...summarizeLatencies(askTimings), distinctQueries: options.queries.length, found },
    memory: {
      peakRssMebibytes: Math.max(peakRssKibibytes / 1024, memory.rss / BYTES_PER_MEBIBYTE),
      rssMebibytes: memory.rss / BYTES_PER_MEBIBYTE,
      heapUsedMebibytes: memory.heapUsed / BYTES_PER_MEBIBYTE,
    },
    indexSize: { files, totalBytes: files.reduce((sum, file) => sum + file.bytes, 0) },
  };
}

/** The report as an aligned plain-text table. */
export function formatBenchReport(report: BenchReport, searchIterations: number, askIterations: number): string {
  const milliseconds = (value: number): string => `${value.toFixed(2)} ms`;
  const row = (name: string, value: string): string => `  ${name.padEnd(26)} ${value}`;
  const latencyHeader = `  ${''.padEnd(26)} ${'p50'.padStart(10)} ${'p95'.padStart(10)} ${'max'.padStart(10)} ${'mean'.padStart(10)}`;
  const latencyRow = (name: string, summary: LatencySummary): string =>
    `  ${name.padEnd(26)} ${[summary.p50, summary.p95, summary.max, summary.mean].map((value) => value.toFixed(2).padStart(10)).join(' ')}`;
  const { environment, embedder, corpus, build, memory, indexSize } = report;
  const lines = [
    `Benchmark — Node ${environment.node} ${environment.platform}/${environment.arch}, ${environment.cpus} × ${environment.cpuModel}`,
    `Embedder ${embedder.id} (${embedder.dimensions} dimensions), created in ${milliseconds(embedder.createMilliseconds)}` +
      (embedder.fallbackReason === null ? '' : ' — hashed fallback: the model could not be loaded'),
    `Corpus: ${corpus.files} files, ${corpus.articles} articles, ${corpus.chunks} chunks`,
    '',
    'Index build (temporary INDEX_DIR)',
    row('parse + chunk', milliseconds(build.parseMilliseconds)),
    row('embed', `${milliseconds(build.embedMilliseconds)}  (${build.embeddedChunksPerSecond.toFixed(0)} chunks/s)`),
    row('write (HNSW, BM25, files)', milliseconds(build.writeMilliseconds)),
    row('total', `${milliseconds(build.totalMilliseconds)}  (${build.chunksPerSecond.toFixed(0)} chunks/s)`),
    '',
    'Latency, milliseconds (nearest-rank percentiles)',
    latencyHeader,
    latencyRow(`index load (${report.indexLoad.count} runs)`, report.indexLoad),
    latencyRow(`search k=${report.search.k} (${searchIterations}×)`, report.search),
    latencyRow(`ask (${askIterations}×)`, report.ask),
    `  queries: ${report.search.distinctQueries} distinct (dev set + extra), cycled after one warm-up pass; asks answered: ${report.ask.found}/${report.ask.count}`,
    '',
    'Memory',
    row('peak RSS', `${memory.peakRssMebibytes.toFixed(1)} MiB`),
    row('RSS at end', `${memory.rssMebibytes.toFixed(1)} MiB`),
    row('heap used at end', `${memory.heapUsedMebibytes.toFixed(1)} MiB`),
    '',
    'Index on disk',
    ...indexSize.files.map((file) => row(file.file, `${file.bytes.toLocaleString('en-US').padStart(12)} bytes`)),
    row('total', `${indexSize.totalBytes.toLocaleString('en-US').padStart(12)} bytes (${(indexSize.totalBytes / BYTES_PER_MEBIBYTE).toFixed(2)} MiB)`),
  ];
  return lines.join('\n');
}

function parseIterations(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) throw new InvalidArgumentError('expected a whole number ≥ 1');
  return parsed;
}

interface BenchCommandOptions {
  readonly iterations?: number;
  readonly searchIterations?: number;
  readonly askIterations?: number;
  readonly json?: boolean;
  readonly embedder?: AppConfig['embedder']['kind'];
  readonly questions: string;
}

const DEFAULT_QUESTION_FILE = path.join(REPOSITORY_ROOT, 'tests', 'fixtures', 'dev.jsonl');

const program = new Command('bench')
  .description(
    'Benchmark: index build time (into a temporary folder), index load time, search and ask latency ' +
      '(p50/p95/max, nearest rank), peak RSS and index size. Your index/ is not touched.',
  )
  .option('--iterations <n>', `timed searches and timed asks (default ${DEFAULT_SEARCH_ITERATIONS} searches, ${DEFAULT_ASK_ITERATIONS} asks)`, parseIterations)
  .option('--search-iterations <n>', `timed searches (overrides --iterations; default ${DEFAULT_SEARCH_ITERATIONS})`, parseIterations)
  .option('--ask-iterations <n>', `timed asks (overrides --iterations; default ${DEFAULT_ASK_ITERATIONS})`, parseIterations)
  .addOption(new Option('--embedder <kind>', 'embedder to benchmark (default: EMBEDDER from the environment)').choices(['auto', 'transformers', 'hashed']))
  .option('--questions <file>', 'question file (JSON Lines, dev-set format) whose questions are timed', DEFAULT_QUESTION_FILE)
  .option('--json', 'print the figures as one JSON object')
  .action(async (options: BenchCommandOptions) => {
    await runCommand(async () => {
      const context = createCommandContext({ logLevel: 'warn' });
      const searchIterations = options.searchIterations ?? options.iterations ?? DEFAULT_SEARCH_ITERATIONS;
      const askIterations = options.askIterations ?? options.iterations ?? DEFAULT_ASK_ITERATIONS;
      const questions = await readQuestionFile(options.questions);
      const queries = [...questions.map((question) => question.question), ...EXTRA_BENCH_QUERIES];

      const scratchDir = await mkdtemp(path.join(os.tmpdir(), 'newsletter-bench-'));
      const removeOnInterrupt = (): void => {
        rmSync(scratchDir, { recursive: true, force: true });
        process.exit(130);
      };
      process.once('SIGINT', removeOnInterrupt);
      try {
        const config: AppConfig = {
          ...context.config,
          indexDir: scratchDir,
          embedder: { ...context.config.embedder, kind: options.embedder ?? context.config.embedder.kind },
        };
        const report = await runBenchmark(config, context.logger, { searchIterations, askIterations, queries });
        if (options.json === true) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
        else process.stdout.write(`${formatBenchReport(report, searchIterations, askIterations)}\n`);
      } finally {
        process.removeListener('SIGINT', removeOnInterrupt);
        await rm(scratchDir, { recursive: true, force: true });
      }
    });
  });

// Run only as an entry point, so that tests can import the helpers above.
const entryPoint = process.argv[1];
if (entryPoint !== undefined && import.meta.url === pathToFileURL(path.resolve(entryPoint)).href) {
  await program.parseAsync(process.argv);
}
