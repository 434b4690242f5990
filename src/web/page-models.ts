/**
 * What each source page shows, as plain data for its template: an article with its paragraphs (anchored
 * `#p-1`, `#p-2`, … and the cited passage marked), its other edition aligned beside it, an issue's items,
 * the archive's newest items, search results and answers with numbered citations. All text stays text here:
 * the templates escape it (see `web-app.ts`).
 */
import { issueKeyOf, type AnswerResult, type HighlightParameters } from '../answer';
import type { Article, DateSource, Language } from '../core';
import { formatAbsoluteDate } from '../language';
import type { RetrievedArticle } from '../retrieve';
import type { ArchiveCatalog, ArchiveIssue } from './archive';
import { alignEditions } from './edition-alignment';
import { highlightParagraphs, type TextSegment } from './highlight';

/** The pages' own paths (relative, so the pages work under whatever host serves them). */
export const PAGE_PATHS = Object.freeze({
  home: '/',
  ask: '/ask',
  source: (articleId: string): string => `/sources/${encodeURIComponent(articleId)}`,
  issue: (key: string): string => `/issues/${encodeURIComponent(key)}`,
});

/** Labels in each edition's language, for the metadata of an article shown in it. */
const LABELS: Readonly<Record<Language, Readonly<Record<string, string>>>> = {
  en: { source: 'Source', date: 'Date', issue: 'Issue', section: 'Section', language: 'English edition', original: 'Original link', noIssue: 'Issue not stated' },
  zh: { source: '来源', date: '日期', issue: '期号', section: '栏目', language: '中文版', original: '原文链接', noIssue: '未注明期号' },
};

/** Where a date came from, in the article's language. */
const DATE_SOURCE_NOTES: Readonly<Record<Language, Readonly<Record<DateSource, string>>>> = {
  en: { source: 'from the source line', text: 'from the article text', issue: 'date of the issue' },
  zh: { source: '据来源行', text: '据正文', issue: '本期出版日期' },
};

/** One paragraph on a page. */
export interface ParagraphView {
  /** 1-based. */
  readonly number: number;
  /** Fragment id: `p-<number>` for the page's article, `pair-p-<number>` for its other edition. */
  readonly anchor: string;
  readonly segments: readonly TextSegment[];
  /** True when a segment is marked, or when it is the counterpart of a marked paragraph. */
  readonly highlighted: boolean;
}

/** An article's header and text as a page shows it. */
export interface ArticleView {
  readonly id: string;
  readonly url: string;
  readonly title: string;
  readonly subtitle: string | null;
  readonly lang: Language;
  /** BCP 47 tag for the `lang` attribute, so browsers pick Chinese fonts for Chinese text. */
  readonly htmlLang: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly source: string | null;
  readonly date: string | null;
  /** The date written out absolutely in the article's language. */
  readonly dateText: string | null;
  /** Where the date came from, in the article's language; null when undated. */
  readonly dateNote: string | null;
  readonly issueLabel: string | null;
  readonly issueUrl: string;
  readonly section: string | null;
  /** The item's own link as published (an http(s) URL); null when none. */
  readonly link: string | null;
  readonly file: string;
  readonly paragraphs: readonly ParagraphView[];
}

/** One row of the side-by-side view: paragraphs of the article and their counterparts in the other edition. */
export interface AlignedRow {
  /** False for a run of paragraphs the alignment does not trust pairwise (shown side by side, unmatched). */
  readonly aligned: boolean;
  readonly primary: readonly ParagraphView[];
  readonly pair: readonly ParagraphView[];
}

/** The source page. */
export interface SourcePageModel {
  readonly article: ArticleView;
  readonly pair: ArticleView | null;
  /** Rows of aligned paragraphs; null when there is no other edition or no alignment is trusted (shown as two columns). */
  readonly rows: readonly AlignedRow[] | null;
  /** `asked`: the link asked for a highlight; `found`: it was found in this version of the text. */
  readonly highlight: { readonly asked: boolean; readonly found: boolean };
}

function htmlLang(lang: Language): string {
  return lang === 'zh' ? 'zh-Hans' : 'en';
}

/** The paragraphs of an article body (blank-line separated, trimmed, empty ones dropped). */
export function bodyParagraphs(article: Article): string[] {
  return article.body
    .split(/\n\s*\n/u)
    .map((paragraph) => paragraph.trim())
    .filter((paragraph) => paragraph !== '');
}

function articleView(article: Article, paragraphs: readonly ParagraphView[]): ArticleView {
  return {
    id: article.id,
    url: PAGE_PATHS.source(article.id),
    title: article.title,
    subtitle: article.subtitle,
    lang: article.lang,
    htmlLang: htmlLang(article.lang),
    labels: LABELS[article.lang],
    source: article.source,
    date: article.date,
    dateText: formatAbsoluteDate(article.date, article.lang),
    dateNote: article.dateSource === null || article.date === null ? null : DATE_SOURCE_NOTES[article.lang][article.dateSource],
    issueLabel: article.issue.label,
    issueUrl: PAGE_PATHS.issue(issueKeyOf(article.id)),
    section: article.section,
    link: safeLink(article.link),
    file: article.file,
    paragraphs,
  };
}

