/**
 * Rebuilds a PDF's text from positioned text items: rows from baselines, two-column pages by their
 * gutter, running headers and footers and page numbers dropped, paragraphs from line geometry (a line
 * that ends because the next word did not fit continues; a short line, a larger gap, an indent or a
 * change of font size ends the paragraph), hyphenated English line ends joined, Chinese lines joined
 * without spaces, and headings from font sizes larger than the body text. Units are PDF points
 * (1/72 inch), y growing upwards (PDF user space).
 */

/** One positioned run of text, as pdf.js reports it. */
export interface PositionedText {
  readonly text: string;
  /** Left edge of the run (points). */
  readonly x: number;
  /** Baseline (points, from the bottom of the page). */
  readonly y: number;
  /** Advance width of the run (points). */
  readonly width: number;
  /** Font size (points). */
  readonly size: number;
  /** The font resource's name; a change of font between lines (a bold title) ends a paragraph. */
  readonly font?: string;
}

/** One page's text runs, in any order. */
export interface PositionedPage {
  readonly width: number;
  readonly height: number;
  readonly items: readonly PositionedText[];
}

/** A title from the PDF's outline (bookmarks) and the 0-based page it points to, when known. */
export interface OutlineTitle {
  readonly title: string;
  readonly pageIndex: number | null;
}

/** Options of {@link layoutPdfText}. */
export interface PdfLayoutOptions {
  /** Outline titles; paragraphs that match one are marked `[bookmark: outline]` for the parser. */
  readonly outline?: readonly OutlineTitle[];
}

interface Line {
  text: string;
  x: number;
  right: number;
  y: number;
  size: number;
  /** The font with the most characters on the line. */
  font: string;
  page: number;
  column: 'full' | 'left' | 'right';
  colLeft: number;
  colRight: number;
}

interface Row {
  y: number;
  size: number;
  items: PositionedText[];
}

