/**
 * Newsletter conventions beyond the seeds' layout, each in a small generated issue: datelines that give an
 * item's outlet and day, issue lines, numbered contents lists and section headings, headlines in `【…】`,
 * sentence-case English titles, a masthead block with the compiling office under the issue line, an
 * editor's note, an item without a source line among items with one, hard-wrapped Chinese titles and a long
 * English headline. Each expectation is what a reader sees in the text.
 */
import { describe, expect, it } from 'vitest';
import { parseNewsletter } from '../../src/ingest';

const parse = (lines: readonly string[], file = 'seeds/conventions.txt') => parseNewsletter(lines.join('\n'), file);
const summary = (lines: readonly string[]) =>
  parse(lines).articles.map((article) => ({ title: article.title, source: article.source, date: article.date, dateSource: article.dateSource, section: article.section }));

const ZH_BODY = '双方同意在人工智能、清洁能源和生命科学领域开展联合研究，并加强青年科研人员的交流与培养，推动合作成果转化应用。';
const EN_BODY = 'The two sides agreed to carry out joint research in artificial intelligence, clean energy and life sciences, and to expand exchanges of young researchers between their institutions.';

describe('datelines', () => {
  it('give an item without a source line its outlet and day, the year from the issue date', () => {
    const items = summary([
      '中国科技通讯',
      '第158期',
      '2019年1月5日',
      '',
      '中阿签署科技合作协定',
      `新华社布宜诺斯艾利斯12月28日电（记者 李华）${ZH_BODY}`,
      '',
      '中肯共建联合实验室',
      `据新华社1月3日电 ${ZH_BODY}`,
      '',
      '中德举办创新论坛',
      ZH_BODY,
    ]);
    expect(items.map((item) => [item.title, item.source, item.date, item.dateSource])).toEqual([
      ['中阿签署科技合作协定', '新华社', '2018-12-28', 'source'],
      ['中肯共建联合实验室', '新华社', '2019-01-03', 'source'],
      ['中德举办创新论坛', null, '2019-01-05', 'issue'],
    ]);
  });

  it('in English', () => {
    const items = summary([
      'CHINA SCIENCE AND TECHNOLOGY NEWSLETTER',
      'No. 96, March 20, 2015',
      '',
      'China and Argentina Sign S&T Agreement',
      `BUENOS AIRES, March 14 (Xinhua) -- ${EN_BODY}`,
      '',
      'China-Kenya Joint Laboratory Opens',
      EN_BODY,
    ]);
    expect(items.map((item) => [item.title, item.source, item.date, item.dateSource])).toEqual([
      ['China and Argentina Sign S&T Agreement', 'Xinhua', '2015-03-14', 'source'],
      ['China-Kenya Joint Laboratory Opens', null, '2015-03-20', 'issue'],
    ]);
  });

  it('date an item whose source line has no date', () => {
    const items = summary(['中国科技通讯', '2019年第5期（2019年5月31日）', '', '中阿签署科技合作协定', `新华社5月14日电 ${ZH_BODY}`, '（来源：科技日报）', '', '中肯共建联合实验室', ZH_BODY, '（来源：人民日报，2019年5月20日）']);
    expect(items[0]).toMatchObject({ source: '科技日报', date: '2019-05-14', dateSource: 'source' });
  });

  it('never override a source line', () => {
    const items = summary(['中国科技通讯', '2019年第5期（2019年5月31日）', '', '中阿签署科技合作协定', `新华社5月14日电 ${ZH_BODY}`, '（来源：科技日报，2019年5月16日）', '', '中肯共建联合实验室', ZH_BODY, '（来源：人民日报，2019年5月20日）']);
    expect(items[0]).toMatchObject({ source: '科技日报', date: '2019-05-16', dateSource: 'source' });
  });
});

describe('issue lines', () => {
  it.each([
    [['中国科技通讯', '第12期 总第386期 2019年6月28日'], '386', '2019-06-28'],
    [['CHINA SCIENCE AND TECHNOLOGY NEWSLETTER', 'No. 829', 'May 31, 2019'], '829', '2019-05-31'],
    [['CHINA SCIENCE AND TECHNOLOGY NEWSLETTER', 'Issue No. 7, July 2018', 'Published: 2018-07-31'], '7', '2018-07-31'],
  ])('%j', (masthead, number, date) => {
    const english = masthead[0]?.startsWith('CHINA') === true;
    const item = english ? ['', 'China-Kenya Joint Laboratory Opens', EN_BODY] : ['', '中肯共建联合实验室', ZH_BODY];
    const parsed = parse([...masthead, ...item]);
    expect([parsed.issue.number, parsed.issue.date]).toEqual([number, date]);
    expect(parsed.articles.map((article) => article.title)).toEqual([item[1]]);
    expect(parsed.articles[0]?.dateSource).toBe('issue');
  });
});

