/**
 * Finds the links a model may write into an answer: Markdown links `[label](url)`, Slack links `<url|label>`
 * and `<url>`, and bare URLs (`https://…`, `www.…`). The answerer keeps a link only when a cited source
 * contains its URL (see `answer/citation-check.ts`); a label must never hide an unchecked target.
 */

/** One link in a text, in text order. */
export interface TextLink {
  /** Offset of the link's first character, in UTF-16 code units (string indices). */
  readonly start: number;
  /** Offset just after the link's last character. */
  readonly end: number;
  /** The target as written (`https://…`, `www.…`, `mailto:…`). */
  readonly url: string;
  /** The text shown for it; '' for a bare URL and for `<url>`. */
  readonly label: string;
  readonly syntax: 'markdown' | 'slack' | 'bare';
}

/**
 * Markdown link (group 1 label, group 2 target, an optional `<…>` around it and a `"title"` after it), Slack
 * link (group 3 target, group 4 label), or bare URL (group 5). Bare URLs stop at whitespace, brackets, quotes
 * and Chinese punctuation.
 */
const LINK_PATTERN =
  /\[([^\]\n]*)\]\(\s*<?([^\s()<>]+)>?(?:\s+"[^"\n]*")?\s*\)|<((?:https?:\/\/|mailto:|www\.)[^\s|<>]+)(?:\|([^<>\n]*))?>|((?:https?:\/\/|www\.)[^\s<>()[\]{}"'`，。！？；、：（）「」『』【】《》]+)/giu;

/** Punctuation that ends a sentence rather than a bare URL: `see https://example.org/a.` keeps `https://example.org/a`. */
const BARE_URL_TRAILING_PUNCTUATION = /[.,;:!?…]+$/u;

/** Every link in `text`, in order, without overlaps. */
export function findLinks(text: string): TextLink[] {
  const links: TextLink[] = [];
  for (const match of text.matchAll(LINK_PATTERN)) {
    const start = match.index;
    if (match[2] !== undefined) {
      links.push({ start, end: start + match[0].length, url: match[2], label: match[1] ?? '', syntax: 'markdown' });
    } else if (match[3] !== undefined) {
      links.push({ start, end: start + match[0].length, url: match[3], label: match[4] ?? '', syntax: 'slack' });
    } else if (match[5] !== undefined) {
      const url = match[5].replace(BARE_URL_TRAILING_PUNCTUATION, '');
      links.push({ start, end: start + url.length, url, label: '', syntax: 'bare' });
    }
  }
  return links;
}

/**
 * Whether `haystack` contains the target of `url`: the URL itself, or — since a model may add or drop
 * `https://`, `www.` or a trailing slash — its host and path. Case-insensitive. A target of fewer than
 * 4 characters (or not a web address) is never considered contained.
 */
export function containsUrl(haystack: string, url: string): boolean {
  const text = haystack.normalize('NFKC').toLowerCase();
  const wanted = url.normalize('NFKC').toLowerCase();
  if (text.includes(wanted)) return true;
  const core = wanted.replace(/^(?:https?:)?\/\//u, '').replace(/^www\./u, '').replace(/\/+$/u, '');
  return core.length >= 4 && core.includes('.') && text.includes(core);
}

/**
 * Whether the `?` or `!` at `index` of `text` is inside a link still being written (a URL, a Markdown link
 * target, a Slack link), so a sentence splitter must not end a sentence there.
 */
export function insideLink(text: string, index: number): boolean {
  const before = text.slice(Math.max(0, index - 2048), index);
  return /(?:https?:\/\/|www\.)[^\s<>()[\]{}"'`，。！？；、]*$|\]\(\s*<?[^\s()<>]*$|<(?:https?:\/\/|mailto:)[^\s|<>]*$/iu.test(before);
}

/** Limits on the web addresses {@link parseWebUrl} accepts. */
export const WEB_URL_POLICY = Object.freeze({
  /**
   * Longest address kept, in UTF-16 code units after normalisation: 2,048, the page-address limit of the
   * Sitemaps protocol (sitemaps.org: URLs "must be less than 2,048 characters"); an item's own link printed in
   * a newsletter is never near it, so a longer one is a broken attribute or line, not a link.
   */
  maxUrlLength: 2048,
  /** The schemes an item's link may have: web pages only (never `javascript:`, `data:`, `file:`, `mailto:`). */
  protocols: Object.freeze(['http:', 'https:'] as const),
});

/** An address with a scheme (`https:`, `javascript:`, `data:` …), as opposed to a relative reference. */
const HAS_SCHEME = /^[a-z][a-z\d+.-]*:/iu;

/**
 * An absolute web address, normalised (WHATWG URL: lower-case scheme and host, percent-encoded path), or null.
 * @param text - the address as printed or as an attribute holds it (surrounding white space ignored).
 * @param base - what a relative `text` is resolved against; a relative `text` is dropped when `base` is null,
 *   undefined, or itself not an absolute `http(s)` address.
 * @returns the `href` of the address when its scheme is one of {@link WEB_URL_POLICY.protocols}, it names a
 *   host and is at most {@link WEB_URL_POLICY.maxUrlLength} long; null otherwise (never throws).
 */
export function parseWebUrl(text: string, base?: string | null): string | null {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  let resolvedBase: string | undefined;
  if (!HAS_SCHEME.test(trimmed)) {
    const absoluteBase = base === undefined || base === null ? null : parseWebUrl(base);
    if (absoluteBase === null) return null;
    resolvedBase = absoluteBase;
  }
  let url: URL;
  try {
    url = new URL(trimmed, resolvedBase);
  } catch {
    return null;
  }
  if (!(WEB_URL_POLICY.protocols as readonly string[]).includes(url.protocol) || url.hostname === '') return null;
  return url.href.length <= WEB_URL_POLICY.maxUrlLength ? url.href : null;
}
