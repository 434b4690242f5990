/**
 * Link lines: the line that gives an item's original online, printed at its end — `原文链接：https://…`,
 * `原文：https://…`, `Link: https://…`, `Read more: https://…`, `Original article: https://…` (a bare URL or a
 * Markdown link after the label, optionally in parentheses). The line is page furniture for the body and
 * the item's own link for its record (`Article.link`).
 */
import { findLinks, parseWebUrl } from '../language';

/**
 * The labels a link line opens with, in both editions' wording, longest first so that `原文链接` is not read
 * as `原文` + text. A line whose label is one of these and whose rest is one web address is a link line.
 */
const LINK_LABEL = /^[（(]?\s*(?:原文链接|原文地址|原文网址|原文|阅读原文|link|read\s+more|original\s+article|original\s+link)\s*[:：]\s*/iu;

/** What may stand around the one address of a link line: spaces, a closing parenthesis, a full stop. */
const LINK_LINE_REST = /^[\s)）.。]*$/u;

/**
 * The address of a link line, or null when `text` is not one (no label, no address, more than one address,
 * text besides it, or an address that is not an absolute `http(s)` URL: see {@link parseWebUrl}).
 * @param text - one cleaned line (conversion markup already removed).
 * @returns the normalised URL, e.g. `https://www.stdaily.com/a.html` for `原文链接：https://www.stdaily.com/a.html。`.
 */
export function parseLinkLine(text: string): string | null {
  const trimmed = text.trim();
  const label = LINK_LABEL.exec(trimmed);
  if (label === null) return null;
  const rest = trimmed.slice(label[0].length);
  const links = findLinks(rest);
  const link = links[0];
  if (links.length !== 1 || link === undefined || link.start !== 0 || !LINK_LINE_REST.test(rest.slice(link.end))) return null;
  return parseWebUrl(link.url);
}
