/**
 * Hybrid retrieval: dense (HNSW over chunk embeddings) and lexical (BM25 over chunk text) candidates are
 * fused with reciprocal rank fusion, then collapsed to one result per article. The two editions of one
 * article (Chinese and English) are ranked together: a question in either language finds both, the
 * asker's edition first.
 */
import { LRUCache } from 'lru-cache';
import { InputError, type Article, type Chunk, type Language } from '../core';
import type { Embedder } from '../embed';
import type { ChunkVectorStore, LexicalIndex, LexicalSearchHit, VectorSearchHit } from '../vector-index';
import { CorpusAttestation } from './corpus-attestation';
import { DEFAULT_RRF_K, reciprocalRankFusion } from './reciprocal-rank-fusion';
import { bridgeQueryWords, detectLanguage, type BilingualLexicon, Glossary, coverage, covers, extractQuestionTerms, prepareCoverageText, type CoverageText, type QuestionTerm } from '../language';

/**
 * What retrieval searches: the index's chunks, their articles, the vector store (any {@link ChunkVectorStore}:
 * results name chunks by id) and the lexical index (labels = positions in `chunks`).
 */
export interface RetrievalCorpus {
  readonly articles: readonly Article[];
  readonly chunks: readonly Chunk[];
  readonly vectorStore: ChunkVectorStore;
  readonly lexicalIndex: LexicalIndex;
}

export interface HybridRetrieverOptions {
  /** Chunks taken from each of the dense and lexical lists before fusion. Default 50. */
  readonly candidates?: number;
  /** Reciprocal rank fusion constant. Default 60 (Cormack et al. 2009). */
  readonly rrfK?: number;
  /** Weight of the dense list in the fusion (the lexical list weighs 1). Default 1. */
  readonly denseWeight?: number;
  /** Bilingual names used to expand queries into the other language. Default: empty. */
  readonly glossary?: Glossary;
  /** Dictionary, pinyin and numerals for coverage across languages (`loadBilingualLexicon`). Default: none, literal coverage. */
  readonly lexicon?: BilingualLexicon;
  /**
   * Weight (0–1) of term coverage against normalised fusion score in the reranker:
   * score = w × coverage + (1 − w) × RRF / best RRF. Default 0.6.
   */
  readonly coverageWeight?: number;
  /** Fused edition groups the reranker rescores. Default 20. */
  readonly rerankDepth?: number;
}

/** A chunk that matched, with its evidence from each list. */
export interface MatchedChunk {
  readonly chunk: Chunk;
  /** Fused RRF score (higher is better). */
  readonly score: number;
  /** Cosine distance to the query (1 − cosine similarity; lower is closer), null when not a dense candidate. */
  readonly distance: number | null;
  /** BM25 score (higher is better), null when not a lexical candidate. */
  readonly bm25: number | null;
}

/** One article in the results. */
export interface RetrievedArticle {
  /** 1-based rank, best first. */
  readonly rank: number;
  /**
   * Reranked score of the article's edition group, higher is better: w × IDF-weighted coverage + (1 − w) ×
   * (the group's fused RRF score ÷ the best group's), w = `coverageWeight` (0–1), plus up to 0.3 when the
   * query names a period the article is dated in; comparable only within one query.
   */
  readonly score: number;
  /** Share (0–1) of the query's content terms the article or its other edition contains. */
  readonly coverage: number;
  /** The same share with each term weighted by its inverse document frequency (rare names count more). */
  readonly weightedCoverage: number;
  readonly article: Article;
  /** This article's matching chunks, best first; empty when it is listed only as the paired edition. */
  readonly chunks: readonly MatchedChunk[];
}

/**
 * A period of time the question names (see `parseQueryPeriod`), as the retriever uses it: articles dated
 * inside it rank higher, and its date terms join the lexical query so event dates in article text match.
 */
export interface SearchPeriod {
  /** Inclusive bounds, ISO `YYYY-MM-DD`. */
  readonly from: string;
  readonly to: string;
  /** `latest` ranks by recency instead of membership. */
  readonly kind: 'explicit' | 'relative' | 'latest';
  /** Normalised date terms (`y2016m06` …) added to the lexical query; empty for `latest`. */
  readonly terms: readonly string[];
}

