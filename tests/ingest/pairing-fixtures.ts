/**
 * Fixture factories for the pairing tests: articles and newsletters with overrides, the seed newsletters
 * parsed without pairs, and variants of them (renumbered and reordered, dates removed).
 */
import path from 'node:path';
import type { Article, IssueInfo, Language } from '../../src/core';
import { parseNewsletter, type ParsedNewsletter } from '../../src/ingest';
import { findFullDates } from '../../src/language';
import { readSeedFixture, SEED_NEWSLETTER_FILES } from '../support/seed-fixture';

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
    link: null,
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

/**
 * The seed newsletters of the fixture, parsed and not paired (as `loadNewsletters` sees them before
 * pairing), labelled `seeds/<file>` as if read from the repository's `seeds/`.
 */
export function parseSeeds(): readonly ParsedNewsletter[] {
  return SEED_NEWSLETTER_FILES.map((name) => parseNewsletter(readSeedFixture(name), `seeds/${name}`));
}

/** The fixture glossary's text. */
export function readSeedGlossary(): string {
  return readSeedFixture('glossary.tsv');
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
