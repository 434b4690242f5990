/**
 * Pairing editions in general (issue 5): by shared evidence, not file names; one-to-one; with confidence;
 * articles without dates; the optional similarity callback. Golden data: tests/fixtures/articles.md.
 */
import { describe, expect, it } from 'vitest';
import type { Article } from '../../src/core';
import { applyEditionPairs, findEditionPairs, matchEditions, maximumWeightAssignment, pairConfidence, pairEditions, relateFiles, scorePair, similarityFromArticleVectors, type EditionPairingReport, type ParsedNewsletter } from '../../src/ingest';
import { readGroundTruth } from '../support/ground-truth';
import { makeNewsletter, parseSeeds, readSeedGlossary, reorderedCopy, withoutDates } from './pairing-fixtures';
import { findFullDates, parseBilingualNames } from '../../src/language';

const truth = readGroundTruth();
const names = parseBilingualNames(readSeedGlossary());

/** The expected pairs as `chinese title → english title`, from the ground truth. */
const expectedPairs = new Map(
  truth.filter((article) => article.file.startsWith('000_') && article.pairTitle !== null).map((article) => [article.title, article.pairTitle]),
);

/** The report's pairs as `chinese title → english title`. */
function pairedTitles(report: EditionPairingReport, newsletters: readonly ParsedNewsletter[]): Map<string, string> {
  const byId = new Map(newsletters.flatMap((newsletter) => newsletter.articles).map((article) => [article.id, article]));
  return new Map(report.pairs.map((pair) => [byId.get(pair.chineseId)?.title ?? pair.chineseId, byId.get(pair.englishId)?.title ?? pair.englishId]));
}

/** Every pair in `found` is a ground-truth pair (no false pairs). */
function expectOnlyTruePairs(found: ReadonlyMap<string, string>): void {
  for (const [chinese, english] of found) expect(english, chinese).toBe(expectedPairs.get(chinese));
}

describe('the seed newsletters (golden data from articles.md)', () => {
  const seeds = parseSeeds();

  it.each([
    ['evidence alone', {}],
    ['with the glossary names', { names }],
  ])('finds the 11 ground-truth pairs with high confidence and no false pair (%s)', (_label, options) => {
    expect(expectedPairs.size).toBe(11);
    const report = findEditionPairs(seeds, options);
    const found = pairedTitles(report, seeds);
    expect(found).toEqual(expectedPairs);
    for (const pair of report.pairs) {
      expect(pair.origin).toBe('evidence');
      expect(pair.confidence).toBeGreaterThanOrEqual(0.9);
      expect(pair.confidence).toBeLessThanOrEqual(1);
      expect(pair.evidence?.sameDate).toBe(true);
    }
  });

  it('compares only files of the same issue or overlapping dates', () => {
    const report = findEditionPairs(seeds);
    const filePairs = report.filePairs.map((relation) => `${relation.chineseFile} ${relation.englishFile}`);
    expect(filePairs).toContain('seeds/000_fbe4f82aa1b47969.txt seeds/004_cefe45b9264134e7.txt');
    // 002 (2018) and 003 (2019–2021, issue 824) share neither an issue nor dates with 004 (2016, No. 23).
    expect(filePairs.some((pair) => pair.includes('002_') || pair.includes('003_'))).toBe(false);
  });

  it('pairs the shuffled, renumbered English edition under another file name', () => {
    const english = seeds.find((newsletter) => newsletter.lang === 'en');
    if (english === undefined) throw new Error('no English seed');
    const order = [7, 3, 11, 1, 9, 5, 2, 10, 4, 8, 6];
    const shuffled = [...seeds.filter((newsletter) => newsletter !== english), reorderedCopy(english, 'seeds/zz-english-copy.md', order)];
    for (const options of [{}, { names }]) {
      const report = findEditionPairs(shuffled, options);
      expect(pairedTitles(report, shuffled)).toEqual(expectedPairs);
      for (const pair of report.pairs) expect(pair.evidence?.samePosition).toBe(false);
    }
  });

  it('pairs articles whose dates were removed by the other evidence, with no false pair', () => {
    const undated = seeds.map(withoutDates);
    for (const newsletter of undated) {
      for (const article of newsletter.articles) expect(findFullDates(article.body, article.lang), article.id).toEqual([]);
    }
    // With the glossary's bilingual names, every pair is still found.
    const withNames = findEditionPairs(undated, { names });
    expect(pairedTitles(withNames, undated)).toEqual(expectedPairs);
    for (const pair of withNames.pairs) expect(pair.evidence?.sameDate).toBe(false);
    // Numbers, Latin names and position alone: most pairs, none false; the rest are reported as near misses.
    const alone = findEditionPairs(undated);
    const found = pairedTitles(alone, undated);
    expectOnlyTruePairs(found);
    expect(found.size).toBeGreaterThanOrEqual(6);
    const unpairedChinese = undated[0]?.articles.filter((article) => !alone.pairs.some((pair) => pair.chineseId === article.id)) ?? [];
    for (const article of unpairedChinese) {
      expect(alone.nearMisses.some((miss) => miss.articleId === article.id || miss.candidateId === article.id), article.title).toBe(true);
    }
  });

  it('applies the pairs to both sides and carries the issue to the edition that does not state it', () => {
    const paired = pairEditions(seeds);
    const articles = paired.flatMap((newsletter) => newsletter.articles);
    expect(articles.filter((article) => article.pairId !== null)).toHaveLength(22);
    for (const article of articles) {
      if (article.pairId !== null) expect(articles.find((other) => other.id === article.pairId)?.pairId).toBe(article.id);
    }
    expect(paired.find((newsletter) => newsletter.file.includes('000_'))?.issue.number).toBe('23');
  });
});

