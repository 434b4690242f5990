export { parseNewsletter, detectIssue, type ParsedNewsletter } from './parse-newsletter';
export { pairEditions, findEditionPairs, scorePair, MIN_PAIR_SCORE, type EditionPair } from './pair-editions';
export {
  loadNewsletters,
  listNewsletterFiles,
  hashNewsletterFiles,
  NEWSLETTER_EXTENSIONS,
  type LoadedNewsletters,
} from './load-newsletters';
export { parseSourceLine, type SourceLine } from './source-line';
export { findFullDates, parseFullDate, collapseChineseSpacing, type FoundDate } from './dates';
