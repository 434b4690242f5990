/**
 * Embed stage (build path: ingest → chunk → **embed** → vector-index; answer path: … → retrieve →
 * vector-index → embed): turns chunk texts and questions into L2-normalised vectors.
 *
 * Most callers need only {@link createEmbedder} and the {@link Embedder} type. The transformers.js library is
 * imported lazily by {@link TransformersEmbedder.create}, so importing this module is cheap.
 */
export type { Embedder, EmbedderSelection } from './embedder';
export { createEmbedder } from './create-embedder';
export { createLazyEmbedder, identifyEmbedder, isLazyEmbedder, type EmbedderIdentity, type LazyEmbedder } from './embedder-identity';
export { HashedNgramEmbedder, type HashedNgramEmbedderOptions } from './hashed-ngram-embedder';
export { TransformersEmbedder, type TransformersEmbedderOptions } from './transformers-embedder';
export { ServiceEmbedder, type ServiceEmbedderOptions } from './service-embedder';
export { MODEL_FAMILIES, modelFamilyOf, type ModelFamily } from './model-families';
export {
  downloadModel,
  ModelDownloadError,
  OPTIONAL_MODEL_FILES,
  type DownloadProgress,
  type DownloadedFile,
  type ModelDownloadFailure,
  type ModelDownloadOptions,
  type ModelDownloadResult,
} from './model-download';
export { hubFileUrl, proxyInUse, PUBLIC_MODEL_HUB, withHubNetwork } from './model-hub';
export { requiredModelFiles, probeTransformersModel, transformersEmbedderId, type TransformersModelProbe } from './transformers-embedder';
