/** The allow-lists and the per-user sliding-window rate limit. */
import { describe, expect, it } from 'vitest';
import { AccessPolicy, UserRateLimiter } from '../../src/slack/access-policy';
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

describe('UserRateLimiter', () => {
  it('allows N questions per sliding window per user and says how long to wait', () => {
    let now = 1_000_000;
    const limiter = new UserRateLimiter({ maximumQuestions: 2, windowMilliseconds: 10_000, now: () => now });
    expect(limiter.take('U1')).toEqual({ allowed: true });
    now += 4000;
    expect(limiter.take('U1')).toEqual({ allowed: true });
    now += 1000;
    expect(limiter.take('U1')).toEqual({ allowed: false, retryAfterMilliseconds: 5000 });
    expect(limiter.take('U2')).toEqual({ allowed: true });
    // Refusals are not counted: once the first question leaves the window, one more is allowed.
    now += 5000;
    expect(limiter.take('U1')).toEqual({ allowed: true });
    expect(limiter.take('U1')).toEqual({ allowed: false, retryAfterMilliseconds: 4000 });
  });

  it('is off at 0, forgets the least recently active users beyond its maximum, and rejects nonsense', () => {
    const off = new UserRateLimiter({ maximumQuestions: 0, windowMilliseconds: 1000 });
    for (let index = 0; index < 100; index += 1) expect(off.take('U1').allowed).toBe(true);
    const small = new UserRateLimiter({ maximumQuestions: 1, windowMilliseconds: 60_000, maximumUsers: 2, now: () => 0 });
    small.take('U1');
    small.take('U2');
    small.take('U3');
    expect(small.take('U1').allowed).toBe(true);
    expect(small.take('U3').allowed).toBe(false);
    expect(() => new UserRateLimiter({ maximumQuestions: -1, windowMilliseconds: 1 })).toThrow(RangeError);
    expect(() => new UserRateLimiter({ maximumQuestions: 1, windowMilliseconds: 0 })).toThrow(RangeError);
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
