/**
 * Golden data: BM25 over the 45 ground-truth article titles of `tests/fixtures/articles.md` (a copy of `../shared/eval/articles.md`), queried with
 * the questions of `tests/fixtures/dev.jsonl`. Titles alone, so only questions with a gold article in the
 * question's own language can match lexically (000–003 are Chinese, 004 English).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Bm25LexicalIndex } from '../../src/vector-index';

// Copies of ../shared/eval/articles.md and dev.jsonl, so the suite runs without shared/ beside the clone.
const EVAL_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures');
const ARTICLES_FILE = path.join(EVAL_DIR, 'articles.md');
const QUESTIONS_FILE = path.join(EVAL_DIR, 'dev.jsonl');

interface GoldTitle {
  readonly file: string;
  readonly title: string;
}
interface EvalQuestion {
  readonly id: string;
  readonly lang: 'zh' | 'en';
  readonly question: string;
  readonly gold: readonly GoldTitle[];
}

/** `NNN:title` for every row of the per-file tables of articles.md. */
function readTitles(): string[] {
  const titles: string[] = [];
  let filePrefix: string | null = null;
  for (const line of readFileSync(ARTICLES_FILE, 'utf8').split('\n')) {
    const heading = /^## (\d{3})/.exec(line);
    if (heading) filePrefix = heading[1] ?? null;
    const row = /^\| \d+ \| (.+?) \|/.exec(line);
    if (row && filePrefix !== null) titles.push(`${filePrefix}:${row[1]}`);
  }
  return titles;
}

function titleLanguage(key: string): 'zh' | 'en' {
  return key.startsWith('004:') ? 'en' : 'zh';
}

describe.skipIf(!existsSync(ARTICLES_FILE) || !existsSync(QUESTIONS_FILE))('BM25 over the seed titles', () => {
  const titles = readTitles();
  const index = Bm25LexicalIndex.build(titles.map((key, label) => ({ label, title: key.slice(4), body: '' })));
  const questions = readFileSync(QUESTIONS_FILE, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as EvalQuestion);

  /** 1-based rank of the best-ranked gold title in the question's language; 0 when none is found. */
  function bestRank(question: EvalQuestion): number {
    const ranked = index.search(question.question, titles.length).map((hit) => titles[hit.label]);
    const ranks = question.gold
      .map((gold) => `${gold.file.slice(0, 3)}:${gold.title}`)
      .filter((key) => titleLanguage(key) === question.lang)
      .map((key) => ranked.indexOf(key) + 1)
      .filter((rank) => rank > 0);
    return ranks.length === 0 ? 0 : Math.min(...ranks);
  }

  it('parses all 45 titles', () => {
    expect(titles).toHaveLength(45);
  });

  it('ranks a same-language gold title first for most questions (13 of 16 measured)', () => {
    const eligible = questions.filter((question) =>
      question.gold.some((gold) => titleLanguage(`${gold.file.slice(0, 3)}:`) === question.lang),
    );
    expect(eligible).toHaveLength(16);
    const first = eligible.filter((question) => bestRank(question) === 1).map((question) => question.id);
    expect(first.length).toBeGreaterThanOrEqual(12);
  });

  it('matches 休斯顿 in the question to 休斯敦 in the title (d013)', () => {
    const question = questions.find((candidate) => candidate.id === 'd013');
    expect(question).toBeDefined();
    expect(bestRank(question as EvalQuestion)).toBe(1);
  });
});
