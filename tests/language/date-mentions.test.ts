import { beforeAll, describe, expect, it } from 'vitest';
import { createSilentLogger, type Article } from '../../src/core';
import { loadNewsletters, type LoadedNewsletters } from '../../src/ingest';
import { readGroundTruth } from '../support/ground-truth';
import { extractDateMentions, findFullDates, inferYear, type DateMention } from '../../src/language';
import { SEED_FIXTURE_DIR, SEED_FIXTURE_ROOT } from '../support/seed-fixture';

/** The mentions as `iso «text»`, the shape the tables below are written in. */
const summary = (mentions: readonly DateMention[]): string[] => mentions.map((mention) => `${mention.iso} «${mention.text}»`);

describe('Chinese date mentions', () => {
  it.each([
    ['2016年6月5日，第七次中美创新对话在北京举行。', '2016-06-05', ['2016-06-05 «2016年6月5日»']],
    ['9月20日，会议在南宁召开。', '2018-10-10', ['2018-09-20 «9月20日»']],
    ['12月28日，双方签署协议。', '2019-01-05', ['2018-12-28 «12月28日»']],
    ['双方商定于12月举行下一次会议。', '2016-10-17', ['2016-12 «12月»']],
    ['2014年11月习近平主席和奥巴马总统会晤', '2016-07-01', ['2014-11 «2014年11月»']],
    ['自2009年CERC成立以来', '2016-07-01', ['2009 «2009年»']],
    ['2016年下半年的合作', null, ['2016 «2016年»']],
    ['二〇一六年六月五日', null, ['2016-06-05 «二〇一六年六月五日»']],
    ['２０１６年６月５日', null, ['2016-06-05 «２０１６年６月５日»']],
    ['（来源：科技部，2018 年 10 月 11 日）', null, ['2018-10-11 «2018 年 10 月 11 日»']],
    ['去年12月，两国元首会晤', '2016-10-17', ['2015-12 «去年12月»']],
    ['争取今年能有更多中国研究人员访问欧洲', '2016-08-11', ['2016 «今年»']],
    ['于5月10日在山东大学顺利召开', '2016-05-17', ['2016-05-10 «5月10日»']],
  ])('%s (reference %s)', (text, reference, expected) => {
    expect(summary(extractDateMentions(text, 'zh', reference))).toEqual(expected);
  });

  it.each([
    ['首批78名日方人员于2016年10月9日至15日访华', ['2016-10-09 «2016年10月9日至15日»', '2016-10-15 «2016年10月9日至15日»']],
    ['2016年5月16日-18日，首届中美创新与投资对接大会', ['2016-05-16 «2016年5月16日-18日»', '2016-05-18 «2016年5月16日-18日»']],
    ['10月22-24日，大赛决赛在青岛举办', ['2018-10-22 «10月22-24日»', '2018-10-24 «10月22-24日»']],
    ['《2019-2024年中俄创新合作工作计划》', ['2019 «2019-2024年»', '2024 «2019-2024年»']],
    ['《纲要（2006—2020年）》', ['2006 «2006—2020年»', '2020 «2006—2020年»']],
    ['1月至11月新设企业2.7万家', ['2018-01 «1月»', '2018-11 «11月»']],
  ])('a range gives its first and last date, both spanning the range: %s', (text, expected) => {
    expect(summary(extractDateMentions(text, 'zh', '2018-10-30'))).toEqual(expected);
  });

  it.each([
    ['14年来，中美两国政府建立了长效合作机制'],
    ['5年来10个民口重大专项投入759亿元'],
    ['在2016浦江创新论坛全体大会演讲时介绍'],
    ['2018浦江创新论坛在上海开幕'],
    ['“地平线2020”计划的合作将具有新的特点'],
    ['签署了《2016—2020联合工作计划》'],
    ['一个月完成医药储备，3个月后投产'],
    ['不到一月即完成'],
    ['20世纪90年代'],
    ['公元1000年前后'],
  ])('is not a date: %s', (text) => {
    expect(extractDateMentions(text, 'zh', '2016-08-28')).toEqual([]);
  });

  it('leaves out year-less and relative mentions when there is no reference date', () => {
    expect(extractDateMentions('9月20日召开；去年12月签署；2016年6月5日举行', 'zh', null).map((mention) => mention.iso)).toEqual(['2016-06-05']);
  });
});