export interface SearchOptions {
  /** Number of articles to return. Default 10. */
  readonly k?: number;
  /** The asker's language; detected from the query when absent. Decides which edition ranks first. */
  readonly lang?: Language;
  /** Restrict results to these article ids (e.g. the sources of a conversation). */
  readonly articleIds?: ReadonlySet<string>;
  /** The period the question names; boosts articles dated in it (or, for `latest`, the newest). */
  readonly period?: SearchPeriod | null;
  /**
   * The same question in other words or the other language (e.g. an LLM translation): each adds a dense
   * and a lexical list to the fusion. Coverage is still measured against the original query.
   */
  readonly alternativeQueries?: readonly string[];
}

/**
 * Score added (on the reranker's 0–1 scale) to an article dated inside the question's period; half of it
 * when dated up to {@link PERIOD_GRACE_DAYS} after the period (news is often published weeks after the event).
 */
const PERIOD_BOOST = 0.3;
/** Days after a period in which an article still gets half the boost. */
const PERIOD_GRACE_DAYS = 45;
/**
 * For `latest`: the boost decays linearly to 0 over the period's length, and at least this many days,
 * before the period's end (the newest article's date).
 */
const RECENCY_WINDOW_DAYS = 365;
const DAY_MS = 86_400_000;
/** Edition codes of a chunk's article (see `unpairedChunks`): paired or unknown, or unpaired in a language. */
const PAIRED = 0;
const UNPAIRED_ENGLISH = 1;
const UNPAIRED_CHINESE = 2;

/**
 * Articles whose coverage texts the inverse document frequency is counted over. Up to this many articles
 * the count is exact (every article); above it, it is counted over this many articles spread evenly over
 * the index and scaled to the index's size. Preparing a coverage text with the lexicon takes ≈ 3.5 ms, so
 * counting over every article of a 4,500-article index took ≈ 27 s and ≈ 400 MiB on the first query (measured).
 */
export const IDF_SAMPLE_ARTICLES = 256;
/**
 * Coverage texts of reranked articles kept (least recently used evicted first); the IDF sample's are kept apart.
 * Held compact (hashed sets), a text is ≈ 7.5 KiB at 100× the seeds (it was ≈ 98 KiB as `Set`s), so 8,192 bound
 * the cache to ≈ 60 MiB and hold every edition group up to ≈ 360× the seeds (2,250 groups at 100×): an evicted
 * text costs ≈ 3.5 ms to prepare again, and evictions are garbage the collector has to reach.
 */
export const COVERAGE_TEXT_CACHE_SIZE = 8192;
/**
 * Analysed queries (question terms, translation) kept, least recently used evicted first. A search reads its
 * query's terms three times and an ask searches and reads them (and its rewrites') again; the analysis is a
 * pure function of the query text over a fixed index, so a cached answer equals a fresh one. Small on
 * purpose: it serves the repeats within one question, not a repeated question, so the benchmarks (which
 * cycle through dozens of distinct queries) still time the analysis of every query.
 */
export const QUERY_ANALYSIS_CACHE_SIZE = 8;
/** Inverse document frequencies of question terms kept before the cache is cleared. */
const IDF_CACHE_SIZE = 10_000;

