/**
 * Embedding services through LangChain's clients: `OpenAIEmbeddings` (`@langchain/openai`) for any
 * OpenAI-compatible `POST /v1/embeddings` (OpenAI, TEI, vLLM, Ollama's `/v1`, DashScope compatible mode) and
 * `OllamaEmbeddings` (`@langchain/ollama`) for Ollama's own `POST /api/embed`. The only module that imports
 * the embedding clients. Retries, backoff and concurrency are LangChain's `AsyncCaller`'s (see
 * {@link embeddingRetryPolicy}); the per-request timeout is the OpenAI SDK's `timeout`, and for Ollama (whose
 * client has none) an `AbortSignal.timeout` on each request. The client package is loaded when a service
 * embedder is created (dynamic `import()`), so a process with a local embedder never loads either (issue 15).
 */
import type { EmbeddingsInterface } from '@langchain/core/embeddings';
import { InputError, printableUrl, redactSecrets, type EmbeddingServiceConfig } from '../core';
import type { Embedder } from './embedder';
import { modelFamilyOf, type ModelFamily } from './model-families';
import {
  embeddingRetryPolicy,
  embeddingServiceError,
  toEmbeddingServiceError,
  type EmbeddingServiceContext,
} from './service-errors';

/**
 * Bearer token sent to OpenAI-compatible servers when `EMBEDDINGS_API_KEY` is unset: the OpenAI client refuses
 * to start without a key, and local servers (TEI, vLLM, Ollama's `/v1`) ignore it. Not a secret.
 */
export const NO_API_KEY_PLACEHOLDER = 'no-key-configured';

/** Text embedded once at start-up to check the service and measure the vector length. */
const PROBE_TEXT = 'dimension probe 维度探测';

/** Options of {@link ServiceEmbedder.create} besides the service's configuration. */
export interface ServiceEmbedderOptions {
  /** Texts per request in `embedDocuments` (`EMBEDDING_BATCH_SIZE`); a positive integer. */
  readonly batchSize: number;
  /** The fetch both clients use; the global one by default (tests may wrap it). */
  readonly fetch?: typeof fetch;
  /** The family table row to use; by default the one {@link modelFamilyOf} finds for the model. */
  readonly family?: ModelFamily;
}

/**
 * {@link Embedder} over an embedding service. Vectors are L2-normalised here (OpenAI's already are; other
 * servers may not be), so cosine similarity = dot product as for the local embedders; a text's query or
 * passage prefix comes from the model's family (`model-families.ts`).
 *
 * `id` is `<provider>:<model>:dims=<n>` plus `:prefixes=<family>` when the family has prefixes, e.g.
 * `openai:text-embedding-3-small:dims=512`, `ollama:nomic-embed-text:dims=768:prefixes=nomic`: a change of
 * provider, model, dimensions or prefixes changes it, so the index manifest no longer matches and the index is
 * rebuilt. The base URL is not part of it (the same model elsewhere gives the same vectors).
 */
export class ServiceEmbedder implements Embedder {
  readonly id: string;
  readonly dimensions: number;
  readonly crossLingual: boolean;
  /** `openai` or `ollama`. */
  readonly provider: EmbeddingServiceConfig['provider'];
  /** Model name as configured. */
  readonly model: string;
  /** Base URL without credentials (printable). */
  readonly baseUrl: string;
  private readonly client: EmbeddingsInterface;
  private readonly context: EmbeddingServiceContext;
  private readonly family: ModelFamily;
  private readonly batchSize: number;

  private constructor(parts: {
    client: EmbeddingsInterface;
    context: EmbeddingServiceContext;
    family: ModelFamily;
    batchSize: number;
    dimensions: number;
  }) {
    this.client = parts.client;
    this.context = parts.context;
    this.family = parts.family;
    this.batchSize = parts.batchSize;
    this.dimensions = parts.dimensions;
    this.provider = parts.context.provider;
    this.model = parts.context.model;
    this.baseUrl = parts.context.baseUrl;
    this.crossLingual = parts.family.multilingual;
    const prefixed = parts.family.query !== '' || parts.family.passage !== '';
    this.id = `${this.provider}:${this.model}:dims=${this.dimensions}${prefixed ? `:prefixes=${parts.family.name}` : ''}`;
  }

  /**
   * Builds the client and embeds one probe query, which checks the server, key and model and measures the
   * vector length.
   * @throws {EmbeddingServiceError} (code `EMBEDDER_UNAVAILABLE`) when the probe fails: key rejected (401/403),
   *   model not found (404), rate limited after the retries (429), timeout, server not reachable — or the
   *   server's vectors are not `EMBEDDINGS_DIMENSIONS` long. The message names provider, URL and the fix, never the key.
   * @throws {InputError} when `batchSize` is not a positive integer.
   */
  static async create(config: EmbeddingServiceConfig, options: ServiceEmbedderOptions): Promise<ServiceEmbedder> {
    if (!Number.isInteger(options.batchSize) || options.batchSize < 1) {
      throw new InputError(`Embedding batch size must be a positive integer, got ${options.batchSize}.`);
    }
    const secrets = config.apiKey === undefined ? [] : [config.apiKey];
    const context: EmbeddingServiceContext = {
      provider: config.provider,
      model: config.model,
      baseUrl: printableUrl(config.baseUrl),
      timeoutMs: config.timeoutMs,
      maxRetries: config.maxRetries,
      apiKeySet: config.apiKey !== undefined,
      redact: (text) => redactSecrets(text, secrets),
    };
    const baseFetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    const client = config.provider === 'openai' ? await openAiClient(config, options.batchSize, baseFetch) : await ollamaClient(config, baseFetch);
    const family = options.family ?? modelFamilyOf(config.model);
    let probe: number[];
    try {
      probe = await client.embedQuery(family.query + PROBE_TEXT);
    } catch (error) {
      throw toEmbeddingServiceError(error, context);
    }
    const measured = Array.isArray(probe) ? probe.length : 0;
    if (measured < 1 || !probe.every(Number.isFinite)) {
      throw embeddingServiceError(context, 'invalid-response', null, 'The probe text got no vector of finite numbers.');
    }
    if (config.dimensions !== null && measured !== config.dimensions) {
      const reason =
        `The server returned ${measured}-dimensional vectors, but EMBEDDINGS_DIMENSIONS=${config.dimensions}: ` +
        `the model may not support shortened vectors; unset EMBEDDINGS_DIMENSIONS or set it to ${measured}.`;
      throw embeddingServiceError(context, 'invalid-response', null, reason);
    }
    return new ServiceEmbedder({ client, context, family, batchSize: options.batchSize, dimensions: measured });
  }