const CJK_CHAR = /[\p{Script=Han}\u3000-\u303f\uff00-\uffef]/u;
const PAGE_NUMBER = /^(?:(?:page|p\.)\s*)?[-–—]?\s*\d{1,4}\s*[-–—]?$|^第\s*\d+\s*页$|^\d{1,4}\s*(?:\/|of)\s*\d{1,4}$/iu;
const SOURCE_START = /^[（(]\s*(?:来源|來源|source)/iu;

function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((left, right) => left - right);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

function groupRows(items: readonly PositionedText[]): Row[] {
  const sorted = items.filter((item) => item.text.trim() !== '').sort((left, right) => right.y - left.y || left.x - right.x);
  const rows: Row[] = [];
  for (const item of sorted) {
    const row = rows[rows.length - 1];
    if (row !== undefined && Math.abs(row.y - item.y) <= 0.3 * Math.max(row.size, item.size)) {
      row.items.push(item);
      row.size = Math.max(row.size, item.size);
    } else {
      rows.push({ y: item.y, size: item.size, items: [item] });
    }
  }
  for (const row of rows) row.items.sort((left, right) => left.x - right.x);
  return rows;
}

function joinItems(items: readonly PositionedText[]): string {
  let text = '';
  let previous: PositionedText | null = null;
  for (const item of items) {
    if (previous !== null) {
      const gap = item.x - (previous.x + previous.width);
      const leftChar = text.slice(-1);
      const rightChar = item.text.charAt(0);
      const cjk = CJK_CHAR.test(leftChar) && CJK_CHAR.test(rightChar);
      if (gap > 0.15 * Math.max(item.size, previous.size) && !cjk && !/\s/u.test(leftChar) && !/\s/u.test(rightChar)) text += ' ';
    }
    text += item.text;
    previous = item;
  }
  return text.replace(/\s+/gu, ' ').trim();
}

/**
 * The x of a column gutter: a vertical strip at least 6 points wide in the middle of the page that no
 * line crosses (a few full-width lines aside: at most a tenth, at least one), with at least three text
 * runs on each side. Lines are counted, not runs, so that a single column of word-by-word runs (spaces
 * between them) is never taken for two columns; the two columns' baselines need not line up.
 */
function findGutter(items: readonly PositionedText[], pageWidth: number): number | null {
  if (items.length < 6) return null;
  const rows = groupRows(items);
  const allowedCrossing = Math.max(1, Math.floor(rows.length / 10));
  const from = Math.round(pageWidth * 0.3);
  const to = Math.round(pageWidth * 0.7);
  let best: { start: number; end: number } | null = null;
  let start: number | null = null;
  for (let x = from; x <= to; x += 1) {
    const crossing = rows.filter((row) => row.items.some((item) => item.x < x && item.x + item.width > x)).length;
    const left = items.filter((item) => item.x + item.width <= x).length;
    const right = items.filter((item) => item.x >= x).length;
    const open = crossing <= allowedCrossing && left >= 3 && right >= 3;
    if (open && start === null) start = x;
    if ((!open || x === to) && start !== null) {
      const end = open ? x : x - 1;
      if (best === null || end - start > best.end - best.start) best = { start, end };
      start = null;
    }
  }
  return best !== null && best.end - best.start >= 6 ? (best.start + best.end) / 2 : null;
}

function furnitureKey(text: string): string {
  return text.replace(/\d+/gu, '#').replace(/\s+/gu, ' ').trim().toLowerCase();
}

/** Rows in the top and bottom two positions of each page that repeat (digits aside) on half the pages or more. */
function findRunningRows(pages: readonly Row[][]): Set<Row> {
  const edgeRows = pages.map((rows) => [...rows.slice(0, 2), ...rows.slice(-2)]);
  const pagesWithKey = new Map<string, number>();
  for (const rows of edgeRows) {
    for (const key of new Set(rows.map((row) => furnitureKey(joinItems(row.items))))) {
      pagesWithKey.set(key, (pagesWithKey.get(key) ?? 0) + 1);
    }
  }
  const threshold = Math.max(2, Math.ceil(pages.length / 2));
  const running = new Set<Row>();
  edgeRows.forEach((rows) => {
    rows.forEach((row, position) => {
      const text = joinItems(row.items);
      const isEdge = position === 0 || position === rows.length - 1;
      if ((pagesWithKey.get(furnitureKey(text)) ?? 0) >= threshold || (isEdge && PAGE_NUMBER.test(text))) running.add(row);
    });
  });
  return running;
}

function dominantFont(items: readonly PositionedText[]): string {
  const characters = new Map<string, number>();
  for (const item of items) characters.set(item.font ?? '', (characters.get(item.font ?? '') ?? 0) + item.text.trim().length);
  return [...characters.entries()].sort((left, right) => right[1] - left[1])[0]?.[0] ?? '';
}

function crossesGutter(item: PositionedText, gutter: number): boolean {
  return item.x < gutter && item.x + item.width > gutter;
}

function makeLine(row: Row, column: Line['column'], pageIndex: number): Line {
  const first = row.items[0];
  const last = row.items[row.items.length - 1];
  return {
    text: joinItems(row.items),
    x: first?.x ?? 0,
    right: last === undefined ? 0 : last.x + last.width,
    y: row.y,
    size: row.size,
    font: dominantFont(row.items),
    page: pageIndex,
    column,
    colLeft: 0,
    colRight: 0,
  };
}

/**
 * A page's lines in reading order. On a two-column page, runs that cross the gutter (a title over both
 * columns) cut the page into bands; each band is read left column first, then right column.
 */
function pageLines(items: readonly PositionedText[], pageIndex: number, gutter: number | null): Line[] {
  if (gutter === null) return groupRows(items).map((row) => makeLine(row, 'full', pageIndex)).filter((line) => line.text !== '');
  const fullRows = groupRows(items.filter((item) => crossesGutter(item, gutter)));
  const leftRows = groupRows(items.filter((item) => item.x + item.width <= gutter));
  const rightRows = groupRows(items.filter((item) => item.x >= gutter && !crossesGutter(item, gutter)));
  const ordered: Line[] = [];
  let above = Number.POSITIVE_INFINITY;
  const band = (below: number): void => {
    const inBand = (row: Row): boolean => row.y < above && row.y > below;
    ordered.push(...leftRows.filter(inBand).map((row) => makeLine(row, 'left', pageIndex)));
    ordered.push(...rightRows.filter(inBand).map((row) => makeLine(row, 'right', pageIndex)));
  };
  for (const row of fullRows) {
    band(row.y);
    ordered.push(makeLine(row, 'full', pageIndex));
    above = row.y;
  }
  band(Number.NEGATIVE_INFINITY);
  return ordered.filter((line) => line.text !== '');
}

/**
 * Sets each line's column edges, over the whole document. The left edge is the leftmost text of the
 * column. The right edge is the rightmost body-size text when at least 30 % of the column's lines reach
 * it (a margin the text keeps hitting); otherwise, for a full-width or right column, at least the mirror
 * of the left margin (pages have symmetric margins far more often than not; short lines say little).
 */
function setColumnEdges(lines: readonly Line[], pageWidth: number, bodySize: number): void {
  const leftMargin = Math.min(...lines.map((line) => line.x));
  for (const column of ['full', 'left', 'right'] as const) {
    const inColumn = lines.filter((line) => line.column === column);
    if (inColumn.length === 0) continue;
    const body = inColumn.filter((line) => Math.abs(line.size - bodySize) < 0.5);
    const measured = body.length > 0 ? body : inColumn;
    const colLeft = Math.min(...inColumn.map((line) => line.x));
    const observedRight = Math.max(...measured.map((line) => line.right));
    const touching = measured.filter((line) => line.right >= observedRight - 1.5 * line.size).length / measured.length;
    const colRight = column === 'left' || touching >= 0.3 ? observedRight : Math.max(observedRight, pageWidth - leftMargin);
    for (const line of inColumn) {
      line.colLeft = colLeft;
      line.colRight = Math.max(colRight, line.right);
    }
  }
}

/** Width (points) of the first word of `line` (the first character of Chinese text). */
function firstWordWidth(line: Line): number {
  const characters = [...line.text].length;
  const average = characters === 0 ? line.size : (line.right - line.x) / characters;
  const first = line.text.charAt(0);
  if (CJK_CHAR.test(first)) return line.size * 1.2;
  const word = /^[^\s\p{Script=Han}\u3000-\u303f\uff00-\uffef]+/u.exec(line.text)?.[0] ?? first;
  const hyphenPrefix = /^[^-–]+[-–]/u.exec(word)?.[0];
  // The space before the word, and a margin for letters wider than the line's average.
  return ([...(hyphenPrefix ?? word)].length + 1) * average * 1.15;
}

function joinLineText(left: string, right: string): string {
  if (/\p{L}-$/u.test(left) && /^\p{Ll}/u.test(right)) return `${left.slice(0, -1)}${right}`;
  if (/[-–—/]$/u.test(left)) return `${left}${right}`;
  if (CJK_CHAR.test(left.slice(-1)) || CJK_CHAR.test(right.charAt(0))) return `${left}${right}`;
  return `${left} ${right}`;
}

function normalizedKey(text: string): string {
  return text.replace(/[\s\p{P}\p{S}]/gu, '').toLowerCase();
}

/**
 * Rebuilds the Markdown-ish text of a PDF from its pages' text runs (see the module comment).
 * @returns paragraphs separated by blank lines, headings as `#` lines (levels by font size, largest
 *   first); empty when the pages hold no text.
 */
export function layoutPdfText(pages: readonly PositionedPage[], options: PdfLayoutOptions = {}): string {
  const pageRows = pages.map((page) => groupRows(page.items));
  const running = findRunningRows(pageRows);
  const contentItems = pageRows.map((rows) => rows.filter((row) => !running.has(row)).flatMap((row) => row.items));
  // Two-column pages by their own gutter; a page without one (the last page, half filled) takes the
  // document's gutter when hardly any of its runs cross it.
  const gutters = contentItems.map((items, index) => findGutter(items, pages[index]?.width ?? 0));
  const found = gutters.filter((gutter): gutter is number => gutter !== null);
  const documentGutter = found.length === 0 ? null : median(found);
  const lines = contentItems.flatMap((items, index) => {
    let gutter = gutters[index] ?? null;
    if (gutter === null && documentGutter !== null) {
      const rows = groupRows(items);
      const crossing = rows.filter((row) => row.items.some((item) => crossesGutter(item, documentGutter))).length;
      if (crossing <= Math.max(1, rows.length / 10)) gutter = documentGutter;
    }
    return pageLines(items, index, gutter);
  });
  if (lines.length === 0) return '';

  // Body size: the size with the most characters; the line pitch: the usual baseline step in a column.
  const charactersBySize = new Map<number, number>();
  for (const line of lines) {
    const size = Math.round(line.size * 2) / 2;
    charactersBySize.set(size, (charactersBySize.get(size) ?? 0) + line.text.length);
  }
  const bodySize = [...charactersBySize.entries()].sort((left, right) => right[1] - left[1])[0]?.[0] ?? 0;
  setColumnEdges(lines, Math.max(...pages.map((page) => page.width)), bodySize);
  const headingSizes = [...charactersBySize.keys()].filter((size) => size > bodySize * 1.15).sort((left, right) => right - left);
  const steps: number[] = [];
  lines.forEach((line, index) => {
    const next = lines[index + 1];
    if (next !== undefined && next.page === line.page && next.column === line.column && Math.abs(next.size - line.size) < 0.5) {
      steps.push((line.y - next.y) / line.size);
    }
  });
  // A gap of more than 1.3 usual steps — and never more than 1.9 font sizes — ends a paragraph.
  const pitch = median(steps.filter((step) => step > 0)) || 1.2;
  const paragraphGap = Math.min(pitch * 1.3, 1.9);

  interface ParagraphDraft {
    text: string;
    size: number;
    page: number;
  }
  const paragraphs: ParagraphDraft[] = [];
  let current: ParagraphDraft | null = null;
  let previous: Line | null = null;
  for (const line of lines) {
    let continues = false;
    if (previous !== null && current !== null) {
      const sameSize = Math.abs(previous.size - line.size) < 0.5 && previous.font === line.font;
      const remaining = previous.colRight - previous.right;
      const forced = firstWordWidth(line) > remaining;
      const sameFlow = previous.page === line.page && previous.column === line.column;
      const gapOk = !sameFlow || (previous.y - line.y) / line.size <= paragraphGap;
      const indented = sameFlow && line.x > previous.x + line.size;
      continues = sameSize && forced && gapOk && !indented && !SOURCE_START.test(line.text);
    }
    if (continues && current !== null) {
      current.text = joinLineText(current.text, line.text);
    } else {
      current = { text: line.text, size: line.size, page: line.page };
      paragraphs.push(current);
    }
    previous = line;
  }

  const outline = (options.outline ?? []).map((entry) => ({ ...entry, key: normalizedKey(entry.title), used: false }));
  const marked = new Set<ParagraphDraft>();
  for (const entry of outline) {
    if (entry.key === '') continue;
    const matches = paragraphs.filter((paragraph) => !marked.has(paragraph) && normalizedKey(paragraph.text) === entry.key);
    const match = matches.find((paragraph) => paragraph.page === entry.pageIndex) ?? matches[0];
    if (match !== undefined) marked.add(match);
  }

  return paragraphs
    .map((paragraph) => {
      const level = headingSizes.indexOf(Math.round(paragraph.size * 2) / 2);
      if (level !== -1) return `${'#'.repeat(Math.min(6, level + 1))} ${paragraph.text}`;
      return marked.has(paragraph) ? `[bookmark: outline]${paragraph.text}` : paragraph.text;
    })
    .join('\n\n');
}
