/**
 * Type declaration for ml-logistic-regression 2.0.0 (mljs), which ships none; only the members the
 * calibration adapter (`./logistic-regression.ts`) uses, as read from its source.
 */
declare module 'ml-logistic-regression' {
  import type { Matrix } from 'ml-matrix';

  /** One-vs-all binary classifier trained by batch gradient ascent on the log-likelihood. */
  interface TwoClassClassifier {
    /** 1 × features row of weights, after `train`. */
    readonly weights: Matrix;
    /** P(class) for each row of `features`. */
    testScores(features: Matrix): number[];
  }

  export default class LogisticRegression {
    constructor(options?: { numSteps?: number; learningRate?: number });
    /** One classifier per class label found in `Y` (labels 0…k−1), in label order; classifier i scores P(label ≠ i). */
    readonly classifiers: TwoClassClassifier[];
    /** `X`: rows × features; `Y`: a column of class labels. */
    train(X: Matrix, Y: Matrix): void;
  }
}
