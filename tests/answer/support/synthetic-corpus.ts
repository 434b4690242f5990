/**
 * A small in-memory corpus behind a real {@link HybridRetriever} (real hnswlib graph, real BM25, hashed
 * embedder): one chunk per article, its whole body. For answer behaviour that must not depend on which
 * sentences the seeds happen to contain.
 */
import type { Article, Chunk } from '../../../src/core';
import { HashedNgramEmbedder } from '../../../src/embed';
import { HybridRetriever } from '../../../src/retrieve';
import { Bm25LexicalIndex, HnswChunkStore, HnswVectorIndex } from '../../../src/vector-index';
import { makeArticle, makeChunk } from '../../vector-index/support/fixtures';

/** An English article of file `seeds/900_synthetic.txt`; override any field. */
export function makeEnglishArticle(overrides: Partial<Article> = {}): Article {
  const position = overrides.position ?? 1;
  return makeArticle({
    id: `900_synthetic#${position}`,
    file: 'seeds/900_synthetic.txt',
    position,
    title: 'Moonbeam Institute Opens a Laboratory in Harbin',
    body: 'The Moonbeam Institute opened a quantum sensing laboratory in Harbin.',
    source: 'Science and Technology Daily',
    date: '2020-05-04',
    issue: { number: '7', date: '2020-06-01', label: 'No. 7, 2020-06-01' },
    section: 'Regional Cooperation',
    lang: 'en',
    ...overrides,
  });
}

/** A retriever over `articles`, each indexed as one chunk holding its whole body. */
export async function makeSyntheticRetriever(articles: readonly Article[]): Promise<HybridRetriever> {
  const embedder = new HashedNgramEmbedder({ dimensions: 256 });
  const chunks: Chunk[] = articles.map((article) =>
    makeChunk({
      articleId: article.id,
      index: 0,
      text: article.body,
      title: article.title,
      lang: article.lang,
      date: article.date,
      source: article.source,
      file: article.file,
    }),
  );
  const vectors = await embedder.embedDocuments(chunks.map((chunk) => `${chunk.title}\n${chunk.text}`));
  const vectorIndex = HnswVectorIndex.create(embedder.dimensions, Math.max(1, chunks.length), { m: 8, efConstruction: 50, efSearch: 50 });
  vectors.forEach((vector, label) => vectorIndex.add(vector, label));
  const lexicalIndex = Bm25LexicalIndex.build(chunks.map((chunk, label) => ({ label, title: chunk.title, body: chunk.text })));
  return new HybridRetriever({ articles, chunks, vectorStore: new HnswChunkStore(vectorIndex, chunks), lexicalIndex }, embedder);
}