/** A retriever over one loaded index. */
export class HybridRetriever {
  private readonly corpus: RetrievalCorpus;
  private readonly embedder: Embedder;
  private readonly candidates: number;
  private readonly rrfK: number;
  private readonly denseWeight: number;
  /** The glossary queries are expanded with. */
  readonly glossary: Glossary;
  /** The lexicon coverage is bridged with; undefined for literal coverage. */
  readonly lexicon: BilingualLexicon | undefined;
  private readonly articlesById: ReadonlyMap<string, Article>;
  /** Position in `corpus.chunks` of each chunk id (the fusion's key for both lists). */
  private readonly positionOfChunk: ReadonlyMap<string, number>;
  private readonly coverageWeight: number;
  private readonly rerankDepth: number;
  /** Coverage texts by edition group (an article and its pair share one), least recently used first. */
  /** Least-recently-used (`lru-cache`: a well-kept LRU map, rather than our own Map bookkeeping). */
  private readonly coverageTexts = new LRUCache<string, CoverageText>({ max: COVERAGE_TEXT_CACHE_SIZE });
  /** Coverage texts of the IDF sample's groups, kept for the retriever's lifetime. */
  private idfSample: readonly CoverageText[] | null = null;
  private readonly idfCache = new Map<string, number>();
  /**
   * The same values by term object: a query's terms are one cached array (see {@link questionTerms}), and a
   * search asks each term's IDF once per reranked article; this skips serialising the term for every ask.
   */
  private readonly idfByTerm = new WeakMap<QuestionTerm, number>();
  /** Which texts the corpus contains: Chinese question terms are read as the corpus writes them. */
  private readonly attestation: CorpusAttestation;
  /** Question terms by query text: one search (and one ask) reads a question's terms several times. */
  private readonly termsByQuery = new LRUCache<string, readonly QuestionTerm[]>({ max: QUERY_ANALYSIS_CACHE_SIZE });
  /** Other-language lexical queries ({@link translation}) by query text. */
  private readonly translationByQuery = new LRUCache<string, string>({ max: QUERY_ANALYSIS_CACHE_SIZE });
  /** Per chunk position: its article's edition code ({@link PAIRED} …), from one pass on first use. */
  private unpaired: Uint8Array | null = null;
  /** Oldest and newest article dates, once computed. */
  private dates: { readonly oldest: string | null; readonly newest: string | null } | null = null;

  constructor(corpus: RetrievalCorpus, embedder: Embedder, options: HybridRetrieverOptions = {}) {
    this.corpus = corpus;
    this.embedder = embedder;
    this.candidates = options.candidates ?? 50;
    this.rrfK = options.rrfK ?? DEFAULT_RRF_K;
    this.denseWeight = options.denseWeight ?? 1;
    this.glossary = options.glossary ?? Glossary.empty();
    this.lexicon = options.lexicon;
    this.coverageWeight = options.coverageWeight ?? 0.6;
    this.rerankDepth = options.rerankDepth ?? 20;
    this.articlesById = new Map(corpus.articles.map((article) => [article.id, article]));
    this.positionOfChunk = new Map(corpus.chunks.map((chunk, position) => [chunk.id, position]));
    this.attestation = new CorpusAttestation(corpus.articles);
  }

  /** Looks an article up by id. */
  article(id: string): Article | undefined {
    return this.articlesById.get(id);
  }

  /** The content terms of `query` (glossary names, words, numbers), for coverage checks. */
  questionTerms(query: string): readonly QuestionTerm[] {
    let terms = this.termsByQuery.get(query);
    if (terms === undefined) {
      terms = extractQuestionTerms(query, this.glossary, this.lexicon, (text) => this.attestation.attests(text));
      this.termsByQuery.set(query, terms);
    }
    return terms;
  }

  /**
   * Share (0–1) of `terms` that the article or its other-language edition contains (title, subtitle,
   * body, source outlet, date and issue).
   * @param weighted - weigh each term by its inverse document frequency over articles,
   *   ln(1 + N / (1 + df)), so a rare name counts more than a word every article has.
   */
  coverage(articleId: string, terms: readonly QuestionTerm[], weighted = false): number {
    return coverage(this.coverageText(articleId), terms, weighted ? (term) => this.inverseDocumentFrequency(term) : undefined);
  }

  /**
   * {@link coverage} of one article, plain and IDF-weighted, from one pass over the terms: the same two
   * numbers (bit for bit: the same sums in the same order) as two calls, each term matched once.
   */
  private coverages(articleId: string, terms: readonly QuestionTerm[]): { readonly plain: number; readonly weighted: number } {
    const text = this.coverageText(articleId);
    let covered = 0;
    let weightTotal = 0;
    let weightCovered = 0;
    for (const term of terms) {
      const weight = this.inverseDocumentFrequency(term);
      weightTotal += weight;
      if (covers(text, term)) {
        covered += 1;
        weightCovered += weight;
      }
    }
    return { plain: terms.length === 0 ? 0 : covered / terms.length, weighted: weightTotal === 0 ? 0 : weightCovered / weightTotal };
  }

