/**
 * HTML newsletters (and the HTML that mammoth makes of DOCX files) → the parser's Markdown-ish text.
 * A walk over node-html-parser's tree: block elements become paragraphs separated by blank lines,
 * `h1`–`h6` Markdown headings, `li` `- ` items, `strong`/`b` `**bold**`, `br` a line break, and an empty
 * named anchor at the start of a block (a Word bookmark, a table-of-contents target) `[bookmark: id]`.
 * Scripts, styles, navigation and forms are left out. The document's own address (`<link rel="canonical">`,
 * else `<meta property="og:url">`) is read from its head: see {@link htmlCanonicalUrl}.
 */
import { HTMLElement, NodeType, parse, type Node } from 'node-html-parser';
import { ParseError } from '../../core';
import { parseWebUrl } from '../../language';
import { decodeUtf8Text } from './text';
import type { DocumentExtractor, ExtractedDocument } from './types';

const BLOCK_TAGS = new Set([
  'address', 'article', 'aside', 'blockquote', 'body', 'caption', 'dd', 'div', 'dl', 'dt', 'figcaption', 'figure',
  'footer', 'header', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hr', 'html', 'li', 'main', 'ol', 'p', 'pre', 'section',
  'table', 'tbody', 'td', 'tfoot', 'th', 'thead', 'tr', 'ul',
]);
const SKIPPED_TAGS = new Set(['script', 'style', 'noscript', 'template', 'head', 'nav', 'form', 'button', 'select', 'svg', 'iframe', 'object']);
const CJK = '\\p{Script=Han}\\u3000-\\u303f\\uff00-\\uffef';
const SPACE_BETWEEN_CJK = new RegExp(`(?<=[${CJK}])[ \\t\\n\\r\\f]*\\n[ \\t\\n\\r\\f]*(?=[${CJK}])`, 'gu');

interface Block {
  prefix: string;
  text: string;
}

class BlockWriter {
  readonly blocks: Block[] = [];
  private current: Block | null = null;

  open(prefix = ''): void {
    this.close();
    this.current = { prefix, text: '' };
  }

  close(): void {
    if (this.current !== null && this.current.text.trim() !== '') this.blocks.push(this.current);
    this.current = null;
  }

  write(text: string): void {
    if (this.current === null) this.current = { prefix: '', text: '' };
    this.current.text += text;
  }

  /** True when nothing but whitespace has been written to the open block. */
  atBlockStart(): boolean {
    return this.current === null || this.current.text.trim() === '';
  }
}

function normalizeInline(text: string): string {
  return text.replace(SPACE_BETWEEN_CJK, '').replace(/[ \t\r\f\n\u00a0]+/gu, ' ');
}

function walk(node: Node, writer: BlockWriter, listDepth: number): void {
  if (node.nodeType === NodeType.TEXT_NODE) {
    writer.write(normalizeInline(node.text));
    return;
  }
  if (!(node instanceof HTMLElement)) return;
  const tag = node.rawTagName?.toLowerCase() ?? '';
  if (SKIPPED_TAGS.has(tag)) return;
  const children = (): void => {
    for (const child of node.childNodes) walk(child, writer, listDepth);
  };
  if (tag === 'br') {
    writer.write('\n');
    return;
  }
  if (tag === 'a') {
    const anchor = node.getAttribute('id') ?? node.getAttribute('name');
    if (anchor !== undefined && anchor !== '' && node.text.trim() === '' && writer.atBlockStart() && !anchor.startsWith('_GoBack')) {
      writer.write(`[bookmark: ${anchor}]`);
      return;
    }
    children();
    return;
  }
  if (tag === 'strong' || tag === 'b') {
    const inner = node.text.trim();
    if (inner === '') return children();
    writer.write('**');
    children();
    writer.write('**');
    return;
  }
  if (/^h[1-6]$/u.test(tag)) {
    writer.open(`${'#'.repeat(Number(tag.slice(1)))} `);
    children();
    writer.close();
    return;
  }
  if (tag === 'li') {
    writer.open(`${'  '.repeat(Math.max(0, listDepth - 1))}- `);
    for (const child of node.childNodes) walk(child, writer, listDepth);
    writer.close();
    return;
  }
  if (tag === 'ul' || tag === 'ol') {
    writer.close();
    for (const child of node.childNodes) walk(child, writer, listDepth + 1);
    writer.close();
    return;
  }
  if (tag === 'hr') {
    writer.close();
    writer.blocks.push({ prefix: '', text: '---' });
    return;
  }
  if (BLOCK_TAGS.has(tag)) {
    writer.close();
    children();
    writer.close();
    return;
  }
  children();
}

