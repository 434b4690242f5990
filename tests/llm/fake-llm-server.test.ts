/**
 * The fake LLM server speaks the wire formats the real servers do (checked with plain fetch, independent of the
 * LangChain clients): OpenAI server-sent events ending with `data: [DONE]`, Ollama NDJSON ending with
 * `done: true`, and the model listings.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeLlmServer, splitIntoChunks } from '../support/fake-llm-server';

let server: FakeLlmServer;
beforeAll(async () => {
  server = await FakeLlmServer.start();
});
afterAll(async () => {
  await server.close();
});

function post(url: string, body: unknown): Promise<Response> {
  return fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

describe('fake LLM server', () => {
  it('OpenAI streaming: data lines of chat.completion.chunk objects, then data: [DONE]', async () => {
    server.respond(() => ({ chunks: ['你好', '，世界'] }));
    const response = await post(`${server.openAiBaseUrl}/chat/completions`, { model: 'm', stream: true, messages: [{ role: 'user', content: 'hi' }] });
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    const events = (await response.text()).split('\n\n').filter((event) => event !== '');
    expect(events.every((event) => event.startsWith('data: '))).toBe(true);
    expect(events.at(-1)).toBe('data: [DONE]');
    const chunks = events.slice(0, -1).map((event) => JSON.parse(event.slice('data: '.length)) as { object: string; choices: { delta: { content?: string } }[] });
    expect(new Set(chunks.map((chunk) => chunk.object))).toEqual(new Set(['chat.completion.chunk']));
    expect(chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('')).toBe('你好，世界');
  });

  it('Ollama streaming: NDJSON lines, the last with done: true', async () => {
    server.respond(() => 'one two');
    const response = await post(`${server.origin}/api/chat`, { model: 'm', messages: [{ role: 'user', content: 'hi' }] });
    const lines = (await response.text()).trim().split('\n').map((line) => JSON.parse(line) as { done: boolean; message: { content: string } });
    expect(lines.map((line) => line.done)).toEqual([...lines.slice(1).map(() => false), true]);
    expect(lines.map((line) => line.message.content).join('')).toBe('one two');
    expect(server.requests.at(-1)?.stream).toBe(true);
  });

  it('non-streaming answers and the recorded request', async () => {
    server.respond((request) => `model ${request.model ?? ''}`);
    const openAi = (await (await post(`${server.openAiBaseUrl}/chat/completions`, { model: 'a', messages: [] })).json()) as {
      choices: { message: { content: string } }[];
    };
    const ollama = (await (await post(`${server.origin}/api/chat`, { model: 'b', stream: false, messages: [] })).json()) as {
      message: { content: string };
      done: boolean;
    };
    expect(openAi.choices[0]?.message.content).toBe('model a');
    expect([ollama.message.content, ollama.done]).toEqual(['model b', true]);
    expect(server.requests.slice(-2).map((request) => request.stream)).toEqual([false, false]);
  });

  it('splits text into chunks that join back to it', () => {
    for (const text of ['Hello brave new world', '中国科学院发布了新的研究成果，涉及量子通信', '  spaced  ']) {
      expect(splitIntoChunks(text).join('')).toBe(text);
    }
    expect(splitIntoChunks('Hello brave new world').length).toBeGreaterThan(1);
  });
});