  /**
   * Which of `terms` the article or its other-language edition contains (literally or through the
   * lexicon), in the order of `terms`.
   */
  coveredTerms(articleId: string, terms: readonly QuestionTerm[]): readonly boolean[] {
    const text = this.coverageText(articleId);
    return terms.map((term) => covers(text, term));
  }

  /**
   * ln(1 + N / (1 + df)) of a term over the index's N articles (editions counted with their pair). df is
   * counted exactly up to {@link IDF_SAMPLE_ARTICLES} articles; above that, over that many articles spread
   * evenly over the index, scaled by N ÷ sample size (an estimate: IDF's logarithm damps its error).
   */
  inverseDocumentFrequency(term: QuestionTerm): number {
    const known = this.idfByTerm.get(term);
    if (known !== undefined) return known;
    const key = JSON.stringify(term);
    let value = this.idfCache.get(key);
    if (value === undefined) {
      const articles = this.corpus.articles;
      const sample = this.idfSampleTexts();
      const sampled = sample.reduce((count, text) => count + (covers(text, term) ? 1 : 0), 0);
      const documentFrequency = sample.length === 0 ? 0 : (sampled * articles.length) / sample.length;
      value = Math.log(1 + articles.length / (1 + documentFrequency));
      if (this.idfCache.size > IDF_CACHE_SIZE) this.idfCache.clear();
      this.idfCache.set(key, value);
    }
    this.idfByTerm.set(term, value);
    return value;
  }

  /** One coverage text per sampled article (every article when there are at most {@link IDF_SAMPLE_ARTICLES}). */
  private idfSampleTexts(): readonly CoverageText[] {
    if (this.idfSample === null) {
      const articles = this.corpus.articles;
      const size = Math.min(articles.length, IDF_SAMPLE_ARTICLES);
      const sample: CoverageText[] = [];
      for (let index = 0; index < size; index += 1) {
        const article = articles[Math.floor((index * articles.length) / size)];
        if (article !== undefined) sample.push(this.coverageText(article.id, false));
      }
      this.idfSample = sample;
    }
    return this.idfSample;
  }

  /**
   * The coverage text of an article with its other edition (one text per edition group, the lower id's
   * edition first), from a least-recently-used cache of {@link COVERAGE_TEXT_CACHE_SIZE} groups.
   * @param cache - false: prepare without caching (the IDF sample keeps its own texts).
   */
  private coverageText(articleId: string, cache = true): CoverageText {
    const article = this.articlesById.get(articleId);
    const pair = article?.pairId === null || article === undefined ? undefined : this.articlesById.get(article.pairId);
    const editions = pair !== undefined && pair.id < articleId ? [pair, article] : [article, pair];
    const key = editions[0]?.id ?? articleId;
    let text = this.coverageTexts.get(key);
    if (text !== undefined) return text;
    text = prepareCoverageText(
      editions.flatMap((edition) =>
        edition === undefined
          ? []
          : [edition.title, edition.subtitle ?? '', edition.body, edition.source ?? '', edition.date ?? '', edition.issue.label ?? ''],
      ),
      this.lexicon,
      { compact: true },
    );
    if (cache) this.coverageTexts.set(key, text);
    return text;
  }

  /**
   * Per chunk position: {@link UNPAIRED_ENGLISH} or {@link UNPAIRED_CHINESE} when the chunk's article has no
   * other-language edition (by the article's language), else {@link PAIRED} (also for an unknown article).
   */
  private unpairedChunks(): Uint8Array {
    if (this.unpaired === null) {
      this.unpaired = Uint8Array.from(this.corpus.chunks, (chunk) => {
        const article = this.articlesById.get(chunk.articleId);
        if (article === undefined || article.pairId !== null) return PAIRED;
        return article.lang === 'en' ? UNPAIRED_ENGLISH : UNPAIRED_CHINESE;
      });
    }
    return this.unpaired;
  }

  /** Whether no edition of these articles (or of their pairs) is in `lang`. */
  private otherLanguageOnly(articleIds: readonly string[], lang: Language): boolean {
    for (const id of articleIds) {
      const article = this.articlesById.get(id);
      if (article === undefined) continue;
      if (article.lang === lang) return false;
      const pair = article.pairId === null ? undefined : this.articlesById.get(article.pairId);
      if (pair?.lang === lang) return false;
    }
    return true;
  }

