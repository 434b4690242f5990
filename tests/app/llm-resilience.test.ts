/**
 * Issue 16, rows 5 and 6: a failing LLM dependency costs a question little, and a generated answer shows only
 * links its sources give. The real assistant over a copy of the seeds, with `LLM_PROVIDER=openai` against the
 * loopback fake LLM server (real HTTP through LangChain's ChatOpenAI), short budgets so the file runs fast,
 * and the real Slack app's `/health` endpoint over loopback.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnswerResult } from '../../src/answer';
import { llmHealthFacts, openAssistant, type AssistantRuntime } from '../../src/app';
import { loadConfig, type AppConfig } from '../../src/core';
import { createRecordingLogger, type RecordingLogDestination } from '../embed/recording-logger';
import { closedPortUrl, sleep } from '../llm/support/llm-test-kit';
import { startHttpHarness, type HttpHarness } from '../slack/support/http-harness';
import { FakeLlmServer, splitIntoChunks, type RecordedLlmRequest } from '../support/fake-llm-server';
import { makeEnvironment, makeTempDir, REPOSITORY_ROOT, selectEmbedder, type TempDir } from './support/seed-assistant';
import { copySeedFixture, seedFolderEnvironment } from '../support/seed-fixture';

const QUESTION = 'Which universities work with the China-US innovation park in Qingdao?';
/** Milliseconds of the short test budgets (the defaults are 15 000 first token, 30 000 per question). */
const FIRST_TOKEN_MS = 300;
const TOTAL_MS = 2000;
const COOLDOWN_MS = 4000;
/** The bound for a question against a stuck LLM, with the test's short budgets: generous on purpose. */
const QUESTION_BOUND_MS = 45_000;

let temp: TempDir;
let seedsDir: string;

function configFor(server: FakeLlmServer | string, overrides: Record<string, string> = {}): AppConfig {
  const baseUrl = typeof server === 'string' ? server : server.openAiBaseUrl;
  return loadConfig(
    makeEnvironment({
      INDEX_DIR: path.join(temp.directory, 'index'),
      ...seedFolderEnvironment(seedsDir),
      LLM_PROVIDER: 'openai',
      LLM_BASE_URL: baseUrl,
      LLM_MODEL: 'fake-model',
      LLM_API_KEY: 'sk-test-resilience-0123456789',
      LLM_MAX_RETRIES: '2',
      LLM_CONNECT_TIMEOUT_MS: '500',
      LLM_FIRST_TOKEN_TIMEOUT_MS: String(FIRST_TOKEN_MS),
      LLM_TOTAL_TIMEOUT_MS: String(TOTAL_MS),
      LLM_CIRCUIT_FAILURES: '2',
      LLM_CIRCUIT_COOLDOWN_MS: String(COOLDOWN_MS),
      ...overrides,
    }),
    REPOSITORY_ROOT,
  );
}

async function timed(run: () => Promise<AnswerResult>): Promise<{ readonly answer: AnswerResult; readonly milliseconds: number }> {
  const startedAt = performance.now();
  const answer = await run();
  return { answer, milliseconds: performance.now() - startedAt };
}

function messagesLike(log: RecordingLogDestination, pattern: RegExp): number {
  return log.records.filter((record) => pattern.test(record.message)).length;
}

/** The fake's reply to a healthy call: a translation, or an answer citing the Qingdao park article with `extra` text. */
function healthyReply(extra: string): (request: RecordedLlmRequest) => { chunks: string[] } | string {
  return (request) => {
    const system = request.messages.find((message) => message.role === 'system')?.content ?? '';
    if (/You translate search questions/u.test(system)) return '青岛中美创新园 合作大学';
    const user = request.messages.filter((message) => message.role === 'user').at(-1)?.content ?? '';
    const marker = /\[(\d+)\] China-US Innovation Park Launched in Qingdao/u.exec(user)?.[1] ?? '9';
    return { chunks: splitIntoChunks(`The park was launched in Qingdao ${extra}[${marker}].`) };
  };
}

