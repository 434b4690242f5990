/**
 * Calendar arithmetic on ISO dates (`YYYY`, `YYYY-MM`, `YYYY-MM-DD`), in UTC so that no time zone moves a
 * day. Days are counted as whole days since 1970-01-01 ("day numbers"), which makes differences and
 * offsets plain integer arithmetic.
 */

/** Milliseconds in one UTC day (no leap seconds in ECMAScript time). */
export const MILLISECONDS_PER_DAY = 86_400_000;

/** `value` as a decimal string of at least `length` digits, zero-padded (`pad(6)` → `06`). */
export function pad(value: number, length = 2): string {
  return String(value).padStart(length, '0');
}

/**
 * An ISO date at the precision given: `isoDate(2016)` → `2016`, `isoDate(2016, 6)` → `2016-06`,
 * `isoDate(2016, 6, 5)` → `2016-06-05`. A day without a month is ignored. No validation.
 */
export function isoDate(year: number, month?: number | null, day?: number | null): string {
  let text = pad(year, 4);
  if (month !== undefined && month !== null) text += `-${pad(month)}`;
  if (month !== undefined && month !== null && day !== undefined && day !== null) text += `-${pad(day)}`;
  return text;
}

/** Days in `month` (1–12) of `year` (the proleptic Gregorian calendar, any year ≥ 1). */
export function daysInMonth(year: number, month: number): number {
  const date = new Date(Date.UTC(2000, month, 0));
  date.setUTCFullYear(year, month, 0);
  return date.getUTCDate();
}

/** True when `year`-`month`-`day` is a real calendar day (integers; month 1–12; day within the month). */
export function isValidDay(year: number, month: number, day: number): boolean {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return false;
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/** The day number (whole days since 1970-01-01, UTC) of a calendar day; no validation. */
export function dayNumber(year: number, month: number, day: number): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  return Math.round(date.getTime() / MILLISECONDS_PER_DAY);
}

/** The day number of an ISO `YYYY-MM-DD` date (a missing month or day counts as 1). */
export function isoDayNumber(iso: string): number {
  const [year, month, day] = iso.split('-').map(Number);
  return dayNumber(year ?? 0, month ?? 1, day ?? 1);
}

/** The ISO `YYYY-MM-DD` date of a day number ({@link dayNumber}). */
export function isoFromDayNumber(days: number): string {
  const date = new Date(days * MILLISECONDS_PER_DAY);
  return isoDate(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate());
}

/** The parts of a calendar day. */
export interface CalendarDay {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

/**
 * Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (a missing month or day counts as 1).
 * @returns the day, or null for null, another form, or a day that does not exist (`2016-02-30`).
 */
export function parseIsoDate(iso: string | null): CalendarDay | null {
  if (iso === null) return null;
  const match = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/u.exec(iso);
  if (match === null) return null;
  const year = Number(match[1]);
  const month = match[2] === undefined ? 1 : Number(match[2]);
  const day = match[3] === undefined ? 1 : Number(match[3]);
  return isValidDay(year, month, day) ? { year, month, day } : null;
}

/**
 * Parses a full ISO day `YYYY-MM-DD` only.
 * @returns the day, or null for null, another form or a day that does not exist.
 */
export function parseIsoDay(iso: string | null): CalendarDay | null {
  if (iso === null || !/^\d{4}-\d{2}-\d{2}$/u.test(iso)) return null;
  return parseIsoDate(iso);
}

const ENGLISH_MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/**
 * An ISO date (`YYYY`, `YYYY-MM`, `YYYY-MM-DD`) written out absolutely in `lang`, at the precision it has:
 * `2016-09-25` → `25 September 2016` / `2016年9月25日`, `2016-09` → `September 2016` / `2016年9月`. Never
 * relative ("3 days ago"): an archive's dates must read the same tomorrow.
 * @returns null for null or a form that is not an ISO date.
 */
export function formatAbsoluteDate(iso: string | null, lang: 'zh' | 'en'): string | null {
  if (iso === null) return null;
  const match = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/u.exec(iso);
  if (match === null || parseIsoDate(iso) === null) return null;
  const year = Number(match[1]);
  const month = match[2] === undefined ? null : Number(match[2]);
  const day = match[3] === undefined ? null : Number(match[3]);
  if (lang === 'zh') return `${year}年${month === null ? '' : `${month}月`}${day === null ? '' : `${day}日`}`;
  const monthName = month === null ? '' : `${ENGLISH_MONTH_NAMES[month - 1] ?? ''} `;
  return `${day === null ? '' : `${day} `}${monthName}${year}`;
}
