export { parseNewsletter, detectIssue, type ParsedNewsletter } from './parse-newsletter';
export {
  pairEditions,
  findEditionPairs,
  matchEditions,
  applyEditionPairs,
  readPairEditionsOptions,
  similarityFromArticleVectors,
  SIMILARITY_BATCH_SIZE,
  relateFiles,
  scorePair,
  pairConfidence,
  MIN_PAIR_SCORE,
  MIN_CONTENT_SCORE,
  MARGIN_SCALE,
  DATE_TOLERANCE_DAYS,
  PAIR_WEIGHTS,
  PAIR_FEATURES_VERSION,
  type EditionPair,
  type EditionPairingReport,
  type PairEditionsOptions,
  type PairEvidence,
  type PairScoreTerms,
  type PairScore,
  type PairNearMiss,
  type PairSimilarity,
  type FileRelation,
} from './pair-editions';
export {
  parsePairOverrides,
  readPairOverrides,
  resolvePairOverrides,
  NO_PAIR_OVERRIDES,
  type PairOverrides,
  type PairOverrideEntry,
  type PairOverrideProblem,
  type ResolvedPairOverrides,
} from './pair-overrides';
export { parseBilingualNames, readBilingualNames, BilingualNameMatcher, type BilingualName } from './bilingual-names';
export { maximumWeightAssignment } from './assignment';
export {
  loadNewsletters,
  listNewsletterFiles,
  hashNewsletterFiles,
  PARSER_VERSION,
  NEWSLETTER_EXTENSIONS,
  parsedFileKey,
  type LoadedNewsletters,
  type ParsedFileRecord,
} from './load-newsletters';
export { parseSourceLine, type SourceLine } from './source-line';
export { findFullDates, parseFullDate, collapseChineseSpacing, type FoundDate } from './dates';
export {
  extractDateMentions,
  inferYear,
  englishMonthNumber,
  chineseNumberValue,
  MIN_MENTION_YEAR,
  MAX_MENTION_YEAR,
  FUTURE_MENTION_WINDOW_DAYS,
  type DateMention,
} from './date-mentions';
export { parseNewsletterFile, type ParsedNewsletterFile } from './load-newsletters';
export {
  extractDocumentText,
  extractDocumentBytes,
  extractorFor,
  htmlToNewsletterText,
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
