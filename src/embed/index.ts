/**
 * Embed stage (build path: ingest → chunk → **embed** → vector-index; answer path: … → retrieve →
 * vector-index → embed): turns chunk texts and questions into L2-normalised vectors.
 *
 * Most callers need only {@link createEmbedder} and the {@link Embedder} type. The transformers.js library is
 * imported lazily by {@link TransformersEmbedder.create}, so importing this module is cheap.
 */
export type { Embedder, EmbedderSelection } from './embedder';
export { createEmbedder } from './create-embedder';
export { HashedNgramEmbedder, type HashedNgramEmbedderOptions } from './hashed-ngram-embedder';
export { TransformersEmbedder, type TransformersEmbedderOptions } from './transformers-embedder';
export { ServiceEmbedder, type ServiceEmbedderOptions } from './service-embedder';
export { MODEL_FAMILIES, modelFamilyOf, type ModelFamily } from './model-families';
