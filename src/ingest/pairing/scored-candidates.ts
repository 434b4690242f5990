/**
 * The candidate article pairs of one pairing, scored: every candidate's score and content score up front
 * (cheap: no evidence lists), the full result with evidence only for the pairs asked about (the pairs and
 * near misses reported), and each article's two best candidates, for margins and near misses.
 */
import type { AssignmentEdge } from './assignment';
import { forEachArticlePair, pairKey, type ArticleNumbers, type Candidate, type RelatedFiles } from './candidates';
import type { ArticleFeatures } from './features';
import { DATE_TOLERANCE_DAYS, dateGap, ruledOut, scoreFeatures, scoreValues, type ScoringContext } from './scoring';
import type { FileRelation, PairScore } from './types';

/** What candidates are scored with, besides their features. */
export interface CandidateScoring {
  readonly context: ScoringContext;
  /** Cosine similarity (−1..1) by `pairKey`; empty when no similarity callback was given. */
  readonly similarities: ReadonlyMap<string, number>;
  /** The floor of the similarity term by file relation (see `similarityFloors`); 0 when absent. */
  readonly floors: ReadonlyMap<FileRelation, number>;
}

/** A candidate's best-scoring other article, and the full result of that pair. */
export interface BestCandidate {
  readonly candidateId: string;
  readonly result: PairScore;
}

/**
 * The scored candidates of the related files. A candidate is an article pair of two related files whose
 * source dates are at most {@link DATE_TOLERANCE_DAYS} days apart (or not both known); of the pairs that
 * dates rule out only the forced ones are kept (with their ruled-out result): nothing else looks them up.
 * (Whether a pair is ruled out depends on its two articles alone, so all candidates of one key are alike.)
 */
export class ScoredCandidates {
  readonly #numbers: ArticleNumbers;
  readonly #scoring: CandidateScoring;
  readonly #candidates: Candidate[] = [];
  readonly #ruledOutForced = new Map<number, PairScore>();
  readonly #scores: Float64Array;
  readonly #contentScores: Float64Array;
  /** Candidate pair key → index of its last candidate (as a map from pair to result would keep). */
  readonly #lastCandidate = new Map<number, number>();
  /** Full results by candidate index, built on first request. */
  readonly #results = new Map<number, PairScore>();
  /**
   * The two best candidates of each article (by score; the earlier candidate first among equals), for
   * margins and near misses: candidate indexes by article number, -1 for none.
   */
  readonly #best: Int32Array;
  readonly #secondBest: Int32Array;

  /**
   * Scores every candidate article pair of `related`.
   * @param features - the features of every article, by id.
   * @param numbers - the numbers of the same articles.
   * @param forced - the pairs the overrides force, kept even when dates rule them out.
   */
  constructor(
    related: readonly RelatedFiles[],
    features: ReadonlyMap<string, ArticleFeatures>,
    numbers: ArticleNumbers,
    forced: readonly { readonly chineseId: string; readonly englishId: string }[],
    scoring: CandidateScoring,
  ) {
    this.#numbers = numbers;
    this.#scoring = scoring;
    const forcedKeys = new Set(forced.map((pair) => numbers.pairOf(pair.chineseId, pair.englishId)));
    forEachArticlePair(related, features, numbers, (chinese, english, relation, key) => {
      const gap = dateGap(chinese, english);
      if (gap === null || gap <= DATE_TOLERANCE_DAYS) this.#candidates.push({ chinese, english, relation, key });
      else if (forcedKeys.has(key)) this.#ruledOutForced.set(key, ruledOut(gap, relation, this.#similarityOf(chinese, english)));
    });

    const candidates = this.#candidates;
    const scores = new Float64Array(candidates.length);
    const contentScores = new Float64Array(candidates.length);
    candidates.forEach((candidate, index) => {
      this.#lastCandidate.set(candidate.key, index);
      const { chinese, english, relation } = candidate;
      const values = scoreValues(chinese, english, relation, scoring.context, this.#similarityOf(chinese, english), scoring.floors.get(relation) ?? 0);
      scores[index] = values === null ? Number.NaN : values.score;
      contentScores[index] = values === null ? 0 : values.contentScore;
    });
    this.#scores = scores;
    this.#contentScores = contentScores;

    const best = new Int32Array(numbers.count).fill(-1);
    const secondBest = new Int32Array(numbers.count).fill(-1);
    const remember = (article: number, index: number): void => {
      const score = scores[index] ?? 0;
      const first = best[article] ?? -1;
      const second = secondBest[article] ?? -1;
      if (first === -1) best[article] = index;
      else if (score > (scores[first] ?? 0)) {
        secondBest[article] = first;
        best[article] = index;
      } else if (second === -1 || score > (scores[second] ?? 0)) secondBest[article] = index;
    };
    const count = numbers.count;
    candidates.forEach((candidate, index) => {
      if (Number.isNaN(scores[index])) return;
      remember(Math.floor(candidate.key / count), index);
      remember(candidate.key % count, index);
    });
    this.#best = best;
    this.#secondBest = secondBest;
  }

  /** The similarity of a pair, or null when none was given for it. */
  #similarityOf(chinese: ArticleFeatures, english: ArticleFeatures): number | null {
    const { similarities } = this.#scoring;
    return similarities.size === 0 ? null : (similarities.get(pairKey(chinese.article.id, english.article.id)) ?? null);
  }

