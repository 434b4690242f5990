/**
 * The interface every newsletter format adapter implements: bytes in, text in the form the newsletter
 * parser understands out (one paragraph per block, blocks separated by a blank line, Markdown headings
 * `#`…`######` where the format has headings, `**bold**`, `- ` list items and `[bookmark: …]` title
 * anchors where the format has them).
 */

/** The formats the ingest stage reads. */
export type DocumentFormat = 'text' | 'markdown' | 'html' | 'docx' | 'pdf';

/** What an adapter extracted from one file. */
export interface ExtractedDocument {
  readonly format: DocumentFormat;
  /** Markdown-ish text for {@link parseNewsletter}; never empty when returned. */
  readonly text: string;
  /** Pages of a PDF; null for formats without pages. */
  readonly pageCount: number | null;
  /**
   * The document's own address, when the file states one (HTML: `<link rel="canonical">`, else
   * `<meta property="og:url">`): absolute `http(s)`, normalised. Every article of the file links to it unless
   * it prints a link of its own. Absent or null when the format or the file has none.
   */
  readonly canonicalUrl?: string | null;
}

/**
 * One format adapter.
 * `extract` throws {@link ParseError} (with `file`, and a `reason` that says what is wrong with the
 * file) when the bytes are not a readable document of this format.
 */
export interface DocumentExtractor {
  readonly format: DocumentFormat;
  /** Lower-case extensions with the dot, e.g. `.docx`. */
  readonly extensions: readonly string[];
  extract(bytes: Uint8Array, file: string): Promise<ExtractedDocument>;
}
