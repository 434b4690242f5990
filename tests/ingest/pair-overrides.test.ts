/**
 * The pair overrides file (issue 5): forced and forbidden pairs win over the evidence; malformed or
 * unresolvable lines are reported by line number and skipped, never thrown.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findEditionPairs, parsePairOverrides, readPairOverrides, resolvePairOverrides, type ParsedNewsletter } from '../../src/ingest';
import { parseSeeds, reorderedCopy } from './pairing-fixtures';

const ZH = '000_fbe4f82aa1b47969.txt';
const EN = '004_cefe45b9264134e7.txt';
const seeds = parseSeeds();
const article = (file: string, position: number) => {
  const found = seeds.find((newsletter) => newsletter.file === `seeds/${file}`)?.articles[position - 1];
  if (found === undefined) throw new Error(`no article ${file}#${position}`);
  return found;
};

describe('parsing the overrides file', () => {
  it('reads forced and forbidden lines, skipping comments and blank lines', () => {
    const overrides = parsePairOverrides(['# corrections', '', `${ZH}#2\t${EN}#3`, `${EN}#5\t-`, `-\t${ZH}#6`].join('\n'), 'pairs.tsv');
    expect(overrides.problems).toEqual([]);
    expect(overrides.entries).toEqual([
      { line: 3, first: `${ZH}#2`, second: `${EN}#3` },
      { line: 4, first: `${EN}#5`, second: null },
      { line: 5, first: `${ZH}#6`, second: null },
    ]);
  });

  it('reports malformed lines by line number and keeps the valid ones', () => {
    const text = [
      `${ZH}#1 ${EN}#1`, // 1: no tab
      `${ZH}#1\t${EN}#1\textra`, // 2: three fields
      `${ZH}#1\t`, // 3: empty field
      '-\t-', // 4: nothing named
      `${ZH}\t${EN}#1`, // 5: no #
      `${ZH}#1\t${EN}#1`, // 6: valid
    ].join('\n');
    const overrides = parsePairOverrides(text);
    expect(overrides.problems.map((problem) => problem.line)).toEqual([1, 2, 3, 4, 5]);
    for (const problem of overrides.problems) expect(problem.reason.length).toBeGreaterThan(0);
    expect(overrides.entries.map((entry) => entry.line)).toEqual([6]);
  });

  it('reports references that do not resolve, pairs of one language and conflicting lines', () => {
    const text = [
      `nosuchfile.txt#1\t${EN}#1`, // 1: unknown file
      `${ZH}#No such title\t${EN}#1`, // 2: unknown title
      `${ZH}#99\t${EN}#1`, // 3: no such position
      `${ZH}#1\t001_37b9a76959784536#1`, // 4: two Chinese articles
      `${ZH}#中美科技创新园落地青岛\t${EN}#China-US Innovation Park Launched in Qingdao`, // 5: valid, by title
      `${ZH}#5\t-`, // 6: conflicts with line 5
    ].join('\n');
    const resolved = resolvePairOverrides(parsePairOverrides(text), seeds);
    expect(resolved.problems.map((problem) => problem.line)).toEqual([1, 2, 3, 4, 6]);
    expect(resolved.problems[0]?.reason).toContain('nosuchfile.txt');
    expect(resolved.problems[4]?.reason).toContain('line 5');
    expect(resolved.forced).toEqual([{ chineseId: article(ZH, 5).id, englishId: article(EN, 5).id, line: 5 }]);
  });

  it('accepts the file name, its stem or its path, and titles without spaces or punctuation', () => {
    const text = [
      `seeds/${ZH}#1\t${EN.replace('.txt', '')}#china accelerates integration into the global science technology and innovation system`,
    ].join('\n');
    const resolved = resolvePairOverrides(parsePairOverrides(text), seeds);
    expect(resolved.problems).toEqual([]);
    expect(resolved.forced[0]).toMatchObject({ chineseId: article(ZH, 1).id, englishId: article(EN, 1).id });
  });
});

describe('reading the overrides file', () => {
  let directory: string;
  beforeAll(async () => {
    directory = await mkdtemp(path.join(tmpdir(), 'pair-overrides-'));
  });
  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('means no overrides when the file is missing', async () => {
    expect(await readPairOverrides(path.join(directory, 'missing.tsv'))).toMatchObject({ entries: [], problems: [] });
  });

  it('reads a file with a byte-order mark and Windows line ends', async () => {
    const file = path.join(directory, 'pairs.tsv');
    await writeFile(file, `\uFEFF# comment\r\n${ZH}#3\t-\r\n`, 'utf8');
    const overrides = await readPairOverrides(file);
    expect(overrides.problems).toEqual([]);
    expect(overrides.entries).toEqual([{ line: 2, first: `${ZH}#3`, second: null }]);
  });

  it('reports an unreadable file instead of throwing', async () => {
    const overrides = await readPairOverrides(directory); // a folder: EISDIR
    expect(overrides.entries).toEqual([]);
    expect(overrides.problems).toHaveLength(1);
    expect(overrides.problems[0]?.line).toBeNull();
  });
});

describe('overrides win over the evidence', () => {
  const pairsOf = (newsletters: readonly ParsedNewsletter[], text: string) => findEditionPairs(newsletters, { overrides: parsePairOverrides(text) });

  it('forces a pair the evidence would not make, and pairs the rest around it', () => {
    const report = pairsOf(seeds, `${ZH}#第七次中美创新对话在京举行\t${EN}#Senior US Science and Technology Officials Visit Zhongguancun Innoway`);
    const forced = report.pairs.find((pair) => pair.chineseId === article(ZH, 2).id);
    expect(forced).toMatchObject({ englishId: article(EN, 3).id, origin: 'override', overrideLine: 1, confidence: 1 });
    expect(report.pairs.filter((pair) => pair.englishId === article(EN, 3).id)).toHaveLength(1);
    // The other nine pairs are untouched.
    for (const position of [1, 4, 5, 6, 7, 8, 9, 10, 11]) {
      expect(report.pairs.find((pair) => pair.chineseId === article(ZH, position).id)?.englishId).toBe(article(EN, position).id);
    }
  });

  it('forbids pairing an article: it and its would-be partner stay unpaired, reported as a near miss', () => {
    const report = pairsOf(seeds, `${EN}#China-US Innovation Park Launched in Qingdao\t-`);
    expect(report.pairs).toHaveLength(10);
    expect(report.pairs.some((pair) => pair.englishId === article(EN, 5).id || pair.chineseId === article(ZH, 5).id)).toBe(false);
    expect(report.nearMisses.find((miss) => miss.articleId === article(ZH, 5).id)).toMatchObject({ candidateId: article(EN, 5).id, reason: 'forbidden' });
  });

  it('finds the article by title after the other edition was reordered and renamed', () => {
    const english = seeds.find((newsletter) => newsletter.lang === 'en');
    if (english === undefined) throw new Error('no English seed');
    const renamed = [...seeds.filter((newsletter) => newsletter !== english), reorderedCopy(english, 'seeds/english.md', [11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1])];
    const report = pairsOf(renamed, `english.md#China-US Innovation Park Launched in Qingdao\t-\n${ZH}#5\t-`);
    expect(report.overrideProblems).toEqual([]);
    expect(report.pairs).toHaveLength(10);
    expect(report.pairs.some((pair) => pair.englishId === 'english#7')).toBe(false);
  });

  it('still pairs by evidence when every override line is invalid', () => {
    const report = pairsOf(seeds, 'garbage\nmore\tgarbage\n');
    expect(report.overrideProblems.map((problem) => problem.line)).toEqual([1, 2]);
    expect(report.pairs).toHaveLength(11);
  });
});
