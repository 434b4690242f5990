import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IndexCorruptError, IndexMismatchError, InputError } from '../../src/core';
import { HnswVectorIndex } from '../../src/vector-index';
import { makeTempDir, randomVectors } from './support/fixtures';

const PARAMETERS = { m: 16, efConstruction: 200, efSearch: 100 };

function cosineDistance(left: readonly number[], right: readonly number[]): number {
  let dot = 0;
  let leftNorm = 0;
  let rightNorm = 0;
  left.forEach((value, position) => {
    const other = right[position] as number;
    dot += value * other;
    leftNorm += value * value;
    rightNorm += other * other;
  });
  return 1 - dot / Math.sqrt(leftNorm * rightNorm);
}

function bruteForceLabels(vectors: readonly number[][], query: readonly number[], k: number): number[] {
  return vectors
    .map((vector, label) => ({ label, distance: cosineDistance(vector, query) }))
    .sort((left, right) => left.distance - right.distance)
    .slice(0, k)
    .map((hit) => hit.label);
}

function buildIndex(vectors: readonly number[][]): HnswVectorIndex {
  const index = HnswVectorIndex.create((vectors[0] as number[]).length, vectors.length, PARAMETERS);
  vectors.forEach((vector, label) => index.add(vector, label));
  return index;
}

let temp: Awaited<ReturnType<typeof makeTempDir>>;
beforeEach(async () => {
  temp = await makeTempDir();
});
afterEach(async () => {
  await temp.remove();
});

describe('HnswVectorIndex.search', () => {
  it('returns the nearest vectors by cosine distance, best first', () => {
    const vectors = [
      [1, 0, 0],
      [0, 1, 0],
      [0.7, 0.7, 0],
      [0, 0, 1],
    ];
    const index = buildIndex(vectors);
    const query = [1, 0.2, 0];
    const hits = index.search(query, 3);
    expect(hits.map((hit) => hit.label)).toEqual([0, 2, 1]);
    hits.forEach((hit) => {
      expect(hit.distance).toBeCloseTo(cosineDistance(vectors[hit.label] as number[], query), 5);
    });
  });

  it('compares directions, not lengths (cosine space)', () => {
    const index = buildIndex([
      [10, 0, 0],
      [0.1, 0.1, 0],
    ]);
    const [best] = index.search([1, 0, 0], 1);
    expect(best?.label).toBe(0);
    expect(best?.distance).toBeCloseTo(0, 5);
  });

  it('clamps k to the number of vectors and returns nothing for k ≤ 0', () => {
    const index = buildIndex(randomVectors(5, 8, 1));
    expect(index.search(randomVectors(1, 8, 2)[0] as number[], 50)).toHaveLength(5);
    expect(index.search(randomVectors(1, 8, 2)[0] as number[], 0)).toEqual([]);
    expect(HnswVectorIndex.create(8, 4, PARAMETERS).search(randomVectors(1, 8, 2)[0] as number[], 3)).toEqual([]);
  });

  it('finds the exact nearest neighbours of random data (recall@10 against brute force)', () => {
    const vectors = randomVectors(500, 32, 3);
    const index = buildIndex(vectors);
    let found = 0;
    for (const query of randomVectors(20, 32, 4)) {
      const expected = new Set(bruteForceLabels(vectors, query, 10));
      found += index.search(query, 10).filter((hit) => expected.has(hit.label)).length;
    }
    expect(found / 200).toBeGreaterThanOrEqual(0.95);
  });

  it('rejects a query of other dimensions and non-finite numbers', () => {
    const index = buildIndex(randomVectors(3, 4, 1));
    expect(() => index.search([1, 0, 0], 1)).toThrow(IndexMismatchError);
    expect(() => index.search([1, 0, Number.NaN, 0], 1)).toThrow(InputError);
    expect(() => index.search([1, 0, 0, 0], 1.5)).toThrow(InputError);
  });
});

describe('HnswVectorIndex.add', () => {
  it('grows past its initial capacity', () => {
    const vectors = randomVectors(40, 8, 5);
    const index = HnswVectorIndex.create(8, 2, PARAMETERS);
    vectors.forEach((vector, label) => index.add(vector, label));
    expect(index.size).toBe(40);
    expect(index.search(vectors[33] as number[], 1)[0]?.label).toBe(33);
  });

  it('rejects wrong dimensions, a duplicate label and a negative label', () => {
    const index = HnswVectorIndex.create(4, 4, PARAMETERS);
    index.add([1, 0, 0, 0], 0);
    const mismatch = (() => {
      try {
        index.add([1, 0, 0], 1);
      } catch (error) {
        return error;
      }
      return null;
    })();
    expect(mismatch).toBeInstanceOf(IndexMismatchError);
    expect(mismatch).toMatchObject({ expected: '4', found: '3' });
    expect(() => index.add([0, 1, 0, 0], 0)).toThrow(InputError);
    expect(() => index.add([0, 1, 0, 0], -1)).toThrow(InputError);
    expect(() => index.add([0, Number.POSITIVE_INFINITY, 0, 0], 2)).toThrow(InputError);
    expect(index.size).toBe(1);
  });
});

