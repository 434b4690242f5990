/**
 * Issue 11 (the answer sentence lacks the asked thing): which kind of value a question expects, and
 * whether a passage holds one the question does not already give.
 */
import { describe, expect, it } from 'vitest';
import { expectedAnswerType, holdsAnswerType } from '../../src/language';

describe('expectedAnswerType', () => {
  it.each([
    ['About how many delegates attended the forum?', 'quantity'],
    ['How much did the programme cost?', 'quantity'],
    ['论坛有多少名代表参加？', 'quantity'],
    ['双方签署了几项协议？', 'quantity'],
    ['When did the dialogue take place?', 'time'],
    ['In which year was the centre founded?', 'time'],
    ['中心是哪一年成立的？', 'time'],
    ['对话什么时候举行？', 'time'],
    ['会议是几月几号召开的？', 'time'],
    ['项目持续了几个月？', 'quantity'],
    ['Who chaired the meeting?', null],
    ['会议由谁主持？', null],
  ])('%s → %s', (question, type) => {
    expect(expectedAnswerType(question)).toBe(type);
  });
});

describe('holdsAnswerType', () => {
  const en = (text: string, referenceDate: string | null = null) => ({ text, lang: 'en' as const, referenceDate });
  const zh = (text: string, referenceDate: string | null = null) => ({ text, lang: 'zh' as const, referenceDate });

  it('a quantity is a number the question does not give, in any form', () => {
    expect(holdsAnswerType(en('More than 300 delegates attended.'), 'quantity', 'How many delegates attended in 2018?')).toBe(true);
    expect(holdsAnswerType(zh('三百余名代表出席。'), 'quantity', '有多少名代表出席？')).toBe(true);
    expect(holdsAnswerType(en('The forum opened in 2018 with a keynote.'), 'quantity', 'How many delegates attended in 2018?')).toBe(false);
    expect(holdsAnswerType(en('Delegates from many countries attended.'), 'quantity', 'How many delegates attended?')).toBe(false);
  });

  it('a time is a date or year read by the date reader, month-only dates placed by the article date', () => {
    expect(holdsAnswerType(zh('中心于2019年揭牌。'), 'time', '中心何时揭牌？')).toBe(true);
    expect(holdsAnswerType(en('The centre opened on 5 June.', '2020-07-01'), 'time', 'When did the centre open?')).toBe(true);
    expect(holdsAnswerType(en('The centre opened with a ceremony.', '2020-07-01'), 'time', 'When did the centre open?')).toBe(false);
    // A count is no year.
    expect(holdsAnswerType(en('The forum drew 2000 delegates.'), 'time', 'When was the forum?')).toBe(false);
  });
});
