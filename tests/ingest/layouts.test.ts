/**
 * Held-out layouts: newsletters in layouts the parser was not written against (`tests/fixtures/layouts/`,
 * see its README), each with its hand-written ground truth. For every file: the issue, and every item's
 * title, date, date source, outlet and section. For every Chinese/English set: the edition pairs.
 * Expected to fail in places against a parser that does not handle a layout: that is the measurement.
 */
import { describe, expect, it } from 'vitest';
import { pairEditions } from '../../src/ingest';
import { actualArticle, expectedArticle, itemStarts, parseFixture, readLayoutFixtures, scorePairs, type LayoutFixture } from './layout-fixtures';

const fixtures = readLayoutFixtures();
const layouts = [...new Set(fixtures.map((fixture) => fixture.layout))];

function fixtureOf(layout: string, lang: 'zh' | 'en'): LayoutFixture {
  const fixture = fixtures.find((candidate) => candidate.layout === layout && candidate.lang === lang);
  if (fixture === undefined) throw new Error(`no ${lang} fixture for layout ${layout}`);
  return fixture;
}

describe('the layout fixtures themselves', () => {
  it('come as six or more layouts, each in both languages, with 6–12 items and pairs for every item', () => {
    expect(layouts.length).toBeGreaterThanOrEqual(6);
    for (const layout of layouts) {
      const chinese = fixtureOf(layout, 'zh');
      const english = fixtureOf(layout, 'en');
      expect(chinese.expected.articles.length, layout).toBe(english.expected.articles.length);
      expect(chinese.expected.articles.length, layout).toBeGreaterThanOrEqual(6);
      expect(chinese.expected.articles.length, layout).toBeLessThanOrEqual(12);
      expect(chinese.expected.pairs?.length, layout).toBe(chinese.expected.articles.length);
      expect(english.expected.pairs, layout).toBeUndefined();
    }
  });

  it('print every expected title once as an item heading, in the expected order', () => {
    for (const fixture of fixtures) {
      const starts = itemStarts(fixture);
      expect(starts.every((start) => start >= 0), fixture.name).toBe(true);
      expect([...starts].sort((left, right) => left - right), fixture.name).toEqual(starts);
    }
  });
});

describe('each layout fixture parses to its ground truth', () => {
  it.each(fixtures.map((fixture) => [fixture.name, fixture] as const))('%s', (_name, fixture) => {
    const parsed = parseFixture(fixture);
    expect.soft({ number: parsed.issue.number, date: parsed.issue.date }, 'issue').toEqual(fixture.expected.issue);
    expect.soft(parsed.lang, 'language').toBe(fixture.lang);
    expect(parsed.articles.map(actualArticle), 'articles').toEqual(fixture.expected.articles.map(expectedArticle));
  });
});

/** The issue's target (issue 12): at least 95 % of the expected pairs found over all layouts, none wrong. */
const MIN_RIGHT_PAIR_SHARE = 0.95;

describe('edition pairing on the layout fixtures', () => {
  const scoreOf = (layout: string): ReturnType<typeof scorePairs> => {
    const chinese = fixtureOf(layout, 'zh');
    const english = fixtureOf(layout, 'en');
    return scorePairs(chinese, english, pairEditions([parseFixture(chinese), parseFixture(english)]));
  };

  it.each(layouts)('%s: no wrong pair', (layout) => {
    expect(scoreOf(layout).wrong, 'wrong pairs').toEqual([]);
  });

  it('finds at least 95 % of the expected pairs over all layouts', () => {
    let expected = 0;
    let missing = 0;
    for (const layout of layouts) {
      expected += fixtureOf(layout, 'zh').expected.pairs?.length ?? 0;
      missing += scoreOf(layout).missing.length;
    }
    expect(expected).toBeGreaterThan(0);
    expect((expected - missing) / expected).toBeGreaterThanOrEqual(MIN_RIGHT_PAIR_SHARE);
  });
});
