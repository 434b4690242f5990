import { beforeAll, describe, expect, it } from 'vitest';
import { chunkArticle } from '../../src/chunk';
import { createSilentLogger, type Article } from '../../src/core';
import { loadNewsletters, type LoadedNewsletters } from '../../src/ingest';
import { chunkDateTerms, articleInPeriod, OPEN_PERIOD_END, OPEN_PERIOD_START, parseQueryPeriod, periodDistanceDays, stripPeriod, type QueryPeriod } from '../../src/language';
import { SEED_FIXTURE_DIR, SEED_FIXTURE_ROOT } from '../support/seed-fixture';

/** The newest article of the seeds (003#8). */
const NEWEST = '2021-01-21';
const context = { newestDate: NEWEST };

type Expected = Pick<QueryPeriod, 'from' | 'to' | 'kind' | 'granularity' | 'text'>;

const months = (year: number, first: number, last: number): string[] =>
  Array.from({ length: last - first + 1 }, (_, offset) => `y${year}m${String(first + offset).padStart(2, '0')}`);

describe('parseQueryPeriod: explicit periods', () => {
  it.each<[string, Expected, readonly string[]]>([
    ['what did China and South Africa agree in 2018?', { from: '2018-01-01', to: '2018-12-31', kind: 'explicit', granularity: 'year', text: 'in 2018' }, ['y2018']],
    ['China Latvia agreement 2018', { from: '2018-01-01', to: '2018-12-31', kind: 'explicit', granularity: 'year', text: '2018' }, ['y2018']],
    ['meetings in October 2018', { from: '2018-10-01', to: '2018-10-31', kind: 'explicit', granularity: 'month', text: 'in October 2018' }, ['y2018m10']],
    ['Oct. 2018 meetings', { from: '2018-10-01', to: '2018-10-31', kind: 'explicit', granularity: 'month', text: 'Oct. 2018' }, ['y2018m10']],
    ['what happened on October 10, 2018?', { from: '2018-10-10', to: '2018-10-10', kind: 'explicit', granularity: 'day', text: 'on October 10, 2018' }, ['y2018m10d10']],
    ['the dialogue of June 5, 2016', { from: '2016-06-05', to: '2016-06-05', kind: 'explicit', granularity: 'day', text: 'of June 5, 2016' }, ['y2016m06d05']],
    ['held 5 June 2016', { from: '2016-06-05', to: '2016-06-05', kind: 'explicit', granularity: 'day', text: '5 June 2016' }, ['y2016m06d05']],
    ['总结一下2016年中美创新合作的进展', { from: '2016-01-01', to: '2016-12-31', kind: 'explicit', granularity: 'year', text: '2016年' }, ['y2016']],
    ['2016年11月在中国开了哪些国际科技合作会议？', { from: '2016-11-01', to: '2016-11-30', kind: 'explicit', granularity: 'month', text: '2016年11月' }, ['y2016m11']],
    ['2016年11月7日举行了什么会议', { from: '2016-11-07', to: '2016-11-07', kind: 'explicit', granularity: 'day', text: '2016年11月7日' }, ['y2016m11d07']],
    ['2018 年 10 月 11 日的会议', { from: '2018-10-11', to: '2018-10-11', kind: 'explicit', granularity: 'day', text: '2018 年 10 月 11 日' }, ['y2018m10d11']],
    ['二〇一六年的会议', { from: '2016-01-01', to: '2016-12-31', kind: 'explicit', granularity: 'year', text: '二〇一六年' }, ['y2016']],
    ['2016年下半年的合作', { from: '2016-07-01', to: '2016-12-31', kind: 'explicit', granularity: 'half', text: '2016年下半年' }, months(2016, 7, 12)],
    ['2016年上半年的合作', { from: '2016-01-01', to: '2016-06-30', kind: 'explicit', granularity: 'half', text: '2016年上半年' }, months(2016, 1, 6)],
    ['in the first half of 2016', { from: '2016-01-01', to: '2016-06-30', kind: 'explicit', granularity: 'half', text: 'in the first half of 2016' }, months(2016, 1, 6)],
    ['second half of 2016', { from: '2016-07-01', to: '2016-12-31', kind: 'explicit', granularity: 'half', text: 'second half of 2016' }, months(2016, 7, 12)],
    ['Q3 2018 events', { from: '2018-07-01', to: '2018-09-30', kind: 'explicit', granularity: 'quarter', text: 'Q3 2018' }, months(2018, 7, 9)],
    ['the third quarter of 2018', { from: '2018-07-01', to: '2018-09-30', kind: 'explicit', granularity: 'quarter', text: 'the third quarter of 2018' }, months(2018, 7, 9)],
    ['2018年第三季度', { from: '2018-07-01', to: '2018-09-30', kind: 'explicit', granularity: 'quarter', text: '2018年第三季度' }, months(2018, 7, 9)],
    ['early 2016', { from: '2016-01-01', to: '2016-04-30', kind: 'explicit', granularity: 'range', text: 'early 2016' }, months(2016, 1, 4)],
    ['2016年初', { from: '2016-01-01', to: '2016-04-30', kind: 'explicit', granularity: 'range', text: '2016年初' }, months(2016, 1, 4)],
    ['mid-2016', { from: '2016-05-01', to: '2016-08-31', kind: 'explicit', granularity: 'range', text: 'mid-2016' }, months(2016, 5, 8)],
    ['late 2016', { from: '2016-09-01', to: '2016-12-31', kind: 'explicit', granularity: 'range', text: 'late 2016' }, months(2016, 9, 12)],
    ['2016年底签署的协议', { from: '2016-09-01', to: '2016-12-31', kind: 'explicit', granularity: 'range', text: '2016年底' }, months(2016, 9, 12)],
  ])('%s', (question, expected, terms) => {
    const period = parseQueryPeriod(question, context);
    expect(period).toMatchObject(expected);
    expect(period?.terms).toEqual(terms);
  });
});

