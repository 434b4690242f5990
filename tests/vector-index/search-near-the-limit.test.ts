/**
 * Search near the limit (issue 15): the BM25 postings score exactly as wink-bm25-text-search's own search
 * (same scores, same order once ties go to the lower label), with an accept filter applied before the cut
 * to k; the exact store (hnswlib's brute-force scan) returns the true nearest rows, the same top-k as an HNSW
 * graph that visits everything, and filtered searches that keep k; the store is chosen by size.
 */
import { describe, expect, it } from 'vitest';
import bm25 from 'wink-bm25-text-search';
import { loadConfig, type Chunk } from '../../src/core';
import { tokenize } from '../../src/language';
import {
  BM25_PARAMETERS,
  Bm25LexicalIndex,
  chunkDocument,
  ExactCosineStore,
  HnswVectorIndex,
  VECTOR_SEARCH_POLICY,
  loadIndex,
  vectorStoreKindFor,
  writeIndex,
  type LexicalDocument,
} from '../../src/vector-index';
import { TEST_SETTINGS, makeIndexData, useTempIndexDir } from './support/fixtures';

/** A deterministic pseudo-random sequence (a linear congruential generator), so failures reproduce. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

const WORDS = ['innovation', 'cooperation', 'quantum', 'energy', 'satellite', 'dialogue', '创新', '合作', '能源', '卫星', '量子', '对话', 'agreement', 'research'];

function documents(count: number, next: () => number): LexicalDocument[] {
  const pick = (length: number): string => Array.from({ length }, () => WORDS[Math.floor(next() * WORDS.length)]).join(' ');
  return Array.from({ length: count }, (_, label) => ({ label, title: pick(1 + Math.floor(next() * 3)), body: pick(3 + Math.floor(next() * 30)) }));
}

function chunk(position: number, articleId = `a${position}`): Chunk {
  return { id: `${articleId}:${position}`, articleId, index: 0, text: '', title: '', lang: 'en', date: null, source: null, file: 'f.txt' };
}

describe('BM25 over postings', () => {
  it('gives wink’s own scores and order (ties by ascending label) for every query', () => {
    const next = random(11);
    const docs = documents(60, next);
    const index = Bm25LexicalIndex.build(docs);
    const engine = bm25();
    engine.defineConfig({ fldWeights: { title: BM25_PARAMETERS.titleWeight, body: BM25_PARAMETERS.bodyWeight }, bm25Params: { k1: BM25_PARAMETERS.k1, b: BM25_PARAMETERS.b, k: 1 } });
    engine.definePrepTasks([(input) => (typeof input === 'string' ? tokenize(input) : [...input])]);
    for (const doc of docs) engine.addDoc({ title: tokenize(doc.title), body: tokenize(doc.body) }, doc.label);
    engine.consolidate();
    for (const query of ['quantum energy', '量子 合作 合作', 'dialogue research agreement', 'satellite', 'unknown words only']) {
      const expected = engine
        .search(query, docs.length)
        .map(([id, score]) => ({ label: Number(id), score }))
        .sort((left, right) => right.score - left.score || left.label - right.label);
      expect(index.search(query, docs.length)).toEqual(expected);
      expect(index.search(query, 3)).toEqual(expected.slice(0, 3));
    }
  });

  it('filters before cutting to k, and survives a reload', () => {
    const docs = documents(40, random(5));
    const index = Bm25LexicalIndex.build(docs);
    const even = (label: number): boolean => label % 2 === 0;
    const all = index.search('cooperation energy', docs.length);
    const filtered = index.search('cooperation energy', 4, even);
    expect(filtered).toEqual(all.filter((hit) => even(hit.label)).slice(0, 4));
    expect(filtered).toHaveLength(4);
    const reloaded = Bm25LexicalIndex.fromJSON(JSON.parse(index.serialise()));
    expect(reloaded.search('cooperation energy', 10)).toEqual(all.slice(0, 10));
  });
});

describe('the exact store', () => {
  const dimensions = 16;
  const next = random(3);
  const vectors = Array.from({ length: 300 }, () => Array.from({ length: dimensions }, () => next() - 0.5));
  const chunks = vectors.map((_, position) => chunk(position, `a${position % 30}`));
  const queries = Array.from({ length: 20 }, () => Array.from({ length: dimensions }, () => next() - 0.5));

  /** Brute force in double precision: the true nearest positions. */
  const truth = (query: readonly number[], k: number): number[] => {
    const norm = (vector: readonly number[]): number => Math.hypot(...vector);
    return vectors
      .map((vector, position) => ({ position, similarity: vector.reduce((sum, value, index) => sum + value * (query[index] as number), 0) / (norm(vector) * norm(query)) }))
      .sort((left, right) => right.similarity - left.similarity)
      .slice(0, k)
      .map((entry) => entry.position);
  };

  it('returns the true nearest rows, and the same top-k as an HNSW graph that visits every row', () => {
    const store = ExactCosineStore.fromChunks(chunks, vectors, dimensions);
    const graph = HnswVectorIndex.create(dimensions, vectors.length, { m: 16, efConstruction: 200, efSearch: vectors.length });
    vectors.forEach((vector, label) => graph.add(vector, label));
    for (const query of queries) {
      const exact = store.nearest(query, 10);
      expect(exact.map((hit) => hit.position)).toEqual(truth(query, 10));
      const hnsw = graph.search(query, 10);
      expect(hnsw.map((hit) => hit.label)).toEqual(exact.map((hit) => hit.position));
      exact.forEach((hit, rank) => expect(hit.distance).toBeCloseTo(hnsw[rank]?.distance ?? Number.NaN, 5));
    }
  });

  it('keeps k results under an article filter (what the unfiltered ranking keeps of those articles)', () => {
    const store = ExactCosineStore.fromChunks(chunks, vectors, dimensions);
    const allowed = new Set(['a3', 'a17', 'a29']);
    for (const query of queries) {
      const all = store.nearest(query, vectors.length).filter((hit) => allowed.has(chunks[hit.position]?.articleId ?? ''));
      expect(store.nearest(query, 7, { articleIds: allowed })).toEqual(all.slice(0, 7));
    }
  });

  it('finds rows added after the first search, and builds the same from a float32 matrix', async () => {
    const store = ExactCosineStore.fromChunks(chunks.slice(0, 100), vectors.slice(0, 100), dimensions);
    store.nearest(queries[0] ?? [], 5);
    await store.addVectors(vectors.slice(100), chunks.slice(100).map(chunkDocument));
    for (const query of queries) expect(store.nearest(query, 10).map((hit) => hit.position)).toEqual(truth(query, 10));
    const fromMatrix = ExactCosineStore.fromMatrix(chunks, Float32Array.from(vectors.flat()), dimensions);
    for (const query of queries) expect(fromMatrix.nearest(query, 10).map((hit) => hit.position)).toEqual(truth(query, 10));
  });
});

