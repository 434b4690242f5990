/**
 * The period a question names — `in 2018`, `2016年11月`, `2016年下半年`, `Q3 2018`, `from 2016 to 2018`,
 * `2018年以来`, `last year`, `最近` — as an inclusive ISO date range, with the date terms (the form the lexical
 * index stores, see `src/chunk/date-terms.ts`) to add to a lexical query, and helpers to compare an
 * article's date with it.
 *
 * Rules, and where they come from:
 * - Explicit dates in both languages: days (`June 5, 2016`, `5 June 2016`, `2016年11月7日`, `2016-11-07`),
 *   months (`October 2018`, `Oct. 2018`, `2016年11月`), quarters (`Q3 2018`, `the third quarter of 2018`,
 *   `2018年第三季度`), halves (`first half of 2016`, `H2 2016`, `2016年下半年`), parts of a year (`early
 *   2016`/`2016年初` = January–April, `mid-2016`/`2016年年中` = May–August, `late 2016`/`2016年底`/`2016年末`
 *   = September–December: thirds of the year, wide on purpose, since a period narrows or boosts a search
 *   and a too narrow one would drop the answer) and years (`2018`, `in 2018`, `2016年`). A four-digit year is
 *   1949–2100.
 * - Ranges (`between May and July 2016`, `from 2016 to 2018`, `2016年至2018年`, `2016年5月至7月`; a missing
 *   year is taken from the other end) and open periods (`since 2018`, `2018年以来`, `after 2018` = from 2019,
 *   `before 2017`/`2017年以前` = up to 2016-12-31, `until 2017`/`截至2017年` = up to 2017-12-31). An open end
 *   is {@link OPEN_PERIOD_START} or {@link OPEN_PERIOD_END}.
 * - Relative periods count from the newest article's date, not the wall clock (the newsletters end long
 *   before "now"): `this year`/`今年`, `last year`/`去年`, `前年` (two years before), `this month`/`本月`,
 *   `last month`/`上个月`, also in place of a year inside the other forms (`今年上半年`, `October last year`,
 *   `Q3 this year`). Without a newest date there is no relative period.
 * - `latest`, `most recent`, `recent(ly)`, `in recent years`, `newest`, `lately`, `over the past year`, `最新`,
 *   `最近`, `近期`, `近来`: kind `latest`, the {@link LATEST_WINDOW_MONTHS} calendar months ending on the
 *   newest article's date (2021-01-21 → 2020-01-22…2021-01-21). A year is about one newsletter volume: wide
 *   enough to hold the last issue's items, which are dated weeks to months before the issue, and narrow
 *   enough to leave out older volumes. An explicit or relative period in the same question wins over these
 *   words.
 * - A four-digit number is not a period when it belongs to a name or counts something: after a
 *   capitalised word that is not a preposition or question word (`Horizon 2020`, `Pujiang Innovation Forum
 *   2016`), glued to letters or Han characters before it (`ESOF2016`, `地平线2020`), or before a measure word
 *   or plural noun (`2000名科学家`, `2016 projects`). A year directly before a name (`2018 浦江创新论坛`, `the
 *   2016 Pujiang Innovation Forum`) is a period — the event is in that year — but {@link stripPeriod} leaves
 *   it in the question, because it is part of the name being searched for.
 * - Year-less dates (`in October`, `9月20日`) are not periods: with newsletters spanning several years the
 *   year cannot be told from the question alone.
 * When a question names several periods, the longest expression wins (`from 2016 to 2018` over `2016`),
 * then the first.
 */
import { englishMonthNumber } from '../months';
import { parseNumber as chineseNumberValue } from '../numbers';
import { daysInMonth, isoDate, isoDayNumber as dayIndex, isoFromDayNumber as isoFromIndex, isValidDay, MILLISECONDS_PER_DAY, pad, parseIsoDay } from './calendar';
import {
  CHINESE_DAY as ZH_DAY,
  CHINESE_MONTH as ZH_MONTH,
  CHINESE_RANGE_SEPARATOR,
  CHINESE_YEAR_DIGITS as CHINESE_YEAR4,
  ENGLISH_MONTH as EN_MONTH,
  looksLikeCountedNoun,
  numericDaySource,
  relativeYearOffset,
  SPACE as S,
  YEAR_DIGITS as YEAR4,
} from './date-grammar';
import { dateTerm } from './date-terms';

