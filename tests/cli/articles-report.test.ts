/**
 * `npm run articles -- --report [FILE…]` through the real command (`tsx src/cli/articles-command.ts`): for
 * a dev layout fixture copied to a temp folder outside the repository, and for every file of a temp seeds
 * folder by default, it prints masthead, issue, evidence, every item with its date and dateSource, dropped
 * lines with reasons and warnings; `--json` gives the same as JSON.
 */
import { copyFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES_DIR } from '../support/ground-truth';
import { makeTempDir, type TempDir } from '../app/support/seed-assistant';
import { runCliCommand, type CommandRun } from '../support/run-cli';

interface ReportJson {
  readonly file: string;
  readonly masthead: readonly string[];
  readonly issue: { number: string | null; date: string | null; label: string | null };
  readonly contents: readonly string[];
  readonly evidence: readonly string[];
  readonly items: readonly { position: number; title: string; date: string | null; dateSource: string | null; source: string | null; link: string | null }[];
  readonly dropped: readonly { lineNumber: number; text: string; reason: string }[];
  readonly warnings: readonly { kind: string; message: string }[];
}

let temp: TempDir;
let fixture: string;
let htmlFixture: string;
let seedsDir: string;

function runArticles(args: readonly string[]): Promise<CommandRun> {
  return runCliCommand('articles', args, {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    SEEDS_DIR: seedsDir,
    GLOSSARY_FILE: path.join(seedsDir, 'glossary.tsv'),
    PAIR_OVERRIDES_FILE: path.join(seedsDir, 'pairs.tsv'),
    INDEX_DIR: path.join(temp.directory, 'index'),
    EMBEDDER: 'hashed',
    LOG_LEVEL: 'silent',
  });
}

beforeAll(async () => {
  temp = await makeTempDir();
  seedsDir = path.join(temp.directory, 'seeds');
  await mkdir(seedsDir, { recursive: true });
  fixture = path.join(temp.directory, 'archive-2002.txt');
  await copyFile(path.join(FIXTURES_DIR, 'layouts-dev', 'contents-en.txt'), fixture);
  htmlFixture = path.join(temp.directory, 'links.html');
  await copyFile(path.join(FIXTURES_DIR, 'links', 'links.html'), htmlFixture);
  await copyFile(path.join(FIXTURES_DIR, 'layouts-dev', 'punctuated-zh.txt'), path.join(seedsDir, 'a.txt'));
  await copyFile(path.join(FIXTURES_DIR, 'layouts-dev', 'blank-en.txt'), path.join(seedsDir, 'b.txt'));
});

afterAll(async () => {
  await temp.remove();
});

describe('articles --report', () => {
  it('prints a file anywhere: masthead, issue, evidence, items with date and dateSource, dropped lines, warnings', async () => {
    const run = await runArticles(['--report', fixture]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(fixture);
    expect(run.stdout).toContain("masthead: The Ministry of Science and Technology / People's Republic of China / N0.301 July 20,2002");
    expect(run.stdout).toContain('issue: number 301, date 2002-07-20');
    expect(run.stdout).toContain('evidence: contents list');
    expect(run.stdout).toContain('2. Enhanced S&T Support for Diseases Prevention & Control');
    expect(run.stdout).toContain('2002-07-12 (text)');
    expect(run.stdout).toContain('2002-07-20 (issue)');
    expect(run.stdout).toContain('line 5 (contents entry): *New Rules for Research Funding Announced');
    expect(run.stdout).toContain('0 warnings');
  });

  it('gives the same as JSON', async () => {
    const run = await runArticles(['--report', '--json', fixture]);
    expect(run.code).toBe(0);
    const reports = JSON.parse(run.stdout) as ReportJson[];
    expect(reports).toHaveLength(1);
    const report = reports[0];
    expect(report?.issue).toMatchObject({ number: '301', date: '2002-07-20' });
    expect(report?.evidence).toEqual(['contents list']);
    expect(report?.items.map((item) => [item.title, item.date, item.dateSource])).toEqual([
      ['New Rules for Research Funding Announced', '2002-07-12', 'text'],
      ['Enhanced S&T Support for Diseases Prevention & Control', '2002-07-20', 'issue'],
      ['Young Scientists Meet in Nanjing', '2002-07-20', 'issue'],
    ]);
    expect(report?.dropped.map((line) => line.reason)).toEqual(['masthead', 'masthead', 'masthead', 'contents entry', 'contents entry', 'contents entry']);
  });

  it('prints an item’s own link where it has one (an HTML file’s canonical URL, a link line), as text and JSON', async () => {
    const run = await runArticles(['--report', htmlFixture, fixture]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('link: https://www.cistc.gov.cn/newsletter/2019/04.html');
    expect(run.stdout).toContain('link: https://www.example.es/news/2019/04/09/renewables.html');
    expect(run.stdout.match(/ link: /gu)).toHaveLength(2);
    const json = await runArticles(['--report', '--json', htmlFixture]);
    const reports = JSON.parse(json.stdout) as ReportJson[];
    expect(reports[0]?.items.map((item) => item.link)).toEqual(['https://www.cistc.gov.cn/newsletter/2019/04.html', 'https://www.example.es/news/2019/04/09/renewables.html']);
  });

  it('reports every file of SEEDS_DIR without FILE arguments', async () => {
    const run = await runArticles(['--report', '--json']);
    expect(run.code).toBe(0);
    const reports = JSON.parse(run.stdout) as ReportJson[];
    expect(reports.map((report) => path.basename(report.file))).toEqual(['a.txt', 'b.txt']);
    expect(reports.map((report) => report.evidence)).toEqual([['source lines'], ['blank-line items']]);
    expect(reports[0]?.items.map((item) => item.dateSource)).toEqual(['source', 'source', 'source', 'issue']);
    expect(reports[0]?.dropped).toContainEqual({ lineNumber: 14, text: '国际合作', reason: 'section heading' });
  });
});
