/**
 * Date parsing for both editions through chrono-node (its `en` and `zh` parsers). Only dates whose year,
 * month and day are all stated are returned as full dates: a date is never guessed.
 */
// The two locales used, not `chrono-node`'s main entry, which loads all 16 (start-up, issue 15).
import type { Chrono } from 'chrono-node';
import * as chronoEnglish from 'chrono-node/en';
import * as chronoChinese from 'chrono-node/zh';
import type { Language } from '../../core';
import { isoDate } from './calendar';

/** A date found in text: ISO `YYYY-MM-DD`, with its position. */
export interface FoundDate {
  readonly iso: string;
  /** 0-based character offset of the match in the searched text. */
  readonly index: number;
  readonly text: string;
}

/**
 * Removes the spaces that PDF conversions leave inside Chinese dates and numbers
 * (`2018 年 10 月 11 日` → `2018年10月11日`, `第 15 届` → `第15届`).
 */
export function collapseChineseSpacing(text: string): string {
  return text
    .replace(/(?<=[\p{Script=Han}\d])[ \t\u00a0\u3000]+(?=\p{Script=Han})/gu, '')
    .replace(/(?<=\p{Script=Han})[ \t\u00a0\u3000]+(?=\d)/gu, '');
}

/**
 * A year written out in the matched text: four Arabic digits, or four Chinese digits before 年
 * (`二〇一六年`). chrono also resolves relative phrases (`三年内`, `5天后`, `明天`) against today's date and
 * marks them certain; a newsletter's date is never relative to the day it is read, so a match must state
 * its year.
 */
const STATED_YEAR = /(?<!\d)\d{4}(?!\d)|[〇○零一二三四五六七八九]{4}\s*年/u;

function parserFor(lang: Language): Chrono {
  return lang === 'zh' ? chronoChinese.casual : chronoEnglish.strict;
}

/**
 * Every full date (year, month and day all stated) in `text`, in order of appearance.
 * `2016年9月25日`, `2016年05月27日`, `25 September 2016`, `December 15 2016` are full dates;
 * `9月10日`, `May 2016` and relative phrases (`三年内`, `5天后`, `明天`, `tomorrow`) are not.
 */
export function findFullDates(text: string, lang: Language): readonly FoundDate[] {
  const prepared = lang === 'zh' ? collapseChineseSpacing(text) : text;
  const found: FoundDate[] = [];
  for (const result of parserFor(lang).parse(prepared)) {
    const start = result.start;
    if (!(start.isCertain('year') && start.isCertain('month') && start.isCertain('day'))) continue;
    if (!STATED_YEAR.test(result.text)) continue;
    const year = start.get('year');
    const month = start.get('month');
    const day = start.get('day');
    if (year === null || month === null || day === null) continue;
    found.push({ iso: isoDate(year, month, day), index: result.index, text: result.text });
  }
  return found;
}

/** The first full date in `text`, as ISO `YYYY-MM-DD`, or null when none is fully stated. */
export function parseFullDate(text: string, lang: Language): string | null {
  return findFullDates(text, lang)[0]?.iso ?? null;
}