/** A period named by a question; dates are inclusive ISO `YYYY-MM-DD`. */
export interface QueryPeriod {
  /** First day, ISO `YYYY-MM-DD`, inclusive; {@link OPEN_PERIOD_START} when open at the start. */
  readonly from: string;
  /** Last day, ISO `YYYY-MM-DD`, inclusive; {@link OPEN_PERIOD_END} when open at the end. */
  readonly to: string;
  /** `explicit`: stated dates; `relative`: counted from the newest article (`last year`); `latest`: recency words. */
  readonly kind: 'explicit' | 'relative' | 'latest';
  /**
   * `day`, `month`, `quarter`, `half`, `year`; `range` for two ends (`from 2016 to 2018`), parts of a year
   * (`early 2016`) and the `latest` window; `open` when one end is open (`since 2018`, `before 2017`).
   */
  readonly granularity: 'day' | 'month' | 'quarter' | 'half' | 'year' | 'range' | 'open';
  /** The question's words that name the period, as written, with their preposition (`in 2018`, `2016年以来`). */
  readonly text: string;
  /**
   * Date terms (`y2016`, `y2016m11`, `y2016m11d07`) to add to a lexical query: the period's days, months or
   * years at its own precision (at most {@link MAX_PERIOD_TERMS}); empty for `latest`, for a period open at
   * the start, and for one open at the end when the newest date is unknown.
   */
  readonly terms: readonly string[];
}

/** What a question's period is resolved against. */
export interface QueryPeriodContext {
  /** Date of the newest article in the index, ISO `YYYY-MM-DD`; null when no article has a date. */
  readonly newestDate: string | null;
}

/** The `from` of a period open at the start (`before 2017`). */
export const OPEN_PERIOD_START = '0001-01-01';
/** The `to` of a period open at the end (`since 2018`). */
export const OPEN_PERIOD_END = '9999-12-31';
/** Length of the `latest` window, in months, ending on the newest article's date (inclusive). */
export const LATEST_WINDOW_MONTHS = 12;
/** The most date terms a period contributes; a longer period gives coarser terms, or none. */
export const MAX_PERIOD_TERMS = 12;


type Granularity = QueryPeriod['granularity'];

/** A resolved span before it becomes a {@link QueryPeriod}. */
interface Span {
  readonly from: string;
  readonly to: string;
  readonly granularity: Granularity;
  readonly relative: boolean;
}

/** A point expression's parts, before a missing year or month is taken from the other end of a range. */
interface PointParts {
  readonly year: number | null;
  readonly relative: boolean;
  readonly month: number | null;
  readonly day: number | null;
  /** 1–4. */
  readonly quarter: number | null;
  /** 1 first, 2 second. */
  readonly half: number | null;
  /** Third of the year: 1 early, 2 mid, 3 late. */
  readonly part: number | null;
  /** True for a bare four-digit number (no 年, month or preposition): subject to the name rules. */
  readonly bareYear: boolean;
}

// ——— Calendar helpers ———

function monthSpan(year: number, firstMonth: number, lastMonth: number): { from: string; to: string } {
  return { from: isoDate(year, firstMonth, 1), to: isoDate(year, lastMonth, daysInMonth(year, lastMonth)) };
}

// ——— Expressions ———

const EN_DAY = '(?:3[01]|[12]\\d|0?[1-9])(?:st|nd|rd|th)?(?![\\d])';
const EN_YEAR = `(?:(?<![\\d.])(?<year>${YEAR4})(?![\\d]|\\.\\d)|(?<![Tt]he\\s+)(?<relative>this|last|next)\\s+year)`;
const ZH_YEAR = `(?:(?<![\\d.])(?<year>${YEAR4}|${CHINESE_YEAR4})${S}年(?:度)?(?!代)|(?<relative>今年|(?<!过)去年|前年|明年))`;

/** One form of a point in time; `source` uses the named groups {@link readParts} reads. */
interface PointForm {
  readonly source: string;
}

