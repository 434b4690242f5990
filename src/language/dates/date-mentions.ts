/**
 * Date mentions: every full or partial calendar date an article's text states (`2016年6月5日`, `9月20日`,
 * `2016年11月`, `2016年`, `5 June 2016`, `June 2016`, `in 2016`), normalised to ISO `YYYY`, `YYYY-MM` or
 * `YYYY-MM-DD`, with its position. Unlike `findFullDates` in `./full-dates.ts` (the article's own date, never guessed), a
 * mention without a year takes it from a reference date — the article's source-line date — by
 * {@link inferYear}.
 *
 * Where the rules come from:
 * - English dates with a day (`5 June 2016`, `June 5, 2016`, `9 to 15 October 2016`, `Sept. 20`) are read by
 *   chrono-node's strict English parser, which is reliable for them; only results whose month and day are
 *   certain are kept, and a year chrono did not find is inferred here, not taken from chrono's guess.
 * - Everything else is rules of this file. chrono's Chinese parser reads `2016年6月5日` and `9月20日`, but on
 *   chrono-node 2.10.3 it finds nothing in `2016年`, `2016年至2018年` or `2019-2024年`, stops at `2016年10月9日`
 *   in `2016年10月9日至15日`, reads `去年12月` as `年12月` of the reference year, and needs the PDF spaces inside
 *   dates removed first (`2018 年 10 月`), which would shift offsets; its English casual parser misses `in
 *   2016` and `since 2002`. The Chinese rules here accept those spaces in place, so offsets stay those of the
 *   given text. The tests check that every full date chrono finds (`findFullDates`) is found here too.
 * - A bare four-digit number is a year only in 1949–2100 and only with a year marker: `年` after it, a
 *   month before it (`June 2016`), or a preposition before it (`in`, `since`, `by`, `until`, `before`,
 *   `after`, `during`, `from`, `through`, `of`, `early`, `late`, `mid-`, `end of`, …). So `2016 projects`,
 *   `Horizon 2020`, `ESOF2016`, `地平线2020`, `2018浦江创新论坛` and `14年来` are not mentions. Under `of` and
 *   `by` a year followed by a plural noun (`a total of 2000 scientists`) is a quantity, not a year.
 *
 * Mentions are points, not periods: `2016年下半年` gives the mention `2016`, and a range (`2016年10月9日至15日`,
 * `9 to 15 October 2016`, `2019-2024年`) gives two mentions, its first and its last date, both spanning the
 * whole range's words.
 */
// The English locale only: `chrono-node`'s main entry loads all 16 locales (266 modules, ≈ 0.5–1 s of a
// command's start-up; issue 15). The same parser objects as `chrono.en.strict`.
import type { ParsedComponents } from 'chrono-node';
import * as chronoEnglish from 'chrono-node/en';
import type { Language } from '../../core';
import { englishMonthNumber } from '../months';
import { asciiDigits, parseNumber } from '../numbers';
import { dayNumber, isoDate as iso, isValidDay, parseIsoDate as parseReference } from './calendar';
import {
  CHINESE_DIGIT_CHARACTERS as CHINESE_DIGITS,
  CHINESE_DAY as ZH_DAY,
  CHINESE_MONTH as ZH_MONTH,
  CHINESE_RANGE_SEPARATOR as RANGE_SEPARATOR,
  CHINESE_YEAR_DIGITS as CHINESE_YEAR4,
  ENGLISH_MONTH as EN_MONTH,
  isPlausibleYear as isMentionYear,
  looksLikeCountedNoun,
  MAX_YEAR,
  MIN_YEAR,
  numericDaySource,
  relativeYearOffset as relativeOffset,
  SPACE as S,
  YEAR_DIGITS,
} from './date-grammar';

/** One date stated in a text. */
export interface DateMention {
  /** ISO date at the precision the text states: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`. */
  readonly iso: string;
  /** 0-based offset (UTF-16 code units) of the mention's first character in the searched text. */
  readonly start: number;
  /** Offset just past the mention's last character: `text === searched.slice(start, end)`. */
  readonly end: number;
  /** The words that state the date, e.g. `2016年6月5日`, `5 June 2016`, `December last year`, `2016`. */
  readonly text: string;
}

