/**
 * A fake {@link Assistant} that records every question and answers with a canned {@link AnswerResult}, plus
 * fixture factories (with overrides) built from real articles of the seed newsletters (issue No. 23).
 *
 * Like the real answerers it reports stages (`onStage('searching')`) and the answer text through `onDelta`:
 * by default in one delta (extractive), or sentence by sentence with a pause (`streamDeltas`), as a
 * generated answer arrives.
 */
import type { Article } from '../../../src/core';
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

/** The two editions of the cited article (abridged from seeds/004 and seeds/000), for `Assistant.article`. */
export function articleFixtures(): Article[] {
  const common = { position: 2, subtitle: null, dateSource: null, section: null, link: null } as const;
  return [
    {
      ...common,
      id: '004_cefe45b9264134e7#2',
      file: 'seeds/004_cefe45b9264134e7.txt',
      title: '7th China-US Innovation Dialogue Held in Beijing',
      body:
        'The 7th China-US Innovation Dialogue was held in Beijing on 5 June 2016.\n\n' +
        'The two sides exchanged views on innovation strategies and the innovation ecosystem.',
      source: 'Science and Technology Daily',
      date: '2016-06-05',
      issue: { number: '23', date: '2016-12-15', label: 'No. 23 (2016-12-15)' },
      lang: 'en',
      pairId: '000_fbe4f82aa1b47969#2',
    },
    {
      ...common,
      id: '000_fbe4f82aa1b47969#2',
      file: 'seeds/000_fbe4f82aa1b47969.txt',
      title: '第七次中美创新对话在京举行',
      body: '2016年6月5日，第七次中美创新对话在北京举行。\n\n双方就创新战略、创新生态系统等议题交换了意见。',
      source: '科技日报',
      date: '2016-06-05',
      issue: { number: '23', date: '2016-12-15', label: '第23期' },
      lang: 'zh',
      pairId: '004_cefe45b9264134e7#2',
    },
  ];
}

/** One recorded call of {@link FakeAssistant.ask}. */
export interface RecordedAskCall {
  readonly question: string;
  readonly options: AskOptions | undefined;
}

/** Produces the fake's answer to a question (may throw or wait). */
export type FakeAnswerProducer = (question: string, options: AskOptions | undefined) => AnswerResult | Promise<AnswerResult>;

/** Splits text into sentences, keeping their trailing spaces, so the pieces concatenate to the text. */
function sentences(text: string): string[] {
  const pieces = text.match(/[^.!?。！？]+[.!?。！？]*\s*/g) ?? [];
  return pieces.length > 0 ? pieces : [text];
}

/** Records questions; answers with {@link answerResultFixture} (with the asked question) unless told otherwise. */
export class FakeAssistant implements Assistant {
  readonly calls: RecordedAskCall[] = [];
  private producer: FakeAnswerProducer = (question) => answerResultFixture({ question });
  private deltaPauseMilliseconds: number | null = null;
  private readonly articles = new Map(articleFixtures().map((article) => [article.id, article]));

  /** The two editions of the fixture citation's article. */
  article(articleId: string): Article | undefined {
    return this.articles.get(articleId);
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

  /** Emits later answers sentence by sentence, `pauseMilliseconds` apart, like a generated answer. */
  streamDeltas(pauseMilliseconds: number): this {
    this.deltaPauseMilliseconds = pauseMilliseconds;
    return this;
  }

  async ask(question: string, options?: AskOptions): Promise<AnswerResult> {
    this.calls.push({ question, options });
    options?.onStage?.('searching');
    const result = await this.producer(question, options);
    if (this.deltaPauseMilliseconds === null) {
      options?.onDelta?.(result.answer);
      return result;
    }
    options?.onStage?.('writing');
    for (const sentence of sentences(result.answer)) {
      if (options?.signal?.aborted === true) throw options.signal.reason;
      options?.onDelta?.(sentence);
      await new Promise((resolve) => setTimeout(resolve, this.deltaPauseMilliseconds ?? 0));
    }
    return result;
  }
}