const ENGLISH_POINT_FORMS: readonly PointForm[] = [
  { source: `(?<month>${EN_MONTH})\\s*(?<day>${EN_DAY}),?\\s+${EN_YEAR}` },
  { source: `(?<day>${EN_DAY})\\s+(?:of\\s+)?(?<month>${EN_MONTH}),?\\s+${EN_YEAR}` },
  { source: numericDaySource(YEAR4) },
  { source: `(?<month>${EN_MONTH}),?\\s+(?:of\\s+)?${EN_YEAR}` },
  { source: `(?<year>${YEAR4})-(?<month>0[1-9]|1[0-2])(?![\\d-])` },
  { source: `q(?<quarter>[1-4])\\s*(?:of\\s+)?${EN_YEAR}` },
  { source: `(?<year>${YEAR4})\\s*q(?<quarter>[1-4])(?![\\d])` },
  { source: `(?:the\\s+)?(?<quarterWord>first|second|third|fourth|1st|2nd|3rd|4th|last|final)\\s+quarter\\s+(?:of\\s+)?${EN_YEAR}` },
  { source: `(?:the\\s+)?(?<halfWord>first|second|1st|2nd|latter|last|final)\\s+half\\s+(?:of\\s+)?${EN_YEAR}` },
  { source: `h(?<half>[12])\\s*(?:of\\s+)?${EN_YEAR}` },
  { source: `(?<year>${YEAR4})\\s*h(?<half>[12])(?![\\d])` },
  { source: `(?<partWord>early|mid|middle|late)(?:\\s+|-)${EN_YEAR}` },
  { source: `(?:the\\s+)?(?<partWord>beginning|start|middle|end)\\s+of\\s+${EN_YEAR}` },
];

const CHINESE_POINT_FORMS: readonly PointForm[] = [
  { source: `${ZH_YEAR}${S}(?<month>${ZH_MONTH})${S}月${S}(?<day>${ZH_DAY})${S}[日号]` },
  { source: `${ZH_YEAR}${S}(?<month>${ZH_MONTH})${S}月(?:份)?` },
  { source: `${ZH_YEAR}${S}(?:第${S})?(?<quarter>[一二三四1-4])${S}季度` },
  { source: `${ZH_YEAR}${S}q(?<quarter>[1-4])(?![\\d])` },
  { source: `${ZH_YEAR}${S}(?<halfWord>[上下前后])半年` },
  { source: `${ZH_YEAR}${S}(?<partWord>年?初(?![步次创心中级赛衷始])|年中|年?底|年?末(?!期))` },
  { source: ZH_YEAR },
];

/** Forms allowed only as one end of a range, where the other end supplies the year (`May` in `May to July 2016`). */
const RANGE_END_FORMS: readonly PointForm[] = [
  { source: `(?<month>${EN_MONTH})\\s*(?<day>${EN_DAY})` },
  { source: `(?<day>${EN_DAY})\\s+(?:of\\s+)?(?<month>${EN_MONTH})` },
  { source: `(?<month>${EN_MONTH})` },
  { source: `(?<![\\d.])(?<year>${YEAR4})(?![\\d]|\\.\\d)` },
  { source: `(?<month>${ZH_MONTH})${S}月${S}(?<day>${ZH_DAY})${S}[日号]` },
  { source: `(?<month>${ZH_MONTH})${S}月(?:份)?` },
  { source: `(?<day>${ZH_DAY})${S}[日号]` },
];

/**
 * Every point form, most specific first: a regular expression's alternation takes the first alternative
 * that matches, not the longest, so `2016年11月` must be tried before `2016年`, and that before `2016`.
 */
const POINT_FORMS = [...ENGLISH_POINT_FORMS, ...CHINESE_POINT_FORMS, { source: EN_YEAR }];

