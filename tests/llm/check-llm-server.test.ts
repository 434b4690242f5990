/**
 * The start-up check of the LLM server (`GET /v1/models`, `GET /api/tags`) against the loopback fake server:
 * a listed model passes, an unlisted one warns (OpenAI-compatible) or fails (Ollama), and an unreachable
 * server or a rejected key fails with LlmUnavailableError naming what to fix — never the key.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LlmUnavailableError } from '../../src/core';
import { checkLlmServer } from '../../src/llm';
import { createRecordingLogger } from '../embed/recording-logger';
import { FakeLlmServer } from '../support/fake-llm-server';
import { caught } from '../support/caught';
import { closedPortUrl, llmConfig, PROVIDERS, TEST_API_KEY } from './support/llm-test-kit';

let server: FakeLlmServer;
beforeEach(async () => {
  server = await FakeLlmServer.start({ models: ['fake-model', 'other-model'] });
});
afterEach(async () => {
  await server.close();
});

describe.each(PROVIDERS)('checkLlmServer: $provider', ({ provider, baseUrl }) => {
  it('passes when the server lists the model, sending the key', async () => {
    const { logger, destination } = createRecordingLogger();
    const result = await checkLlmServer(llmConfig(provider, baseUrl(server)), logger);
    expect(result.modelListed).toBe(true);
    expect(result.models.length).toBe(2);
    expect(server.requests[0]?.path).toBe(provider === 'openai' ? '/v1/models' : '/api/tags');
    expect(server.requests[0]?.headers.authorization).toBe(`Bearer ${TEST_API_KEY}`);
    expect(destination.at('warn')).toHaveLength(0);
  });

  it('an unreachable server → LlmUnavailableError without status', async () => {
    const url = await closedPortUrl();
    const error = await caught(checkLlmServer(llmConfig(provider, provider === 'openai' ? `${url}/v1` : url), createRecordingLogger().logger));
    expect(error).toBeInstanceOf(LlmUnavailableError);
    expect((error as LlmUnavailableError).status).toBeNull();
    expect((error as LlmUnavailableError).message).toContain('LLM_BASE_URL');
  });

  it('a rejected key → LlmUnavailableError with the status, naming LLM_API_KEY but not the key', async () => {
    server.setModelListingStatus(401);
    const error = await caught(checkLlmServer(llmConfig(provider, baseUrl(server)), createRecordingLogger().logger));
    expect(error).toBeInstanceOf(LlmUnavailableError);
    expect((error as LlmUnavailableError).status).toBe(401);
    expect((error as LlmUnavailableError).message).toContain('LLM_API_KEY');
    expect(JSON.stringify(error) + (error as Error).message).not.toContain(TEST_API_KEY);
  });
});

describe('a model the server does not list', () => {
  it('OpenAI-compatible: returns modelListed false and warns', async () => {
    const { logger, destination } = createRecordingLogger();
    const result = await checkLlmServer(llmConfig('openai', server.openAiBaseUrl, { model: 'absent-model' }), logger);
    expect(result.modelListed).toBe(false);
    expect(destination.at('warn')).toHaveLength(1);
  });

  it('Ollama: fails, saying how to pull it', async () => {
    const error = await caught(checkLlmServer(llmConfig('ollama', server.origin, { model: 'absent-model' }), createRecordingLogger().logger));
    expect(error).toBeInstanceOf(LlmUnavailableError);
    expect((error as LlmUnavailableError).message).toContain('ollama pull absent-model');
  });

  it('Ollama: a model named without its tag matches name:latest', async () => {
    const result = await checkLlmServer(llmConfig('ollama', server.origin, { model: 'other-model' }), createRecordingLogger().logger);
    expect(result.modelListed).toBe(true);
  });

  it('OpenAI-compatible server without a model listing (404): not checked, with a warning', async () => {
    server.setModelListingStatus(404);
    const { logger, destination } = createRecordingLogger();
    const result = await checkLlmServer(llmConfig('openai', server.openAiBaseUrl), logger);
    expect(result.modelListed).toBeNull();
    expect(destination.at('warn')).toHaveLength(1);
  });
});
