/**
 * Renders a newsletter in the seeds' text form (Markdown headings, `**bold**`, `- ` items, docx
 * `[bookmark: …]` anchors) to the document formats the ingest stage reads, the way the originals were
 * made: DOCX with heading styles, bold runs, bullets and bookmarks (the `docx` package); PDF laid out
 * line by line with an embedded CJK font (pdfkit + Noto Sans SC), in one or two columns, with a running
 * header and footer, page numbers, bookmarks as the PDF outline, and long English words hyphenated at
 * line ends; HTML with the matching elements.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { AlignmentType, Bookmark, Document, HeadingLevel, Packer, Paragraph, TextRun } from 'docx';
import PDFDocument from 'pdfkit';

/** One block of the source text. */
export interface SourceBlock {
  readonly kind: 'heading' | 'paragraph' | 'list-item';
  /** 1–6 for headings, else 0. */
  readonly level: number;
  readonly bookmark: string | null;
  readonly runs: readonly { readonly text: string; readonly bold: boolean; readonly italic: boolean }[];
}

/** Options of {@link renderPdf}. */
export interface RenderPdfOptions {
  readonly columns?: 1 | 2;
  /** Body font size in points (default 10.5). */
  readonly fontSize?: number;
  /** Text of the running footer (default: the newsletter's name in both languages). */
  readonly footer?: string;
  readonly header?: string;
  /** Draw the running header, footer and page numbers (default true). */
  readonly pageFurniture?: boolean;
}

const HEADING_LEVELS = [HeadingLevel.HEADING_1, HeadingLevel.HEADING_2, HeadingLevel.HEADING_3, HeadingLevel.HEADING_4, HeadingLevel.HEADING_5, HeadingLevel.HEADING_6];

function parseRuns(text: string): SourceBlock['runs'] {
  const runs: { text: string; bold: boolean; italic: boolean }[] = [];
  text
    .replace(/<(https?:[^>\s]+)>/gu, '$1')
    .split('**')
    .forEach((part, index) => {
      const bold = index % 2 === 1;
      const italic = /^\*\S(?:.*\S)?\*$/u.exec(part.trim()) !== null;
      const clean = italic ? part.replace(/\*/gu, '') : part;
      if (clean !== '') runs.push({ text: clean, bold, italic });
    });
  return runs;
}

/**
 * Splits the seeds' text form into blocks, one per non-blank line (rules are dropped).
 * @param titles - lines equal to one of these are set bold, as the originals set their titles.
 */
export function readSourceBlocks(text: string, titles: ReadonlySet<string> = new Set()): SourceBlock[] {
  const blocks: SourceBlock[] = [];
  // A title wrapped over two lines in the text form: the rest expected on the next line.
  let titleRest: string | null = null;
  const isTitle = (plain: string): boolean => {
    const key = plain.replace(/^(?:\d{1,2}[.．、]\s*|[◇◆□■●○•]\s*)/u, '').trim();
    if (titleRest !== null && key === titleRest) {
      titleRest = null;
      return true;
    }
    titleRest = null;
    if (titles.has(key)) return true;
    const wrapped = [...titles].find((title) => key.length >= 8 && title.startsWith(key));
    if (wrapped !== undefined) titleRest = wrapped.slice(key.length).trim();
    return wrapped !== undefined;
  };
  for (const raw of text.replace(/\r\n?/gu, '\n').split('\n')) {
    let line = raw.replace(/\uFEFF/gu, '');
    let bookmark: string | null = null;
    const anchor = /\[bookmark:\s*([^\]]*)\]/u.exec(line);
    if (anchor !== null) {
      bookmark = anchor[1]?.trim() || 'bookmark';
      line = line.replace(anchor[0], '');
    }
    line = line.trim();
    if (line === '' || /^(?:-{3,}|\*{3,}|_{3,})$/u.test(line)) continue;
    const heading = /^(#{1,6})\s+/u.exec(line);
    const item = /^[-*+]\s+/u.exec(line);
    const kind: SourceBlock['kind'] = heading !== null ? 'heading' : item !== null ? 'list-item' : 'paragraph';
    const body = line.slice((heading ?? item)?.[0].length ?? 0);
    const runs = parseRuns(body);
    const plain = runs.map((run) => run.text).join('').trim();
    blocks.push({
      kind,
      level: heading?.[1]?.length ?? 0,
      bookmark,
      runs: isTitle(plain) ? runs.map((run) => ({ ...run, bold: true })) : runs,
    });
  }
  return blocks;
}

