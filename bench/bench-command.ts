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
 * also after a failure or Ctrl-C. The helpers it shares with `npm run bench:scale` are in `bench-support.ts`
 * (which also says why the benchmarks live in `bench/`, outside `src/`).
 */
import { Command, Option } from 'commander';
import { sourcePagePath } from '../src/answer';
import { AssistantHost, buildIndex, openAssistant, type AssistantRuntime } from '../src/app';
import { InputError, type AppConfig, type Logger } from '../src/core';
import { createEmbedder, type EmbedderSelection } from '../src/embed';
import { createWebApp, startWebServer } from '../src/web';
import { createCommandContext, runCommand } from '../src/cli/cli-support';
import { formatSideBySide, measureSideBySide, type SideBySide } from './naive-baseline';
import { measureServingProcess, type ServingProcessFigures } from './serving-process';
import {
  BYTES_PER_MEBIBYTE,
  DEFAULT_QUESTION_FILE,
  buildFigures,
  collectGarbage,
  cpuInfo,
  isEntryPoint,
  listFileSizes,
  measureMemory,
  parseWholeNumber,
  readBenchQueries,
  summarizeLatencies,
  tableRow,
  timeCycling,
  timeStages,
  withScratchDir,
  type BuildFigures,
  type FileSize,
  type LatencySummary,
  type MemoryFigures,
} from './bench-support';

/** Default number of timed searches. */
export const DEFAULT_SEARCH_ITERATIONS = 200;
/** Default number of timed asks (an ask runs a search and then builds the answer, so it is slower). */
export const DEFAULT_ASK_ITERATIONS = 100;
/** Number of timed index loads; each opens the index from disk again. */
export const INDEX_LOAD_RUNS = 5;
/** Articles per timed search (the `search` command's default `-k`). */
export const BENCH_SEARCH_K = 5;

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
  /** The dense store searched (`exact` below the policy's crossover size, else `hnsw`). */
  readonly vectorStore: 'exact' | 'hnsw';
  /** The project's search beside the naive baseline (whole articles, BM25 only) on the same questions. */
  readonly sideBySide: SideBySide;
  readonly build: BuildFigures;
  /** `openAssistant` with `build: 'never'`: hashing the seeds, reading and verifying the files, loading HNSW and BM25. */
  readonly indexLoad: LatencySummary;
  readonly search: LatencySummary & { readonly k: number; readonly distinctQueries: number };
  readonly ask: LatencySummary & { readonly distinctQueries: number; readonly found: number };
  /**
   * A source page over loopback HTTP (`GET /sources/<id>?hl=…`, the real Express app and templates), cycling
   * through every article with its first sentence highlighted: request to full body.
   */
  readonly sourcePage: LatencySummary & { readonly pages: number; readonly meanBytes: number };
  /** Over the whole run: the peak, and RSS and heap used at the end (see {@link MemoryFigures}). */
  readonly memory: MemoryFigures;
  /** A separate process that only opens the built index and answers (as `npm start` does). */
  readonly serving: ServingProcessFigures;
  readonly indexSize: { readonly files: readonly FileSize[]; readonly totalBytes: number };
}

/**
 * Times `iterations` source pages (at least one per article) served by the real web app on 127.0.0.1:0, each
 * article's first sentence highlighted, after one untimed pass.
 */
async function benchSourcePages(runtime: AssistantRuntime, logger: Logger, iterations: number): Promise<BenchReport['sourcePage']> {
  const host = new AssistantHost(runtime, logger);
  const app = createWebApp({ archive: { articles: () => runtime.index.articles, search: (query, k) => runtime.retriever.search(query, { k }), ask: (question) => host.ask(question) }, basicAuth: null, logger });
  const server = await startWebServer((request, response) => void app(request, response), { host: '127.0.0.1', port: 0 });
  try {
    const paths = runtime.index.articles.map((article) => sourcePagePath(article.id, article.body.split(/(?<=[.。!?！？])/u)[0] ?? ''));
    let bytes = 0;
    const fetchPage = async (pagePath: string): Promise<void> => {
      bytes += (await (await fetch(`http://127.0.0.1:${server.port}${pagePath}`)).arrayBuffer()).byteLength;
    };
    for (const pagePath of paths) await fetchPage(pagePath);
    bytes = 0;
    const timings = await timeCycling(paths, Math.max(iterations, paths.length), fetchPage);
    return { ...summarizeLatencies(timings), pages: paths.length, meanBytes: timings.length === 0 ? 0 : bytes / timings.length };
  } finally {
    await server.close();
  }
}

