import { describe, expect, it } from 'vitest';
import { containsUrl, findLinks, insideLink, parseWebUrl, WEB_URL_POLICY } from '../../src/language';

describe('findLinks', () => {
  it('finds Markdown, Slack and bare links in order, with their labels and exact spans', () => {
    const text = 'See [the page](https://a.example/x "Title"), <https://b.example/y|B> and https://c.example/z. Also www.d.example!';
    const links = findLinks(text);
    expect(links.map(({ syntax, url, label }) => [syntax, url, label])).toEqual([
      ['markdown', 'https://a.example/x', 'the page'],
      ['slack', 'https://b.example/y', 'B'],
      ['bare', 'https://c.example/z', ''],
      ['bare', 'www.d.example', ''],
    ]);
    for (const link of links) expect(text.slice(link.start, link.end)).toContain(link.url);
  });

  it('ends a bare URL at Chinese punctuation and brackets', () => {
    expect(findLinks('详见https://e.example/a，或（https://f.example/b）。').map((link) => link.url)).toEqual(['https://e.example/a', 'https://f.example/b']);
  });

  it('finds no link in plain text or citation markers', () => {
    expect(findLinks('The park opened in 2016 [1]. No U.S. site was named [2].')).toEqual([]);
  });
});

describe('containsUrl', () => {
  it('matches the URL itself or its host and path, case-insensitively', () => {
    const source = 'Contact: <http://www.CISTC.gov.cn> for details.';
    expect(containsUrl(source, 'http://www.cistc.gov.cn')).toBe(true);
    expect(containsUrl(source, 'https://cistc.gov.cn/')).toBe(true);
    expect(containsUrl(source, 'https://cistc.gov.cn/apply')).toBe(false);
    expect(containsUrl(source, 'https://evil.example')).toBe(false);
  });
});

describe('insideLink', () => {
  it('is true for a ? inside a URL or a Markdown link target, false in prose', () => {
    const text = 'Is it [x](https://a.example/q?b) or https://c.example/r?s? Yes?';
    expect(insideLink(text, text.indexOf('?'))).toBe(true);
    expect(insideLink(text, text.indexOf('r?') + 1)).toBe(true);
    expect(insideLink(text, text.lastIndexOf('?'))).toBe(false);
  });
});

describe('parseWebUrl', () => {
  it('keeps absolute http(s) addresses, normalised', () => {
    expect(parseWebUrl(' https://www.Stdaily.com/guoji/a.html ')).toBe('https://www.stdaily.com/guoji/a.html');
    expect(parseWebUrl('HTTP://example.org')).toBe('http://example.org/');
    expect(parseWebUrl('https://a.cn/新闻/1')).toBe('https://a.cn/%E6%96%B0%E9%97%BB/1');
  });

  it('rejects other schemes, however they are spelled', () => {
    for (const text of ['javascript:alert(1)', 'JavaScript:alert(1)', ' java\tscript:alert(1)', 'data:text/html,<p>x</p>', 'file:///etc/passwd', 'mailto:a@b.cn', 'ftp://a.cn/x']) {
      expect(parseWebUrl(text), text).toBeNull();
      expect(parseWebUrl(text, 'https://a.cn/'), text).toBeNull();
    }
  });

  it('resolves a relative address only against an absolute http(s) base', () => {
    expect(parseWebUrl('/news/1.html', 'https://a.cn/en/')).toBe('https://a.cn/news/1.html');
    expect(parseWebUrl('1.html', 'https://a.cn/en/')).toBe('https://a.cn/en/1.html');
    expect(parseWebUrl('//b.cn/x', 'http://a.cn/')).toBe('http://b.cn/x');
    expect(parseWebUrl('/news/1.html')).toBeNull();
    expect(parseWebUrl('/news/1.html', '/en/')).toBeNull();
    expect(parseWebUrl('/news/1.html', 'javascript:void(0)/')).toBeNull();
  });

  it('rejects malformed, host-less and over-long addresses', () => {
    expect(parseWebUrl('')).toBeNull();
    expect(parseWebUrl('https://')).toBeNull();
    expect(parseWebUrl('http://exa mple.org/')).toBeNull();
    const long = `https://a.cn/${'x'.repeat(WEB_URL_POLICY.maxUrlLength)}`;
    expect(parseWebUrl(long)).toBeNull();
    expect(parseWebUrl(long.slice(0, WEB_URL_POLICY.maxUrlLength))).toBe(long.slice(0, WEB_URL_POLICY.maxUrlLength));
  });
});
