export { chunkArticle, chunkArticles, chunkIndexText, type ChunkingOptions } from './chunk-articles';
export { splitSentences } from './sentences';
