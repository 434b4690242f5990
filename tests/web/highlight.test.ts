/**
 * Highlight links end to end without a server: the link a citation gets (`sourcePageUrl`), read back as the
 * page reads it (`parseHighlightParameters`), marks exactly the quoted text in the article's paragraphs.
 */
import { describe, expect, it } from 'vitest';
import { highlightForQuote, parseHighlightParameters, sourcePageUrl, SOURCE_LINK_POLICY } from '../../src/answer';
import { highlightParagraphs } from '../../src/web/highlight';

const PARAGRAPHS = [
  'On 5 June 2016, the 7th China-US Innovation Dialogue was held in Beijing. Wan Gang attended and spoke at the meeting.',
  'About 150 delegates attended. The two sides signed a plan and spoke at the meeting about open data, innovation and small businesses in both countries.',
  '中美双方一致认为，CERC创新了合作模式并取得了丰硕成果，其中一期项目已取得44项重大成果。',
];

/** The marked text of `paragraphs` for a link to `quote`. */
function markedFor(quote: string, paragraphs: readonly string[] = PARAGRAPHS): string {
  const url = new URL(sourcePageUrl('https://pages.example', 'x#1', quote));
  const highlight = parseHighlightParameters({ hl: url.searchParams.get('hl') ?? undefined, hle: url.searchParams.get('hle') ?? undefined });
  return highlightParagraphs(paragraphs, highlight)
    .paragraphs.flatMap((segments) => segments.filter((segment) => segment.marked).map((segment) => segment.text))
    .join(' | ');
}

describe('highlight links', () => {
  it('mark a short quote whole, and a long one from its start to its end', () => {
    expect(markedFor('Wan Gang attended and spoke at the meeting.')).toBe('Wan Gang attended and spoke at the meeting.');
    const long = 'The two sides signed a plan and spoke at the meeting about open data, innovation and small businesses in both countries.';
    expect(long.length).toBeGreaterThan(SOURCE_LINK_POLICY.wholeQuoteCharacters);
    expect(markedFor(long)).toBe(long);
  });

  it('mark a quote that spans a paragraph break, in both paragraphs', () => {
    const quote = 'Wan Gang attended and spoke at the meeting.\n\nAbout 150 delegates attended.';
    expect(markedFor(quote)).toBe('Wan Gang attended and spoke at the meeting. | About 150 delegates attended.');
  });

  it('mark Chinese quotes, whose link carries Han characters percent-encoded', () => {
    const quote = PARAGRAPHS[2] ?? '';
    const url = sourcePageUrl('https://pages.example', '000_fbe4f82aa1b47969#4', quote);
    expect(url).toMatch(/^https:\/\/pages\.example\/sources\/000_fbe4f82aa1b47969%234\?hl=%E4%B8%AD/u);
    expect(markedFor(quote)).toBe(quote);
  });

  it('do not end a long quote early at a phrase it repeats', () => {
    const quote = 'Beijing. Wan Gang attended and spoke at the meeting. About 150 delegates attended. The two sides signed a plan and spoke at the meeting';
    const highlight = highlightForQuote(quote);
    expect(quote.endsWith(highlight?.end ?? '-')).toBe(true);
    expect(quote.indexOf(highlight?.end ?? '-', (highlight?.start ?? '').length)).toBe(quote.length - (highlight?.end ?? '').length);
    expect(markedFor(quote)).toContain('The two sides signed a plan and spoke at the meeting');
  });

  it('mark nothing for text the article does not hold, or without a highlight', () => {
    expect(markedFor('A sentence that was never printed in this newsletter.')).toBe('');
    expect(highlightParagraphs(PARAGRAPHS, null).firstMarkedParagraph).toBeNull();
    expect(parseHighlightParameters({ hl: '   ' })).toBeNull();
  });

  it('refuse a base URL that is not http(s)', () => {
    expect(() => sourcePageUrl('javascript:alert(1)', 'x#1')).toThrow(TypeError);
  });
});