/** Earliest year read as a year (the People's Republic's founding); earlier four-digit numbers are not. */
export const MIN_MENTION_YEAR = MIN_YEAR;
/** Latest year read as a year. */
export const MAX_MENTION_YEAR = MAX_YEAR;
/**
 * How far after its reference date a year-less mention may fall, in days (about two months): announced
 * events (`将于12月举行`) are still placed in the reference's year.
 */
export const FUTURE_MENTION_WINDOW_DAYS = 62;

/** A four-digit year, 1949–2100, not inside a longer number or a decimal. */
const YEAR4 = `(?<![\\d.])${YEAR_DIGITS}(?!\\d|\\.\\d)`;

/**
 * The year of a date stated without one (`9月20日`, `Sept. 20`, `12月`), from the date of the text that states
 * it: of the reference's year, the year before and the year after, the latest year that puts the date no
 * more than {@link FUTURE_MENTION_WINDOW_DAYS} days after the reference (so the date falls within the
 * ~10 months before or the ~2 months after it). A month without a day counts from its first day.
 * Examples: `9月20日` in an article of 2018-10-10 → 2018; `12月28日` in one of 2019-01-05 → 2018; `12月` in one
 * of 2016-10-17 → 2016 (an announced event).
 * @param referenceDate - ISO `YYYY-MM-DD` (a `YYYY` or `YYYY-MM` reference counts from its first day).
 * @param month - 1–12.
 * @param day - 1–31, or null for a month.
 * @returns the year, or null when the reference is null or malformed or the day does not exist in any
 *          candidate year (e.g. 2月30日).
 */
export function inferYear(referenceDate: string | null, month: number, day: number | null): number | null {
  const reference = parseReference(referenceDate);
  if (reference === null) return null;
  const limit = dayNumber(reference.year, reference.month, reference.day) + FUTURE_MENTION_WINDOW_DAYS;
  for (const year of [reference.year + 1, reference.year, reference.year - 1]) {
    if (!isValidDay(year, month, day ?? 1)) continue;
    if (dayNumber(year, month, day ?? 1) <= limit) return year;
  }
  return null;
}

/** The year offset of a relative-year word (`去年` −1, `明年` +1); 0 for `今年`, `this` and anything else. */
function relativeYearOffset(word: string): number {
  return relativeOffset(word) ?? 0;
}

/** A matched date expression before overlaps are resolved: one span, one or two (range) ISO dates. */
interface Candidate {
  readonly start: number;
  readonly end: number;
  readonly isos: readonly string[];
}

// ——— Chinese ———

const ZH_YEAR_ANCHOR = new RegExp(
  `(?:(?<year>(?<!\\d)\\d{4}|${CHINESE_YEAR4})${S}年(?!代)|(?<relative>今年|(?<!过)去年|明年))`,
  'gu',
);
const ZH_YEAR_RANGE = new RegExp(
  `(?<![\\d.])(?<first>\\d{4})${S}(?:年${S})?${RANGE_SEPARATOR}${S}(?<last>\\d{4})${S}年(?!代)`,
  'gu',
);
const ZH_MONTH_ANCHOR = new RegExp(`(?<![\\d${CHINESE_DIGITS}十个])(?<!年${S})(?<month>${ZH_MONTH})${S}月(?!份额)`, 'gu');
/** The month at a position found by {@link ZH_MONTH_ANCHOR} (sticky: a separate object, so no shared `lastIndex`). */
const ZH_MONTH_AT = new RegExp(`(?<month>${ZH_MONTH})${S}月(?!份额)`, 'uy');
const ZH_MONTH_AFTER_YEAR = new RegExp(`${S}(?<month>${ZH_MONTH})${S}月(?!份额)`, 'uy');
const ZH_DAY_AFTER_MONTH = new RegExp(
  `${S}(?<day>${ZH_DAY})(?<marker>${S}[日号])?(?:${S}${RANGE_SEPARATOR}${S}(?<endDay>${ZH_DAY})${S}[日号])?`,
  'uy',
);

/**
 * Reads the month, day and day range that follow position `from` (after a year or at a month anchor).
 * @returns the parts found and the offset just past them.
 */
