/**
 * Embedding services through the real LangChain clients (`OpenAIEmbeddings`, `OllamaEmbeddings`) over real HTTP to
 * a loopback server (`tests/support/fake-embeddings-server.ts`): config → `createEmbedder` → vectors, batching,
 * prefixes, ids, and every failure the brief names (401, 404, 429 retried, timeout, unreachable) — each error
 * naming provider, URL and fix, and never the key.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ConfigError,
  EmbedderUnavailableError,
  EmbeddingServiceError,
  loadConfig,
  type AppConfig,
} from '../../src/core';
import { createEmbedder, HashedNgramEmbedder, ServiceEmbedder } from '../../src/embed';
import { caught } from '../support/caught';
import { FakeEmbeddingsServer } from '../support/fake-embeddings-server';
import { createRecordingLogger } from './recording-logger';

const API_KEY = 'sk-test-secret-key-0123456789';
/** Not a round number, so a vector length taken from anywhere but the server's answer shows. */
const SERVER_DIMENSIONS = 200;

let server: FakeEmbeddingsServer;
beforeEach(async () => {
  server = await FakeEmbeddingsServer.start({
    models: ['fake-embed', 'intfloat/multilingual-e5-small', 'nomic-embed-text'],
    apiKey: API_KEY,
    dimensions: SERVER_DIMENSIONS,
  });
});
afterEach(async () => {
  await server.close();
});

type Provider = 'openai' | 'ollama';

/** The validated embedder section for `provider` at the fake server, with extra variables. */
function options(provider: Provider, extra: Record<string, string> = {}): AppConfig['embedder'] {
  const url = provider === 'openai' ? { EMBEDDINGS_BASE_URL: server.openAiBaseUrl } : { OLLAMA_BASE_URL: server.origin };
  return loadConfig({
    EMBEDDER: provider,
    EMBEDDINGS_MODEL: 'fake-embed',
    EMBEDDINGS_API_KEY: API_KEY,
    EMBEDDING_BATCH_SIZE: '16',
    ...url,
    ...extra,
  }).embedder;
}

const PATH: Record<Provider, string> = { openai: '/v1/embeddings', ollama: '/api/embed' };

function dot(left: readonly number[], right: readonly number[]): number {
  return left.reduce((sum, value, index) => sum + value * (right[index] ?? 0), 0);
}