/** `link` when it is an absolute http(s) URL, else null (a page never links `javascript:` or `data:`). */
function safeLink(link: string | null): string | null {
  if (link === null) return null;
  try {
    const url = new URL(link);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

function paragraphViews(segments: readonly (readonly TextSegment[])[], prefix: string, counterparts: ReadonlySet<number> = new Set()): ParagraphView[] {
  return segments.map((paragraph, index) => ({
    number: index + 1,
    anchor: `${prefix}p-${index + 1}`,
    segments: paragraph,
    highlighted: paragraph.some((segment) => segment.marked) || counterparts.has(index),
  }));
}

/**
 * The source page of `article`, with `pair` (its other edition) beside it and `highlight` marked.
 * Paragraphs are aligned by {@link alignEditions}; when it trusts no bead at all the editions are shown as
 * two unaligned columns (`rows` null).
 */
export function sourcePageModel(article: Article, pair: Article | undefined, highlight: HighlightParameters | null): SourcePageModel {
  const primaryTexts = bodyParagraphs(article);
  const marked = highlightParagraphs(primaryTexts, highlight);
  const primary = paragraphViews(marked.paragraphs, '');
  const highlightState = { asked: highlight !== null, found: marked.firstMarkedParagraph !== null };
  if (pair === undefined) return { article: articleView(article, primary), pair: null, rows: null, highlight: highlightState };
  const pairTexts = bodyParagraphs(pair);
  const editionRows = alignEditions(primaryTexts, pairTexts, { left: article.lang, right: pair.lang });
  // The other edition's counterpart of the cited passage: the paragraphs of its trusted rows only.
  const counterparts = new Set<number>();
  for (const row of editionRows) if (row.aligned && row.left.some((index) => primary[index]?.highlighted === true)) for (const index of row.right) counterparts.add(index);
  const pairViews = paragraphViews(
    pairTexts.map((text) => [{ text, marked: false }]),
    'pair-',
    counterparts,
  );
  const aligned = editionRows.some((row) => row.aligned);
  const rows = aligned
    ? editionRows.map((row) => ({
        aligned: row.aligned,
        primary: row.left.map((index) => primary[index]).filter((view): view is ParagraphView => view !== undefined),
        pair: row.right.map((index) => pairViews[index]).filter((view): view is ParagraphView => view !== undefined),
      }))
    : null;
  return { article: articleView(article, primary), pair: articleView(pair, pairViews), rows, highlight: highlightState };
}

/** One item in a list (issue, newest, search results, an answer's sources). */
export interface ItemSummary {
  readonly id: string;
  readonly url: string;
  readonly title: string;
  readonly lang: Language;
  readonly htmlLang: string;
  readonly source: string | null;
  readonly date: string | null;
  readonly dateText: string | null;
  readonly issueLabel: string | null;
  readonly issueUrl: string;
  readonly section: string | null;
  /** The other edition's title and page; null when unpaired or not in the index. */
  readonly pair: { readonly title: string; readonly url: string; readonly htmlLang: string; readonly lang: Language } | null;
  /** A short excerpt (search results only). */
  readonly excerpt: string | null;
}

function itemSummary(article: Article, catalog: ArchiveCatalog, excerpt: string | null = null): ItemSummary {
  const pair = article.pairId === null ? undefined : catalog.article(article.pairId);
  return {
    id: article.id,
    url: PAGE_PATHS.source(article.id),
    title: article.title,
    lang: article.lang,
    htmlLang: htmlLang(article.lang),
    source: article.source,
    date: article.date,
    dateText: formatAbsoluteDate(article.date, article.lang),
    issueLabel: article.issue.label,
    issueUrl: PAGE_PATHS.issue(issueKeyOf(article.id)),
    section: article.section,
    pair: pair === undefined ? null : { title: pair.title, url: PAGE_PATHS.source(pair.id), htmlLang: htmlLang(pair.lang), lang: pair.lang },
    excerpt,
  };
}

/** An issue's page: its items in order, grouped under their sections, and the issue in the other edition. */
export interface IssuePageModel {
  readonly key: string;
  readonly label: string | null;
  readonly lang: Language;
  readonly htmlLang: string;
  readonly dateText: string | null;
  readonly file: string;
  readonly items: readonly (ItemSummary & { readonly position: number; readonly newSection: string | null })[];
  readonly otherEditions: readonly { readonly url: string; readonly label: string; readonly htmlLang: string }[];
}

export function issuePageModel(issue: ArchiveIssue, catalog: ArchiveCatalog): IssuePageModel {
  let section: string | null = null;
  const items = issue.articles.map((article) => {
    const newSection = article.section !== null && article.section !== section ? article.section : null;
    section = article.section;
    return { ...itemSummary(article, catalog), position: article.position, newSection };
  });
  return {
    key: issue.key,
    label: issue.label,
    lang: issue.lang,
    htmlLang: htmlLang(issue.lang),
    dateText: formatAbsoluteDate(issue.date, issue.lang),
    file: issue.file,
    items,
    otherEditions: catalog.otherEditions(issue).map((other) => ({
      url: PAGE_PATHS.issue(other.key),
      label: `${LABELS[other.lang].language}${other.label === null ? '' : ` · ${other.label}`}`,
      htmlLang: htmlLang(other.lang),
    })),
  };
}

/** The home page: the newest items and issues, and search results when a query was given. */
export interface HomePageModel {
  readonly query: string;
  /** True when a query was searched (then `results` is an array, possibly empty). */
  readonly searched: boolean;
  readonly results: readonly ItemSummary[] | null;
  readonly newest: readonly ItemSummary[];
  readonly issues: readonly { readonly url: string; readonly label: string; readonly htmlLang: string; readonly dateText: string | null; readonly count: number }[];
  readonly counts: { readonly articles: number; readonly issues: number };
}

/** How many newest items and issues the home page lists. */
export const HOME_PAGE_LIMITS = Object.freeze({ newestItems: 12, issues: 30, searchResults: 10, excerptCharacters: 220 });

export function homePageModel(catalog: ArchiveCatalog, query: string, results: readonly RetrievedArticle[] | null): HomePageModel {
  const excerpt = (result: RetrievedArticle): string => {
    const text = (result.chunks[0]?.chunk.text ?? result.article.body).replace(/\s+/gu, ' ').trim();
    return text.length <= HOME_PAGE_LIMITS.excerptCharacters ? text : `${text.slice(0, HOME_PAGE_LIMITS.excerptCharacters - 1)}…`;
  };
  return {
    query,
    searched: results !== null,
    results: results === null ? null : results.map((result) => itemSummary(result.article, catalog, excerpt(result))),
    newest: catalog.newest.slice(0, HOME_PAGE_LIMITS.newestItems).map((article) => itemSummary(article, catalog)),
    issues: catalog.issues.slice(0, HOME_PAGE_LIMITS.issues).map((issue) => ({
      url: PAGE_PATHS.issue(issue.key),
      label: issue.label ?? issue.key,
      htmlLang: htmlLang(issue.lang),
      dateText: formatAbsoluteDate(issue.date, issue.lang),
      count: issue.articles.length,
    })),
    counts: { articles: catalog.newest.length, issues: catalog.issues.length },
  };
}

/** A piece of an answer's text: plain text, or a `[n]` marker linking to its citation. */
export type AnswerPiece = { readonly text: string; readonly marker: null } | { readonly text: string; readonly marker: number };

/** The answer page. */
export interface AskPageModel {
  readonly question: string;
  readonly found: boolean;
  readonly htmlLang: string;
  readonly paragraphs: readonly (readonly AnswerPiece[])[];
  readonly citations: readonly (ItemSummary & { readonly n: number; readonly quote: string; readonly quoteUrl: string })[];
  readonly related: readonly ItemSummary[];
}

/** Splits answer text into paragraphs of text and `[n]` markers (only markers of existing citations link). */
function answerPieces(answer: string, markers: ReadonlySet<number>): AnswerPiece[][] {
  return answer
    .split(/\n\s*\n/u)
    .filter((paragraph) => paragraph.trim() !== '')
    .map((paragraph) => {
      const pieces: AnswerPiece[] = [];
      let last = 0;
      for (const match of paragraph.matchAll(/\[(\d{1,3})\]/gu)) {
        const n = Number(match[1]);
        if (!markers.has(n)) continue;
        if (match.index > last) pieces.push({ text: paragraph.slice(last, match.index), marker: null });
        pieces.push({ text: match[0], marker: n });
        last = match.index + match[0].length;
      }
      if (last < paragraph.length) pieces.push({ text: paragraph.slice(last), marker: null });
      return pieces;
    });
}

/** The answer page of `result`; citations link to their source pages with the quote highlighted. */
export function askPageModel(result: AnswerResult, catalog: ArchiveCatalog, sourceUrl: (articleId: string, quote: string) => string): AskPageModel {
  const citations = result.citations.flatMap((citation) => {
    const article = catalog.article(citation.articleId);
    if (article === undefined) return [];
    return [{ ...itemSummary(article, catalog), n: citation.n, quote: citation.quote, quoteUrl: sourceUrl(citation.articleId, citation.quote) }];
  });
  const related = result.related.flatMap((item) => {
    const article = catalog.article(item.articleId);
    return article === undefined ? [] : [itemSummary(article, catalog)];
  });
  return {
    question: result.question,
    found: result.found,
    htmlLang: htmlLang(result.lang),
    paragraphs: answerPieces(result.answer, new Set(citations.map((citation) => citation.n))),
    citations,
    related,
  };
}
