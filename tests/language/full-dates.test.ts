import { describe, expect, it } from 'vitest';
import { findFullDates, parseFullDate } from '../../src/language';

describe('findFullDates: only dates that state their year, month and day', () => {
  it.each([
    ['2016年9月25日', 'zh', '2016-09-25'],
    ['二〇一六年三月五日', 'zh', '2016-03-05'],
    ['2016 年 9 月 25 日', 'zh', '2016-09-25'],
    ['25 September 2016', 'en', '2016-09-25'],
    ['December 15, 2016', 'en', '2016-12-15'],
  ] as const)('%s is %s', (text, lang, iso) => {
    expect(parseFullDate(text, lang)).toBe(iso);
  });

  // chrono resolves these against today's date; an article's date is never relative to the day it is read.
  it.each([
    ['该项目计划在三年内完成。', 'zh'],
    ['两国将在未来五年内开展合作', 'zh'],
    ['会议将于5天后举行', 'zh'],
    ['明天举行签约仪式', 'zh'],
    ['两年后的今天', 'zh'],
    ['The talks resume tomorrow.', 'en'],
    ['The deal was signed three years ago.', 'en'],
  ] as const)('relative phrase %s is no date', (text, lang) => {
    expect(findFullDates(text, lang)).toEqual([]);
  });
});
