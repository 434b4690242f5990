export {
  HybridRetriever,
  IDF_SAMPLE_ARTICLES,
  COVERAGE_TEXT_CACHE_SIZE,
  type HybridRetrieverOptions,
  type MatchedChunk,
  type RetrievalCorpus,
  type RetrievedArticle,
  type SearchOptions,
  type SearchPeriod,
} from './hybrid-retriever';
export { reciprocalRankFusion, DEFAULT_RRF_K, type FusedItem } from './reciprocal-rank-fusion';
export { Glossary, loadCountryNames, type CountryNames, type GlossaryEntry, type GlossaryMatch } from './glossary';
export {
  extractQuestionTerms,
  coverage,
  covers,
  matchTerm,
  prepareCoverageText,
  type QuestionTerm,
  type CoverageText,
  type BridgeText,
  type TermMatch,
} from './question-terms';
export {
  BilingualLexicon,
  LexiconDataError,
  loadBilingualLexicon,
  GENERIC_STEM_HEADWORDS,
  SYNONYM_PHRASE_HEADWORDS,
  MAX_HEADWORD_CHARACTERS,
  type LexiconData,
  type LexiconSense,
  type LoadBilingualLexiconOptions,
} from './bilingual-lexicon';
export {
  parseQueryPeriod,
  stripPeriod,
  articleInPeriod,
  periodDistanceDays,
  OPEN_PERIOD_START,
  OPEN_PERIOD_END,
  LATEST_WINDOW_MONTHS,
  MAX_PERIOD_TERMS,
  type QueryPeriod,
  type QueryPeriodContext,
} from './query-period';
