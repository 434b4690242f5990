/**
 * Line-level cleanup of converted newsletters: strips conversion markup (docx bookmarks, Markdown
 * headings, bold/italic markers, HTML superscripts, rules) while remembering what each line was marked
 * with, and recognises page furniture (running headers and footers, page numbers).
 */
import { chineseListNumber } from '../language';
import { SEGMENTATION_POLICY } from './segmentation/policy';

/** How a line was marked in the source file; a title marker is strong evidence of an article title. */
export type LineMarker =
  | { readonly kind: 'markdown-heading'; readonly level: number }
  | { readonly kind: 'diamond' }
  | { readonly kind: 'numbered'; readonly number: number }
  | { readonly kind: 'bookmark' }
  | { readonly kind: 'section-dot' }
  /** A Chinese-numeral list number (`一、中美合作`): a section heading or a title, as the file's layout says. */
  | { readonly kind: 'section-number'; readonly number: number }
  /** A headline printed in lenticular brackets (`【中美签署科技合作协定】`). */
  | { readonly kind: 'bracketed' }
  | { readonly kind: 'list-item' }
  /** A title that the file's contents list announced (see `segmentation/contents.ts`). */
  | { readonly kind: 'listed' }
  | { readonly kind: 'none' };

/** A cleaned line. `lineNumber` is 1-based in the original file. */
export interface CleanLine {
  readonly lineNumber: number;
  /** Cleaned text: markup removed, trimmed, inner whitespace runs kept as printed. */
  readonly text: string;
  readonly marker: LineMarker;
  /** True for a horizontal rule or a line that only held markup. */
  readonly isRule: boolean;
}

const BOOKMARK = /\[bookmark:[^\]]*\]/giu;
const MARKDOWN_HEADING = /^(#{1,6})\s+/u;
const LIST_ITEM = /^[-*+]\s+/u;
const DIAMOND = /^[◇◆□■●○•]\s*/u;
const SECTION_DOT = /^[·・]\s*/u;
const NUMBERED = /^(\d{1,2})[.．、]\s*(?=\S)/u;
const RULE = /^(?:-{3,}|\*{3,}|_{3,})$/u;
const BRACKETED = /^【([^【】]+)】$/u;

function stripInlineMarkup(text: string): string {
  return text
    .replace(/<sup>(.*?)<\/sup>/giu, '$1')
    .replace(/<sub>(.*?)<\/sub>/giu, '$1')
    .replace(/<(https?:[^>\s]+)>/giu, '$1')
    .replace(/\*\*(.+?)\*\*/gu, '$1')
    .replace(/__(.+?)__/gu, '$1')
    .replace(/(^|\s)\*(\S(?:.*?\S)?)\*(?=\s|$)/gu, '$1$2')
    .replace(/\*\*/gu, '');
}

/**
 * Cleans one raw line and records its marker. Markers are read in the order they nest in the seeds:
 * bookmark → Markdown heading or list bullet → bold → diamond bullet or section dot → list number.
 */
export function cleanLine(raw: string, lineNumber: number): CleanLine {
  let text = raw.replace(/\uFEFF/gu, '');
  let marker: LineMarker = { kind: 'none' };
  if (BOOKMARK.test(text)) {
    marker = { kind: 'bookmark' };
    text = text.replace(BOOKMARK, '');
  }
  text = text.trim();
  if (RULE.test(text)) return { lineNumber, text: '', marker, isRule: true };
  const heading = MARKDOWN_HEADING.exec(text);
  if (heading?.[1] !== undefined) {
    marker = { kind: 'markdown-heading', level: heading[1].length };
    text = text.slice(heading[0].length);
  } else if (LIST_ITEM.test(text) && marker.kind === 'none') {
    marker = { kind: 'list-item' };
    text = text.replace(LIST_ITEM, '');
  }
  text = stripInlineMarkup(text).trim();
  if (DIAMOND.test(text)) {
    if (marker.kind === 'none') marker = { kind: 'diamond' };
    text = text.replace(DIAMOND, '');
  } else if (SECTION_DOT.test(text)) {
    if (marker.kind === 'none') marker = { kind: 'section-dot' };
    text = text.replace(SECTION_DOT, '');
  }
  // A heading, not an enumerated body paragraph (`一、加强基础研究。……`): title-sized, no full stop inside.
  const listNumber = marker.kind === 'none' ? chineseListNumber(text) : null;
  const listed = listNumber === null ? '' : text.slice(listNumber.length);
  if (listNumber !== null && [...listed].length <= SEGMENTATION_POLICY.maxChineseTitleChars && !/[。；;]/u.test(listed)) {
    marker = { kind: 'section-number', number: listNumber.value };
    text = text.slice(listNumber.length);
  }
  const bracketed = marker.kind === 'none' ? BRACKETED.exec(text.trim()) : null;
  if (bracketed?.[1] !== undefined) {
    marker = { kind: 'bracketed' };
    text = bracketed[1];
  }
  const numbered = NUMBERED.exec(text);
  if (numbered?.[1] !== undefined && marker.kind === 'none' && !/^\d{1,2}[.．]\d/u.test(text)) {
    marker = { kind: 'numbered', number: Number(numbered[1]) };
    text = text.slice(numbered[0].length);
  }
  return { lineNumber, text: text.trim(), marker, isRule: false };
}

const FURNITURE: readonly RegExp[] = [
  /^(?:contact|tel|telephone|fax|e-?mail|address|add)\s*[:：]/iu,
  /editorial\s+board\s*[:：]/iu,
  /^(?:联系人|联系电话|电话|传真|地址|邮箱|电子邮箱|电子邮件|网址|邮编)\s*[:：]/u,
  // A colophon: who publishes, compiles or edits the newsletter (a masthead or footer line, never news).
  /^(?:主办|承办|协办|编印|编辑|责任编辑|主编|编辑部|出版|印刷|发行|内部资料)\s*[:：]/u,
  /^(?:published|edited|compiled|sponsored|printed)\s+by\s*[:：]/iu,
  /^(?:page\s*)?[-–—]?\s*\d{1,3}\s*[-–—]?$/iu,
  /^第\s*\d+\s*页$/u,
];

/**
 * True for page furniture that conversions leave inside articles: running footers with editorial
 * addresses and contacts, page numbers. Such lines are dropped before paragraphs are rebuilt, so a
 * sentence broken around them is joined again.
 */
export function isPageFurniture(text: string): boolean {
  return FURNITURE.some((pattern) => pattern.test(text));
}
