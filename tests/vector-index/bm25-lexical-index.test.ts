import { describe, expect, it } from 'vitest';
import { IndexCorruptError, IndexMismatchError, InputError } from '../../src/core';
import { Bm25LexicalIndex } from '../../src/vector-index';
import type { LexicalDocument } from '../../src/vector-index';

const DOCUMENTS: readonly LexicalDocument[] = [
  { label: 0, title: 'China-US Innovation Dialogue', body: 'Cooperation on innovation policy and cooperation on data.' },
  { label: 1, title: 'China-EU Cooperation', body: 'Cooperation between research councils; a quantum computing programme.' },
  { label: 2, title: 'China-Japan Cooperation', body: 'Young scientists exchange and cooperation.' },
  { label: 3, title: '首届中美创新与投资对接大会在休斯敦举办', body: '大会在美国休斯顿举办，围绕生命健康、新能源等领域。' },
  { label: 4, title: '中日青年科技人员交流计划启动', body: '日本青年科技人员代表团访问中国。' },
];

describe('Bm25LexicalIndex.search', () => {
  it('ranks the document holding the rare query term first', () => {
    const index = Bm25LexicalIndex.build(DOCUMENTS);
    const hits = index.search('quantum cooperation', 5);
    expect(hits[0]?.label).toBe(1);
    // Every English document mentions cooperation, so all three match, the rare term's holder first.
    expect(hits.map((hit) => hit.label).sort()).toEqual([0, 1, 2]);
    expect(hits[0]?.score).toBeGreaterThan(hits[1]?.score ?? Number.POSITIVE_INFINITY);
  });

  it('finds a Chinese document from a Chinese question, despite another spelling of the name', () => {
    const index = Bm25LexicalIndex.build(DOCUMENTS);
    const hits = index.search('休斯顿那个中美创新与投资对接大会的报道出自哪里？', 5);
    expect(hits[0]?.label).toBe(3);
  });

  it('weighs a term in the title above the same term in the body', () => {
    const index = Bm25LexicalIndex.build([
      { label: 0, title: 'satellite launch', body: 'a report on the mission' },
      { label: 1, title: 'mission report', body: 'a satellite launch' },
      { label: 2, title: 'agriculture', body: 'crops and seeds' },
    ]);
    expect(index.search('satellite', 2).map((hit) => hit.label)).toEqual([0, 1]);
  });

  it('orders ties by ascending label and cuts to k', () => {
    const index = Bm25LexicalIndex.build([
      { label: 7, title: 'same', body: 'identical words' },
      { label: 3, title: 'same', body: 'identical words' },
      { label: 5, title: 'other', body: 'unrelated text' },
    ]);
    expect(index.search('identical', 5).map((hit) => hit.label)).toEqual([3, 7]);
    expect(index.search('identical', 1).map((hit) => hit.label)).toEqual([3]);
  });

  it('returns nothing for k ≤ 0, stopword-only or unknown queries, and rejects a fractional k', () => {
    const index = Bm25LexicalIndex.build(DOCUMENTS);
    expect(index.search('quantum', 0)).toEqual([]);
    expect(index.search('what is the 什么', 5)).toEqual([]);
    expect(index.search('zeppelin', 5)).toEqual([]);
    expect(() => index.search('quantum', 2.5)).toThrow(InputError);
  });

  it('rejects duplicate and negative labels', () => {
    expect(() => Bm25LexicalIndex.build([DOCUMENTS[0] as LexicalDocument, DOCUMENTS[0] as LexicalDocument])).toThrow(
      InputError,
    );
    expect(() => Bm25LexicalIndex.build([{ label: -1, title: 'a', body: 'b' }])).toThrow(InputError);
  });
});

describe('Bm25LexicalIndex with fewer than 3 documents (wink needs 3 to consolidate)', () => {
  it('searches a corpus of one or two documents and never returns the padding', () => {
    const one = Bm25LexicalIndex.build([DOCUMENTS[1] as LexicalDocument]);
    expect(one.size).toBe(1);
    expect(one.search('quantum', 10)).toEqual([{ label: 1, score: expect.any(Number) }]);
    const two = Bm25LexicalIndex.build([DOCUMENTS[1] as LexicalDocument, DOCUMENTS[3] as LexicalDocument]);
    expect(two.size).toBe(2);
    expect(two.search('休斯敦 quantum', 10).map((hit) => hit.label).sort()).toEqual([1, 3]);
    const restored = Bm25LexicalIndex.fromJSON(JSON.parse(JSON.stringify(two)));
    expect(restored.size).toBe(2);
    expect(restored.search('休斯敦 quantum', 10)).toEqual(two.search('休斯敦 quantum', 10));
  });

  it('searches an empty corpus', () => {
    const empty = Bm25LexicalIndex.build([]);
    expect(empty.size).toBe(0);
    expect(empty.search('quantum', 10)).toEqual([]);
    expect(Bm25LexicalIndex.fromJSON(JSON.parse(JSON.stringify(empty))).search('quantum', 10)).toEqual([]);
  });
});