  /** The full result of candidate `index` (built once), or undefined when there is no such candidate. */
  #resultOf(index: number): PairScore | undefined {
    const candidate = this.#candidates[index];
    if (candidate === undefined) return undefined;
    let result = this.#results.get(index);
    if (result === undefined) {
      const { chinese, english, relation } = candidate;
      const { context, floors } = this.#scoring;
      result = scoreFeatures(chinese, english, relation, context, this.#similarityOf(chinese, english), floors.get(relation) ?? 0);
      this.#results.set(index, result);
    }
    return result;
  }

  /**
   * The candidates eligible for the assignment, in candidate order: not ruled out, scoring at least
   * `minScore`, with a content score of at least the context's `minContentScore`, and neither article in `fixed`.
   */
  eligibleEdges(minScore: number, fixed: ReadonlySet<string>): readonly AssignmentEdge[] {
    const edges: AssignmentEdge[] = [];
    this.#candidates.forEach((candidate, index) => {
      const score = this.#scores[index] ?? Number.NaN;
      // Eligible: not ruled out (NaN fails both comparisons), above the threshold, with enough content.
      if (!(score >= minScore && (this.#contentScores[index] ?? 0) >= this.#scoring.context.minContentScore)) return;
      const chineseId = candidate.chinese.article.id;
      const englishId = candidate.english.article.id;
      if (!fixed.has(chineseId) && !fixed.has(englishId)) edges.push({ chineseId, englishId, score });
    });
    return edges;
  }

  /**
   * The full result of the pair (`chineseId`, `englishId`): of its last candidate, or the ruled-out result
   * of a forced pair; undefined when the two articles are not candidates (or unknown).
   */
  scoreOf(chineseId: string, englishId: string): PairScore | undefined {
    const key = this.#numbers.pairOf(chineseId, englishId);
    if (key === undefined) return undefined;
    const index = this.#lastCandidate.get(key);
    return index === undefined ? this.#ruledOutForced.get(key) : this.#resultOf(index);
  }

  /** The id of the other article of candidate `index`, seen from article number `article`. */
  #otherId(article: number, index: number): string {
    const candidate = this.#candidates[index];
    if (candidate === undefined) return '';
    return Math.floor(candidate.key / this.#numbers.count) === article ? candidate.english.article.id : candidate.chinese.article.id;
  }

  /** The score of the best candidate of `articleId` whose other article is not `exceptId`; 0 when none. */
  bestOther(articleId: string, exceptId: string): number {
    const article = this.#numbers.of(articleId);
    if (article === undefined) return 0;
    for (const index of [this.#best[article] ?? -1, this.#secondBest[article] ?? -1]) {
      if (index !== -1 && this.#otherId(article, index) !== exceptId) return this.#scores[index] ?? 0;
    }
    return 0;
  }

  /** The best candidate of `articleId` (not ruled out), or undefined when it has none. */
  bestCandidate(articleId: string): BestCandidate | undefined {
    const article = this.#numbers.of(articleId);
    const bestIndex = article === undefined ? -1 : (this.#best[article] ?? -1);
    const result = bestIndex === -1 ? undefined : this.#resultOf(bestIndex);
    if (article === undefined || result === undefined) return undefined;
    return { candidateId: this.#otherId(article, bestIndex), result };
  }
}
