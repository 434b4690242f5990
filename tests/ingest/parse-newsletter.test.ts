import { describe, expect, it } from 'vitest';
import { parseNewsletter, parseSourceLine } from '../../src/ingest';
import { buildParagraphs } from '../../src/ingest/paragraphs';

const titles = (text: string): string[] => parseNewsletter(text, 'seeds/sample.txt').articles.map((article) => article.title);

describe('source lines', () => {
  it.each([
    ['（来源，科技日报，2016年9月25日）', '科技日报', '2016-09-25'],
    ['（来源：中国国际科技合作网，2016年05月27日） ', '中国国际科技合作网', '2016-05-27'],
    ['来源，科技日报，2016年11月7日）', '科技日报', '2016-11-07'],
    ['（来源：科技部，2018 年 10 月 11 日）', '科技部', '2018-10-11'],
    ['（来源：科技部）', '科技部', null],
    ['(Source: Science and Technology Daily, 25 September 2016)', 'Science and Technology Daily', '2016-09-25'],
    // Month-first English dates carry a comma of their own.
    ['(Source: Xinhua, May 6, 2020)', 'Xinhua', '2020-05-06'],
    ['(Source: China Daily, Beijing, March 6, 2019)', 'China Daily, Beijing', '2019-03-06'],
    ['(Source: Ministry of Science and Technology, 2019)', 'Ministry of Science and Technology, 2019', null],
  ])('%s', (line, source, date) => {
    expect(parseSourceLine(line)).toEqual({ source, date, link: null });
  });

  it('rejects a line that only mentions a source', () => {
    expect(parseSourceLine('数据来源于统计局的年度报告，涵盖全部省份。')).toBeNull();
  });

  it('joins an English source line wrapped over two lines', () => {
    const text = [
      '### **A Title Here**',
      '',
      'On 5 June 2016, something happened in Beijing and it was reported widely.',
      '',
      '(Source: Science and Technology Daily,  ',
      '5 June 2016)',
      '',
      '### **Second Title**',
      '',
      'More text that is long enough to be a body paragraph, in English.',
      '',
      '(Source: Xinhua, 6 June 2016)',
    ].join('\n');
    const { articles } = parseNewsletter(text, 'seeds/sample.md');
    expect(articles.map((article) => [article.title, article.source, article.date])).toEqual([
      ['A Title Here', 'Science and Technology Daily', '2016-06-05'],
      ['Second Title', 'Xinhua', '2016-06-06'],
    ]);
  });
});

describe('titles and sections', () => {
  it('takes docx bookmark markers as titles and a dotted line as the section', () => {
    const text = [
      ' · 国际科技合作动态',
      '[bookmark: _Toc1]中荷在京开展科技合作交流',
      '2016年5月19日，双方举行磋商，就科技创新合作进行了深入交流。',
      '（来源：中国国际科技合作网，2016年05月27日）',
      '[bookmark: _Toc2]中俄工作组会议在莫斯科举行',
      '2016年4月26日，会议在莫斯科举行，双方达成广泛共识。',
      '（来源：中国国际科技合作网，2016年05月18日）',
    ].join('\n');
    const { articles } = parseNewsletter(text, 'seeds/sample.txt');
    expect(articles.map((article) => [article.title, article.section, article.date])).toEqual([
      ['中荷在京开展科技合作交流', '国际科技合作动态', '2016-05-27'],
      ['中俄工作组会议在莫斯科举行', '国际科技合作动态', '2016-05-18'],
    ]);
  });

  it('tells section headings from titles and keeps a dashed subtitle apart', () => {
    const text = [
      '中美合作',
      '第七次中美创新对话在京举行',
      '2016年6月5日，第七次中美创新对话在北京举行。',
      '   （来源，科技日报，2016年6月5日）',
      '',
      '中南合作',
      '中南科技合作进入新时代',
      '',
      '----中国---南非高技术展示会在约翰内斯堡举行',
      '',
      '2016年10月14日，展示交流会在约翰内斯堡举行。',
      '（来源，科技日报，2016年10月17日）',
    ].join('\n');
    const { articles } = parseNewsletter(text, 'seeds/sample.txt');
    expect(articles.map((article) => [article.section, article.title, article.subtitle])).toEqual([
      ['中美合作', '第七次中美创新对话在京举行', null],
      ['中南合作', '中南科技合作进入新时代', '中国---南非高技术展示会在约翰内斯堡举行'],
    ]);
  });

  it('skips an untitled editor introduction and joins numbered titles wrapped by a PDF', () => {
    // A PDF conversion: every line cut at 22 characters and followed by a blank line.
    const wrap = (text: string): string[] => {
      const characters = [...text];
      const lines: string[] = [];
      for (let start = 0; start < characters.length; start += 22) lines.push(characters.slice(start, start + 22).join(''), '');
      return lines;
    };
    const text = [
      ...wrap('近年来，在倡议引领下，中国与沿线国家的国际科技合作已经唱出了“好声音”。我们希望与沿线国家找到双方或多方感兴趣的合作内容和项目。本期整理了近期的部分信息。'),
      ...wrap('1. 第二次金砖国家科技创新创业伙伴关系工作组会议在昆明召开'),
      ...wrap('9 月 10 日，第二次金砖国家科技创新创业伙伴关系工作组会议在昆明召开，来自金砖五国的科技创新主管部门的官方代表、专家等出席会议。'),
      '（来源：科技部，2018 年 10 月 11 日）',
      '',
      ...wrap('2. 首届中国-塞浦路斯科技创新合作联委会在北京举行'),
      ...wrap('10 月 19 日，中国-塞浦路斯科技创新合作联委会第一次会议在北京举行。双方首先肯定了本届联委会的重要意义，认为这是落实 2015 年签署的两国政府间科技创新合作协定的具体行动。'),
      '（来源：科技部，2018 年 10 月 29 日）',
    ].join('\n');
    const { articles } = parseNewsletter(text, 'seeds/sample.txt');
    expect(articles.map((article) => [article.title, article.date])).toEqual([
      ['第二次金砖国家科技创新创业伙伴关系工作组会议在昆明召开', '2018-10-11'],
      ['首届中国-塞浦路斯科技创新合作联委会在北京举行', '2018-10-29'],
    ]);
    // Spaces inside Chinese dates and numbers are removed; hard line breaks inside sentences are joined.
    expect(articles[0]?.body).toContain('9月10日，第二次金砖国家科技创新创业伙伴关系工作组会议在昆明召开，来自金砖五国');
    expect(articles[1]?.body).toContain('落实2015年签署的两国政府间科技创新合作协定');
  });

  it('leaves out a contents list, section leads and photo captions in a bulleted issue without source lines', () => {
    const text = [
      '2021 第 1 期, 总第 824 期',
      '',
      '聚焦“创新创业发展”',
      '',
      '中国科技部和流行病防范创新联盟签署合作谅解备忘录',
      '',
      '聚焦“创新创业发展”',
      '',
      '2020年10月22日，总理在论坛开幕式上表示，科技创新是推动人类社会进步的不竭动力。',
      '',
      '◇ “创之星”国际创新创业大赛在青岛举办',
      '',
      '2020年12月29日，2020“创之星”国际创新创业大赛在青岛举办。',
      '',
      '◇ 大学生创新创业亮点纷呈',
      '',
      '大学生创新创业成果展示现场照片',
      '',
      '116个创新创业项目集中亮相，其中一些项目已经落地。',
      '',
      '中国科技部和流行病防范创新联盟签署 合作谅解备忘录',
      '',
      '新冠肺炎疫情持续蔓延，科技创新是人类应对疾病的最有力武器。',
      '',
      '（来源：科技部）',
    ].join('\n');
    const { articles, issue } = parseNewsletter(text, 'seeds/sample.txt');
    expect(articles.map((article) => [article.title, article.section, article.source, article.date])).toEqual([
      ['“创之星”国际创新创业大赛在青岛举办', '聚焦“创新创业发展”', null, '2020-12-29'],
      ['大学生创新创业亮点纷呈', '聚焦“创新创业发展”', null, null],
      ['中国科技部和流行病防范创新联盟签署 合作谅解备忘录', null, '科技部', null],
    ]);
    expect(articles[1]?.body).not.toContain('照片');
    expect(issue.number).toBe('824');
  });
});