function blockToText(block: Block): string {
  const lines = block.text
    .split('\n')
    .map((line) => line.replace(/\s+/gu, ' ').trim().replace(/\*\*\s*\*\*/gu, ''))
    .filter((line) => line !== '');
  // Bold markers whose content is only whitespace or that hug spaces are tidied: `** Title**` → `**Title**`.
  const tidy = lines.map((line) => line.replace(/\*\*\s+([^*]+?)\s*\*\*/gu, '**$1**').replace(/\*\*([^*]+?)\s+\*\*/gu, '**$1** '));
  const first = tidy[0] ?? '';
  return [`${block.prefix}${first}`, ...tidy.slice(1)].join('\n');
}

function parseHtml(html: string): HTMLElement {
  const markup = html.replace(/<!DOCTYPE[^>]*>/giu, '').replace(/<\?xml[^>]*\?>/giu, '').replace(/<!\[CDATA\[[\s\S]*?\]\]>/gu, '');
  return parse(markup, { comment: false, blockTextElements: { script: false, style: false, noscript: false, pre: true } });
}

function rootToText(root: HTMLElement): string {
  const writer = new BlockWriter();
  walk(root, writer, 0);
  writer.close();
  return writer.blocks.map(blockToText).filter((text) => text.trim() !== '').join('\n\n');
}

/**
 * Converts an HTML document or fragment to the parser's text form (see the module comment).
 * @returns blocks separated by one blank line; empty when the HTML holds no text.
 */
export function htmlToNewsletterText(html: string): string {
  return rootToText(parseHtml(html));
}

/** The first element named `tag` whose attribute `attribute` holds the token `token` (case-insensitive, space-separated). */
function firstWithToken(root: HTMLElement, tag: string, attribute: string, token: string): HTMLElement | undefined {
  return root.querySelectorAll(tag).find((element) => (element.getAttribute(attribute) ?? '').toLowerCase().split(/\s+/u).includes(token));
}

/**
 * The document's own address: the `href` of `<link rel="canonical">`, else the `content` of
 * `<meta property="og:url">`. A relative address is resolved against `<base href>` when that is an absolute
 * `http(s)` address, and dropped otherwise; anything but an absolute `http(s)` result (a `javascript:` or
 * `data:` address, a malformed one) counts as none, and then the next candidate is tried.
 * @returns the normalised URL, or null when the document states none that is valid.
 */
function canonicalUrlOf(root: HTMLElement): string | null {
  const base = root.querySelector('base')?.getAttribute('href') ?? null;
  const candidates = [firstWithToken(root, 'link', 'rel', 'canonical')?.getAttribute('href'), firstWithToken(root, 'meta', 'property', 'og:url')?.getAttribute('content')];
  for (const candidate of candidates) {
    const url = candidate === undefined ? null : parseWebUrl(candidate, base);
    if (url !== null) return url;
  }
  return null;
}

/**
 * The canonical URL an HTML document states for itself (see {@link canonicalUrlOf}'s rules: `<link
 * rel="canonical">`, else `og:url`; relative only against an absolute `<base href>`; `http(s)` only).
 * @returns the normalised URL, or null.
 */
export function htmlCanonicalUrl(html: string): string | null {
  return canonicalUrlOf(parseHtml(html));
}

const CHARSET = /<meta[^>]+charset\s*=\s*["']?([\w-]+)/iu;

/** Decodes HTML bytes by their `<meta charset>` (UTF-8 when none is declared or it is unknown). */
function decodeHtml(bytes: Uint8Array, file: string): string {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 2048));
  const declared = CHARSET.exec(head)?.[1]?.toLowerCase();
  let encoding = 'utf-8';
  if (declared !== undefined) {
    try {
      encoding = new TextDecoder(declared).encoding;
    } catch {
      encoding = 'utf-8';
    }
  }
  return decodeUtf8Text(bytes, file, encoding);
}

/** `.html`/`.htm` files. Throws {@link ParseError} for binary content, undecodable text, or no markup. */
export const htmlExtractor: DocumentExtractor = {
  format: 'html',
  extensions: ['.html', '.htm', '.xhtml'],
  extract(bytes: Uint8Array, file: string): Promise<ExtractedDocument> {
    const html = decodeHtml(bytes, file);
    if (!/<[a-z!][^>]*>/iu.test(html)) throw new ParseError(file, null, 'no HTML markup found; expected an HTML document');
    const root = parseHtml(html);
    const text = rootToText(root);
    if (text.trim() === '') throw new ParseError(file, null, 'the HTML document holds no text');
    return Promise.resolve({ format: 'html', text, pageCount: null, canonicalUrl: canonicalUrlOf(root) });
  },
};
