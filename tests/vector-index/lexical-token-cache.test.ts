/**
 * The lexical token cache kept with the index: an update tokenizes only texts it has not seen, and a BM25
 * index built from cached tokens is the one built by tokenizing everything (same serialised bytes).
 */
import { describe, expect, it } from 'vitest';
import { Bm25LexicalIndex, LexicalTokenCache, type LexicalDocument } from '../../src/vector-index';
import { TOKENIZER_VERSION, tokenize } from '../../src/language';

const DOCUMENTS: readonly LexicalDocument[] = [
  { label: 0, title: 'China-US Innovation Dialogue', body: 'Cooperation on innovation policy, 2016.06.05, ESOF2016 and 1,000 researchers.' },
  { label: 1, title: 'China-US Innovation Dialogue', body: 'A second chunk of the same article: the title repeats.' },
  { label: 2, title: '首届中美创新与投资对接大会在休斯敦举办', body: '大会在美国休斯顿举办，围绕生命健康、新能源等领域。\ny2016 y2016m06' },
  { label: 3, title: '', body: 'the of and' },
];

describe('LexicalTokenCache', () => {
  it('gives exactly what tokenize gives, from stored entries after a round trip', () => {
    const first = LexicalTokenCache.empty();
    for (const document of DOCUMENTS) {
      expect(first.tokens(document.title)).toEqual(tokenize(document.title));
      expect(first.tokens(document.body)).toEqual(tokenize(document.body));
    }
    // Titles repeat: distinct texts are counted once.
    expect(first.counts).toEqual({ reused: 0, tokenized: 7 });
    const { cache, rejected } = LexicalTokenCache.parse(first.serialise());
    expect(rejected).toBeNull();
    for (const document of DOCUMENTS) expect(cache.tokens(document.body)).toEqual(tokenize(document.body));
    expect(cache.tokens('A text the previous build never saw.')).toEqual(tokenize('A text the previous build never saw.'));
    expect(cache.counts).toEqual({ reused: 4, tokenized: 1 });
  });

  it('writes only the texts looked up in this build (removed chunks leave the cache)', () => {
    const first = LexicalTokenCache.empty();
    first.tokens('kept text about quantum computing');
    first.tokens('removed text about fusion energy');
    const second = LexicalTokenCache.parse(first.serialise()).cache;
    second.tokens('kept text about quantum computing');
    const third = LexicalTokenCache.parse(second.serialise()).cache;
    third.tokens('removed text about fusion energy');
    expect(third.counts).toEqual({ reused: 0, tokenized: 1 });
  });

  it('rejects an altered file, another tokenizer version and non-JSON: empty cache, reason given', () => {
    const cache = LexicalTokenCache.empty();
    cache.tokens('cooperation on innovation');
    const text = cache.serialise();
    const altered = text.replace('cooper', 'cooler');
    expect(altered).not.toBe(text);
    expect(LexicalTokenCache.parse(altered).rejected).toBe('digest mismatch');
    expect(LexicalTokenCache.parse(text.replace(`"version":"tokenizer-${TOKENIZER_VERSION}"`, '"version":"tokenizer-0"')).rejected).toMatch(/version tokenizer-0/);
    expect(LexicalTokenCache.parse('{"version":').rejected).toBe('not JSON');
    const fromAltered = LexicalTokenCache.parse(altered).cache;
    expect(fromAltered.tokens('cooperation on innovation')).toEqual(tokenize('cooperation on innovation'));
    expect(fromAltered.counts.reused).toBe(0);
    expect(LexicalTokenCache.parse(null)).toMatchObject({ rejected: null });
  });
});

describe('Bm25LexicalIndex.build with cached tokens', () => {
  it('serialises to the same bytes as a build that tokenizes everything, and searches the same', () => {
    const fresh = Bm25LexicalIndex.build(DOCUMENTS);
    const warm = LexicalTokenCache.empty();
    Bm25LexicalIndex.build(DOCUMENTS, warm);
    const cached = Bm25LexicalIndex.build(DOCUMENTS, LexicalTokenCache.parse(warm.serialise()).cache);
    expect(cached.serialise()).toBe(fresh.serialise());
    expect(cached.search('休斯顿 大会', 3)).toEqual(fresh.search('休斯顿 大会', 3));
    expect(cached.search('innovation dialogue', 3).length).toBeGreaterThan(0);
  });

  it('serialise() equals JSON.stringify of toJSON() and loads back', () => {
    const index = Bm25LexicalIndex.build(DOCUMENTS);
    expect(index.serialise()).toBe(JSON.stringify(index));
    const loaded = Bm25LexicalIndex.fromJSON(JSON.parse(index.serialise()));
    expect(loaded.search('ESOF2016', 2)).toEqual(index.search('ESOF2016', 2));
    expect(Bm25LexicalIndex.build([]).serialise()).toBe(JSON.stringify(Bm25LexicalIndex.build([])));
  });
});
