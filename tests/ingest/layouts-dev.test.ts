/**
 * Segmentation on layouts the seeds do not have (hand-written dev fixtures in tests/fixtures/layouts-dev/,
 * zh and en each): a contents list without source lines (with a title wrapped over two lines), punctuated
 * headlines closed by source lines, and items separated only by blank lines. Every title, date and
 * dateSource is asserted, and the report names the structure used and the lines left out.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseNewsletter, type ParsedNewsletter } from '../../src/ingest';
import { FIXTURES_DIR } from '../support/ground-truth';

const DIR = path.join(FIXTURES_DIR, 'layouts-dev');

function parse(name: string): ParsedNewsletter {
  return parseNewsletter(readFileSync(path.join(DIR, name), 'utf8'), `tests/fixtures/layouts-dev/${name}`);
}

type Row = readonly [title: string, date: string | null, dateSource: string | null];

function rows(parsed: ParsedNewsletter): Row[] {
  return parsed.articles.map((article) => [article.title, article.date, article.dateSource]);
}

describe('a contents list without source lines', () => {
  it('en: the archive masthead (N0.301, no space after the comma), `*Title` entries, a title wrapped over two lines', () => {
    const parsed = parse('contents-en.txt');
    expect(rows(parsed)).toEqual([
      ['New Rules for Research Funding Announced', '2002-07-12', 'text'],
      ['Enhanced S&T Support for Diseases Prevention & Control', '2002-07-20', 'issue'],
      ['Young Scientists Meet in Nanjing', '2002-07-20', 'issue'],
    ]);
    expect(parsed.issue).toMatchObject({ number: '301', date: '2002-07-20' });
    expect(parsed.report.evidence).toEqual(['contents list']);
    expect(parsed.report.masthead).toEqual(['The Ministry of Science and Technology', "People's Republic of China", 'N0.301 July 20,2002']);
    expect(parsed.report.contents).toHaveLength(3);
    expect(parsed.report.dropped.filter((line) => line.reason === 'contents entry').map((line) => line.lineNumber)).toEqual([5, 6, 7]);
    expect(parsed.articles[1]?.body).toMatch(/^A national programme/u);
  });

  it('zh: `* ` entries under a heading, a title wrapped after its colon', () => {
    const parsed = parse('contents-zh.txt');
    expect(rows(parsed)).toEqual([
      ['科技部发布《国家重点研发计划管理办法》', '2018-11-30', 'issue'],
      ['中德签署新能源汽车合作协议：推动电池技术联合研发', '2018-11-08', 'text'],
      ['第三届青年科学家论坛在杭州举行', '2018-11-30', 'issue'],
    ]);
    expect(parsed.issue).toMatchObject({ number: '123', date: '2018-11-30' });
    expect(parsed.report.evidence).toEqual(['contents list']);
    expect(parsed.articles.every((article) => article.section === null)).toBe(true);
  });
});

describe('punctuated headlines closed by source lines', () => {
  it('zh: commas, colons, quotes, book-title marks, a Latin name and a final 。 in titles; a section heading kept apart', () => {
    const parsed = parse('punctuated-zh.txt');
    expect(rows(parsed)).toEqual([
      ['火山喷发，火山灰笼罩墨西哥城', '2019-03-28', 'source'],
      ['年鉴：盖革计数器发明人', '2019-03-20', 'source'],
      ['“嫦娥四号”月背探测取得新成果', '2019-03-15', 'source'],
      ['《自然》发文：Homo luzonensis 或为人类新成员。', '2019-03-29', 'issue'],
    ]);
    expect(parsed.articles.map((article) => article.source)).toEqual(['科技日报', '中国科学报', '新华社', '科技日报']);
    expect(parsed.articles[2]?.section).toBe('国际合作');
    expect(parsed.report.evidence).toEqual(['source lines']);
    expect(parsed.report.dropped).toContainEqual({ lineNumber: 14, text: '国际合作', reason: 'section heading' });
  });

  it('en: titles printed directly above their first paragraph, one opening with a quotation mark', () => {
    const parsed = parse('punctuated-en.txt');
    expect(rows(parsed)).toEqual([
      ['Volcano Erupts, Ash Covers Mexico City', '2019-03-28', 'source'],
      ['Almanac: The Inventor of the Geiger Counter', '2019-03-20', 'source'],
      ['"Chang\'e-4" Reveals the Far Side of the Moon', '2019-03-15', 'source'],
      ['Nature: Homo luzonensis May Be a New Member of the Human Family', '2019-03-29', 'issue'],
    ]);
    expect(parsed.articles[2]?.section).toBe('International Cooperation');
    expect(parsed.report.masthead).toEqual(['CHINA SCIENCE AND TECHNOLOGY NEWSLETTER', 'No. 3, 29 March 2019']);
  });
});

describe('items separated only by blank lines', () => {
  it('zh: a short line alone between blank lines before a long paragraph opens an item, punctuated or ending in 。', () => {
    const parsed = parse('blank-zh.txt');
    expect(rows(parsed)).toEqual([
      ['量子通信干线，实现千公里级密钥分发', '2019-05-06', 'text'],
      ['“深海勇士”号完成年度科考任务。', null, null],
      ['新型催化剂让二氧化碳变燃料', null, null],
    ]);
    expect(parsed.articles[0]?.body.split('\n\n')).toHaveLength(2);
    expect(parsed.report.evidence).toEqual(['blank-line items']);
  });

  it('en: the issue states only a year, so undated items stay undated', () => {
    const parsed = parse('blank-en.txt');
    expect(rows(parsed)).toEqual([
      ['Quantum Link Delivers Keys over a Thousand Kilometres', '2019-05-06', 'text'],
      ['Deep-Sea Submersible Completes Its Annual Mission', null, null],
      ['A New Catalyst Turns Carbon Dioxide into Fuel', null, null],
    ]);
    expect(parsed.issue).toMatchObject({ number: '5', date: '2019' });
    expect(parsed.report.evidence).toEqual(['blank-line items']);
  });
});

describe('report warnings', () => {
  it('names a contents entry never found as an item', () => {
    const text = readFileSync(path.join(DIR, 'contents-en.txt'), 'utf8').replace('*Young Scientists Meet in Nanjing', '*Young Scientists Meet in Nanjing\n*A Title That Never Comes');
    const parsed = parseNewsletter(text, 'dev/contents-en.txt');
    expect(parsed.report.warnings).toContainEqual(expect.objectContaining({ kind: 'missing-contents-title', message: expect.stringContaining('A Title That Never Comes') as unknown }));
  });

  it('flags an item far longer than the file’s others', () => {
    const item = (n: number, paragraphs: number): string =>
      `Item Number ${n} Opens Here\n\n${Array.from({ length: paragraphs }, () => 'A long body paragraph that reports on something which happened, with enough words to be a paragraph.').join('\n\n')}\n\n`;
    const text = `NEWSLETTER\nIssue 5, 2019\n\n${item(1, 2)}${item(2, 2)}${item(3, 2)}${item(4, 2)}${item(5, 20)}`;
    const parsed = parseNewsletter(text, 'dev/long.txt');
    expect(parsed.articles).toHaveLength(5);
    expect(parsed.report.warnings.filter((warning) => warning.kind === 'long-item').map((warning) => warning.articleId)).toEqual(['long#5']);
  });
});
