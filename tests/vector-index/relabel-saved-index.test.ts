/**
 * Issue 5 at scale: an incremental update reuses the previous HNSW graph by renumbering the labels in its
 * saved file (old chunk position → new position) and inserting only the new vectors. Real hnswlib.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IndexCorruptError } from '../../src/core';
import { HnswVectorIndex } from '../../src/vector-index';
import { relabelSavedIndex } from '../../src/vector-index/hnsw-vector-index';
import { makeTempDir, randomVectors } from './support/fixtures';

const PARAMETERS = { m: 16, efConstruction: 200, efSearch: 100 };
const DIMENSIONS = 8;

let temp: { directory: string; remove: () => Promise<void> };
beforeEach(async () => {
  temp = await makeTempDir();
});
afterEach(async () => {
  await temp.remove();
});

async function savedIndex(vectors: readonly number[][]): Promise<Buffer> {
  const index = HnswVectorIndex.create(DIMENSIONS, vectors.length, PARAMETERS);
  vectors.forEach((vector, label) => index.add(vector, label));
  const file = path.join(temp.directory, 'saved.hnsw');
  await index.save(file);
  return readFile(file);
}

describe('relabelSavedIndex', () => {
  it('moves every vector to its new label; vectors added afterwards take the free labels', async () => {
    const vectors = randomVectors(40, DIMENSIONS, 7);
    // Old label l becomes 2·l: the odd labels are the "new chunks" inserted between the kept ones.
    const relabelled = relabelSavedIndex(await savedIndex(vectors), vectors.map((_, label) => 2 * label), 'saved.hnsw');
    const file = path.join(temp.directory, 'relabelled.hnsw');
    await writeFile(file, relabelled);
    const index = await HnswVectorIndex.load(file, DIMENSIONS, PARAMETERS.efSearch);
    expect(index.labels()).toEqual(vectors.map((_, label) => 2 * label));
    vectors.forEach((vector, label) => expect(index.search(vector, 1)[0]?.label).toBe(2 * label));

    const added = randomVectors(40, DIMENSIONS, 8);
    index.reserve(80);
    added.forEach((vector, position) => index.add(vector, 2 * position + 1));
    expect(index.size).toBe(80);
    added.forEach((vector, position) => expect(index.search(vector, 1)[0]?.label).toBe(2 * position + 1));
  });

  it('rejects a label without a new one, and a file cut inside its header or level-0 records, as corrupt', async () => {
    const bytes = await savedIndex(randomVectors(4, DIMENSIONS, 9));
    expect(() => relabelSavedIndex(bytes, [0, 1, 2], 'saved.hnsw')).toThrow(IndexCorruptError);
    expect(() => relabelSavedIndex(bytes.subarray(0, 200), [0, 1, 2, 3], 'saved.hnsw')).toThrow(IndexCorruptError);
    expect(() => relabelSavedIndex(bytes.subarray(0, 20), [0, 1, 2, 3], 'saved.hnsw')).toThrow(IndexCorruptError);
  });

  it('takes a function called once per element, so deleted marks travel with the relabelled elements', async () => {
    const vectors = randomVectors(12, DIMENSIONS, 10);
    const index = HnswVectorIndex.create(DIMENSIONS, 12, PARAMETERS);
    vectors.forEach((vector, label) => index.add(vector, label));
    index.remove(0);
    const source = path.join(temp.directory, 'with-tombstone.hnsw');
    await index.save(source);
    const calls: number[] = [];
    // Reverse the live labels 1…11 onto 0…10; the removed element 0 becomes tombstone label 11.
    const relabelled = relabelSavedIndex(await readFile(source), (label) => {
      calls.push(label);
      return label === 0 ? 11 : 11 - label;
    }, 'saved.hnsw');
    expect([...calls].sort((left, right) => left - right)).toEqual(vectors.map((_, label) => label));
    const file = path.join(temp.directory, 'relabelled-function.hnsw');
    await writeFile(file, relabelled);
    const loaded = await HnswVectorIndex.load(file, DIMENSIONS, PARAMETERS.efSearch, 11);
    expect(loaded.size).toBe(11);
    expect(loaded.tombstones).toBe(1);
    for (let label = 1; label < 12; label += 1) expect(loaded.search(vectors[label] as number[], 1)[0]?.label).toBe(11 - label);
  });
});