describe('numbered contents and sections, bracketed headlines', () => {
  it('a contents list numbered `1. Title` is left out and its titles found', () => {
    const parsed = parse([
      'CHINA SCIENCE AND TECHNOLOGY NEWSLETTER',
      'No. 829, May 31, 2019',
      '',
      '1. China and Argentina sign S&T agreement',
      '2. China-Kenya joint laboratory opens in Nairobi',
      '',
      'China and Argentina sign S&T agreement',
      '',
      EN_BODY,
      '',
      'China-Kenya joint laboratory opens in Nairobi',
      '',
      EN_BODY,
    ]);
    expect(parsed.articles.map((article) => article.title)).toEqual(['China and Argentina sign S&T agreement', 'China-Kenya joint laboratory opens in Nairobi']);
    expect(parsed.report.contents).toHaveLength(2);
  });

  it('`一、中美合作` above titles is the section `中美合作`', () => {
    const items = summary([
      '中国科技通讯',
      '2019年第5期（2019年5月31日）',
      '',
      '一、中美合作',
      '中美农业科技合作联合工作组会议召开',
      ZH_BODY,
      '（来源：科技日报，2019年5月10日）',
      '',
      '中美学者研讨阿尔茨海默病早期诊断',
      ZH_BODY,
      '（来源：中国科学报，2019年5月12日）',
      '',
      '二、中欧合作',
      '中欧科技合作指导委员会会议举行',
      ZH_BODY,
      '（来源：科技部，2019年5月14日）',
    ]);
    expect(items.map((item) => [item.title, item.section])).toEqual([
      ['中美农业科技合作联合工作组会议召开', '中美合作'],
      ['中美学者研讨阿尔茨海默病早期诊断', '中美合作'],
      ['中欧科技合作指导委员会会议举行', '中欧合作'],
    ]);
  });

  it('`一、Title` lines with bodies under them are titles', () => {
    const items = summary(['中国科技通讯', '2019年第5期（2019年5月31日）', '', '一、中美农业科技合作联合工作组会议召开', ZH_BODY, '', '二、中欧科技合作指导委员会会议举行', ZH_BODY]);
    expect(items.map((item) => [item.title, item.section])).toEqual([
      ['中美农业科技合作联合工作组会议召开', null],
      ['中欧科技合作指导委员会会议举行', null],
    ]);
  });

  it('headlines in `【…】` are titles', () => {
    const items = summary(['中国科技通讯', '2019年第5期（2019年5月31日）', '', '【中阿签署科技合作协定】', ZH_BODY, ZH_BODY, '', '【中肯共建联合实验室】', ZH_BODY]);
    expect(items.map((item) => item.title)).toEqual(['中阿签署科技合作协定', '中肯共建联合实验室']);
  });
});

