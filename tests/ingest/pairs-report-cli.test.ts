/**
 * `npm run articles -- --pairs [--json]` (issue 5), run as a user would: `tsx src/cli/articles-command.ts`
 * from the repository root, over a temp copy of the seed fixture, with `PAIR_OVERRIDES_FILE` pointing at a
 * temporary overrides file.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliCommand, type CommandRun } from '../support/run-cli';
import { copySeedFixture, seedFolderEnvironment } from '../support/seed-fixture';

let seedsDir: string;
function runArticles(args: readonly string[], overridesFile: string): Promise<CommandRun> {
  return runCliCommand('articles', args, {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    ...seedFolderEnvironment(seedsDir),
    INDEX_DIR: path.join(path.dirname(seedsDir), 'index'),
    PAIR_OVERRIDES_FILE: overridesFile,
    LOG_LEVEL: 'warn',
  });
}

interface PairsJson {
  readonly pairs: readonly { chinese: { articleId: string }; english: { articleId: string }; confidence: number; origin: string; evidence: unknown }[];
  readonly nearMisses: readonly { article: { articleId: string }; candidate: { articleId: string }; reason: string }[];
  readonly overrideProblems: readonly { line: number | null; reason: string }[];
}

describe('articles --pairs', () => {
  let directory: string;
  let overridesFile: string;
  beforeAll(async () => {
    directory = await mkdtemp(path.join(tmpdir(), 'pairs-cli-'));
    seedsDir = await copySeedFixture(directory);
    overridesFile = path.join(directory, 'pairs.tsv');
    await writeFile(overridesFile, ['# corrections', '000_fbe4f82aa1b47969.txt#中美科技创新园落地青岛\t-', 'not a valid line', ''].join('\n'), 'utf8');
  });
  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('prints every pair with confidence and evidence, the near misses and the skipped override lines as JSON', async () => {
    const run = await runArticles(['--pairs', '--json'], overridesFile);
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as PairsJson;
    expect(report.pairs).toHaveLength(10);
    for (const pair of report.pairs) {
      expect(pair.confidence).toBeGreaterThan(0.9);
      expect(pair.evidence).not.toBeNull();
    }
    expect(report.nearMisses).toContainEqual(
      expect.objectContaining({ article: expect.objectContaining({ articleId: '000_fbe4f82aa1b47969#5' }), reason: 'forbidden' }),
    );
    expect(report.overrideProblems).toEqual([expect.objectContaining({ line: 3 })]);
    // The skipped line is also logged, on standard error.
    expect(run.stderr).toContain('skipping pair override line');
  });

  it('prints the same report as text', async () => {
    const run = await runArticles(['--pairs'], overridesFile);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^10 pairs \(minimum score [\d.]+, confidence (?:0\.9\d|1\.00)–(?:0\.9\d|1\.00)\)/u);
    // Each pair explains itself: the Chinese words whose dictionary senses the English text shares.
    expect(run.stdout).toMatch(/translated terms [^;\n]*→/u);
    expect(run.stdout).toContain('forbidden, score');
    expect(run.stdout).toContain('line 3: expected two fields separated by one tab');
  });
});
