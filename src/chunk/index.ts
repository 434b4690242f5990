export { chunkArticle, chunkArticles, chunkIndexText, type ChunkingOptions } from './chunk-articles';