describe('English conversions', () => {
  it('joins a paragraph broken around a running page footer and strips Markdown', () => {
    const text = [
      '# NEWSLETTER',
      '',
      '*No. 7*',
      '',
      '## **Cooperation**',
      '',
      '### **Ministers Meet in Beijing**',
      '',
      'On 24 September 2016, the minister said that China had signed 110 intergovernmental agreements on scientific',
      '',
      'Monthly-Editorial Board:54, Sanlihe Road Beijing 10045, china',
      '',
      'Contact: Someone E-mail:someone@example.org',
      '',
      'and technological cooperation, and the 13<sup>th</sup> plan continues.',
      '',
      '(Source: Science and Technology Daily, 25 September 2016)',
    ].join('\n');
    const { articles, issue } = parseNewsletter(text, 'seeds/sample.md');
    expect(articles).toHaveLength(1);
    expect(articles[0]?.title).toBe('Ministers Meet in Beijing');
    expect(articles[0]?.section).toBe('Cooperation');
    expect(articles[0]?.body).toBe(
      'On 24 September 2016, the minister said that China had signed 110 intergovernmental agreements on scientific and technological cooperation, and the 13th plan continues.',
    );
    expect(issue.number).toBe('7');
  });

  it('detects the language of each file', () => {
    expect(titles('中美合作\n第七次对话在京举行\n2016年6月5日，对话在北京举行。\n（来源，科技日报，2016年6月5日）\n标题二\n正文内容在此，很长。\n（来源，科技日报，2016年6月6日）')).toHaveLength(2);
    expect(parseNewsletter('### Title\n\nBody text here.\n', 'x.md').lang).toBe('en');
  });
});

describe('Chinese paragraphs cut by a page break', () => {
  const cut = '2021年1月21日，中国科技部部长王志刚以视频方式同欧盟创新、研究、文化、教育和青年委员加布里埃尔举行中欧科技创新高层对话，共同就落实双方';
  const rest = '领导人会晤共识、推动中欧科技抗疫合作等议题深入交换意见。';

  it('joins a long paragraph that stops mid-sentence with the one that continues it', () => {
    const paragraphs = buildParagraphs(`${cut}\n\n${rest}\n`, 'zh').map((paragraph) => paragraph.text);
    expect(paragraphs).toEqual([`${cut}${rest}`]);
  });

  it('leaves a short title and a finished paragraph alone', () => {
    const paragraphs = buildParagraphs(`中欧科技创新高层对话举行\n\n${rest}\n\n${rest}\n`, 'zh').map((paragraph) => paragraph.text);
    expect(paragraphs).toEqual(['中欧科技创新高层对话举行', rest, rest]);
  });
});
