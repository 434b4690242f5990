import { beforeAll, describe, expect, it } from 'vitest';
import { chunkArticle, chunkIndexText } from '../../src/chunk';
import { createSilentLogger, InputError, type Article, type Chunk } from '../../src/core';
import { loadNewsletters, type LoadedNewsletters } from '../../src/ingest';
import { Bm25LexicalIndex } from '../../src/vector-index';
import { chunkDateTerms, dateTerm, dateTerms, DATE_TERM_PATTERN, tokenize } from '../../src/language';
import { SEED_FIXTURE_DIR, SEED_FIXTURE_ROOT } from '../support/seed-fixture';

const CHUNKING = { size: 500, overlap: 100 };

function makeChunk(overrides: Partial<Chunk> = {}): Chunk {
  return {
    id: 'sample#1:0',
    articleId: 'sample#1',
    index: 0,
    text: '会议在北京举行。',
    title: '中美创新对话',
    lang: 'zh',
    date: '2016-06-05',
    source: '科技日报',
    file: 'seeds/sample.txt',
    ...overrides,
  };
}

describe('dateTerms', () => {
  it.each([
    ['2016', ['y2016']],
    ['2016-06', ['y2016', 'y2016m06']],
    ['2016-06-05', ['y2016', 'y2016m06', 'y2016m06d05']],
    ['1999-12-31', ['y1999', 'y1999m12', 'y1999m12d31']],
  ])('%s → %j', (iso, expected) => {
    expect(dateTerms(iso)).toEqual(expected);
    expect(dateTerm(iso)).toBe(expected[expected.length - 1]);
    for (const term of expected) expect(term).toMatch(DATE_TERM_PATTERN);
  });

  it.each(['16', '2016-6-5', '2016-13', '2016-06-32', '2016/06/05', ''])('rejects %j with an InputError', (iso) => {
    expect(() => dateTerms(iso)).toThrow(InputError);
  });
});

describe('tokenize keeps date terms whole', () => {
  it('in an English context: one term each, no digit fragments', () => {
    expect(tokenize('Beijing June 5, 2016 y2016 y2016m06 y2016m06d05')).toEqual([
      'beij', 'june', '5', '2016', 'y2016', 'y2016m06', 'y2016m06d05',
    ]);
  });

  it('in a Chinese context, with or without a space before the terms', () => {
    expect(tokenize('2016年6月5日举行 y2016m06d05')).toContain('y2016m06d05');
    const glued = tokenize('会议举行y2016m06d05');
    expect(glued).toContain('y2016m06d05');
    expect(glued).not.toContain('06');
    expect(glued).not.toContain('05');
  });

  it('lowercases a typed date term and still splits other letter-digit words', () => {
    expect(tokenize('Y2016M06')).toEqual(['y2016m06']);
    expect(tokenize('ESOF2016')).toEqual(['esof2016', 'esof', '2016']);
  });
});

describe('chunkDateTerms', () => {
  it("gives the article date's terms first, then those of the dates the chunk mentions", () => {
    const chunk = makeChunk({ text: '2014年11月两国元首会晤。9月20日，双方再次会谈。', date: '2016-10-17' });
    expect(chunkDateTerms(chunk)).toEqual([
      'y2016', 'y2016m10', 'y2016m10d17', 'y2014', 'y2014m11', 'y2016m09', 'y2016m09d20',
    ]);
  });

  it('dates year-less mentions from the article date, and leaves them out without one', () => {
    expect(chunkDateTerms(makeChunk({ text: '12月28日，双方签署协议。', date: '2019-01-05' }))).toContain('y2018m12d28');
    expect(chunkDateTerms(makeChunk({ text: '12月28日，双方签署协议。', date: null }))).toEqual([]);
  });

  it('reads mentions of the title too', () => {
    expect(chunkDateTerms(makeChunk({ title: '2018年浦江创新论坛开幕', date: null }))).toEqual(['y2018']);
  });
});

describe('chunkIndexText', () => {
  it('appends the date terms on a last line', () => {
    const text = chunkIndexText(makeChunk());
    expect(text.split('\n')).toEqual(['中美创新对话 · 2016-06-05 · 科技日报', '会议在北京举行。', 'y2016 y2016m06 y2016m06d05']);
  });

  it('has no date line for a chunk without dates', () => {
    expect(chunkIndexText(makeChunk({ date: null, source: null }))).toBe('中美创新对话\n会议在北京举行。');
  });
});

describe('the two editions of a seed article share their date terms', () => {
  let loaded: LoadedNewsletters;
  const article = (id: string): Article => {
    const found = loaded.articles.find((candidate) => candidate.id === id);
    if (found === undefined) throw new Error(`no article ${id}`);
    return found;
  };
  const termsOf = (id: string): Set<string> => new Set(chunkArticle(article(id), CHUNKING).flatMap((chunk) => [...chunkDateTerms(chunk)]));

  beforeAll(async () => {
    loaded = await loadNewsletters(SEED_FIXTURE_DIR, SEED_FIXTURE_ROOT, createSilentLogger());
  });

  it('000#2 (2016年6月5日) and 004#2 (5 June 2016) index the same day term', () => {
    const zh = chunkArticle(article('000_fbe4f82aa1b47969#2'), CHUNKING)[0];
    const en = chunkArticle(article('004_cefe45b9264134e7#2'), CHUNKING)[0];
    if (zh === undefined || en === undefined) throw new Error('no chunks');
    expect(zh.text).toContain('2016年6月5日');
    expect(en.text).toContain('5 June 2016');
    const zhTokens = new Set(tokenize(chunkIndexText(zh)));
    const enTokens = new Set(tokenize(chunkIndexText(en)));
    expect(zhTokens.has('y2016m06d05') && enTokens.has('y2016m06d05')).toBe(true);
  });

  it('every paired article shares the terms of the dates its editions mention (去年12月 ↔ December last year)', () => {
    const pairs = loaded.articles.filter((item) => item.lang === 'zh' && item.pairId !== null);
    expect(pairs).toHaveLength(11);
    for (const zh of pairs) {
      const zhTerms = termsOf(zh.id);
      const enTerms = termsOf(zh.pairId ?? '');
      expect([zh.id, [...zhTerms].filter((term) => !enTerms.has(term))]).toEqual([zh.id, []]);
    }
    expect(termsOf('000_fbe4f82aa1b47969#11').has('y2015m12')).toBe(true);
  });

  it('a BM25 index over chunkIndexText finds the day of both editions by its term', () => {
    const chunks = loaded.articles.flatMap((item) => chunkArticle(item, CHUNKING));
    const index = Bm25LexicalIndex.build(chunks.map((chunk, label) => ({ label, title: chunk.title, body: chunkIndexText(chunk) })));
    const found = new Set(index.search('y2016m06d05', 10).map((hit) => chunks[hit.label]?.articleId));
    expect(found).toEqual(new Set(['000_fbe4f82aa1b47969#2', '004_cefe45b9264134e7#2']));
  });
});
