/**
 * Issue-level facts printed in a newsletter's masthead: the issue number and the issue date, in the forms
 * both editions have used — `N0.299 June 30,2002` (a zero for the letter O, no space after the comma),
 * `No. 299 June 30, 2002`, `March 30, 2010`, `No. 23, 15 December 2016`, `Issue 5, 2019`,
 * `2018年第7期（2018年11月30日）`, `总第123期`, `2021 第 1 期, 总第 824 期`. Full dates are read by
 * {@link findFullDates} (chrono-node); only a year (`Issue 5, 2019`) or a year and month is kept at that
 * precision, never completed by guess.
 */
import type { Language } from '../../core';
import { isoDate } from './calendar';
import { isPlausibleYear } from './date-grammar';
import { collapseChineseSpacing, findFullDates } from './full-dates';
import { englishMonthNumber, ENGLISH_MONTH_NAME_SOURCE } from '../months';

/** What a masthead states about its issue. */
export interface IssueFacts {
  /** Issue number as printed (`"299"`, `"824"`), or `YYYY-N` for a yearly number only (`"2018-7"`); null when none. */
  readonly number: string | null;
  /** ISO `YYYY-MM-DD`, or `YYYY-MM` / `YYYY` when only that is printed; null when no date. */
  readonly date: string | null;
  /** Human-readable label, e.g. `No. 299, 2002-06-30` or `2018年第7期（总第123期），2018-11-30`; null when neither is known. */
  readonly label: string | null;
  /** 0-based index of the first line that stated a number or a date, or null. */
  readonly lineIndex: number | null;
}

/**
 * Repairs the typing slips mastheads carry before their dates are read: `N0.299` → `No.299`, `June 30,2002`
 * → `June 30, 2002`, Chinese digits spaced apart by a PDF conversion.
 */
export function normalizeMastheadLine(line: string): string {
  return collapseChineseSpacing(line)
    .replace(/\bN0\s*\.(?=\s*\d)/gu, 'No.')
    .replace(/(\d{1,2}),(?=\d{4}\b)/gu, '$1, ');
}

const TOTAL = /总\s*第\s*(\d+)\s*期/u;
const YEARLY = /(\d{4})\s*年?\s*第\s*(\d+)\s*期/u;
/** A number with neither year nor `总` (`第158期`): the issue's running number. */
const BARE_CHINESE = /第\s*(\d+)\s*期/u;
const ENGLISH_NUMBER = /\b(?:No|Number)\s*\.?\s*(\d+)\b/iu;
const ISSUE_NUMBER = /\bIssue\s+(?:No\.?\s*)?(\d+)\b/iu;
const VOLUME = /\bVol(?:ume)?\s*\.?\s*(\d+)\b/iu;
const MONTH_YEAR = new RegExp(`\\b(${ENGLISH_MONTH_NAME_SOURCE})\\.?\\s*,?\\s*(\\d{4})\\b`, 'iu');
const CHINESE_MONTH_YEAR = /(\d{4})\s*年\s*(\d{1,2})\s*月(?!\s*\d)/u;
const YEAR_AFTER_ISSUE = /\bIssue\s+(?:No\.?\s*)?\d+\s*,?\s*(\d{4})\b/iu;

