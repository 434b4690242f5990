/**
 * The answer feedback log: one JSON line per click on an answer's "Helpful" / "Not helpful" button, with
 * the question, the answer and its sources, so that {@link feedbackToQuestions} can turn it into new
 * evaluation questions (the `tests/fixtures/dev.jsonl` format read by {@link readQuestionFile}).
 *
 * The file is append-only and may be written by one process while another reads it; a torn or malformed
 * line is reported by {@link readFeedbackLog} with its line number.
 */
import { createHash } from 'node:crypto';
import { appendFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { readJsonLines } from '../core';
import type { EvalQuestion } from './question-set';

/** What the user said about an answer. */
export type FeedbackRating = 'helpful' | 'not_helpful';

/** One cited source, as stored with the feedback. */
export interface FeedbackCitation {
  /** 1-based marker number of the citation in the answer. */
  readonly n: number;
  readonly articleId: string;
  readonly title: string;
  /** Path from the repository root, e.g. `seeds/004_cefe45b9264134e7.txt`. */
  readonly file: string;
}

/** One feedback click. */
export interface FeedbackRecord {
  /** ISO 8601 time of the click. */
  readonly time: string;
  /** The clicking user's id, hashed (never the raw Slack id). */
  readonly user: string;
  readonly rating: FeedbackRating;
  /** Id of the answer the button belonged to (unique per answer message). */
  readonly answerId: string;
  /** The question as asked; null when the bot no longer remembered the answer (e.g. after a restart). */
  readonly question: string | null;
  /** The answer text with its `[n]` markers (plain text or Markdown). */
  readonly answer: string;
  /** Language of the answer = the asker's language; null when unknown. */
  readonly lang: 'en' | 'zh' | null;
  /** `extractive` or `llm`; null when unknown. */
  readonly mode: 'extractive' | 'llm' | null;
  /** Whether the newsletters answered the question (false = a refusal); null when unknown. */
  readonly found: boolean | null;
  /** The answer's sources, by marker number. */
  readonly citations: readonly FeedbackCitation[];
  /** Where the answer was shown: `mention`, `thread`, `direct-message`, `command`, `shortcut`; null when unknown. */
  readonly surface: string | null;
}

const feedbackRecordSchema = z.object({
  time: z.string(),
  user: z.string(),
  rating: z.enum(['helpful', 'not_helpful']),
  answerId: z.string(),
  question: z.string().nullable(),
  answer: z.string(),
  lang: z.enum(['en', 'zh']).nullable(),
  mode: z.enum(['extractive', 'llm']).nullable(),
  found: z.boolean().nullable(),
  citations: z.array(z.object({ n: z.number().int(), articleId: z.string(), title: z.string(), file: z.string() })),
  surface: z.string().nullable(),
});

/** Serialises appends per file within this process, so concurrent clicks never interleave lines. */
const appendQueues = new Map<string, Promise<void>>();

/**
 * Appends `record` as one JSON line to `file`, creating the file and its folder when missing.
 * @throws the file system's error (e.g. `EACCES`) when the line cannot be written.
 */
export async function appendFeedback(file: string, record: FeedbackRecord): Promise<void> {
  const line = `${JSON.stringify(record)}\n`;
  const previous = appendQueues.get(file) ?? Promise.resolve();
  const next = previous.catch(() => undefined).then(async () => {
    await mkdir(path.dirname(file), { recursive: true });
    await appendFile(file, line, 'utf8');
  });
  appendQueues.set(file, next);
  try {
    await next;
  } finally {
    if (appendQueues.get(file) === next) appendQueues.delete(file);
  }
}

/**
 * Reads every record of a feedback log, oldest first.
 * @throws {InputError} naming the file and line of the first malformed line, or when the file cannot be read.
 */
export async function readFeedbackLog(file: string): Promise<readonly FeedbackRecord[]> {
  return readJsonLines(file, feedbackRecordSchema, 'a feedback record {"time", "user", "rating", "question", "answer", ...}');
}

/** A question line derived from feedback: the {@link EvalQuestion} fields plus where it came from. */
export interface FeedbackQuestion extends EvalQuestion {
  /** `feedback-helpful` or `feedback-not-helpful`. */
  readonly category: string;
  /** The rating it came from. */
  readonly rating: FeedbackRating;
  /** The answer the user rated, for whoever reviews the line. */
  readonly ratedAnswer: string;
  /**
   * True for "not helpful" lines: their `gold` is empty because the cited sources were judged wrong, so a
   * person should fill in the right articles (or confirm that the newsletters do not cover the question)
   * before the line counts in an evaluation — as it stands, an empty `gold` means "unanswerable".
   */
  readonly needsReview: boolean;
}

/**
 * Turns feedback into evaluation questions, one per distinct question (whitespace- and case-insensitive),
 * the latest rating winning, in order of first appearance:
 * - **helpful**: `gold` = the cited articles (`{file: <file name>, title}`, the format of `dev.jsonl`); a
 *   helpful refusal (`found: false`) keeps `gold` empty, i.e. an unanswerable question.
 * - **not helpful**: `gold` empty and `needsReview: true` (see {@link FeedbackQuestion.needsReview}).
 *
 * `facts` is always empty and `date` null (the log keeps neither). Records without a question (the bot had
 * forgotten the answer) are skipped.
 * Ids are `fb-` + the first 10 hex digits of the question's SHA-256, stable across runs.
 */
export function feedbackToQuestions(records: readonly FeedbackRecord[]): FeedbackQuestion[] {
  const byQuestion = new Map<string, FeedbackRecord>();
  for (const record of records) {
    if (record.question === null || record.question.trim() === '') continue;
    const key = record.question.trim().replace(/\s+/g, ' ').toLowerCase();
    if (byQuestion.has(key)) byQuestion.delete(key);
    byQuestion.set(key, record);
  }
  const firstSeen = new Map<string, number>();
  records.forEach((record, index) => {
    if (record.question === null) return;
    const key = record.question.trim().replace(/\s+/g, ' ').toLowerCase();
    if (!firstSeen.has(key)) firstSeen.set(key, index);
  });
  return [...byQuestion.entries()]
    .sort(([left], [right]) => (firstSeen.get(left) ?? 0) - (firstSeen.get(right) ?? 0))
    .map(([key, record]) => {
      const helpful = record.rating === 'helpful';
      const gold =
        helpful && record.found !== false
          ? uniqueBy(
              [...record.citations].sort((left, right) => left.n - right.n).map((citation) => ({ file: path.basename(citation.file), title: citation.title })),
              (reference) => `${reference.file}\u0000${reference.title}`,
            )
          : [];
      const question: FeedbackQuestion = {
        id: `fb-${createHash('sha256').update(key).digest('hex').slice(0, 10)}`,
        ...(record.lang === null ? {} : { lang: record.lang }),
        category: helpful ? 'feedback-helpful' : 'feedback-not-helpful',
        question: (record.question ?? '').trim(),
        gold,
        facts: [],
        date: null,
        rating: record.rating,
        ratedAnswer: record.answer,
        needsReview: !helpful,
      };
      return question;
    });
}

function uniqueBy<Item>(items: readonly Item[], key: (item: Item) => string): Item[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const itemKey = key(item);
    if (seen.has(itemKey)) return false;
    seen.add(itemKey);
    return true;
  });
}
