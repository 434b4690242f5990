/**
 * The date grammar both date readers share: the words and patterns of years, months, days and ranges in
 * Chinese and English. `./date-mentions.ts` reads it over newsletter text (every date an article states),
 * `./query-period.ts` over questions (the one period a question names); what a year, a Chinese month or
 * day, a range separator or a relative year is, is defined here once.
 *
 * Pattern sources are strings, to be composed into larger expressions; none has capturing groups.
 */
import { ENGLISH_MONTH_SOURCE } from '../months';

/** Earliest year read as a year (the People's Republic's founding); earlier four-digit numbers are not. */
export const MIN_YEAR = 1949;
/** Latest year read as a year. */
export const MAX_YEAR = 2100;

/** True when `year` is a whole number from {@link MIN_YEAR} to {@link MAX_YEAR}. */
export function isPlausibleYear(year: number): boolean {
  return Number.isInteger(year) && year >= MIN_YEAR && year <= MAX_YEAR;
}

/** Spaces that PDF conversions leave inside Chinese dates (`2018 年 10 月 11 日`), and ordinary ones. */
export const SPACE = '[ \\t\\u00a0\\u3000]*';

/** A four-digit year from {@link MIN_YEAR} to {@link MAX_YEAR}, no boundaries. */
export const YEAR_DIGITS = '(?:19(?:49|[5-9]\\d)|20\\d\\d|2100)';

/** The Chinese numerals written digit by digit in years (`二〇一六`), as a character class body. */
export const CHINESE_DIGIT_CHARACTERS = '〇零一二三四五六七八九';

/** A year written digit by digit in Chinese numerals (`二〇一六`). */
export const CHINESE_YEAR_DIGITS = `[${CHINESE_DIGIT_CHARACTERS}]{4}`;

/** A Chinese month number before 月: `1`–`12` (`06` too), `一`–`十二`. */
export const CHINESE_MONTH = '(?:1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])';

/** A Chinese day number before 日/号: `1`–`31` (`05` too), `一`–`三十一`. */
export const CHINESE_DAY = '(?:3[01]|[12]\\d|0?[1-9]|三十一?|二十[一二三四五六七八九]?|十[一二三四五六七八九]?|[一二三四五六七八九])';

/** What joins the two ends of a Chinese range (`2016年至2018年`, `10月22-24日`). */
export const CHINESE_RANGE_SEPARATOR = '(?:至|到|[-—–~～])';

/** An English month name or abbreviation (see `../months.ts`); compile with `i` for typed questions. */
export const ENGLISH_MONTH = ENGLISH_MONTH_SOURCE;

/**
 * A numeric day `2016-06-05`, `2016/6/5`, `2016.06.05` with named groups `year`, `separator`, `month`,
 * `day` (the same separator twice); `year` is the given year source (it decides the boundaries before it).
 */
export function numericDaySource(yearSource: string): string {
  return `(?<year>${yearSource})(?<separator>[-/.])(?<month>0?[1-9]|1[0-2])\\k<separator>(?<day>0?[1-9]|[12]\\d|3[01])(?!\\d)`;
}

/** Years relative to a reference year, in both languages (`last year` = −1, `前年` = −2). */
const RELATIVE_YEAR_OFFSETS: Readonly<Record<string, number>> = { this: 0, last: -1, next: 1, 今年: 0, 去年: -1, 前年: -2, 明年: 1 };

/**
 * The offset in years of a relative-year word (`去年`, `last`, `明年`, `next`, `今年`, `this`, `前年`), any case.
 * @returns the offset; null when `word` is not one.
 */
export function relativeYearOffset(word: string): number | null {
  return RELATIVE_YEAR_OFFSETS[word.toLowerCase()] ?? null;
}

/** English words ending in `s` that follow a year without counting anything (`2016 marks …`). */
const NON_COUNTING_S_WORDS: ReadonlySet<string> = new Set(['does', 'sees', 'marks', 'brings', 'shows', 'makes', 'was']);

/**
 * True when the English word after a four-digit number makes the number a quantity, not a year: a plural
 * noun of four or more letters (`2000 scientists`, `2016 projects`; not `2016 marks`, `business`).
 * @param word - the next word, possibly with leading spaces; undefined when there is none.
 */
export function looksLikeCountedNoun(word: string | undefined): boolean {
  if (word === undefined) return false;
  const trimmed = word.trim().toLowerCase();
  return trimmed.length >= 4 && trimmed.endsWith('s') && !trimmed.endsWith('ss') && !NON_COUNTING_S_WORDS.has(trimmed);
}
