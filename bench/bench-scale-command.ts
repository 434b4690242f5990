/**
 * `npm run bench:scale -- [--copies N] [--json] [--no-grid] [--no-transformers]`: the assistant at N× the
 * seeds (default 100×: ≈ 4,500 articles, ≈ 10,600 chunks), measured in-process with `performance.now()`:
 * - a synthetic corpus ({@link generateSyntheticCorpus}) written to a temporary folder and indexed through the
 *   real build path ({@link buildIndex}) with the model-free hashed embedder: build time and chunks/s;
 * - index load, the first search (cold caches) and search / ask latency p50/p95 over the dev questions, the
 *   `bench` command's extra queries and titles of synthetic articles;
 * - incremental updates (`updateIndex`, as `npm run index` and the watch run them): one new issue file
 *   added, one file edited, one file removed — each timed by stage, with the chunks embedded and the HNSW
 *   tombstones left — then HNSW recall@10 of the graph those updates left (extended, not rebuilt) against
 *   exact search over its stored vectors;
 * - peak RSS and index size on disk;
 * - HNSW recall@10 against exact (brute-force cosine) search over the same vectors, build time and query
 *   latency, for a grid of (M, efConstruction, efSearch);
 * - transformers.js embedding throughput with batching: the configured model when a local copy exists, else
 *   the tiny generated test model (`tiny-model.ts`), labelled as such — its figures say what batching does
 *   to the pipeline's overhead, not how fast a real model is.
 *
 * The vector measurements are in `scale-measures.ts`, the shared helpers in `bench-support.ts` (which also
 * says why the benchmarks live in `bench/`, outside `src/`).
 *
 * Figures go to standard output (a table, or one JSON object with `--json`); logs to standard error at `warn`.
 * The temporary folder is removed at the end, also after a failure or Ctrl-C. The user's `index/` is untouched.
 */