  /** The newest article date of the index (ISO), or null when no article is dated. */
  get newestDate(): string | null {
    return this.dateRange().newest;
  }

  /** The oldest article date of the index (ISO), or null when no article is dated. */
  get oldestDate(): string | null {
    return this.dateRange().oldest;
  }

  /** The oldest and newest article dates, from one scan of the articles on first use (they never change). */
  private dateRange(): { readonly oldest: string | null; readonly newest: string | null } {
    if (this.dates === null) {
      let oldest: string | null = null;
      let newest: string | null = null;
      for (const { date } of this.corpus.articles) {
        if (date === null) continue;
        if (newest === null || date > newest) newest = date;
        if (oldest === null || date < oldest) oldest = date;
      }
      this.dates = { oldest, newest };
    }
    return this.dates;
  }

  /**
   * The rank boost for an article under `period`: {@link PERIOD_BOOST} when its date lies inside, half of
   * it within {@link PERIOD_GRACE_DAYS} after the end; for `latest`, PERIOD_BOOST × (1 − age ÷ window),
   * age in days before the period's end (the newest date), window = the period's length in days, at least
   * {@link RECENCY_WINDOW_DAYS}. Undated: 0.
   */
  private periodBoost(articleId: string, period: SearchPeriod): number {
    const date = this.articlesById.get(articleId)?.date ?? null;
    if (date === null) return 0;
    const time = Date.parse(date);
    const to = Date.parse(period.to);
    if (period.kind === 'latest') {
      const ageDays = (to - time) / DAY_MS;
      const windowDays = Math.max(RECENCY_WINDOW_DAYS, (to - Date.parse(period.from)) / DAY_MS);
      return ageDays < 0 ? PERIOD_BOOST : PERIOD_BOOST * Math.max(0, 1 - ageDays / windowDays);
    }
    if (date >= period.from && date <= period.to) return PERIOD_BOOST;
    const daysAfter = (time - to) / DAY_MS;
    return daysAfter > 0 && daysAfter <= PERIOD_GRACE_DAYS ? PERIOD_BOOST / 2 : 0;
  }

  /**
   * The `count` nearest chunks to `vector` in the vector store (only chunks of `allowed` articles when
   * given), as chunk positions with their cosine distance, best first. Chunks the corpus does not hold are
   * dropped.
   */
  private async searchDense(vector: number[], count: number, allowed: ReadonlySet<string> | undefined): Promise<VectorSearchHit[]> {
    const found = await this.corpus.vectorStore.similaritySearchVectorWithScore(vector, count, allowed === undefined ? undefined : { articleIds: allowed });
    return found.flatMap(([document, distance]) => {
      const label = this.positionOfChunk.get(document.metadata.chunkId);
      return label === undefined ? [] : [{ label, distance }];
    });
  }

  /**
   * The first `count` lexical hits for `query` that pass `accept`, best first (the index filters before it
   * cuts to `count`, so the cut saves the fusion, grouping and reranking of thousands of weak hits).
   */
  private searchLexical(query: string, count: number, accept: (label: number) => boolean): readonly LexicalSearchHit[] {
    return this.corpus.lexicalIndex.search(query, count, accept);
  }

  /**
   * The other-language lexical query of `query`: the glossary's other-language names of what it mentions,
   * then (with a lexicon) the corpus-attested Chinese words the bilingual bridge links to its English terms
   * (`bridgeQueryWords`: dictionary senses, transliterated names). Empty when there is none.
   */
  translation(query: string): string {
    let translated = this.translationByQuery.get(query);
    if (translated === undefined) {
      const glossary = this.glossary.translate(query);
      if (this.lexicon === undefined) translated = glossary;
      else {
        const words = bridgeQueryWords(this.questionTerms(query), this.lexicon, (text) => this.attestation.attests(text), (key) => this.attestation.namesWithKey(key));
        translated = [glossary, ...words].filter((part) => part !== '').join(' ');
      }
      this.translationByQuery.set(query, translated);
    }
    return translated;
  }

  /** All articles of the index, in file and printed order. */
  get articles(): readonly Article[] {
    return this.corpus.articles;
  }

