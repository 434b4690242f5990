/**
 * Article-level evaluation metrics — recall@k, reciprocal rank, fact recall — and the grouping of gold
 * references into edition groups (the Chinese and English editions of one article count as one item).
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InputError, type Article } from '../../src/core';
import { factRecall, mean, readQuestionFile, recallAtK, reciprocalRank, resolveGold, type EvalQuestion } from '../../src/eval';
import { makeArticle } from '../vector-index/support/fixtures';
import { makeTempDir, type TempDir } from '../app/support/seed-assistant';

/** An evaluation question; override any field. */
function makeQuestion(overrides: Partial<EvalQuestion> = {}): EvalQuestion {
  return {
    id: 'q1',
    lang: 'en',
    category: 'fact',
    question: 'Who co-chaired the 7th China-US Innovation Dialogue?',
    gold: [],
    facts: [],
    date: null,
    ...overrides,
  };
}

const groups = (...members: string[][]): ReadonlySet<string>[] => members.map((ids) => new Set(ids));

describe('recallAtK', () => {
  it('is the share of gold groups with a member among the first k results', () => {
    const gold = groups(['a1', 'a2'], ['b1'], ['c1']);
    const ranked = ['x', 'a2', 'y', 'c1', 'b1'];
    expect(recallAtK(ranked, gold, 1)).toBe(0);
    expect(recallAtK(ranked, gold, 2)).toBeCloseTo(1 / 3, 12);
    expect(recallAtK(ranked, gold, 4)).toBeCloseTo(2 / 3, 12);
    expect(recallAtK(ranked, gold, 5)).toBe(1);
  });

  it('counts a group once when both of its editions are retrieved', () => {
    const gold = groups(['zh', 'en'], ['other']);
    expect(recallAtK(['zh', 'en'], gold, 2)).toBe(0.5);
  });

  it('accepts k larger than the ranking', () => {
    expect(recallAtK(['a'], groups(['a'], ['b']), 10)).toBe(0.5);
  });

  it('is 0 without gold groups (unanswerable questions do not score recall)', () => {
    expect(recallAtK(['a', 'b'], [], 5)).toBe(0);
  });
});

describe('reciprocalRank', () => {
  it('is 1 / rank of the first result in any gold group', () => {
    const gold = groups(['a1', 'a2'], ['b1']);
    expect(reciprocalRank(['a2', 'b1'], gold)).toBe(1);
    expect(reciprocalRank(['x', 'y', 'b1', 'a1'], gold)).toBeCloseTo(1 / 3, 12);
  });

  it('looks only at the first k results (default 10)', () => {
    const ranked = [...Array.from({ length: 10 }, (_, index) => `x${index}`), 'gold'];
    const gold = groups(['gold']);
    expect(reciprocalRank(ranked, gold)).toBe(0);
    expect(reciprocalRank(ranked, gold, 11)).toBeCloseTo(1 / 11, 12);
    expect(reciprocalRank(['x', 'gold'], gold, 1)).toBe(0);
  });

  it('is 0 when nothing relevant is retrieved', () => {
    expect(reciprocalRank([], groups(['a']))).toBe(0);
    expect(reciprocalRank(['a'], [])).toBe(0);
  });
});

describe('factRecall', () => {
  it('is the share of facts contained in the answer', () => {
    const answer = 'Wan Gang and John Holdren co-chaired the dialogue on 5 June 2016.';
    expect(factRecall(answer, ['Wan Gang', 'John Holdren', 'Shangri-La', 'ecosystem'])).toBe(0.5);
  });

  it('ignores case and whitespace, including inside Chinese text and numbers', () => {
    expect(factRecall('The WHITE  HOUSE office', ['white house'])).toBe(1);
    expect(factRecall('来自37个国家和地区的350名科学家', ['350 名科学家', '37个 国家'])).toBe(1);
    expect(factRecall('five billion', ['5 billion'])).toBe(0);
  });

  it('is 1 when there are no facts to find', () => {
    expect(factRecall('anything', [])).toBe(1);
  });
});

describe('mean', () => {
  it('averages, and gives 0 for no values', () => {
    expect(mean([1, 0, 0.5])).toBe(0.5);
    expect(mean([])).toBe(0);
  });
});

