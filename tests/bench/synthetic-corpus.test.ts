/**
 * The scale benchmark's synthetic corpus (issue 5): perturbed copies of the seeds that ingest still parses
 * and pairs, with dates spread over 2010–2025; and the perturbations one by one.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger, type Article } from '../../src/core';
import { loadNewsletters } from '../../src/ingest';
import {
  generateSyntheticCorpus,
  parseGlossaryNames,
  perturbNumbers,
  shuffleSentences,
  swapNames,
  SYNTHETIC_YEAR_RANGE,
  yearOffset,
  seededRandom,
  type SyntheticCorpusResult,
} from '../../bench/synthetic-corpus';
import { SEED_FIXTURE_DIR, SEED_FIXTURE_GLOSSARY } from '../support/seed-fixture';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const SEEDS = SEED_FIXTURE_DIR;
const GLOSSARY = SEED_FIXTURE_GLOSSARY;
const COPIES = 3;

let directory: string;
let generated: SyntheticCorpusResult;
let seedArticles: readonly Article[];
let copyArticles: readonly Article[];

beforeAll(async () => {
  directory = await mkdtemp(path.join(os.tmpdir(), 'synthetic-corpus-'));
  generated = await generateSyntheticCorpus({ seedsDir: SEEDS, outputDir: directory, copies: COPIES, glossaryFile: GLOSSARY });
  const logger = createLogger('silent');
  seedArticles = (await loadNewsletters(SEEDS, ROOT, logger)).articles;
  copyArticles = (await loadNewsletters(directory, ROOT, logger)).articles;
}, 120_000);
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

describe('generateSyntheticCorpus', () => {
  it('writes every seed newsletter once per copy', () => {
    const seedFiles = seedArticles.map((article) => path.basename(article.file));
    expect(generated.files.length).toBe(new Set(seedFiles).size * COPIES);
    expect(generated.files.every((name) => /^c\d+_/u.test(name))).toBe(true);
  });

  it('yields as many articles and edition pairs per copy as the seeds, none paired across copies', () => {
    expect(copyArticles.length).toBe(seedArticles.length * COPIES);
    const paired = (articles: readonly Article[]): number => articles.filter((article) => article.pairId !== null).length;
    expect(paired(copyArticles)).toBe(paired(seedArticles) * COPIES);
    const byId = new Map(copyArticles.map((article) => [article.id, article]));
    const copyOf = (article: Article): string => path.basename(article.file).split('_')[0] ?? '';
    for (const article of copyArticles) {
      const pair = article.pairId === null ? undefined : byId.get(article.pairId);
      if (pair !== undefined) expect(copyOf(pair)).toBe(copyOf(article));
    }
  });

  it('shifts dates into the synthetic year range, differently per copy', () => {
    const years = new Set(copyArticles.flatMap((article) => (article.date === null ? [] : [Number(article.date.slice(0, 4))])));
    expect(years.size).toBeGreaterThan(new Set(seedArticles.map((article) => article.date?.slice(0, 4))).size);
    for (const year of years) {
      expect(year).toBeGreaterThanOrEqual(SYNTHETIC_YEAR_RANGE.from);
      expect(year).toBeLessThanOrEqual(SYNTHETIC_YEAR_RANGE.to);
    }
  });

  it('is deterministic', async () => {
    const again = await mkdtemp(path.join(os.tmpdir(), 'synthetic-corpus-again-'));
    try {
      await generateSyntheticCorpus({ seedsDir: SEEDS, outputDir: again, copies: 1, glossaryFile: GLOSSARY });
      const name = generated.files.find((file) => file.startsWith('c0_')) ?? '';
      expect(await readFile(path.join(again, name), 'utf8')).toBe(await readFile(path.join(directory, name), 'utf8'));
    } finally {
      await rm(again, { recursive: true, force: true });
    }
  });
});

describe('perturbations', () => {
  it('shifts years by the offset and numbers ≥ 32 by the shift, leaving days, months and decimals', () => {
    expect(perturbNumbers('2016年9月24日，158个国家，3.5亿', -4, 10)).toBe('2012年9月24日，168个国家，3.5亿');
    expect(perturbNumbers('December 15 2016, 200 scientists', 2, 1)).toBe('December 15 2018, 201 scientists');
    expect(perturbNumbers('*No. 23*', 0, 5)).toBe('*No. 28*');
  });

  it('keeps shifted seed years (2016–2021) inside the synthetic year range', () => {
    for (let copy = 0; copy < 40; copy += 1) {
      expect(2016 + yearOffset(copy)).toBeGreaterThanOrEqual(SYNTHETIC_YEAR_RANGE.from);
      expect(2021 + yearOffset(copy)).toBeLessThanOrEqual(SYNTHETIC_YEAR_RANGE.to);
    }
  });

  it('swaps names both ways, English on whole words only', () => {
    const swaps = new Map([
      ['Qingdao', 'Nanjing'],
      ['Nanjing', 'Qingdao'],
      ['青岛', '南京'],
      ['南京', '青岛'],
    ]);
    expect(swapNames('Qingdao and Nanjing; Qingdaoese; 青岛和南京', swaps)).toBe('Nanjing and Qingdao; Qingdaoese; 南京和青岛');
  });

  it('shuffles the sentences of long paragraphs only, keeping the first one and every sentence', () => {
    const long = `${'第一句很长的开头，包括日期2016年6月5日。'.repeat(1)}${Array.from({ length: 12 }, (_, index) => `这是第${index}个测试句子，内容足够长以超过阈值。`).join('')}`;
    const shuffled = shuffleSentences(long, seededRandom(3));
    expect(shuffled).not.toBe(long);
    expect(shuffled.startsWith('第一句很长的开头')).toBe(true);
    expect([...shuffled].sort().join('')).toBe([...long].sort().join(''));
    expect(shuffleSentences('短段落。两句。三句。', seededRandom(3))).toBe('短段落。两句。三句。');
  });

  it('reads only glossary entries with both an English and a Chinese name', () => {
    expect(parseGlossaryNames('# comment\nQingdao|Tsingtao\t青岛\nX\t某\nBRICS\t\n')).toEqual([{ english: 'Qingdao', chinese: '青岛' }]);
  });
});
