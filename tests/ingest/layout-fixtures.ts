/**
 * The held-out layout fixtures (`tests/fixtures/layouts/`, see its README): reading a fixture and its
 * expected JSON, the fields compared, and which printed item a parsed article comes from (so pairs can be
 * judged even when the parser gets a title wrong).
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { Article, Language } from '../../src/core';
import { parseNewsletter, type ParsedNewsletter } from '../../src/ingest';

export const LAYOUTS_DIR = path.resolve(import.meta.dirname, '..', 'fixtures', 'layouts');

/** Where an article's date comes from: its source line, a full date in its text, or the issue's masthead. */
export type DateSource = 'source' | 'text' | 'issue';

/** One item of a fixture as printed: the fields the parser must recover. */
export interface ExpectedArticle {
  readonly title: string;
  /** ISO `YYYY-MM-DD`. */
  readonly date: string | null;
  readonly dateSource: DateSource | null;
  /** Outlet of the item's source line; null when it has none. */
  readonly source: string | null;
  /** Section heading the item stands under (carried to the following items until the next one); or null. */
  readonly section: string | null;
}

/** A fixture's `<layout>.<lang>.expected.json`. */
export interface ExpectedNewsletter {
  readonly issue: { readonly number: string | null; readonly date: string | null };
  readonly articles: readonly ExpectedArticle[];
  /** `[chinese item index, english item index]`, 0-based; only in the Chinese file's JSON. */
  readonly pairs?: readonly (readonly [number, number])[];
}

/** One fixture file: its name (`<layout>.<lang>`), text, truth and parse. */
export interface LayoutFixture {
  readonly name: string;
  readonly layout: string;
  readonly lang: Language;
  readonly text: string;
  readonly expected: ExpectedNewsletter;
}

/** Every fixture in {@link LAYOUTS_DIR}, sorted by name. */
export function readLayoutFixtures(): readonly LayoutFixture[] {
  return readdirSync(LAYOUTS_DIR)
    .filter((file) => /\.(zh|en)\.txt$/u.test(file))
    .sort()
    .map((file) => {
      const name = file.replace(/\.txt$/u, '');
      const [layout = '', lang = ''] = name.split('.');
      const expected = JSON.parse(readFileSync(path.join(LAYOUTS_DIR, `${name}.expected.json`), 'utf8')) as ExpectedNewsletter;
      return { name, layout, lang: lang as Language, text: readFileSync(path.join(LAYOUTS_DIR, file), 'utf8'), expected };
    });
}

/** Parses a fixture as the loader would a file named `layouts/<name>.txt`. */
export function parseFixture(fixture: LayoutFixture): ParsedNewsletter {
  return parseNewsletter(fixture.text, `layouts/${fixture.name}.txt`);
}

const CJK = '[\\p{Script=Han}\\u3000-\\u303f\\uff00-\\uffef“”‘’—·…]';
const SPACE_BETWEEN_CJK = new RegExp(`(?<=${CJK}) (?=${CJK})`, 'gu');

/** Whitespace normalisation: runs of whitespace become one space, none is kept between Chinese characters. */
export function normalizeText(text: string): string {
  return text.replace(/\s+/gu, ' ').trim().replace(SPACE_BETWEEN_CJK, '');
}

/** The compared fields of a parsed article, in the expected JSON's shape. */
export function actualArticle(article: Article): ExpectedArticle {
  return {
    title: normalizeText(article.title),
    date: article.date,
    dateSource: article.dateSource,
    source: article.source,
    section: article.section === null ? null : normalizeText(article.section),
  };
}

/** The expected article with its title and section whitespace-normalised like {@link actualArticle}. */
export function expectedArticle(article: ExpectedArticle): ExpectedArticle {
  return { ...article, title: normalizeText(article.title), section: article.section === null ? null : normalizeText(article.section) };
}

/**
 * Offsets in the fixture's text where each expected item's title is printed: the start of the last line
 * that is the title or, for a title wrapped over lines, its opening (so a contents list earlier in the
 * file, and a body that repeats the title inside a sentence, are passed over); -1 when not printed.
 */
export function itemStarts(fixture: LayoutFixture): readonly number[] {
  const lines: { readonly text: string; readonly offset: number }[] = [];
  let offset = 0;
  for (const line of fixture.text.split('\n')) {
    lines.push({ text: normalizeText(line), offset });
    offset += line.length + 1;
  }
  return fixture.expected.articles.map((article) => {
    const title = normalizeText(article.title);
    const shortest = Math.min(6, [...title].length);
    const line = lines.findLast((candidate) => [...candidate.text].length >= shortest && title.startsWith(candidate.text));
    return line?.offset ?? -1;
  });
}

/** Length of the opening of an article's body looked up in the text (whitespace left out). */
const PROBE_LENGTH = 30;

/**
 * The 0-based index of the printed item that a parsed article's body begins in (the last item whose title
 * is printed before the body's opening characters; whitespace is ignored in the search, since the parser
 * joins wrapped lines), or null when the body cannot be found in the text.
 */
export function itemIndexOf(fixture: LayoutFixture, article: Article): number | null {
  const probe = [...article.body.replace(/\s+/gu, '')].slice(0, PROBE_LENGTH).join('');
  if (probe === '') return null;
  const squashed: string[] = [];
  const original: number[] = [];
  for (const [index, character] of [...fixture.text].entries()) {
    if (/\s/u.test(character)) continue;
    squashed.push(character);
    original.push(index);
  }
  // Searched from the first item's title on: the masthead may share words with a body's opening.
  const firstStart = Math.min(...itemStarts(fixture).filter((start) => start !== -1));
  const from = original.findIndex((index) => index >= firstStart);
  const found = from === -1 ? -1 : squashed.join('').indexOf(probe, [...squashed.slice(0, from)].join('').length);
  if (found === -1) return null;
  const codePoints = [...squashed.join('').slice(0, found)].length;
  const at = [...fixture.text].slice(0, original[codePoints] ?? 0).join('').length;
  let index: number | null = null;
  itemStarts(fixture).forEach((start, position) => {
    if (start !== -1 && start <= at) index = position;
  });
  return index;
}

/** Found pairs judged against the expected ones, each written `zh#i ⇄ en#j` (item indices, `?` unknown). */
export interface PairScore {
  readonly right: readonly string[];
  readonly wrong: readonly string[];
  readonly missing: readonly string[];
}

/**
 * Judges the pairs that pairing put on the parsed Chinese and English editions of one layout.
 * @param paired - the two newsletters after `pairEditions` (any order).
 */
export function scorePairs(chinese: LayoutFixture, english: LayoutFixture, paired: readonly ParsedNewsletter[]): PairScore {
  const zh = paired.find((newsletter) => newsletter.lang === 'zh' && newsletter.file.includes(chinese.name));
  const en = paired.find((newsletter) => newsletter.lang === 'en' && newsletter.file.includes(english.name));
  const expected = new Set((chinese.expected.pairs ?? []).map(([left, right]) => `zh#${left} ⇄ en#${right}`));
  const found = new Set<string>();
  for (const article of zh?.articles ?? []) {
    if (article.pairId === null) continue;
    const partner = en?.articles.find((other) => other.id === article.pairId);
    const left = itemIndexOf(chinese, article);
    const right = partner === undefined ? null : itemIndexOf(english, partner);
    found.add(`zh#${left ?? '?'} ⇄ en#${right ?? '?'}`);
  }
  return {
    right: [...found].filter((pair) => expected.has(pair)),
    wrong: [...found].filter((pair) => !expected.has(pair)),
    missing: [...expected].filter((pair) => !found.has(pair)),
  };
}
