/**
 * The hybrid retriever as a LangChain `BaseRetriever` (`@langchain/core/retrievers`): a Runnable from a
 * question to `Document`s, so it plugs into LCEL chains (`retriever.pipe(formatDocs)`,
 * `RunnableSequence.from([{ context: retriever.pipe(…), question: new RunnablePassthrough() }, prompt, model])`)
 * and anything else that takes a LangChain retriever. One document per retrieved article, best first.
 */
import { BaseRetriever, type BaseRetrieverInput } from '@langchain/core/retrievers';
import type { CallbackManagerForRetrieverRun } from '@langchain/core/callbacks/manager';
import { Document } from '@langchain/core/documents';
import { InputError, type Language } from '../core';
import type { HybridRetriever, RetrievedArticle, SearchOptions } from './hybrid-retriever';

/** Defaults of {@link NewsletterRetriever}. */
export const NEWSLETTER_RETRIEVER_DEFAULTS = Object.freeze({
  /**
   * Articles returned per question: 4, the default `k` of LangChain's own `VectorStoreRetriever`, so the
   * retriever drops into a chain sized for LangChain's defaults (a prompt holds 4 passages).
   */
  k: 4,
});

/** What each document's `metadata` says about its article (JSON-serialisable: no sets, no dates). */
export interface NewsletterDocumentMetadata {
  readonly articleId: string;
  readonly title: string;
  /** Source outlet as printed, or null. */
  readonly source: string | null;
  /** ISO `YYYY-MM-DD`, or null when undated. */
  readonly date: string | null;
  /** The issue's label (e.g. `No. 23, 2016-12-15`), or null when the file states none. */
  readonly issue: string | null;
  readonly lang: Language;
  /** The seed file, relative to the seeds folder. */
  readonly file: string;
  /** Id of the other-language edition, or null. */
  readonly pairId: string | null;
  /** The retriever's reranked score, higher is better; comparable only within one query. */
  readonly score: number;
  /** 1-based rank within this query's results. */
  readonly rank: number;
  /** Ids of the article's matching chunks, best first (`pageContent` is the first one's text); empty when the article is listed only as the paired edition. */
  readonly chunkIds: readonly string[];
}

/** Options of {@link NewsletterRetriever}. */
export interface NewsletterRetrieverInput extends BaseRetrieverInput {
  /** The hybrid retriever over a loaded index (e.g. `AssistantRuntime.retriever`). */
  readonly retriever: HybridRetriever;
  /** Articles per question; default {@link NEWSLETTER_RETRIEVER_DEFAULTS}.k. */
  readonly k?: number;
  /** Other search options (language, article restriction, period, alternative queries) for every call. */
  readonly searchOptions?: Omit<SearchOptions, 'k'>;
}

/** The newsletter's hybrid retriever behind LangChain's retriever interface. */
export class NewsletterRetriever extends BaseRetriever<NewsletterDocumentMetadata> {
  override lc_namespace = ['newsletter_assistant', 'retrievers'];
  private readonly retriever: HybridRetriever;
  private readonly k: number;
  private readonly searchOptions: Omit<SearchOptions, 'k'>;

  static override lc_name(): string {
    return 'NewsletterRetriever';
  }

  /** @throws {InputError} when `k` is not a positive integer. */
  constructor(fields: NewsletterRetrieverInput) {
    super(fields);
    const k = fields.k ?? NEWSLETTER_RETRIEVER_DEFAULTS.k;
    if (!Number.isInteger(k) || k <= 0) throw new InputError(`NewsletterRetriever k must be a positive integer, found ${k}.`);
    this.retriever = fields.retriever;
    this.k = k;
    this.searchOptions = fields.searchOptions ?? {};
  }

  /**
   * Searches `query` with the hybrid retriever (see `HybridRetriever.search`).
   * @returns up to `k` documents, best first: `pageContent` = the article's best-matching chunk text (its
   *          body when it is listed only as the paired edition), `metadata` = {@link NewsletterDocumentMetadata}.
   *          Empty for a query of only stopwords or punctuation.
   * @throws {InputError} when the query is empty.
   */
  override async _getRelevantDocuments(query: string, _runManager?: CallbackManagerForRetrieverRun): Promise<Document<NewsletterDocumentMetadata>[]> {
    const results = await this.retriever.search(query, { ...this.searchOptions, k: this.k });
    return results.map(articleDocument);
  }
}

/** The LangChain document of one retrieved article. */
export function articleDocument(result: RetrievedArticle): Document<NewsletterDocumentMetadata> {
  const { article } = result;
  const metadata: NewsletterDocumentMetadata = {
    articleId: article.id,
    title: article.title,
    source: article.source,
    date: article.date,
    issue: article.issue.label,
    lang: article.lang,
    file: article.file,
    pairId: article.pairId,
    score: result.score,
    rank: result.rank,
    chunkIds: result.chunks.map((matched) => matched.chunk.id),
  };
  return new Document<NewsletterDocumentMetadata>({ pageContent: result.chunks[0]?.chunk.text ?? article.body, metadata, id: article.id });
}
