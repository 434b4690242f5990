import { describe, expect, it } from 'vitest';
import { containsUrl, findLinks, insideLink } from '../../src/language';

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