describe('mastheads, notes and items without source lines', () => {
  it('a double-spaced masthead keeps the office under its issue line', () => {
    const parsed = parse(['中国科技通讯', '', '2021年第4期（总第827期）', '', '2021年4月30日', '', '科学技术部国际合作司', '', '中阿签署科技合作协定', '', ZH_BODY, '', '（来源：科技日报，2021年4月2日）', '', '中肯共建联合实验室', '', ZH_BODY, '', '（来源：人民日报，2021年4月8日）']);
    expect(parsed.articles.map((article) => [article.title, article.section])).toEqual([
      ['中阿签署科技合作协定', null],
      ['中肯共建联合实验室', null],
    ]);
  });

  it('the office under the issue line is masthead, an editor’s note no item, a sentence-case title a title', () => {
    const parsed = parse([
      'CHINA SCIENCE AND TECHNOLOGY NEWSLETTER',
      'No. 23, 15 December 2016',
      'Ministry of Science and Technology (MOST), P.R. China',
      '',
      "Editor's note: This issue reports recent cooperation news.",
      '',
      'China and New Zealand hold sixth joint commission meeting',
      EN_BODY,
      '(Source: Xinhua, 10 December 2016)',
      '',
      'China-Israel innovation center opens in Changzhou',
      EN_BODY,
      '(Source: China Daily, 12 December 2016)',
    ]);
    expect(parsed.issue.number).toBe('23');
    expect(parsed.articles.map((article) => [article.title, article.section])).toEqual([
      ['China and New Zealand hold sixth joint commission meeting', null],
      ['China-Israel innovation center opens in Changzhou', null],
    ]);
    expect(parsed.report.masthead).toContain('Ministry of Science and Technology (MOST), P.R. China');
  });

  it('a section heading and a title inside an item close it: that item had no source line', () => {
    const items = summary([
      '中国科技通讯',
      '总第812期',
      '2019年11月15日',
      '',
      '中欧合作',
      '中德电动汽车合作平台发布联合研究成果',
      ZH_BODY,
      '',
      '多边合作',
      '金砖国家科技创新部长级会议在巴西召开',
      ZH_BODY,
      '（来源：新华社，2019年9月20日）',
      '',
      '中国加入全球基因组学与健康联盟倡议',
      ZH_BODY,
      '（来源：科技日报，2019年11月8日）',
    ]);
    expect(items.map((item) => [item.title, item.source, item.section])).toEqual([
      ['中德电动汽车合作平台发布联合研究成果', null, '中欧合作'],
      ['金砖国家科技创新部长级会议在巴西召开', '新华社', '多边合作'],
      ['中国加入全球基因组学与健康联盟倡议', '科技日报', '多边合作'],
    ]);
  });
});

describe('an item without a source line among items with one', () => {
  it('ends where a title line set off by a blank line stands over a long paragraph', () => {
    const items = summary([
      'CHINA SCIENCE AND TECHNOLOGY NEWSLETTER',
      'No. 812',
      'November 15, 2019',
      '',
      'China-Germany Electric Vehicle Platform Publishes Joint Research Results',
      EN_BODY,
      'Photo: a test vehicle of the joint program',
      EN_BODY,
      '',
      'BRICS Science, Technology and Innovation Ministers Meet in Brazil',
      EN_BODY,
      '(Source: Xinhua News Agency, 20 September 2019)',
      '',
      'China-SCO Technology Transfer Center Opens in Qingdao',
      EN_BODY,
      "(Source: People's Daily, 12 November 2019)",
    ]);
    expect(items.map((item) => [item.title, item.source, item.dateSource])).toEqual([
      ['China-Germany Electric Vehicle Platform Publishes Joint Research Results', null, 'issue'],
      ['BRICS Science, Technology and Innovation Ministers Meet in Brazil', 'Xinhua News Agency', 'source'],
      ['China-SCO Technology Transfer Center Opens in Qingdao', "People's Daily", 'source'],
    ]);
  });
});

describe('items without source lines or markers', () => {
  it('a punctuated title first in its block of lines, over a longer paragraph, opens an item', () => {
    const items = summary([
      '中国科技通讯',
      '2021年第4期（总第827期）',
      '2021年4月30日',
      '',
      'ITER计划首个真空室模块完成安装：中方承担部件按期交付',
      '国际热核聚变实验堆（ITER）组织宣布，首个真空室扇区模块已在法国卡达拉舍总装厂房完成吊装。中方承担的部件均已按期交付。',
      '',
      '“地平线欧洲”向中国科研人员开放，哪些领域可以合作？',
      ZH_BODY,
      '',
      '英国高校代表团访华：中英科学家应携手合作！',
      ZH_BODY,
    ]);
    expect(items.map((item) => [item.title, item.dateSource])).toEqual([
      ['ITER计划首个真空室模块完成安装：中方承担部件按期交付', 'issue'],
      ['“地平线欧洲”向中国科研人员开放，哪些领域可以合作？', 'issue'],
      ['英国高校代表团访华：中英科学家应携手合作！', 'issue'],
    ]);
  });
});

describe('photo captions', () => {
  it('are never titles, under a title or between paragraphs set off by blank lines', () => {
    const items = summary([
      'CHINA SCIENCE AND TECHNOLOGY NEWSLETTER',
      'No. 827, April 30, 2021',
      '',
      'ITER Installs First Vacuum Vessel Module',
      '',
      'Photo: the first sector module being lifted into place',
      '',
      EN_BODY,
      '',
      'Photo: the assembly hall at Cadarache, France',
      '',
      EN_BODY,
      '',
      '(Source: Science and Technology Daily, 2 April 2021)',
      '',
      'Horizon Europe Opens to Chinese Researchers',
      '',
      EN_BODY,
      '',
      '(Source: China Science Daily, 8 April 2021)',
    ]);
    expect(items.map((item) => [item.title, item.source])).toEqual([
      ['ITER Installs First Vacuum Vessel Module', 'Science and Technology Daily'],
      ['Horizon Europe Opens to Chinese Researchers', 'China Science Daily'],
    ]);
  });
});