/** Renders blocks to a DOCX file (bytes). */
export async function renderDocx(blocks: readonly SourceBlock[]): Promise<Buffer> {
  const paragraphs = blocks.map((block, index) => {
    const runs = block.runs.map((run) => new TextRun({ text: run.text, bold: run.bold, italics: run.italic }));
    const children = block.bookmark !== null ? [new Bookmark({ id: `${block.bookmark.replace(/\W/gu, '_')}_${index}`, children: runs })] : runs;
    return new Paragraph({
      children,
      ...(block.kind === 'heading' ? { heading: HEADING_LEVELS[block.level - 1] } : {}),
      ...(block.kind === 'list-item' ? { bullet: { level: 0 } } : {}),
      alignment: AlignmentType.LEFT,
    });
  });
  const document = new Document({ sections: [{ children: paragraphs }] });
  return Packer.toBuffer(document);
}

function escapeHtml(text: string): string {
  return text.replace(/&/gu, '&amp;').replace(/</gu, '&lt;').replace(/>/gu, '&gt;');
}

/** Renders blocks to an HTML page (UTF-8 string) with a header, navigation and footer around them. */
export function renderHtml(blocks: readonly SourceBlock[], title: string): string {
  const body: string[] = [];
  let inList = false;
  for (const block of blocks) {
    if (block.kind === 'list-item' && !inList) body.push('<ul>');
    if (block.kind !== 'list-item' && inList) body.push('</ul>');
    inList = block.kind === 'list-item';
    const inner = block.runs
      .map((run) => {
        const text = escapeHtml(run.text);
        const styled = run.italic ? `<em>${text}</em>` : text;
        return run.bold ? `<strong>${styled}</strong>` : styled;
      })
      .join('');
    const anchor = block.bookmark !== null ? `<a id="${escapeHtml(block.bookmark)}"></a>` : '';
    const tag = block.kind === 'heading' ? `h${block.level}` : block.kind === 'list-item' ? 'li' : 'p';
    body.push(`<${tag}>${anchor}${inner}</${tag}>`);
  }
  if (inList) body.push('</ul>');
  return [
    '<!DOCTYPE html>',
    '<html><head><meta charset="utf-8"><title>' + escapeHtml(title) + '</title><style>p { margin: 0 }</style>',
    '<script>window.analytics = "<p>not text</p>";</script></head>',
    '<body><nav><a href="/">Home</a> | <a href="/archive">Archive</a></nav>',
    '<main>',
    ...body,
    '</main></body></html>',
  ].join('\n');
}

const require = createRequire(import.meta.url);
const fonts = new Map<string, Buffer>();
/** Noto Sans SC (SIL OFL 1.1) from the `@expo-google-fonts/noto-sans-sc` package, read once. */
function loadCjkFont(weight: '400Regular' | '700Bold'): Buffer {
  let font = fonts.get(weight);
  if (font === undefined) {
    font = readFileSync(require.resolve(`@expo-google-fonts/noto-sans-sc/${weight}/NotoSansSC_${weight}.ttf`));
    fonts.set(weight, font);
  }
  return font;
}

const CJK_TOKEN = /[\p{Script=Han}\u3000-\u303f\uff00-\uffef]|\s+|[^\s\p{Script=Han}\u3000-\u303f\uff00-\uffef]+/gu;
const HEADING_SIZES = [20, 16, 13.5, 12.5, 12, 11.5];

/**
 * Renders blocks to a PDF (bytes): A4, every line placed at its own position, page numbers `- n -`
 * and a running header and footer on every page.
 */
