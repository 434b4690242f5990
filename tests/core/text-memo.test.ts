import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { TextMemo } from '../../src/core';

const reverse = (text: string): string => [...text].reverse().join('');

describe('TextMemo', () => {
  it('derives each distinct source once and reuses stored values after a round trip', () => {
    const first = TextMemo.empty('v1');
    let calls = 0;
    const counted = (text: string): string => {
      calls += 1;
      return reverse(text);
    };
    expect(first.get('abc', counted)).toBe('cba');
    expect(first.get('abc', counted)).toBe('cba');
    expect(first.get('中文', counted)).toBe('文中');
    expect(calls).toBe(2);
    const { memo, rejected } = TextMemo.parse(first.serialise(), 'v1');
    expect(rejected).toBeNull();
    expect(memo.get('abc', () => 'WRONG')).toBe('cba');
    expect(memo.get('new', counted)).toBe('wen');
    expect(memo.counts).toEqual({ reused: 1, derived: 1 });
  });

  it('writes back only the sources looked up since it was read', () => {
    const first = TextMemo.empty('v1');
    first.get('kept', reverse);
    first.get('gone', reverse);
    const second = TextMemo.parse(first.serialise(), 'v1').memo;
    second.get('kept', reverse);
    const third = TextMemo.parse(second.serialise(), 'v1').memo;
    expect(third.get('gone', () => 'derived again')).toBe('derived again');
    expect(third.get('kept', () => 'WRONG')).toBe('tpek');
  });

  it('is empty, with the reason, for another version, an altered entry, a non-string entry or broken JSON', () => {
    const memo = TextMemo.empty('v2');
    memo.get('source', reverse);
    const text = memo.serialise();
    expect(TextMemo.parse(text, 'v3').rejected).toBe('version v2, not v3');
    expect(TextMemo.parse(text.replace('ecruos', 'ecruoX'), 'v2').rejected).toBe('digest mismatch');
    const numberDigest = createHash('sha256').update('{"k":1}').digest('hex');
    expect(TextMemo.parse(`{"version":"v2","sha256":"${numberDigest}","entries":{"k":1}}`, 'v2').rejected).toBe('entry k is not a string');
    expect(TextMemo.parse('{"version":"v2","sha256":"x","entries":[]}', 'v2').rejected).toBe('no entries');
    expect(TextMemo.parse('{', 'v2').rejected).toBe('not JSON');
    expect(TextMemo.parse(null, 'v2').rejected).toBeNull();
    expect(TextMemo.parse(text.replace('ecruos', 'ecruoX'), 'v2').memo.get('source', () => 'fresh')).toBe('fresh');
  });
});