/** The issue number a line states, with the kind of statement (`total` beats `yearly` beats `english`). */
function numberOf(line: string): { number: string; label: string; rank: number } | null {
  const total = TOTAL.exec(line);
  const yearly = YEARLY.exec(line);
  if (total?.[1] !== undefined) {
    const label = yearly?.[1] !== undefined && yearly[2] !== undefined ? `${yearly[1]}年第${yearly[2]}期（总第${total[1]}期）` : `总第${total[1]}期`;
    return { number: total[1], label, rank: 3 };
  }
  if (yearly?.[1] !== undefined && yearly[2] !== undefined) return { number: `${yearly[1]}-${yearly[2]}`, label: `${yearly[1]}年第${yearly[2]}期`, rank: 2 };
  const bare = BARE_CHINESE.exec(line);
  if (bare?.[1] !== undefined) return { number: bare[1], label: `第${bare[1]}期`, rank: 1 };
  const volume = VOLUME.exec(line);
  // `Volume.824, Issue No.1 2021`: the volume counts issues in total, the issue number restarts each year.
  if (volume?.[1] !== undefined) return { number: volume[1], label: `No. ${volume[1]}`, rank: 2 };
  const issue = ISSUE_NUMBER.exec(line);
  if (issue?.[1] !== undefined) return { number: issue[1], label: `Issue ${issue[1]}`, rank: 1 };
  const english = ENGLISH_NUMBER.exec(line);
  if (english?.[1] !== undefined) return { number: english[1], label: `No. ${english[1]}`, rank: 1 };
  return null;
}

/** The date a line states: full dates first, then a month and year, then the year after an issue number. */
function dateOf(line: string): { iso: string; full: boolean } | null {
  for (const lang of ['zh', 'en'] as const) {
    const full = findFullDates(line, lang)[0];
    if (full !== undefined) return { iso: full.iso, full: true };
  }
  const chineseMonth = CHINESE_MONTH_YEAR.exec(line);
  if (chineseMonth?.[1] !== undefined && chineseMonth[2] !== undefined) {
    const year = Number(chineseMonth[1]);
    const month = Number(chineseMonth[2]);
    if (isPlausibleYear(year) && month >= 1 && month <= 12) return { iso: isoDate(year, month), full: false };
  }
  const monthYear = MONTH_YEAR.exec(line);
  if (monthYear?.[1] !== undefined && monthYear[2] !== undefined) {
    const month = englishMonthNumber(monthYear[1]);
    const year = Number(monthYear[2]);
    if (month !== null && isPlausibleYear(year)) return { iso: isoDate(year, month), full: false };
  }
  const issueYear = YEAR_AFTER_ISSUE.exec(line);
  if (issueYear?.[1] !== undefined && isPlausibleYear(Number(issueYear[1]))) return { iso: isoDate(Number(issueYear[1])), full: false };
  return null;
}

/**
 * Reads the issue number and date from masthead lines (the lines before a file's first item).
 * @param lines - masthead lines in printed order; each is read on its own.
 * @param lang - the file's language, which decides the label's punctuation.
 * @returns the strongest number stated (`总第` beats `年第…期`, volume beats `No.`), and the first full date
 *   (else the first partial one); nulls when the lines state none.
 */
export function parseIssueFacts(lines: readonly string[], lang: Language): IssueFacts {
  let number: { number: string; label: string; rank: number } | null = null;
  let date: { iso: string; full: boolean } | null = null;
  let lineIndex: number | null = null;
  for (const [index, raw] of lines.entries()) {
    const line = normalizeMastheadLine(raw);
    const stated = numberOf(line);
    if (stated !== null && (number === null || stated.rank > number.rank)) {
      number = stated;
      lineIndex ??= index;
    }
    if (date?.full !== true) {
      const found = dateOf(line);
      if (found !== null && (date === null || found.full)) {
        date = found;
        lineIndex ??= index;
      }
    }
  }
  // A yearly number printed on another line than the total one (`2018年第7期` / `总第123期`) joins its label.
  const yearly = number?.rank === 3 ? YEARLY.exec(lines.map(normalizeMastheadLine).join('\n')) : null;
  let label = number?.label ?? null;
  if (number !== null && yearly?.[1] !== undefined && yearly[2] !== undefined && !label?.includes('年第')) {
    label = `${yearly[1]}年第${yearly[2]}期（${number.label}）`;
  }
  if (date !== null) label = label === null ? date.iso : lang === 'zh' ? `${label}，${date.iso}` : `${label}, ${date.iso}`;
  return { number: number?.number ?? null, date: date?.iso ?? null, label, lineIndex };
}