describe('one-to-one assignment', () => {
  it('maximises the total score where greedy best-first would not', () => {
    // Greedy takes (0,0)=10 and then (1,1)=1: total 11. The optimum is (0,1)+(1,0) = 9+9 = 18.
    expect(maximumWeightAssignment([[10, 9], [9, 1]])).toEqual([[0, 1], [1, 0]]);
  });

  it('never chooses a forbidden cell and handles rectangular matrices', () => {
    expect(maximumWeightAssignment([[null, 2, 3], [5, null, null]])).toEqual([[0, 2], [1, 0]]);
    expect(maximumWeightAssignment([[null], [null]])).toEqual([]);
    expect(maximumWeightAssignment([])).toEqual([]);
  });

  it('gives each article at most one partner when two articles compete for one', () => {
    const chinese = makeNewsletter('zh.txt', 'zh', [
      { title: '甲', body: '会议于2016年6月5日举行，158个国家参加，CERC参与。', date: '2016-06-05' },
      { title: '乙', body: '会议于2016年6月5日举行，158个国家参加，CERC参与。', date: '2016-06-05' },
    ]);
    const english = makeNewsletter('en.md', 'en', [{ title: 'A', body: 'On 5 June 2016, 158 countries met; CERC took part.', date: '2016-06-05' }]);
    // Without the lexicon's ratio test: one pair, its confidence lowered by the equal runner-up.
    const report = findEditionPairs([chinese, english], { lexicon: null });
    expect(report.pairs).toHaveLength(1);
    expect(report.pairs[0]?.confidence).toBeLessThan(pairConfidence(report.pairs[0]?.score ?? 0, 10));
    // With it (the default), a weak pair that leads its runner-up by nothing is not made at all.
    const tested = findEditionPairs([chinese, english]);
    expect(tested.pairs).toEqual([]);
    expect(tested.nearMisses.map((miss) => miss.reason)).toContain('close-runner-up');
  });
});

describe('candidate files', () => {
  const dated = (file: string, lang: 'zh' | 'en', dates: readonly string[], issue: string | null = null): ParsedNewsletter =>
    makeNewsletter(file, lang, dates.map((date) => ({ date })), { number: issue, date: null, label: null });

  it('relates files by issue number, else by overlapping dates, never by name', () => {
    expect(relateFiles(dated('a.txt', 'zh', ['2016-01-01'], '23'), dated('b.md', 'en', ['2019-01-01'], '23'))?.kind).toBe('same-issue');
    expect(relateFiles(dated('a.txt', 'zh', ['2016-01-01', '2016-03-01']), dated('b.md', 'en', ['2016-02-01', '2016-05-01']))?.kind).toBe('overlapping-dates');
    expect(relateFiles(dated('same.txt', 'zh', ['2016-01-01'], '1'), dated('same.md', 'en', ['2018-01-01'], '2'))).toBeNull();
    expect(relateFiles(makeNewsletter('a.txt', 'zh', [{}]), dated('b.md', 'en', ['2018-01-01']))?.kind).toBe('undated');
    const numberOne = (file: string, lang: 'zh' | 'en', date: string): ParsedNewsletter =>
      makeNewsletter(file, lang, [{ date }], { number: '1', date, label: null });
    expect(relateFiles(numberOne('a.txt', 'zh', '2021-01-15'), numberOne('b.md', 'en', '2016-01-15'))).toBeNull();
  });
});

