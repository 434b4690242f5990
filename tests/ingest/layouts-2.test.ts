/**
 * Held-out layouts, second set (tests/fixtures/layouts-2, see its README): newsletters in layouts the
 * parser was not written against, each in both editions, with hand-written ground truth. Every title,
 * date, date source, outlet, section and the issue are checked per file; each zh/en set is paired and its
 * pairs checked. The truth is what the text says, not what the parser does: failures are measurements.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Article } from '../../src/core';
import { pairEditions, parseNewsletter, type ParsedNewsletter } from '../../src/ingest';

const DIR = path.resolve(import.meta.dirname, '..', 'fixtures', 'layouts-2');

type DateSource = 'source' | 'text' | 'issue';

interface ExpectedArticle {
  readonly title: string;
  readonly date: string | null;
  readonly dateSource: DateSource | null;
  readonly source: string | null;
  readonly section: string | null;
}

interface Expected {
  readonly issue: { readonly number: string | null; readonly date: string | null };
  readonly articles: readonly ExpectedArticle[];
  /** Only in the zh file's truth: `[zhIndex, enIndex]`, 0-based. */
  readonly pairs?: readonly (readonly [number, number])[];
}

/** The fixture names without extension, e.g. `archive-contents.zh`. */
const FIXTURES = readdirSync(DIR)
  .filter((name) => name.endsWith('.txt'))
  .map((name) => name.replace(/\.txt$/u, ''))
  .sort();

/** The layout names that have both editions. */
const LAYOUTS = [...new Set(FIXTURES.map((name) => name.replace(/\.(zh|en)$/u, '')))].filter(
  (layout) => FIXTURES.includes(`${layout}.zh`) && FIXTURES.includes(`${layout}.en`),
);

function readExpected(name: string): Expected {
  return JSON.parse(readFileSync(path.join(DIR, `${name}.expected.json`), 'utf8')) as Expected;
}

function parseFixture(name: string): ParsedNewsletter {
  return parseNewsletter(readFileSync(path.join(DIR, `${name}.txt`), 'utf8'), `layouts-2/${name}.txt`);
}

/** CJK ideographs and full-width punctuation: a space between two of them is a line-join artefact. */
const CJK = '\\p{Script=Han}\\u3000-\\u303f\\uff00-\\uffef—·“”《》';

/** Whitespace normalisation: runs collapsed to one space; none kept between two CJK characters. */
function normalizeTitle(title: string): string {
  return title
    .replace(/\s+/gu, ' ')
    .trim()
    .replace(new RegExp(`(?<=[${CJK}]) (?=[${CJK}])`, 'gu'), '');
}

function actualArticle(article: Article): ExpectedArticle {
  return {
    title: normalizeTitle(article.title),
    date: article.date,
    dateSource: article.dateSource,
    source: article.source,
    section: article.section,
  };
}

/*
 * History (issue 12): this set was written by an author the parser's authors did not see. Its first
 * measurement gave 30 of 96 titles with the old parser, 82 with the rewritten one and 87 after a round fixed
 * on the first set (tests/fixtures/layouts/); the last 9 were then fixed on this set, which from there on is a
 * development set, no longer held out.
 */

/** The issue's target (issue 12): at least 97 % of items read exactly in each language. */
const MIN_EXACT_ITEM_SHARE = 0.97;
/** The issue's target (issue 12): at least 95 % of the expected pairs over all layouts, none wrong. */
const MIN_RIGHT_PAIR_SHARE = 0.95;

const key = (article: ExpectedArticle): string => JSON.stringify(article);

/** Expected items parsed exactly, and the count of wrong items (missed expected + parsed extras). */
function compare(name: string): { exact: number; wrong: number; total: number } {
  const expected = readExpected(name).articles.map((article) => key({ ...article, title: normalizeTitle(article.title) }));
  const remaining = new Map<string, number>();
  for (const item of expected) remaining.set(item, (remaining.get(item) ?? 0) + 1);
  let exact = 0;
  let extras = 0;
  for (const article of parseFixture(name).articles) {
    const item = key(actualArticle(article));
    const left = remaining.get(item) ?? 0;
    if (left > 0) {
      remaining.set(item, left - 1);
      exact += 1;
    } else extras += 1;
  }
  return { exact, wrong: expected.length - exact + extras, total: expected.length };
}

