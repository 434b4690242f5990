/**
 * Links from answers to the source pages (`src/web/`): every citation, paired edition and nearest item gets
 * the URL of its page under `PUBLIC_BASE_URL`, with the cited passage marked for highlighting.
 *
 * URL shapes (the web server parses the same ones, see {@link parseHighlightParameters}):
 * - `<base>/sources/<articleId, percent-encoded>?hl=<start>[&hle=<end>]#hl` — an article; the page marks the
 *   body from the first occurrence of `hl` to the end of the first occurrence of `hle` after it (or to the
 *   end of `hl` alone), whitespace ignored, and the `#hl` fragment scrolls to the mark without JavaScript.
 *   Start and end text are the design of the web's Text Fragments (`#:~:text=start,end`,
 *   https://wicg.github.io/scroll-to-text-fragment/): a long quote travels as its two ends, so links stay
 *   short enough for Slack's text limits.
 * - `<base>/issues/<issue key, percent-encoded>` — an issue: the items of one newsletter file.
 */
import type { Article } from '../core';
import type { AnswerResult, AskOptions, Assistant, Citation, RelatedItem } from './types';

/** How long the quote ends in a link are. */
export const SOURCE_LINK_POLICY = Object.freeze({
  /**
   * Quotes up to this many characters (UTF-16 code units) travel whole as `hl`. A Han character takes 9
   * characters percent-encoded, so a Chinese link stays near 600 characters: ten citations' links then fit
   * one Slack message's 12,000 characters of block text (`msg_blocks_too_long`) with their source lines.
   */
  wholeQuoteCharacters: 60,
  /** Characters of a longer quote's start sent as `hl`; a sentence opening, long enough to be unique in one article. */
  startCharacters: 36,
  /** Characters of a longer quote's end sent as `hle`. */
  endCharacters: 20,
});

/** The highlight a source page is asked for. */
export interface HighlightParameters {
  /** Text where the highlight starts (matched whitespace-insensitively). */
  readonly start: string;
  /** Text where it ends, searched after `start`; null = the highlight is `start` itself. */
  readonly end: string | null;
}

/** The issue key of an article id: its file stem, the part before the last `#` (`004_cefe45b9264134e7#3` → `004_cefe45b9264134e7`). */
export function issueKeyOf(articleId: string): string {
  const hash = articleId.lastIndexOf('#');
  return hash === -1 ? articleId : articleId.slice(0, hash);
}

/**
 * `baseUrl` without trailing slashes.
 * @throws {TypeError} when `baseUrl` is not an absolute http(s) URL (config validates `PUBLIC_BASE_URL` first).
 */
function base(baseUrl: string): string {
  const url = new URL(baseUrl);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new TypeError(`not an http(s) URL: ${url.protocol}`);
  return baseUrl.replace(/\/+$/u, '');
}

/** True when `before` and `after` are both letters or digits of a word (so a cut between them splits the word). */
function splitsWord(before: string | undefined, after: string | undefined): boolean {
  return before !== undefined && after !== undefined && /[\p{L}\p{N}]/u.test(before) && /[\p{L}\p{N}]/u.test(after) && !/\p{Script=Han}/u.test(before + after);
}

/**
 * The start and end texts that stand for `quote` in a link (see {@link SOURCE_LINK_POLICY}), cut between
 * words where the text has spaces; null for an empty quote. The end grows (leftwards) until its first
 * occurrence after the start is the quote's own end, so a phrase repeated inside the quote (`… at the
 * meeting. … at the meeting.`) cannot end the highlight early.
 */