describe('resolveGold', () => {
  // Two editions of one article (file 000 Chinese, file 004 English) and an unpaired Chinese article.
  const chinese = makeArticle({
    id: '000_a#2',
    file: 'seeds/000_a.txt',
    position: 2,
    title: '第七次中美创新对话在京举行',
    pairId: '004_b#2',
  });
  const english = makeArticle({
    id: '004_b#2',
    file: 'seeds/004_b.txt',
    position: 2,
    title: '7th China-US Innovation Dialogue Held in Beijing',
    lang: 'en',
    pairId: '000_a#2',
  });
  const unpaired = makeArticle({ id: '002_c#4', file: 'seeds/002_c.txt', position: 4, title: '中国和拉脱维亚政府间科技合作协定签署' });
  const articles: readonly Article[] = [chinese, english, unpaired];

  it('groups the two editions into one gold group, whichever edition the question names', () => {
    for (const reference of [
      { file: '000_a.txt', title: chinese.title },
      { file: '004_b.txt', title: english.title },
    ]) {
      const resolved = resolveGold(makeQuestion({ gold: [reference] }), articles);
      expect(resolved.unresolved).toEqual([]);
      expect(resolved.groups.map((group) => [...group].sort())).toEqual([[chinese.id, english.id]]);
    }
  });

  it('merges references to both editions into one group, so finding either counts once', () => {
    const question = makeQuestion({
      gold: [
        { file: '004_b.txt', title: english.title },
        { file: '000_a.txt', title: chinese.title },
      ],
    });
    const { groups: resolved } = resolveGold(question, articles);
    expect(resolved).toHaveLength(1);
    expect(recallAtK([english.id], resolved, 1)).toBe(1);
    expect(recallAtK([chinese.id], resolved, 1)).toBe(1);
  });

  it('keeps different articles in different groups, an unpaired one alone', () => {
    const question = makeQuestion({
      gold: [
        { file: '000_a.txt', title: chinese.title },
        { file: '002_c.txt', title: unpaired.title },
      ],
    });
    const { groups: resolved } = resolveGold(question, articles);
    expect(resolved.map((group) => [...group].sort())).toEqual([[chinese.id, english.id], [unpaired.id]]);
    expect(recallAtK([english.id, 'x'], resolved, 2)).toBe(0.5);
  });

  it('matches titles regardless of spaces and punctuation, and files by name regardless of folder', () => {
    const question = makeQuestion({ gold: [{ file: 'shared/seeds/004_b.txt', title: '7th China US Innovation Dialogue — Held in Beijing.' }] });
    expect(resolveGold(question, articles).groups.map((group) => group.has(english.id))).toEqual([true]);
  });

  it('reports references that match no article, by file and title, instead of guessing', () => {
    const question = makeQuestion({
      gold: [
        { file: '004_b.txt', title: 'A title nobody printed' },
        { file: '001_z.txt', title: english.title },
      ],
    });
    const resolved = resolveGold(question, articles);
    expect(resolved.groups).toEqual([]);
    expect(resolved.unresolved).toEqual(['004_b.txt: A title nobody printed', `001_z.txt: ${english.title}`]);
  });

  it('gives no groups for an unanswerable question (empty gold)', () => {
    expect(resolveGold(makeQuestion(), articles)).toEqual({ groups: [], unresolved: [] });
  });
});

describe('readQuestionFile', () => {
  let temp: TempDir;
  beforeEach(async () => {
    temp = await makeTempDir('eval-test-');
  });
  afterEach(async () => {
    await temp.remove();
  });

  it('reads questions with defaults, skipping blank lines', async () => {
    const file = path.join(temp.directory, 'questions.jsonl');
    await writeFile(file, `${JSON.stringify({ id: 7, question: 'Who chaired it?' })}\n\n${JSON.stringify(makeQuestion({ id: 'q2' }))}\n`);
    const questions = await readQuestionFile(file);
    expect(questions.map((question) => [question.id, question.category, question.gold])).toEqual([
      ['7', 'uncategorised', []],
      ['q2', 'fact', []],
    ]);
  });

  it('names the file and line of a malformed line', async () => {
    const file = path.join(temp.directory, 'broken.jsonl');
    await writeFile(file, `${JSON.stringify(makeQuestion())}\n{"id": "q2", "question": ""}\n`);
    const error = await readQuestionFile(file).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toContain(`${file}:2`);
  });
});
