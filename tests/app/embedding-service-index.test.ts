/**
 * The assistant over an embedding service (issue 14): `openAssistant` with `EMBEDDER=openai|ollama` builds the
 * seed fixture's index through the real LangChain clients against a loopback server
 * (`tests/support/fake-embeddings-server.ts`), searches and answers through it, and rebuilds the index when the
 * provider or model changes (the manifest's embedder id). The seeds are a temp copy of the fixture; the index
 * lives in a temp folder.
 */
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openAssistant } from '../../src/app';
import { createSilentLogger, IndexMismatchError, type AppConfig } from '../../src/core';
import { caught } from '../support/caught';
import { FakeEmbeddingsServer } from '../support/fake-embeddings-server';
import { copySeedFixture } from '../support/seed-fixture';
import { makeConfig, makeTempDir, type TempDir } from './support/seed-assistant';

const logger = createSilentLogger();
const API_KEY = 'sk-app-test-key-abcdefgh';

let server: FakeEmbeddingsServer;
let temp: TempDir;
let seedsDir: string;
beforeEach(async () => {
  server = await FakeEmbeddingsServer.start({ models: ['fake-embed', 'other-embed'], apiKey: API_KEY, dimensions: 384 });
  temp = await makeTempDir('embedding-service-test-');
  seedsDir = await copySeedFixture(temp.directory);
});
afterEach(async () => {
  await server.close();
  await temp.remove();
});

/** A config embedding through `provider` at the fake server, index and seeds in the temp folder. */
function configFor(provider: 'openai' | 'ollama', model = 'fake-embed'): AppConfig {
  return makeConfig({
    INDEX_DIR: path.join(temp.directory, 'index'),
    SEEDS_DIR: seedsDir,
    EMBEDDER: provider,
    EMBEDDINGS_MODEL: model,
    EMBEDDINGS_API_KEY: API_KEY,
    ...(provider === 'openai' ? { EMBEDDINGS_BASE_URL: server.openAiBaseUrl } : { OLLAMA_BASE_URL: server.origin }),
  });
}

describe.each(['openai', 'ollama'] as const)('EMBEDDER=%s', (provider) => {
  it('builds the index through the service, then searches and answers through it', async () => {
    const runtime = await openAssistant(configFor(provider), logger);
    expect(runtime.rebuilt).toBe(true);
    expect(runtime.index.manifest.embedder).toEqual({ id: `${provider}:fake-embed:dims=384`, dimensions: 384 });
    // Every chunk went to the server once (after the probe); nothing was embedded locally.
    const chunkTexts = server.requests.slice(1).flatMap((request) => request.inputs);
    expect(chunkTexts).toHaveLength(runtime.index.chunks.length);

    const before = server.requests.length;
    const [best] = await runtime.retriever.search('CERC steering committee');
    expect(best?.article.title).toMatch(/CERC|中美清洁能源/u);
    const answer = await runtime.assistant.ask('Who signed the amendment to the CERC protocol?');
    expect(answer.found).toBe(true);
    // The questions were embedded by the service too.
    expect(server.requests.length).toBeGreaterThan(before);
  });
});

describe('switching provider or model', () => {
  it('reuses the index for the same provider and model, and rebuilds it for another provider or model', async () => {
    const first = await openAssistant(configFor('openai'), logger);
    expect(first.rebuilt).toBe(true);

    const again = await openAssistant(configFor('openai'), logger);
    expect(again.rebuilt).toBe(false);
    expect(again.index.manifest.embedder.id).toBe(first.index.manifest.embedder.id);

    const ollama = await openAssistant(configFor('ollama'), logger);
    expect(ollama.rebuilt).toBe(true);
    expect(ollama.index.manifest.embedder.id).toBe('ollama:fake-embed:dims=384');

    const otherModel = configFor('ollama', 'other-embed');
    const error = await caught(openAssistant(otherModel, logger, { build: 'never' }));
    expect(error).toBeInstanceOf(IndexMismatchError);
    expect(error).toMatchObject({ field: 'embedder.id', expected: 'ollama:other-embed:dims=384', found: 'ollama:fake-embed:dims=384' });
    const rebuilt = await openAssistant(otherModel, logger);
    expect(rebuilt.rebuilt).toBe(true);
    expect(rebuilt.index.manifest.embedder.id).toBe('ollama:other-embed:dims=384');
  });
});
