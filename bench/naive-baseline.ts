/**
 * The naive baseline the benchmarks print beside the project (`npm run bench`, `npm run bench:scale`): one
 * document per article (its whole text, no chunking), BM25 only (no embeddings, no fusion, no glossary or
 * lexicon, no reranking), with a library BM25 — `wink-bm25-text-search`'s own search, the same BM25F
 * settings as the project's lexical index (title × 2, body × 1, k1 1.2, b 0.75) and the project's tokenizer
 * (`tokenize`, without which Chinese text has no words to match). Both answer the same questions: search
 * latency and, on the dev questions whose gold articles are known, recall@5 and MRR@10 at article level
 * (the metrics of `npm run eval`), so the table shows what the project's extra work buys and costs.
 */
import bm25 from 'wink-bm25-text-search';
import type { WinkBm25Engine } from 'wink-bm25-text-search';
import type { Article } from '../src/core';
import { readQuestionFile, recallAtK, reciprocalRank, resolveGold } from '../src/eval';
import { tokenize } from '../src/language';
import { BM25_PARAMETERS } from '../src/vector-index';
import { DEFAULT_QUESTION_FILE, summarizeLatencies, timeCycling, type LatencySummary } from './bench-support';

/** wink refuses to consolidate fewer documents; smaller corpora get empty padding documents. */
const MINIMUM_DOCUMENTS = 3;
/** Results ranked for MRR (MRR@10, as `npm run eval`). */
const MRR_DEPTH = 10;
/** Results counted for recall (recall@5, as `npm run eval`). */
const RECALL_DEPTH = 5;

/** Whole-article BM25 over `articles` (wink's search: every matching article scored and sorted per query). */
export class NaiveBm25Baseline {
  private readonly engine: WinkBm25Engine | null;
  private readonly articles: readonly Article[];

  private constructor(engine: WinkBm25Engine | null, articles: readonly Article[]) {
    this.engine = engine;
    this.articles = articles;
  }

  /** Indexes every article's title and whole text (subtitle, body). */
  static build(articles: readonly Article[]): NaiveBm25Baseline {
    if (articles.length === 0) return new NaiveBm25Baseline(null, articles);
    const engine = bm25();
    engine.defineConfig({
      fldWeights: { title: BM25_PARAMETERS.titleWeight, body: BM25_PARAMETERS.bodyWeight },
      bm25Params: { k1: BM25_PARAMETERS.k1, b: BM25_PARAMETERS.b, k: 1 },
    });
    engine.definePrepTasks([(input) => (typeof input === 'string' ? tokenize(input) : [...input])]);
    articles.forEach((article, position) => engine.addDoc({ title: article.title, body: `${article.subtitle ?? ''}\n${article.body}` }, position));
    for (let padding = articles.length; padding < MINIMUM_DOCUMENTS; padding += 1) engine.addDoc({ title: '', body: '' }, `padding-${padding}`);
    engine.consolidate();
    return new NaiveBm25Baseline(engine, articles);
  }

  /** The ids of the `k` best-scoring articles for `query`, best first. */
  search(query: string, k: number): string[] {
    if (this.engine === null) return [];
    return this.engine.search(query, k + MINIMUM_DOCUMENTS).flatMap(([id]) => this.articles[Number(id)]?.id ?? []).slice(0, k);
  }
}

/** Retrieval quality on the dev questions whose gold articles resolve in the index. */
export interface RetrievalQuality {
  /** Questions scored (answerable, with gold articles found in the index). */
  readonly questions: number;
  /** Mean recall@5 over gold groups (0–1). */
  readonly recallAt5: number;
  /** Mean reciprocal rank of the first gold article within 10 (0–1). */
  readonly mrrAt10: number;
}

/**
 * Recall@5 and MRR@10 of `search` (article ids, best first) on the questions of `questionFile` whose gold
 * articles all resolve among `articles`.
 */