describe('HnswVectorIndex save and load', () => {
  it('round-trips: the loaded index gives identical results', async () => {
    const vectors = randomVectors(200, 24, 11);
    const index = buildIndex(vectors);
    const file = path.join(temp.directory, 'vectors.hnsw');
    await index.save(file);
    const loaded = await HnswVectorIndex.load(file, 24, PARAMETERS.efSearch);
    expect(loaded.size).toBe(200);
    expect(loaded.labels()).toEqual(vectors.map((_, label) => label));
    for (const query of randomVectors(20, 24, 12)) expect(loaded.search(query, 10)).toEqual(index.search(query, 10));
  });

  it('refuses a file of other dimensions, which hnswlib itself would load', async () => {
    const file = path.join(temp.directory, 'vectors.hnsw');
    await buildIndex(randomVectors(10, 8, 1)).save(file);
    await expect(HnswVectorIndex.load(file, 4, 50)).rejects.toThrow(IndexCorruptError);
    await expect(HnswVectorIndex.load(file, 16, 50)).rejects.toThrow(/holds 8-dimensional vectors, expected 16/);
  });

  it('refuses a truncated or missing file', async () => {
    const file = path.join(temp.directory, 'vectors.hnsw');
    await buildIndex(randomVectors(10, 8, 1)).save(file);
    const bytes = await readFile(file);
    await writeFile(file, bytes.subarray(0, bytes.length - 10));
    await expect(HnswVectorIndex.load(file, 8, 50)).rejects.toThrow(IndexCorruptError);
    await writeFile(file, bytes.subarray(0, 20));
    await expect(HnswVectorIndex.load(file, 8, 50)).rejects.toThrow(IndexCorruptError);
    await expect(HnswVectorIndex.load(path.join(temp.directory, 'absent.hnsw'), 8, 50)).rejects.toThrow(
      IndexCorruptError,
    );
  });
});

describe('HnswVectorIndex.remove (tombstones)', () => {
  it('never returns a removed vector, even as the nearest to itself', () => {
    const vectors = randomVectors(60, 12, 21);
    const index = buildIndex(vectors);
    index.remove(7);
    expect(index.size).toBe(59);
    expect(index.tombstones).toBe(1);
    expect(index.labels()).not.toContain(7);
    const hits = index.search(vectors[7] as number[], 59);
    expect(hits).toHaveLength(59);
    expect(hits.map((hit) => hit.label)).not.toContain(7);
    expect(hits.map((hit) => hit.label).slice(0, 5)).toEqual(bruteForceLabels(vectors, vectors[7] as number[], 6).filter((label) => label !== 7).slice(0, 5));
  });

  it('reuses a tombstone slot for the next vector added', () => {
    const vectors = randomVectors(20, 8, 22);
    const index = buildIndex(vectors);
    index.remove(3);
    index.add(vectors[3] as number[], 20);
    expect(index.tombstones).toBe(0);
    expect(index.size).toBe(20);
    expect(index.search(vectors[3] as number[], 1)[0]?.label).toBe(20);
  });

  it('refuses to remove a label it does not hold, or one already removed', () => {
    const index = buildIndex(randomVectors(5, 4, 23));
    expect(() => index.remove(9)).toThrow(InputError);
    index.remove(2);
    expect(() => index.remove(2)).toThrow(InputError);
  });

  it('saves tombstones; load with liveCount treats labels at or above it as deleted', async () => {
    const vectors = randomVectors(30, 8, 24);
    const index = buildIndex(vectors);
    index.remove(29);
    const file = path.join(temp.directory, 'tombstones.hnsw');
    await index.save(file);
    const live = await HnswVectorIndex.load(file, 8, PARAMETERS.efSearch, 29);
    expect(live.size).toBe(29);
    expect(live.tombstones).toBe(1);
    expect(live.search(vectors[29] as number[], 29).map((hit) => hit.label)).not.toContain(29);
    // A label at or above liveCount that was saved live (not marked deleted) is marked deleted on load.
    const plain = buildIndex(vectors);
    const plainFile = path.join(temp.directory, 'plain.hnsw');
    await plain.save(plainFile);
    const cut = await HnswVectorIndex.load(plainFile, 8, PARAMETERS.efSearch, 25);
    expect(cut.size).toBe(25);
    expect(cut.tombstones).toBe(5);
    expect(Math.max(...cut.search(vectors[27] as number[], 25).map((hit) => hit.label))).toBeLessThan(25);
  });
});
