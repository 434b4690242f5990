/**
 * Reciprocal rank fusion (Cormack, Clarke & Büttcher, SIGIR 2009): a document's fused score is
 * Σ 1 / (k + rank) over the ranked lists it appears in, with 1-based ranks and k = 60 by default
 * (the paper's value). Scores are comparable only within one fusion.
 */
import { InputError } from '../core';

/** The constant `k` of reciprocal rank fusion, from Cormack et al. (2009). */
export const DEFAULT_RRF_K = 60;

/** A fused item: its key, fused score (higher is better) and its 1-based rank in each input list. */
export interface FusedItem<Key> {
  readonly key: Key;
  readonly score: number;
  /** 1-based rank in each input list, or null where the list does not hold it; same order as the lists. */
  readonly ranks: readonly (number | null)[];
}

/**
 * Fuses ranked lists of keys (each best first) into one list, best first; ties keep first-seen order.
 * @param lists - ranked lists; a key repeated within one list counts at its first rank only.
 * @param k - the RRF constant; must be ≥ 0.
 * @param weights - optional weight per list (default 1 each).
 * @throws {InputError} when `k` is negative or not finite.
 */
export function reciprocalRankFusion<Key>(
  lists: readonly (readonly Key[])[],
  k: number = DEFAULT_RRF_K,
  weights?: readonly number[],
): FusedItem<Key>[] {
  if (!Number.isFinite(k) || k < 0) throw new InputError(`The RRF constant k must be a finite number ≥ 0; got ${k}.`);
  const scores = new Map<Key, { score: number; ranks: (number | null)[]; order: number }>();
  lists.forEach((list, listIndex) => {
    const weight = weights?.[listIndex] ?? 1;
    const seen = new Set<Key>();
    list.forEach((key, position) => {
      if (seen.has(key)) return;
      seen.add(key);
      let entry = scores.get(key);
      if (entry === undefined) {
        entry = { score: 0, ranks: lists.map(() => null), order: scores.size };
        scores.set(key, entry);
      }
      entry.score += weight / (k + position + 1);
      entry.ranks[listIndex] = position + 1;
    });
  });
  return [...scores.entries()]
    .sort(([, left], [, right]) => right.score - left.score || left.order - right.order)
    .map(([key, entry]) => ({ key, score: entry.score, ranks: entry.ranks }));
}
