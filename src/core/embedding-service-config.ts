/**
 * The embedding-service part of the configuration (`EMBEDDER=openai|ollama`, issue 14): its defaults, its
 * shape and its cross-field rules. The variables themselves are declared in `config.ts`'s schema, the one
 * place that reads the environment; this module only turns the parsed values into {@link EmbeddingServiceConfig}.
 */
import { z } from 'zod';

/**
 * Defaults of the embedding-service client (`EMBEDDER=openai|ollama`). One request carries
 * `EMBEDDING_BATCH_SIZE` (default 16) chunks of about `CHUNK_SIZE` (500) characters, or one query.
 */
export const EMBEDDING_SERVICE_DEFAULTS = Object.freeze({
  /**
   * `EMBEDDINGS_TIMEOUT_MS`: milliseconds one request may wait for its answer. Hosted APIs embed such a batch
   * in well under a second and a CPU server (Ollama, TEI) in a few seconds; Ollama's first request also loads
   * the model, which takes seconds to tens of seconds (an estimate, not measured here). 60 s is past all of
   * these, so reaching it means the server is stuck. Timed-out requests are not retried.
   */
  timeoutMs: 60_000,
  /**
   * `EMBEDDINGS_MAX_RETRIES`: extra attempts after a failed request (HTTP 429, 5xx, reset connection), with
   * LangChain's exponential backoff (about 1 s, then 2 s, randomised). The same default as `LLM_MAX_RETRIES`.
   */
  maxRetries: 2,
});

/** `OLLAMA_BASE_URL` when unset (Ollama's own default address), and `EMBEDDINGS_BASE_URL` for `openai`. */
export const DEFAULT_EMBEDDING_SERVICE_URLS = Object.freeze({
  openai: 'https://api.openai.com/v1',
  ollama: 'http://127.0.0.1:11434',
});

