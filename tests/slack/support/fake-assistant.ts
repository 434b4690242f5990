/**
 * A fake {@link Assistant} that records every question and answers with a canned {@link AnswerResult}, plus
 * fixture factories (with overrides) built from real articles of the seed newsletters (issue No. 23).
 */
import type { AnswerResult, AskOptions, Assistant, Citation } from '../../../src/answer/types';

/** A citation of "7th China-US Innovation Dialogue Held in Beijing" (seeds/004, paired with seeds/000). */
export function citationFixture(overrides: Partial<Citation> = {}): Citation {
  return {
    n: 1,
    articleId: '004_cefe45b9264134e7#2',
    title: '7th China-US Innovation Dialogue Held in Beijing',
    source: 'Science and Technology Daily',
    date: '2016-06-05',
    issue: 'No. 23 (2016-12-15)',
    lang: 'en',
    file: 'seeds/004_cefe45b9264134e7.txt',
    quote: 'The 7th China-US Innovation Dialogue was held in Beijing on 5 June 2016.',
    pair: {
      articleId: '000_fbe4f82aa1b47969#2',
      title: '第七次中美创新对话在京举行',
      lang: 'zh',
      file: 'seeds/000_fbe4f82aa1b47969.txt',
    },
    ...overrides,
  };
}

/** An English answer with one citation; `overrides` replace any field. */
export function answerResultFixture(overrides: Partial<AnswerResult> = {}): AnswerResult {
  return {
    question: 'What did the two sides discuss at the 7th China-US Innovation Dialogue?',
    found: true,
    answer:
      'The two sides exchanged views on innovation strategies, the innovation ecosystem, support for small and ' +
      'micro businesses, and open data [1].',
    lang: 'en',
    mode: 'extractive',
    kind: 'answer',
    citations: [citationFixture()],
    related: [],
    ...overrides,
  };
}

/** One recorded call of {@link FakeAssistant.ask}. */
export interface RecordedAskCall {
  readonly question: string;
  readonly options: AskOptions | undefined;
}

/** Produces the fake's answer to a question (may throw or wait). */
export type FakeAnswerProducer = (question: string, options: AskOptions | undefined) => AnswerResult | Promise<AnswerResult>;

/** Records questions; answers with {@link answerResultFixture} (with the asked question) unless told otherwise. */
export class FakeAssistant implements Assistant {
  readonly calls: RecordedAskCall[] = [];
  private producer: FakeAnswerProducer = (question) => answerResultFixture({ question });

  /** The fake knows no articles. */
  article(): undefined {
    return undefined;
  }

  /** Answers every later question with `result`, or with what `producer` returns. */
  answerWith(resultOrProducer: AnswerResult | FakeAnswerProducer): this {
    this.producer = typeof resultOrProducer === 'function' ? resultOrProducer : () => resultOrProducer;
    return this;
  }

  /** Makes every later question throw `error`. */
  failWith(error: unknown): this {
    this.producer = () => {
      throw error;
    };
    return this;
  }

  async ask(question: string, options?: AskOptions): Promise<AnswerResult> {
    this.calls.push({ question, options });
    return this.producer(question, options);
  }
}