  /**
   * Searches for `query`.
   * @returns up to `k` articles, best first, one result per article; an article's other-language edition
   *          follows it directly. Empty when the query has no content terms (only stopwords or punctuation).
   * @throws {InputError} when the query is empty.
   */
  async search(query: string, options: SearchOptions = {}): Promise<readonly RetrievedArticle[]> {
    const trimmed = query.trim();
    if (trimmed === '') throw new InputError('The query is empty: ask a question or give search terms.');
    const k = options.k ?? 10;
    const lang = options.lang ?? detectLanguage(trimmed);
    // A query of only stopwords or punctuation ("？？？", "the of and") matches nothing meaningful.
    if (this.questionTerms(trimmed).length === 0) return [];
    const allowed = options.articleIds;
    const keep = (label: number): boolean => {
      const chunk = this.corpus.chunks[label];
      return chunk !== undefined && (allowed === undefined || allowed.has(chunk.articleId));
    };
    const pool = allowed === undefined ? this.candidates : this.corpus.chunks.length;

    // Three ranked lists: dense and BM25 over the query as asked, and BM25 over the glossary's
    // other-language names of what it mentions, restricted to articles that have no edition in the
    // asker's language — those are the only ones the first two lists cannot reach, and restricting the
    // third list keeps translations from swamping the asker's own language.
    const translation = this.translation(trimmed);
    const period = options.period ?? null;
    const periodTerms = period === null ? '' : ` ${period.terms.join(' ')}`;
    const vector = await this.embedder.embedQuery(trimmed);
    const denseHits = (await this.searchDense(vector, pool, allowed)).filter((hit) => keep(hit.label));
    const lexicalHits = this.corpus.lexicalIndex.search(`${trimmed}${periodTerms}`, pool).filter((hit) => keep(hit.label));
    const alternativeLists: number[][] = [];
    for (const alternative of options.alternativeQueries ?? []) {
      if (alternative.trim() === '' || alternative.trim() === trimmed) continue;
      const alternativeVector = await this.embedder.embedQuery(alternative);
      alternativeLists.push((await this.searchDense(alternativeVector, pool, allowed)).filter((hit) => keep(hit.label)).map((hit) => hit.label));
      alternativeLists.push(
        this.corpus.lexicalIndex
          .search(`${alternative}${periodTerms}`, pool)
          .filter((hit) => keep(hit.label))
          .map((hit) => hit.label),
      );
    }
    const unpaired = this.unpairedChunks();
    const askerCode = lang === 'en' ? UNPAIRED_ENGLISH : UNPAIRED_CHINESE;
    const otherLanguageOnly = (label: number): boolean => {
      const code = unpaired[label];
      return code !== undefined && code !== PAIRED && code !== askerCode;
    };
    const translatedHits = translation === '' ? [] : this.searchLexical(translation, pool, allowed === undefined ? otherLanguageOnly : (label) => keep(label) && otherLanguageOnly(label));
    const distanceOf = new Map(denseHits.map((hit) => [hit.label, hit.distance]));
    const bm25Of = new Map(lexicalHits.map((hit) => [hit.label, hit.score]));
    for (const hit of translatedHits) if (!bm25Of.has(hit.label)) bm25Of.set(hit.label, hit.score);
    // One lexical list: each chunk at its better rank from the question as asked or from its translation.
    // An article printed only in the other language then competes with the same number of lists as one in
    // the asker's language, instead of reaching at most half the fused score.
    const lexicalRank = new Map<number, number>();
    const rankIn = (hits: readonly { label: number }[]): void =>
      hits.forEach((hit, rank) => lexicalRank.set(hit.label, Math.min(lexicalRank.get(hit.label) ?? Number.POSITIVE_INFINITY, rank)));
    rankIn(lexicalHits);
    rankIn(translatedHits);
    const lexicalList = [...lexicalRank.entries()].sort((left, right) => left[1] - right[1]).map(([label]) => label);
    const weights = [this.denseWeight, 1, ...alternativeLists.map((_, index) => (index % 2 === 0 ? this.denseWeight : 1))];
    const fused = reciprocalRankFusion([denseHits.map((hit) => hit.label), lexicalList, ...alternativeLists], this.rrfK, weights);
    const listWeights = weights.reduce((total, weight) => total + weight, 0);
    const lexicalWeights = weights.filter((_, index) => index % 2 === 1).reduce((total, weight) => total + weight, 0);

    const byArticle = new Map<string, MatchedChunk[]>();
    for (const item of fused) {
      const chunk = this.corpus.chunks[item.key];
      if (chunk === undefined) continue;
      const matched: MatchedChunk = {
        chunk,
        score: item.score,
        distance: distanceOf.get(item.key) ?? null,
        bm25: bm25Of.get(item.key) ?? null,
      };
      const list = byArticle.get(chunk.articleId) ?? [];
      list.push(matched);
      byArticle.set(chunk.articleId, list);
    }
    // An article scores by its best chunk: a long article's many weak chunks must not outrank a short
    // article's one strong chunk.
    const articleScore = (chunks: readonly MatchedChunk[]): number => chunks[0]?.score ?? 0;

    // Group the two editions of an article; the group ranks by its better edition.
    const groups = new Map<string, { score: number; members: string[] }>();
    for (const [articleId, chunks] of byArticle) {
      const article = this.articlesById.get(articleId);
      if (article === undefined) continue;
      const groupKey = article.pairId !== null && article.pairId < articleId ? article.pairId : articleId;
      const group = groups.get(groupKey) ?? { score: 0, members: [] };
      group.score = Math.max(group.score, articleScore(chunks));
      group.members.push(articleId);
      groups.set(groupKey, group);
    }
    // Rerank the best groups by how much of the question they cover, blended with the fused score.
    const terms = this.questionTerms(trimmed);
    const fusedGroups = [...groups.values()].sort((left, right) => right.score - left.score);
    const bestFused = fusedGroups[0]?.score ?? 0;
    const reranked = fusedGroups.map((group, position) => {
      const inDepth = position < this.rerankDepth;
      const memberCoverages = inDepth ? group.members.map((id) => this.coverages(id, terms)) : [];
      const groupCoverage = inDepth ? Math.max(...memberCoverages.map((share) => share.plain)) : 0;
      const weightedCoverage = inDepth ? Math.max(...memberCoverages.map((share) => share.weighted)) : 0;
      // The dense list of an embedder that is not cross-lingual cannot reach an article printed only in
      // the other language: such an article is scored on the lists that can reach it.
      const reach = this.embedder.crossLingual || !this.otherLanguageOnly(group.members, lang) ? 1 : listWeights / lexicalWeights;
      const fusedShare = bestFused === 0 ? 0 : Math.min(1, (group.score * reach) / bestFused);
      const periodBoost = period === null ? 0 : Math.max(...group.members.map((id) => this.periodBoost(id, period)));
      return {
        ...group,
        coverage: groupCoverage,
        weightedCoverage,
        inDepth,
        score: this.coverageWeight * weightedCoverage + (1 - this.coverageWeight) * fusedShare + periodBoost,
      };
    });
    reranked.sort((left, right) => right.score - left.score);

    const results: RetrievedArticle[] = [];
    for (const group of reranked) {
      const ids = new Set(group.members);
      for (const id of group.members) {
        const pairId = this.articlesById.get(id)?.pairId;
        if (pairId !== null && pairId !== undefined && (allowed === undefined || allowed.has(pairId))) ids.add(pairId);
      }
      const editions = [...ids]
        .map((id) => this.articlesById.get(id))
        .filter((article): article is Article => article !== undefined)
        .sort((left, right) => Number(right.lang === lang) - Number(left.lang === lang));
      for (const article of editions) {
        if (results.length >= k) return results;
        // Past the rerank depth coverage was not needed for ranking; compute it for the report.
        const memberCoverages = group.inDepth ? [] : group.members.map((id) => this.coverages(id, terms));
        const groupCoverage = group.inDepth ? group.coverage : Math.max(...memberCoverages.map((share) => share.plain));
        const weightedCoverage = group.inDepth ? group.weightedCoverage : Math.max(...memberCoverages.map((share) => share.weighted));
        results.push({
          rank: results.length + 1,
          score: group.score,
          coverage: groupCoverage,
          weightedCoverage,
          article,
          chunks: byArticle.get(article.id) ?? [],
        });
      }
    }
    return results;
  }
}
