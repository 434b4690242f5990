import { describe, expect, it } from 'vitest';
import type { Article } from '../../src/core';
import { CorpusAttestation } from '../../src/retrieve/corpus-attestation';

const article = (title: string, body: string, source: string | null = null): Article =>
  ({ id: title, title, subtitle: null, body, source, lang: 'zh', pairId: null }) as unknown as Article;

describe('CorpusAttestation', () => {
  const attestation = new CorpusAttestation([article('苏州街站', '苏州街站位于海淀区。'), article('Forum', 'The Sino-German forum met.', '新华社')]);

  it('attests a substring of any article, not a string whose bigrams occur apart', () => {
    expect(attestation.attests('苏州街站')).toBe(true);
    expect(attestation.attests('海淀')).toBe(true);
    // Every bigram of 海站 is absent; 苏州站 has bigrams that occur (苏州), but not together.
    expect(attestation.attests('站位于海')).toBe(true);
    expect(attestation.attests('海站')).toBe(false);
    expect(attestation.attests('苏州站')).toBe(false);
  });

  it('reads the source line; a single character or a text that is not all Han is never attested', () => {
    expect(attestation.attests('新华社')).toBe(true);
    expect(attestation.attests('苏')).toBe(false);
    expect(attestation.attests('Sino-German')).toBe(false);
    expect(attestation.attests('苏州街站 ')).toBe(false);
  });
});