beforeAll(async () => {
  temp = await makeTempDir('llm-resilience-');
  seedsDir = await copySeedFixture(temp.directory);
  // Build the index once, without an LLM; every test below opens it as is.
  await openAssistant(loadConfig(makeEnvironment({ INDEX_DIR: path.join(temp.directory, 'index'), ...seedFolderEnvironment(seedsDir) }), REPOSITORY_ROOT), createRecordingLogger().logger, {
    embedder: selectEmbedder(),
  });
}, 120_000);
afterAll(async () => {
  await temp.remove();
});

describe('an LLM server that accepts connections and never answers (issue 16, row 5)', () => {
  let server: FakeLlmServer;
  let runtime: AssistantRuntime;
  let log: RecordingLogDestination;
  let harness: HttpHarness;
  let firstMilliseconds = Number.NaN;

  beforeAll(async () => {
    server = await FakeLlmServer.start();
    const recording = createRecordingLogger();
    log = recording.destination;
    runtime = await openAssistant(configFor(server), recording.logger, { build: 'never', embedder: selectEmbedder() });
    harness = await startHttpHarness({ health: () => ({ ...llmHealthFacts(runtime) }) });
    // The first question's one-off set-up, as `npm start` does before serving (see cli/warm-up.ts).
    await runtime.extractive.ask(QUESTION);
    // Listings answer (the start-up check passes); every chat request hangs.
    server.respond(() => ({ hang: true }));
  }, 60_000);
  afterAll(async () => {
    await harness.close();
    await server.close();
  });

  async function health(): Promise<Record<string, unknown>> {
    const response = await fetch(`${harness.baseUrl}/health`);
    expect(response.status).toBe(200);
    return (await response.json()) as Record<string, unknown>;
  }

  it('reports a closed circuit on /health while the LLM has not failed', async () => {
    expect(await health()).toMatchObject({ llm: runtime.llm?.id, llmCircuit: { state: 'closed', consecutiveFailures: 0, openedAt: null } });
  });

  it('answers the first question extractively within the budget, after one timed-out call per prompt; the circuit opens', async () => {
    const first = await timed(() => runtime.assistant.ask(QUESTION));
    expect(first.answer).toMatchObject({ found: true, mode: 'extractive' });
    expect(first.milliseconds).toBeLessThan(QUESTION_BOUND_MS);
    expect(first.milliseconds).toBeGreaterThanOrEqual(2 * FIRST_TOKEN_MS - 50);
    firstMilliseconds = first.milliseconds;
    // Translation and answer each waited for their first token once (a timeout is not retried), then gave up.
    expect(server.chatRequests).toHaveLength(2);
    expect(messagesLike(log, /^LLM circuit open/u)).toBe(1);
    const facts = await health();
    expect(facts.llmCircuit).toMatchObject({ state: 'open', consecutiveFailures: 2 });
    expect(Date.parse(String((facts.llmCircuit as { openedAt: unknown }).openedAt))).toBeGreaterThan(Date.now() - 60_000);
  });

  it('answers the next question at once without calling the LLM, and logs nothing new about the circuit', async () => {
    const before = server.requests.length;
    const reference = await runtime.extractive.ask(QUESTION);
    const second = await timed(() => runtime.assistant.ask(QUESTION));
    expect(server.requests.length).toBe(before);
    expect(second.answer).toMatchObject({ found: true, mode: 'extractive', answer: reference.answer });
    // No first-token wait at all: faster than the first question, which waited for two.
    expect(second.milliseconds).toBeLessThan(firstMilliseconds);
    expect(messagesLike(log, /^LLM circuit open/u)).toBe(1);
  });

  it('a runtime reopened over an updated index keeps the circuit (as the seeds watcher and reindex do)', async () => {
    const before = runtime.llm?.circuit();
    expect(before?.state).toBe('open');
    const reopened = await openAssistant(configFor(server), createRecordingLogger().logger, {
      build: 'never',
      embedder: selectEmbedder(),
      llmCircuit: runtime.llm?.breaker,
    });
    expect(llmHealthFacts(reopened).llmCircuit).toMatchObject({ openedAt: before?.openedAt, consecutiveFailures: before?.consecutiveFailures });
  });

  it('lets one trial call through after the cool-down; when the LLM answers again the circuit closes, logged once', async () => {
    const openedAt = Date.parse(String(((await health()).llmCircuit as { openedAt: unknown }).openedAt));
    await sleep(Math.max(0, openedAt + COOLDOWN_MS + 100 - Date.now()));
    expect((await health()).llmCircuit).toMatchObject({ state: 'half-open' });
    server.respond(healthyReply(''));
    const before = server.chatRequests.length;
    const third = await runtime.assistant.ask(QUESTION);
    expect(third).toMatchObject({ found: true, mode: 'llm' });
    expect(server.chatRequests.length).toBe(before + 2);
    expect((await health()).llmCircuit).toMatchObject({ state: 'closed', consecutiveFailures: 0, openedAt: null });
    expect(messagesLike(log, /^LLM circuit closed/u)).toBe(1);
    expect(messagesLike(log, /^LLM circuit open/u)).toBe(1);
  });
});

