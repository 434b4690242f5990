import { describe, expect, it } from 'vitest';
import { IndexCorruptError, IndexMismatchError } from '../../src/core';
import { INDEX_FORMAT_VERSION, checkManifest, parseManifest } from '../../src/vector-index';
import type { ExpectedIndexSettings, IndexManifest } from '../../src/vector-index';
import { TOKENIZER_VERSION } from '../../src/language';

const DIGEST = { bytes: 10, sha256: 'a'.repeat(64) };

function makeManifest(overrides: Partial<IndexManifest> = {}): IndexManifest {
  return {
    formatVersion: INDEX_FORMAT_VERSION,
    createdAt: '2026-11-21T13:10:40.482Z',
    embedder: { id: 'transformers:Xenova/multilingual-e5-small', dimensions: 384 },
    chunking: { size: 500, overlap: 100 },
    seedsHash: 'abc123',
    counts: { files: 5, articles: 45, chunks: 120 },
    skippedFiles: [],
    fallbackReason: null,
    hnsw: { m: 16, efConstruction: 200, efSearch: 100 },
    lexical: { tokenizerVersion: TOKENIZER_VERSION },
    sources: [{ file: 'seeds/000_test.txt', bytes: 10, sha256: 'b'.repeat(64) }],
    files: {
      'articles.json': DIGEST,
      'chunks.json': DIGEST,
      'vectors.hnsw': DIGEST,
      'lexical.json': DIGEST,
      'embeddings.f32': DIGEST,
      'embedding-keys.json': DIGEST,
    },
    ...overrides,
  };
}

const EXPECTED: ExpectedIndexSettings = {
  embedderId: 'transformers:Xenova/multilingual-e5-small',
  dimensions: 384,
  chunking: { size: 500, overlap: 100 },
  seedsHash: 'abc123',
};

function caught(action: () => void): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  return null;
}

describe('checkManifest', () => {
  it('accepts a manifest that matches the configuration', () => {
    expect(() => checkManifest(makeManifest(), EXPECTED)).not.toThrow();
  });

  it.each([
    ['embedder.id', { embedderId: 'hashed:ngram-1024' }, 'hashed:ngram-1024', EXPECTED.embedderId],
    ['embedder.dimensions', { dimensions: 1024 }, '1024', '384'],
    ['chunking.size', { chunking: { size: 800, overlap: 100 } }, '800', '500'],
    ['chunking.overlap', { chunking: { size: 500, overlap: 0 } }, '0', '100'],
    ['seedsHash', { seedsHash: 'def456' }, 'def456', 'abc123'],
  ] as const)('reports a different %s with the expected and found values', (field, change, expected, found) => {
    const error = caught(() => checkManifest(makeManifest(), { ...EXPECTED, ...change }));
    expect(error).toBeInstanceOf(IndexMismatchError);
    expect(error).toMatchObject({ code: 'INDEX_MISMATCH', field, expected, found });
  });

  it('reports another format version or tokenizer version first', () => {
    const otherFormat = makeManifest({ formatVersion: INDEX_FORMAT_VERSION + 1 });
    expect(caught(() => checkManifest(otherFormat, { ...EXPECTED, seedsHash: 'x' }))).toMatchObject({
      field: 'formatVersion',
      expected: String(INDEX_FORMAT_VERSION),
      found: String(INDEX_FORMAT_VERSION + 1),
    });
    const otherTokenizer = makeManifest({ lexical: { tokenizerVersion: TOKENIZER_VERSION + 1 } });
    expect(caught(() => checkManifest(otherTokenizer, EXPECTED))).toMatchObject({ field: 'lexical.tokenizerVersion' });
  });
});

describe('parseManifest', () => {
  it('accepts a valid manifest', () => {
    const manifest = makeManifest({
      skippedFiles: [{ file: 'seeds/x.txt', reason: 'empty' }],
      fallbackReason: 'no model',
    });
    expect(parseManifest(JSON.parse(JSON.stringify(manifest)), 'manifest.json')).toEqual(manifest);
  });

  it('refuses a value without the manifest shape as corrupt, naming the field', () => {
    const { seedsHash: _omitted, ...withoutSeedsHash } = makeManifest();
    const error = caught(() => parseManifest(withoutSeedsHash, '/index/current/manifest.json'));
    expect(error).toBeInstanceOf(IndexCorruptError);
    expect(error).toMatchObject({ path: '/index/current/manifest.json' });
    expect(String(error)).toContain('seedsHash');
    expect(() => parseManifest([], 'manifest.json')).toThrow(IndexCorruptError);
    expect(() => parseManifest(makeManifest({ createdAt: 'yesterday' }), 'manifest.json')).toThrow(IndexCorruptError);
  });

  it('refuses another format version as a mismatch, whatever its shape', () => {
    expect(caught(() => parseManifest({ formatVersion: 99 }, 'manifest.json'))).toMatchObject({
      field: 'formatVersion',
      found: '99',
    });
  });
});