/** A form's source without its group names, to be nested in a larger expression. */
function unnamed(source: string): string {
  return source.replace(/\(\?<([A-Za-z]+)>/gu, '(?:').replace(/\\k<separator>/gu, '[-/.]');
}

const ANY_POINT = `(?:${POINT_FORMS.map((form) => unnamed(form.source)).join('|')})`;
const ANY_RANGE_END = `(?:${[...POINT_FORMS, ...RANGE_END_FORMS].map((form) => unnamed(form.source)).join('|')})`;

const ANCHORED_FORMS = [...POINT_FORMS, ...RANGE_END_FORMS].map((form) => new RegExp(`^(?:${form.source})$`, 'iu'));

const QUARTER_WORDS: Readonly<Record<string, number>> = { first: 1, '1st': 1, second: 2, '2nd': 2, third: 3, '3rd': 3, fourth: 4, '4th': 4, last: 4, final: 4 };
const HALF_WORDS: Readonly<Record<string, number>> = { first: 1, '1st': 1, 上: 1, 前: 1, second: 2, '2nd': 2, latter: 2, last: 2, final: 2, 下: 2, 后: 2 };
const PART_WORDS: Readonly<Record<string, number>> = { early: 1, beginning: 1, start: 1, 初: 1, 年初: 1, mid: 2, middle: 2, 年中: 2, late: 3, end: 3, 底: 3, 年底: 3, 末: 3, 年末: 3 };

function groupNumber(value: string | undefined): number | null {
  return value === undefined ? null : chineseNumberValue(value.replace(/(?:st|nd|rd|th)$/iu, ''));
}

/** Reads a point expression (already matched) into its parts; null when no form matches it whole. */
function readParts(text: string, newestYear: number | null): PointParts | null {
  const trimmed = text.trim();
  for (const pattern of ANCHORED_FORMS) {
    const match = pattern.exec(trimmed);
    if (match === null) continue;
    const groups = match.groups ?? {};
    let year: number | null = null;
    let relative = false;
    if (groups.year !== undefined) {
      year = chineseNumberValue(groups.year);
    } else if (groups.relative !== undefined) {
      const offset = relativeYearOffset(groups.relative);
      if (newestYear === null || offset === null) return null;
      year = newestYear + offset;
      relative = true;
    }
    const month = groups.month === undefined ? null : (/\d|[一二三四五六七八九十]/u.test(groups.month) ? groupNumber(groups.month) : englishMonthNumber(groups.month));
    const quarter = groups.quarter !== undefined ? groupNumber(groups.quarter) : groups.quarterWord !== undefined ? (QUARTER_WORDS[groups.quarterWord.toLowerCase()] ?? null) : null;
    const half = groups.half !== undefined ? groupNumber(groups.half) : groups.halfWord !== undefined ? (HALF_WORDS[groups.halfWord.toLowerCase()] ?? null) : null;
    const part = groups.partWord !== undefined ? (PART_WORDS[groups.partWord.toLowerCase()] ?? null) : null;
    return {
      year,
      relative,
      month,
      day: groupNumber(groups.day),
      quarter,
      half,
      part,
      bareYear: groups.year !== undefined && /^\d{4}$/u.test(trimmed),
    };
  }
  return null;
}

/** Resolves complete parts (a year present) into a span; null for an impossible date. */
function resolveParts(parts: PointParts): Span | null {
  const { year } = parts;
  if (year === null) return null;
  const relative = parts.relative;
  if (parts.month !== null) {
    if (parts.month < 1 || parts.month > 12) return null;
    if (parts.day !== null) {
      if (!isValidDay(year, parts.month, parts.day)) return null;
      const day = isoDate(year, parts.month, parts.day);
      return { from: day, to: day, granularity: 'day', relative };
    }
    return { ...monthSpan(year, parts.month, parts.month), granularity: 'month', relative };
  }
  if (parts.quarter !== null) return { ...monthSpan(year, parts.quarter * 3 - 2, parts.quarter * 3), granularity: 'quarter', relative };
  if (parts.half !== null) return { ...monthSpan(year, parts.half * 6 - 5, parts.half * 6), granularity: 'half', relative };
  if (parts.part !== null) return { ...monthSpan(year, parts.part * 4 - 3, parts.part * 4), granularity: 'range', relative };
  return { ...monthSpan(year, 1, 12), granularity: 'year', relative };
}

/** Fills a range end's missing year (and month, for a bare day) from the other end. */
function inherit(parts: PointParts, from: PointParts): PointParts {
  return {
    ...parts,
    year: parts.year ?? from.year,
    relative: parts.relative || (parts.year === null && from.relative),
    month: parts.month ?? (parts.day !== null ? from.month : null),
  };
}

// ——— Rules ———

interface Rule {
  readonly pattern: RegExp;
  readonly build: (match: RegExpMatchArray, context: ResolvedContext) => Span | null;
  /** True for the recency words: they yield to any explicit or relative period. */
  readonly latest?: boolean;
}

interface ResolvedContext {
  readonly newest: { year: number; month: number; day: number } | null;
  readonly newestDate: string | null;
}

const EN_PREFIX = '(?:(?:in|during|on|for|around|throughout|of|at)\\s+)?';
const ZH_PREFIX = '(?:[在于]\\s*)?';

function pointRule(): Rule {
  return {
    pattern: new RegExp(`(?<prefix>\\b${EN_PREFIX}|${ZH_PREFIX})(?<point>${ANY_POINT})`, 'giu'),
    build: (match, context) => {
      const parts = readParts(match.groups?.point ?? '', context.newest?.year ?? null);
      if (parts === null) return null;
      if (parts.bareYear && (match.groups?.prefix ?? '') === '' && !isYearInContext(match)) return null;
      return resolveParts(parts);
    },
  };
}

/** Function words and question words that may stand right before a year without making it part of a name. */
const NON_NAME_WORDS = new Set(
  `in on at of for from since by before after during until till through to and or the a an what which when where who how
  did do does was were is are has have had happened happen summarise summarize summary list show tell describe
  explain compare give find news about year years between than`.split(/\s+/u),
);

/** Measure words and units after which a number counts things instead of naming a year. */
const MEASURE_AFTER = /^[ \t]*(?:[个名家项人元万亿多余次台件篇届位所座岁%％]|km|kg|mw|gw|usd|yuan|rmb)/iu;

/**
 * True when the text before a bare number ends in a name the number belongs to: letters or Han characters
 * glued to it (`ESOF2016`, `地平线2020`; not the prepositions 在, 于, 从, 自, 到, 至, 是), a number and a dash (the
 * second year of `Plan 2016-2020`), or a capitalised word
 * that is not a function or question word (`Horizon 2020`, `Joint Work Plan 2016-2020`).
 */
function followsName(before: string): boolean {
  if (/[\p{L}\p{Nd}]$/u.test(before) && !/[在于从自到至是]$/u.test(before)) return true;
  // The end of a range that is itself a name (`Plan 2016-2020`): never a year of its own.
  if (/\d[ \t]*[-–—~～/][ \t]*$/u.test(before)) return true;
  const previousWord = /([A-Za-z][\w'-]*)[ \t]+$/u.exec(before)?.[1];
  return previousWord !== undefined && /^[A-Z]/u.test(previousWord) && !NON_NAME_WORDS.has(previousWord.toLowerCase());
}

/**
 * A bare four-digit number (no 年, month or preposition) is a year unless it is glued to letters or Han
 * characters before it, follows a capitalised word that is not a function or question word, or counts
 * something (a measure word or a plural noun after it).
 */
function isYearInContext(match: RegExpMatchArray): boolean {
  const input = match.input ?? '';
  const start = (match.index ?? 0) + (match.groups?.prefix?.length ?? 0);
  const end = (match.index ?? 0) + match[0].length;
  const after = input.slice(end);
  if (followsName(input.slice(0, start))) return false;
  if (MEASURE_AFTER.test(after)) return false;
  return !looksLikeCountedNoun(/^[ \t]+([a-z]+)\b/u.exec(after)?.[1]);
}

function rangeRule(source: string): Rule {
  return {
    pattern: new RegExp(source, 'giu'),
    build: (match, context) => {
      const newestYear = context.newest?.year ?? null;
      const first = readParts(match.groups?.first ?? '', newestYear);
      const last = readParts(match.groups?.last ?? '', newestYear);
      if (first === null || last === null) return null;
      // `Joint Work Plan 2016-2020` names a plan; `from 2016 to 2020` would not start with the bare year.
      if (first.bareYear && match[0].trimStart().startsWith(match.groups?.first ?? '') && followsName((match.input ?? '').slice(0, match.index ?? 0))) {
        return null;
      }
      const start = resolveParts(inherit(first, last));
      const end = resolveParts(inherit(last, first));
      if (start === null || end === null || end.to < start.from) return null;
      return { from: start.from, to: end.to, granularity: 'range', relative: start.relative || end.relative };
    },
  };
}

type OpenKind = 'since' | 'after' | 'before' | 'until';

function openRule(source: string, kind: OpenKind | ((match: RegExpMatchArray) => OpenKind)): Rule {
  return {
    pattern: new RegExp(source, 'giu'),
    build: (match, context) => {
      const parts = readParts(match.groups?.point ?? '', context.newest?.year ?? null);
      if (parts === null) return null;
      const point = resolveParts(parts);
      if (point === null) return null;
      const which = typeof kind === 'function' ? kind(match) : kind;
      const relative = point.relative;
      switch (which) {
        case 'since':
          return { from: point.from, to: OPEN_PERIOD_END, granularity: 'open', relative };
        case 'after':
          return { from: isoFromIndex(dayIndex(point.to) + 1), to: OPEN_PERIOD_END, granularity: 'open', relative };
        case 'before':
          return { from: OPEN_PERIOD_START, to: isoFromIndex(dayIndex(point.from) - 1), granularity: 'open', relative };
        case 'until':
          return { from: OPEN_PERIOD_START, to: point.to, granularity: 'open', relative };
      }
    },
  };
}

function relativeMonthRule(source: string, offset: number): Rule {
  return {
    pattern: new RegExp(source, 'giu'),
    build: (_match, context) => {
      if (context.newest === null) return null;
      const index = context.newest.year * 12 + (context.newest.month - 1) + offset;
      const year = Math.floor(index / 12);
      const month = (index % 12) + 1;
      return { ...monthSpan(year, month, month), granularity: 'month', relative: true };
    },
  };
}

function latestRule(source: string): Rule {
  return {
    pattern: new RegExp(source, 'giu'),
    latest: true,
    build: (_match, context) => {
      const newest = context.newest;
      if (newest === null || context.newestDate === null) return null;
      const startMonthIndex = newest.year * 12 + (newest.month - 1) - LATEST_WINDOW_MONTHS;
      const startYear = Math.floor(startMonthIndex / 12);
      const startMonth = (startMonthIndex % 12) + 1;
      const dayBefore = Math.min(newest.day, daysInMonth(startYear, startMonth));
      const from = isoFromIndex(Date.UTC(startYear, startMonth - 1, dayBefore) / MILLISECONDS_PER_DAY + 1);
      return { from, to: context.newestDate, granularity: 'range', relative: true };
    },
  };
}

const RANGE_SEPARATOR_EN = '(?:\\s*(?:-|–|—)\\s*|\\s+(?:to|and|through|until|till)\\s+)';
const RANGE_SEPARATOR_ZH = `${S}${CHINESE_RANGE_SEPARATOR}${S}`;

const RULES: readonly Rule[] = [
  pointRule(),
  rangeRule(`\\b(?:from|between)\\s+(?<first>${ANY_RANGE_END})${RANGE_SEPARATOR_EN}(?<last>${ANY_RANGE_END})`),
  rangeRule(`\\b(?:(?:in|during|for|of|over)\\s+)?(?<![\\d.])(?<first>${ANY_RANGE_END})\\s*(?:-|–|—|\\s+to\\s+)\\s*(?<last>${ANY_POINT})`),
  rangeRule(`(?:[从自在于]${S})?(?<first>${ANY_RANGE_END})${RANGE_SEPARATOR_ZH}(?<last>${ANY_RANGE_END})`),
  openRule(`\\b(?<word>since|after|from)\\s+(?<point>${ANY_POINT})`, (match) => (match.groups?.word?.toLowerCase() === 'after' ? 'after' : 'since')),
  openRule(`\\b(?<word>before|prior\\s+to|until|till|up\\s+to|through)\\s+(?<point>${ANY_POINT})`, (match) =>
    /^(?:before|prior)/iu.test(match.groups?.word ?? '') ? 'before' : 'until',
  ),
  openRule(`(?:[自从]${S})?(?<point>${ANY_POINT})${S}(?:以来|至今|到现在|到今天|起)`, 'since'),
  openRule(`(?:[自从]${S})?(?<point>${ANY_POINT})${S}(?:以后|之后|后(?![一二三两几\\d半]))`, 'after'),
  openRule(`(?<point>${ANY_POINT})${S}(?:以前|之前|前(?![一二三两几\\d半]))`, 'before'),
  openRule(`(?:截至|截止(?:到)?|到)${S}(?<point>${ANY_POINT})(?:${S}为止)?`, 'until'),
  relativeMonthRule('\\bthis\\s+month\\b|本月|这个月', 0),
  relativeMonthRule('\\blast\\s+month\\b|上个月|上月', -1),
  latestRule('\\b(?:over|in|during)\\s+the\\s+(?:past|last)\\s+(?:year|12\\s+months|twelve\\s+months)\\b'),
  latestRule('\\b(?:in\\s+)?recent\\s+(?:years|months)\\b'),
  latestRule('\\b(?:the\\s+)?(?:most\\s+recent(?:ly)?|latest|newest|recent(?:ly)?|lately)\\b'),
  latestRule('(?:最新|最近|近期|近来|新近)(?:一年|几个月|一段时间)?'),
];

// ——— Terms ———

function monthIndexOf(iso: string): number {
  return Number(iso.slice(0, 4)) * 12 + Number(iso.slice(5, 7)) - 1;
}

/** The date terms of a span, at the precision the span is stated in; see {@link QueryPeriod.terms}. */
function spanTerms(from: string, to: string): readonly string[] {
  if (from > to) return [];
  const firstYear = Number(from.slice(0, 4));
  const lastYear = Number(to.slice(0, 4));
  if (from === to) return [dateTerm(from)];
  const days = dayIndex(to) - dayIndex(from) + 1;
  const wholeMonths = from.endsWith('-01') && to === isoDate(lastYear, Number(to.slice(5, 7)), daysInMonth(lastYear, Number(to.slice(5, 7))));
  const wholeYears = from.endsWith('-01-01') && to.endsWith('-12-31');
  const months = monthIndexOf(to) - monthIndexOf(from) + 1;
  const years = lastYear - firstYear + 1;
  const yearTerms = (): string[] => Array.from({ length: years }, (_, offset) => dateTerm(pad(firstYear + offset, 4)));
  const monthTerms = (): string[] =>
    Array.from({ length: months }, (_, offset) => {
      const index = monthIndexOf(from) + offset;
      return dateTerm(`${pad(Math.floor(index / 12), 4)}-${pad((index % 12) + 1)}`);
    });
  if (wholeYears) return years <= MAX_PERIOD_TERMS ? yearTerms() : [];
  if (wholeMonths && months <= MAX_PERIOD_TERMS) return monthTerms();
  if (days <= 14) return Array.from({ length: days }, (_, offset) => dateTerm(isoFromIndex(dayIndex(from) + offset)));
  if (months <= MAX_PERIOD_TERMS) return monthTerms();
  return years <= MAX_PERIOD_TERMS ? yearTerms() : [];
}

function periodTerms(span: Span, kind: QueryPeriod['kind'], newestDate: string | null): readonly string[] {
  if (kind === 'latest' || span.from === OPEN_PERIOD_START) return [];
  if (span.to === OPEN_PERIOD_END) {
    if (newestDate === null || newestDate < span.from) return [];
    // Open at the end: the years (or months) from its start to the newest article.
    const lastYear = newestDate.slice(0, 4);
    return spanTerms(span.from, span.from.endsWith('-01-01') ? `${lastYear}-12-31` : newestDate);
  }
  return spanTerms(span.from, span.to);
}

// ——— Public API ———

/**
 * The period `question` names, or null when it names none (see the file's header for every form).
 * Examples, with the newest article of 2021-01-21: `what did China and South Africa agree in 2018?` →
 * 2018-01-01…2018-12-31, explicit, year, text `in 2018`, terms `[y2018]`; `2016年下半年` → 2016-07-01…2016-12-31,
 * half, terms `y2016m07`…`y2016m12`; `去年` → 2020, relative; `最新的合作` → 2020-01-22…2021-01-21, latest,
 * no terms; `15th China-ASEAN Expo` → null.
 * @param question - the question as asked, either language.
 * @param context - the newest article's date (ISO `YYYY-MM-DD`), the reference of relative and `latest`
 *   periods; a malformed date counts as null.
 */
export function parseQueryPeriod(question: string, context: QueryPeriodContext): QueryPeriod | null {
  const newest = parseIsoDay(context.newestDate);
  const resolved: ResolvedContext = { newest, newestDate: newest === null ? null : context.newestDate };
  let best: { span: Span; text: string; start: number; latest: boolean } | null = null;
  for (const rule of RULES) {
    for (const match of question.matchAll(rule.pattern)) {
      const span = rule.build(match, resolved);
      if (span === null) continue;
      const text = match[0].trim();
      const start = (match.index ?? 0) + match[0].indexOf(text);
      const latest = rule.latest === true;
      const better =
        best === null ||
        (best.latest && !latest) ||
        (best.latest === latest && (text.length > best.text.length || (text.length === best.text.length && start < best.start)));
      if (better) best = { span, text, start, latest };
    }
  }
  if (best === null) return null;
  const kind: QueryPeriod['kind'] = best.latest ? 'latest' : best.span.relative ? 'relative' : 'explicit';
  return {
    from: best.span.from,
    to: best.span.to,
    kind,
    granularity: best.span.granularity,
    text: best.text,
    terms: periodTerms(best.span, kind, resolved.newestDate),
  };
}

/** A period's text that is a bare year, with the preposition it may carry (`2018`, `in 2016`, `在2016`). */
const BARE_YEAR_TEXT = /^(?:(?:in|during|on|for|around|throughout|of|at)\s+|[在于]\s*)?\d{4}$/iu;

/**
 * `question` without the words of `period` (its first occurrence of `period.text`), so the topic can be
 * searched alone: `what did China and South Africa agree in 2018?` → `what did China and South Africa
 * agree?`; `2016年11月在中国开了哪些会议？` → `在中国开了哪些会议？`. Spaces left doubled or before punctuation
 * are tidied, and punctuation left at the start is dropped.
 *
 * A bare year directly before a name — a Han character or a capitalised word (`2018 浦江创新论坛`, `在2016浦江创新
 * 论坛上`, `the 2016 Pujiang Innovation Forum`) — is part of the name, so the question is returned unchanged.
 * @returns the question, trimmed, without the period's words; the question unchanged (trimmed) when the
 *          text is not found or is part of a name.
 */
export function stripPeriod(question: string, period: QueryPeriod): string {
  const start = question.indexOf(period.text);
  if (start < 0 || period.text === '') return question.trim();
  const end = start + period.text.length;
  if (BARE_YEAR_TEXT.test(period.text) && /^[ \t]*(?:\p{Script=Han}|[A-Z])/u.test(question.slice(end))) return question.trim();
  const left = question.slice(0, start).trimEnd();
  const right = question.slice(end).trimStart();
  // Words of either side are kept apart by one space, except at a Han character or before punctuation.
  const joined = /[\p{L}\p{Nd}]$/u.test(left) && /^[\p{L}\p{Nd}]/u.test(right) && !/\p{Script=Han}$/u.test(left) && !/^\p{Script=Han}/u.test(right);
  return `${left}${joined ? ' ' : ''}${right}`.replace(/^[\s,.;:!?，。；：、！？]+/u, '').trim();
}

/**
 * True when an article dated `date` lies inside `period` (both ends inclusive).
 * @param date - the article's ISO `YYYY-MM-DD` date; null (undated) is never inside.
 */
export function articleInPeriod(date: string | null, period: Pick<QueryPeriod, 'from' | 'to'>): boolean {
  if (parseIsoDay(date) === null || date === null) return false;
  return date >= period.from && date <= period.to;
}

/**
 * How far an article's date lies outside `period`, in whole days: 0 inside (ends inclusive), else the days
 * to the nearest end (`2018-12-31` → 1 for a period starting 2019-01-01).
 * @param date - the article's ISO `YYYY-MM-DD` date.
 * @returns days ≥ 0, or null when `date` is null or not an ISO day.
 */
export function periodDistanceDays(date: string | null, period: Pick<QueryPeriod, 'from' | 'to'>): number | null {
  if (date === null || parseIsoDay(date) === null) return null;
  if (date < period.from) return dayIndex(period.from) - dayIndex(date);
  if (date > period.to) return dayIndex(date) - dayIndex(period.to);
  return 0;
}