describe('English date mentions', () => {
  it.each([
    ['On 5 June 2016, the 7th China-US Innovation Dialogue was held.', '2016-06-05', ['2016-06-05 «5 June 2016»']],
    ['It was held in Beijing on June 5, 2016.', null, ['2016-06-05 «June 5, 2016»']],
    ['The expo opened on Sept. 20 in Nanning.', '2018-10-10', ['2018-09-20 «Sept. 20»']],
    ['They met in November 2014, i.e. before the plan.', null, ['2014-11 «November 2014»']],
    ['Since the launch of CERC in 2009, cooperation grew.', null, ['2009 «2009»']],
    ['bilateral cooperation since 2002', null, ['2002 «2002»']],
    ['100 projects by 2020.', null, ['2020 «2020»']],
    ['In December last year, President Xi visited.', '2016-10-17', ['2015-12 «December last year»']],
    ['The objective of the EU this year is clear.', '2016-08-11', ['2016 «this year»']],
    ['The next meeting is planned for early December.', '2016-10-17', ['2016-12 «December»']],
    ['The next round was held last December.', '2016-10-17', ['2015-12 «last December»']],
    ['The plan runs from 2016 to 2020.', null, ['2016 «2016 to 2020»', '2020 «2016 to 2020»']],
    ['published 2016-12-15 in Beijing', null, ['2016-12-15 «2016-12-15»']],
  ])('%s (reference %s)', (text, reference, expected) => {
    expect(summary(extractDateMentions(text, 'en', reference))).toEqual(expected);
  });

  it('reads a day range as its first and last day', () => {
    expect(summary(extractDateMentions('The delegation visited China from 9 to 15 October 2016.', 'en', '2016-10-09'))).toEqual([
      '2016-10-09 «9 to 15 October 2016»',
      '2016-10-15 «9 to 15 October 2016»',
    ]);
  });

  it.each([
    ['the 2016 projects were approved'],
    ['cooperation on Horizon 2020 will acquire new features'],
    ['during the EuroScience Open Forum 2016 (ESOF2016)'],
    ['signed the Joint Work Plan 2016-2020 respectively'],
    ['a total of 2000 scientists attended'],
    ['the 15th China-ASEAN Expo'],
    ['the 14 session of the Joint Working Group'],
    ['over the last year, the two sides may cooperate more'],
    ['they march on and may meet again'],
  ])('is not a date: %s', (text) => {
    expect(extractDateMentions(text, 'en', '2016-08-28')).toEqual([]);
  });
});

describe('inferYear: the year of a date stated without one', () => {
  it.each([
    ['2018-10-10', 9, 20, 2018],
    ['2019-01-05', 12, 28, 2018],
    ['2016-10-17', 12, null, 2016],
    ['2018-12-20', 1, 10, 2019],
    ['2018-10-11', 12, 28, 2017],
    ['2017-03-01', 2, 29, 2016],
    [null, 9, 20, null],
    ['not a date', 9, 20, null],
  ] as const)('reference %s, month %i, day %s → %s', (reference, month, day, expected) => {
    expect(inferYear(reference, month, day)).toBe(expected);
  });
});

describe('date mentions in the seed newsletters', () => {
  let loaded: LoadedNewsletters;
  const article = (id: string): Article => {
    const found = loaded.articles.find((candidate) => candidate.id === id);
    if (found === undefined) throw new Error(`no article ${id}`);
    return found;
  };
  const mentionsOf = (item: Article): readonly DateMention[] => extractDateMentions(item.body, item.lang, item.date);

  beforeAll(async () => {
    loaded = await loadNewsletters(SEED_FIXTURE_DIR, SEED_FIXTURE_ROOT, createSilentLogger());
  });

  it('gives offsets that point at the mention in the searched text', () => {
    let count = 0;
    for (const item of loaded.articles) {
      for (const mention of mentionsOf(item)) {
        expect(item.body.slice(mention.start, mention.end)).toBe(mention.text);
        count += 1;
      }
    }
    expect(count).toBeGreaterThan(60);
  });

  it('finds every full date that chrono-node finds (findFullDates)', () => {
    for (const item of loaded.articles) {
      const isos = new Set(mentionsOf(item).map((mention) => mention.iso));
      for (const found of findFullDates(item.body, item.lang)) expect([item.id, isos.has(found.iso)]).toEqual([item.id, true]);
    }
  });

  it('finds every event date of tests/fixtures/articles.md in its article, year-less ones dated from the source line', () => {
    let checked = 0;
    for (const row of readGroundTruth()) {
      const item = loaded.articles.find((candidate) => candidate.file === `seeds/${row.file}` && candidate.position === row.position);
      expect(item).toBeDefined();
      if (item === undefined) continue;
      const isos = new Set(mentionsOf(item).map((mention) => mention.iso));
      let year: string | null = null;
      for (const match of row.eventDate.matchAll(/\((\d{4})-\)(\d{2})-(\d{2})|(\d{4})-(\d{2})-(\d{2})|(?<=to )(\d{2})-(\d{2})/gu)) {
        year = match[1] ?? match[4] ?? year;
        const month = match[2] ?? match[5] ?? match[7];
        const day = match[3] ?? match[6] ?? match[8];
        expect([item.id, isos.has(`${year}-${month}-${day}`)]).toEqual([item.id, true]);
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(40);
  });

  it('dates the two editions of one article alike (去年12月 ↔ December last year)', () => {
    const zh = mentionsOf(article('000_fbe4f82aa1b47969#11')).map((mention) => mention.iso);
    const en = mentionsOf(article('004_cefe45b9264134e7#11')).map((mention) => mention.iso);
    expect(zh).toEqual(['2016-10-14', '2015-12', '1999']);
    expect(en).toEqual(zh);
  });
});
