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
