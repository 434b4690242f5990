/**
 * The answers this process delivered, by answer id, so that an answer's buttons ("Show original", feedback,
 * "Share in channel") can find its question, text and citations. In memory and bounded: after a restart or
 * once an answer is evicted, buttons fall back to what their own value carries.
 */
import { randomBytes } from 'node:crypto';
import type { AnswerResult } from '../answer/types';

/** Where a question was asked. */
export type QuestionSurface = 'mention' | 'thread' | 'direct-message' | 'command' | 'shortcut';

/** One delivered answer. */
export interface AnswerRecord {
  /** Random id carried by the answer's buttons (11 URL-safe characters). */
  readonly id: string;
  readonly question: string;
  readonly result: AnswerResult;
  readonly surface: QuestionSurface;
  /** Channel the answer was shown in. */
  readonly channel: string;
  /** Milliseconds since the epoch. */
  readonly createdAt: number;
}

/** A least-recently-added map of answer records. */
export class AnswerRecords {
  private readonly byId = new Map<string, AnswerRecord>();

  /** @throws {RangeError} when `maximumAnswers` is less than 1. */
  constructor(private readonly maximumAnswers: number) {
    if (!(maximumAnswers >= 1)) throw new RangeError(`AnswerRecords needs maximumAnswers >= 1, got ${maximumAnswers}`);
  }

  /** A fresh random answer id. */
  static newId(): string {
    return randomBytes(8).toString('base64url');
  }

  /** Remembers `record`, forgetting the oldest when full. */
  add(record: AnswerRecord): void {
    this.byId.delete(record.id);
    this.byId.set(record.id, record);
    while (this.byId.size > this.maximumAnswers) {
      const oldest = this.byId.keys().next();
      if (oldest.done === true) break;
      this.byId.delete(oldest.value);
    }
  }

  /** The record of `id`, or undefined when unknown or forgotten. */
  get(id: string): AnswerRecord | undefined {
    return this.byId.get(id);
  }

  /** Number of answers remembered. */
  get size(): number {
    return this.byId.size;
  }
}
