/**
 * What of an article is written to the corpus and what is left out, so that some questions have their
 * topic in the corpus but not their answer (near-miss unanswerables):
 *
 * - `last-paragraph` (XQuAD, five paragraphs per article; what the held-out tests do): every paragraph but the
 *   last is written; the questions of the written paragraphs are answerable, those of the last are near misses.
 * - `last-answer-sentence` (CMRC 2018, whose articles are one paragraph each, so leaving out the last
 *   paragraph would leave out the article): in each paragraph the last sentence (ICU sentence boundaries)
 *   that holds an answer span is left out of the written text. A question is answerable when one of its
 *   answer spans lies in the written text, a near miss when its spans lie in the left-out sentence and none
 *   of its answer texts occurs in the written text, and dropped otherwise. A paragraph that would keep no
 *   answerable question is written whole.
 */
import { sentenceSegments } from '../../language';
import { locateAnswer, type SquadArticle, type SquadParagraph, type SquadQuestion } from './squad-file';

/** How an article's left-out text is chosen (see the module comment). */
export type HoldOutRule = 'last-paragraph' | 'last-answer-sentence';

/** A question with what it tests: answered from the corpus, or refused because the corpus lacks its fact. */
export interface PlannedQuestion {
  readonly question: SquadQuestion;
  readonly role: 'answerable' | 'near-miss';
}

/** One paragraph of an article: the text written for it and its questions. */
export interface ParagraphPlan {
  /** 0-based position of the paragraph in the article. */
  readonly paragraphIndex: number;
  /** The item's text as written; null when the whole paragraph is left out. */
  readonly body: string | null;
  /** The questions kept, in dataset order. */
  readonly questions: readonly PlannedQuestion[];
  /** Questions left out: no answer span found, or spans on both sides of the cut, or the answer text still written. */
  readonly dropped: number;
  /** What of the paragraph is not written: nothing, all of it, or one sentence. */
  readonly leftOut: 'nothing' | 'paragraph' | 'sentence';
}

/** Lower case, no whitespace: how answer texts are looked for in the written text. */
function squash(text: string): string {
  return text.normalize('NFKC').replace(/\s+/gu, '').toLowerCase();
}

function sentenceCut(paragraph: SquadParagraph): ParagraphPlan | null {
  const context = paragraph.context;
  const bounds: [number, number][] = [];
  let offset = 0;
  for (const segment of sentenceSegments(context)) {
    bounds.push([offset, offset + segment.length]);
    offset += segment.length;
  }
  const spans = paragraph.qas.map((question) =>
    question.answers.map((answer) => locateAnswer(context, answer)).filter((span): span is readonly [number, number] => span !== null),
  );
  const inside = (span: readonly [number, number], [start, end]: readonly [number, number]): boolean => span[0] >= start && span[1] <= end;
  const held = [...bounds].reverse().find((bound) => spans.some((list) => list.some((span) => inside(span, bound))));
  if (held === undefined) return null;
  const body = `${context.slice(0, held[0])}${context.slice(held[1])}`.trim();
  const written = squash(body);
  const questions: PlannedQuestion[] = [];
  let dropped = 0;
  paragraph.qas.forEach((question, index) => {
    const list = spans[index] ?? [];
    const outside = (span: readonly [number, number]): boolean => span[1] <= held[0] || span[0] >= held[1];
    if (list.some(outside)) questions.push({ question, role: 'answerable' });
    else if (list.some((span) => inside(span, held)) && !question.answers.some((answer) => written.includes(squash(answer.text)))) {
      questions.push({ question, role: 'near-miss' });
    } else dropped += 1;
  });
  if (body === '' || !questions.some((planned) => planned.role === 'answerable')) return null;
  return { paragraphIndex: 0, body, questions, dropped, leftOut: 'sentence' };
}

function whole(paragraph: SquadParagraph, paragraphIndex: number): ParagraphPlan {
  const located = paragraph.qas.filter((question) => question.answers.some((answer) => locateAnswer(paragraph.context, answer) !== null));
  return {
    paragraphIndex,
    body: paragraph.context.trim(),
    questions: located.map((question) => ({ question, role: 'answerable' })),
    dropped: paragraph.qas.length - located.length,
    leftOut: 'nothing',
  };
}

/**
 * Plans one article under `rule`.
 * @returns one plan per paragraph, in order.
 */
export function planArticle(article: SquadArticle, rule: HoldOutRule): ParagraphPlan[] {
  const last = article.paragraphs.length - 1;
  return article.paragraphs.map((paragraph, paragraphIndex): ParagraphPlan => {
    if (rule === 'last-paragraph') {
      if (paragraphIndex === last) {
        return { paragraphIndex, body: null, questions: paragraph.qas.map((question) => ({ question, role: 'near-miss' })), dropped: 0, leftOut: 'paragraph' };
      }
      return {
        paragraphIndex,
        body: paragraph.context.trim(),
        questions: paragraph.qas.map((question) => ({ question, role: 'answerable' })),
        dropped: 0,
        leftOut: 'nothing',
      };
    }
    const cut = sentenceCut(paragraph);
    return cut === null ? whole(paragraph, paragraphIndex) : { ...cut, paragraphIndex };
  });
}
