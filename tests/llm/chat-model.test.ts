/**
 * Building the chat model from the configuration: the LangChain class per provider, the printable id (never the
 * key), the start-up log line, and settings that reach the wire (Ollama's context window sized for the prompt).
 */
import { ChatOllama } from '@langchain/ollama';
import { ChatOpenAI } from '@langchain/openai';
import { HumanMessage } from '@langchain/core/messages';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeLlmServer } from '../support/fake-llm-server';
import { buildGenerator, llmConfig, PROVIDERS, TEST_API_KEY } from './support/llm-test-kit';

let server: FakeLlmServer;
beforeAll(async () => {
  server = await FakeLlmServer.start();
});
afterAll(async () => {
  await server.close();
});

describe.each(PROVIDERS)('createChatModel: $provider', ({ provider, baseUrl }) => {
  it('builds the provider’s LangChain chat model', async () => {
    const { selection } = await buildGenerator(llmConfig(provider, baseUrl(server)));
    expect(selection.model).toBeInstanceOf(provider === 'openai' ? ChatOpenAI : ChatOllama);
    expect(selection.provider).toBe(provider);
  });

  it('has a printable id <provider>:<model>@<baseUrl> without the key', async () => {
    const { selection, generator } = await buildGenerator(llmConfig(provider, baseUrl(server), { model: 'qwen2.5:7b' }));
    expect(selection.id).toBe(`${provider}:qwen2.5:7b@${baseUrl(server)}`);
    expect(generator.id).toBe(selection.id);
    expect(selection.id).not.toContain(TEST_API_KEY);
  });

  it('logs one info line with the id, and not the key', async () => {
    const { selection, log } = await buildGenerator(llmConfig(provider, baseUrl(server)));
    expect(log.at('info').map((record) => record.fields.llm)).toEqual([selection.id]);
    expect(JSON.stringify(log.records)).not.toContain(TEST_API_KEY);
  });

  it('redacts the key from text', async () => {
    const { selection } = await buildGenerator(llmConfig(provider, baseUrl(server)));
    expect(selection.redact(`key=${TEST_API_KEY}; auth: Bearer abc.def`)).not.toMatch(new RegExp(`${TEST_API_KEY}|abc\\.def`, 'u'));
  });

  it('is a working LangChain chat model on its own (invoke)', async () => {
    server.respond(() => 'direct');
    const { selection } = await buildGenerator(llmConfig(provider, baseUrl(server)));
    const message = await selection.model.invoke([new HumanMessage('hello')]);
    expect(message.text).toBe('direct');
  });
});

describe('ollama context window', () => {
  it.each([6_000, 20_000])('num_ctx (tokens) fits LLM_CONTEXT_CHARS=%i characters at one token per character', async (contextChars) => {
    server.respond(() => 'ok');
    const before = server.chatRequests.length;
    const { generator } = await buildGenerator(llmConfig('ollama', server.origin, { contextChars }));
    await generator.generate([new HumanMessage('hi')]);
    const body = server.chatRequests[before]?.body as { options?: { num_ctx?: number } };
    expect(body.options?.num_ctx).toBeGreaterThanOrEqual(contextChars);
    expect(body.options?.num_ctx).toBeLessThanOrEqual(contextChars + 8192);
  });
});