describe('Bm25LexicalIndex JSON round trip', () => {
  it('gives identical results after toJSON → JSON text → fromJSON', () => {
    const index = Bm25LexicalIndex.build(DOCUMENTS);
    const restored = Bm25LexicalIndex.fromJSON(JSON.parse(JSON.stringify(index)));
    expect(restored.size).toBe(DOCUMENTS.length);
    for (const query of ['quantum cooperation', '中日青年交流', '休斯敦大会', 'young scientists']) {
      expect(restored.search(query, 5)).toEqual(index.search(query, 5));
      expect(restored.search(query, 5).length).toBeGreaterThan(0);
    }
  });

  // Regression (lexical format 1): wink's importJSON gave its term map Object.prototype, so a query term equal to an
  // Object.prototype key ("constructor") was taken for a known term and crashed the search.
  it('searches for "constructor" after a round trip without crashing', () => {
    const restored = Bm25LexicalIndex.fromJSON(JSON.parse(JSON.stringify(Bm25LexicalIndex.build(DOCUMENTS))));
    expect(restored.search('constructor cooperation', 5).length).toBe(3);
  });

  it('refuses a value that is not a serialised index', () => {
    expect(() => Bm25LexicalIndex.fromJSON({ hello: 'world' })).toThrow(IndexCorruptError);
    const serialised = JSON.parse(JSON.stringify(Bm25LexicalIndex.build(DOCUMENTS))) as Record<string, unknown>;
    expect(() => Bm25LexicalIndex.fromJSON({ ...serialised, postings: [1, 2, 3] })).toThrow(IndexCorruptError);
    expect(() => Bm25LexicalIndex.fromJSON({ ...serialised, size: -1 })).toThrow(IndexCorruptError);
  });

  it('refuses postings that are inconsistent', () => {
    const serialised = JSON.parse(Bm25LexicalIndex.build(DOCUMENTS).serialise()) as { postings: Record<string, unknown[]> } & Record<string, unknown>;
    const withPostings = (change: (postings: Record<string, unknown[]>) => void): unknown => {
      const postings = structuredClone(serialised.postings);
      change(postings);
      return { ...serialised, postings };
    };
    expect(() => Bm25LexicalIndex.fromJSON(withPostings((postings) => postings['weights']?.pop()))).toThrow(/labels but .* weights/);
    expect(() => Bm25LexicalIndex.fromJSON(withPostings((postings) => postings['weights']?.splice(0, 1, 'heavy')))).toThrow(/not a number/);
    expect(() => Bm25LexicalIndex.fromJSON(withPostings((postings) => postings['labels']?.splice(0, 1, -1)))).toThrow(/label -1/);
    expect(() => Bm25LexicalIndex.fromJSON(withPostings((postings) => postings['postingCounts']?.splice(0, 1, 999)))).toThrow(/sum to/);
    expect(() => Bm25LexicalIndex.fromJSON(withPostings((postings) => postings['terms']?.splice(1, 1, postings['terms']?.[0])))).toThrow(/appears twice/);
    expect(() => Bm25LexicalIndex.fromJSON(withPostings((postings) => delete postings['labels']))).toThrow(IndexCorruptError);
    expect(() => Bm25LexicalIndex.fromJSON({ ...serialised, postings: null })).toThrow(/holds no postings/);
  });

  it('writes back exactly the file it was restored from', () => {
    const text = Bm25LexicalIndex.build(DOCUMENTS).serialise();
    expect(Bm25LexicalIndex.fromJSON(JSON.parse(text)).serialise()).toBe(text);
  });

  it('refuses the format of wink\'s export (lexical format 1) as another version', () => {
    const serialised = JSON.parse(Bm25LexicalIndex.build(DOCUMENTS).serialise()) as Record<string, unknown>;
    expect(() => Bm25LexicalIndex.fromJSON({ ...serialised, formatVersion: 1 })).toThrow(IndexMismatchError);
  });

  it('refuses an index written by another tokenizer version', () => {
    const serialised = JSON.parse(JSON.stringify(Bm25LexicalIndex.build(DOCUMENTS))) as Record<string, unknown>;
    expect(() => Bm25LexicalIndex.fromJSON({ ...serialised, tokenizerVersion: 999 })).toThrow(IndexMismatchError);
  });
});