describe('wrapped and long titles', () => {
  it.each([
    ['blank lines between paragraphs', (lines: readonly string[]) => lines],
    ['a blank line after every line', (lines: readonly string[]) => lines.filter((line) => line !== '').flatMap((line) => [line, ''])],
  ])('a Chinese title wrapped over two short lines in a hard-wrapped file is one title (%s)', (_name, spacing) => {
    // Each paragraph its own text, so that no wrapped line repeats (a repeated line reads as a contents entry).
    let paragraph = 0;
    const wrap = (): string[] => {
      paragraph += 1;
      return `第${'一二三四五'.charAt(paragraph)}项合作中，${ZH_BODY}${ZH_BODY.slice(paragraph)}`.match(/.{1,30}/gu) ?? [];
    };
    const items = summary(spacing([
      '中国科技通讯',
      '2010年第9期（2010年3月30日）',
      '',
      ...['加强重大传染病防控的', '科技支撑工作', '', ...wrap(), '', '（来源：科技日报，2010年1月12日）', ''],
      ...['中芬签署森林生物能源研究', '合作备忘录', '', ...wrap(), '', ...wrap(), '', '（来源：中国科学报，2010年1月26日）', ''],
      ...['中瑞科技合作计划扩大支持范围', '', ...wrap(), '', '（来源：科技部，2010年2月3日）'],
    ]));
    expect(items.map((item) => item.title)).toEqual(['加强重大传染病防控的科技支撑工作', '中芬签署森林生物能源研究合作备忘录', '中瑞科技合作计划扩大支持范围']);
  });

  it('in hard-wrapped English, a short title line (or two) directly above its paragraph stays apart from it', () => {
    const fold = (text: string): string[] => text.match(/.{1,70}(?:\s|$)/gu)?.map((line) => line.trim()) ?? [];
    const items = summary([
      'China Science & Technology Newsletter',
      'March 30, 2010',
      '',
      'Enhanced S&T Support for Diseases',
      'Prevention & Control',
      ...fold(`First, ${EN_BODY} ${EN_BODY}`),
      '(Source: Science and Technology Daily, 12 January 2010)',
      '',
      'China and Finland Sign Memorandum',
      ...fold('MOST and the Finnish Ministry of Employment and the Economy signed a memorandum on forest bioenergy research in Helsinki. The two sides will carry out joint research on the gasification of forestry residues and on biomass power generation.'),
      ...fold('VTT Technical Research Centre of Finland and the Chinese Academy of Forestry will implement the memorandum, starting with five joint projects.'),
      '(Source: China Science Daily, 26 January 2010)',
    ]);
    expect(items.map((item) => item.title)).toEqual(['Enhanced S&T Support for Diseases Prevention & Control', 'China and Finland Sign Memorandum']);
  });

  it('a long English headline without final punctuation is not joined to its first paragraph', () => {
    const long = 'Chinese Academy of Sciences and African Academy of Sciences Sign Memorandum to Train 500 Young Researchers and Build a Joint Water Laboratory in Nairobi';
    const items = summary(['CHINA SCIENCE AND TECHNOLOGY NEWSLETTER', 'No. 827, April 30, 2021', '', long, '', EN_BODY, '', '(Source: People\'s Daily, 19 April 2021)', '', 'China-Kenya Joint Laboratory Opens', '', EN_BODY, '', '(Source: Xinhua, 20 April 2021)']);
    expect(items.map((item) => item.title)).toEqual([long, 'China-Kenya Joint Laboratory Opens']);
  });
});