describe('parseQueryPeriod: ranges and open periods', () => {
  it.each<[string, Expected, readonly string[]]>([
    ['what happened between May and July 2016?', { from: '2016-05-01', to: '2016-07-31', kind: 'explicit', granularity: 'range', text: 'between May and July 2016' }, months(2016, 5, 7)],
    ['from 2016 to 2018', { from: '2016-01-01', to: '2018-12-31', kind: 'explicit', granularity: 'range', text: 'from 2016 to 2018' }, ['y2016', 'y2017', 'y2018']],
    ['in 2016-2018', { from: '2016-01-01', to: '2018-12-31', kind: 'explicit', granularity: 'range', text: 'in 2016-2018' }, ['y2016', 'y2017', 'y2018']],
    ['2016年至2018年中美合作', { from: '2016-01-01', to: '2018-12-31', kind: 'explicit', granularity: 'range', text: '2016年至2018年' }, ['y2016', 'y2017', 'y2018']],
    ['2016年5月至7月', { from: '2016-05-01', to: '2016-07-31', kind: 'explicit', granularity: 'range', text: '2016年5月至7月' }, months(2016, 5, 7)],
    ['2016年11月7日至9日', { from: '2016-11-07', to: '2016-11-09', kind: 'explicit', granularity: 'range', text: '2016年11月7日至9日' }, ['y2016m11d07', 'y2016m11d08', 'y2016m11d09']],
    ['since 2018', { from: '2018-01-01', to: OPEN_PERIOD_END, kind: 'explicit', granularity: 'open', text: 'since 2018' }, ['y2018', 'y2019', 'y2020', 'y2021']],
    ['2018年以来中俄合作', { from: '2018-01-01', to: OPEN_PERIOD_END, kind: 'explicit', granularity: 'open', text: '2018年以来' }, ['y2018', 'y2019', 'y2020', 'y2021']],
    ['after 2018', { from: '2019-01-01', to: OPEN_PERIOD_END, kind: 'explicit', granularity: 'open', text: 'after 2018' }, ['y2019', 'y2020', 'y2021']],
    ['before 2017', { from: OPEN_PERIOD_START, to: '2016-12-31', kind: 'explicit', granularity: 'open', text: 'before 2017' }, []],
    ['2017年以前', { from: OPEN_PERIOD_START, to: '2016-12-31', kind: 'explicit', granularity: 'open', text: '2017年以前' }, []],
    ['截至2017年', { from: OPEN_PERIOD_START, to: '2017-12-31', kind: 'explicit', granularity: 'open', text: '截至2017年' }, []],
  ])('%s', (question, expected, terms) => {
    const period = parseQueryPeriod(question, context);
    expect(period).toMatchObject(expected);
    expect(period?.terms).toEqual(terms);
  });
});