describe('held-out layouts (second set): articles and issue per file', () => {
  it('has six layouts or more, each in both editions, with 6–12 items', () => {
    expect(LAYOUTS.length).toBeGreaterThanOrEqual(6);
    for (const layout of LAYOUTS) {
      const zh = readExpected(`${layout}.zh`);
      const en = readExpected(`${layout}.en`);
      expect(zh.articles.length, layout).toBe(en.articles.length);
      expect(zh.articles.length, layout).toBeGreaterThanOrEqual(6);
      expect(zh.articles.length, layout).toBeLessThanOrEqual(12);
    }
  });

  it.each(FIXTURES)('%s', (name) => {
    const expected = readExpected(name);
    const parsed = parseFixture(name);
    expect.soft(parsed.lang, 'language').toBe(name.endsWith('.zh') ? 'zh' : 'en');
    expect.soft({ number: parsed.issue.number, date: parsed.issue.date }, 'issue').toEqual(expected.issue);
    expect(parsed.articles.map(actualArticle), 'articles').toEqual(
      expected.articles.map((article) => ({ ...article, title: normalizeTitle(article.title) })),
    );
  });

  it.each(['zh', 'en'])('%s: at least 97 percent of the items read exactly (title, date, dateSource, source, section)', (lang) => {
    const figures = FIXTURES.filter((name) => name.endsWith(`.${lang}`)).map(compare);
    const exact = figures.reduce((sum, figure) => sum + figure.exact, 0);
    const total = figures.reduce((sum, figure) => sum + figure.total, 0);
    expect(exact / total).toBeGreaterThanOrEqual(MIN_EXACT_ITEM_SHARE);
  });
});

describe('held-out layouts (second set): edition pairing', () => {
  /** Right and wrong pairs of one layout; a pair involving a misread title is neither (it counts as missing). */
  function pairFigures(layout: string): { right: number; wrong: number; expected: number } {
    const zhTruth = readExpected(`${layout}.zh`);
    const enTruth = readExpected(`${layout}.en`);
    const titleOf = (truth: Expected, index: number): string => normalizeTitle(truth.articles[index]?.title ?? `#${index}`);
    const expectedPairs = new Set((zhTruth.pairs ?? []).map(([zh, en]) => `${titleOf(zhTruth, zh)} ⇔ ${titleOf(enTruth, en)}`));
    const zhTitles = new Set(zhTruth.articles.map((article) => normalizeTitle(article.title)));
    const enTitles = new Set(enTruth.articles.map((article) => normalizeTitle(article.title)));
    const paired = pairEditions([parseFixture(`${layout}.zh`), parseFixture(`${layout}.en`)]);
    const articles = paired.flatMap((newsletter) => newsletter.articles);
    const byId = new Map(articles.map((article) => [article.id, article]));
    let right = 0;
    let wrong = 0;
    for (const article of articles) {
      if (article.lang !== 'zh' || article.pairId === null) continue;
      const zh = normalizeTitle(article.title);
      const en = normalizeTitle(byId.get(article.pairId)?.title ?? '');
      if (expectedPairs.has(`${zh} ⇔ ${en}`)) right += 1;
      else if (zhTitles.has(zh) && enTitles.has(en)) wrong += 1;
    }
    return { right, wrong, expected: expectedPairs.size };
  }

  it.each(LAYOUTS)('%s: no wrong pair', (layout) => {
    const figures = pairFigures(layout);
    expect(figures.expected).toBeGreaterThan(0);
    expect(figures.wrong).toBe(0);
  });

  it('finds at least 95 % of the expected pairs over all layouts', () => {
    const figures = LAYOUTS.map(pairFigures);
    const right = figures.reduce((sum, figure) => sum + figure.right, 0);
    const expected = figures.reduce((sum, figure) => sum + figure.expected, 0);
    expect(right / expected).toBeGreaterThanOrEqual(MIN_RIGHT_PAIR_SHARE);
  });
});
