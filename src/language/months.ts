/**
 * Month names in both languages: the one table every parser of dates, periods and numbers reads.
 *
 * English: the twelve names as printed (`January` … `December`) and the abbreviations newsletters and
 * questions use (`Jan`, `Feb`, `Mar`, `Apr`, `Jun`, `Jul`, `Aug`, `Sep`/`Sept`, `Oct`, `Nov`, `Dec`; `May`
 * has none). Chinese months are numerals before 月 (`6月`, `六月`, `十二月`), read by the date grammar
 * (`./dates/date-grammar.ts`) with the number parser (`./numbers.ts`).
 *
 * Why not a library: chrono-node (used for English dates with a day, see `./dates/date-mentions.ts`) keeps
 * its month tables private, and `Intl.DateTimeFormat` only formats; a twelve-line table is the clearest
 * single source.
 */

/** The English month names, capitalised as printed; index + 1 is the month number. */
export const ENGLISH_MONTH_NAMES: readonly string[] = Object.freeze([
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
]);

/** English month abbreviations, lowercase, with their month numbers (1–12). `may` is a full name, not here. */
const ENGLISH_MONTH_ABBREVIATION_NUMBERS: ReadonlyMap<string, number> = new Map([
  ['jan', 1],
  ['feb', 2],
  ['mar', 3],
  ['apr', 4],
  ['jun', 6],
  ['jul', 7],
  ['aug', 8],
  ['sep', 9],
  ['sept', 9],
  ['oct', 10],
  ['nov', 11],
  ['dec', 12],
]);

const ENGLISH_MONTH_NAME_NUMBERS: ReadonlyMap<string, number> = new Map(ENGLISH_MONTH_NAMES.map((name, index) => [name.toLowerCase(), index + 1]));

/**
 * Regular-expression source of an English month as written: a full name not followed by a letter, or an
 * abbreviation with an optional period (`Sept.`). Capitalised; compile it with the `i` flag for
 * case-insensitive text (questions) and without it for printed text, where `may` and `march` are verbs.
 * No capturing groups.
 */
export const ENGLISH_MONTH_SOURCE = `(?:(?:${ENGLISH_MONTH_NAMES.join('|')})(?![A-Za-z])|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)(?![A-Za-z])\\.?)`;

/** Regular-expression source of a full English month name (`January` … `December`), no groups, no boundaries. */
export const ENGLISH_MONTH_NAME_SOURCE = `(?:${ENGLISH_MONTH_NAMES.join('|')})`;

/**
 * The month number of a full English month name, any case (`june` → 6).
 * @returns 1–12, or null when `word` is not a full month name.
 */
export function fullEnglishMonthNumber(word: string): number | null {
  return ENGLISH_MONTH_NAME_NUMBERS.get(word.toLowerCase()) ?? null;
}

/**
 * The month number of an English month abbreviation, any case, without its period (`sept` → 9).
 * @returns 1–12, or null when `word` is not one of the abbreviations (`may` is not: it is a full name).
 */
export function englishMonthAbbreviationNumber(word: string): number | null {
  return ENGLISH_MONTH_ABBREVIATION_NUMBERS.get(word.toLowerCase()) ?? null;
}

/**
 * The month number (1–12) of an English month name, abbreviation or a prefix of a name of at least three
 * letters (`June`, `Sept.`, `oct`, `Septem`), any case, a final period ignored.
 * @returns 1–12; null when it is not one (or shorter than three letters).
 */
export function englishMonthNumber(name: string): number | null {
  const key = name.replace(/\.$/u, '').toLowerCase();
  if (key.length < 3) return null;
  const index = ENGLISH_MONTH_NAMES.findIndex((month) => month.toLowerCase().startsWith(key));
  return index >= 0 ? index + 1 : null;
}

/**
 * The month number of a full English month name or an abbreviation, any case (`June`, `sept`, `may`).
 * @returns 1–12, or null for any other word.
 */
export function englishMonthWordNumber(word: string): number | null {
  return fullEnglishMonthNumber(word) ?? englishMonthAbbreviationNumber(word);
}
