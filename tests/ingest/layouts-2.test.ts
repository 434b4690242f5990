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
  return parseNewsletter(readFileSync(path.join(DIR, `${name}.txt`), 'utf8'), `layouts-2/${name}`);
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

/** The old `dateOrigin` values under their new `dateSource` names. */
function mapOld(origin: unknown): DateSource | null {
  if (origin === 'source-line') return 'source';
  if (origin === 'body') return 'text';
  if (origin === 'issue') return 'issue';
  return null;
}

/** `dateSource` after the rename, `dateOrigin` mapped before it. */
function dateSourceOf(article: Article): DateSource | null {
  const renamed = (article as unknown as { dateSource?: DateSource | null }).dateSource;
  return renamed ?? mapOld((article as unknown as { dateOrigin?: unknown }).dateOrigin);
}

function actualArticle(article: Article): ExpectedArticle {
  return {
    title: normalizeTitle(article.title),
    date: article.date,
    dateSource: dateSourceOf(article),
    source: article.source,
    section: article.section,
  };
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
});

describe('held-out layouts (second set): edition pairing', () => {
  it.each(LAYOUTS)('%s: the expected pairs are found and none wrong', (layout) => {
    const zhTruth = readExpected(`${layout}.zh`);
    const enTruth = readExpected(`${layout}.en`);
    const titleOf = (truth: Expected, index: number): string => normalizeTitle(truth.articles[index]?.title ?? `#${index}`);
    const expectedPairs = (zhTruth.pairs ?? []).map(([zh, en]) => `${titleOf(zhTruth, zh)} ⇔ ${titleOf(enTruth, en)}`).sort();
    expect(expectedPairs.length).toBeGreaterThan(0);

    const paired = pairEditions([parseFixture(`${layout}.zh`), parseFixture(`${layout}.en`)]);
    const articles = paired.flatMap((newsletter) => newsletter.articles);
    const byId = new Map(articles.map((article) => [article.id, article]));
    const found = articles
      .filter((article) => article.lang === 'zh' && article.pairId !== null)
      .map((article) => `${normalizeTitle(article.title)} ⇔ ${normalizeTitle(byId.get(article.pairId ?? '')?.title ?? String(article.pairId))}`)
      .sort();
    expect(found).toEqual(expectedPairs);
  });
});
