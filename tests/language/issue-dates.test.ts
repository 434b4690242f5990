import { describe, expect, it } from 'vitest';
import { parseIssueFacts } from '../../src/language';

describe('parseIssueFacts: issue number and date from masthead lines', () => {
  it.each([
    [['The Ministry of Science and Technology', "People's Republic of China", 'N0.299 June 30,2002'], 'en', '299', '2002-06-30'],
    [['No. 299 June 30, 2002'], 'en', '299', '2002-06-30'],
    [['March 30, 2010'], 'en', null, '2010-03-30'],
    [['No. 23, 15 December 2016'], 'en', '23', '2016-12-15'],
    [['Issue 5, 2019'], 'en', '5', '2019'],
    [['*No. 23*', '*Ministry of Science and Technology(MOST), P.R.China December 15 2016*'], 'en', '23', '2016-12-15'],
    [['中国科技通讯', '2018年第7期（2018年11月30日）'], 'zh', '2018-7', '2018-11-30'],
    [['总第123期'], 'zh', '123', null],
    [['Volume.824, Issue No.1 2021', '2021 第 1 期, 总第 824 期'], 'zh', '824', '2021'],
    [['科技部国际合作司'], 'zh', null, null],
    [['中国科技通讯', '第158期'], 'zh', '158', null],
    [['第12期 总第386期 2019年6月28日'], 'zh', '386', '2019-06-28'],
    [['No. 829', 'May 31, 2019'], 'en', '829', '2019-05-31'],
    [['No. 96, March 20, 2015'], 'en', '96', '2015-03-20'],
    [['Issue No. 7, July 2018', 'Published: 2018-07-31'], 'en', '7', '2018-07-31'],
  ] as const)('%j', (lines, lang, number, date) => {
    const facts = parseIssueFacts(lines, lang);
    expect(facts.number).toBe(number);
    expect(facts.date).toBe(date);
  });

  it('labels the issue with what it states', () => {
    expect(parseIssueFacts(['2018年第7期（2018年11月30日）', '总第123期'], 'zh').label).toBe('2018年第7期（总第123期），2018-11-30');
    expect(parseIssueFacts(['N0.299 June 30,2002'], 'en').label).toBe('No. 299, 2002-06-30');
    expect(parseIssueFacts(['nothing here'], 'en').label).toBeNull();
  });
});
