/**
 * Two real Bolt apps (HTTP receiver, signed requests) sharing ONE fake Slack Web API and ONE real
 * redis-server through the Redis state store: a delivery retried to the other replica is answered once, a
 * follow-up answered by the other replica keeps its thread, the rate limit holds across replicas, a Redis
 * outage gives one clear error reply (no answer, no duplicate, no crash) and answers resume when it is back,
 * and one replica's answer record serves the other's buttons.
 */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ANSWER_ACTION_IDS } from '../../../src/slack/format-reply';
import { FEEDBACK_STREAM_KEY, RedisStateStore, type StateStoreLimits } from '../../../src/slack/shared-state';
import { SLACK_INTERFACE_TEXT } from '../../../src/slack/ui-text';
import { standInForMissingExecutable } from '../../support/find-executable';
import { findRedisServer, NO_REDIS_MESSAGE, printNoRedisBanner, TestRedisServer } from '../../support/redis-server';
import { FakeSlackApi } from '../support/fake-slack-api';
import { startHttpHarness, type HttpHarness } from '../support/http-harness';
import { questionLogLines, shownAnswers, waitForAnswer, type RecordedBlock } from '../support/replies';
import { RecordingLogger } from '../support/recording-logger';
import { appMentionEvent, eventCallback, feedbackButtonsBody, blockActionsBody, nextMessageTs, slashCommandBody } from '../support/slack-events';
import { waitFor } from '../support/wait-for';

const executable = findRedisServer();
if (executable === null) printNoRedisBanner();

const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

interface Replicas {
  readonly a: HttpHarness;
  readonly b: HttpHarness;
  readonly fake: FakeSlackApi;
  readonly prefix: string;
  readonly stores: readonly [RedisStateStore, RedisStateStore];
}

