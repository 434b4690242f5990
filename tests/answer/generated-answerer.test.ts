/**
 * The LLM path end to end: the real assistant over a temp copy of the seed fixture, configured with `LLM_PROVIDER=openai`
 * against a loopback OpenAI-compatible server (real HTTP through LangChain's ChatOpenAI, streaming
 * included). The server's replies are scripted per prompt; the tests check what reaches the user.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AnswerResult, Assistant, ConversationTurn } from '../../src/answer';
import { PromptError } from '../../src/core';
import type { HybridRetriever } from '../../src/retrieve';
import { FakeLlmServer, splitIntoChunks, type FakeLlmReply, type RecordedLlmRequest } from '../support/fake-llm-server';
import { makeConfig, makeTempDir, openSeedAssistant, pairedEditions, type SeedAssistant } from '../app/support/seed-assistant';
import { openAssistant } from '../../src/app';
import { createSilentLogger } from '../../src/core';
import { cp, writeFile } from 'node:fs/promises';
import path from 'node:path';

const API_KEY = 'sk-test-never-shown-0123456789';

let server: FakeLlmServer;
let seed: SeedAssistant;
let assistant: Assistant;
let retriever: HybridRetriever;

/** Which prompt a request carries, by its system message. */
function promptOf(request: RecordedLlmRequest): 'translate' | 'rewrite' | 'map' | 'reduce' | 'answer' {
  const system = request.messages.find((message) => message.role === 'system')?.content ?? '';
  if (/You translate search questions/u.test(system)) return 'translate';
  if (/standalone search question/u.test(system)) return 'rewrite';
  if (/You merge partial summaries/u.test(system)) return 'reduce';
  if (/You summarise items/u.test(system)) return 'map';
  return 'answer';
}

function userMessage(request: RecordedLlmRequest): string {
  return request.messages.filter((message) => message.role === 'user').at(-1)?.content ?? '';
}

type Script = Partial<Record<ReturnType<typeof promptOf>, (request: RecordedLlmRequest) => FakeLlmReply>>;

/** Scripts the server per prompt; unscripted prompts get a harmless reply. */
function script(replies: Script): void {
  server.respond((request) => {
    const prompt = promptOf(request);
    const reply = replies[prompt];
    if (reply !== undefined) return reply(request);
    if (prompt === 'translate') return 'translated question';
    if (prompt === 'rewrite') return userMessage(request);
    return 'NOT_FOUND';
  });
}

beforeAll(async () => {
  server = await FakeLlmServer.start();
  seed = await openSeedAssistant({
    env: { LLM_PROVIDER: 'openai', LLM_BASE_URL: server.openAiBaseUrl, LLM_MODEL: 'fake-model', LLM_API_KEY: API_KEY, LLM_MAX_RETRIES: '0' },
  });
  assistant = seed.runtime.assistant;
  retriever = seed.runtime.retriever;
});
afterAll(async () => {
  await seed.temp.remove();
  await server.close();
});
beforeEach(() => {
  server.requests.length = 0;
});

describe('generated answers', () => {
  it('streams a cited answer in the asker’s language, built from the retrieved chunks with their dates and sources', async () => {
    const qingdao = pairedEditions(retriever.articles, 5);
    script({
      answer: (request) => {
        const marker = /\[(\d+)\] China-US Innovation Park Launched in Qingdao/u.exec(userMessage(request))?.[1] ?? '9';
        return { chunks: splitIntoChunks(`The park was launched in Qingdao [${marker}]. It works with several US universities [${marker}].`) };
      },
    });
    const deltas: string[] = [];
    const answer = await assistant.ask('Which universities work with the China-US innovation park in Qingdao?', { onDelta: (delta) => deltas.push(delta) });
    expect(answer).toMatchObject({ found: true, mode: 'llm', lang: 'en', kind: 'answer' });
    expect(answer.citations.map((citation) => citation.articleId)).toEqual([qingdao.en.id]);
    expect(answer.citations[0]?.pair?.articleId).toBe(qingdao.zh.id);
    expect(deltas.length).toBeGreaterThan(1);
    expect(deltas.join('')).toBe(answer.answer);
    // The prompt carried the chunk text with its title, outlet and date.
    const answerRequest = server.chatRequests.find((request) => promptOf(request) === 'answer');
    expect(answerRequest?.stream).toBe(true);
    const prompt = userMessage(answerRequest!);
    expect(prompt).toContain(`China-US Innovation Park Launched in Qingdao — ${qingdao.en.source}, ${qingdao.en.date}`);
    expect(prompt).toContain(qingdao.en.body.slice(0, 40));
    expect(answerRequest?.headers.authorization).toBe(`Bearer ${API_KEY}`);
  });

  it('strips a marker that points to no retrieved source', async () => {
    script({ answer: () => 'The park was launched in Qingdao [1]. It also opened a branch on the Moon [42].' });
    const answer = await assistant.ask('Where was the China-US innovation park launched?');
    expect(answer.found).toBe(true);
    expect(answer.answer).not.toContain('[42]');
    expect(answer.citations.map((citation) => citation.n)).toEqual([1]);
  });

  it('does not present a number the cited source lacks as coming from it', async () => {
    script({ answer: () => 'The park was launched in Qingdao [1]. Its total investment was 987654 yuan [1].' });
    const answer = await assistant.ask('What is the total investment of the China-US innovation park in Qingdao?');
    const flagged = answer.answer.slice(answer.answer.indexOf('Its total investment'));
    expect(flagged).toContain('987654');
    expect(flagged).not.toMatch(/\[\d+\]/u);
    expect(flagged).toContain('not found in the sources');
  });

  it('passes a refusal through with the nearest dated items and no citations', async () => {
    script({ answer: () => 'NOT_FOUND' });
    const answer: AnswerResult = await assistant.ask('What budget did the China-US innovation park in Qingdao receive from Mars?');
    expect(answer.found).toBe(false);
    expect(answer.citations).toEqual([]);
    expect(answer.related.length).toBeGreaterThan(0);
    expect(answer.answer).toContain(answer.related[0]!.title);
    expect(answer.answer).toContain(answer.related[0]!.date ?? 'undated');
  });

  it('falls back to the extractive answer when the model fails before anything was shown', async () => {
    const qingdao = pairedEditions(retriever.articles, 5);
    script({ answer: () => ({ status: 500 }) });
    const answer = await assistant.ask('What is the total investment of the China-US innovation park in Qingdao?');
    expect(answer).toMatchObject({ found: true, mode: 'extractive' });
    expect(answer.citations[0]?.articleId).toBe(qingdao.en.id);
    expect(JSON.stringify(answer)).not.toContain(API_KEY);
  });

  it('translates the question and fuses both searches', async () => {
    script({ translate: () => '中美科技创新园落地青岛', answer: () => 'NOT_FOUND' });
    await assistant.ask('Tell me about the innovation park launch.');
    const translate = server.chatRequests.find((request) => promptOf(request) === 'translate');
    expect(userMessage(translate!)).toContain('Tell me about the innovation park launch.');
    expect(translate?.messages.find((message) => message.role === 'system')?.content).toContain('Chinese');
  });

  it('rewrites a follow-up into a standalone question before retrieval', async () => {
    const cerc = pairedEditions(retriever.articles, 4);
    const history: ConversationTurn[] = [
      {
        question: 'Who chaired the 8th CERC Steering Committee Meeting?',
        answer: await seed.runtime.extractive.ask('Who chaired the 8th CERC Steering Committee Meeting?'),
      },
    ];
    script({
      rewrite: () => 'Who attended the 8th CERC Steering Committee Meeting in Beijing?',
      translate: () => '谁出席了在北京召开的中美清洁能源联合研究中心指导委员会第八次会议？',
      answer: (request) => {
        const marker = /\[(\d+)\] 8th CERC Steering Committee Meeting/u.exec(userMessage(request))?.[1] ?? '9';
        return `US Energy Secretary Ernest Moniz attended [${marker}].`;
      },
    });
    const answer = await assistant.ask('And who attended?', { history });
    const rewrite = server.chatRequests.find((request) => promptOf(request) === 'rewrite');
    expect(userMessage(rewrite!)).toContain('Who chaired the 8th CERC Steering Committee Meeting?');
    expect(answer.citations[0]?.articleId).toBe(cerc.en.id);
  });
});

