/** Plain-text and Markdown newsletters (the seeds' own form): decoded as UTF-8, otherwise unchanged. */
import { ParseError } from '../../core';
import type { DocumentExtractor, ExtractedDocument } from './types';

/**
 * Decodes UTF-8 text (a BOM is kept for the parser to strip).
 * @throws {ParseError} on NUL bytes (binary content) or when more than 1 % (at least 5) of the
 *   sequences are not valid UTF-8.
 */
export function decodeUtf8Text(bytes: Uint8Array, file: string, encoding = 'utf-8'): string {
  if (bytes.includes(0)) throw new ParseError(file, null, 'binary content (NUL bytes); expected a text file');
  const text = new TextDecoder(encoding, { fatal: false }).decode(bytes);
  const replacements = (text.match(/\uFFFD/gu) ?? []).length;
  if (replacements > Math.max(5, text.length * 0.01)) {
    throw new ParseError(file, null, `not valid ${encoding.toUpperCase()} text (${replacements} undecodable sequences)`);
  }
  return text;
}

function textExtractor(format: 'text' | 'markdown', extensions: readonly string[]): DocumentExtractor {
  return {
    format,
    extensions,
    extract(bytes: Uint8Array, file: string): Promise<ExtractedDocument> {
      return Promise.resolve({ format, text: decodeUtf8Text(bytes, file), pageCount: null });
    },
  };
}

/** `.txt` files: UTF-8 text. */
export const plainTextExtractor: DocumentExtractor = textExtractor('text', ['.txt']);
/** `.md` files: UTF-8 Markdown, which the parser reads directly. */
export const markdownExtractor: DocumentExtractor = textExtractor('markdown', ['.md', '.markdown']);
