/**
 * Bounded ingest (issue 15): a ~50 MB generated Markdown newsletter (15,400 articles of ≈ 2,800 characters,
 * the shape of `tests/support/hostile-seeds.ts`) next to a copy of the seeds, indexed by the real
 * `npm run index -- --json` in a child process (hashed embedder, temp index) under `/usr/bin/time`, which
 * gives wall time and peak RSS:
 * - `--mode default`: the default limits — the file is over MAX_SEED_FILE_BYTES and skipped, the seeds indexed;
 * - `--mode raised`: MAX_SEED_FILE_BYTES and INGEST_FILE_TIME_BUDGET_MS raised — the file is indexed
 *   (tens of minutes and several GiB on the 2-core dev machine: chunks, vectors and HNSW of ≈ 160,000 chunks);
 * - `--mode parse`: the limits raised, parsing and pairing only (`loadNewsletters`, in this process).
 * `npm run bench:big-seed -- --mode default [--articles 15400] [--seeds seeds]`. Needs GNU time (`/usr/bin/time`).
 */
import { spawnSync } from 'node:child_process';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { createSilentLogger, DEFAULT_INGEST_LIMITS } from '../src/core';
import { loadNewsletters } from '../src/ingest';

const ROOT = path.resolve(import.meta.dirname, '..');

const WORDS = ['research', 'science', 'technology', 'laboratory', 'satellite', 'quantum', 'energy', 'the', 'of', 'and', 'new', 'system', 'network', 'academy'];

/** A Markdown newsletter of `articles` generated articles of ≈ `bodyCharacters` each (deterministic). */
function generatedNewsletter(articles: number, bodyCharacters: number): string {
  let state = 1;
  const next = (): string => {
    state = (state * 1_664_525 + 1_013_904_223) % 4_294_967_296;
    return WORDS[state % WORDS.length] ?? 'the';
  };
  const paragraph = (): string => {
    const sentences: string[] = [];
    for (let length = 0; length < 400; ) {
      const words = Array.from({ length: 8 + (next().length % 12) }, next);
      const sentence = `${(words[0] ?? 'The').replace(/^./u, (letter) => letter.toUpperCase())} ${words.slice(1).join(' ')}.`;
      sentences.push(sentence);
      length += sentence.length + 1;
    }
    return sentences.join(' ');
  };
  const blocks: string[] = ['# China Science and Technology Newsletter (generated)', 'No. 1, 1 January 2016'];
  for (let number = 1; number <= articles; number += 1) {
    blocks.push(`# Generated article ${number}`);
    for (let written = 0; written < bodyCharacters; written += 400) blocks.push(paragraph());
    blocks.push('(Source: Science and Technology Daily, 1 January 2016)');
  }
  return `${blocks.join('\n\n')}\n`;
}

/** Limits that let the big file through. */
const RAISED = { MAX_SEED_FILE_BYTES: String(2 ** 31 - 1), INGEST_FILE_TIME_BUDGET_MS: '3600000' };

const program = new Command('bench:big-seed')
  .option('--mode <mode>', 'default | raised | parse', 'default')
  .option('--articles <n>', 'generated articles (15,400: ≈ 50 MB)', '15400')
  .option('--seeds <dir>', 'seed folder copied next to the big file', 'seeds')
  .action(async (options: { mode: string; articles: string; seeds: string }) => {
    const work = await mkdtemp(path.join(tmpdir(), 'big-seed-'));
    try {
      const seedsDir = path.join(work, 'seeds');
      await cp(path.resolve(ROOT, options.seeds), seedsDir, { recursive: true });
      const text = generatedNewsletter(Number(options.articles), 2800);
      const big = path.join(seedsDir, '999_generated_big.md');
      await writeFile(big, text);
      const megabytes = Buffer.byteLength(text) / 1e6;
      process.stdout.write(`big file: ${megabytes.toFixed(1)} MB, ${options.articles} articles; load average ${(loadavg()[0] ?? 0).toFixed(2)}\n`);
      if (options.mode === 'parse') {
        const started = performance.now();
        const loaded = await loadNewsletters(seedsDir, work, createSilentLogger(), { limits: { ...DEFAULT_INGEST_LIMITS, maxSeedFileBytes: 2 ** 31 - 1, fileTimeBudgetMilliseconds: 3_600_000 } });
        const seconds = (performance.now() - started) / 1000;
        const peak = process.resourceUsage().maxRSS / 1024;
        process.stdout.write(`parse + pairing: ${loaded.articles.length} articles, ${loaded.skippedFiles.length} skipped, ${seconds.toFixed(1)} s, peak RSS ${peak.toFixed(0)} MiB (this process)\n`);
        return;
      }
      const environment = {
        ...process.env,
        SEEDS_DIR: seedsDir,
        INDEX_DIR: path.join(work, 'index'),
        GLOSSARY_FILE: path.join(seedsDir, 'glossary.tsv'),
        PAIR_OVERRIDES_FILE: path.join(seedsDir, 'pairs.tsv'),
        EMBEDDER: 'hashed',
        LOG_LEVEL: 'warn',
        ...(options.mode === 'raised' ? RAISED : {}),
      };
      const result = spawnSync('/usr/bin/time', ['-f', 'TIME %e s wall, %M KiB peak RSS', process.execPath, '--import', 'tsx', 'src/cli/index-command.ts', '--json'], {
        cwd: ROOT,
        env: environment,
        encoding: 'utf8',
        maxBuffer: 256 * 1024 * 1024,
      });
      const summary = result.stdout.trim().split('\n').at(-1) ?? '';
      const timing = /TIME (\S+) s wall, (\d+) KiB peak RSS/u.exec(result.stderr);
      const parsed = JSON.parse(summary) as { counts: { articles: number; chunks: number }; skippedFiles: { file: string; reason: string }[] };
      process.stdout.write(`mode ${options.mode}: ${parsed.counts.articles} articles, ${parsed.counts.chunks} chunks indexed\n`);
      for (const skipped of parsed.skippedFiles) process.stdout.write(`  skipped ${path.basename(skipped.file)}: ${skipped.reason}\n`);
      if (timing !== null) process.stdout.write(`  ${timing[1]} s wall, peak RSS ${(Number(timing[2]) / 1024).toFixed(0)} MiB (the index process)\n`);
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  });

await program.parseAsync(process.argv);
