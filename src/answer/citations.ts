/**
 * Builds the numbered citations both answerers show: title, outlet, date, issue, file, a verbatim quote,
 * and the other-language edition as a paired link (never as a second source).
 */
import type { Article } from '../core';
import { findAssistantAddresses } from '../language';
import type { Citation, RelatedItem } from './types';

/** Longest quote (characters) made of the span between the first and the last quoted sentence. */
const MAX_SPAN_QUOTE = 600;

/** The fields of an article that a {@link RelatedItem} (and every citation) shows. */
export function toRelatedItem(article: Article): RelatedItem {
  return {
    articleId: article.id,
    title: article.title,
    source: article.source,
    date: article.date,
    issue: article.issue.label,
    lang: article.lang,
    file: article.file,
  };
}

/** The citation numbered `n` for `article`, quoting `quote`; `pair` is its other-language edition, if any. */
export function toCitation(n: number, article: Article, quote: string, pair: Article | undefined): Citation {
  return {
    n,
    ...toRelatedItem(article),
    quote,
    pair: pair === undefined ? null : { articleId: pair.id, title: pair.title, lang: pair.lang, file: pair.file },
    link: article.link,
  };
}

/**
 * A verbatim quote from `body` for `sentences` (in text order): the body's span from the first sentence
 * to the last when they stand together or the span is short, else the first sentence alone. A span is cut
 * before any sentence in it that addresses the assistant (`findAssistantAddresses`), so a quote never
 * carries a planted instruction that stood between two quoted sentences.
 */
export function verbatimQuote(body: string, sentences: readonly string[]): string {
  const first = sentences[0];
  const last = sentences[sentences.length - 1];
  if (first === undefined || last === undefined) return '';
  const start = body.indexOf(first);
  const end = body.indexOf(last, start === -1 ? 0 : start);
  if (start === -1) return first;
  if (end === -1) return first;
  const span = body.slice(start, end + last.length);
  if (span.length > MAX_SPAN_QUOTE) return first;
  const planted = findAssistantAddresses(span)[0];
  const cut = planted === undefined ? -1 : span.indexOf(planted.sentence);
  return cut > 0 ? span.slice(0, cut).trimEnd() : span;
}
