import { describe, expect, it } from 'vitest';
import { HashedStringSet, hash53 } from '../../src/language';

describe('hash53 (cyrb53)', () => {
  it("gives the reference implementation's published values", () => {
    // bryc/code jshash/experimental/cyrb53.js README examples (seed 0).
    expect(['a', 'b', 'revenge', 'revenue'].map((text) => hash53(text))).toEqual([7929297801672961, 8684336938537663, 4051478007546757, 8309097637345594]);
  });

  it('stays inside the 53-bit integer range over many inputs, Chinese included', () => {
    for (let index = 0; index < 2000; index += 1) {
      const value = hash53(`${index} 科技合作 ${String.fromCharCode(index)}`);
      expect(Number.isSafeInteger(value) && value >= 0).toBe(true);
    }
  });
});

describe('HashedStringSet', () => {
  const members = Array.from({ length: 5000 }, (_, index) => `stem${index} 合作${index % 97}`);
  const set = HashedStringSet.of([...members, ...members.slice(0, 100)]);

  it('finds every member and counts duplicates once', () => {
    expect(set.size).toBe(members.length);
    expect(members.every((member) => set.has(member))).toBe(true);
  });

  it('finds no non-member among many near misses', () => {
    const others = Array.from({ length: 20000 }, (_, index) => `stem${index + 5000} 合作${index % 97}`);
    expect(others.filter((other) => set.has(other))).toEqual([]);
    expect(set.has('')).toBe(false);
    expect(HashedStringSet.of([]).has('anything')).toBe(false);
  });
});
