/**
 * An item's own link (`Article.link`): the URL of its source line, else of a link line closing it (left out
 * of the body), else its HTML file's canonical URL; absolute `http(s)` only. Also: a source line's outlet
 * loses the URL and nothing else (the frozen seeds' outlets are those of the parser before links).
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractDocumentBytes, extractDocumentText, htmlCanonicalUrl, parseNewsletter, parseSourceLine } from '../../src/ingest';
import { parseLinkLine } from '../../src/ingest/link-line';
import { FIXTURES_DIR } from '../support/ground-truth';

const LINKS_DIR = path.join(FIXTURES_DIR, 'links');

async function parseFixture(name: string) {
  const document = await extractDocumentText(path.join(LINKS_DIR, name), `links/${name}`);
  return parseNewsletter(document.text, `links/${name}`, { canonicalUrl: document.canonicalUrl ?? null });
}

describe('source lines with a URL', () => {
  it('give the URL to the link and keep the outlet (Chinese, no date)', () => {
    expect(parseSourceLine('（来源：新华网 http://www.xinhuanet.com/tech/2019-03/01/c_1124180316.htm）')).toEqual({
      source: '新华网',
      date: null,
      link: 'http://www.xinhuanet.com/tech/2019-03/01/c_1124180316.htm',
    });
  });

  it('read the date before or after the URL (Chinese)', () => {
    expect(parseSourceLine('（来源：科技日报，2019年3月6日，http://www.stdaily.com/a.shtml）')).toEqual({ source: '科技日报', date: '2019-03-06', link: 'http://www.stdaily.com/a.shtml' });
    expect(parseSourceLine('（来源：科技日报 http://www.stdaily.com/a.shtml，2019年3月6日）')).toEqual({ source: '科技日报', date: '2019-03-06', link: 'http://www.stdaily.com/a.shtml' });
    expect(parseSourceLine('（来源：科技日报 http://www.stdaily.com/a.shtml 2019年3月6日）')).toEqual({ source: '科技日报', date: '2019-03-06', link: 'http://www.stdaily.com/a.shtml' });
  });

  it('drop a label before the URL (`网址：`)', () => {
    expect(parseSourceLine('来源：科技日报 网址：https://www.stdaily.com/guoji/content_2.shtml')).toEqual({ source: '科技日报', date: null, link: 'https://www.stdaily.com/guoji/content_2.shtml' });
  });

  it('give the URL to the link and keep the outlet (English, with and without a date)', () => {
    expect(parseSourceLine('(Source: Xinhua, https://english.news.cn/2019/c_1.htm)')).toEqual({ source: 'Xinhua', date: null, link: 'https://english.news.cn/2019/c_1.htm' });
    expect(parseSourceLine('(Source: Science and Technology Daily, 6 March 2019, https://www.stdaily.com/English/c_1.html)')).toEqual({
      source: 'Science and Technology Daily',
      date: '2019-03-06',
      link: 'https://www.stdaily.com/English/c_1.html',
    });
    expect(parseSourceLine('(Source: Xinhua, https://english.news.cn/c_1.htm, 6 March 2019)')).toEqual({ source: 'Xinhua', date: '2019-03-06', link: 'https://english.news.cn/c_1.htm' });
  });

  it('end the URL at Chinese punctuation', () => {
    expect(parseSourceLine('（来源：新华网 https://a.cn/x。）')).toEqual({ source: '新华网', date: null, link: 'https://a.cn/x' });
    expect(parseSourceLine('（来源：新华网，https://a.cn/x，2019年3月6日）')?.link).toBe('https://a.cn/x');
  });

  it('leave lines without a URL as they were', () => {
    expect(parseSourceLine('（来源，科技日报，2016年9月25日）')).toEqual({ source: '科技日报', date: '2016-09-25', link: null });
    expect(parseSourceLine('(Source: Science and Technology Daily, 25 September 2016)')).toEqual({ source: 'Science and Technology Daily', date: '2016-09-25', link: null });
    expect(parseSourceLine('（来源：中国科学院网站）')).toEqual({ source: '中国科学院网站', date: null, link: null });
  });

  it('never keep a URL that is not a web address', () => {
    expect(parseSourceLine('(Source: Xinhua, [page](javascript:alert(1)))')?.link ?? null).toBeNull();
  });
});

describe('link lines', () => {
  it.each([
    ['原文链接：https://www.cistc.gov.cn/news/0308.html', 'https://www.cistc.gov.cn/news/0308.html'],
    ['原文链接: https://www.cistc.gov.cn/news/0308.html。', 'https://www.cistc.gov.cn/news/0308.html'],
    ['原文：https://news.sciencenet.cn/htmlnews/2019/3/424001.shtm', 'https://news.sciencenet.cn/htmlnews/2019/3/424001.shtm'],
    ['Link: https://www.example.org/ai-ethics?id=12&lang=en', 'https://www.example.org/ai-ethics?id=12&lang=en'],
    ['Read more: https://a.org/x.', 'https://a.org/x'],
    ['Original article: https://a.org/y', 'https://a.org/y'],
    ['(Original article: https://a.org/y)', 'https://a.org/y'],
    ['Read more: [the report](https://a.org/report)', 'https://a.org/report'],
  ])('%s', (line, link) => {
    expect(parseLinkLine(line)).toBe(link);
  });

  it.each([
    ['text besides the URL', '原文：习近平指出，https://a.cn/x 是……'],
    ['two URLs', 'Link: https://a.org/x https://a.org/y'],
    ['no URL', '原文链接：见科技日报'],
    ['no label', 'https://a.org/x'],
    ['a label of another line', '网址：https://www.cistc.gov.cn'],
    ['a javascript: target', 'Read more: [here](javascript:alert(1))'],
    ['a data: target', 'Link: [x](data:text/html,hi)'],
  ])('not with %s', (_why, line) => {
    expect(parseLinkLine(line)).toBeNull();
  });
});

describe('a text newsletter with source-line URLs and link lines', () => {
  it.each(['links.zh.txt', 'links.en.txt'])('%s: each item gets its own link; URLs and link lines leave body and outlet', async (name) => {
    const parsed = await parseFixture(name);
    const expected = [
      /^http:\/\/www\.xinhuanet\.com\//u,
      /^https?:\/\/www\.stdaily\.com\//u,
      /^https:\/\/www\.cistc\.gov\.cn\/.*0308\.html$/u,
      /^https:\/\/news\.sciencenet\.cn\/.*424001\.shtm$/u,
      /^https:\/\/www\.(?:stdaily\.com|example\.org)\//u,
      null,
    ];
    expect(parsed.articles).toHaveLength(expected.length);
    parsed.articles.forEach((article, index) => {
      const pattern = expected[index];
      if (pattern === null || pattern === undefined) expect(article.link, article.title).toBeNull();
      else expect(article.link, article.title).toMatch(pattern);
      expect(article.body, article.title).not.toMatch(/https?:|原文|Read more|Original article|Link:/u);
      expect(article.source ?? '', article.title).not.toMatch(/https?:|www\.|网址/u);
    });
  });

  it('links.zh.txt: outlets and dates as printed', async () => {
    const parsed = await parseFixture('links.zh.txt');
    expect(parsed.articles.map((article) => [article.source, article.date])).toEqual([
      ['新华网', '2019-03-01'],
      ['科技日报', '2019-03-06'],
      ['科技日报', '2019-03-09'],
      ['中国科学报', '2019-03-11'],
      ['科技日报', '2019-03-12'],
      ['人民日报', '2019-03-15'],
    ]);
    expect(parsed.articles[2]?.link).toBe('https://www.cistc.gov.cn/news/2019/0308.html');
  });

  it('a URL wrapped over the end of a source line is joined whole; a date on the next line is not glued to it', () => {
    const text = (source: readonly string[]): string =>
      ['中国科技通讯', '2019年第3期', '', '中美签署清洁能源合作备忘录', '2019年3月1日，中美两国科技主管部门在北京签署清洁能源联合研究合作备忘录，双方同意在储能和智能电网领域开展联合研究。', ...source, '', '中俄开展极地科学合作', '2019年3月14日，中俄极地科学合作研讨会在圣彼得堡举行，双方回顾了近年来的合作成果。', '（来源：人民日报，2019年3月15日）'].join('\n');
    const wrapped = parseNewsletter(text(['（来源：新华网 http://www.xinhuanet.com/tech/2019-03/01/c_1124', '180316.htm）']), 'links/wrapped.txt');
    expect(wrapped.articles[0]).toMatchObject({ source: '新华网', link: 'http://www.xinhuanet.com/tech/2019-03/01/c_1124180316.htm' });
    const dated = parseNewsletter(text(['(Source: Xinhua, https://english.news.cn/c_1.htm', '1 March 2019)']).replace('（来源：人民日报，2019年3月15日）', '(Source: People’s Daily)'), 'links/dated.txt');
    expect(dated.articles[0]).toMatchObject({ source: 'Xinhua', date: '2019-03-01', link: 'https://english.news.cn/c_1.htm' });
  });

  it('a link line before any item is reported as dropped, not given to an item', () => {
    const parsed = parseNewsletter(
      ['中国科技通讯', '2019年第3期', '', '原文链接：https://www.cistc.gov.cn/', '', '中俄开展极地科学合作', '2019年3月14日，中俄极地科学合作研讨会在圣彼得堡举行，双方回顾了近年来的合作成果。', '（来源：人民日报，2019年3月15日）'].join('\n'),
      'links/early.txt',
    );
    expect(parsed.articles.map((article) => article.link)).toEqual([null]);
    expect(parsed.report.dropped.some((line) => line.text.startsWith('原文链接'))).toBe(true);
  });
});

describe('HTML canonical URLs', () => {
  const page = (head: string): string => `<html><head>${head}</head><body><p>x</p></body></html>`;

  it('read <link rel="canonical">, before og:url', () => {
    expect(htmlCanonicalUrl(page('<meta property="og:url" content="https://a.cn/og"><link rel="canonical" href="https://a.cn/canonical">'))).toBe('https://a.cn/canonical');
    expect(htmlCanonicalUrl(page('<link rel="Canonical alternate" href="https://a.cn/c?a=1&amp;b=2">'))).toBe('https://a.cn/c?a=1&b=2');
  });

  it('fall back to og:url', () => {
    expect(htmlCanonicalUrl(page('<meta property="og:url" content="https://a.cn/og">'))).toBe('https://a.cn/og');
  });

  it('resolve a relative href against an absolute <base href>, and drop it otherwise', () => {
    expect(htmlCanonicalUrl(page('<base href="https://a.cn/news/"><link rel="canonical" href="2019/04.html">'))).toBe('https://a.cn/news/2019/04.html');
    expect(htmlCanonicalUrl(page('<base href="/news/"><link rel="canonical" href="2019/04.html">'))).toBeNull();
    expect(htmlCanonicalUrl(page('<link rel="canonical" href="/2019/04.html">'))).toBeNull();
  });

  it('reject a javascript: or data: href (then og:url is used)', () => {
    expect(htmlCanonicalUrl(page('<link rel="canonical" href="javascript:alert(1)">'))).toBeNull();
    expect(htmlCanonicalUrl(page('<link rel="canonical" href="data:text/html,hi"><meta property="og:url" content="https://a.cn/og">'))).toBe('https://a.cn/og');
  });

  it('go to every article of the file that has no link of its own', async () => {
    const parsed = await parseFixture('links.html');
    expect(parsed.articles.map((article) => [article.title, article.source, article.link])).toEqual([
      ['China and Italy Sign an Agreement on Space Science', 'Xinhua', 'https://www.cistc.gov.cn/newsletter/2019/04.html'],
      ['China and Spain Open a Joint Centre for Renewable Energy', 'China Daily', 'https://www.example.es/news/2019/04/09/renewables.html'],
    ]);
    expect(parsed.articles[1]?.body).not.toContain('Original article');
  });

  it('are part of the extracted document (null when the page states none)', async () => {
    const bytes = (html: string): Buffer => Buffer.from(html, 'utf8');
    expect((await extractDocumentBytes(bytes(page('<link rel="canonical" href="https://a.cn/c">')), 'x.html')).canonicalUrl).toBe('https://a.cn/c');
    expect((await extractDocumentBytes(bytes(page('')), 'x.html')).canonicalUrl).toBeNull();
  });
});

describe('the frozen seeds', () => {
  const before = JSON.parse(readFileSync(path.join(LINKS_DIR, 'seed-sources.before-links.json'), 'utf8')) as readonly { id: string; source: string | null }[];
  const seedsDir = path.join(FIXTURES_DIR, 'seeds');
  const articles = readdirSync(seedsDir)
    .filter((name) => name.endsWith('.txt'))
    .sort()
    .flatMap((name) => parseNewsletter(readFileSync(path.join(seedsDir, name), 'utf8'), `seeds/${name}`).articles);

  it('keep every outlet the parser printed before links were read', () => {
    expect(articles.map((article) => ({ id: article.id, source: article.source }))).toEqual(before);
  });

  it('print no item link (their only URL is in a page footer)', () => {
    expect(articles.filter((article) => article.link !== null)).toEqual([]);
  });
});
