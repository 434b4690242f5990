/**
 * News datelines (`新华社北京5月14日电`, `BUENOS AIRES, May 14 (Xinhua) --`): outlet and day, the year from the
 * issue date when none is printed (the latest year not after the issue).
 */
import { describe, expect, it } from 'vitest';
import { parseDateline } from '../../src/language';

describe('parseDateline', () => {
  it.each([
    ['据新华社5月14日电 阿根廷科技部宣布……', '新华社', '2019-05-14'],
    ['新华社北京5月14日电（记者 张明）中国科学院……', '新华社', '2019-05-14'],
    ['中新网上海2018年5月14日电 第二届……', '中新网', '2018-05-14'],
    ['科技日报讯 5月2日，……', null, null],
    ['BUENOS AIRES, May 14 (Xinhua) -- Argentina and China signed ...', 'Xinhua', '2019-05-14'],
    ['BEIJING, 14 May 2018 (Xinhua) — China launched ...', 'Xinhua', '2018-05-14'],
  ])('%s', (text, outlet, date) => {
    const dateline = parseDateline(text, '2019-05-31');
    expect(dateline?.outlet ?? null).toBe(outlet);
    expect(dateline?.date ?? null).toBe(date);
  });

  it('takes the latest year that does not put the day after the issue', () => {
    expect(parseDateline('新华社12月28日电 ……', '2019-01-05')?.date).toBe('2018-12-28');
    expect(parseDateline('新华社1月3日电 ……', '2019-01-05')?.date).toBe('2019-01-03');
    expect(parseDateline('NAIROBI, June 2 (Xinhua) -- ...', '2019-05-31')?.date).toBe('2018-06-02');
    expect(parseDateline('新华社5月14日电 ……', null)).toEqual({ outlet: '新华社', date: null, length: '新华社5月14日电'.length });
  });

  it('is not a date opening a sentence, nor an outlet named in one', () => {
    expect(parseDateline('5月14日，中美科技合作联委会在京召开。', '2019-05-31')).toBeNull();
    expect(parseDateline('科技部5月14日召开会议，部署……', '2019-05-31')).toBeNull();
    expect(parseDateline('On May 14, Xinhua reported that ...', '2019-05-31')).toBeNull();
  });
});