describe('evidence and threshold', () => {
  const zh = (body: string, date: string | null = null): Partial<Article> => ({ title: '标题', body, date });
  const en = (body: string, date: string | null = null): Partial<Article> => ({ title: 'Title', body, date });

  it('rules out source dates more than a week apart, however much else is shared', () => {
    const chinese = makeNewsletter('zh.txt', 'zh', [zh('158个国家，110个协定，CERC，ESOF2016。', '2016-06-05')]);
    const english = makeNewsletter('en.md', 'en', [en('158 countries, 110 agreements, CERC, ESOF2016.', '2016-07-05')]);
    expect(findEditionPairs([chinese, english]).pairs).toEqual([]);
    expect(scorePair(chinese.articles[0] as Article, english.articles[0] as Article)).toBe(0);
  });

  it('does not pair two articles on a shared date alone', () => {
    const chinese = makeNewsletter('zh.txt', 'zh', [zh('双方举行会谈。', '2016-06-05')]);
    // Different content on the same date (the translated terms share nothing: 双方/会谈 vs weather).
    const english = makeNewsletter('en.md', 'en', [en('The weather was fine.', '2016-06-05')]);
    const report = findEditionPairs([chinese, english]);
    expect(report.pairs).toEqual([]);
    expect(report.nearMisses[0]?.reason).toBe('too-little-content');
  });

  it('pairs undated articles by numbers, Latin names and glossary names', () => {
    const chinese = makeNewsletter('zh.txt', 'zh', [zh('青岛园区投资150亿元，引进CEPI等机构，第七次会议。')]);
    const english = makeNewsletter('en.md', 'en', [en('The Qingdao park invests 150 billion; CEPI joined at the 7th meeting.')]);
    const report = findEditionPairs([chinese, english], { names: parseBilingualNames('Qingdao\t青岛\n') });
    expect(report.pairs).toHaveLength(1);
    expect(report.pairs[0]?.evidence).toMatchObject({ sharedNumbers: expect.arrayContaining(['150', '#7']), sharedLatinNames: ['cepi'], sharedNames: ['Qingdao'] });
  });
});

describe('the similarity callback', () => {
  // Two candidate pairs per file; pair 1 is borderline (below the threshold on its own evidence).
  const chinese = makeNewsletter('zh.txt', 'zh', [
    { title: '中荷合作', body: '双方在北京举行会谈，约20家企业参加。' },
    { title: '中日交流', body: '计划共邀请78名青年，访问东京和大阪。' },
  ]);
  const english = makeNewsletter('en.md', 'en', [
    { title: 'China-Netherlands cooperation', body: 'Talks were held; around 20 companies took part.' },
    { title: 'China-Japan exchange', body: 'The program invites 78 young people to visit Tokyo and Osaka.' },
  ]);
  const similarity = (left: Article, right: Article): number => (left.position === right.position ? 0.93 : 0.71);
  // Without the lexicon: its translated terms (会谈 talks, 企业 companies) would pair zh#1 and en#1 on their own.
  const noLexicon = { lexicon: null } as const;

  it('is borderline without it', () => {
    const report = findEditionPairs([chinese, english], noLexicon);
    expect(report.pairs.some((pair) => pair.chineseId === 'zh#1')).toBe(false);
    expect(report.nearMisses.some((miss) => miss.articleId === 'zh#1' && miss.candidateId === 'en#1')).toBe(true);
  });

  it('turns the borderline pair into a pair (sync and async callbacks)', async () => {
    const sync = findEditionPairs([chinese, english], { ...noLexicon, similarity });
    const asynchronous = await matchEditions([chinese, english], { ...noLexicon, similarity: async (left, right) => similarity(left, right) });
    for (const report of [sync, asynchronous]) {
      expect(report.pairs.map((pair) => [pair.chineseId, pair.englishId])).toContainEqual(['zh#1', 'en#1']);
      expect(report.pairs.find((pair) => pair.chineseId === 'zh#1')?.evidence?.similarity).toBeCloseTo(0.93);
    }
  });

  it('does not pair on low similarity, and ignores a callback that fails', async () => {
    const low = findEditionPairs([chinese, english], { ...noLexicon, similarity: () => 0.71 });
    expect(low.pairs.some((pair) => pair.chineseId === 'zh#1')).toBe(false);
    const failing = await matchEditions([chinese, english], {
      ...noLexicon,
      similarity: async () => {
        throw new Error('model unavailable');
      },
    });
    expect(failing.pairs).toEqual(findEditionPairs([chinese, english], noLexicon).pairs);
  });

  it('computes cosine similarity from one vector per article', () => {
    const [left, right] = [chinese.articles[0], english.articles[0]] as [Article, Article];
    const similarityOf = similarityFromArticleVectors(new Map([[left.id, [1, 0]], [right.id, [1, 1]]]));
    expect(similarityOf(left, right)).toBeCloseTo(Math.SQRT1_2);
    expect(() => similarityOf(left, english.articles[1] as Article)).toThrow();
    // A pair without vectors gets no similarity term.
    const report = findEditionPairs([chinese, english], { ...noLexicon, similarity: similarityOf });
    const unvectored = report.nearMisses.find((miss) => [miss.articleId, miss.candidateId].sort().join() === 'en#2,zh#2');
    expect(unvectored?.evidence.similarity).toBeNull();
  });

  it('keeps the seed pairs when the similarity is uninformative', () => {
    const seeds = parseSeeds();
    const report = findEditionPairs(seeds, { similarity: () => 0.8 });
    expect(pairedTitles(report, seeds)).toEqual(expectedPairs);
  });
});

describe('applyEditionPairs', () => {
  it('clears pairs that the report does not contain', () => {
    const chinese = makeNewsletter('zh.txt', 'zh', [{ pairId: 'en#1' }]);
    const english = makeNewsletter('en.md', 'en', [{ pairId: 'zh#1' }]);
    const applied = applyEditionPairs([chinese, english], { pairs: [] });
    expect(applied.flatMap((newsletter) => newsletter.articles.map((article) => article.pairId))).toEqual([null, null]);
  });
});
