/**
 * What "Show original" reveals: each cited passage and, when the article exists in the other language's
 * edition, the matching passage there. The cited passage is the citation's verbatim quote; the other
 * edition's passage is the paragraph at the same relative position of its body (the two editions translate
 * each other paragraph by paragraph, but not sentence by sentence, so the paragraph is the finest reliable
 * match). Articles come from `Assistant.article`. Paragraphs are shown without their sentences that address
 * the assistant (planted instructions, `withoutAssistantAddresses`), as answers never quote them.
 */
import type { Article } from '../core';
import type { Citation } from '../answer/types';
import { withoutAssistantAddresses } from '../language';
import type { OriginalPassage } from './format-reply';

/** Looks up an article by id; undefined when it is not in the index. */
export type ArticleLookup = (articleId: string) => Article | undefined;

/** The source page of an article (highlighting `quote` when given); null when pages are not linked. */
export type SourcePageLink = (articleId: string, quote?: string) => string | null;

/** Longest passage shown per edition, in characters; longer paragraphs are cut with an ellipsis. */
const PASSAGE_CHARACTERS = 1200;

function paragraphs(article: Article): string[] {
  return article.body
    .split(/\n\s*\n/)
    .map((paragraph) => withoutAssistantAddresses(paragraph).trim())
    .filter((paragraph) => paragraph !== '');
}

function cut(text: string): string {
  return text.length <= PASSAGE_CHARACTERS ? text : `${text.slice(0, PASSAGE_CHARACTERS - 1)}…`;
}

/** Whitespace-insensitive comparison key, so a quote matches its paragraph across line breaks. */
function compact(text: string): string {
  return text.replace(/\s+/g, '');
}

/**
 * Index of the paragraph of `article` containing (the start of) `quote`, as a fraction of the paragraph
 * count in [0, 1); 0 when the quote is not found.
 */
function relativePosition(article: Article, quote: string): number {
  const all = paragraphs(article);
  const probe = compact(quote).slice(0, 40);
  const index = probe === '' ? -1 : all.findIndex((paragraph) => compact(paragraph).includes(probe));
  return index <= 0 || all.length === 0 ? 0 : index / all.length;
}

/** The paragraph of `article` at relative position `position` (see {@link relativePosition}). */
function paragraphAt(article: Article, position: number): string | null {
  const all = paragraphs(article);
  if (all.length === 0) return null;
  return cut(all[Math.min(all.length - 1, Math.floor(position * all.length))] ?? all[0] ?? '');
}

/** The passages behind an answer's citations, ordered by marker number. */
export function passagesForCitations(citations: readonly Citation[], lookup: ArticleLookup): OriginalPassage[] {
  return [...citations]
    .sort((left, right) => left.n - right.n)
    .map((citation) => {
      const article = lookup(citation.articleId);
      const pairArticle = citation.pair === null ? undefined : lookup(citation.pair.articleId);
      const passage = citation.quote.trim() !== '' ? cut(citation.quote.trim()) : article === undefined ? null : paragraphAt(article, 0);
      const position = article === undefined ? 0 : relativePosition(article, citation.quote);
      return {
        n: citation.n,
        title: citation.title,
        source: citation.source,
        date: citation.date,
        issue: citation.issue,
        passage,
        url: citation.url ?? null,
        pair:
          citation.pair === null
            ? null
            : {
                title: citation.pair.title,
                lang: citation.pair.lang,
                passage: pairArticle === undefined ? null : paragraphAt(pairArticle, position),
                url: citation.pair.url ?? null,
              },
      };
    });
}

/**
 * The passages for bare article ids (when the answer itself is no longer remembered): each article's first
 * paragraph and its other edition's first paragraph, with their source pages when `link` gives them.
 * Unknown ids are left out.
 */
export function passagesForArticles(articleIds: readonly string[], lookup: ArticleLookup, link: SourcePageLink = () => null): OriginalPassage[] {
  return articleIds.flatMap((articleId) => {
    const article = lookup(articleId);
    if (article === undefined) return [];
    const pairArticle = article.pairId === null ? undefined : lookup(article.pairId);
    return [
      {
        n: null,
        title: article.title,
        source: article.source,
        date: article.date,
        issue: article.issue.label ?? null,
        passage: paragraphAt(article, 0),
        url: link(article.id, paragraphAt(article, 0) ?? undefined),
        pair:
          pairArticle === undefined
            ? null
            : { title: pairArticle.title, lang: pairArticle.lang, passage: paragraphAt(pairArticle, 0), url: link(pairArticle.id) },
      },
    ];
  });
}