  /**
   * Embeds passages with the family's passage prefix, `batchSize` texts per request; requests run as
   * LangChain's caller allows (OpenAI client: 2 at a time; Ollama client: 1).
   * @returns one unit-length vector of length {@link ServiceEmbedder.dimensions} per text, in input order.
   * @throws {EmbeddingServiceError} when a request fails after its retries or returns malformed vectors.
   */
  async embedDocuments(documents: readonly string[]): Promise<number[][]> {
    const batches: string[][] = [];
    for (let start = 0; start < documents.length; start += this.batchSize) {
      batches.push(documents.slice(start, start + this.batchSize).map((document) => this.family.passage + document));
    }
    const results = await Promise.all(batches.map((batch) => this.embedBatch(batch)));
    return results.flat();
  }

  /**
   * @returns the unit-length vector of the family's query prefix + `query`.
   * @throws {EmbeddingServiceError} when the request fails after its retries or returns a malformed vector.
   */
  async embedQuery(query: string): Promise<number[]> {
    let vector: number[];
    try {
      vector = await this.client.embedQuery(this.family.query + query);
    } catch (error) {
      throw toEmbeddingServiceError(error, this.context);
    }
    return this.checked([vector], 1)[0] ?? [];
  }

  private async embedBatch(texts: string[]): Promise<number[][]> {
    let vectors: number[][];
    try {
      vectors = await this.client.embedDocuments(texts);
    } catch (error) {
      throw toEmbeddingServiceError(error, this.context);
    }
    return this.checked(vectors, texts.length);
  }

  /** `vectors` L2-normalised, after checking there are `count` of them, each finite and `dimensions` long. */
  private checked(vectors: unknown, count: number): number[][] {
    const rows = Array.isArray(vectors) ? (vectors as unknown[]) : [];
    const malformed = rows.findIndex(
      (row) => !Array.isArray(row) || row.length !== this.dimensions || !row.every((value) => typeof value === 'number' && Number.isFinite(value)),
    );
    if (rows.length !== count || malformed >= 0) {
      const found = rows.length !== count ? `${rows.length} vectors for ${count} texts` : `a malformed vector (text ${malformed + 1})`;
      const reason = `Expected ${count} vectors of ${this.dimensions} finite numbers, got ${found}.`;
      throw embeddingServiceError(this.context, 'invalid-response', null, reason);
    }
    return (rows as number[][]).map(normalised);
  }
}

/** `vector` scaled to length 1; an all-zero vector stays all zeros. */
function normalised(vector: readonly number[]): number[] {
  const length = Math.sqrt(vector.reduce((sum, value) => sum + value * value, 0));
  return length === 0 ? [...vector] : vector.map((value) => value / length);
}

/** The `OpenAIEmbeddings` client for `config` (explicit key and base URL: `OPENAI_*` variables are not read). */
async function openAiClient(config: EmbeddingServiceConfig, batchSize: number, baseFetch: typeof fetch): Promise<EmbeddingsInterface> {
  const { OpenAIEmbeddings } = await import('@langchain/openai');
  return new OpenAIEmbeddings({
    model: config.model,
    ...(config.dimensions === null ? {} : { dimensions: config.dimensions }),
    batchSize,
    // Plain floats: every compatible server speaks them (the SDK's default, base64, is not universal).
    encodingFormat: 'float',
    timeout: config.timeoutMs,
    maxRetries: config.maxRetries,
    onFailedAttempt: embeddingRetryPolicy,
    apiKey: config.apiKey ?? NO_API_KEY_PLACEHOLDER,
    configuration: { baseURL: config.baseUrl, fetch: baseFetch },
  });
}

/** The `OllamaEmbeddings` client for `config`, each request bounded by `config.timeoutMs`. */
async function ollamaClient(config: EmbeddingServiceConfig, baseFetch: typeof fetch): Promise<EmbeddingsInterface> {
  const { OllamaEmbeddings } = await import('@langchain/ollama');
  const timedFetch: typeof fetch = (input, init) => {
    const signals = [AbortSignal.timeout(config.timeoutMs), init?.signal].filter((signal): signal is AbortSignal => signal instanceof AbortSignal);
    return baseFetch(input, { ...init, signal: AbortSignal.any(signals) });
  };
  return new OllamaEmbeddings({
    model: config.model,
    baseUrl: config.baseUrl,
    ...(config.dimensions === null ? {} : { dimensions: config.dimensions }),
    // Cut an over-long input to the model's context, as the transformers embedder does, instead of failing
    // (Ollama's server truncates by default; the LangChain client asks it not to).
    truncate: true,
    maxRetries: config.maxRetries,
    onFailedAttempt: embeddingRetryPolicy,
    headers: config.apiKey === undefined ? undefined : { Authorization: `Bearer ${config.apiKey}` },
    fetch: timedFetch,
  });
}
