export * from './types';
export * from './errors';
export * from './config';
export {
  DEFAULT_EMBEDDING_SERVICE_URLS,
  EMBEDDING_SERVICE_DEFAULTS,
  type EmbeddingServiceConfig,
  type EmbeddingServiceProvider,
} from './embedding-service-config';
export * from './logger';
export * from './json-lines';
export * from './text-memo';
export * from './abort';
export * from './model-hub-config';
export { DEFAULT_REDIS_KEY_PREFIX, type SharedStateConfig } from './shared-state-config';
export * from './service-text';