export async function measureQuality(search: (question: string) => Promise<readonly string[]>, articles: readonly Article[], questionFile: string = DEFAULT_QUESTION_FILE): Promise<RetrievalQuality> {
  const questions = await readQuestionFile(questionFile);
  let scored = 0;
  let recall = 0;
  let mrr = 0;
  for (const question of questions) {
    const { groups, unresolved } = resolveGold(question, articles);
    if (groups.length === 0 || unresolved.length > 0) continue;
    const ranked = await search(question.question);
    scored += 1;
    recall += recallAtK(ranked, groups, RECALL_DEPTH);
    mrr += reciprocalRank(ranked, groups, MRR_DEPTH);
  }
  return { questions: scored, recallAt5: scored === 0 ? 0 : recall / scored, mrrAt10: scored === 0 ? 0 : mrr / scored };
}

/** One side of the side-by-side table. */
export interface SideFigures {
  readonly search: LatencySummary;
  /** Null when no dev question resolves in the corpus (e.g. a synthetic one). */
  readonly quality: RetrievalQuality | null;
}

/** The project and the baseline on the same questions. */
export interface SideBySide {
  readonly project: SideFigures;
  readonly baseline: SideFigures & { readonly buildMilliseconds: number };
  /** Project search p50 ÷ baseline search p50. */
  readonly p50Ratio: number;
}

/**
 * Times the baseline's search over `queries` (cycled `iterations` times after one untimed pass, as the
 * project's search is timed) and measures both sides' quality on the dev questions.
 * @param projectTimings - the project's search latency, already measured on the same queries.
 * @param projectSearch - the project's search as article ids, best first (`k` results).
 */
export async function measureSideBySide(
  articles: readonly Article[],
  queries: readonly string[],
  iterations: number,
  k: number,
  projectTimings: LatencySummary,
  projectSearch: (question: string, k: number) => Promise<readonly string[]>,
): Promise<SideBySide> {
  const started = performance.now();
  const baseline = NaiveBm25Baseline.build(articles);
  const buildMilliseconds = performance.now() - started;
  for (const query of queries) baseline.search(query, k);
  const timings = await timeCycling(queries, iterations, async (query) => baseline.search(query, k));
  const baselineSearch = summarizeLatencies(timings);
  const depth = Math.max(MRR_DEPTH, RECALL_DEPTH);
  const projectQuality = await measureQuality((question) => projectSearch(question, depth), articles);
  const baselineQuality = await measureQuality(async (question) => baseline.search(question, depth), articles);
  return {
    project: { search: projectTimings, quality: projectQuality.questions === 0 ? null : projectQuality },
    baseline: { search: baselineSearch, quality: baselineQuality.questions === 0 ? null : baselineQuality, buildMilliseconds },
    p50Ratio: baselineSearch.p50 === 0 ? Number.POSITIVE_INFINITY : projectTimings.p50 / baselineSearch.p50,
  };
}

/** The side-by-side table's lines (plain text). */
export function formatSideBySide(figures: SideBySide): string[] {
  const quality = (side: SideFigures): string =>
    side.quality === null ? '—' : `R@5 ${side.quality.recallAt5.toFixed(3)}, MRR@10 ${side.quality.mrrAt10.toFixed(3)} (${side.quality.questions} dev questions)`;
  const row = (name: string, side: SideFigures): string =>
    `  ${name.padEnd(34)} ${side.search.p50.toFixed(2).padStart(8)} ${side.search.p95.toFixed(2).padStart(8)}   ${quality(side)}`;
  return [
    'Project vs naive baseline (same questions; search p50/p95 in ms)',
    `  ${''.padEnd(34)} ${'p50'.padStart(8)} ${'p95'.padStart(8)}   quality`,
    row('project (hybrid, chunks, rerank)', figures.project),
    row('baseline (whole articles, BM25)', figures.baseline),
    `  project p50 ÷ baseline p50: ${figures.p50Ratio.toFixed(2)}; baseline index built in ${figures.baseline.buildMilliseconds.toFixed(0)} ms`,
  ];
}