function readChineseMonthDay(
  text: string,
  from: number,
  monthAnchored: boolean,
): { month: number | null; day: number | null; endDay: number | null; end: number; chineseMonth: boolean } {
  const monthPattern = monthAnchored ? ZH_MONTH_AT : ZH_MONTH_AFTER_YEAR;
  monthPattern.lastIndex = from;
  const match = monthPattern.exec(text);
  if (match === null) return { month: null, day: null, endDay: null, end: from, chineseMonth: false };
  const month = parseNumber(match.groups?.month ?? '');
  const chineseMonth = !/\d/u.test(match.groups?.month ?? '');
  const position = match.index + match[0].length;
  ZH_DAY_AFTER_MONTH.lastIndex = position;
  const dayMatch = ZH_DAY_AFTER_MONTH.exec(text);
  // A number after 月 is a day only with 日/号 after it, or as the start of a day range (10月22-24日).
  if (dayMatch === null || (dayMatch.groups?.marker === undefined && dayMatch.groups?.endDay === undefined)) {
    return { month, day: null, endDay: null, end: position, chineseMonth };
  }
  const day = parseNumber(dayMatch.groups?.day ?? '');
  const endDay = dayMatch.groups?.endDay === undefined ? null : parseNumber(dayMatch.groups.endDay);
  return { month, day, endDay, end: dayMatch.index + dayMatch[0].length, chineseMonth };
}

function chineseCandidates(text: string, reference: string | null): Candidate[] {
  const candidates: Candidate[] = [];
  const referenceYear = parseReference(reference)?.year ?? null;

  for (const match of text.matchAll(ZH_YEAR_RANGE)) {
    const first = Number(match.groups?.first);
    const last = Number(match.groups?.last);
    if (!isMentionYear(first) || !isMentionYear(last) || last < first) continue;
    candidates.push({ start: match.index, end: match.index + match[0].length, isos: [iso(first), iso(last)] });
  }

  for (const match of text.matchAll(ZH_YEAR_ANCHOR)) {
    let year: number | null;
    if (match.groups?.year !== undefined) year = parseNumber(match.groups.year);
    else year = referenceYear === null ? null : referenceYear + relativeYearOffset(match.groups?.relative ?? '');
    if (year === null || !isMentionYear(year)) continue;
    const start = match.index;
    const afterYear = match.index + match[0].length;
    const parts = readChineseMonthDay(text, afterYear, false);
    if (parts.month === null || parts.month < 1 || parts.month > 12) {
      candidates.push({ start, end: afterYear, isos: [iso(year)] });
      continue;
    }
    candidates.push(dayCandidate(start, parts, year));
  }

  for (const match of text.matchAll(ZH_MONTH_ANCHOR)) {
    const parts = readChineseMonthDay(text, match.index, true);
    if (parts.month === null || parts.month < 1 || parts.month > 12) continue;
    // 一月 alone may be 一个月-like prose; a Chinese-numeral month needs a day to be a date.
    if (parts.chineseMonth && parts.day === null) continue;
    const year = inferYear(reference, parts.month, parts.day);
    if (year === null) continue;
    candidates.push(dayCandidate(match.index, parts, year));
  }
  return candidates;
}

function dayCandidate(
  start: number,
  parts: { month: number | null; day: number | null; endDay: number | null; end: number },
  year: number,
): Candidate {
  const month = parts.month ?? 1;
  const day = parts.day;
  if (day === null || !isValidDay(year, month, day)) return { start, end: parts.end, isos: [iso(year, month)] };
  const isos = [iso(year, month, day)];
  if (parts.endDay !== null && parts.endDay > day && isValidDay(year, month, parts.endDay)) isos.push(iso(year, month, parts.endDay));
  return { start, end: parts.end, isos };
}

// ——— English ———

const LEADING_WORDS = /^(?:(?:on|in|at|from|since|by|during|between|of|the)\s+)+/iu;

function chronoCandidates(text: string, reference: string | null): Candidate[] {
  const parsedReference = parseReference(reference);
  const referenceInstant =
    parsedReference === null ? new Date(Date.UTC(2000, 0, 1, 12)) : new Date(Date.UTC(parsedReference.year, parsedReference.month - 1, parsedReference.day, 12));
  const candidates: Candidate[] = [];
  for (const result of chronoEnglish.strict.parse(text, referenceInstant, { forwardDate: false })) {
    const points = [result.start, result.end].filter((point): point is ParsedComponents => point !== null && point !== undefined);
    const isos: string[] = [];
    for (const point of points) {
      if (!(point.isCertain('month') && point.isCertain('day'))) continue;
      const month = point.get('month');
      const day = point.get('day');
      if (month === null || day === null) continue;
      const year = point.isCertain('year') ? point.get('year') : inferYear(reference, month, day);
      if (year === null || !isMentionYear(year) || !isValidDay(year, month, day)) continue;
      const value = iso(year, month, day);
      if (!isos.includes(value)) isos.push(value);
    }
    if (isos.length === 0) continue;
    const leading = LEADING_WORDS.exec(result.text)?.[0].length ?? 0;
    const trimmed = result.text.slice(leading).replace(/[\s,.]+$/u, '');
    candidates.push({ start: result.index + leading, end: result.index + leading + trimmed.length, isos });
  }
  return candidates;
}

