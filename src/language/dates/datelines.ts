/**
 * News datelines: the opening of an item that names the agency that filed it and the day it was filed —
 * `据新华社5月14日电`, `新华社北京5月14日电（记者 张三）`, `中新网上海2019年5月14日电`,
 * `BUENOS AIRES, May 14 (Xinhua) --`, `BEIJING, 14 May 2019 (Xinhua) —`. A dateline without a year takes it
 * from a reference date (the issue's): the latest year that does not put the day after it — a dispatch is
 * filed before the issue that prints it (unlike a mention in a text, which may announce an event; there
 * `inferYear` allows a couple of months ahead).
 */
import { dayNumber, isoDate, isValidDay, parseIsoDate } from './calendar';
import { isPlausibleYear } from './date-grammar';
import { englishMonthNumber, ENGLISH_MONTH_NAME_SOURCE } from '../months';

/** What a dateline states. */
export interface Dateline {
  /** The filing agency or outlet as printed: `新华社`, `Xinhua`. */
  readonly outlet: string;
  /** ISO `YYYY-MM-DD`: the printed year, else the one inferred from the reference date; null when neither is known. */
  readonly date: string | null;
  /** Code units of the text the dateline takes (up to and including `电`/`讯` or the dash). */
  readonly length: number;
}

/**
 * Chinese: an optional `据`, the outlet (ending in a news-organisation word: 社, 网, 报, 台, 电视台), an
 * optional place of two to eight Han characters, an optional year, month and day, then `电` or `讯`.
 */
const CHINESE_DATELINE =
  /^\s*据?\s*([\p{Script=Han}A-Za-z]{1,10}?(?:通讯社|新闻社|社|网|报|电视台|台))\s*[\p{Script=Han}]{0,8}?\s*(?:(\d{4})\s*年\s*)?(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*(?:电|讯)/u;

/** English: a place in capitals, a comma, `Month day[, year]` or `day Month[ year]`, the agency in parentheses, a dash. */
const ENGLISH_DATELINE = new RegExp(
  `^\\s*\\p{Lu}[\\p{Lu} .'’-]{1,40},\\s*(?:(${ENGLISH_MONTH_NAME_SOURCE})\\.?\\s+(\\d{1,2})|(\\d{1,2})\\s+(${ENGLISH_MONTH_NAME_SOURCE})\\.?)(?:,?\\s+(\\d{4}))?\\s*\\(([^()]{2,40})\\)\\s*(?:--|—|–|-)`,
  'u',
);

/** The latest of the reference's year and the year before that puts `month`/`day` on or before the reference. */
function yearNotAfter(referenceDate: string | null, month: number, day: number): number | null {
  const reference = parseIsoDate(referenceDate);
  if (reference === null) return null;
  const limit = dayNumber(reference.year, reference.month, reference.day);
  for (const year of [reference.year, reference.year - 1]) {
    if (isValidDay(year, month, day) && dayNumber(year, month, day) <= limit) return year;
  }
  return null;
}

/** Code units of a paragraph's start read for a dateline: a place of 40 capitals, a date and an agency fit well within. */
const DATELINE_WINDOW = 120;

function datelineDate(year: number | null, month: number, day: number, referenceDate: string | null): string | null {
  if (month < 1 || month > 12) return null;
  const resolved = year !== null && isPlausibleYear(year) ? year : yearNotAfter(referenceDate, month, day);
  if (resolved === null || !isValidDay(resolved, month, day)) return null;
  return isoDate(resolved, month, day);
}

/**
 * Reads the dateline an item's first paragraph opens with.
 * @param text - the paragraph (only its start is read).
 * @param referenceDate - ISO date the year is inferred from when the dateline prints none (the issue date); may be null.
 * @returns the outlet, the ISO date (null when the year is unknown or the day invalid) and the dateline's
 *   length; null when the paragraph does not open with a dateline.
 */
export function parseDateline(text: string, referenceDate: string | null): Dateline | null {
  const head = text.slice(0, DATELINE_WINDOW);
  const chinese = CHINESE_DATELINE.exec(head);
  if (chinese?.[1] !== undefined && chinese[3] !== undefined && chinese[4] !== undefined) {
    const year = chinese[2] === undefined ? null : Number(chinese[2]);
    return { outlet: chinese[1], date: datelineDate(year, Number(chinese[3]), Number(chinese[4]), referenceDate), length: chinese[0].length };
  }
  const english = ENGLISH_DATELINE.exec(head);
  if (english?.[6] !== undefined) {
    const monthName = english[1] ?? english[4];
    const dayText = english[2] ?? english[3];
    const month = monthName === undefined ? null : englishMonthNumber(monthName);
    if (month === null || dayText === undefined) return null;
    const year = english[5] === undefined ? null : Number(english[5]);
    return { outlet: english[6].trim(), date: datelineDate(year, month, Number(dayText), referenceDate), length: english[0].length };
  }
  return null;
}
