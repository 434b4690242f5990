/**
 * Format dispatch: one adapter per newsletter format, chosen by file extension.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ParseError } from '../../core';
import { docxExtractor } from './docx';
import { htmlExtractor } from './html';
import { pdfExtractor } from './pdf';
import { markdownExtractor, plainTextExtractor } from './text';
import type { DocumentExtractor, ExtractedDocument } from './types';

export type { DocumentExtractor, DocumentFormat, ExtractedDocument } from './types';
export { htmlToNewsletterText, htmlCanonicalUrl } from './html';
export { layoutPdfText, type PositionedPage, type PositionedText, type OutlineTitle, type PdfLayoutOptions } from './pdf-layout';
export { readPdfPages } from './pdf';
export { decodeUtf8Text } from './text';

/** The adapters, one per format. */
export const DOCUMENT_EXTRACTORS: readonly DocumentExtractor[] = [plainTextExtractor, markdownExtractor, htmlExtractor, docxExtractor, pdfExtractor];

/** Every extension some adapter reads (lower case, with the dot). */
export const DOCUMENT_EXTENSIONS: readonly string[] = DOCUMENT_EXTRACTORS.flatMap((extractor) => extractor.extensions);

/** The adapter for `file`'s extension, or null when no adapter reads it. */
export function extractorFor(file: string): DocumentExtractor | null {
  const extension = path.extname(file).toLowerCase();
  return DOCUMENT_EXTRACTORS.find((extractor) => extractor.extensions.includes(extension)) ?? null;
}

/**
 * Extracts the parser's text from a document's bytes, by the extension of `file`.
 * @param file - the name used in errors (and to pick the adapter).
 * @throws {ParseError} for an extension no adapter reads, or when the adapter cannot read the bytes.
 */
export async function extractDocumentBytes(bytes: Uint8Array, file: string): Promise<ExtractedDocument> {
  const extractor = extractorFor(file);
  if (extractor === null) throw new ParseError(file, null, `unsupported file type "${path.extname(file)}"; expected one of ${DOCUMENT_EXTENSIONS.join(', ')}`);
  return extractor.extract(bytes, file);
}

/**
 * Reads and extracts one document file.
 * @param absolutePath - where to read it.
 * @param file - the name used in errors (e.g. the path from the repository root); defaults to `absolutePath`.
 * @throws {ParseError} when the file cannot be read or extracted.
 */
export async function extractDocumentText(absolutePath: string, file: string = absolutePath): Promise<ExtractedDocument> {
  let bytes: Buffer;
  try {
    bytes = await readFile(absolutePath);
  } catch (error) {
    throw new ParseError(file, null, `cannot read the file (${error instanceof Error ? error.message : String(error)})`, { cause: error });
  }
  return extractDocumentBytes(bytes, file);
}