/** Builds into `config.indexDir` and times the stages through the progress reports. */
async function benchBuild(config: AppConfig, selection: EmbedderSelection, logger: Logger): Promise<{ figures: BuildFigures; chunks: number }> {
  const { result, times } = await timeStages((onProgress) => buildIndex(config, selection, logger, { onProgress }));
  const chunks = result.manifest.counts.chunks;
  return { chunks, figures: buildFigures(times, chunks) };
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
    // eslint-disable-next-line no-useless-assignment -- let the previous load be collected before the next one
    runtime = null;
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
  collectGarbage(); // the build's garbage, before the timings (see collectGarbage)
  const searchTimings = await timeCycling(options.queries, options.searchIterations, (query) => retriever.search(query, { k: BENCH_SEARCH_K }));
  let found = 0;
  const askTimings = await timeCycling(options.queries, options.askIterations, async (query) => {
    if ((await assistant.ask(query)).found) found += 1;
  });

  const sourcePage = await benchSourcePages(runtime, logger, options.askIterations);
  const search = summarizeLatencies(searchTimings);
  const sideBySide = await measureSideBySide(index.articles, options.queries, options.searchIterations, BENCH_SEARCH_K, search, async (question, k) =>
    (await retriever.search(question, { k })).map((result) => result.article.id),
  );

  const files = await listFileSizes(index.directory);
  const memory = measureMemory();
  const serving = await measureServingProcess(config, options.queries, Math.max(options.searchIterations, options.askIterations));
  const cpu = cpuInfo();
  return {
    environment: { node: process.version, platform: process.platform, arch: process.arch, cpus: cpu.count, cpuModel: cpu.model },
    embedder: {
      id: selection.embedder.id,
      dimensions: selection.embedder.dimensions,
      fallbackReason: selection.fallbackReason,
      createMilliseconds,
    },
    corpus: { files: index.manifest.counts.files, articles: index.manifest.counts.articles, chunks: build.chunks },
    vectorStore: index.vectorStoreKind,
    sideBySide,
    build: build.figures,
    indexLoad: summarizeLatencies(loadTimings),
    search: { ...search, k: BENCH_SEARCH_K, distinctQueries: options.queries.length },
    ask: { ...summarizeLatencies(askTimings), distinctQueries: options.queries.length, found },
    sourcePage,
    memory,
    serving,
    indexSize: { files, totalBytes: files.reduce((sum, file) => sum + file.bytes, 0) },
  };
}

