/**
 * Binary logistic regression for calibrating the answer gate: the only importer of
 * `ml-logistic-regression` (mljs; batch gradient ascent, no regularisation, no intercept of its own).
 * Features are standardised (mean 0, standard deviation 1) and a constant column gives the intercept.
 */
import { Matrix } from 'ml-matrix';
import LogisticRegression from 'ml-logistic-regression';

/** A fitted model on standardised features: P(1) = σ(bias + Σ weightᵢ · (xᵢ − meanᵢ) / scaleᵢ). */
export interface LogisticModel {
  readonly means: readonly number[];
  /** Standard deviations (1 where a feature is constant). */
  readonly scales: readonly number[];
  readonly weights: readonly number[];
  readonly bias: number;
}

/** Gradient steps and step size of the fit; the defaults converge on a few thousand rows of six features. */
export interface LogisticFitOptions {
  /** Default 20,000. */
  readonly steps?: number;
  /** Default 1e-3 (the gradient is a sum over rows: smaller for many rows). */
  readonly learningRate?: number;
}

/**
 * Fits P(label = 1 | features).
 * @param rows - feature vectors, all of one length.
 * @param labels - 0 or 1 per row; both must occur.
 * @throws {RangeError} when rows and labels differ in number, rows differ in length, or a class is missing.
 */
export function fitLogisticRegression(rows: readonly (readonly number[])[], labels: readonly (0 | 1)[], options: LogisticFitOptions = {}): LogisticModel {
  const width = rows[0]?.length ?? 0;
  if (rows.length !== labels.length || rows.some((row) => row.length !== width)) throw new RangeError('Every row needs a label and the same number of features.');
  if (!labels.includes(0) || !labels.includes(1)) throw new RangeError('Both classes (0 and 1) must occur among the labels.');
  const means = Array.from({ length: width }, (_, column) => rows.reduce((sum, row) => sum + (row[column] ?? 0), 0) / rows.length);
  const scales = means.map((mean, column) => {
    const variance = rows.reduce((sum, row) => sum + ((row[column] ?? 0) - mean) ** 2, 0) / rows.length;
    // A constant column's variance is rounding noise (≈ 1e-16), not spread: leave it unscaled.
    return variance > 1e-12 ? Math.sqrt(variance) : 1;
  });
  const standardised = rows.map((row) => [1, ...row.map((value, column) => (value - (means[column] ?? 0)) / (scales[column] ?? 1))]);
  const model = new LogisticRegression({ numSteps: options.steps ?? 20_000, learningRate: options.learningRate ?? 1e-3 });
  model.train(new Matrix(standardised), Matrix.columnVector([...labels]));
  // ml-logistic-regression 2.0.0's one-vs-all classifier i is trained with class i as 0 and every other
  // class as 1 (`transformClassesForOneVsAll`): classifier 0 therefore gives P(label ≠ 0) = P(1).
  const positive = model.classifiers[0];
  if (positive === undefined) throw new RangeError('The fit produced no classifier.');
  const [bias = 0, ...weights] = positive.weights.to1DArray();
  return { means, scales, weights, bias };
}

/** P(1) of one feature vector under `model`. */
export function logisticProbability(model: LogisticModel, row: readonly number[]): number {
  const score = row.reduce((sum, value, column) => sum + (model.weights[column] ?? 0) * ((value - (model.means[column] ?? 0)) / (model.scales[column] ?? 1)), model.bias);
  return 1 / (1 + Math.exp(-score));
}
