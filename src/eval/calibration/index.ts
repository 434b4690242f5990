/** Calibrating the answer gate on the public QA corpora's calibration parts (`npm run calibrate`). */
export { fitLogisticRegression, logisticProbability, type LogisticModel, type LogisticFitOptions } from './logistic-regression';
export { chooseThreshold, evaluateThreshold, type ScoredQuestion, type ThresholdChoice } from './threshold';