export function renderPdf(blocks: readonly SourceBlock[], options: RenderPdfOptions = {}): Promise<Buffer> {
  const columns = options.columns ?? 1;
  const bodySize = options.fontSize ?? 10.5;
  const pdf = new PDFDocument({ size: 'A4', margin: 0, autoFirstPage: false, bufferPages: true, compress: true });
  const chunks: Buffer[] = [];
  pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve) => pdf.on('end', () => resolve(Buffer.concat(chunks))));
  pdf.registerFont('cjk', loadCjkFont('400Regular'));
  const hasBold = blocks.some((block) => block.runs.some((run) => run.bold));
  if (hasBold) pdf.registerFont('cjk-bold', loadCjkFont('700Bold'));
  pdf.font('cjk');

  const pageWidth = 595.28;
  const pageHeight = 841.89;
  const margin = 64;
  const gutter = 24;
  const top = 80;
  const bottom = pageHeight - 80;
  const columnWidth = (pageWidth - 2 * margin - (columns - 1) * gutter) / columns;
  let column = 0;
  let y = top;
  const newPage = (): void => {
    pdf.addPage({ size: 'A4', margin: 0 });
    column = 0;
    y = top;
  };
  newPage();
  const ensureRoom = (height: number): void => {
    if (y + height <= bottom) return;
    if (column + 1 < columns) {
      column += 1;
      y = top;
    } else {
      newPage();
    }
  };

  const width = (text: string, size: number): number => pdf.fontSize(size).widthOfString(text);

  const wrap = (text: string, size: number, maxWidth: number): string[] => {
    const tokens = text.match(CJK_TOKEN) ?? [];
    const lines: string[] = [];
    let line = '';
    for (let token of tokens) {
      if (/^\s+$/u.test(token)) {
        if (line !== '') line += ' ';
        continue;
      }
      while (token !== '') {
        if (width(line + token, size) <= maxWidth) {
          line += token;
          token = '';
          break;
        }
        // Hyphenate a long lower-case English word at the line end.
        const word = /^([a-z]{8,})([,.;:]?)$/u.exec(token);
        if (word !== null && line.trim() !== '') {
          let cut = token.length - 3;
          while (cut >= 4 && width(`${line}${token.slice(0, cut)}-`, size) > maxWidth) cut -= 1;
          if (cut >= 4) {
            lines.push(`${line}${token.slice(0, cut)}-`);
            line = '';
            token = token.slice(cut);
            continue;
          }
        }
        if (line.trim() === '') {
          line += token; // a token wider than the column stays whole
          token = '';
          break;
        }
        lines.push(line.trimEnd());
        line = '';
      }
    }
    if (line.trim() !== '') lines.push(line.trimEnd());
    return lines;
  };

  for (const block of blocks) {
    const size = block.kind === 'heading' ? (HEADING_SIZES[block.level - 1] ?? bodySize) : bodySize;
    const indent = block.kind === 'list-item' ? 14 : 0;
    const pitch = size * 1.45;
    const text = block.runs.map((run) => run.text).join('').replace(/\s+/gu, ' ').trim();
    const bold = block.runs.every((run) => run.bold || run.text.trim() === '');
    pdf.font(bold ? 'cjk-bold' : 'cjk');
    const lines = wrap(text, size, columnWidth - indent);
    lines.forEach((line, index) => {
      ensureRoom(pitch);
      const x = margin + column * (columnWidth + gutter) + indent;
      if (index === 0 && block.bookmark !== null) pdf.outline.addItem(text);
      if (index === 0 && block.kind === 'list-item') pdf.circle(x - 8, y + size * 0.55, 1.8).fill('#000000');
      pdf.fontSize(size).fillColor('#000000').text(line, x, y, { lineBreak: false });
      y += pitch;
    });
    y += size * 0.7;
  }

  const range = pdf.bufferedPageRange();
  for (let index = range.start; options.pageFurniture !== false && index < range.start + range.count; index += 1) {
    pdf.switchToPage(index);
    pdf.font('cjk').fontSize(8).fillColor('#555555');
    pdf.text(options.header ?? '中国科技通讯 · China Science and Technology Newsletter', margin, 40, { lineBreak: false });
    pdf.text(options.footer ?? 'Department of International Cooperation, Ministry of Science and Technology · 科技部国际合作司', margin, pageHeight - 56, {
      lineBreak: false,
    });
    const label = `- ${index + 1} -`;
    pdf.text(label, (pageWidth - width(label, 8)) / 2, pageHeight - 40, { lineBreak: false });
  }
  pdf.end();
  return done;
}
