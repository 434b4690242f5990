/**
 * Embedding similarity as pairing evidence: a {@link PairSimilarity} from article vectors, the clamping of
 * what a callback returns, and the per-file-pair floor that the similarity term is measured from.
 */
import type { ArticleFeatures } from './features';
import { forEachArticlePair, pairKey, type ArticleNumbers, type RelatedFiles } from './candidates';
// Named only by TSDoc links (type-only imports: nothing is loaded).
import type { findEditionPairs, matchEditions } from './match-editions';
import type { FileRelation, PairScoreTerms, PairSimilarity } from './types';

/**
 * A {@link PairSimilarity} from one embedding per article (e.g. the mean of its chunks' embeddings, which
 * the build computes anyway): the cosine similarity of the two articles' vectors. A pair where either
 * article has no vector, or a vector of zero length, gets no similarity (the callback throws, which
 * {@link matchEditions} and {@link findEditionPairs} count as none).
 * @param vectors - article id → embedding; all of one dimension.
 */
export function similarityFromArticleVectors(vectors: ReadonlyMap<string, readonly number[]>): PairSimilarity {
  return (chinese, english) => {
    const left = vectors.get(chinese.id);
    const right = vectors.get(english.id);
    if (left === undefined || right === undefined || left.length !== right.length) throw new Error('no comparable vectors');
    let dot = 0;
    let leftNorm = 0;
    let rightNorm = 0;
    for (let index = 0; index < left.length; index += 1) {
      const leftValue = left[index] ?? 0;
      const rightValue = right[index] ?? 0;
      dot += leftValue * rightValue;
      leftNorm += leftValue * leftValue;
      rightNorm += rightValue * rightValue;
    }
    if (leftNorm === 0 || rightNorm === 0) throw new Error('zero vector');
    return dot / Math.sqrt(leftNorm * rightNorm);
  };
}

/** A callback's value as a similarity: a finite number clamped to −1..1; undefined for anything else. */
export function safeSimilarity(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? Math.max(-1, Math.min(1, value)) : undefined;
}

/**
 * The lower median of the similarities within each file pair (most candidate pairs of two editions are
 * different articles, so it is the level of unrelated articles), used as the floor of the similarity term;
 * 0 when a file pair has fewer than 4 candidate pairs, or when the median is negative (see
 * {@link PairScoreTerms.similarity}).
 * @param similarities - cosine similarity by {@link pairKey}; pairs without one are left out of the median.
 * @returns the floor by file relation (relations without any similarity are absent: floor 0).
 */
export function similarityFloors(
  related: readonly RelatedFiles[],
  features: ReadonlyMap<string, ArticleFeatures>,
  numbers: ArticleNumbers,
  similarities: ReadonlyMap<string, number>,
): ReadonlyMap<FileRelation, number> {
  const byRelation = new Map<FileRelation, number[]>();
  forEachArticlePair(related, features, numbers, (chinese, english, relation) => {
    const value = similarities.get(pairKey(chinese.article.id, english.article.id));
    if (value === undefined) return;
    const values = byRelation.get(relation) ?? [];
    values.push(value);
    byRelation.set(relation, values);
  });
  const floors = new Map<FileRelation, number>();
  for (const [relation, values] of byRelation) {
    const sorted = [...values].sort((left, right) => left - right);
    floors.set(relation, sorted.length >= 4 ? Math.max(0, sorted[Math.floor((sorted.length - 1) / 2)] ?? 0) : 0);
  }
  return floors;
}