describe.each<Provider>(['openai', 'ollama'])('EMBEDDER=%s', (provider) => {
  it('probes the server once for the width, and embeds through it in EMBEDDING_BATCH_SIZE requests, in order', async () => {
    const { logger } = createRecordingLogger();
    const { embedder, fallbackReason } = await createEmbedder(options(provider), logger);
    expect(fallbackReason).toBeNull();
    expect(embedder).toBeInstanceOf(ServiceEmbedder);
    expect(embedder.dimensions).toBe(SERVER_DIMENSIONS);
    expect(embedder.id).toBe(`${provider}:fake-embed:dims=${SERVER_DIMENSIONS}`);
    expect(server.requests).toHaveLength(1);

    const texts = Array.from({ length: 40 }, (_, index) => `chunk number ${index} 第${index}段`);
    const vectors = await embedder.embedDocuments(texts);
    const documentRequests = server.requests.slice(1);
    expect(documentRequests.map((request) => request.path)).toEqual([PATH[provider], PATH[provider], PATH[provider]]);
    expect(documentRequests.map((request) => request.inputs.length).sort((a, b) => b - a)).toEqual([16, 16, 8]);
    expect(documentRequests.every((request) => request.headers.authorization === `Bearer ${API_KEY}`)).toBe(true);
    // The server's vectors are the hashed embedder's: each text must come back as its own, in input order.
    const reference = await new HashedNgramEmbedder({ dimensions: SERVER_DIMENSIONS }).embedDocuments(texts);
    expect(vectors).toHaveLength(texts.length);
    vectors.forEach((vector, index) => {
      expect(vector).toHaveLength(SERVER_DIMENSIONS);
      expect(dot(vector, vector)).toBeCloseTo(1, 5);
      expect(dot(vector, reference[index] ?? [])).toBeCloseTo(1, 5);
    });
    expect(await embedder.embedDocuments([])).toEqual([]);
  });

  it('passes EMBEDDINGS_DIMENSIONS to the server and records it in the id', async () => {
    const { embedder } = await createEmbedder(options(provider, { EMBEDDINGS_DIMENSIONS: '96' }), createRecordingLogger().logger);
    expect(server.requests[0]?.body?.dimensions).toBe(96);
    expect(embedder.dimensions).toBe(96);
    expect(embedder.id).toBe(`${provider}:fake-embed:dims=96`);
    expect(await embedder.embedQuery('x')).toHaveLength(96);
  });

  it("adds the model family's prefixes (e5: query: / passage:) and records them in the id", async () => {
    const model = 'intfloat/multilingual-e5-small';
    const { embedder } = await createEmbedder(options(provider, { EMBEDDINGS_MODEL: model }), createRecordingLogger().logger);
    await embedder.embedQuery('Who signed the protocol?');
    await embedder.embedDocuments(['The protocol was signed.']);
    expect(server.embeddedTexts.slice(1)).toEqual(['query: Who signed the protocol?', 'passage: The protocol was signed.']);
    expect(embedder.id).toBe(`${provider}:${model}:dims=${SERVER_DIMENSIONS}:prefixes=e5`);
    expect(embedder.crossLingual).toBe(true);
  });

  it('gives another id for another model, so an index built with one does not match the other', async () => {
    const logger = createRecordingLogger().logger;
    const first = await createEmbedder(options(provider), logger);
    const second = await createEmbedder(options(provider, { EMBEDDINGS_MODEL: 'nomic-embed-text' }), logger);
    expect(second.embedder.id).not.toBe(first.embedder.id);
    expect(second.embedder.id).toContain('nomic-embed-text');
  });
});

describe('request shape', () => {
  it('OpenAI-compatible: asks for plain float vectors (every compatible server speaks them)', async () => {
    await createEmbedder(options('openai'), createRecordingLogger().logger);
    expect(server.requests[0]?.body).toMatchObject({ model: 'fake-embed', encoding_format: 'float' });
  });

  it('Ollama: lets the server cut an over-long input to the model context instead of failing', async () => {
    await createEmbedder(options('ollama'), createRecordingLogger().logger);
    expect(server.requests[0]?.body).toMatchObject({ model: 'fake-embed', truncate: true });
  });
});

/** The error `createEmbedder` (its probe) fails with under `variables`, and the log lines written meanwhile. */
async function probeFailure(provider: Provider, variables: Record<string, string> = {}): Promise<{ error: EmbeddingServiceError; logs: string }> {
  const { logger, destination } = createRecordingLogger();
  const error = await caught(createEmbedder(options(provider, variables), logger));
  expect(error).toBeInstanceOf(EmbeddingServiceError);
  return { error: error as EmbeddingServiceError, logs: JSON.stringify(destination.records) };
}

/** Nothing the user or the logs could see holds the key. */
function expectNoKey(error: Error, logs: string): void {
  for (const text of [error.message, String(error.stack), JSON.stringify(error), logs]) expect(text).not.toContain(API_KEY);
}