describe('a failing start-up check costs the connect budget and opens the circuit', () => {
  it('a server that never answers: the check gives up after LLM_CONNECT_TIMEOUT_MS, and the first question calls no LLM', async () => {
    const server = await FakeLlmServer.start();
    try {
      server.answerNothing();
      const recording = createRecordingLogger();
      const startedAt = performance.now();
      const runtime = await openAssistant(configFor(server, { LLM_CONNECT_TIMEOUT_MS: '300' }), recording.logger, { build: 'never', embedder: selectEmbedder() });
      // Opening reads the index too; the check itself is bounded by 300 ms (it was LLM_TIMEOUT_MS, 60 s by default).
      expect(performance.now() - startedAt).toBeLessThan(QUESTION_BOUND_MS);
      expect(llmHealthFacts(runtime).llmCircuit).toMatchObject({ state: 'open' });
      const listings = server.requests.length;
      const answer = await runtime.assistant.ask(QUESTION);
      expect(answer).toMatchObject({ found: true, mode: 'extractive' });
      expect(server.requests.length).toBe(listings);
      expect(messagesLike(recording.destination, /^LLM circuit open/u)).toBe(1);
    } finally {
      await server.close();
    }
  });

  it('a refused connection (closed port): the same, within the budget', async () => {
    const recording = createRecordingLogger();
    const runtime = await openAssistant(configFor(await closedPortUrl()), recording.logger, { build: 'never', embedder: selectEmbedder() });
    expect(llmHealthFacts(runtime).llmCircuit).toMatchObject({ state: 'open' });
    const asked = await timed(() => runtime.assistant.ask(QUESTION));
    expect(asked.answer).toMatchObject({ found: true, mode: 'extractive' });
    expect(asked.milliseconds).toBeLessThan(QUESTION_BOUND_MS);
  });
});

describe('only verified links in a generated answer (issue 16, row 6)', () => {
  it('shows the label of a Markdown link to a URL no source contains as plain text, keeping the citation', async () => {
    const server = await FakeLlmServer.start();
    try {
      const recording = createRecordingLogger();
      const runtime = await openAssistant(configFor(server), recording.logger, { build: 'never', embedder: selectEmbedder() });
      server.respond(healthyReply("(see [the park's official page](https://evil.example/qingdao-park)) "));
      const deltas: string[] = [];
      const answer = await runtime.assistant.ask(QUESTION, { onDelta: (delta) => deltas.push(delta) });
      expect(answer).toMatchObject({ found: true, mode: 'llm' });
      expect(answer.answer).toContain("the park's official page");
      for (const shown of [answer.answer, deltas.join('')]) {
        expect(shown).not.toContain('evil.example');
        expect(shown).not.toContain('](');
      }
      expect(answer.answer).toMatch(/\[\d+\]/u);
      expect(answer.citations).toHaveLength(1);
      expect(recording.destination.records.some((record) => JSON.stringify(record.fields.unverifiedLinks ?? []).includes('evil.example'))).toBe(true);
    } finally {
      await server.close();
    }
  });
});
