/** The scale benchmark's measuring helpers (issue 5): exact nearest neighbours and recall@k. */
import { describe, expect, it } from 'vitest';
import { exactNearest, normalize, recallAtK } from '../../bench/scale-measures';
import { HnswVectorIndex } from '../../src/vector-index';
import { seededRandom } from '../../bench/synthetic-corpus';

describe('recallAtK', () => {
  it('is the share of the exact neighbours the approximate list found', () => {
    expect(recallAtK([1, 2, 3, 9], [1, 2, 3, 4])).toBe(0.75);
    expect(recallAtK([], [1])).toBe(0);
    expect(recallAtK([5], [])).toBe(1);
  });
});

describe('exactNearest', () => {
  it('ranks by cosine similarity, best first, ties by label', () => {
    const rows = [[1, 0], [0, 1], [1, 1], [1, 0]].map(normalize);
    expect(exactNearest(rows, normalize([1, 0.1]), 3)).toEqual([0, 3, 2]);
  });

  it('agrees with HNSW at a high efSearch on a small random set', () => {
    const random = seededRandom(5);
    const vectors = Array.from({ length: 300 }, () => Array.from({ length: 16 }, () => random() - 0.5));
    const graph = HnswVectorIndex.create(16, vectors.length, { m: 16, efConstruction: 200, efSearch: 300 });
    vectors.forEach((vector, label) => graph.add(vector, label));
    const rows = vectors.map(normalize);
    for (let query = 0; query < 10; query += 1) {
      const vector = Array.from({ length: 16 }, () => random() - 0.5);
      const approximate = graph.search(vector, 10).map((hit) => hit.label);
      expect(recallAtK(approximate, exactNearest(rows, normalize(vector), 10))).toBe(1);
    }
  });
});