describe.each<Provider>(['openai', 'ollama'])('EMBEDDER=%s failures', (provider) => {
  const urlOf = (): string => (provider === 'openai' ? server.openAiBaseUrl : server.origin);

  it('401: names provider, URL and EMBEDDINGS_API_KEY, is not retried, and never shows the key', async () => {
    const { error, logs } = await probeFailure(provider, { EMBEDDINGS_API_KEY: `${API_KEY}-wrong` });
    expect(error).toBeInstanceOf(EmbedderUnavailableError);
    expect(error).toMatchObject({ code: 'EMBEDDER_UNAVAILABLE', provider, status: 401, kind: 'http', baseUrl: urlOf() });
    expect(error.message).toContain(`Embedding service ${provider} at ${urlOf()}`);
    expect(error.message).toMatch(/rejected the API key: check EMBEDDINGS_API_KEY/u);
    expect(server.requests).toHaveLength(1);
    expectNoKey(error, logs);
    expect(error.message).not.toContain(`${API_KEY}-wrong`);
  });

  it('404: names the model and the fix', async () => {
    const { error, logs } = await probeFailure(provider, { EMBEDDINGS_MODEL: 'absent-model' });
    expect(error).toMatchObject({ status: 404, model: 'absent-model' });
    expect(error.message).toContain(provider === 'ollama' ? '`ollama pull absent-model`' : 'EMBEDDINGS_MODEL=absent-model');
    expect(server.requests).toHaveLength(1);
    expectNoKey(error, logs);
  });

  it('429: retried EMBEDDINGS_MAX_RETRIES times, then a clear rate-limit error', async () => {
    server.respond(() => ({ status: 429, message: 'Too many requests, slow down.' }));
    const { error, logs } = await probeFailure(provider, { EMBEDDINGS_MAX_RETRIES: '1' });
    expect(server.requests).toHaveLength(2);
    expect(error).toMatchObject({ status: 429, kind: 'http' });
    expect(error.message).toMatch(/Rate limited after 1 retries \(EMBEDDINGS_MAX_RETRIES\)/u);
    expectNoKey(error, logs);
  }, 15_000);

  it('429 then success: the retry recovers', async () => {
    let calls = 0;
    server.respond(() => (++calls === 1 ? { status: 429, headers: { 'retry-after': '0' } } : null));
    const { embedder } = await createEmbedder(options(provider, { EMBEDDINGS_MAX_RETRIES: '2' }), createRecordingLogger().logger);
    expect(embedder.dimensions).toBe(SERVER_DIMENSIONS);
    expect(server.requests).toHaveLength(2);
  }, 15_000);

  it('timeout: names EMBEDDINGS_TIMEOUT_MS, is not retried', async () => {
    server.respond(() => ({ hang: true }));
    const started = performance.now();
    const { error, logs } = await probeFailure(provider, { EMBEDDINGS_TIMEOUT_MS: '300' });
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(error).toMatchObject({ kind: 'timeout', status: null });
    expect(error.message).toMatch(/No answer within 300 ms\. Raise EMBEDDINGS_TIMEOUT_MS/u);
    expect(server.requests).toHaveLength(1);
    expectNoKey(error, logs);
  });

  it('connection refused: says the server is not reachable and which variable names it', async () => {
    const url = urlOf();
    await server.close();
    server = await FakeEmbeddingsServer.start();
    const variable = provider === 'openai' ? 'EMBEDDINGS_BASE_URL' : 'OLLAMA_BASE_URL';
    const { error, logs } = await probeFailure(provider, { [variable]: url });
    expect(error).toMatchObject({ kind: 'connection', status: null, baseUrl: url });
    expect(error.message).toContain(`The server is not reachable: check ${variable} (now ${url})`);
    expectNoKey(error, logs);
  });

  it('a failure after start-up (while embedding a question) is the same typed error', async () => {
    const { embedder } = await createEmbedder(options(provider), createRecordingLogger().logger);
    server.respond(() => ({ status: 403, message: `key ${API_KEY} revoked` }));
    const error = await caught(embedder.embedQuery('question'));
    expect(error).toBeInstanceOf(EmbeddingServiceError);
    expect((error as Error).message).toMatch(/EMBEDDINGS_API_KEY/u);
    expectNoKey(error as Error, '');
  });
});

