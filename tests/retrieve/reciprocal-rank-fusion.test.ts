/**
 * Reciprocal rank fusion (Cormack, Clarke & Büttcher, SIGIR 2009): score(d) = Σ_lists w / (k + rank(d)),
 * ranks 1-based. Expected scores below are computed from that formula, not copied from the code.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_RRF_K, reciprocalRankFusion } from '../../src/retrieve';

/** The RRF term of one list: weight / (k + rank). */
function term(rank: number, k: number, weight = 1): number {
  return weight / (k + rank);
}

describe('the fused score', () => {
  it('sums 1 / (k + rank) over the lists a key appears in, with 1-based ranks', () => {
    const k = 10;
    const fused = reciprocalRankFusion([['a', 'b', 'c'], ['c', 'a']], k);
    const score = Object.fromEntries(fused.map((item) => [item.key, item.score]));
    expect(score.a).toBeCloseTo(term(1, k) + term(2, k), 12);
    expect(score.b).toBeCloseTo(term(2, k), 12);
    expect(score.c).toBeCloseTo(term(3, k) + term(1, k), 12);
    expect(fused.map((item) => item.key)).toEqual(['a', 'c', 'b']);
  });

  it('records each key’s 1-based rank per list, null where a list lacks it', () => {
    const fused = reciprocalRankFusion([['a', 'b', 'c'], ['c', 'a']], 10);
    const ranks = Object.fromEntries(fused.map((item) => [item.key, item.ranks]));
    expect(ranks).toEqual({ a: [1, 2], b: [2, null], c: [3, 1] });
  });

  it('uses k = 60 by default, the value of Cormack et al. (2009)', () => {
    const [only] = reciprocalRankFusion([['a'], ['x', 'y', 'a']]);
    expect(only?.key).toBe('a');
    expect(only?.score).toBeCloseTo(1 / 61 + 1 / 63, 12);
  });

  it('with k = 0 gives plain reciprocal ranks', () => {
    const fused = reciprocalRankFusion([['a', 'b', 'c', 'd']], 0);
    expect(fused.map((item) => item.score)).toEqual([1, 1 / 2, 1 / 3, 1 / 4]);
  });

  it('lets a larger k flatten the difference between ranks', () => {
    const gap = (k: number): number => {
      const [first, second] = reciprocalRankFusion([['a', 'b']], k);
      return (first?.score ?? 0) - (second?.score ?? 0);
    };
    expect(gap(1)).toBeGreaterThan(gap(DEFAULT_RRF_K));
  });

  it('works with any key type (numbers, as the retriever’s chunk labels)', () => {
    const fused = reciprocalRankFusion([[7, 3], [3, 9]], 60);
    expect(fused.map((item) => item.key)).toEqual([3, 7, 9]);
  });
});

describe('ordering and ties', () => {
  it('returns best first', () => {
    const fused = reciprocalRankFusion([['a', 'b', 'c', 'd'], ['d', 'c', 'e']], 5);
    const scores = fused.map((item) => item.score);
    expect(scores).toEqual([...scores].sort((left, right) => right - left));
  });

  it('keeps first-seen order between equal scores', () => {
    expect(reciprocalRankFusion([['a'], ['b']], 60).map((item) => item.key)).toEqual(['a', 'b']);
    expect(reciprocalRankFusion([['b'], ['a']], 60).map((item) => item.key)).toEqual(['b', 'a']);
    // x: ranks 1 and 3; y: ranks 3 and 1 — the same sum, and x is seen first.
    const fused = reciprocalRankFusion([['x', 'm', 'y'], ['y', 'n', 'x']], 60);
    expect(fused[0]?.score).toBe(fused[1]?.score);
    expect(fused.slice(0, 2).map((item) => item.key)).toEqual(['x', 'y']);
  });

  it('does not favour a key for appearing in more lists when its ranks are worse', () => {
    // a: rank 1 in one list (k=0 → 1); b: rank 3 in two lists (k=0 → 2/3).
    const fused = reciprocalRankFusion([['a', 'p', 'b'], ['q', 'r', 'b']], 0);
    expect(fused[0]?.key).toBe('a');
  });
});

describe('duplicates within one list', () => {
  it('counts a repeated key once, at its first rank, and keeps the positions of the others', () => {
    const k = 10;
    const fused = reciprocalRankFusion([['a', 'b', 'a', 'c']], k);
    expect(fused.map((item) => item.key)).toEqual(['a', 'b', 'c']);
    expect(fused[0]?.score).toBeCloseTo(term(1, k), 12);
    expect(fused[0]?.ranks).toEqual([1]);
    // c is still the 4th item of the list it came from.
    expect(fused[2]?.score).toBeCloseTo(term(4, k), 12);
    expect(fused[2]?.ranks).toEqual([4]);
  });

  it('still adds a key once per list when it repeats in several lists', () => {
    const k = 10;
    const [only] = reciprocalRankFusion([['a', 'a'], ['a', 'a', 'a']], k);
    expect(only?.score).toBeCloseTo(2 * term(1, k), 12);
  });
});

describe('weights', () => {
  it('multiplies each list’s term by its weight', () => {
    const k = 10;
    const fused = reciprocalRankFusion([['a', 'b'], ['b', 'a']], k, [1, 3]);
    const score = Object.fromEntries(fused.map((item) => [item.key, item.score]));
    expect(score.a).toBeCloseTo(term(1, k, 1) + term(2, k, 3), 12);
    expect(score.b).toBeCloseTo(term(2, k, 1) + term(1, k, 3), 12);
    expect(fused[0]?.key).toBe('b');
  });

  it('defaults a missing weight to 1', () => {
    const k = 10;
    const withShortWeights = reciprocalRankFusion([['a'], ['b'], ['c']], k, [2]);
    const score = Object.fromEntries(withShortWeights.map((item) => [item.key, item.score]));
    expect(score).toEqual({ a: term(1, k, 2), b: term(1, k), c: term(1, k) });
  });

  it('lets a weight of 0 silence a list while keeping its keys, with their ranks', () => {
    const fused = reciprocalRankFusion([['a'], ['b']], 10, [0, 1]);
    expect(fused.map((item) => [item.key, item.score, item.ranks])).toEqual([
      ['b', term(1, 10), [null, 1]],
      ['a', 0, [1, null]],
    ]);
  });
});

describe('empty input', () => {
  it('returns nothing for no lists or only empty lists', () => {
    expect(reciprocalRankFusion([], 60)).toEqual([]);
    expect(reciprocalRankFusion([[], []], 60)).toEqual([]);
  });

  it('fuses around an empty list, with a rank slot for it', () => {
    const fused = reciprocalRankFusion([[], ['a', 'b']], 60);
    expect(fused.map((item) => item.key)).toEqual(['a', 'b']);
    expect(fused[0]?.ranks).toEqual([null, 1]);
    expect(fused[0]?.score).toBeCloseTo(term(1, 60), 12);
  });
});