describe('parseQueryPeriod: relative to the newest article, not the wall clock', () => {
  it.each<[string, Expected, readonly string[]]>([
    ['this year', { from: '2021-01-01', to: '2021-12-31', kind: 'relative', granularity: 'year', text: 'this year' }, ['y2021']],
    ['今年有哪些合作', { from: '2021-01-01', to: '2021-12-31', kind: 'relative', granularity: 'year', text: '今年' }, ['y2021']],
    ['what happened last year?', { from: '2020-01-01', to: '2020-12-31', kind: 'relative', granularity: 'year', text: 'last year' }, ['y2020']],
    ['去年的合作', { from: '2020-01-01', to: '2020-12-31', kind: 'relative', granularity: 'year', text: '去年' }, ['y2020']],
    ['this month', { from: '2021-01-01', to: '2021-01-31', kind: 'relative', granularity: 'month', text: 'this month' }, ['y2021m01']],
    ['本月', { from: '2021-01-01', to: '2021-01-31', kind: 'relative', granularity: 'month', text: '本月' }, ['y2021m01']],
    ['October last year', { from: '2020-10-01', to: '2020-10-31', kind: 'relative', granularity: 'month', text: 'October last year' }, ['y2020m10']],
    ['今年上半年', { from: '2021-01-01', to: '2021-06-30', kind: 'relative', granularity: 'half', text: '今年上半年' }, months(2021, 1, 6)],
  ])('%s', (question, expected, terms) => {
    const period = parseQueryPeriod(question, context);
    expect(period).toMatchObject(expected);
    expect(period?.terms).toEqual(terms);
  });

  it.each(['recent', 'What happened recently in Qingdao?', 'the latest news', 'most recent agreements', 'newest', 'over the last year', 'in recent years', '最新', '最近', '近期有哪些合作'])(
    '%s: the 12 months ending on the newest article',
    (question) => {
      expect(parseQueryPeriod(question, context)).toMatchObject({ from: '2020-01-22', to: NEWEST, kind: 'latest', granularity: 'range', terms: [] });
    },
  );

  it('counts the latest window in calendar months, ends inclusive', () => {
    expect(parseQueryPeriod('latest', { newestDate: '2020-02-29' })).toMatchObject({ from: '2019-03-01', to: '2020-02-29' });
    expect(parseQueryPeriod('latest', { newestDate: '2018-10-31' })).toMatchObject({ from: '2017-11-01', to: '2018-10-31' });
  });

  it('lets an explicit period win over recency words', () => {
    expect(parseQueryPeriod('latest cooperation in 2018', context)).toMatchObject({ kind: 'explicit', text: 'in 2018' });
  });

  it.each(['this year', '去年', 'this month', 'latest', '最近', 'October last year'])('%s has no period without a newest date', (question) => {
    expect(parseQueryPeriod(question, { newestDate: null })).toBeNull();
  });

  it('still reads explicit periods without a newest date, with no terms for an open end', () => {
    expect(parseQueryPeriod('in 2018', { newestDate: null })).toMatchObject({ from: '2018-01-01', terms: ['y2018'] });
    expect(parseQueryPeriod('since 2018', { newestDate: null })).toMatchObject({ from: '2018-01-01', to: OPEN_PERIOD_END, terms: [] });
  });
});

describe('parseQueryPeriod: numbers that are not periods', () => {
  it.each([
    '15th China-ASEAN Expo',
    '第十五届中国-东盟博览会',
    'What is Horizon 2020?',
    '“地平线2020”计划',
    'ESOF2016',
    'Pujiang Innovation Forum 2016',
    'Who signed the Joint Work Plan 2016-2020?',
    '2000名科学家参加',
    'were 2016 projects funded?',
    'what happened in October?',
    '9月20日召开的会议',
    'the 14th session',
  ])('%s', (question) => {
    expect(parseQueryPeriod(question, context)).toBeNull();
  });

  it.each([
    ['2018 浦江创新论坛', '2018'],
    ['2018浦江创新论坛讲了什么', '2018'],
    ['阴和俊在2016浦江创新论坛上讲了什么？', '在2016'],
    ['the 2016 Pujiang Innovation Forum', '2016'],
  ])('a year before a name is a period (%s) but stays in the stripped question', (question, year) => {
    const period = parseQueryPeriod(question, context);
    const digits = year.slice(-4);
    expect(period).toMatchObject({ from: `${digits}-01-01`, to: `${digits}-12-31`, granularity: 'year', text: year });
    if (period === null) return;
    expect(stripPeriod(question, period)).toBe(question);
  });
});

