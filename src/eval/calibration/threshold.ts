/**
 * Choosing the answer gate's probability threshold on calibration data: the threshold that answers the
 * most answerable questions while refusing at least a required share of the unanswerable ones (the
 * product's bar is stated as such a pair: answered ≥ 92 %, near misses refused ≥ 85 %), or else the one of
 * best balanced accuracy — the mean of the two shares — so neither class's size decides it.
 */

/** One calibration question: the gate's P(answerable) and whether it was answerable. */
export interface ScoredQuestion {
  readonly probability: number;
  readonly answerable: boolean;
}

/** A threshold and how it does on the questions it was chosen on. */
export interface ThresholdChoice {
  /** Answer when P(answerable) ≥ this (0–1). */
  readonly threshold: number;
  /** Share of answerable questions answered. */
  readonly answered: number;
  /** Share of unanswerable questions refused. */
  readonly refused: number;
  /** (answered + refused) / 2. */
  readonly balancedAccuracy: number;
}

/** How `threshold` does on `questions`. */
export function evaluateThreshold(questions: readonly ScoredQuestion[], threshold: number): ThresholdChoice {
  const answerable = questions.filter((question) => question.answerable);
  const unanswerable = questions.filter((question) => !question.answerable);
  const answered = answerable.length === 0 ? 0 : answerable.filter((question) => question.probability >= threshold).length / answerable.length;
  const refused = unanswerable.length === 0 ? 0 : unanswerable.filter((question) => question.probability < threshold).length / unanswerable.length;
  return { threshold, answered, refused, balancedAccuracy: (answered + refused) / 2 };
}

/**
 * The threshold for `questions` (candidates: midpoints between consecutive distinct probabilities):
 * with `minRefused`, the lowest threshold — the one that answers most — whose share of unanswerable
 * questions refused is at least `minRefused`; without it, or when no threshold reaches it, the one of
 * best balanced accuracy (on ties the lowest).
 * @param minRefused - share (0–1) of unanswerable questions that must be refused.
 * @throws {RangeError} when either class is absent.
 */
export function chooseThreshold(questions: readonly ScoredQuestion[], minRefused?: number): ThresholdChoice {
  if (!questions.some((question) => question.answerable) || !questions.some((question) => !question.answerable)) {
    throw new RangeError('Choosing a threshold needs answerable and unanswerable questions.');
  }
  const values = [...new Set(questions.map((question) => question.probability))].sort((left, right) => left - right);
  const candidates = [0, ...values.slice(1).map((value, index) => ((values[index] ?? 0) + value) / 2)];
  if (minRefused !== undefined) {
    for (const candidate of candidates) {
      const choice = evaluateThreshold(questions, candidate);
      if (choice.refused >= minRefused) return choice;
    }
  }
  let best = evaluateThreshold(questions, candidates[0] ?? 0);
  for (const candidate of candidates) {
    const choice = evaluateThreshold(questions, candidate);
    if (choice.balancedAccuracy > best.balancedAccuracy + 1e-12) best = choice;
  }
  return best;
}
