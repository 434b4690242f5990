export { chunkArticle, chunkArticles, chunkIndexText, type ChunkingOptions } from './chunk-articles';
export { splitSentences } from './sentences';
export { dateTerms, dateTerm, chunkDateTerms, DATE_TERM_PATTERN, DATE_TERMS_VERSION } from './date-terms';