describe('stripPeriod', () => {
  it.each([
    ['what did China and South Africa agree in 2018?', 'what did China and South Africa agree?'],
    ['In 2018, what did China and Latvia sign?', 'what did China and Latvia sign?'],
    ['总结一下2016年中美创新合作的进展', '总结一下中美创新合作的进展'],
    ['2016年11月在中国开了哪些国际科技合作会议？', '在中国开了哪些国际科技合作会议？'],
    ['what happened between May and July 2016 in Beijing?', 'what happened in Beijing?'],
    ['自2016年以来中美合作', '中美合作'],
    ['What happened recently in Qingdao?', 'What happened in Qingdao?'],
    ['Oct. 2018 meetings', 'meetings'],
  ])('%s → %s', (question, expected) => {
    const period = parseQueryPeriod(question, context);
    expect(period).not.toBeNull();
    if (period === null) return;
    expect(stripPeriod(question, period)).toBe(expected);
  });
});

describe('articleInPeriod and periodDistanceDays', () => {
  const year2018 = { from: '2018-01-01', to: '2018-12-31' };

  it.each([
    ['2018-01-01', true, 0],
    ['2018-12-31', true, 0],
    ['2018-06-15', true, 0],
    ['2017-12-31', false, 1],
    ['2019-01-02', false, 2],
    ['2016-06-05', false, 575],
  ] as const)('%s', (date, inside, distance) => {
    expect(articleInPeriod(date, year2018)).toBe(inside);
    expect(periodDistanceDays(date, year2018)).toBe(distance);
  });

  it('treats undated or malformed dates as outside, with no distance', () => {
    expect(articleInPeriod(null, year2018)).toBe(false);
    expect(periodDistanceDays(null, year2018)).toBeNull();
    expect(articleInPeriod('2018', year2018)).toBe(false);
    expect(periodDistanceDays('2018-13-01', year2018)).toBeNull();
  });

  it('works with open ends', () => {
    expect(articleInPeriod('1999-01-01', { from: OPEN_PERIOD_START, to: '2016-12-31' })).toBe(true);
    expect(periodDistanceDays('2021-01-21', { from: '2018-01-01', to: OPEN_PERIOD_END })).toBe(0);
    expect(periodDistanceDays('2017-12-30', { from: '2018-01-01', to: OPEN_PERIOD_END })).toBe(2);
  });
});

describe('a question’s period terms are index terms of the other edition', () => {
  let loaded: LoadedNewsletters;
  const termsOf = (id: string): Set<string> => {
    const article = loaded.articles.find((candidate) => candidate.id === id) as Article;
    return new Set(chunkArticle(article, { size: 500, overlap: 100 }).flatMap((chunk) => [...chunkDateTerms(chunk)]));
  };

  beforeAll(async () => {
    loaded = await loadNewsletters(SEED_FIXTURE_DIR, SEED_FIXTURE_ROOT, createSilentLogger());
  });

  it.each([
    ['What was agreed on June 5, 2016?', '000_fbe4f82aa1b47969#2'],
    ['2016年6月5日举行了什么对话？', '004_cefe45b9264134e7#2'],
    ['2016年6月的中美对话', '004_cefe45b9264134e7#2'],
    ['which meetings were held in October 2016?', '000_fbe4f82aa1b47969#11'],
    ['2018年9月在南宁召开了什么会？', '002_2c1c661e719975d5#2'],
  ])('%s → %s', (question, articleId) => {
    const terms = parseQueryPeriod(question, context)?.terms ?? [];
    expect(terms.length).toBeGreaterThan(0);
    const indexed = termsOf(articleId);
    expect(terms.filter((term) => indexed.has(term))).toEqual(terms);
  });
});
