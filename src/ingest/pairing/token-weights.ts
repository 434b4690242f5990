/**
 * Rarity weights of tokens (dates, numbers, words, names) over the articles compared, and the weighted
 * overlap of two articles' token sets that the evidence terms of a score are made of.
 */

/** A set of tokens: a `Set`, or the keys of a `Map` (token → where it came from). */
export type TokenSet = ReadonlySet<string> | ReadonlyMap<string, unknown>;

/** Inverse document frequency over a set of articles: ln(1 + N / df). */
export class TokenWeights {
  readonly #frequency = new Map<string, number>();
  readonly #count: number;
  readonly #sums = new WeakMap<TokenSet, number>();
  /** {@link weight} per token, computed once. */
  readonly #weights = new Map<string, number>();
  readonly #pairWeight: number;

  /** @param sets - one token set per article: N = max(2, sets), df = the sets that hold a token. */
  constructor(sets: readonly TokenSet[]) {
    this.#count = Math.max(2, sets.length);
    for (const set of sets) for (const token of set.keys()) this.#frequency.set(token, (this.#frequency.get(token) ?? 0) + 1);
    this.#pairWeight = Math.log(1 + this.#count / 2);
  }

  /** ln(1 + N / df) of `token` (df 1 for a token no set holds). */
  weight(token: string): number {
    let weight = this.#weights.get(token);
    if (weight === undefined) {
      weight = Math.log(1 + this.#count / Math.max(1, this.#frequency.get(token) ?? 1));
      this.#weights.set(token, weight);
    }
    return weight;
  }

  /** Weight of a token two articles share and no other article has: the damping pseudo-count. */
  get pairWeight(): number {
    return this.#pairWeight;
  }

  #setSum(set: TokenSet): number {
    const cached = this.#sums.get(set);
    if (cached !== undefined) return cached;
    let total = 0;
    for (const token of set.keys()) total += this.weight(token);
    this.#sums.set(set, total);
    return total;
  }

  /**
   * Weighted overlap: Σ weight(shared) / (min(Σ weight(left), Σ weight(right)) + {@link pairWeight}); 0–1.
   * The pseudo-count keeps one shared token between two tiny sets from counting as a full match.
   * (The sum over shared tokens runs in `left`'s order, as in {@link overlap}, so that both give the same number.)
   */
  overlapValue(left: TokenSet, right: TokenSet, leftOnly = false): number {
    let shared = 0;
    let total = 0;
    for (const token of left.keys()) {
      if (!right.has(token)) continue;
      shared += 1;
      total += this.weight(token);
    }
    if (shared === 0) return 0;
    const denominator = (leftOnly ? this.#setSum(left) : Math.min(this.#setSum(left), this.#setSum(right))) + this.pairWeight;
    return Math.min(1, total / denominator);
  }

  /** {@link overlapValue} and the shared tokens, rarest first (ties by `localeCompare`). */
  overlap(left: TokenSet, right: TokenSet, leftOnly = false): { value: number; shared: string[] } {
    const shared = [...left.keys()].filter((token) => right.has(token));
    if (shared.length === 0) return { value: 0, shared };
    const value = this.overlapValue(left, right, leftOnly);
    return { value, shared: shared.sort((left, right) => this.weight(right) - this.weight(left) || left.localeCompare(right)) };
  }
}