describe('a title wrapped over two lines or a section heading above a title', () => {
  it('Chinese: a short label above a title is its section; a long line or one ending on a comma is the title’s first line', () => {
    const items = summary([
      '中国科技通讯',
      '2012年第4期（2012年2月28日）',
      '',
      '中欧合作',
      '中国与欧盟启动新一轮清洁能源联合研究计划',
      ZH_BODY,
      '（来源：科技日报，2012年2月1日）',
      '',
      '中国—智利天文数据中心二期工程',
      '在圣地亚哥正式启动',
      `第二，${ZH_BODY}`,
      '（来源：中国科学报，2012年2月9日）',
      '',
      '中新签署水资源合作协议，',
      '共建联合实验室',
      `第三，${ZH_BODY}`,
      '（来源：科技部，2012年2月15日）',
    ]);
    expect(items.map((item) => [item.title, item.section])).toEqual([
      ['中国与欧盟启动新一轮清洁能源联合研究计划', '中欧合作'],
      ['中国—智利天文数据中心二期工程在圣地亚哥正式启动', '中欧合作'],
      ['中新签署水资源合作协议，共建联合实验室', '中欧合作'],
    ]);
  });

  it('English: a short label above a title is its section; a line filling most of a title is the title’s first line', () => {
    const items = summary([
      'China Science and Technology Newsletter',
      'No. 4, 28 February 2012',
      '',
      'China-EU',
      'China and the EU Launch a New Round of Joint Research on Clean Energy',
      EN_BODY,
      '(Source: Science and Technology Daily, 1 February 2012)',
      '',
      'Second Phase of the China-Chile Astronomical Data',
      'Centre Launched in Santiago',
      `Second, ${EN_BODY}`,
      '(Source: China Science Daily, 9 February 2012)',
    ]);
    expect(items.map((item) => [item.title, item.section])).toEqual([
      ['China and the EU Launch a New Round of Joint Research on Clean Energy', 'China-EU'],
      ['Second Phase of the China-Chile Astronomical Data Centre Launched in Santiago', 'China-EU'],
    ]);
  });

  it('a 23-word English headline with an exclamation mark inside stays apart from its paragraph', () => {
    const headline = 'Joint Laboratory on Polar Science Opens in Tromsø! Researchers from China, Norway and Iceland to Share Data from Three Arctic Stations Next Year';
    const items = summary([
      'China Science and Technology Newsletter',
      'No. 5, 30 March 2012',
      '',
      'China and Denmark Sign Agreement on Wind Energy Research',
      '',
      EN_BODY,
      '',
      '(Source: Xinhua, 2 March 2012)',
      '',
      headline,
      '',
      `Under the agreement, ${EN_BODY.charAt(0).toLowerCase()}${EN_BODY.slice(1)} ${EN_BODY}`,
      '',
      '(Source: China Daily, 12 March 2012)',
    ]);
    expect(items.map((item) => item.title)).toEqual(['China and Denmark Sign Agreement on Wind Energy Research', headline]);
  });
});

describe('colophon lines', () => {
  it('who publishes, compiles or edits the newsletter is page furniture, not an item or body text', () => {
    const items = parse([
      '中国科技通讯',
      '2012年第6期（2012年4月30日）',
      '',
      '中国与丹麦签署风能研究合作协议',
      ZH_BODY,
      '（来源：新华社，2012年4月2日）',
      '',
      '主办：科学技术部国际合作司',
      '电子邮箱：newsletter@example.cn',
      'Published by: Department of International Cooperation',
    ]).articles;
    expect(items.map((item) => item.title)).toEqual(['中国与丹麦签署风能研究合作协议']);
    expect(items[0]?.body).not.toMatch(/主办|电子邮箱|Published by/u);
  });
});

describe('photo captions inside items', () => {
  it('are left out of the body and reported as dropped captions, not as title-like lines', () => {
    const parsed = parse([
      'China Science and Technology Newsletter',
      'No. 7, 30 July 2012',
      '',
      'China and Chile Open a Joint Astronomy Centre',
      EN_BODY,
      'Photo: the opening ceremony in Santiago',
      EN_BODY,
      '(Source: Xinhua, 2 July 2012)',
      '',
      '中国与智利共建天文中心',
      ZH_BODY,
      '图为揭牌仪式现场',
      ZH_BODY,
      '（来源：新华社，2012年7月2日）',
    ]);
    expect(parsed.articles.map((article) => article.title)).toEqual(['China and Chile Open a Joint Astronomy Centre', '中国与智利共建天文中心']);
    expect(parsed.articles.map((article) => article.body).join('\n')).not.toMatch(/Photo:|图为/u);
    expect(parsed.report.dropped.filter((line) => line.reason === 'caption').map((line) => line.text)).toEqual(['Photo: the opening ceremony in Santiago', '图为揭牌仪式现场']);
    expect(parsed.report.warnings.filter((warning) => warning.kind === 'title-in-body')).toEqual([]);
  });
});
