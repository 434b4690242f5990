/**
 * The retriever seam (issue 14): `NewsletterRetriever` is a LangChain `BaseRetriever` over the hybrid
 * retriever of the seed fixture (temp copy, hashed embedder), and works inside an LCEL chain whose model is
 * the loopback OpenAI-compatible server: the prompt the server receives carries the retrieved article's text,
 * and the answer (written by the server from that prompt) cites it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BaseRetriever } from '@langchain/core/retrievers';
import type { DocumentInterface } from '@langchain/core/documents';
import { StringOutputParser } from '@langchain/core/output_parsers';
import { ChatPromptTemplate } from '@langchain/core/prompts';
import { RunnablePassthrough, RunnableSequence } from '@langchain/core/runnables';
import { ChatOpenAI } from '@langchain/openai';
import { InputError } from '../../src/core';
import { NEWSLETTER_RETRIEVER_DEFAULTS, NewsletterRetriever, type NewsletterDocumentMetadata } from '../../src/retrieve';
import { openSeedAssistant, pairedEditions, type SeedAssistant } from '../app/support/seed-assistant';
import { FakeLlmServer, type RecordedLlmRequest } from '../support/fake-llm-server';

const QUESTION = 'What is the total investment of the China-US innovation park in Qingdao?';
/** Article 5 of newsletter No. 23 is the one about the Qingdao park (see hybrid-retriever.test.ts). */
const POSITION = 5;

let seed: SeedAssistant;
let server: FakeLlmServer;

beforeAll(async () => {
  seed = await openSeedAssistant();
  server = await FakeLlmServer.start();
});
afterAll(async () => {
  await server.close();
  await seed.temp.remove();
});

/** Numbered passages, as a chain would put them into a prompt: `[n] title (date)\ntext`. */
function formatDocs(documents: readonly DocumentInterface<NewsletterDocumentMetadata>[]): string {
  return documents.map((document, index) => `[${index + 1}] ${document.metadata.title} (${document.metadata.date ?? 'undated'})\n${document.pageContent}`).join('\n\n');
}

/** The server's answer: cites the first numbered passage of the prompt it received, by number and title. */
function citeFirstPassage(request: RecordedLlmRequest): string {
  const prompt = request.messages.map((message) => message.content).join('\n');
  const first = /^\[1\] (.+) \(/mu.exec(prompt);
  return first === null ? 'No sources were given.' : `The park is described in [1] (${first[1]}).`;
}

describe('NewsletterRetriever', () => {
  it('is a LangChain BaseRetriever returning one document per article, best first', async () => {
    const retriever = new NewsletterRetriever({ retriever: seed.runtime.retriever });
    expect(retriever).toBeInstanceOf(BaseRetriever);
    const documents = await retriever.invoke(QUESTION);
    const direct = await seed.runtime.retriever.search(QUESTION, { k: NEWSLETTER_RETRIEVER_DEFAULTS.k });
    expect(documents.map((document) => document.metadata.articleId)).toEqual(direct.map((result) => result.article.id));
    expect(documents.map((document) => document.metadata.rank)).toEqual(direct.map((result) => result.rank));
  });

  it('puts the best chunk in pageContent and the article in metadata', async () => {
    const { en } = pairedEditions(seed.runtime.retriever.articles, POSITION);
    const [best] = await new NewsletterRetriever({ retriever: seed.runtime.retriever, k: 3 }).invoke(QUESTION);
    const [result] = await seed.runtime.retriever.search(QUESTION, { k: 1 });
    expect(best?.metadata).toMatchObject({
      articleId: en.id,
      title: en.title,
      source: en.source,
      date: en.date,
      issue: en.issue.label,
      lang: 'en',
      file: en.file,
      pairId: en.pairId,
      rank: 1,
      score: result?.score,
      chunkIds: result?.chunks.map((matched) => matched.chunk.id),
    });
    expect(best?.metadata.chunkIds.length).toBeGreaterThan(0);
    expect(best?.pageContent).toBe(result?.chunks[0]?.chunk.text);
    expect(best?.pageContent).toContain('With a total investment of 5 billion RMB');
    expect(best?.metadata).not.toHaveProperty('label');
  });

  it("passes search options through (the asker's language puts the Chinese edition first)", async () => {
    const { zh, en } = pairedEditions(seed.runtime.retriever.articles, POSITION);
    const documents = await new NewsletterRetriever({ retriever: seed.runtime.retriever, k: 2, searchOptions: { lang: 'zh' } }).invoke(QUESTION);
    expect(documents.map((document) => document.metadata.articleId)).toEqual([zh.id, en.id]);
  });

  it('refuses an empty question and a bad k', async () => {
    const retriever = new NewsletterRetriever({ retriever: seed.runtime.retriever });
    await expect(retriever.invoke('   ')).rejects.toBeInstanceOf(InputError);
    expect(() => new NewsletterRetriever({ retriever: seed.runtime.retriever, k: 0 })).toThrow(InputError);
  });
});

describe('in a LangChain runnable chain', () => {
  it('feeds the retrieved article to the model, which cites it', async () => {
    server.respond(citeFirstPassage);
    const { en } = pairedEditions(seed.runtime.retriever.articles, POSITION);
    const retriever = new NewsletterRetriever({ retriever: seed.runtime.retriever, k: 3 });
    const prompt = ChatPromptTemplate.fromMessages([
      ['system', 'Answer from the numbered sources only and cite them as [n].\n\n{context}'],
      ['human', '{question}'],
    ]);
    const model = new ChatOpenAI({ model: 'fake-model', apiKey: 'test-key', maxRetries: 0, configuration: { baseURL: server.openAiBaseUrl } });
    const chain = RunnableSequence.from([
      { context: retriever.pipe(formatDocs), question: new RunnablePassthrough() },
      prompt,
      model,
      new StringOutputParser(),
    ]);

    const answer = await chain.invoke(QUESTION);

    const request = server.chatRequests.at(-1);
    const sent = request?.messages.map((message) => message.content).join('\n') ?? '';
    const [best] = await retriever.invoke(QUESTION);
    expect(best?.metadata.articleId).toBe(en.id);
    expect(sent).toContain(best?.pageContent);
    expect(sent).toContain(`[1] ${en.title}`);
    expect(sent).toContain(QUESTION);
    expect(answer).toBe(`The park is described in [1] (${en.title}).`);
  });
});
