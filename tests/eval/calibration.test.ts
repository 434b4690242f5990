/** Fitting and thresholding the answer gate (`npm run calibrate`): the logistic adapter and the threshold rule. */
import { describe, expect, it } from 'vitest';
import { chooseThreshold, evaluateThreshold, fitLogisticRegression, logisticProbability } from '../../src/eval';

describe('fitLogisticRegression (ml-logistic-regression behind an adapter)', () => {
  it('learns which way a separating feature points, and ignores a constant one', () => {
    const rows = Array.from({ length: 40 }, (_, index) => [index / 39, 0.3]);
    const labels = rows.map(([value]) => ((value ?? 0) > 0.5 ? 1 : 0) as 0 | 1);
    const model = fitLogisticRegression(rows, labels);
    expect(model.weights[0]).toBeGreaterThan(0);
    expect(model.scales[1]).toBe(1);
    expect(logisticProbability(model, [0.95, 0.3])).toBeGreaterThan(0.8);
    expect(logisticProbability(model, [0.05, 0.3])).toBeLessThan(0.2);
  });

  it('refuses labels of one class or rows of different lengths', () => {
    expect(() => fitLogisticRegression([[1], [2]], [1, 1])).toThrow(RangeError);
    expect(() => fitLogisticRegression([[1], [2, 3]], [0, 1])).toThrow(RangeError);
  });
});

describe('chooseThreshold', () => {
  const questions = [
    { probability: 0.9, answerable: true },
    { probability: 0.7, answerable: true },
    { probability: 0.4, answerable: true },
    { probability: 0.6, answerable: false },
    { probability: 0.2, answerable: false },
    { probability: 0.1, answerable: false },
  ];

  it('takes the lowest threshold that refuses the required share of unanswerable questions', () => {
    const choice = chooseThreshold(questions, 0.6);
    expect(choice.refused).toBeGreaterThanOrEqual(0.6);
    expect(choice.threshold).toBeCloseTo(0.3, 10);
    expect(choice.answered).toBeCloseTo(1, 10);
  });

  it('without a required share, maximises balanced accuracy, the lowest threshold on ties', () => {
    const choice = chooseThreshold(questions);
    // 0.3 (all answered, 2 of 3 refused) and 0.65 (2 of 3 answered, all refused) tie at 5/6.
    expect(choice.balancedAccuracy).toBeCloseTo(5 / 6, 10);
    expect(evaluateThreshold(questions, 0.65).balancedAccuracy).toBeCloseTo(5 / 6, 10);
    expect(choice.threshold).toBeCloseTo(0.3, 10);
    expect(chooseThreshold(questions.filter((question) => question.probability !== 0.4)).threshold).toBeCloseTo(0.65, 10);
  });

  it('needs both classes', () => {
    expect(() => chooseThreshold(questions.filter((question) => question.answerable))).toThrow(RangeError);
  });
});
