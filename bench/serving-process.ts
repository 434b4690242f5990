/**
 * The memory of a process that only serves, as `npm start` does: the bot never builds in its own process (an
 * index update runs in a child, `src/app/index-subprocess.ts`), so the figure a deployment sizes its machine by
 * is the peak RSS of a process that opens an existing index and answers, not that of the benchmark process,
 * which has also parsed, embedded and written the index.
 *
 * {@link measureServingProcess} starts this file as a child (`node --import tsx`) with `INDEX_DIR`,
 * `SEEDS_DIR`, `GLOSSARY_FILE`, `PAIR_OVERRIDES_FILE` and `EMBEDDER` taken from the benchmark's config; the child opens the assistant with
 * `build: 'never'`, runs every query once through `search` and once through `ask`, and prints one JSON line:
 * its peak RSS (`process.resourceUsage().maxRSS`, kibibytes → MiB), RSS and heap at the end, and how long the
 * open took (milliseconds, `performance.now()`).
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { openAssistant } from '../src/app';
import { createCommandContext } from '../src/cli/cli-support';
import type { AppConfig } from '../src/core';
import { BYTES_PER_MEBIBYTE, isEntryPoint } from './bench-support';

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
  /** Queries run, each once through search and once through ask. */
  readonly queries: number;
}

const REPOSITORY_ROOT = path.resolve(import.meta.dirname, '..');

/**
 * Runs the serving child over the index of `config` (already built) with `queries` and returns its figures.
 * @throws {Error} when the child exits with a non-zero status or prints no figures.
 */
export async function measureServingProcess(config: AppConfig, queries: readonly string[]): Promise<ServingProcessFigures> {
  const folder = await mkdtemp(path.join(os.tmpdir(), 'newsletter-serving-'));
  try {
    const queriesFile = path.join(folder, 'queries.json');
    await writeFile(queriesFile, JSON.stringify(queries));
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
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(REPOSITORY_ROOT, 'bench', 'serving-process.ts'), queriesFile], {
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
  const queries = JSON.parse(await readFile(queriesFile, 'utf8')) as string[];
  const { config, logger } = createCommandContext({ logLevel: 'warn' });
  const started = performance.now();
  const runtime = await openAssistant(config, logger, { build: 'never' });
  const openMilliseconds = performance.now() - started;
  for (const query of queries) {
    await runtime.retriever.search(query, { k: 5 });
    await runtime.assistant.ask(query);
  }
  const memory = process.memoryUsage();
  const figures: ServingProcessFigures = {
    peakRssMebibytes: Math.max(process.resourceUsage().maxRSS / 1024, memory.rss / BYTES_PER_MEBIBYTE),
    rssMebibytes: memory.rss / BYTES_PER_MEBIBYTE,
    heapUsedMebibytes: memory.heapUsed / BYTES_PER_MEBIBYTE,
    openMilliseconds,
    queries: queries.length,
  };
  process.stdout.write(`${JSON.stringify(figures)}\n`);
}

if (isEntryPoint(import.meta.url)) {
  const queriesFile = process.argv[2];
  if (queriesFile === undefined) throw new Error('usage: serving-process.ts QUERIES.json');
  await serve(queriesFile);
}
