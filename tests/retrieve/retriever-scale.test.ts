/**
 * The hybrid retriever at scale (issue 5): inverse document frequencies counted over a bounded sample of
 * articles (exact up to IDF_SAMPLE_ARTICLES), coverage texts prepared only for reranked articles, and the
 * glossary-translated BM25 list cut to the candidate pool instead of keeping every hit.
 */
import { describe, expect, it } from 'vitest';
import type { Article, Chunk } from '../../src/core';
import type { Embedder } from '../../src/embed';
import { HybridRetriever, IDF_SAMPLE_ARTICLES } from '../../src/retrieve';
import { Bm25LexicalIndex, type ChunkDocument, type ChunkVectorStore } from '../../src/vector-index';
import { makeArticle, makeChunk, seededRandom } from '../vector-index/support/fixtures';
import { Glossary } from '../../src/language';

/** An embedder whose vectors carry nothing: these tests are about the lexical side and the reranker. */
class ConstantEmbedder implements Embedder {
  readonly id = 'constant';
  readonly dimensions = 2;
  readonly crossLingual = false;
  readonly queries: string[] = [];
  async embedDocuments(documents: readonly string[]): Promise<number[][]> {
    return documents.map(() => [1, 0]);
  }
  async embedQuery(query: string): Promise<number[]> {
    this.queries.push(query);
    return [1, 0];
  }
}

/** A vector store that finds nothing and records the k it was asked for. */
class EmptyVectorStore implements ChunkVectorStore {
  readonly requestedK: number[] = [];
  async similaritySearchVectorWithScore(_query: number[], k: number): Promise<[ChunkDocument, number][]> {
    this.requestedK.push(k);
    return [];
  }
}

interface Corpus {
  readonly articles: Article[];
  readonly chunks: Chunk[];
  /** How many times each article's body was read (coverage texts read it; nothing else in search does). */
  readonly bodyReads: number[];
}

/** `count` English articles of one chunk each; `body(index)` gives each article's text. */
function makeCorpus(count: number, body: (index: number) => string, overrides: (index: number) => Partial<Article> = () => ({})): Corpus {
  const bodyReads = new Array<number>(count).fill(0);
  const articles: Article[] = [];
  const chunks: Chunk[] = [];
  for (let index = 0; index < count; index += 1) {
    const text = body(index);
    const article = makeArticle({ id: `scale#${index}`, position: index + 1, title: `Item ${index}`, body: text, lang: 'en', ...overrides(index) });
    // A getter that counts reads, on an otherwise plain article.
    const counted = { ...article };
    Object.defineProperty(counted, 'body', {
      enumerable: true,
      get: () => {
        bodyReads[index] = (bodyReads[index] ?? 0) + 1;
        return text;
      },
    });
    articles.push(counted);
    chunks.push(makeChunk({ articleId: article.id, index: 0, text, title: article.title, lang: article.lang }));
  }
  return { articles, chunks, bodyReads };
}

function makeRetriever(corpus: Corpus, glossary: Glossary = Glossary.empty()): { retriever: HybridRetriever; vectorStore: EmptyVectorStore } {
  const vectorStore = new EmptyVectorStore();
  const lexicalIndex = Bm25LexicalIndex.build(corpus.chunks.map((chunk, label) => ({ label, title: chunk.title, body: chunk.text })));
  const retriever = new HybridRetriever({ articles: corpus.articles, chunks: corpus.chunks, vectorStore, lexicalIndex }, new ConstantEmbedder(), { glossary });
  return { retriever, vectorStore };
}

const idf = (articles: number, documentFrequency: number): number => Math.log(1 + articles / (1 + documentFrequency));

describe('IDF-weighted coverage', () => {
  it(`is exact up to ${IDF_SAMPLE_ARTICLES} articles`, async () => {
    // "zeolite" in 10 of 100 articles, "membrane" in 50; article 0 has only zeolite.
    const corpus = makeCorpus(100, (index) => [index < 10 ? 'zeolite' : '', index >= 50 ? 'membrane' : '', 'report filler text'].join(' '));
    const { retriever } = makeRetriever(corpus);
    const results = await retriever.search('zeolite membrane', { k: 100 });
    const onlyZeolite = results.find((result) => result.article.id === 'scale#0');
    expect(onlyZeolite?.weightedCoverage).toBeCloseTo(idf(100, 10) / (idf(100, 10) + idf(100, 50)), 10);
  });

  it('is estimated from a sample above that, close to the exact value', async () => {
    const random = seededRandom(11);
    const hasZeolite = Array.from({ length: 2000 }, () => random() < 0.05);
    hasZeolite[0] = true;
    const corpus = makeCorpus(2000, (index) => [hasZeolite[index] === true ? 'zeolite' : '', index % 2 === 1 ? 'membrane' : '', 'report filler'].join(' '));
    const { retriever } = makeRetriever(corpus);
    // Restricted to article 0 (IDF is still counted over the whole index).
    const results = await retriever.search('zeolite membrane', { k: 1, articleIds: new Set(['scale#0']) });
    const zeoliteCount = hasZeolite.filter(Boolean).length;
    const exact = idf(2000, zeoliteCount) / (idf(2000, zeoliteCount) + idf(2000, 1000));
    const onlyZeolite = results.find((result) => result.article.id === 'scale#0');
    expect(onlyZeolite?.weightedCoverage).toBeGreaterThan(exact - 0.05);
    expect(onlyZeolite?.weightedCoverage).toBeLessThan(exact + 0.05);
  });

  it('prepares the coverage texts of the sample and the reranked articles only, not of every article', async () => {
    const corpus = makeCorpus(3000, (index) => `zeolite membrane number ${index} filler text`);
    const { retriever } = makeRetriever(corpus);
    await retriever.search('zeolite membrane', { k: 5 });
    const prepared = corpus.bodyReads.filter((reads) => reads > 0).length;
    expect(prepared).toBeGreaterThan(0);
    expect(prepared).toBeLessThanOrEqual(IDF_SAMPLE_ARTICLES + 2 * 20 + 5);
  });
});

describe('the glossary-translated lexical list', () => {
  it('keeps at most the candidate pool of other-language-only hits, not every hit', async () => {
    // 400 Chinese-only articles name 沸石膜; an English question names "zeolite membrane".
    const corpus = makeCorpus(400, (index) => `沸石膜 第${index}号 研究进展`, () => ({ lang: 'zh' }));
    const glossary = Glossary.parse('zeolite membrane\t沸石膜\n', 'test glossary');
    const { retriever } = makeRetriever(corpus, glossary);
    const results = await retriever.search('What about the zeolite membrane?', { k: 400, lang: 'en' });
    expect(results.length).toBeGreaterThan(0);
    expect(results.length).toBeLessThanOrEqual(50);
  });
});
