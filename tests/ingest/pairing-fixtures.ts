/**
 * Fixture factories for the pairing tests: articles and newsletters with overrides, the seed newsletters
 * parsed without pairs, and variants of them (renumbered and reordered, dates removed).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Article, IssueInfo, Language } from '../../src/core';
import { parseNewsletter, type ParsedNewsletter } from '../../src/ingest';
import { findFullDates } from '../../src/language';

export const ROOT = path.resolve(import.meta.dirname, '..', '..');
export const NO_ISSUE: IssueInfo = { number: null, date: null, label: null };

/** An article; `file` and `position` make its id unless `id` is given. */
export function makeArticle(overrides: Partial<Article> & { readonly file: string; readonly position: number; readonly lang: Language }): Article {
  const stem = path.posix.basename(overrides.file).replace(/\.[^.]+$/u, '');
  return {
    id: `${stem}#${overrides.position}`,
    title: `Article ${overrides.position}`,
    subtitle: null,
    body: '',
    source: null,
    date: null,
    dateSource: null,
    issue: NO_ISSUE,
    section: null,
    pairId: null,
    ...overrides,
  };
}

/** A newsletter of `articles` (given without file, position and language, which it fills in). */
export function makeNewsletter(
  file: string,
  lang: Language,
  articles: readonly Partial<Article>[],
  issue: IssueInfo = NO_ISSUE,
): ParsedNewsletter {
  return {
    file,
    lang,
    issue,
    articles: articles.map((article, index) => makeArticle({ ...article, file, position: index + 1, lang, issue })),
    report: { masthead: [], issue, contents: [], evidence: [], dropped: [], droppedCount: 0, warnings: [] },
  };
}

/** The seed newsletters, parsed and not paired (as `loadNewsletters` sees them before pairing). */
export function parseSeeds(): readonly ParsedNewsletter[] {
  const seeds = path.join(ROOT, 'seeds');
  const files = ['000_fbe4f82aa1b47969.txt', '001_37b9a76959784536.txt', '002_2c1c661e719975d5.txt', '003_7cf65abead2505ed.txt', '004_cefe45b9264134e7.txt'];
  return files.map((name) => parseNewsletter(readFileSync(path.join(seeds, name), 'utf8'), `seeds/${name}`));
}

/** The seed glossary's text. */
export function readSeedGlossary(): string {
  return readFileSync(path.join(ROOT, 'seeds', 'glossary.tsv'), 'utf8');
}

/**
 * A copy of `newsletter` under another file name, its articles in `order` (1-based old positions) and
 * renumbered, with no issue stated.
 */
export function reorderedCopy(newsletter: ParsedNewsletter, file: string, order: readonly number[]): ParsedNewsletter {
  const stem = path.posix.basename(file).replace(/\.[^.]+$/u, '');
  return {
    file,
    lang: newsletter.lang,
    issue: NO_ISSUE,
    report: { ...newsletter.report, issue: NO_ISSUE },
    articles: order.map((oldPosition, index) => {
      const article = newsletter.articles[oldPosition - 1];
      if (article === undefined) throw new Error(`no article at position ${oldPosition} of ${newsletter.file}`);
      return { ...article, id: `${stem}#${index + 1}`, file, position: index + 1, issue: NO_ISSUE };
    }),
  };
}

/** `newsletter` with no dates: no source dates, no full dates in titles or bodies, no issue. */
export function withoutDates(newsletter: ParsedNewsletter): ParsedNewsletter {
  const strip = (text: string, lang: Language): string => {
    let result = text;
    for (const found of findFullDates(text, lang)) result = result.replace(found.text, '');
    return result;
  };
  return {
    ...newsletter,
    issue: NO_ISSUE,
    articles: newsletter.articles.map((article) => ({
      ...article,
      title: strip(article.title, article.lang),
      body: strip(article.body, article.lang),
      date: null,
      dateSource: null,
      issue: NO_ISSUE,
    })),
  };
}