describe('the store is chosen by size', () => {
  const folder = useTempIndexDir();

  it('picks exact up to the policy’s crossover and HNSW above it', () => {
    const limit = VECTOR_SEARCH_POLICY.exactMaxChunks;
    expect(vectorStoreKindFor(limit)).toBe('exact');
    expect(vectorStoreKindFor(limit + 1)).toBe('hnsw');
    expect(vectorStoreKindFor(10, 5)).toBe('hnsw');
  });

  it('loads an index with the store its size calls for, and both find the same nearest chunks', async () => {
    await writeIndex(folder.indexDir, makeIndexData());
    const exact = await loadIndex(folder.indexDir, TEST_SETTINGS, { efSearch: 50 });
    const hnsw = await loadIndex(folder.indexDir, TEST_SETTINGS, { efSearch: 50, exactMaxChunks: 0 });
    expect(exact.vectorStoreKind).toBe('exact');
    expect(hnsw.vectorStoreKind).toBe('hnsw');
    const probe = Array.from({ length: TEST_SETTINGS.dimensions }, (_, position) => (position % 3) - 1);
    const ids = async (index: typeof exact): Promise<string[]> =>
      (await index.vectorStore.similaritySearchVectorWithScore(probe, exact.chunks.length)).map(([document]) => String(document.metadata.chunkId));
    expect(await ids(exact)).toEqual(await ids(hnsw));
  });

  it('keeps the configuration’s HNSW defaults equal to the measured policy', () => {
    const config = loadConfig({}, process.cwd());
    expect(config.hnsw).toEqual(VECTOR_SEARCH_POLICY.hnsw);
  });
});
