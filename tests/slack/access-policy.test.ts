/** The allow-lists and the in-process per-user rate limit. */
import { describe, expect, it } from 'vitest';
import { AccessPolicy } from '../../src/slack/access-policy';
import { MemoryStateStore } from '../../src/slack/shared-state';
import { AnswerRecords } from '../../src/slack/answer-records';
import { answerResultFixture } from './support/fake-assistant';

describe('AccessPolicy', () => {
  it('allows everyone with empty lists', () => {
    const policy = new AccessPolicy({ allowedChannels: [], allowedUsers: [], adminUsers: [] });
    expect(policy.check('C1', 'U1')).toEqual({ allowed: true });
    expect(policy.check('C1', null)).toEqual({ allowed: true });
    expect(policy.isAdmin('U1')).toBe(false);
  });

  it('restricts channels but not direct messages, and users everywhere', () => {
    const policy = new AccessPolicy({ allowedChannels: ['C1'], allowedUsers: ['U1'], adminUsers: ['U9'] });
    expect(policy.check('C1', 'U1')).toEqual({ allowed: true });
    expect(policy.check('C2', 'U1')).toEqual({ allowed: false, reason: 'channel-not-allowed' });
    expect(policy.check('D5', 'U1')).toEqual({ allowed: true });
    expect(policy.check('D5', 'U2')).toEqual({ allowed: false, reason: 'user-not-allowed' });
    expect(policy.check('C1', null)).toEqual({ allowed: false, reason: 'user-not-allowed' });
    expect(policy.isAdmin('U9')).toBe(true);
    expect(policy.isAdmin('U1')).toBe(false);
    expect(policy.isAdmin(null)).toBe(false);
  });
});

describe('the in-process rate limit (MemoryStateStore, rate-limiter-flexible)', () => {
  const limits = { rateLimitWindowMilliseconds: 10_000, maximumTurnsPerThread: 8, maximumThreads: 10, maximumAnswers: 10, maximumClaims: 10 };

  it('allows N questions per window per user, refuses the next with the time left in the window', async () => {
    const store = new MemoryStateStore({ ...limits, rateLimitQuestions: 2 }, 'unused.jsonl');
    expect(await store.takeRateLimit('U1')).toEqual({ allowed: true });
    expect(await store.takeRateLimit('U1')).toEqual({ allowed: true });
    const refused = await store.takeRateLimit('U1');
    expect(refused.allowed).toBe(false);
    if (!refused.allowed) {
      expect(refused.retryAfterMilliseconds).toBeGreaterThan(9000);
      expect(refused.retryAfterMilliseconds).toBeLessThanOrEqual(10_000);
    }
    expect(await store.takeRateLimit('U2')).toEqual({ allowed: true });
  });

  it('is off at 0', async () => {
    const store = new MemoryStateStore({ ...limits, rateLimitQuestions: 0 }, 'unused.jsonl');
    for (let index = 0; index < 100; index += 1) expect((await store.takeRateLimit('U1')).allowed).toBe(true);
  });
});

describe('AnswerRecords', () => {
  it('remembers answers by id up to its maximum, oldest forgotten first', () => {
    const records = new AnswerRecords(2);
    const record = (id: string) => ({ id, question: 'q', result: answerResultFixture(), surface: 'mention' as const, channel: 'C1', createdAt: 0 });
    records.add(record('a'));
    records.add(record('b'));
    records.add(record('c'));
    expect(records.get('a')).toBeUndefined();
    expect(records.get('c')?.id).toBe('c');
    expect(records.size).toBe(2);
    expect(AnswerRecords.newId()).toMatch(/^[A-Za-z0-9_-]{11}$/);
    expect(AnswerRecords.newId()).not.toBe(AnswerRecords.newId());
  });
});
