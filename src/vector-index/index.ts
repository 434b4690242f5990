/**
 * The vector-index stage: stores chunks with their embeddings and searches them, by cosine distance
 * (HNSW, hnswlib-node) and by BM25 (wink-bm25-text-search) over a mixed Chinese/English tokenizer. It
 * receives vectors and chunks; it knows nothing about embedding models or newsletter parsing.
 *
 * Build path: `writeIndex` (atomic swap into `<indexDir>/current`), `loadStoredEmbeddings` (the previous
 * build's vectors by key, for incremental updates). Answer path: `loadIndex` (checked
 * against the configuration, never returns a broken index), then `vectorStore.similaritySearchVectorWithScore`
 * (a LangChain `VectorStore`: `Document`s carrying chunk ids, cosine distances) and `lexicalIndex.search`
 * (labels = positions in `chunks`). Any {@link ChunkVectorStore} can stand in for the HNSW store.
 */
export type {
  VectorIndex,
  VectorSearchHit,
  LexicalIndex,
  LexicalSearchHit,
  ChunkVectorStore,
  ChunkDocument,
  ChunkMetadata,
  ChunkFilter,
} from './types';
export { HnswVectorIndex } from './hnsw-vector-index';
export { HnswChunkStore } from './chunk-vector-store';
export { ExactCosineStore } from './exact-cosine-store';
export { VECTOR_SEARCH_POLICY, vectorStoreKindFor } from './vector-search-policy';
export { chunkDocument, chunkFromDocument, VectorOnlyEmbeddings } from './chunk-documents';
export type { HnswParameters } from './hnsw-vector-index';
export { Bm25LexicalIndex, BM25_PARAMETERS } from './bm25-lexical-index';
export type { LexicalDocument, Bm25LexicalIndexJson } from './bm25-lexical-index';
export {
  INDEX_FORMAT_VERSION,
  INDEX_DATA_FILES,
  INDEX_QUERY_FILES,
  INDEX_EMBEDDING_FILES,
  MANIFEST_FILE,
  checkManifest,
  parseManifest,
  readManifestFile,
} from './manifest';
export type { IndexManifest, IndexDataFile, IndexFileDigest, ExpectedIndexSettings, SourceFileDigest } from './manifest';
export { writeIndex, MAX_TOMBSTONE_SHARE } from './index-writer';
export { loadIndex, loadStoredEmbeddings, readIndexCacheFile, readManifest } from './index-reader';
export { CURRENT_INDEX_DIR, PREVIOUS_INDEX_DIR, BUILD_DIR_PREFIX } from './index-files';
export { checkIndexFiles, type CheckIndexFilesOptions, type CheckedIndexFiles, type ExpectedIndexFiles } from './index-check';
export { LexicalTokenCache, LEXICAL_TOKEN_CACHE_FILE } from './lexical-token-cache';
export { withIndexWriteLock, INDEX_LOCK_NAME, LOCK_STALE_MILLISECONDS, DEFAULT_LOCK_WAIT_MILLISECONDS, type IndexWriteLockOptions } from './index-lock';
export type {
  IndexManifestInput,
  IndexWriteData,
  IndexCacheFile,
  IndexWriteStep,
  WriteIndexOptions,
} from './index-writer';
export type { LoadIndexOptions, LoadedIndex, ReadManifestOptions, StoredEmbeddings } from './index-reader';
