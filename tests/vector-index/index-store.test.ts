import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { beforeEach, describe, expect, it } from 'vitest';
import { IndexCorruptError, IndexMismatchError, IndexMissingError, InputError } from '../../src/core';
import {
  HnswVectorIndex,
  INDEX_FORMAT_VERSION,
  loadIndex,
  readManifest,
  writeIndex,
  type IndexDataFile,
  type IndexManifest,
  type IndexWriteStep,
  type LoadedIndex,
} from '../../src/vector-index';
import { TEST_SETTINGS, WARN_LEVEL, makeIndexData, makeRecordingLogger, useTempIndexDir } from './support/fixtures';
import { caught } from '../support/caught';

const LOAD_OPTIONS = { efSearch: 50 };

const folder = useTempIndexDir();

/** Rewrites one data file of `current/` and updates its digest in the manifest, so only deeper checks can object. */
async function replaceConsistently(file: IndexDataFile, content: Buffer | string): Promise<void> {
  const bytes = Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8');
  const directory = path.join(folder.indexDir, 'current');
  await writeFile(path.join(directory, file), bytes);
  const manifestPath = path.join(directory, 'manifest.json');
  const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as IndexManifest;
  const digest = { bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
  await writeFile(manifestPath, JSON.stringify({ ...manifest, files: { ...manifest.files, [file]: digest } }));
}

async function updateManifest(change: (manifest: IndexManifest) => IndexManifest): Promise<void> {
  const manifestPath = path.join(folder.indexDir, 'current', 'manifest.json');
  const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as IndexManifest;
  await writeFile(manifestPath, JSON.stringify(change(manifest)));
}

/** A summary that differs between two builds (different seeds hash, chunk count and vectors). */
function fingerprint(index: LoadedIndex): { seedsHash: string; chunks: number; firstHit: number | undefined } {
  const probe = Array.from({ length: TEST_SETTINGS.dimensions }, (_, position) => (position % 3) - 1);
  return {
    seedsHash: index.manifest.seedsHash,
    chunks: index.chunks.length,
    firstHit: index.vectorIndex.search(probe, 1)[0]?.label,
  };
}

describe('writeIndex then loadIndex', () => {
  it('round-trips the manifest, articles, chunks and both indexes', async () => {
    const data = makeIndexData();
    const written = await writeIndex(folder.indexDir, data);
    const loaded = await loadIndex(folder.indexDir, TEST_SETTINGS, LOAD_OPTIONS);

    expect(loaded.directory).toBe(path.join(folder.indexDir, 'current'));
    expect(loaded.manifest).toEqual(written);
    expect(loaded.manifest).toMatchObject({
      embedder: { id: TEST_SETTINGS.embedderId, dimensions: TEST_SETTINGS.dimensions },
      chunking: TEST_SETTINGS.chunking,
      seedsHash: TEST_SETTINGS.seedsHash,
      counts: { files: 5, articles: 2, chunks: 6 },
      skippedFiles: [{ file: 'seeds/broken.txt', reason: 'not UTF-8' }],
      fallbackReason: null,
      hnsw: data.hnswParameters,
    });
    expect(loaded.articles).toEqual(data.articles);
    expect(loaded.chunks).toEqual(data.chunks);
    data.vectors.forEach((vector, label) => {
      const [best] = loaded.vectorIndex.search(vector, 1);
      expect(best?.label).toBe(label);
      expect(best?.distance).toBeCloseTo(0, 5);
    });
    // Chunk 2's text says 休斯顿; its article title (chunk 0's too) does not.
    expect(loaded.lexicalIndex.search('休斯顿', 3)[0]?.label).toBe(2);
    expect(loaded.lexicalIndex.size).toBe(6);
    expect(await readdir(folder.indexDir)).toEqual(['current']);
  });

  it('keeps the replaced index as previous/', async () => {
    await writeIndex(folder.indexDir, makeIndexData({ seedsHash: 'first' }));
    await writeIndex(folder.indexDir, makeIndexData({ seedsHash: 'second' }));
    expect((await readdir(folder.indexDir)).sort()).toEqual(['current', 'previous']);
    expect((await readManifest(folder.indexDir))?.seedsHash).toBe('second');
  });

  it('writes and loads a corpus of one chunk, and of none', async () => {
    await writeIndex(folder.indexDir, makeIndexData({ chunkCount: 1 }));
    const one = await loadIndex(folder.indexDir, TEST_SETTINGS, LOAD_OPTIONS);
    expect(one.chunks).toHaveLength(1);
    expect(one.lexicalIndex.search('清洁能源', 5).map((hit) => hit.label)).toEqual([0]);

    await writeIndex(folder.indexDir, makeIndexData({ chunkCount: 0 }));
    const none = await loadIndex(folder.indexDir, TEST_SETTINGS, LOAD_OPTIONS);
    expect(none.chunks).toEqual([]);
    expect(none.vectorIndex.search(new Array<number>(TEST_SETTINGS.dimensions).fill(1), 5)).toEqual([]);
    expect(none.lexicalIndex.search('清洁能源', 5)).toEqual([]);
  });

  it('refuses inconsistent input before touching the disk', async () => {
    const data = makeIndexData();
    await expect(writeIndex(folder.indexDir, { ...data, vectors: data.vectors.slice(1) })).rejects.toThrow(InputError);
    const shortVectors = data.vectors.map((vector) => vector.slice(1));
    await expect(writeIndex(folder.indexDir, { ...data, vectors: shortVectors })).rejects.toThrow(IndexMismatchError);
    await expect(writeIndex(folder.indexDir, { ...data, articles: data.articles.slice(1) })).rejects.toThrow(InputError);
    expect(await readManifest(folder.indexDir)).toBeNull();
  });
});

describe('readManifest', () => {
  it('returns null when there is no index, the manifest when there is one', async () => {
    expect(await readManifest(folder.indexDir)).toBeNull();
    await mkdir(folder.indexDir);
    await writeFile(path.join(folder.indexDir, 'README.md'), '# index/\n');
    expect(await readManifest(folder.indexDir)).toBeNull();
    await writeIndex(folder.indexDir, makeIndexData());
    expect(await readManifest(folder.indexDir)).toMatchObject({ seedsHash: TEST_SETTINGS.seedsHash, counts: { chunks: 6 } });
  });
});

describe('loadIndex: missing index', () => {
  it('throws IndexMissingError for a directory that does not exist or holds no index', async () => {
    const error = await caught(loadIndex(folder.indexDir, TEST_SETTINGS, LOAD_OPTIONS));
    expect(error).toBeInstanceOf(IndexMissingError);
    expect(error).toMatchObject({ code: 'INDEX_MISSING', directory: folder.indexDir });
    await mkdir(folder.indexDir);
    await expect(loadIndex(folder.indexDir, TEST_SETTINGS, LOAD_OPTIONS)).rejects.toThrow(IndexMissingError);
  });
});

describe('loadIndex: manifest mismatch', () => {
  it.each([
    ['embedder.id', { embedderId: 'transformers:Xenova/bge-m3' }, 'transformers:Xenova/bge-m3', 'hashed:test'],
    ['embedder.dimensions', { dimensions: 384 }, '384', '16'],
    ['chunking.size', { chunking: { size: 800, overlap: 100 } }, '800', '500'],
    ['seedsHash', { seedsHash: 'seeds-hash-b' }, 'seeds-hash-b', 'seeds-hash-a'],
  ] as const)('throws IndexMismatchError on a different %s', async (field, change, expected, found) => {
    await writeIndex(folder.indexDir, makeIndexData());
    const error = await caught(loadIndex(folder.indexDir, { ...TEST_SETTINGS, ...change }, LOAD_OPTIONS));
    expect(error).toBeInstanceOf(IndexMismatchError);
    expect(error).toMatchObject({ field, expected, found });
  });

  it('throws IndexMismatchError on another format version', async () => {
    await writeIndex(folder.indexDir, makeIndexData());
    await updateManifest((manifest) => ({ ...manifest, formatVersion: INDEX_FORMAT_VERSION + 1 }));
    expect(await caught(loadIndex(folder.indexDir, TEST_SETTINGS, LOAD_OPTIONS))).toMatchObject({
      field: 'formatVersion',
      found: String(INDEX_FORMAT_VERSION + 1),
    });
  });
});

describe('loadIndex: an index of the format before `Article.link`', () => {
  /** `articles.json` as format 3 wrote it: the same records without `link`. */
  async function withoutLinks(): Promise<void> {
    const articles = JSON.parse(await readFile(path.join(folder.indexDir, 'current', 'articles.json'), 'utf8')) as Record<string, unknown>[];
    expect(articles.length).toBeGreaterThan(0);
    expect(articles.every((article) => 'link' in article)).toBe(true);
    await replaceConsistently('articles.json', JSON.stringify(articles.map(({ link: _link, ...article }) => article)));
  }

  it('is refused as a format mismatch (so it is rebuilt) before its articles are read', async () => {
    await writeIndex(folder.indexDir, makeIndexData());
    await withoutLinks();
    await updateManifest((manifest) => ({ ...manifest, formatVersion: 3 }));
    const error = await caught(loadIndex(folder.indexDir, TEST_SETTINGS, LOAD_OPTIONS));
    expect(error).toBeInstanceOf(IndexMismatchError);
    expect(error).toMatchObject({ code: 'INDEX_MISMATCH', field: 'formatVersion', expected: String(INDEX_FORMAT_VERSION), found: '3' });
  });

  it('with a current manifest, is refused as corrupt, not crashed on', async () => {
    await writeIndex(folder.indexDir, makeIndexData());
    await withoutLinks();
    const error = await caught(loadIndex(folder.indexDir, TEST_SETTINGS, LOAD_OPTIONS));
    expect(error).toBeInstanceOf(IndexCorruptError);
    expect((error as Error).message).toMatch(/link/u);
  });
});

describe('loadIndex: corrupt files', () => {
  beforeEach(async () => {
    await writeIndex(folder.indexDir, makeIndexData());
  });

  async function expectCorrupt(file: string, reason: RegExp): Promise<void> {
    const error = await caught(loadIndex(folder.indexDir, TEST_SETTINGS, LOAD_OPTIONS));
    expect(error).toBeInstanceOf(IndexCorruptError);
    expect(error).toMatchObject({ code: 'INDEX_CORRUPT', path: path.join(folder.indexDir, 'current', file) });
    expect((error as Error).message).toMatch(reason);
  }

  it.each(['vectors.hnsw', 'chunks.json', 'articles.json', 'lexical.json'] as const)(
    'refuses a truncated %s',
    async (file) => {
      const filePath = path.join(folder.indexDir, 'current', file);
      const bytes = await readFile(filePath);
      await writeFile(filePath, bytes.subarray(0, Math.floor(bytes.length / 2)));
      await expectCorrupt(file, /truncated/);
    },
  );

  it('refuses a missing data file', async () => {
    await rm(path.join(folder.indexDir, 'current', 'lexical.json'));
    await expectCorrupt('lexical.json', /missing/);
  });

  it('refuses a changed byte (same size)', async () => {
    const filePath = path.join(folder.indexDir, 'current', 'chunks.json');
    const text = await readFile(filePath, 'utf8');
    await writeFile(filePath, text.replace('休斯顿', '休斯敦'));
    await expectCorrupt('chunks.json', /SHA-256/);
  });

  // The HNSW graph is checked streaming (hnswlib reads it itself), not from a buffer: its own case.
  it('refuses a changed byte (same size) in the HNSW graph', async () => {
    const filePath = path.join(folder.indexDir, 'current', 'vectors.hnsw');
    const bytes = await readFile(filePath);
    const at = bytes.length - 3;
    bytes[at] = (bytes[at] as number) ^ 0xff;
    await writeFile(filePath, bytes);
    await expectCorrupt('vectors.hnsw', /SHA-256/);
  });

  it('refuses a missing or unparsable manifest', async () => {
    const manifestPath = path.join(folder.indexDir, 'current', 'manifest.json');
    await writeFile(manifestPath, '{"formatVersion": 1, "embedder": ');
    await expectCorrupt('manifest.json', /not valid JSON/);
    await rm(manifestPath);
    await expectCorrupt('manifest.json', /cannot be read/);
  });

  it('refuses chunks.json holding fewer chunks than the manifest counts', async () => {
    const chunks = JSON.parse(await readFile(path.join(folder.indexDir, 'current', 'chunks.json'), 'utf8')) as unknown[];
    await replaceConsistently('chunks.json', JSON.stringify(chunks.slice(1)));
    await expectCorrupt('chunks.json', /holds 5 chunks, expected 6/);
  });

  it('refuses a chunk record of the wrong shape, or naming an unknown article', async () => {
    const chunks = JSON.parse(await readFile(path.join(folder.indexDir, 'current', 'chunks.json'), 'utf8')) as object[];
    await replaceConsistently('chunks.json', JSON.stringify([{ ...chunks[0], lang: 'fr' }, ...chunks.slice(1)]));
    await expectCorrupt('chunks.json', /record 0 is invalid: lang/);
    const orphan = { ...chunks[0], articleId: 'nowhere#1' };
    await replaceConsistently('chunks.json', JSON.stringify([orphan, ...chunks.slice(1)]));
    await expectCorrupt('chunks.json', /unknown article nowhere#1/);
  });

  it('refuses a vectors.hnsw holding another number of vectors than chunks', async () => {
    const other = HnswVectorIndex.create(TEST_SETTINGS.dimensions, 5, { m: 8, efConstruction: 100, efSearch: 50 });
    makeIndexData({ chunkCount: 5 }).vectors.forEach((vector, label) => other.add(vector, label));
    const otherPath = path.join(folder.directory, 'other.hnsw');
    await other.save(otherPath);
    await replaceConsistently('vectors.hnsw', await readFile(otherPath));
    await expectCorrupt('vectors.hnsw', /holds 5 vectors, expected 6/);
  });

  it('refuses a vectors.hnsw of other dimensions', async () => {
    const other = HnswVectorIndex.create(8, 6, { m: 8, efConstruction: 100, efSearch: 50 });
    makeIndexData({ chunkCount: 6, dimensions: 8 }).vectors.forEach((vector, label) => other.add(vector, label));
    const otherPath = path.join(folder.directory, 'other.hnsw');
    await other.save(otherPath);
    await replaceConsistently('vectors.hnsw', await readFile(otherPath));
    await expectCorrupt('vectors.hnsw', /8-dimensional/);
  });

  it('refuses a lexical.json holding another number of documents than chunks', async () => {
    const smallerDir = path.join(folder.directory, 'smaller');
    await writeIndex(smallerDir, makeIndexData({ chunkCount: 4 }));
    await replaceConsistently('lexical.json', await readFile(path.join(smallerDir, 'current', 'lexical.json')));
    await expectCorrupt('lexical.json', /holds 4 lexical documents, expected 6/);
  });

  it('refuses a manifest whose counts disagree with its files', async () => {
    await updateManifest((manifest) => ({ ...manifest, counts: { ...manifest.counts, articles: 3 } }));
    await expectCorrupt('articles.json', /holds 2 articles, expected 3/);
  });
});

describe('crash safety', () => {
  const FIRST = 'seeds-hash-a';
  const SECOND = 'seeds-hash-b';

  async function loadFingerprint(seedsHash: string): Promise<ReturnType<typeof fingerprint>> {
    return fingerprint(await loadIndex(folder.indexDir, { ...TEST_SETTINGS, seedsHash }, LOAD_OPTIONS));
  }

  it.each([
    'articles.json',
    'chunks.json',
    'vectors.hnsw',
    'lexical.json',
    'manifest.json',
    'previous-removed',
    'current-retired',
  ] as const satisfies readonly IndexWriteStep[])(
    'a build failing after step %s leaves the previous index loadable and unchanged',
    async (failingStep) => {
      await writeIndex(folder.indexDir, makeIndexData({ seedsHash: FIRST }));
      const before = await loadFingerprint(FIRST);
      const failure = new Error(`injected failure after ${failingStep}`);
      const build = writeIndex(folder.indexDir, makeIndexData({ chunkCount: 9, seed: 99, seedsHash: SECOND }), {
        afterStep: (step) => {
          if (step === failingStep) throw failure;
        },
      });
      await expect(build).rejects.toBe(failure);
      expect(await loadFingerprint(FIRST)).toEqual(before);
      expect((await readdir(folder.indexDir)).filter((entry) => entry.startsWith('.build-'))).toEqual([]);
    },
  );

  it('a build failing after the new index is installed leaves the new index', async () => {
    await writeIndex(folder.indexDir, makeIndexData({ seedsHash: FIRST }));
    const build = writeIndex(folder.indexDir, makeIndexData({ chunkCount: 9, seed: 99, seedsHash: SECOND }), {
      afterStep: (step) => {
        if (step === 'current-installed') throw new Error('injected');
      },
    });
    await expect(build).rejects.toThrow('injected');
    expect((await loadFingerprint(SECOND)).chunks).toBe(9);
  });

  it('loads previous/ with a warning when current/ is missing (crash between the two renames)', async () => {
    await writeIndex(folder.indexDir, makeIndexData({ seedsHash: FIRST }));
    const before = await loadFingerprint(FIRST);
    await rename(path.join(folder.indexDir, 'current'), path.join(folder.indexDir, 'previous'));
    const { logger, records } = makeRecordingLogger();

    const loaded = await loadIndex(folder.indexDir, { ...TEST_SETTINGS, seedsHash: FIRST }, { ...LOAD_OPTIONS, logger });
    expect(loaded.directory).toBe(path.join(folder.indexDir, 'previous'));
    expect(fingerprint(loaded)).toEqual(before);
    expect(records.filter((record) => record.level === WARN_LEVEL).map((record) => record.msg)).toEqual([
      expect.stringContaining('current/ is missing'),
    ]);

    // The next build must not delete previous/ before the new index is in place.
    await writeIndex(folder.indexDir, makeIndexData({ chunkCount: 9, seed: 99, seedsHash: SECOND }));
    expect((await loadFingerprint(SECOND)).chunks).toBe(9);
    expect((await readdir(folder.indexDir)).sort()).toEqual(['current', 'previous']);
  });

  it('ignores a half-written build directory, and the next build removes it', async () => {
    await writeIndex(folder.indexDir, makeIndexData({ seedsHash: FIRST }));
    const before = await loadFingerprint(FIRST);
    const stale = path.join(folder.indexDir, '.build-4194305-1700000000000');
    await mkdir(stale);
    await writeFile(path.join(stale, 'articles.json'), '[{"id": "000_test#1", "ti');
    expect(await loadFingerprint(FIRST)).toEqual(before);

    const { logger, records } = makeRecordingLogger();
    await writeIndex(folder.indexDir, makeIndexData({ chunkCount: 9, seed: 99, seedsHash: SECOND }), { logger });
    expect((await readdir(folder.indexDir)).sort()).toEqual(['current', 'previous']);
    expect(records.some((record) => record.directory === stale)).toBe(true);
  });

  describe('a writer process killed with SIGKILL', () => {
    const execFileAsync = promisify(execFile);
    const crashWriter = fileURLToPath(new URL('./support/crash-writer.ts', import.meta.url));

    async function killWriterAfter(step: IndexWriteStep): Promise<void> {
      const error = await caught(
        execFileAsync(process.execPath, ['--import', 'tsx', crashWriter, folder.indexDir, step, SECOND], {
          cwd: path.resolve(path.dirname(crashWriter), '../../..'),
        }),
      );
      expect(error).toMatchObject({ signal: 'SIGKILL' });
    }

    it.each(['lexical.json', 'current-retired'] as const)(
      'after %s leaves the previous index loadable and unchanged',
      async (step) => {
        await writeIndex(folder.indexDir, makeIndexData({ seedsHash: FIRST }));
        const before = await loadFingerprint(FIRST);
        await killWriterAfter(step);
        expect(await loadFingerprint(FIRST)).toEqual(before);
        // The next build recovers: it removes the leftovers and installs a new index.
        await writeIndex(folder.indexDir, makeIndexData({ chunkCount: 9, seed: 99, seedsHash: SECOND }));
        expect((await loadFingerprint(SECOND)).chunks).toBe(9);
        expect((await readdir(folder.indexDir)).filter((entry) => entry.startsWith('.build-'))).toEqual([]);
      },
    );

    it('after current-installed leaves the new index', async () => {
      await writeIndex(folder.indexDir, makeIndexData({ seedsHash: FIRST }));
      await killWriterAfter('current-installed');
      expect((await loadFingerprint(SECOND)).chunks).toBe(9);
    });
  });
});