describe('server answers of the wrong shape', () => {
  it('EMBEDDINGS_DIMENSIONS the model ignores: the probe reports the measured width and the fix', async () => {
    // The fake honours `dimensions`; a server that ignores it is modelled by a fetch that drops the field.
    const service = options('ollama', { EMBEDDINGS_DIMENSIONS: '64' }).service;
    if (service === null) throw new Error('expected a service config');
    const ignoring: typeof fetch = (input, init) => {
      const body = JSON.parse(String(init?.body)) as Record<string, unknown>;
      delete body.dimensions;
      return fetch(input, { ...init, body: JSON.stringify(body) });
    };
    const failure = await caught(ServiceEmbedder.create(service, { batchSize: 4, fetch: ignoring }));
    expect(failure).toBeInstanceOf(EmbeddingServiceError);
    expect((failure as Error).message).toContain(
      `returned ${SERVER_DIMENSIONS}-dimensional vectors, but EMBEDDINGS_DIMENSIONS=64`,
    );
  });
});

describe('EMBEDDER=auto never reaches for a service, and an explicit service never falls back', () => {
  it('an unreachable openai service fails createEmbedder; no fallback warning', async () => {
    const url = server.openAiBaseUrl;
    await server.close();
    server = await FakeEmbeddingsServer.start();
    const { logger, destination } = createRecordingLogger();
    await expect(createEmbedder(options('openai', { EMBEDDINGS_BASE_URL: url }), logger)).rejects.toBeInstanceOf(EmbeddingServiceError);
    expect(destination.at('warn')).toHaveLength(0);
  });
});

describe('configuration', () => {
  const issues = (environment: Record<string, string>): readonly string[] => {
    try {
      loadConfig(environment);
    } catch (error) {
      if (error instanceof ConfigError) return error.issues;
      throw error;
    }
    return [];
  };

  it('EMBEDDINGS_MODEL is required for openai and ollama', () => {
    expect(issues({ EMBEDDER: 'ollama' })).toEqual([expect.stringMatching(/^EMBEDDINGS_MODEL is required when EMBEDDER=ollama/u)]);
    expect(issues({ EMBEDDER: 'openai', EMBEDDINGS_BASE_URL: 'http://127.0.0.1:9/v1' })).toEqual([
      expect.stringMatching(/^EMBEDDINGS_MODEL is required when EMBEDDER=openai/u),
    ]);
  });

  it('api.openai.com needs a key; a local server does not; credentials in the URL are refused', () => {
    expect(issues({ EMBEDDER: 'openai', EMBEDDINGS_MODEL: 'text-embedding-3-small' })).toEqual([
      expect.stringMatching(/^EMBEDDINGS_API_KEY is required for EMBEDDER=openai at https:\/\/api\.openai\.com/u),
    ]);
    expect(issues({ EMBEDDER: 'openai', EMBEDDINGS_MODEL: 'm', EMBEDDINGS_BASE_URL: 'http://127.0.0.1:8080/v1' })).toEqual([]);
    expect(issues({ EMBEDDER: 'openai', EMBEDDINGS_MODEL: 'm', EMBEDDINGS_BASE_URL: 'http://u:p@127.0.0.1:8080/v1' })).toEqual([
      expect.stringMatching(/^EMBEDDINGS_BASE_URL must not contain credentials/u),
    ]);
  });

  it('the service settings: Ollama at its default address, trailing slashes trimmed; none for the local embedders', () => {
    const ollama = loadConfig({ EMBEDDER: 'ollama', EMBEDDINGS_MODEL: 'bge-m3' }).embedder.service;
    expect(ollama).toMatchObject({ provider: 'ollama', baseUrl: 'http://127.0.0.1:11434', model: 'bge-m3', dimensions: null });
    const openai = loadConfig({ EMBEDDER: 'openai', EMBEDDINGS_MODEL: 'm', EMBEDDINGS_BASE_URL: 'http://127.0.0.1:8080/v1/' });
    expect(openai.embedder.service?.baseUrl).toBe('http://127.0.0.1:8080/v1');
    expect(loadConfig({ EMBEDDER: 'auto' }).embedder.service).toBeNull();
  });
});
