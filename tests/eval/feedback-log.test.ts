/** The feedback log (JSON Lines) and its conversion into evaluation questions (`dev.jsonl` format). */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { InputError } from '../../src/core';
import { appendFeedback, feedbackToQuestions, readFeedbackLog, readQuestionFile, type FeedbackRecord } from '../../src/eval';

function record(overrides: Partial<FeedbackRecord> = {}): FeedbackRecord {
  return {
    time: '2026-01-01T00:00:00.000Z',
    user: 'u_0123456789abcdef',
    rating: 'helpful',
    answerId: 'answer-1',
    question: 'What did the two sides discuss at the 7th China-US Innovation Dialogue?',
    answer: 'Innovation strategies and open data [1].',
    lang: 'en',
    mode: 'extractive',
    found: true,
    citations: [
      { n: 2, articleId: '000_fbe4f82aa1b47969#2', title: '第七次中美创新对话在京举行', file: 'seeds/000_fbe4f82aa1b47969.txt' },
      { n: 1, articleId: '004_cefe45b9264134e7#2', title: '7th China-US Innovation Dialogue Held in Beijing', file: 'seeds/004_cefe45b9264134e7.txt' },
    ],
    surface: 'mention',
    ...overrides,
  };
}

let directory: string | undefined;
afterEach(async () => {
  if (directory !== undefined) await rm(directory, { recursive: true, force: true });
  directory = undefined;
});

describe('appendFeedback and readFeedbackLog', () => {
  it('creates the folder, appends whole lines even when clicks arrive together, and reads them back in order', async () => {
    directory = await mkdtemp(path.join(os.tmpdir(), 'feedback-'));
    const file = path.join(directory, 'nested', 'feedback.jsonl');
    await Promise.all(Array.from({ length: 20 }, (_, index) => appendFeedback(file, record({ answerId: `answer-${index}` }))));
    const text = await readFile(file, 'utf8');
    expect(text.split('\n').filter((line) => line !== '')).toHaveLength(20);
    const records = await readFeedbackLog(file);
    expect(records.map((entry) => entry.answerId)).toEqual(Array.from({ length: 20 }, (_, index) => `answer-${index}`));
  });

  it('names the file and line of a malformed record', async () => {
    directory = await mkdtemp(path.join(os.tmpdir(), 'feedback-'));
    const file = path.join(directory, 'feedback.jsonl');
    await writeFile(file, `${JSON.stringify(record())}\n{"rating": "meh"}\n`);
    const failure = await readFeedbackLog(file).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(InputError);
    expect((failure as InputError).message).toContain(`${file}:2`);
  });
});

describe('feedbackToQuestions', () => {
  it('turns a helpful answer into a question whose gold is its cited articles, by file name, in marker order', () => {
    expect(feedbackToQuestions([record()])).toEqual([
      {
        id: expect.stringMatching(/^fb-[0-9a-f]{10}$/),
        lang: 'en',
        category: 'feedback-helpful',
        question: 'What did the two sides discuss at the 7th China-US Innovation Dialogue?',
        gold: [
          { file: '004_cefe45b9264134e7.txt', title: '7th China-US Innovation Dialogue Held in Beijing' },
          { file: '000_fbe4f82aa1b47969.txt', title: '第七次中美创新对话在京举行' },
        ],
        facts: [],
        date: null,
        rating: 'helpful',
        ratedAnswer: 'Innovation strategies and open data [1].',
        needsReview: false,
      },
    ]);
  });

  it('keeps one line per question (latest rating wins, first-seen order), marks "not helpful" for review, and skips forgotten answers', () => {
    const questions = feedbackToQuestions([
      record({ question: 'Q one?' }),
      record({ question: 'Q two?', rating: 'not_helpful' }),
      record({ question: '  q   ONE? ', rating: 'not_helpful' }),
      record({ question: null }),
      record({ question: 'Refused well?', found: false, citations: [] }),
    ]);
    expect(questions.map((question) => [question.question, question.category, question.gold.length, question.needsReview])).toEqual([
      ['q   ONE?', 'feedback-not-helpful', 0, true],
      ['Q two?', 'feedback-not-helpful', 0, true],
      ['Refused well?', 'feedback-helpful', 0, false],
    ]);
    expect(questions[0]?.id).toBe(feedbackToQuestions([record({ question: 'Q ONE?' })])[0]?.id);
  });

  it('writes lines that the evaluation reads as a question file', async () => {
    directory = await mkdtemp(path.join(os.tmpdir(), 'feedback-'));
    const file = path.join(directory, 'questions.jsonl');
    await writeFile(file, feedbackToQuestions([record(), record({ question: 'Other?', rating: 'not_helpful' })]).map((line) => JSON.stringify(line)).join('\n'));
    const questions = await readQuestionFile(file);
    expect(questions.map((question) => [question.category, question.gold.length])).toEqual([
      ['feedback-helpful', 2],
      ['feedback-not-helpful', 0],
    ]);
  });
});
