/**
 * The kind of answer a question expects — a quantity ("how many", 多少, 几位) or a time ("when", 哪一年,
 * 什么时候) — and whether a sentence holds one. The extractive answerer prefers, among sentences on the
 * question's topic, one that holds the kind of value asked ("About how many delegates …" is answered by the
 * sentence with the number, not by the one that repeats the most question words).
 *
 * Question words come from the languages' interrogatives (English wh-phrases; Chinese 多少, 几 + measure
 * word, 多 + dimension, 何时, 哪年), not from evaluation questions. Times in text are read by the project's
 * one date reader (`extractDateMentions`), numbers by its one number reader (`numbersInText`).
 */
import type { Language } from '../core';
import { extractDateMentions } from './dates/date-mentions';
import { numbersInText } from './numbers';

/** What a question asks for, when it asks for a kind of value. */
export type ExpectedAnswerType = 'quantity' | 'time';

/** Chinese measure words that make 哪 / 几 an interrogative (哪位, 几项); shared with `question-terms.ts`. */
export const CHINESE_QUESTION_MEASURE_WORDS = '位家国所项种个次年月天日号条部篇届批名人座件台类级期轮些样岁倍成';
/** Dimensions that make 多 an interrogative (多大, 多久); shared with `question-terms.ts`. */
export const CHINESE_QUESTION_DIMENSIONS = '少大长久高远重深宽早晚';

const QUANTITY_QUESTION = new RegExp(
  [
    String.raw`\bhow (?:many|much|long|old|far|big|large|tall|high|deep|wide|heavy|often)\b`,
    String.raw`\bwhat (?:percentage|percent|proportion|share|number|amount|fraction|size)\b`,
    // 几月, 几日 and 几号 ask for a date; 多早 and 多晚 for a time.
    `几[${CHINESE_QUESTION_MEASURE_WORDS.replace(/[月日号]/gu, '')}]`,
    `多[${CHINESE_QUESTION_DIMENSIONS.replace(/[早晚]/gu, '')}]`,
    String.raw`百分之几|比例|比率`,
  ].join('|'),
  'iu',
);

const TIME_QUESTION = new RegExp(
  [
    String.raw`\bwhen\b`,
    String.raw`\b(?:what|which|in which|in what) (?:year|years|date|day|month|century|decade|period|era|time)\b`,
    String.raw`何时|什么时候|什么时间|多早|多晚|哪(?:一)?(?:年|天|日|月|世纪|年代|时期|个时期)|几月|几号|几日`,
  ].join('|'),
  'iu',
);

/**
 * The answer type `question` expects: `quantity` for "how many/much …", 多少, 几 + measure word, 多 +
 * dimension; `time` for "when", "what year …", 何时, 什么时候, 哪一年, 几月几日; null otherwise. Quantity is
 * tried first: "when … how long" asks a quantity.
 */
export function expectedAnswerType(question: string): ExpectedAnswerType | null {
  const normalized = question.normalize('NFKC');
  if (QUANTITY_QUESTION.test(normalized)) return 'quantity';
  if (TIME_QUESTION.test(normalized)) return 'time';
  return null;
}

/** A sentence to look for a value in, with what its dates are read against. */
export interface AnswerTypeSentence {
  readonly text: string;
  readonly lang: Language;
  /** ISO date the sentence's month-only dates are placed by (its article's date); null when unknown. */
  readonly referenceDate: string | null;
}

/**
 * Whether `sentence` holds a value of `type` that `question` does not already give: a number in any form
 * (`numbersInText`, months aside) for `quantity`; a date or year (`extractDateMentions`) for `time`.
 */
export function holdsAnswerType(sentence: AnswerTypeSentence, type: ExpectedAnswerType, question: string): boolean {
  if (type === 'time') return extractDateMentions(sentence.text, sentence.lang, sentence.referenceDate).length > 0;
  const asked = numbersInText(question);
  for (const key of numbersInText(sentence.text)) if (!asked.has(key) && !key.startsWith('m')) return true;
  return false;
}