const EN_MONTH_YEAR = new RegExp(`\\b(?<month>${EN_MONTH}),?\\s+(?:of\\s+)?(?<year>${YEAR4})`, 'gu');
const EN_MONTH_RELATIVE_YEAR = new RegExp(`\\b(?<month>${EN_MONTH})\\s+(?<relative>last|this|next)\\s+year\\b`, 'gu');
const EN_RELATIVE_MONTH = new RegExp(`\\b(?<relative>[Ll]ast|[Nn]ext|[Tt]his)\\s+(?<month>${EN_MONTH})(?!\\s*\\d)`, 'gu');
const EN_PREPOSITION_MONTH = new RegExp(
  `\\b(?:[Ii]n|[Ss]ince|[Bb]y|[Uu]ntil|[Tt]ill|[Dd]uring|[Ff]rom|[Tt]hrough|[Ee]arly|[Ll]ate|[Mm]id|(?:[Tt]he\\s+)?(?:end|beginning|start|middle)\\s+of)(?:\\s+|-)(?<month>${EN_MONTH})(?![\\s,]*\\d)`,
  'gu',
);
/** A year after a preposition; `of`/`by`/`around` years must not be followed by a plural noun (a quantity). */
const EN_PREPOSITION_YEAR = new RegExp(
  `\\b(?:(?<firm>in|since|until|till|before|after|during|from|through|early|late|mid|(?:the\\s+)?(?:end|beginning|start|middle)\\s+of|the\\s+year|fiscal\\s+year|fiscal)|(?<loose>of|by|around|circa))(?:\\s+|(?<=mid)-)(?<year>${YEAR4})(?<next>\\s+[a-z]+)?`,
  'giu',
);
const EN_YEAR_RANGE = new RegExp(
  `\\b(?:from|between|in|during)\\s+(?<first>${YEAR4})\\s*(?:-|–|—|to|and|through|until)\\s*(?<last>${YEAR4})`,
  'giu',
);
const EN_RELATIVE_YEAR = /(?<!\b(?:the|past|over|for)\s+)\b(?<relative>[Ll]ast|[Tt]his|[Nn]ext)\s+year\b(?!'s\s+\w+\s+of)/gu;

function englishCandidates(text: string, reference: string | null): Candidate[] {
  const candidates = chronoCandidates(text, reference);
  const referenceYear = parseReference(reference)?.year ?? null;
  const monthOf = (name: string | undefined): number | null => (name === undefined ? null : englishMonthNumber(name));

  for (const match of text.matchAll(EN_MONTH_YEAR)) {
    const month = monthOf(match.groups?.month);
    const year = Number(match.groups?.year);
    if (month === null || !isMentionYear(year)) continue;
    candidates.push({ start: match.index, end: match.index + match[0].length, isos: [iso(year, month)] });
  }
  for (const match of text.matchAll(EN_MONTH_RELATIVE_YEAR)) {
    const month = monthOf(match.groups?.month);
    if (month === null || referenceYear === null) continue;
    const year = referenceYear + relativeYearOffset(match.groups?.relative ?? '');
    candidates.push({ start: match.index, end: match.index + match[0].length, isos: [iso(year, month)] });
  }
  for (const match of text.matchAll(EN_RELATIVE_MONTH)) {
    const month = monthOf(match.groups?.month);
    const parsed = parseReference(reference);
    if (month === null || parsed === null) continue;
    const relative = (match.groups?.relative ?? '').toLowerCase();
    let year = parsed.year;
    // last December: the latest December before the reference's month; next March: the first one after.
    if (relative === 'last' && month >= parsed.month) year -= 1;
    if (relative === 'next' && month <= parsed.month) year += 1;
    candidates.push({ start: match.index, end: match.index + match[0].length, isos: [iso(year, month)] });
  }
  for (const match of text.matchAll(EN_PREPOSITION_MONTH)) {
    const name = match.groups?.month ?? '';
    const month = monthOf(name);
    if (month === null) continue;
    const year = inferYear(reference, month, null);
    if (year === null) continue;
    const start = match.index + match[0].length - name.length;
    candidates.push({ start, end: start + name.replace(/\.$/u, '').length, isos: [iso(year, month)] });
  }
  for (const match of text.matchAll(EN_PREPOSITION_YEAR)) {
    const digits = match.groups?.year ?? '';
    const year = Number(digits);
    if (!isMentionYear(year)) continue;
    if (match.groups?.loose !== undefined && looksLikeCountedNoun(match.groups.next)) continue;
    const start = match.index + match[0].length - (match.groups?.next?.length ?? 0) - digits.length;
    candidates.push({ start, end: start + digits.length, isos: [iso(year)] });
  }
  for (const match of text.matchAll(EN_YEAR_RANGE)) {
    const first = Number(match.groups?.first);
    const last = Number(match.groups?.last);
    if (!isMentionYear(first) || !isMentionYear(last) || last <= first) continue;
    const start = match.index + match[0].indexOf(match.groups?.first ?? '');
    candidates.push({ start, end: match.index + match[0].length, isos: [iso(first), iso(last)] });
  }
  for (const match of text.matchAll(EN_RELATIVE_YEAR)) {
    if (referenceYear === null) continue;
    const year = referenceYear + relativeYearOffset(match.groups?.relative ?? '');
    candidates.push({ start: match.index, end: match.index + match[0].length, isos: [iso(year)] });
  }
  return candidates;
}

// ——— Both languages ———

const NUMERIC_DAY = new RegExp(numericDaySource(YEAR4), 'gu');

function numericCandidates(text: string): Candidate[] {
  const candidates: Candidate[] = [];
  for (const match of text.matchAll(NUMERIC_DAY)) {
    const year = Number(match.groups?.year);
    const month = Number(match.groups?.month);
    const day = Number(match.groups?.day);
    if (!isValidDay(year, month, day)) continue;
    candidates.push({ start: match.index, end: match.index + match[0].length, isos: [iso(year, month, day)] });
  }
  return candidates;
}

/**
 * Every date `text` states, at the precision it states it: `2016年6月5日` → `2016-06-05`; `6月5日` →
 * `2016-06-05` with a reference in 2016; `2016年11月` → `2016-11`; `2016年`, `in 2016` → `2016`;
 * `June 5, 2016`, `5 June 2016` → `2016-06-05`; `June 2016` → `2016-06`; `去年12月` (reference 2016-10-17) →
 * `2015-12`. See the file's header for the rules and what is deliberately not a mention.
 *
 * @param text - an article's title or body, or a chunk of it.
 * @param lang - the text's language: Chinese rules (年/月/日) for `zh`, English rules (chrono-node's strict
 *   parser, month names, prepositions) for `en`; numeric dates (`2016-06-05`, `2016/6/5`) for both.
 * @param referenceDate - ISO `YYYY-MM-DD` date of the text (its article's source-line date): gives the year
 *   of year-less mentions ({@link inferYear}) and of `今年`/`去年`/`last year`. Null: year-less and relative
 *   mentions are left out, never guessed.
 * @returns mentions in text order (by `start`; a range's first date before its last). Overlapping matches
 *   are resolved to the longest (`2016年6月5日`, not also `2016年`).
 */
export function extractDateMentions(text: string, lang: Language, referenceDate: string | null): DateMention[] {
  const searched = asciiDigits(text);
  const reference = parseReference(referenceDate) === null ? null : referenceDate;
  const candidates = [
    ...numericCandidates(searched),
    ...(lang === 'zh' ? chineseCandidates(searched, reference) : englishCandidates(searched, reference)),
  ];
  candidates.sort((left, right) => left.start - right.start || right.end - right.start - (left.end - left.start));
  const mentions: DateMention[] = [];
  let coveredUntil = 0;
  for (const candidate of candidates) {
    if (candidate.start < coveredUntil || candidate.end <= candidate.start) continue;
    coveredUntil = candidate.end;
    for (const value of candidate.isos) {
      mentions.push({ iso: value, start: candidate.start, end: candidate.end, text: text.slice(candidate.start, candidate.end) });
    }
  }
  return mentions;
}
