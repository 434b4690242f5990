export { parseNewsletter, parseNewsletterSteps, detectIssue, type ParsedNewsletter, type ParseNewsletterOptions } from './parse-newsletter';
export type { ParseReport, ParseWarning, DroppedLine, DropReason, SegmentationEvidence } from './segmentation/report';
export { SEGMENTATION_POLICY, type SegmentationPolicy } from './segmentation/policy';
export { runSteps, runStepsCooperatively, type Steps } from './steps';
/** Edition pairing: its public door is `./pairing/index.ts`, re-exported whole. */
export * from './pairing';
export {
  loadNewsletters,
  listNewsletterFiles,
  hashNewsletterFiles,
  digestFile,
  PARSER_VERSION,
  NEWSLETTER_EXTENSIONS,
  parsedFileKey,
  type LoadedNewsletters,
  type ParsedFileRecord,
  type SkippedArticle,
} from './load-newsletters';
export { parseSourceLine, type SourceLine } from './source-line';
export { parseNewsletterFile, type ParsedNewsletterFile, type ParseNewsletterFileOptions } from './load-newsletters';
export {
  extractDocumentText,
  extractDocumentBytes,
  extractorFor,
  htmlToNewsletterText,
  htmlCanonicalUrl,
  layoutPdfText,
  readPdfPages,
  DOCUMENT_EXTRACTORS,
  DOCUMENT_EXTENSIONS,
  type DocumentExtractor,
  type DocumentFormat,
  type ExtractedDocument,
  type PositionedPage,
  type PositionedText,
  type OutlineTitle,
  type PdfLayoutOptions,
} from './formats';
export { articleWarnings, type ArticleWarning } from './article-warnings';
