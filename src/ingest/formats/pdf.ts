/**
 * PDF newsletters through pdf.js (`pdfjs-dist`, legacy build for Node; the library under LangChain's
 * `PDFLoader` via pdf-parse): text runs with their positions, rebuilt into paragraphs by
 * {@link layoutPdfText}, with the PDF outline (bookmarks) marking titles.
 */
import type { PDFDocumentProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { ParseError } from '../../core';
import { layoutPdfText, type OutlineTitle, type PositionedPage, type PositionedText } from './pdf-layout';
import type { DocumentExtractor, ExtractedDocument } from './types';

interface OutlineNode {
  readonly title: string;
  readonly dest: string | readonly unknown[] | null;
  readonly items: readonly OutlineNode[];
}

function isRef(value: unknown): value is { num: number; gen: number } {
  return typeof value === 'object' && value !== null && 'num' in value && 'gen' in value;
}

async function readOutline(document: PDFDocumentProxy): Promise<OutlineTitle[]> {
  const roots = ((await document.getOutline()) ?? []) as readonly OutlineNode[];
  const titles: OutlineTitle[] = [];
  const visit = async (node: OutlineNode): Promise<void> => {
    let pageIndex: number | null = null;
    try {
      const destination = typeof node.dest === 'string' ? await document.getDestination(node.dest) : node.dest;
      const target: unknown = destination?.[0];
      if (isRef(target)) pageIndex = await document.getPageIndex(target);
      else if (typeof target === 'number') pageIndex = target;
    } catch {
      pageIndex = null;
    }
    titles.push({ title: node.title, pageIndex });
    for (const child of node.items) await visit(child);
  };
  for (const root of roots) await visit(root);
  return titles;
}

function reasonOf(error: unknown): string {
  const name = error instanceof Error ? error.name : '';
  const message = error instanceof Error ? error.message : String(error);
  if (name === 'PasswordException') return 'the PDF is encrypted and needs a password';
  if (name === 'InvalidPDFException') return `not a readable PDF (${message})`;
  return `the PDF could not be read (${message})`;
}

/**
 * Reads the positioned text of every page of a PDF.
 * @throws {ParseError} when the bytes are not a PDF, the file is truncated (no `%%EOF` in its last
 *   2,048 bytes), encrypted, or pdf.js cannot read it.
 */
export async function readPdfPages(bytes: Uint8Array, file: string): Promise<{ pages: PositionedPage[]; outline: OutlineTitle[] }> {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 1024));
  if (!head.includes('%PDF-')) throw new ParseError(file, null, 'not a PDF file (no %PDF- header in its first 1,024 bytes)');
  const tail = new TextDecoder('latin1').decode(bytes.subarray(Math.max(0, bytes.length - 2048)));
  if (!tail.includes('%%EOF')) throw new ParseError(file, null, 'truncated PDF (no %%EOF marker at the end of the file)');
  let document: PDFDocumentProxy | null = null;
  try {
    // Loaded on first use: pdf.js is large, and most runs read no PDF.
    const { getDocument, VerbosityLevel } = await import('pdfjs-dist/legacy/build/pdf.mjs');
    document = await getDocument({
      data: new Uint8Array(bytes),
      verbosity: VerbosityLevel.ERRORS,
      isEvalSupported: false,
      disableFontFace: true,
      useSystemFonts: false,
    }).promise;
    const pages: PositionedPage[] = [];
    for (let number = 1; number <= document.numPages; number += 1) {
      const page = await document.getPage(number);
      const viewport = page.getViewport({ scale: 1 });
      const content = await page.getTextContent();
      const items: PositionedText[] = [];
      for (const item of content.items) {
        if (!('str' in item) || item.str === '') continue;
        const transform = item.transform as number[];
        const [a = 0, b = 0, c = 0, d = 0, e = 0, f = 0] = transform;
        if (Math.abs(b) > 1e-3 || Math.abs(c) > 1e-3) continue; // rotated text (stamps, margins) is not article text
        items.push({ text: item.str, x: e, y: f, width: item.width, size: Math.abs(d) || Math.abs(a), font: item.fontName });
      }
      pages.push({ width: viewport.width, height: viewport.height, items });
      page.cleanup();
    }
    return { pages, outline: await readOutline(document) };
  } catch (error) {
    if (error instanceof ParseError) throw error;
    throw new ParseError(file, null, reasonOf(error), { cause: error });
  } finally {
    await document?.destroy();
  }
}

/** `.pdf` files: see {@link readPdfPages} for what is thrown; a PDF without a text layer throws too. */
export const pdfExtractor: DocumentExtractor = {
  format: 'pdf',
  extensions: ['.pdf'],
  async extract(bytes: Uint8Array, file: string): Promise<ExtractedDocument> {
    const { pages, outline } = await readPdfPages(bytes, file);
    const text = layoutPdfText(pages, { outline });
    if (text.trim() === '') throw new ParseError(file, null, `no text layer in ${pages.length} page(s) (a scanned PDF? run OCR first)`);
    return { format: 'pdf', text, pageCount: pages.length };
  },
};
