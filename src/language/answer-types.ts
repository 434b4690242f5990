/**
 * The kind of answer a question expects — a quantity ("how many", 多少, 几位) or a time ("when", 哪一年,
 * 什么时候) — and whether a passage holds one. A passage that covers a question's topic but has no number
 * cannot answer "how many"; that is what tells a near miss ("the forum is reported, its attendance is
 * not") from an answer, where topic coverage alone cannot.
 *
 * Question words come from the languages' interrogatives (English wh-phrases; Chinese 多少, 几 + measure
 * word, 多 + dimension, 何时, 哪年), not from evaluation questions.
 */
import { ENGLISH_MONTH_SOURCE } from './months';
import { numbersInText } from './numbers';

/** What a question asks for, when it asks for a kind of value. */
export type ExpectedAnswerType = 'quantity' | 'time';

const QUANTITY_QUESTION = new RegExp(
  [
    String.raw`\bhow (?:many|much|long|old|far|big|large|tall|high|deep|wide|heavy|often)\b`,
    String.raw`\bwhat (?:percentage|percent|proportion|share|number|amount|fraction|size)\b`,
    String.raw`多少`,
    String.raw`几(?:[位家个次项种名人座件台条部篇届批年月天岁倍成])`,
    String.raw`多(?:大|长|久|高|远|重|深|宽)`,
    String.raw`百分之几|比例|比率`,
  ].join('|'),
  'iu',
);

const TIME_QUESTION = new RegExp(
  [
    String.raw`\bwhen\b`,
    String.raw`\b(?:what|which|in which|in what) (?:year|years|date|day|month|century|decade|period|era|time)\b`,
    String.raw`何时|什么时候|什么时间|哪(?:一)?(?:年|天|日|月|世纪|年代|时期|个时期)|几月|几号|几日`,
  ].join('|'),
  'iu',
);

/**
 * The answer type `question` expects: `quantity` for "how many/much …", 多少, 几 + measure word, 多 +
 * dimension; `time` for "when", "what year …", 何时, 什么时候, 哪一年; null otherwise (a time question that
 * also asks "how long" is a quantity).
 */
export function expectedAnswerType(question: string): ExpectedAnswerType | null {
  const normalized = question.normalize('NFKC');
  if (QUANTITY_QUESTION.test(normalized)) return 'quantity';
  if (TIME_QUESTION.test(normalized)) return 'time';
  return null;
}

const TIME_IN_TEXT = new RegExp(
  [
    String.raw`(?<!\d)(?:1[0-9]|20)\d{2}(?!\d)`,
    String.raw`\d+\s*(?:年|世纪|年代)`,
    String.raw`[〇零一二三四五六七八九十]{2,4}年|[一二三四五六七八九十]+世纪`,
    String.raw`\b(?:century|centuries|decade|BC|AD|BCE|CE)\b`,
    ENGLISH_MONTH_SOURCE,
    String.raw`\d{1,2}\s*月|[一二三四五六七八九十]{1,2}月`,
  ].join('|'),
  'u',
);

/**
 * Whether `passage` holds a value of `type` that `question` does not already give: a number (any form,
 * `numbersInText`) for `quantity`; a year, century, month or date for `time`.
 */
export function holdsAnswerType(passage: string, type: ExpectedAnswerType, question: string): boolean {
  const normalized = passage.normalize('NFKC');
  if (type === 'time') return TIME_IN_TEXT.test(normalized);
  const asked = numbersInText(question);
  for (const key of numbersInText(normalized)) if (!asked.has(key) && !key.startsWith('m')) return true;
  return false;
}
