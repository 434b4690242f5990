/**
 * The store seam (issue 14): the HNSW index behind the async, LangChain-shaped `ChunkVectorStore` returns
 * exactly the neighbours the synchronous index returns (same chunks, same order, same cosine distances) on
 * the seed fixture's index (temp copy, hashed embedder); a second store — exact cosine in memory, filled
 * from the index's stored embeddings — plugs into the hybrid retriever with no other change.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VectorStore } from '@langchain/core/vectorstores';
import { IndexMismatchError, InputError, type Chunk } from '../../src/core';
import { HybridRetriever } from '../../src/retrieve';
import {
  chunkDocument,
  ExactCosineStore,
  HnswChunkStore,
  HnswVectorIndex,
  loadStoredEmbeddings,
  type ChunkDocument,
  type LoadedIndex,
} from '../../src/vector-index';
import { openSeedAssistant, pairedEditions, type SeedAssistant } from '../app/support/seed-assistant';
import { makeChunk } from './support/fixtures';

const QUERIES = [
  'What is the total investment of the China-US innovation park in Qingdao?',
  '中美清洁能源联合研究中心第八次指导委员会会议由谁主持？',
  'Who signed the Joint Work Plan 2016-2020 at the CERC steering committee meeting?',
  '中国和拉脱维亚签署了什么科技合作协定？',
  'innovation cooperation conference declaration',
];

let seed: SeedAssistant;
let index: LoadedIndex;
let exact: ExactCosineStore;

beforeAll(async () => {
  seed = await openSeedAssistant();
  index = seed.runtime.index;
  const stored = await loadStoredEmbeddings(seed.config.indexDir, seed.runtime.embedder.embedder);
  if (stored === null) throw new Error('the seed index has no stored embeddings');
  const dimensions = index.vectorIndex.dimensions;
  const vectors = stored.keys.map((key) => Array.from(stored.vectors.get(key) ?? new Float32Array(dimensions)));
  exact = ExactCosineStore.fromChunks(index.chunks, vectors, dimensions);
});
afterAll(async () => {
  await seed.temp.remove();
});

const positionOf = (document: ChunkDocument): number => index.chunks.findIndex((chunk) => chunk.id === document.metadata.chunkId);
const embed = (query: string): Promise<number[]> => seed.runtime.embedder.embedder.embedQuery(query);

describe('the HNSW store through the async interface', () => {
  it('is a LangChain VectorStore', () => {
    expect(index.vectorStore).toBeInstanceOf(VectorStore);
    expect(index.vectorStore.size).toBe(index.chunks.length);
  });

  it.each(QUERIES)('returns the same neighbours and distances as the index: %s', async (query) => {
    const vector = await embed(query);
    for (const k of [1, 10, index.chunks.length]) {
      const before = index.vectorIndex.search(vector, k);
      const after = await index.vectorStore.similaritySearchVectorWithScore(vector, k);
      expect(after.map(([document, distance]) => ({ label: positionOf(document), distance }))).toEqual(before);
    }
  });

  it('names chunks by id with their article and text, never by position', async () => {
    const results = await index.vectorStore.similaritySearchVectorWithScore(await embed(QUERIES[0] ?? ''), 5);
    expect(results).toHaveLength(5);
    for (const [document] of results) {
      const chunk = index.chunks[positionOf(document)] as Chunk;
      expect(document.id).toBe(chunk.id);
      expect(document.pageContent).toBe(chunk.text);
      expect(document.metadata).toEqual({
        chunkId: chunk.id,
        articleId: chunk.articleId,
        chunkIndex: chunk.index,
        title: chunk.title,
        lang: chunk.lang,
        date: chunk.date,
        source: chunk.source,
        file: chunk.file,
      });
    }
  });

  it('with an article filter, returns what the unfiltered search keeps of those articles', async () => {
    const { zh, en } = pairedEditions(index.articles, 5);
    const allowed = new Set([zh.id, en.id, index.articles[0]?.id ?? '']);
    for (const query of QUERIES) {
      const vector = await embed(query);
      const before = index.vectorIndex
        .search(vector, index.chunks.length)
        .filter((hit) => allowed.has(index.chunks[hit.label]?.articleId ?? ''));
      const after = await index.vectorStore.similaritySearchVectorWithScore(vector, index.chunks.length, { articleIds: allowed });
      expect(after.map(([document, distance]) => ({ label: positionOf(document), distance }))).toEqual(before);
      const firstTwo = await index.vectorStore.similaritySearchVectorWithScore(vector, 2, { articleIds: allowed });
      expect(firstTwo.map(([document]) => positionOf(document))).toEqual(before.slice(0, 2).map((hit) => hit.label));
    }
  });

  it('rejects a vector of other dimensions, and text searches while vector-only', async () => {
    await expect(index.vectorStore.similaritySearchVectorWithScore([1, 0], 3)).rejects.toBeInstanceOf(IndexMismatchError);
    await expect(index.vectorStore.similaritySearch(QUERIES[0] ?? '', 3)).rejects.toBeInstanceOf(InputError);
  });

  it('answers text searches given the embedder, as the vector search of its query embedding', async () => {
    const query = QUERIES[0] ?? '';
    const withText = index.vectorStore.withEmbeddings(seed.runtime.embedder.embedder);
    const byText = await withText.similaritySearchWithScore(query, 4);
    const byVector = await index.vectorStore.similaritySearchVectorWithScore(await embed(query), 4);
    expect(byText.map(([document, distance]) => [document.id, distance])).toEqual(byVector.map(([document, distance]) => [document.id, distance]));
  });
});

describe('a second store (exact cosine in memory) behind the same seam', () => {
  it.each(QUERIES)('finds the HNSW store’s ten nearest chunks at the same distances: %s', async (query) => {
    const vector = await embed(query);
    const hnsw = await index.vectorStore.similaritySearchVectorWithScore(vector, 10);
    const found = await exact.similaritySearchVectorWithScore(vector, 10);
    expect(found.map(([document]) => document.id)).toEqual(hnsw.map(([document]) => document.id));
    found.forEach(([, distance], rank) => expect(distance).toBeCloseTo(hnsw[rank]?.[1] ?? Number.NaN, 5));
  });

  it('plugs into the hybrid retriever unchanged: the same articles in the same order', async () => {
    const runtime = seed.runtime.retriever;
    const swapped = new HybridRetriever({ ...index, vectorStore: exact }, seed.runtime.embedder.embedder, {
      glossary: runtime.glossary,
      ...(runtime.lexicon === undefined ? {} : { lexicon: runtime.lexicon }),
    });
    for (const query of QUERIES) {
      const expected = await runtime.search(query, { k: 10 });
      const actual = await swapped.search(query, { k: 10 });
      expect(actual.map((result) => result.article.id)).toEqual(expected.map((result) => result.article.id));
      expect(actual[0]?.chunks[0]?.chunk.id).toBe(expected[0]?.chunks[0]?.chunk.id);
    }
  });

  it('filters by article and refuses bad input like the HNSW store', async () => {
    const vector = await embed(QUERIES[0] ?? '');
    const only = index.articles[1]?.id ?? '';
    const found = await exact.similaritySearchVectorWithScore(vector, 50, { articleIds: new Set([only]) });
    expect(found.length).toBe(index.chunks.filter((chunk) => chunk.articleId === only).length);
    expect(found.every(([document]) => document.metadata.articleId === only)).toBe(true);
    await expect(exact.similaritySearchVectorWithScore(vector.slice(1), 3)).rejects.toBeInstanceOf(IndexMismatchError);
    await expect(exact.similaritySearchVectorWithScore(vector, 1.5)).rejects.toBeInstanceOf(InputError);
    expect(await exact.similaritySearchVectorWithScore(vector, 0)).toEqual([]);
  });
});

describe('LangChain write path (addVectors)', () => {
  const chunks = [
    makeChunk({ articleId: 'a#1', index: 0, text: 'first' }),
    makeChunk({ articleId: 'a#2', index: 0, text: 'second' }),
    makeChunk({ articleId: 'a#3', index: 0, text: 'third' }),
  ];
  const vectors = [
    [1, 0, 0],
    [0, 1, 0],
    [0.6, 0.8, 0],
  ];

  it.each([
    ['HNSW', () => new HnswChunkStore(HnswVectorIndex.create(3, 4, { m: 8, efConstruction: 20, efSearch: 20 }), [])],
    ['exact cosine', () => new ExactCosineStore(3)],
  ] as const)('%s: added chunks come back by id, nearest first, with cosine distances', async (_name, makeStore) => {
    const store = makeStore();
    expect(await store.addVectors(vectors, chunks.map(chunkDocument))).toEqual(chunks.map((chunk) => chunk.id));
    const found = await store.similaritySearchVectorWithScore([0, 1, 0], 3);
    expect(found.map(([document]) => document.metadata.chunkId)).toEqual([chunks[1]?.id, chunks[2]?.id, chunks[0]?.id]);
    expect(found.map(([, distance]) => distance)).toEqual([expect.closeTo(0, 6), expect.closeTo(0.2, 6), expect.closeTo(1, 6)]);
    await expect(store.addVectors([[1, 0, 0]], [])).rejects.toBeInstanceOf(InputError);
    await expect(store.addDocuments(chunks.map(chunkDocument))).rejects.toBeInstanceOf(InputError);
  });
});
