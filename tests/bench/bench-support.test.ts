/**
 * The benchmark's statistics: nearest-rank percentiles and latency summaries. Speed itself is measured by
 * `npm run bench`, never asserted here.
 */
import { describe, expect, it } from 'vitest';
import { nearestRankPercentile, summarizeLatencies } from '../../bench/bench-support';
import { InputError } from '../../src/core';

describe('nearestRankPercentile', () => {
  // The worked example of the nearest-rank method on Wikipedia's "Percentile" page: 15, 20, 35, 40, 50.
  const example = [15, 20, 35, 40, 50];

  it.each([
    [5, 15],
    [30, 20],
    [40, 20],
    [50, 35],
    [100, 50],
  ])('gives the %i-th percentile of the worked example as %i', (percentile, expected) => {
    expect(nearestRankPercentile(example, percentile)).toBe(expected);
  });

  it('does not depend on the input order and does not reorder the input', () => {
    const shuffled = [40, 15, 50, 20, 35];
    expect(nearestRankPercentile(shuffled, 50)).toBe(35);
    expect(shuffled).toEqual([40, 15, 50, 20, 35]);
  });

  it('returns a measured value, never an interpolation (p95 of 1..20 is 19, of 1..10 is 10)', () => {
    const oneToTwenty = Array.from({ length: 20 }, (_, index) => index + 1);
    expect(nearestRankPercentile(oneToTwenty, 95)).toBe(19);
    expect(nearestRankPercentile(oneToTwenty.slice(0, 10), 95)).toBe(10);
  });

  it('gives the minimum at percentile 0', () => {
    expect(nearestRankPercentile(example, 0)).toBe(15);
  });

  it.each([[[] as number[], 50], [example, -1], [example, 101], [example, Number.NaN]])(
    'throws InputError for values %j at percentile %d',
    (values, percentile) => {
      expect(() => nearestRankPercentile(values, percentile)).toThrow(InputError);
    },
  );
});

describe('summarizeLatencies', () => {
  it('reports count, p50, p95, max and mean in the input unit', () => {
    const summary = summarizeLatencies([4, 1, 3, 2]);
    expect(summary).toEqual({ count: 4, p50: 2, p95: 4, max: 4, mean: 2.5 });
  });
});