/** An `http://` or `https://` URL variable (also `LLM_BASE_URL`'s type in `config.ts`). */
export const httpUrl = z
  .string()
  .trim()
  .url()
  .refine((value) => /^https?:\/\//i.test(value), 'must be an http:// or https:// URL');

/**
 * The embedding-service variables of `config.ts`'s schema (spread into it there; listed in `.env.example`). Read
 * only when `EMBEDDER` is `openai` or `ollama`; see {@link EmbeddingServiceConfig} for each one's meaning.
 */
export const EMBEDDING_SERVICE_VARIABLES = {
  EMBEDDINGS_BASE_URL: httpUrl.optional(),
  EMBEDDINGS_MODEL: z.string().trim().min(1).optional(),
  EMBEDDINGS_API_KEY: z.string().trim().optional(),
  EMBEDDINGS_DIMENSIONS: z.coerce.number().int().min(1).max(65_536).optional(),
  OLLAMA_BASE_URL: httpUrl.optional(),
  EMBEDDINGS_TIMEOUT_MS: z.coerce.number().int().min(100).max(3_600_000).default(EMBEDDING_SERVICE_DEFAULTS.timeoutMs),
  EMBEDDINGS_MAX_RETRIES: z.coerce.number().int().min(0).max(10).default(EMBEDDING_SERVICE_DEFAULTS.maxRetries),
};

/** Which embedding-service client embeds: any OpenAI-compatible `/v1/embeddings`, or Ollama's `/api/embed`. */
export type EmbeddingServiceProvider = 'openai' | 'ollama';

/** An embedding service's settings (`EMBEDDINGS_*`, `OLLAMA_BASE_URL`). The API key is never logged or printed. */
export interface EmbeddingServiceConfig {
  readonly provider: EmbeddingServiceProvider;
  /**
   * Base URL without a trailing slash and without credentials. `openai`: `EMBEDDINGS_BASE_URL` up to the API
   * version (e.g. `http://127.0.0.1:8080/v1`; default `https://api.openai.com/v1`). `ollama`: `OLLAMA_BASE_URL`,
   * the server root (default `http://127.0.0.1:11434`).
   */
  readonly baseUrl: string;
  /** `EMBEDDINGS_API_KEY`: bearer token; undefined for local servers that need none. Secret. */
  readonly apiKey: string | undefined;
  /** `EMBEDDINGS_MODEL`: model name as the server knows it, e.g. `text-embedding-3-small`, `bge-m3`. */
  readonly model: string;
  /** `EMBEDDINGS_DIMENSIONS`: vector length asked of the server (`dimensions`); null = the model's own. */
  readonly dimensions: number | null;
  /** `EMBEDDINGS_TIMEOUT_MS`: milliseconds one request may take (see {@link EMBEDDING_SERVICE_DEFAULTS}). */
  readonly timeoutMs: number;
  /** `EMBEDDINGS_MAX_RETRIES`: extra attempts after a failed request (see {@link EMBEDDING_SERVICE_DEFAULTS}). */
  readonly maxRetries: number;
}

/** The parsed variables {@link embeddingServiceConfig} reads (a slice of `config.ts`'s schema output). */
export interface EmbeddingServiceVariables {
  readonly EMBEDDER: string;
  readonly EMBEDDINGS_BASE_URL?: string | undefined;
  readonly EMBEDDINGS_MODEL?: string | undefined;
  readonly EMBEDDINGS_API_KEY?: string | undefined;
  readonly EMBEDDINGS_DIMENSIONS?: number | undefined;
  readonly OLLAMA_BASE_URL?: string | undefined;
  readonly EMBEDDINGS_TIMEOUT_MS: number;
  readonly EMBEDDINGS_MAX_RETRIES: number;
}

/**
 * The embedding-service block of `loadConfig`: null unless `EMBEDDER` is `openai` or `ollama`. Pushes
 * cross-field problems (missing model, missing key for api.openai.com, credentials in a URL) to `problems`.
 */
export function embeddingServiceConfig(env: EmbeddingServiceVariables, problems: string[]): EmbeddingServiceConfig | null {
  if (env.EMBEDDER !== 'openai' && env.EMBEDDER !== 'ollama') return null;
  const provider = env.EMBEDDER;
  const variable = provider === 'openai' ? 'EMBEDDINGS_BASE_URL' : 'OLLAMA_BASE_URL';
  const configured = provider === 'openai' ? env.EMBEDDINGS_BASE_URL : env.OLLAMA_BASE_URL;
  const baseUrl = (configured ?? DEFAULT_EMBEDDING_SERVICE_URLS[provider]).replace(/\/+$/u, '');
  const url = new URL(baseUrl);
  if (url.username !== '' || url.password !== '') {
    problems.push(`${variable} must not contain credentials: put the key in EMBEDDINGS_API_KEY`);
  }
  if (env.EMBEDDINGS_MODEL === undefined) {
    const examples = provider === 'ollama' ? 'nomic-embed-text, bge-m3' : 'text-embedding-3-small, BAAI/bge-m3, text-embedding-v3';
    problems.push(`EMBEDDINGS_MODEL is required when EMBEDDER=${provider} (the model name the server knows, e.g. ${examples})`);
  }
  if (provider === 'openai' && url.hostname === 'api.openai.com' && env.EMBEDDINGS_API_KEY === undefined) {
    problems.push(
      `EMBEDDINGS_API_KEY is required for EMBEDDER=openai at ${url.origin}; for a local OpenAI-compatible server ` +
        '(TEI, vLLM, Ollama /v1), set EMBEDDINGS_BASE_URL to it',
    );
  }
  return {
    provider,
    baseUrl,
    apiKey: env.EMBEDDINGS_API_KEY,
    model: env.EMBEDDINGS_MODEL ?? '',
    dimensions: env.EMBEDDINGS_DIMENSIONS ?? null,
    timeoutMs: env.EMBEDDINGS_TIMEOUT_MS,
    maxRetries: env.EMBEDDINGS_MAX_RETRIES,
  };
}