export function highlightForQuote(quote: string): HighlightParameters | null {
  const text = quote.replace(/\s+/gu, ' ').trim();
  if (text === '') return null;
  if (text.length <= SOURCE_LINK_POLICY.wholeQuoteCharacters) return { start: text, end: null };
  const characters = Array.from(text);
  let startCut = SOURCE_LINK_POLICY.startCharacters;
  while (startCut > SOURCE_LINK_POLICY.startCharacters / 2 && splitsWord(characters[startCut - 1], characters[startCut])) startCut -= 1;
  const start = characters.slice(0, startCut).join('').trim();
  let endCut = characters.length - SOURCE_LINK_POLICY.endCharacters;
  const endAt = (cut: number): string => characters.slice(cut).join('').trim();
  const endsEarly = (end: string): boolean => text.indexOf(end, start.length) !== text.length - end.length;
  while (endCut > startCut && (splitsWord(characters[endCut - 1], characters[endCut]) || endsEarly(endAt(endCut)))) endCut -= 1;
  return { start, end: endAt(endCut) };
}

/** The path (from the site's root) of the source page of `articleId`, highlighting `quote` when one is given. */
export function sourcePagePath(articleId: string, quote?: string): string {
  const page = `/sources/${encodeURIComponent(articleId)}`;
  const highlight = quote === undefined ? null : highlightForQuote(quote);
  if (highlight === null) return page;
  const query = new URLSearchParams({ hl: highlight.start });
  if (highlight.end !== null) query.set('hle', highlight.end);
  // URLSearchParams writes spaces as `+`; `%20` reads the same and survives mrkdwn and copy-paste alike.
  return `${page}?${query.toString().replace(/\+/gu, '%20')}#hl`;
}

/** The source page of `articleId` under `baseUrl`, highlighting `quote` when one is given (see the file's header). */
export function sourcePageUrl(baseUrl: string, articleId: string, quote?: string): string {
  return `${base(baseUrl)}${sourcePagePath(articleId, quote)}`;
}

/** The page of the issue (newsletter file) that `articleId` belongs to. */
export function issuePageUrl(baseUrl: string, articleId: string): string {
  return `${base(baseUrl)}/issues/${encodeURIComponent(issueKeyOf(articleId))}`;
}

/**
 * The highlight asked for by a source page's query (`hl`, `hle`), or null when there is none. Values longer
 * than 2,000 characters are cut (a page never searches for more than a quote's length).
 */
export function parseHighlightParameters(query: { readonly hl?: unknown; readonly hle?: unknown }): HighlightParameters | null {
  const read = (value: unknown): string | null => {
    const text = typeof value === 'string' ? value : Array.isArray(value) && typeof value[0] === 'string' ? value[0] : null;
    const trimmed = text?.replace(/\s+/gu, ' ').trim().slice(0, 2000) ?? '';
    return trimmed === '' ? null : trimmed;
  };
  const start = read(query.hl);
  return start === null ? null : { start, end: read(query.hle) };
}

/** `citation` with its source page's URL (highlighting its quote) and its paired edition's. */
function linkCitation(baseUrl: string, citation: Citation): Citation {
  return {
    ...citation,
    url: sourcePageUrl(baseUrl, citation.articleId, citation.quote),
    pair: citation.pair === null ? null : { ...citation.pair, url: sourcePageUrl(baseUrl, citation.pair.articleId) },
  };
}

/** `result` with source-page URLs on every citation and nearest item. */
export function withSourceLinks(result: AnswerResult, baseUrl: string): AnswerResult {
  return {
    ...result,
    citations: result.citations.map((citation) => linkCitation(baseUrl, citation)),
    related: result.related.map((item): RelatedItem => ({ ...item, url: sourcePageUrl(baseUrl, item.articleId) })),
  };
}

/**
 * An {@link Assistant} whose answers carry source-page links under `baseUrl` (`PUBLIC_BASE_URL`); streaming
 * (`onDelta`) and everything else pass through unchanged.
 */
export class SourceLinkingAssistant implements Assistant {
  constructor(
    private readonly inner: Assistant,
    private readonly baseUrl: string,
  ) {
    base(baseUrl);
  }

  async ask(question: string, options?: AskOptions): Promise<AnswerResult> {
    return withSourceLinks(await this.inner.ask(question, options), this.baseUrl);
  }

  article(articleId: string): Article | undefined {
    return this.inner.article(articleId);
  }
}
