export {
  HybridRetriever,
  type HybridRetrieverOptions,
  type MatchedChunk,
  type RetrievalCorpus,
  type RetrievedArticle,
  type SearchOptions,
} from './hybrid-retriever';
export { reciprocalRankFusion, DEFAULT_RRF_K, type FusedItem } from './reciprocal-rank-fusion';
export { Glossary, type GlossaryEntry, type GlossaryMatch } from './glossary';
export { extractQuestionTerms, coverage, covers, prepareCoverageText, type QuestionTerm, type CoverageText } from './question-terms';
