/**
 * DOCX newsletters through mammoth (the library LangChain's `DocxLoader` wraps): mammoth converts the
 * document to semantic HTML — Word heading styles to `h1`–`h6`, bold runs to `strong`, lists to `ul`/`li`,
 * bookmarks to empty named anchors — which {@link htmlToNewsletterText} turns into the parser's text.
 */
import { ParseError } from '../../core';
import { htmlToNewsletterText } from './html';
import type { DocumentExtractor, ExtractedDocument } from './types';

const ZIP_SIGNATURE = [0x50, 0x4b, 0x03, 0x04];

/**
 * `.docx` files. Throws {@link ParseError} when the file is not a ZIP archive, is a ZIP without a Word
 * document inside, or mammoth cannot read it.
 */
export const docxExtractor: DocumentExtractor = {
  format: 'docx',
  extensions: ['.docx'],
  async extract(bytes: Uint8Array, file: string): Promise<ExtractedDocument> {
    if (!ZIP_SIGNATURE.every((byte, index) => bytes[index] === byte)) {
      throw new ParseError(file, null, 'not a DOCX file (a DOCX is a ZIP archive; this file does not start with a ZIP signature)');
    }
    let html: string;
    try {
      // Loaded on first use, like pdf.js: most runs read no DOCX.
      const { default: mammoth } = await import('mammoth');
      const result = await mammoth.convertToHtml({ buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) });
      html = result.value;
    } catch (error) {
      const detail = error instanceof Error ? error.message.split('\n')[0] : String(error);
      throw new ParseError(file, null, `not a readable DOCX file (${detail})`, { cause: error });
    }
    const text = htmlToNewsletterText(html);
    if (text.trim() === '') throw new ParseError(file, null, 'the DOCX document holds no text');
    return { format: 'docx', text, pageCount: null };
  },
};
