/**
 * The benchmarks' naive baseline (issue 15): whole-article BM25 finds articles by their words in either
 * language, and its quality is scored with the evaluation's metrics on a question file (a temp copy); recall
 * by distance counts equally near duplicates that recall by label misses.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NaiveBm25Baseline, formatSideBySide, measureQuality, measureSideBySide } from '../../bench/naive-baseline';
import { distanceRecall } from '../../bench/scale-measures';
import { makeArticle } from '../vector-index/support/fixtures';

const ARTICLES = [
  makeArticle({ position: 1 }),
  makeArticle({ position: 2, id: '000_test#2', title: 'Quantum satellite launched', body: 'China launched a quantum communication satellite.', lang: 'en' }),
  makeArticle({ position: 3, id: '000_test#3', title: 'Clean energy research centre', body: 'The steering committee met on clean energy.', lang: 'en' }),
  makeArticle({ position: 4, id: '000_test#4', title: '中日青年科技人员交流计划启动', body: '日本青年科技人员代表团访问中国。' }),
];

let folder: string;
let questionFile: string;
beforeAll(async () => {
  folder = await mkdtemp(path.join(os.tmpdir(), 'naive-baseline-'));
  questionFile = path.join(folder, 'questions.jsonl');
  const line = (id: string, question: string, title: string): string =>
    JSON.stringify({ id, lang: 'en', category: 'fact', question, gold: [{ file: '000_test.txt', title }], facts: [] });
  await writeFile(questionFile, [line('q1', 'quantum satellite', 'Quantum satellite launched'), line('q2', 'energy steering committee', 'Clean energy research centre')].join('\n'));
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe('NaiveBm25Baseline', () => {
  it('ranks whole articles by BM25 in both languages', () => {
    const baseline = NaiveBm25Baseline.build(ARTICLES);
    expect(baseline.search('quantum satellite', 2)[0]).toBe('000_test#2');
    expect(baseline.search('青年科技人员交流', 2)[0]).toBe('000_test#4');
    expect(baseline.search('nothing matches this', 3)).toEqual([]);
    expect(NaiveBm25Baseline.build([]).search('quantum', 3)).toEqual([]);
  });

  it('is scored with recall@5 and MRR@10 on the questions whose gold resolves', async () => {
    const baseline = NaiveBm25Baseline.build(ARTICLES);
    expect(await measureQuality(async (question) => baseline.search(question, 10), ARTICLES, questionFile)).toEqual({ questions: 2, recallAt5: 1, mrrAt10: 1 });
    const reversed = await measureQuality(async () => ['000_test#1', '000_test#3', '000_test#2'], ARTICLES, questionFile);
    expect(reversed.mrrAt10).toBeCloseTo((1 / 3 + 1 / 2) / 2, 10);
  });

  it('prints both sides on the same queries', async () => {
    const project = { count: 1, p50: 2, p95: 3, max: 3, mean: 2 };
    const figures = await measureSideBySide(ARTICLES, ['quantum'], 5, 5, project, async () => ['000_test#2']);
    expect(figures.baseline.search.count).toBe(5);
    expect(figures.p50Ratio).toBeCloseTo(2 / figures.baseline.search.p50, 6);
    expect(formatSideBySide(figures).join('\n')).toContain('baseline (whole articles, BM25)');
  });
});

describe('distanceRecall', () => {
  it('counts an equally near neighbour that recall by label would miss', () => {
    expect(distanceRecall([0.1, 0.2, 0.2], [0.1, 0.2, 0.2])).toBe(1);
    expect(distanceRecall([0.1, 0.2, 0.5], [0.1, 0.2, 0.3])).toBeCloseTo(2 / 3, 10);
    expect(distanceRecall([], [])).toBe(1);
  });
});