import { copyFile, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { buildIndex, openAssistant, updateIndex } from '../src/app';
import { chunkIndexText } from '../src/chunk';
import { InputError, type AppConfig, type Logger } from '../src/core';
import { createEmbedder, type EmbedderSelection } from '../src/embed';
import type { HnswParameters } from '../src/vector-index';
import { createCommandContext, runCommand } from '../src/cli/cli-support';
import {
  BYTES_PER_MEBIBYTE,
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
} from './bench-support';
import {
  RECALL_K,
  embedAll,
  measureHnswGrid,
  measureTransformers,
  measureUpdatedGraphRecall,
  type HnswGridPoint,
  type TransformersFigures,
} from './scale-measures';
import { generateSyntheticCorpus, seededRandom, type SyntheticCorpusResult } from './synthetic-corpus';
import { measureServingProcess, type ServingProcessFigures } from './serving-process';
import { formatSideBySide, measureSideBySide, type SideBySide } from './naive-baseline';
import { measureStoreCrossover, type CrossoverFigures } from './store-crossover';

/** Default multiple of the seeds. */
export const DEFAULT_COPIES = 100;
/** Articles per timed search. */
export const SCALE_SEARCH_K = 5;
/** Synthetic article titles added to the query set (half Chinese, half English where available). */
export const GENERATED_QUERIES = 40;
/** Vectors queried against HNSW and exact search for recall (the query set's embeddings plus chunk titles). */
export const RECALL_QUERIES = 300;

/** Everything `npm run bench:scale` measures (the `--json` output). */
export interface ScaleBenchReport {
  readonly environment: { readonly node: string; readonly cpus: number; readonly cpuModel: string; readonly loadAverage: readonly number[] };
  readonly corpus: { readonly copies: number; readonly files: number; readonly characters: number; readonly articles: number; readonly pairedArticles: number; readonly chunks: number; readonly generateMilliseconds: number };
  readonly embedder: { readonly id: string; readonly dimensions: number };
  readonly hnsw: HnswParameters;
  /** The dense store the answer path searched (`exact` up to the policy's crossover size, else `hnsw`). */
  readonly vectorStore: 'exact' | 'hnsw';
  /** The project's search beside the naive baseline (whole articles, BM25 only) on the same queries. */
  readonly sideBySide: SideBySide;
  /** Exact vs HNSW search by corpus size (skipped with the grid: null). */
  readonly storeCrossover: CrossoverFigures | null;
  readonly build: BuildFigures;
  readonly indexLoadMilliseconds: number;
  /** The first search after loading (coverage texts and IDF caches cold), milliseconds. */
  readonly firstSearchMilliseconds: number;
  /** Whether a full garbage collection ran between the warm-up and the timed searches and asks (`--expose-gc`); absent in older reports. */
  readonly garbageCollectedBeforeTiming?: boolean;
  readonly search: LatencySummary & { readonly k: number; readonly distinctQueries: number };
  readonly ask: LatencySummary & { readonly distinctQueries: number; readonly found: number };
  /** Incremental updates after the build, in order (each starts from the index the previous one left). */
  readonly updates: readonly UpdateFigures[];
  /**
   * HNSW recall@10 of the graph the updates left against exact cosine search over its stored vectors, same
   * queries as the grid; compare with the grid's point at the configured parameters (a fresh graph).
   */
  readonly updatedGraphRecallAt10: number;
  readonly memory: {
    /** Peak RSS over build, load and the timed queries (one runtime alive), MiB. */
    readonly peakRssMebibytes: number;
    /** RSS and V8 heap used after the timed queries, MiB. */
    readonly rssMebibytes: number;
    readonly heapUsedMebibytes: number;
    /** Peak RSS once the updates have run in the same process (the first runtime still alive), MiB. */
    readonly peakRssAfterUpdateMebibytes: number;
    /** A separate process that only opens the built index and answers every query once (as `npm start`). */
    readonly servingProcess: ServingProcessFigures;
  };
  readonly indexSize: { readonly totalBytes: number; readonly files: readonly FileSize[] };
  readonly hnswGrid: readonly HnswGridPoint[];
  readonly transformers: TransformersFigures;
}

/** One incremental update of the bench. */
export interface UpdateFigures {
  /** What changed in the seeds folder. */
  readonly change: string;
  /** `updateIndex` from start to the new index in place (not loaded), milliseconds. */
  readonly milliseconds: number;
  /** Reading, parsing (changed files only) and pairing / embedding the new chunk texts / writing HNSW, BM25 and files. */
  readonly parseMilliseconds: number;
  readonly embedMilliseconds: number;
  readonly writeMilliseconds: number;
  readonly embeddedTexts: number;
  readonly reusedChunks: number;
  readonly reusedParsedFiles: number;
  readonly chunks: number;
  /** Deleted HNSW elements saved with the graph after the update. */
  readonly tombstones: number;
}

/** Options of {@link runScaleBenchmark}. */
export interface ScaleBenchOptions {
  readonly copies: number;
  readonly searchIterations: number;
  readonly askIterations: number;
  /** Dev questions and other fixed queries; synthetic titles are added. */
  readonly queries: readonly string[];
  readonly grid: boolean;
  readonly transformers: boolean;
  /** Scratch folder (seeds, index, models go below it). */
  readonly scratchDir: string;
}

/**
 * Incremental updates as `npm run index` runs them, each timed by stage, on the index in `config.indexDir`
 * built from `generated` (in `config.seedsDir`): a new issue (a further perturbed copy of one seed file), an
 * edited file (a sentence changed in one article), a removed file.
 */
async function measureUpdates(baseConfig: AppConfig, config: AppConfig, selection: EmbedderSelection, logger: Logger, options: ScaleBenchOptions, generated: SyntheticCorpusResult): Promise<UpdateFigures[]> {
  const seedsDir = config.seedsDir;
  const newIssueDir = path.join(options.scratchDir, 'new-issue');
  const newIssue = await generateSyntheticCorpus({ seedsDir: baseConfig.seedsDir, outputDir: newIssueDir, copies: options.copies + 1, glossaryFile: baseConfig.glossaryFile, randomSeed: 2 });
  const newFile = newIssue.files.filter((name) => name.startsWith(`c${options.copies}_`)).at(-1);
  if (newFile === undefined) throw new InputError('No new issue file was generated.');
  const middle = generated.files[Math.floor(generated.files.length / 2)] as string;
  const last = generated.files.at(-1) as string;
  const scenarios: readonly { readonly change: string; readonly apply: () => Promise<void> }[] = [
    { change: `added ${newFile}`, apply: () => copyFile(path.join(newIssueDir, newFile), path.join(seedsDir, newFile)) },
    {
      change: `edited ${middle} (one sentence)`,
      apply: async () => {
        const file = path.join(seedsDir, middle);
        const text = await readFile(file, 'utf8');
        const found = text.indexOf('\n\n', Math.floor(text.length / 2));
        const at = found < 0 ? text.length : found;
        await writeFile(file, `${text.slice(0, at)} (edited)${text.slice(at)}`);
      },
    },
    { change: `removed ${last}`, apply: () => rm(path.join(seedsDir, last)) },
  ];
  const updates: UpdateFigures[] = [];
  for (const scenario of scenarios) {
    await scenario.apply();
    const { result, times } = await timeStages((onProgress) => updateIndex(config, selection, logger, { onProgress }));
    updates.push({
      change: scenario.change,
      milliseconds: times.finished - times.started,
      parseMilliseconds: times.at('embedding') - times.started,
      embedMilliseconds: times.at('writing') - times.at('embedding'),
      writeMilliseconds: times.at('done') - times.at('writing'),
      embeddedTexts: result.build?.embeddedTexts ?? 0,
      reusedChunks: result.build?.reusedChunks ?? 0,
      reusedParsedFiles: result.build?.reusedParsedFiles ?? 0,
      chunks: result.manifest.counts.chunks,
      tombstones: result.manifest.hnsw.deletedElements ?? 0,
    });
  }
  return updates;
}

/**
 * Runs the scale benchmark in `options.scratchDir` (which it fills).
 * @throws {InputError} when the query set is empty; the build's and load's errors otherwise.
 */
export async function runScaleBenchmark(baseConfig: AppConfig, logger: Logger, options: ScaleBenchOptions): Promise<ScaleBenchReport> {
  if (options.queries.length === 0) throw new InputError('The scale benchmark needs at least one query.');
  const seedsDir = path.join(options.scratchDir, 'seeds');
  const config: AppConfig = { ...baseConfig, seedsDir, indexDir: path.join(options.scratchDir, 'index'), embedder: { ...baseConfig.embedder, kind: 'hashed' } };

  const generateStarted = performance.now();
  const generated = await generateSyntheticCorpus({ seedsDir: baseConfig.seedsDir, outputDir: seedsDir, copies: options.copies, glossaryFile: baseConfig.glossaryFile });
  const generateMilliseconds = performance.now() - generateStarted;

  const selection = await createEmbedder(config.embedder, logger);
  const { result: built, times: buildTimes } = await timeStages((onProgress) => buildIndex(config, selection, logger, { onProgress }));
  const chunkCount = built.manifest.counts.chunks;

  const loadStarted = performance.now();
  const runtime = await openAssistant(config, logger, { build: 'never', embedder: selection, llm: 'none' });
  const indexLoadMilliseconds = performance.now() - loadStarted;
  const { retriever, assistant, index } = runtime;

  // Synthetic titles of articles spread over the corpus, as extra queries.
  const random = seededRandom(7);
  const titles: string[] = [];
  for (let count = 0; count < GENERATED_QUERIES; count += 1) {
    const article = index.articles[Math.floor(random() * index.articles.length)];
    if (article !== undefined && article.title.trim() !== '') titles.push(article.title);
  }
  const queries = [...options.queries, ...titles];

  const firstStarted = performance.now();
  await retriever.search(queries[0] as string, { k: SCALE_SEARCH_K });
  const firstSearchMilliseconds = performance.now() - firstStarted;
  // Warm-up, untimed: every query once through search and ask (JIT, lazily built structures, caches), as `bench`
  // and the serving child do; then the build's garbage is collected, so the timings below are the serving path's.
  for (const query of queries) {
    await retriever.search(query, { k: SCALE_SEARCH_K });
    await assistant.ask(query);
  }
  const collectedBeforeTiming = collectGarbage();
  const searchTimings = await timeCycling(queries, options.searchIterations, (query) => retriever.search(query, { k: SCALE_SEARCH_K }));
  let found = 0;
  const askTimings = await timeCycling(queries, options.askIterations, async (query) => {
    if ((await assistant.ask(query)).found) found += 1;
  });
  const search = summarizeLatencies(searchTimings);
  const sideBySide = await measureSideBySide(index.articles, queries, options.searchIterations, SCALE_SEARCH_K, search, async (question, k) =>
    (await retriever.search(question, { k })).map((result) => result.article.id),
  );
  const indexFiles = await listFileSizes(index.directory);
  const texts = index.chunks.map((chunk) => chunkIndexText(chunk));
  // The serving figures: build, load and queries, one runtime alive (the updates open a second one).
  const servingMemory = measureMemory();
  // A process that only opens the index and answers, as npm start does (its updates run in a child process).
  const servingProcess = await measureServingProcess(config, queries, Math.max(options.searchIterations, options.askIterations));

  const updates = await measureUpdates(baseConfig, config, selection, logger, options, generated);
  const peakRssAfterUpdateMebibytes = measureMemory().peakRssMebibytes;

  const recallTexts = [...queries];
  for (let count = recallTexts.length; count < RECALL_QUERIES; count += 1) {
    const article = index.articles[Math.floor(random() * index.articles.length)];
    if (article !== undefined) recallTexts.push(`${article.title} ${article.body.slice(0, 60)}`);
  }
  const queryVectors = await Promise.all(recallTexts.map((text) => selection.embedder.embedQuery(text)));
  const updatedGraphRecallAt10 = await measureUpdatedGraphRecall(config, selection.embedder, queryVectors);
  let hnswGrid: HnswGridPoint[] = [];
  let storeCrossover: CrossoverFigures | null = null;
  if (options.grid) {
    const vectors = await embedAll(selection.embedder, texts, config.embedder.batchSize);
    hnswGrid = await measureHnswGrid(vectors, queryVectors, options.scratchDir, logger);
    storeCrossover = measureStoreCrossover(vectors, queryVectors, config.hnsw);
  }
  const transformers = options.transformers ? await measureTransformers(baseConfig, texts, options.scratchDir, logger) : { skipped: '--no-transformers' };

  const cpu = cpuInfo();
  return {
    environment: { node: process.version, cpus: cpu.count, cpuModel: cpu.model, loadAverage: os.loadavg() },
    corpus: {
      copies: options.copies,
      files: generated.files.length,
      characters: generated.characters,
      articles: index.articles.length,
      pairedArticles: index.articles.filter((article) => article.pairId !== null).length,
      chunks: chunkCount,
      generateMilliseconds,
    },
    embedder: { id: selection.embedder.id, dimensions: selection.embedder.dimensions },
    hnsw: config.hnsw,
    vectorStore: index.vectorStoreKind,
    sideBySide,
    storeCrossover,
    build: buildFigures(buildTimes, chunkCount),
    indexLoadMilliseconds,
    firstSearchMilliseconds,
    garbageCollectedBeforeTiming: collectedBeforeTiming,
    search: { ...search, k: SCALE_SEARCH_K, distinctQueries: queries.length },
    ask: { ...summarizeLatencies(askTimings), distinctQueries: queries.length, found },
    updates,
    updatedGraphRecallAt10,
    memory: {
      peakRssMebibytes: servingMemory.peakRssMebibytes,
      rssMebibytes: servingMemory.rssMebibytes,
      heapUsedMebibytes: servingMemory.heapUsedMebibytes,
      peakRssAfterUpdateMebibytes,
      servingProcess,
    },
    indexSize: { totalBytes: indexFiles.reduce((sum, file) => sum + file.bytes, 0), files: indexFiles },
    hnswGrid,
    transformers,
  };
}
/** The report as plain-text tables. */
export function formatScaleBenchReport(report: ScaleBenchReport): string {
  const fixed = (value: number, digits = 1): string => value.toFixed(digits);
  const row = (name: string, value: string): string => tableRow(name, value, 30);
  const latency = (summary: LatencySummary): string => `p50 ${fixed(summary.p50, 2)} ms, p95 ${fixed(summary.p95, 2)} ms, max ${fixed(summary.max, 2)} ms (${summary.count}×)`;
  const { corpus, build } = report;
  const lines = [
    `Scale benchmark — Node ${report.environment.node}, ${report.environment.cpus} × ${report.environment.cpuModel}, load average ${report.environment.loadAverage.map((value) => fixed(value, 2)).join(' ')}`,
    `Corpus: ${corpus.copies}× the seeds, ${corpus.files} files, ${(corpus.characters / 1e6).toFixed(2)} M characters, ${corpus.articles} articles (${corpus.pairedArticles} paired), ${corpus.chunks} chunks; generated in ${fixed(corpus.generateMilliseconds, 0)} ms`,
    `Embedder ${report.embedder.id} (${report.embedder.dimensions} dimensions); HNSW M ${report.hnsw.m}, efConstruction ${report.hnsw.efConstruction}, efSearch ${report.hnsw.efSearch}; dense store searched: ${report.vectorStore}`,
    '',
    'Index build',
    row('parse + chunk', `${fixed(build.parseMilliseconds, 0)} ms`),
    row('embed', `${fixed(build.embedMilliseconds, 0)} ms (${fixed(build.embeddedChunksPerSecond, 0)} chunks/s)`),
    row('write (HNSW, BM25, files)', `${fixed(build.writeMilliseconds, 0)} ms`),
    row('total', `${fixed(build.totalMilliseconds, 0)} ms (${fixed(build.chunksPerSecond, 0)} chunks/s)`),
    '',
    'Incremental updates (npm run index), each after the previous one',
    ...report.updates.flatMap((update) => [
      `  ${update.change}`,
      row('  total', `${fixed(update.milliseconds, 0)} ms — read+parse+pair ${fixed(update.parseMilliseconds, 0)} / embed ${fixed(update.embedMilliseconds, 0)} / write ${fixed(update.writeMilliseconds, 0)} ms`),
      row('  reused', `${update.reusedChunks} of ${update.chunks} chunks, ${update.reusedParsedFiles} parsed files; ${update.embeddedTexts} texts embedded; ${update.tombstones} HNSW tombstones`),
    ]),
    row('HNSW recall@10 after updates', `${report.updatedGraphRecallAt10.toFixed(4)} (the extended graph vs exact search over its vectors)`),
    '',
    'Answer path',
    row('index load', `${fixed(report.indexLoadMilliseconds, 0)} ms`),
    row('first search (cold caches)', `${fixed(report.firstSearchMilliseconds, 0)} ms`),
    row(`search k=${report.search.k}`, latency(report.search)),
    row('ask (extractive)', `${latency(report.ask)}; answered ${report.ask.found}/${report.ask.count}`),
    `  ${report.search.distinctQueries} distinct queries (dev set, extra, synthetic titles), cycled after a warm-up pass (search and ask)${report.garbageCollectedBeforeTiming === true ? ', the build\'s garbage collected first' : ''}`,
    '  in this process, which also built the index; a serving process (as npm start runs; its heap holds no build):',
    row(`  search k=5`, latency(report.memory.servingProcess.search)),
    row('  ask (extractive)', latency(report.memory.servingProcess.ask)),
    '',
    ...formatSideBySide(report.sideBySide),
    '',
    'Memory and disk',
    row('peak RSS (build, load, queries)', `${fixed(report.memory.peakRssMebibytes)} MiB`),
    row('RSS / heap used after queries', `${fixed(report.memory.rssMebibytes)} / ${fixed(report.memory.heapUsedMebibytes)} MiB`),
    row('peak RSS after the updates', `${fixed(report.memory.peakRssAfterUpdateMebibytes)} MiB (the serving runtime still alive)`),
    row('serving process peak RSS', `${fixed(report.memory.servingProcess.peakRssMebibytes)} MiB (opens the index and answers ${report.memory.servingProcess.queries} questions, as npm start does; open ${fixed(report.memory.servingProcess.openMilliseconds / 1000, 2)} s)`),
    ...report.indexSize.files.map((file) => row(file.file, `${fixed(file.bytes / BYTES_PER_MEBIBYTE, 2)} MiB`)),
    row('index total', `${fixed(report.indexSize.totalBytes / BYTES_PER_MEBIBYTE, 2)} MiB`),
  ];
  if (report.hnswGrid.length > 0) {
    lines.push('', `HNSW recall@${RECALL_K} vs exact cosine (${report.corpus.chunks} vectors; by label, and by distance: equally near duplicates count)`, '  M   efC   efS   recall@10  by dist.   build ms   search p50 ms   p95 ms   graph MiB');
    for (const point of report.hnswGrid) {
      lines.push(
        `  ${String(point.m).padEnd(3)} ${String(point.efConstruction).padEnd(5)} ${String(point.efSearch).padEnd(5)} ${point.recallAt10.toFixed(4).padStart(9)} ${point.distanceRecallAt10.toFixed(4).padStart(9)} ${fixed(point.buildMilliseconds, 0).padStart(10)} ${fixed(point.search.p50, 3).padStart(15)} ${fixed(point.search.p95, 3).padStart(8)} ${fixed(point.bytes / BYTES_PER_MEBIBYTE, 2).padStart(11)}`,
      );
    }
  }
  if (report.storeCrossover !== null) {
    const crossover = report.storeCrossover;
    lines.push(
      '',
      `Exact vs HNSW dense search by size (k = 50; HNSW M ${crossover.parameters.m}, efC ${crossover.parameters.efConstruction}, efS ${crossover.parameters.efSearch}), ms`,
      '  chunks   exact p50   p95   HNSW p50   p95   HNSW recall@10 (label / distance)',
      ...crossover.points.map(
        (point) =>
          `  ${String(point.chunks).padStart(6)} ${fixed(point.exact.p50, 3).padStart(10)} ${fixed(point.exact.p95, 3).padStart(6)} ${fixed(point.hnsw.p50, 3).padStart(9)} ${fixed(point.hnsw.p95, 3).padStart(6)}   ${point.hnswRecallAt10.toFixed(4)} / ${point.hnswDistanceRecallAt10.toFixed(4)}`,
      ),
      `  measured crossover (largest size with exact p50 ≤ HNSW p50): ${crossover.crossoverChunks ?? 'none (HNSW faster at every size)'}; policy exactMaxChunks ${crossover.policyExactMaxChunks}`,
    );
  }
  lines.push('', 'transformers.js embedding throughput');
  if ('skipped' in report.transformers) lines.push(`  skipped: ${report.transformers.skipped}`);
  else {
    lines.push(`  model ${report.transformers.model} (${report.transformers.dimensions} dimensions)${report.transformers.real ? '' : ' — TINY GENERATED TEST MODEL, not a real one: pipeline overhead only'}`);
    for (const point of report.transformers.throughput) lines.push(row(`batch ${point.batchSize}`, `${fixed(point.chunksPerSecond, 0)} chunks/s (${point.chunks} chunks)`));
  }
  return lines.join('\n');
}

interface ScaleCommandOptions {
  readonly copies: number;
  readonly searchIterations: number;
  readonly askIterations: number;
  readonly grid: boolean;
  readonly transformers: boolean;
  readonly json?: boolean;
}

const program = new Command('bench:scale')
  .description('Scale benchmark over a synthetic corpus of N× the seeds, in a temporary folder: build, latency, memory, HNSW recall vs exact.')
  .option('--copies <n>', `multiple of the seeds (default ${DEFAULT_COPIES})`, parseWholeNumber, DEFAULT_COPIES)
  .option('--search-iterations <n>', 'timed searches', parseWholeNumber, 200)
  .option('--ask-iterations <n>', 'timed asks', parseWholeNumber, 100)
  .option('--no-grid', 'skip the HNSW parameter grid')
  .option('--no-transformers', 'skip the transformers.js throughput')
  .option('--json', 'print the figures as one JSON object')
  .action(async (options: ScaleCommandOptions) => {
    await runCommand(async () => {
      const context = createCommandContext({ logLevel: 'warn' });
      const queries = await readBenchQueries();
      await withScratchDir('newsletter-bench-scale-', async (scratchDir) => {
        const report = await runScaleBenchmark(context.config, context.logger, {
          copies: options.copies,
          searchIterations: options.searchIterations,
          askIterations: options.askIterations,
          queries,
          grid: options.grid,
          transformers: options.transformers,
          scratchDir,
        });
        process.stdout.write(options.json === true ? `${JSON.stringify(report, null, 2)}\n` : `${formatScaleBenchReport(report)}\n`);
      });
    });
  });

// Run only as an entry point, so that tests can import the helpers above.
if (isEntryPoint(import.meta.url)) await program.parseAsync(process.argv);
