import { describe, expect, it } from 'vitest';
import type { ConversationTurn } from '../../src/answer/types';
import { RecentKeys } from '../../src/slack/recent-keys';
import { ThreadHistory } from '../../src/slack/thread-history';
import { answerResultFixture } from './support/fake-assistant';

describe('RecentKeys', () => {
  it('claims a key once within its time to live, and again after it expired', () => {
    let now = 1_000;
    const keys = new RecentKeys({ timeToLiveMilliseconds: 100, maximumKeys: 10, now: () => now });
    expect(keys.claim('Ev1')).toBe(true);
    expect(keys.claim('Ev1')).toBe(false);
    now += 99;
    expect(keys.claim('Ev1')).toBe(false);
    now += 1;
    expect(keys.claim('Ev1')).toBe(true);
  });

  it('forgets the oldest keys beyond its maximum', () => {
    const keys = new RecentKeys({ timeToLiveMilliseconds: 60_000, maximumKeys: 3 });
    for (const key of ['a', 'b', 'c', 'd']) expect(keys.claim(key)).toBe(true);
    expect(keys.size).toBe(3);
    expect(keys.claim('a')).toBe(true);
    expect(keys.claim('d')).toBe(false);
  });

  it('drops expired keys so the set does not grow', () => {
    let now = 0;
    const keys = new RecentKeys({ timeToLiveMilliseconds: 10, maximumKeys: 1000, now: () => now });
    for (let index = 0; index < 100; index += 1) {
      keys.claim(`key-${index}`);
      now += 5;
    }
    expect(keys.size).toBeLessThanOrEqual(2);
  });

  it('rejects nonsensical sizes', () => {
    expect(() => new RecentKeys({ timeToLiveMilliseconds: 0, maximumKeys: 1 })).toThrow(RangeError);
    expect(() => new RecentKeys({ timeToLiveMilliseconds: 1, maximumKeys: 0 })).toThrow(RangeError);
  });
});

function turn(question: string): ConversationTurn {
  return { question, answer: answerResultFixture({ question }) };
}

describe('ThreadHistory', () => {
  it('returns a thread’s turns oldest first, separately per channel and thread', () => {
    const history = new ThreadHistory({ maximumThreads: 10, maximumTurnsPerThread: 10 });
    history.append('C1', '1.0', turn('first'));
    history.append('C1', '1.0', turn('second'));
    history.append('C2', '1.0', turn('elsewhere'));
    expect(history.turns('C1', '1.0').map((entry) => entry.question)).toEqual(['first', 'second']);
    expect(history.turns('C2', '1.0').map((entry) => entry.question)).toEqual(['elsewhere']);
    expect(history.turns('C1', '2.0')).toEqual([]);
  });

  it('keeps only the most recent turns of a thread', () => {
    const history = new ThreadHistory({ maximumThreads: 10, maximumTurnsPerThread: 2 });
    for (const question of ['one', 'two', 'three']) history.append('C1', '1.0', turn(question));
    expect(history.turns('C1', '1.0').map((entry) => entry.question)).toEqual(['two', 'three']);
  });

  it('forgets the least recently used thread when full', () => {
    const history = new ThreadHistory({ maximumThreads: 2, maximumTurnsPerThread: 5 });
    history.append('C1', 'a', turn('a'));
    history.append('C1', 'b', turn('b'));
    history.turns('C1', 'a'); // reading marks "a" as recently used
    history.append('C1', 'c', turn('c'));
    expect(history.threadCount).toBe(2);
    expect(history.turns('C1', 'b')).toEqual([]);
    expect(history.turns('C1', 'a')).toHaveLength(1);
    expect(history.turns('C1', 'c')).toHaveLength(1);
  });

  it('hands out copies, so callers cannot change the stored turns', () => {
    const history = new ThreadHistory({ maximumThreads: 2, maximumTurnsPerThread: 5 });
    history.append('C1', 'a', turn('a'));
    (history.turns('C1', 'a') as ConversationTurn[]).push(turn('injected'));
    expect(history.turns('C1', 'a')).toHaveLength(1);
  });
});