describe('two Slack replicas sharing one Redis', () => {
  if (executable === null) {
    standInForMissingExecutable('redis-server', NO_REDIS_MESSAGE);
    return;
  }

  let server: TestRedisServer;
  let raw: Redis;
  let running: Replicas | undefined;

  beforeAll(async () => {
    server = await TestRedisServer.start(executable);
    raw = new Redis(server.url);
    raw.on('error', () => undefined); // the outage test stops the server under it
  });
  afterEach(async () => {
    if (running !== undefined) {
      await Promise.all([running.a.close(), running.b.close()]);
      await running.fake.close();
      running = undefined;
    }
  });
  afterAll(async () => {
    raw?.disconnect();
    await server?.stop();
  });

  /** Two apps on one fake Slack, each with its own Redis store (same prefix, fresh per test) and its own assistant. */
  async function startReplicas(rateLimitQuestions = 0): Promise<Replicas> {
    const fake = await FakeSlackApi.start();
    const prefix = `replicas-${randomBytes(4).toString('hex')}:`;
    const limits: StateStoreLimits = { rateLimitQuestions, rateLimitWindowMilliseconds: 60_000, maximumTurnsPerThread: 8, maximumThreads: 100, maximumAnswers: 100, maximumClaims: 1000 };
    const store = (): RedisStateStore =>
      new RedisStateStore({ url: server.url, keyPrefix: prefix, limits, logger: new RecordingLogger().logger, policy: { commandTimeoutMilliseconds: 300 } });
    const stores = [store(), store()] as const;
    const [a, b] = await Promise.all(stores.map((stateStore) => startHttpHarness({ sharedFake: fake, stateStore, config: { rateLimitQuestions, streaming: false } })));
    if (a === undefined || b === undefined) throw new Error('two replicas expected');
    running = { a, b, fake, prefix, stores };
    return running;
  }

  const allQuestionLines = (r: Replicas, threadTs: string) => [...questionLogLines(r.a.log, threadTs), ...questionLogLines(r.b.log, threadTs)];

  it('answers the same event once when it is delivered to both replicas (the second as a retry)', async () => {
    const r = await startReplicas();
    const mention = appMentionEvent();
    const envelope = eventCallback(mention);
    const threadTs = mention['ts'] as string;
    const [first, retry] = await Promise.all([r.a.post(envelope), r.b.post(envelope, { retryNumber: 1 })]);
    expect([first.status, retry.status]).toEqual([200, 200]);
    await waitFor('one question line', () => (allQuestionLines(r, threadTs).length >= 1 ? true : undefined));
    await sleep(300);
    expect(shownAnswers(r.fake, 'C0GENERAL', threadTs)).toHaveLength(1);
    expect(r.a.assistant.calls.length + r.b.assistant.calls.length).toBe(1);
    expect(allQuestionLines(r, threadTs).map((line) => line['outcome'])).toEqual(['answered']);
  });

  it('keeps the thread when the follow-up is answered by the other replica', async () => {
    const r = await startReplicas();
    const mention = appMentionEvent();
    const threadTs = mention['ts'] as string;
    await r.a.post(eventCallback(mention));
    await waitForAnswer(r.fake, r.a.log, 'C0GENERAL', threadTs);
    // A reply in the thread without a mention: only a replica that knows the thread is engaged answers it.
    const followUp = { type: 'message', channel_type: 'channel', channel: 'C0GENERAL', user: 'U0ASKER', text: 'Who attended it?', ts: nextMessageTs(), thread_ts: threadTs, team: 'T0TEAM' };
    await r.b.post(eventCallback(followUp));
    await waitForAnswer(r.fake, r.b.log, 'C0GENERAL', threadTs);
    expect(r.b.assistant.calls).toHaveLength(1);
    const history = r.b.assistant.calls[0]?.options?.history ?? [];
    expect(history.map((turn) => turn.question)).toEqual(['What did the two sides discuss at the 7th China-US Innovation Dialogue?']);
    expect(questionLogLines(r.b.log, threadTs)[0]).toMatchObject({ outcome: 'answered', historyTurns: 1 });
  });

  it('holds the per-user rate limit across replicas: question N+1 on the other replica is refused', async () => {
    const r = await startReplicas(2);
    const ask = async (replica: HttpHarness) => {
      const mention = appMentionEvent({ user: 'U0LIMITED' });
      await replica.post(eventCallback(mention));
      await waitFor('the question line', () => (allQuestionLines(r, mention['ts'] as string).length >= 1 ? true : undefined));
      return allQuestionLines(r, mention['ts'] as string)[0]?.['outcome'];
    };
    expect(await ask(r.a)).toBe('answered');
    expect(await ask(r.b)).toBe('answered');
    expect(await ask(r.b)).toBe('rate-limited');
    expect(await ask(r.a)).toBe('rate-limited');
    expect(r.a.assistant.calls.length + r.b.assistant.calls.length).toBe(2);
    const [notice] = await r.fake.waitForCalls('chat.postEphemeral', 1);
    expect(notice?.body['user']).toBe('U0LIMITED');
  });

  it('during a Redis outage replies once with a clear error (no answer, no duplicate, no crash), then answers again', async () => {
    const r = await startReplicas();
    await server.stop();
    try {
      const mention = appMentionEvent();
      const threadTs = mention['ts'] as string;
      const envelope = eventCallback(mention);
      await r.a.post(envelope);
      await waitFor('the error reply', () => (questionLogLines(r.a.log, threadTs).length >= 1 ? true : undefined), { timeoutMilliseconds: 10_000 });
      // Slack's retries: to the same replica, and (after a timeout) to the other one.
      await r.a.post(envelope, { retryNumber: 1 });
      await r.b.post(envelope, { retryNumber: 2 });
      await sleep(1500);
      const messages = shownAnswers(r.fake, 'C0GENERAL', threadTs);
      expect(messages).toHaveLength(1);
      expect(messages[0]?.text).toBe(SLACK_INTERFACE_TEXT.en.stateStoreUnavailable);
      expect(questionLogLines(r.a.log, threadTs)[0]).toMatchObject({ outcome: 'store-unavailable', errorCode: 'STATE_STORE_UNAVAILABLE' });
      expect(r.a.assistant.calls.length + r.b.assistant.calls.length).toBe(0);
      const health = await fetch(`${r.a.baseUrl}/health`);
      expect(health.status).toBe(200);
    } finally {
      await server.restart();
    }
    const after = appMentionEvent();
    // The clients reconnect on their own (within the policy's reconnect delay).
    expect(await r.stores[1].waitUntilReady(10_000)).toBe(true);
    await r.b.post(eventCallback(after));
    const answer = await waitForAnswer(r.fake, r.b.log, 'C0GENERAL', after['ts'] as string, { timeoutMilliseconds: 10_000 });
    expect(questionLogLines(r.b.log, after['ts'] as string)[0]?.['outcome']).toBe('answered');
    expect(answer.text).not.toBe(SLACK_INTERFACE_TEXT.en.stateStoreUnavailable);
  });

  it('serves "Show original", feedback and "Share" on replica B from the record replica A wrote', async () => {
    const r = await startReplicas();
    const mention = appMentionEvent();
    const threadTs = mention['ts'] as string;
    await r.a.post(eventCallback(mention));
    const answer = await waitForAnswer(r.fake, r.a.log, 'C0GENERAL', threadTs);
    const showOriginalValue = buttonValue(answer.blocks, ANSWER_ACTION_IDS.showOriginal);
    await r.b.postForm(blockActionsBody({ actionId: ANSWER_ACTION_IDS.showOriginal, value: showOriginalValue, responseUrl: r.b.responseUrl(), user: 'U0READER', messageTs: answer.ts, threadTs }));
    const [ephemeral] = await r.fake.waitForCalls('chat.postEphemeral', 1);
    expect(JSON.stringify(ephemeral?.body['blocks'])).toContain('The 7th China-US Innovation Dialogue was held in Beijing on 5 June 2016.');

    await r.b.postForm(feedbackButtonsBody({ actionId: ANSWER_ACTION_IDS.feedback, value: feedbackValue(answer.blocks), responseUrl: r.b.responseUrl(), messageTs: answer.ts, threadTs }));
    await r.fake.waitForCalls('chat.postEphemeral', 2);
    const entries = await raw.xrange(`${r.prefix}${FEEDBACK_STREAM_KEY}`, '-', '+');
    expect(entries).toHaveLength(1);
    // Only the shared record knows the question and where it was asked (the click carries neither).
    expect(JSON.parse(entries[0]?.[1][1] ?? '{}')).toMatchObject({ question: 'What did the two sides discuss at the 7th China-US Innovation Dialogue?', surface: 'mention', rating: 'helpful' });

    // A private answer (slash command) on A, shared in the channel from B: without A's record B could only say "expired".
    const commandUrl = r.a.responseUrl();
    await r.a.postForm(slashCommandBody({ text: 'ask What was discussed?', response_url: commandUrl }));
    const [privateAnswer] = await waitFor('the private answer', () => {
      const calls = r.fake.calls.filter((call) => call.method === 'response_url' && JSON.stringify(call.body['blocks'] ?? '').includes('answer_share'));
      return calls.length > 0 ? calls : undefined;
    });
    const shareValue = buttonValue((privateAnswer?.body['blocks'] ?? []) as RecordedBlock[], ANSWER_ACTION_IDS.share);
    const shareUrl = r.b.responseUrl();
    await r.b.postForm(blockActionsBody({ actionId: ANSWER_ACTION_IDS.share, value: shareValue, responseUrl: shareUrl, isEphemeral: true }));
    const shared = await waitFor('the shared answer', () => r.fake.calls.find((call) => call.method === 'response_url' && call.body['response_type'] === 'in_channel'));
    expect(JSON.stringify(shared.body['blocks'])).not.toContain(SLACK_INTERFACE_TEXT.en.answerExpired);
  });
});

interface RecordedButton {
  readonly action_id: string;
  readonly value: string;
}

function buttonValue(blocks: readonly RecordedBlock[], actionId: string): string {
  const value = blocks
    .filter((block) => block.type === 'actions')
    .flatMap((block) => (block as unknown as { elements: RecordedButton[] }).elements)
    .find((button) => button.action_id === actionId)?.value;
  if (value === undefined) throw new Error(`no ${actionId} button in ${JSON.stringify(blocks)}`);
  return value;
}

function feedbackValue(blocks: readonly RecordedBlock[]): string {
  const element = blocks
    .filter((block) => block.type === 'context_actions')
    .flatMap((block) => (block as unknown as { elements: Record<string, { value?: string } | string>[] }).elements)[0];
  const value = element?.['positive_button'];
  if (typeof value !== 'object' || value.value === undefined) throw new Error(`no feedback button in ${JSON.stringify(blocks)}`);
  return value.value;
}
