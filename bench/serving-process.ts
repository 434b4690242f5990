/**
 * The memory of a process that only serves, as `npm start` does: the bot never builds in its own process (an
 * index update runs in a child, `src/app/index-subprocess.ts`), so the figure a deployment sizes its machine by
 * is the peak RSS of a process that opens an existing index and answers, not that of the benchmark process,
 * which has also parsed, embedded and written the index.
 *
 * {@link measureServingProcess} starts this file as a child (`node --import tsx`) with `INDEX_DIR`,
 * `SEEDS_DIR`, `GLOSSARY_FILE`, `PAIR_OVERRIDES_FILE` and `EMBEDDER` taken from the benchmark's config; the child opens the assistant with
 * `build: 'never'`, runs every query once through `search` and once through `ask` (the warm-up), then times
 * `iterations` searches and as many asks cycling through the queries, and prints one JSON line: its peak RSS
 * (`process.resourceUsage().maxRSS`, kibibytes → MiB), RSS and heap at the end, how long the open took and the
 * latencies (milliseconds, `performance.now()`).
 *
 * The latencies are those a deployment sees: the benchmark process's own figures are taken in a heap that has
 * also parsed, embedded and written the index, whose garbage the collector is still working through (at 100×
 * the seeds that process's ask p95 was 31.6 ms against 13 ms here, on the same queries and machine).
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { openAssistant } from '../src/app';
import { createCommandContext } from '../src/cli/cli-support';
import type { AppConfig } from '../src/core';
import { BYTES_PER_MEBIBYTE, isEntryPoint, summarizeLatencies, timeCycling, type LatencySummary } from './bench-support';

/** What the serving child reports. */
export interface ServingProcessFigures {
  /** Peak resident set size of the child over its whole life, MiB. */
  readonly peakRssMebibytes: number;
  /** Resident set size after the queries, MiB. */
  readonly rssMebibytes: number;
  /** V8 heap in use after the queries, MiB. */
  readonly heapUsedMebibytes: number;
  /** `openAssistant` over the existing index (hash the seeds, verify and load the files), milliseconds. */
  readonly openMilliseconds: number;
  /** Distinct queries, each run once through search and once through ask before the timed calls. */
  readonly queries: number;
  /** Timed `retriever.search` calls (k = 5), milliseconds. */
  readonly search: LatencySummary;
  /** Timed `assistant.ask` calls (extractive), milliseconds. */
  readonly ask: LatencySummary;
}

const REPOSITORY_ROOT = path.resolve(import.meta.dirname, '..');

/**
 * Node flags the serving processes run with (`npm start` and `npm run web` pass them to tsx; a test checks that
 * package.json says the same). `--heap-growing-percent=100` fixes V8's heap growing factor at 2: after a full
 * collection the old generation may grow to twice its live size before the next one (V8 picks a factor of up to
 * 4 from its own speed estimates). Loading an index leaves much garbage, and with V8's factor a serving process
 * at 100× the seeds that held ≈ 105 MiB of live heap let its heap reach 260–315 MiB.
 *
 * Measured at 100× the seeds (10,778 chunks; 400 timed searches and asks after a warm-up; one process each, quiet
 * machine; peak RSS MiB, search p95 ms, ask p50 / p95 ms):
 * - no flag: 512–545 MiB, 8.7, 5.9 / 13.5;
 * - `--heap-growing-percent=100`: 417–450 MiB, 5.3–8.3, 4.8–5.5 / 10.2–13.9 (three runs);
 * - `--heap-growing-percent=50`: 416–419 MiB, 6.0–9.1, 5.4–6.4 / 12.2–15.0;
 * - `--optimize-for-size`: 307–311 MiB, 7.9, 7.1 / 21.5 (a full collection every ≈ 0.7 s in "reduce" mode, each
 *   pausing 6–13 ms: the ask tail, up to 99 ms, crosses the 20 ms line).
 * Factor 2 keeps the no-flag speed and most of the memory saving; `--optimize-for-size` is the choice when memory
 * matters more than the slowest answers.
 */
export const SERVING_NODE_FLAGS: readonly string[] = ['--heap-growing-percent=100'];

/**
 * Runs the serving child over the index of `config` (already built) with `queries` and returns its figures.
 * @param iterations - timed searches, and timed asks, after the warm-up pass (cycling through `queries`).
 * @throws {Error} when the child exits with a non-zero status or prints no figures.
 */
export async function measureServingProcess(config: AppConfig, queries: readonly string[], iterations: number = queries.length): Promise<ServingProcessFigures> {
  const folder = await mkdtemp(path.join(os.tmpdir(), 'newsletter-serving-'));
  try {
    const queriesFile = path.join(folder, 'queries.json');
    await writeFile(queriesFile, JSON.stringify({ queries, iterations }));
    return await runServingChild(config, queriesFile);
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

function runServingChild(config: AppConfig, queriesFile: string): Promise<ServingProcessFigures> {
  const environment: NodeJS.ProcessEnv = {
    ...process.env,
    INDEX_DIR: config.indexDir,
    SEEDS_DIR: config.seedsDir,
    GLOSSARY_FILE: config.glossaryFile,
    PAIR_OVERRIDES_FILE: config.pairOverridesFile,
    EMBEDDER: config.embedder.kind,
    LOG_LEVEL: 'warn',
  };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...SERVING_NODE_FLAGS, '--import', 'tsx', path.join(REPOSITORY_ROOT, 'bench', 'serving-process.ts'), queriesFile], {
      cwd: REPOSITORY_ROOT,
      env: environment,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (data: Buffer) => (stdout += data.toString('utf8')));
    child.stderr.on('data', (data: Buffer) => (stderr += data.toString('utf8')));
    child.on('error', reject);
    child.on('close', (status) => {
      const line = stdout.trim().split('\n').at(-1) ?? '';
      if (status !== 0 || !line.startsWith('{')) {
        reject(new Error(`the serving process exited with ${String(status)}: ${stderr.slice(-2000)}`));
        return;
      }
      resolve(JSON.parse(line) as ServingProcessFigures);
    });
  });
}

async function serve(queriesFile: string): Promise<void> {
  const { queries, iterations } = JSON.parse(await readFile(queriesFile, 'utf8')) as { queries: string[]; iterations: number };
  const { config, logger } = createCommandContext({ logLevel: 'warn' });
  const started = performance.now();
  const runtime = await openAssistant(config, logger, { build: 'never' });
  const openMilliseconds = performance.now() - started;
  for (const query of queries) {
    await runtime.retriever.search(query, { k: 5 });
    await runtime.assistant.ask(query);
  }
  const search = summarizeLatencies(await timeCycling(queries, iterations, (query) => runtime.retriever.search(query, { k: 5 })));
  const ask = summarizeLatencies(await timeCycling(queries, iterations, (query) => runtime.assistant.ask(query)));
  const memory = process.memoryUsage();
  const figures: ServingProcessFigures = {
    peakRssMebibytes: Math.max(process.resourceUsage().maxRSS / 1024, memory.rss / BYTES_PER_MEBIBYTE),
    rssMebibytes: memory.rss / BYTES_PER_MEBIBYTE,
    heapUsedMebibytes: memory.heapUsed / BYTES_PER_MEBIBYTE,
    openMilliseconds,
    queries: queries.length,
    search,
    ask,
  };
  process.stdout.write(`${JSON.stringify(figures)}\n`);
}

if (isEntryPoint(import.meta.url)) {
  const queriesFile = process.argv[2];
  if (queriesFile === undefined) throw new Error('usage: serving-process.ts QUERIES.json (an object: queries, iterations)');
  await serve(queriesFile);
}
