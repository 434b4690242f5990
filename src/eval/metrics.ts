/**
 * Retrieval and answer metrics at article level.
 *
 * - recall@k: the share of a question's gold groups (an article with its other-language edition) found
 *   among the first k results, averaged over answerable questions.
 * - MRR@10: the mean of 1 / rank of the first gold result within the first 10 (0 when none).
 * - fact recall: the share of a question's facts found in the answer text (case-insensitive, whitespace
 *   ignored), averaged over answerable questions.
 * - citation precision: the share of an answer's cited articles that belong to a gold group, averaged over
 *   answerable questions whose answer cites something.
 */

/** recall@k for one question: gold groups with a member among the first `k` ranked ids, over all groups. */
export function recallAtK(rankedIds: readonly string[], goldGroups: readonly ReadonlySet<string>[], k: number): number {
  if (goldGroups.length === 0) return 0;
  const top = rankedIds.slice(0, k);
  const found = goldGroups.filter((group) => top.some((id) => group.has(id))).length;
  return found / goldGroups.length;
}

/** Reciprocal rank of the first gold id within the first `k` (default 10); 0 when none. */
export function reciprocalRank(rankedIds: readonly string[], goldGroups: readonly ReadonlySet<string>[], k = 10): number {
  const index = rankedIds.slice(0, k).findIndex((id) => goldGroups.some((group) => group.has(id)));
  return index === -1 ? 0 : 1 / (index + 1);
}

function squash(text: string): string {
  return text.replace(/\s+/gu, '').toLowerCase();
}

/** Share (0–1) of `facts` contained in `answer`; 1 when there are no facts. */
export function factRecall(answer: string, facts: readonly string[]): number {
  if (facts.length === 0) return 1;
  const haystack = squash(answer);
  return facts.filter((fact) => haystack.includes(squash(fact))).length / facts.length;
}

/** The arithmetic mean; 0 for an empty list. */
export function mean(values: readonly number[]): number {
  return values.length === 0 ? 0 : values.reduce((total, value) => total + value, 0) / values.length;
}

/**
 * Share (0–1) of `citedIds` that belong to one of `goldGroups` (an article with its other edition);
 * null when nothing is cited.
 */
export function citationPrecision(citedIds: readonly string[], goldGroups: readonly ReadonlySet<string>[]): number | null {
  if (citedIds.length === 0) return null;
  return citedIds.filter((id) => goldGroups.some((group) => group.has(id))).length / citedIds.length;
}