describe('generated summaries', () => {
  it('summarises a whole issue map-reduce when it exceeds the model context', async () => {
    const temp = await makeTempDir();
    try {
      const config = makeConfig({
        INDEX_DIR: seed.config.indexDir,
        SEEDS_DIR: seed.config.seedsDir,
        LLM_PROVIDER: 'openai',
        LLM_BASE_URL: server.openAiBaseUrl,
        LLM_MODEL: 'fake-model',
        LLM_CONTEXT_CHARS: '3000',
        LLM_MAX_RETRIES: '0',
      });
      const small = await openAssistant(config, createSilentLogger(), { embedder: { embedder: seed.runtime.embedder.embedder, fallbackReason: null } });
      script({
        map: (request) => `- ${/\[(\d+)\]/u.exec(userMessage(request))?.[1] ?? '1'} is summarised here [${/\[(\d+)\]/u.exec(userMessage(request))?.[1] ?? '1'}].`,
        reduce: () => ({ chunks: ['- The issue covers China-US dialogues [1].\n', '- It also covers the China-CEEC conference [8].'] }),
      });
      const answer = await small.assistant.ask('Summarize issue No. 23');
      const maps = server.chatRequests.filter((request) => promptOf(request) === 'map');
      const reduces = server.chatRequests.filter((request) => promptOf(request) === 'reduce');
      expect(maps.length).toBeGreaterThan(1);
      expect(reduces).toHaveLength(1);
      // Every piece of source text given to the map step fits the configured context.
      for (const request of maps) expect(userMessage(request).length).toBeLessThan(3000 + 2000);
      expect(answer).toMatchObject({ found: true, kind: 'summary', mode: 'llm' });
      expect(answer.citations.map((citation) => citation.n)).toEqual([1, 8]);
      expect(answer.citations.every((citation) => citation.issue?.includes('23') === true)).toBe(true);
    } finally {
      await temp.remove();
    }
  });
});

describe('prompt files', () => {
  it('fail at start-up when a prompt uses a variable it does not declare', async () => {
    const temp = await makeTempDir();
    try {
      const promptsDir = path.join(temp.directory, 'prompts');
      await cp(path.join(seed.config.rootDir, 'prompts'), promptsDir, { recursive: true });
      const answerFile = path.join(promptsDir, 'answer.md');
      const { readFile } = await import('node:fs/promises');
      await writeFile(answerFile, (await readFile(answerFile, 'utf8')).replace('Question: {question}', 'Question: {question} {asker_name}'));
      const config = makeConfig({
        INDEX_DIR: seed.config.indexDir,
        SEEDS_DIR: seed.config.seedsDir,
        LLM_PROVIDER: 'openai',
        LLM_BASE_URL: server.openAiBaseUrl,
        LLM_MODEL: 'fake-model',
        PROMPTS_DIR: promptsDir,
      });
      const opening = openAssistant(config, createSilentLogger(), { embedder: { embedder: seed.runtime.embedder.embedder, fallbackReason: null } });
      await expect(opening).rejects.toBeInstanceOf(PromptError);
      await expect(opening).rejects.toThrow(/asker_name/u);
    } finally {
      await temp.remove();
    }
  });
});
