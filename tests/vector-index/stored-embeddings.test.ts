/**
 * The stored embeddings (`embeddings.f32`, `embedding-keys.json`) and per-file seed digests (`sources`)
 * that incremental updates reuse (issue 5): round trip as float32, checked against the manifest, never
 * reused across embedders, and not needed by the answer path's `loadIndex`.
 */
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { IndexCorruptError, InputError } from '../../src/core';
import { loadIndex, loadStoredEmbeddings, readManifest, writeIndex } from '../../src/vector-index';
import { caught } from '../support/caught';
import { TEST_SETTINGS, makeIndexData, useTempIndexDir } from './support/fixtures';

const EMBEDDER = { id: TEST_SETTINGS.embedderId, dimensions: TEST_SETTINGS.dimensions };

const folder = useTempIndexDir();

function keyed(chunkCount: number): ReturnType<typeof makeIndexData> {
  const data = makeIndexData({ chunkCount });
  return { ...data, embeddingKeys: data.chunks.map((chunk) => `key-of-${chunk.id}`) };
}

describe('loadStoredEmbeddings', () => {
  it('returns each chunk embedding under its key, rounded to float32, with the manifest and its sources', async () => {
    const data = keyed(6);
    const sources = [{ file: 'seeds/000_test.txt', bytes: 12, sha256: 'c'.repeat(64) }];
    await writeIndex(folder.indexDir, { ...data, manifest: { ...data.manifest, sources } });
    const stored = await loadStoredEmbeddings(folder.indexDir, EMBEDDER);
    expect(stored?.directory).toBe(path.join(folder.indexDir, 'current'));
    expect(stored?.manifest.sources).toEqual(sources);
    expect([...(stored?.vectors.keys() ?? [])]).toEqual(data.embeddingKeys);
    data.chunks.forEach((chunk, position) => {
      expect(stored?.vectors.get(`key-of-${chunk.id}`)).toEqual(Float32Array.from(data.vectors[position] ?? []));
    });
  });

  it('leaves out empty keys (an index written without keys has nothing to reuse)', async () => {
    await writeIndex(folder.indexDir, makeIndexData());
    expect((await loadStoredEmbeddings(folder.indexDir, EMBEDDER))?.vectors.size).toBe(0);
  });

  it('returns null without an index, or for another embedder id or dimensions', async () => {
    expect(await loadStoredEmbeddings(folder.indexDir, EMBEDDER)).toBeNull();
    await writeIndex(folder.indexDir, keyed(4));
    expect(await loadStoredEmbeddings(folder.indexDir, { ...EMBEDDER, id: 'hashed:other' })).toBeNull();
    expect(await loadStoredEmbeddings(folder.indexDir, { ...EMBEDDER, dimensions: 32 })).toBeNull();
  });

  it('refuses an altered or missing embeddings file with IndexCorruptError', async () => {
    await writeIndex(folder.indexDir, keyed(4));
    const file = path.join(folder.indexDir, 'current', 'embeddings.f32');
    const bytes = await readFile(file);
    bytes[5] = (bytes[5] ?? 0) ^ 0xff;
    await writeFile(file, bytes);
    expect(await caught(loadStoredEmbeddings(folder.indexDir, EMBEDDER))).toBeInstanceOf(IndexCorruptError);
    await rm(path.join(folder.indexDir, 'current', 'embedding-keys.json'));
    expect(await caught(loadStoredEmbeddings(folder.indexDir, EMBEDDER))).toMatchObject({ code: 'INDEX_CORRUPT' });
  });
});

describe('writeIndex with embedding keys', () => {
  it('refuses a key count other than the chunk count before touching the disk', async () => {
    const data = keyed(4);
    const error = await caught(writeIndex(folder.indexDir, { ...data, embeddingKeys: data.embeddingKeys?.slice(1) ?? [] }));
    expect(error).toBeInstanceOf(InputError);
    expect(await readManifest(folder.indexDir)).toBeNull();
  });

  it('records the embedding files in the manifest; loadIndex needs them only for the exact store (a small index)', async () => {
    await writeIndex(folder.indexDir, keyed(4));
    const manifest = await readManifest(folder.indexDir);
    expect(manifest?.files['embeddings.f32'].bytes).toBe(4 * TEST_SETTINGS.dimensions * 4);
    await rm(path.join(folder.indexDir, 'current', 'embeddings.f32'));
    expect((await loadIndex(folder.indexDir, TEST_SETTINGS, { efSearch: 50, exactMaxChunks: 0 })).chunks).toHaveLength(4);
    await expect(loadIndex(folder.indexDir, TEST_SETTINGS, { efSearch: 50 })).rejects.toMatchObject({ code: 'INDEX_CORRUPT' });
  });
});
