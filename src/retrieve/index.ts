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
export {
  NewsletterRetriever,
  NEWSLETTER_RETRIEVER_DEFAULTS,
  articleDocument,
  type NewsletterDocumentMetadata,
  type NewsletterRetrieverInput,
} from './langchain-retriever';