/** The report as an aligned plain-text table. */
export function formatBenchReport(report: BenchReport, searchIterations: number, askIterations: number): string {
  const milliseconds = (value: number): string => `${value.toFixed(2)} ms`;
  const row = (name: string, value: string): string => tableRow(name, value, 26);
  const latencyHeader = `  ${''.padEnd(26)} ${'p50'.padStart(10)} ${'p95'.padStart(10)} ${'max'.padStart(10)} ${'mean'.padStart(10)}`;
  const latencyRow = (name: string, summary: LatencySummary): string =>
    `  ${name.padEnd(26)} ${[summary.p50, summary.p95, summary.max, summary.mean].map((value) => value.toFixed(2).padStart(10)).join(' ')}`;
  const { environment, embedder, corpus, build, memory, indexSize } = report;
  const lines = [
    `Benchmark — Node ${environment.node} ${environment.platform}/${environment.arch}, ${environment.cpus} × ${environment.cpuModel}`,
    `Embedder ${embedder.id} (${embedder.dimensions} dimensions), created in ${milliseconds(embedder.createMilliseconds)}` +
      (embedder.fallbackReason === null ? '' : ' — hashed fallback: the model could not be loaded'),
    `Corpus: ${corpus.files} files, ${corpus.articles} articles, ${corpus.chunks} chunks; dense store: ${report.vectorStore}`,
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
    latencyRow(`source page (${report.sourcePage.count}×)`, report.sourcePage),
    latencyRow(`serving process: search`, report.serving.search),
    latencyRow(`serving process: ask`, report.serving.ask),
    `  queries: ${report.search.distinctQueries} distinct (dev set + extra), cycled after one warm-up pass; asks answered: ${report.ask.found}/${report.ask.count}`,
    `  serving process: a child that only opens the index and answers, as npm start does (${report.serving.search.count}× each)`,
    `  source pages: ${report.sourcePage.pages} articles over loopback HTTP, ${(report.sourcePage.meanBytes / 1024).toFixed(1)} KiB of HTML on average`,
    '',
    ...formatSideBySide(report.sideBySide),
    '',
    'Memory',
    row('peak RSS', `${memory.peakRssMebibytes.toFixed(1)} MiB`),
    row('RSS at end', `${memory.rssMebibytes.toFixed(1)} MiB`),
    row('heap used at end', `${memory.heapUsedMebibytes.toFixed(1)} MiB`),
    row('serving process peak RSS', `${report.serving.peakRssMebibytes.toFixed(1)} MiB  (opens the index and answers ${report.serving.queries} questions, as npm start does; open ${milliseconds(report.serving.openMilliseconds)})`),
    '',
    'Index on disk',
    ...indexSize.files.map((file) => row(file.file, `${file.bytes.toLocaleString('en-US').padStart(12)} bytes`)),
    row('total', `${indexSize.totalBytes.toLocaleString('en-US').padStart(12)} bytes (${(indexSize.totalBytes / BYTES_PER_MEBIBYTE).toFixed(2)} MiB)`),
  ];
  return lines.join('\n');
}

interface BenchCommandOptions {
  readonly iterations?: number;
  readonly searchIterations?: number;
  readonly askIterations?: number;
  readonly json?: boolean;
  readonly embedder?: AppConfig['embedder']['kind'];
  readonly questions: string;
}

const program = new Command('bench')
  .description(
    'Benchmark: index build time (into a temporary folder), index load time, search and ask latency ' +
      '(p50/p95/max, nearest rank), peak RSS and index size. Your index/ is not touched.',
  )
  .option('--iterations <n>', `timed searches and timed asks (default ${DEFAULT_SEARCH_ITERATIONS} searches, ${DEFAULT_ASK_ITERATIONS} asks)`, parseWholeNumber)
  .option('--search-iterations <n>', `timed searches (overrides --iterations; default ${DEFAULT_SEARCH_ITERATIONS})`, parseWholeNumber)
  .option('--ask-iterations <n>', `timed asks (overrides --iterations; default ${DEFAULT_ASK_ITERATIONS})`, parseWholeNumber)
  .addOption(new Option('--embedder <kind>', 'embedder to benchmark (default: EMBEDDER from the environment)').choices(['auto', 'transformers', 'hashed']))
  .option('--questions <file>', 'question file (JSON Lines, dev-set format) whose questions are timed', DEFAULT_QUESTION_FILE)
  .option('--json', 'print the figures as one JSON object')
  .action(async (options: BenchCommandOptions) => {
    await runCommand(async () => {
      const context = createCommandContext({ logLevel: 'warn' });
      const searchIterations = options.searchIterations ?? options.iterations ?? DEFAULT_SEARCH_ITERATIONS;
      const askIterations = options.askIterations ?? options.iterations ?? DEFAULT_ASK_ITERATIONS;
      const queries = await readBenchQueries(options.questions);
      await withScratchDir('newsletter-bench-', async (scratchDir) => {
        const config: AppConfig = {
          ...context.config,
          indexDir: scratchDir,
          embedder: { ...context.config.embedder, kind: options.embedder ?? context.config.embedder.kind },
        };
        const report = await runBenchmark(config, context.logger, { searchIterations, askIterations, queries });
        if (options.json === true) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
        else process.stdout.write(`${formatBenchReport(report, searchIterations, askIterations)}\n`);
      });
    });
  });

// Run only as an entry point, so that tests can import the helpers above.
if (isEntryPoint(import.meta.url)) await program.parseAsync(process.argv);
