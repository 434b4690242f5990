/**
 * The Redis state store against a real redis-server (tests/support/redis-server.ts): atomic claims with
 * expiry, the per-user limit shared by two stores, capped and expiring thread lists, expiring answer records,
 * the feedback stream, the key prefix, and an outage (typed error within the time bound, no password shown).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StateStoreUnavailableError } from '../../../src/core';
import { feedbackToQuestions, readFeedbackLog, type FeedbackRecord } from '../../../src/eval';
import { inheritedBasics, runCliCommand } from '../../support/run-cli';
import { FEEDBACK_STREAM_KEY, RedisStateStore, type StateStoreLimits } from '../../../src/slack/shared-state';
import { standInForMissingExecutable } from '../../support/find-executable';
import { findRedisServer, NO_REDIS_MESSAGE, printNoRedisBanner, TestRedisServer } from '../../support/redis-server';
import { answerResultFixture } from '../support/fake-assistant';
import { RecordingLogger } from '../support/recording-logger';

const executable = findRedisServer();
if (executable === null) printNoRedisBanner();

const LIMITS: StateStoreLimits = {
  rateLimitQuestions: 2,
  rateLimitWindowMilliseconds: 60_000,
  maximumTurnsPerThread: 3,
  maximumThreads: 10,
  maximumAnswers: 10,
  maximumClaims: 10,
};

const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

describe('RedisStateStore against a real redis-server', () => {
  if (executable === null) {
    standInForMissingExecutable('redis-server', NO_REDIS_MESSAGE);
    return;
  }

  let server: TestRedisServer;
  let raw: Redis;
  const stores: RedisStateStore[] = [];
  const open = async (keyPrefix: string, policy: ConstructorParameters<typeof RedisStateStore>[0]['policy'] = {}): Promise<RedisStateStore> => {
    const store = new RedisStateStore({ url: server.url, keyPrefix, limits: LIMITS, logger: new RecordingLogger().logger, policy });
    stores.push(store);
    expect(await store.waitUntilReady(5000)).toBe(true);
    return store;
  };

  beforeAll(async () => {
    server = await TestRedisServer.start(executable);
    raw = new Redis(server.url);
    raw.on('error', () => undefined); // the outage test stops the server under it
  });
  afterAll(async () => {
    for (const store of stores) await store.close();
    raw?.disconnect();
    await server?.stop();
  });

  it('claims a key once across two stores (SET NX PX), forgets it after its time to live, and keeps prefixes apart', async () => {
    const a = await open('unit-claim:');
    const b = await open('unit-claim:');
    const other = await open('other-app:');
    const results = await Promise.all([a.claim('event:Ev1', 200), b.claim('event:Ev1', 200), a.claim('event:Ev1', 200)]);
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await b.has('event:Ev1')).toBe(true);
    expect(await other.claim('event:Ev1', 200)).toBe(true);
    expect(await raw.pttl('unit-claim:claim:event:Ev1')).toBeGreaterThan(0);
    expect(await raw.pttl('unit-claim:claim:event:Ev1')).toBeLessThanOrEqual(200);
    await sleep(300);
    expect(await a.has('event:Ev1')).toBe(false);
    expect(await b.claim('event:Ev1', 200)).toBe(true);
  });

  it('shares the per-user limit between stores: the third question within the window is refused on either', async () => {
    const a = await open('unit-rate:');
    const b = await open('unit-rate:');
    expect(await a.takeRateLimit('U1')).toEqual({ allowed: true });
    expect(await b.takeRateLimit('U1')).toEqual({ allowed: true });
    const refused = await a.takeRateLimit('U1');
    expect(refused.allowed).toBe(false);
    if (!refused.allowed) expect(refused.retryAfterMilliseconds).toBeGreaterThan(55_000);
    expect(await b.takeRateLimit('U2')).toEqual({ allowed: true });
    expect(await raw.exists('unit-rate:ratelimit:U1')).toBe(1);
  });

  it('keeps the most recent turns of a thread up to the cap, with the thread expiry', async () => {
    const a = await open('unit-thread:', { threadTimeToLiveMilliseconds: 400 });
    const b = await open('unit-thread:', { threadTimeToLiveMilliseconds: 400 });
    expect(await a.threadTurns('C1', '1.0')).toEqual([]);
    expect(await a.hasThread('C1', '1.0')).toBe(false);
    for (let turn = 1; turn <= 5; turn += 1) {
      await (turn % 2 === 0 ? a : b).appendThreadTurn('C1', '1.0', { question: `q${turn}`, answer: answerResultFixture({ answer: `a${turn}` }) });
    }
    const turns = await b.threadTurns('C1', '1.0');
    expect(turns.map((turn) => turn.question)).toEqual(['q3', 'q4', 'q5']);
    expect(turns[2]?.answer.answer).toBe('a5');
    expect(await a.hasThread('C1', '1.0')).toBe(true);
    const ttl = await raw.pttl('unit-thread:thread:C1:1.0');
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(400);
    await sleep(500);
    expect(await a.threadTurns('C1', '1.0')).toEqual([]);
  });

  it('stores answer records as expiring JSON readable by another store', async () => {
    const a = await open('unit-answer:', { answerRecordTimeToLiveMilliseconds: 300 });
    const b = await open('unit-answer:', { answerRecordTimeToLiveMilliseconds: 300 });
    const record = { id: 'abc123', question: 'What?', result: answerResultFixture(), surface: 'mention' as const, channel: 'C1', createdAt: 42 };
    await a.putAnswer(record);
    expect(await b.getAnswer('abc123')).toEqual(record);
    expect(await b.getAnswer('unknown')).toBeUndefined();
    await sleep(400);
    expect(await b.getAnswer('abc123')).toBeUndefined();
  });

  it('appends feedback to a capped stream under the prefix', async () => {
    const a = await open('unit-feedback:', { feedbackStreamMaximumLength: 5 });
    const record: FeedbackRecord = {
      time: '2026-01-01T00:00:00.000Z', user: 'hash', rating: 'helpful', answerId: 'x', question: 'q', answer: 'a [1]',
      lang: 'en', mode: 'extractive', found: true, citations: [], surface: 'mention',
    };
    await a.appendFeedback(record);
    const entries = await raw.xrange(`unit-feedback:${FEEDBACK_STREAM_KEY}`, '-', '+');
    expect(entries).toHaveLength(1);
    expect(JSON.parse(entries[0]?.[1][1] ?? '{}')).toEqual(record);
    // What `npm run feedback:export` writes: the records, oldest first, as `npm run eval -- --from-feedback` reads them.
    await a.appendFeedback({ ...record, rating: 'not_helpful' });
    expect((await a.feedbackRecords()).map((entry) => entry.rating)).toEqual(['helpful', 'not_helpful']);

    // `npm run feedback:export` writes the file that `npm run eval -- --from-feedback` reads.
    const folder = await mkdtemp(path.join(os.tmpdir(), 'feedback-export-'));
    try {
      const out = path.join(folder, 'feedback.jsonl');
      // The export reads no seeds; SEEDS_DIR points into the scratch folder so that no command here could touch the live ones.
      const run = await runCliCommand('feedback-export', ['--out', out], { ...inheritedBasics(), SEEDS_DIR: path.join(folder, 'seeds'), REDIS_URL: server.url, REDIS_KEY_PREFIX: 'unit-feedback:', LOG_LEVEL: 'silent' });
      expect(run.code, run.stderr).toBe(0);
      const exported = await readFeedbackLog(out);
      expect(exported.map((entry) => entry.rating)).toEqual(['helpful', 'not_helpful']);
      expect(feedbackToQuestions(exported)).toEqual([expect.objectContaining({ question: 'q', category: 'feedback-not-helpful', needsReview: true })]);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  }, 60_000);

  it('does not count a busy event loop against Redis: a reply that arrived while the loop was blocked is taken', async () => {
    const a = await open('unit-busy:', { commandTimeoutMilliseconds: 100 });
    const claim = a.claim('busy', 1000);
    const blockedUntil = Date.now() + 400;
    while (Date.now() < blockedUntil) {
      // Busy, as while an answer is computed: the reply arrives meanwhile, the timer is overdue.
    }
    expect(await claim).toBe(true);
  });

  it('fails fast with a typed error when Redis is gone, without the password, and works again when it is back', async () => {
    const logger = new RecordingLogger();
    const url = `redis://:s3cret-pass-word@127.0.0.1:${server.port}`;
    const store = new RedisStateStore({ url, keyPrefix: 'unit-outage:', limits: LIMITS, logger: logger.logger, policy: { commandTimeoutMilliseconds: 300 } });
    stores.push(store);
    // redis-server runs without a password: AUTH fails, so every operation fails like an outage.
    const started = Date.now();
    const error = await store.claim('k', 1000).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(StateStoreUnavailableError);
    expect(Date.now() - started).toBeLessThan(2000);
    expect((error as Error).message).not.toContain('s3cret');
    expect((error as Error).message).toContain('127.0.0.1');
    expect(logger.lines.join('\n')).not.toContain('s3cret');

    const a = await open('unit-outage:', { commandTimeoutMilliseconds: 300 });
    await server.stop();
    const down = Date.now();
    await expect(a.claim('k2', 1000)).rejects.toBeInstanceOf(StateStoreUnavailableError);
    await expect(a.getAnswer('x')).rejects.toBeInstanceOf(StateStoreUnavailableError);
    await expect(a.takeRateLimit('U9')).rejects.toBeInstanceOf(StateStoreUnavailableError);
    expect(Date.now() - down).toBeLessThan(3000);
    await server.restart();
    expect(await a.waitUntilReady(5000)).toBe(true);
    expect(await a.claim('k2', 1000)).toBe(true);
  });
});
