/**
 * The shortcuts of pairing at scale give the report of the plain method: candidate files found through the
 * date index are exactly the file pairs `relateFiles` relates (in input order), and text features kept
 * between calls with one names list never go stale.
 */
import { describe, expect, it } from 'vitest';
import { TextMemo, type Article } from '../../src/core';
import { findEditionPairs, relateFiles, type FileRelation, type ParsedNewsletter } from '../../src/ingest';
import { makeNewsletter, parseSeeds, readSeedGlossary } from './pairing-fixtures';
import { parseBilingualNames } from '../../src/language';

/** Every Chinese × English file pair `relateFiles` relates, Chinese files in order, then English files in order. */
function allRelatedPairs(newsletters: readonly ParsedNewsletter[]): FileRelation[] {
  const related: FileRelation[] = [];
  for (const chinese of newsletters.filter((newsletter) => newsletter.lang === 'zh')) {
    for (const english of newsletters.filter((newsletter) => newsletter.lang === 'en')) {
      const relation = relateFiles(chinese, english);
      if (relation !== null) related.push(relation);
    }
  }
  return related;
}

describe('candidate files through the date index', () => {
  it('are every pair relateFiles relates, in input order, over varied ranges, issues and undated files', () => {
    let seed = 7;
    const random = (limit: number): number => {
      seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0;
      return (seed >>> 16) % limit;
    };
    const day = (offset: number): string => new Date(Date.UTC(2016, 0, 1) + offset * 86_400_000).toISOString().slice(0, 10);
    const newsletters: ParsedNewsletter[] = [];
    for (let index = 0; index < 120; index += 1) {
      const lang = random(2) === 0 ? 'zh' : 'en';
      const start = random(400);
      // Some files span a long range (the index must widen its window for them), some are undated.
      const length = random(10) === 0 ? 60 + random(90) : random(12);
      const dates = random(8) === 0 ? [null] : [day(start), day(start + length), day(start + random(length + 1))];
      const issueNumber = random(4) === 0 ? String(random(6)) : null;
      const issueDate = random(3) === 0 ? day(start + random(200) - 100) : null;
      newsletters.push(
        makeNewsletter(`f${index}.${lang === 'zh' ? 'txt' : 'md'}`, lang, dates.map((date) => ({ date })), { number: issueNumber, date: issueDate, label: null }),
      );
    }
    const expected = allRelatedPairs(newsletters);
    expect(expected.length).toBeGreaterThan(100);
    expect(new Set(expected.map((relation) => relation.kind))).toEqual(new Set(['same-issue', 'overlapping-dates', 'undated']));
    expect(findEditionPairs(newsletters).filePairs).toEqual(expected);
  });

  it('are every related pair for the seed newsletters', () => {
    const seeds = parseSeeds();
    expect(findEditionPairs(seeds).filePairs).toEqual(allRelatedPairs(seeds));
  });
});

describe('text features kept between calls with one names list', () => {
  const names = parseBilingualNames(readSeedGlossary());

  it('give the same report as a fresh names list, again and again', () => {
    const seeds = parseSeeds();
    const fresh = findEditionPairs(seeds, { names: [...names] });
    expect(fresh.pairs.length).toBeGreaterThan(5);
    expect(findEditionPairs(seeds, { names })).toEqual(fresh);
    expect(findEditionPairs(seeds, { names })).toEqual(fresh);
  });

  it('follow a changed text rather than an article id', () => {
    const chinese = (body: string): ParsedNewsletter => makeNewsletter('zh.txt', 'zh', [{ title: '标题', body }]);
    const english = makeNewsletter('en.md', 'en', [{ title: 'Title', body: 'The Qingdao park invests 150 billion; CEPI joined at the 7th meeting.' }]);
    const shared = parseBilingualNames('Qingdao\t青岛\n');
    const before = findEditionPairs([chinese('青岛园区投资150亿元，引进CEPI等机构，第七次会议。'), english], { names: shared });
    expect(before.pairs[0]?.evidence?.sharedNames).toEqual(['Qingdao']);
    const changed = [chinese('园区投资150亿元，引进CEPI等机构，第七次会议。'), english];
    const after = findEditionPairs(changed, { names: shared });
    expect(after).toEqual(findEditionPairs(changed, { names: [...shared] }));
    expect(after.pairs.flatMap((pair) => pair.evidence?.sharedNames ?? [])).toEqual([]);
    const article = changed[0]?.articles[0] as Article;
    expect(article.id).toBe(before.pairs[0]?.chineseId);
  });
});

describe('text features kept in a memo between builds (featureMemo)', () => {
  it('give the report computed without one, from a fresh memo and from a stored one, reading nothing again', () => {
    const newsletters = parseSeeds();
    const names = parseBilingualNames(readSeedGlossary());
    const plain = JSON.stringify(findEditionPairs(newsletters, { names: [...names] }));
    const first = TextMemo.empty('test');
    expect(JSON.stringify(findEditionPairs(newsletters, { names: [...names], featureMemo: first }))).toBe(plain);
    const articles = newsletters.reduce((total, newsletter) => total + newsletter.articles.length, 0);
    expect(first.counts.derived).toBeGreaterThan(articles - 3);
    const { memo: stored } = TextMemo.parse(first.serialise(), 'test');
    expect(JSON.stringify(findEditionPairs(newsletters, { names: [...names], featureMemo: stored }))).toBe(plain);
    expect(stored.counts).toEqual({ reused: first.counts.derived, derived: 0 });
  });
});
