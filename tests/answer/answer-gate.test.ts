/**
 * Issue 11: sentence-level evidence and the trained answer gate. The evidence must tell "the article
 * states the asked fact in one passage" from "the article is about the topic, the fact is elsewhere or
 * absent"; the gate turns the evidence into P(answerable) with a committed model, and the planner's
 * `gate: 'model'` answers or refuses by it, with the three outcomes.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  AnswerPlanner,
  DEFAULT_ANSWER_GATE_MODEL,
  DEFAULT_ANSWER_POLICY,
  EVIDENCE_FEATURE_NAMES,
  EvidenceReader,
  answerProbability,
  parseAnswerGateModel,
  type AnswerGateModel,
  type EvidenceFeatures,
} from '../../src/answer';
import type { HybridRetriever } from '../../src/retrieve';
import { makeEnglishArticle, makeSyntheticRetriever } from './support/synthetic-corpus';

const ZERO: EvidenceFeatures = Object.fromEntries(EVIDENCE_FEATURE_NAMES.map((name) => [name, 0])) as unknown as EvidenceFeatures;

/** A model reading only `feature`: P = σ(weight · (x − centre)), threshold 0.5. */
function oneFeatureModel(feature: (typeof EVIDENCE_FEATURE_NAMES)[number], weight: number, centre = 0.5): AnswerGateModel {
  return parseAnswerGateModel({
    version: 1,
    features: [...EVIDENCE_FEATURE_NAMES],
    means: EVIDENCE_FEATURE_NAMES.map((name) => (name === feature ? centre : 0)),
    scales: EVIDENCE_FEATURE_NAMES.map(() => 1),
    weights: EVIDENCE_FEATURE_NAMES.map((name) => (name === feature ? weight : 0)),
    bias: 0,
    threshold: 0.5,
    trainedOn: 'test',
  });
}

describe('the answer gate model', () => {
  it('the committed model is trained (not the placeholder) and reads the features in order', () => {
    expect(DEFAULT_ANSWER_GATE_MODEL.trainedOn).toMatch(/calibration parts/u);
    expect(DEFAULT_ANSWER_GATE_MODEL.features).toEqual([...EVIDENCE_FEATURE_NAMES]);
    expect(DEFAULT_ANSWER_GATE_MODEL.threshold).toBeGreaterThan(0);
    expect(DEFAULT_ANSWER_GATE_MODEL.threshold).toBeLessThan(1);
  });

  it('rejects a model of other features or mismatched lengths, saying to recalibrate', () => {
    const model = { ...DEFAULT_ANSWER_GATE_MODEL, features: ['articleCoverage'] };
    expect(() => parseAnswerGateModel(model, 'old.json')).toThrow(/old\.json.*npm run calibrate/u);
    expect(() => parseAnswerGateModel({ ...DEFAULT_ANSWER_GATE_MODEL, weights: [1] })).toThrow(/npm run calibrate/u);
    expect(() => parseAnswerGateModel({ ...DEFAULT_ANSWER_GATE_MODEL, threshold: 2 })).toThrow(/not a valid answer gate model/u);
  });

  it('gives the logistic of the standardised weighted sum', () => {
    const model = oneFeatureModel('windowWeightedCoverage', 4);
    expect(answerProbability({ ...ZERO, windowWeightedCoverage: 0.5 }, model)).toBeCloseTo(0.5, 10);
    expect(answerProbability({ ...ZERO, windowWeightedCoverage: 1 }, model)).toBeCloseTo(1 / (1 + Math.exp(-2)), 10);
    expect(answerProbability({ ...ZERO, windowWeightedCoverage: 0 }, model)).toBeCloseTo(1 / (1 + Math.exp(2)), 10);
  });

  it('on its own features, the committed model prefers a passage holding the whole question to a topic-only article', () => {
    const stated: EvidenceFeatures = { ...ZERO, articleCoverage: 1, articleWeightedCoverage: 1, windowWeightedCoverage: 1, articleTokenShare: 0.9, windowTokenShare: 0.9, inverseTermCount: 0.25 };
    const topicOnly: EvidenceFeatures = { ...stated, articleCoverage: 0.5, articleWeightedCoverage: 0.4, windowWeightedCoverage: 0.4, articleMissingRarest: 1, windowMissingRarest: 1, articleTokenShare: 0.4, windowTokenShare: 0.3 };
    expect(answerProbability(stated, DEFAULT_ANSWER_GATE_MODEL)).toBeGreaterThanOrEqual(DEFAULT_ANSWER_GATE_MODEL.threshold);
    expect(answerProbability(topicOnly, DEFAULT_ANSWER_GATE_MODEL)).toBeLessThan(DEFAULT_ANSWER_GATE_MODEL.threshold);
  });
});

/**
 * One article about the Moonbeam laboratory: its opening sentence names the city, a later paragraph the
 * budget, far from the city; and an unrelated article.
 */
describe('EvidenceReader', () => {
  let retriever: HybridRetriever;
  beforeAll(async () => {
    retriever = await makeSyntheticRetriever([
      makeEnglishArticle({
        title: 'Moonbeam Institute Opens a Laboratory',
        body:
          'The Moonbeam Institute opened a quantum sensing laboratory in Harbin on Monday. The ceremony was attended by 200 guests.\n\n' +
          'Researchers will study magnetometers. Students will join the projects. Local firms will supply equipment.\n\n' +
          'The laboratory has an annual budget of 40 million yuan.',
      }),
      makeEnglishArticle({ position: 2, id: '900_synthetic#2', title: 'Rice Harvest Festival', body: 'Farmers celebrated the rice harvest in Hunan.' }),
    ]);
  });

  async function evidenceFor(question: string) {
    const terms = retriever.questionTerms(question);
    const retrieved = await retriever.search(question, { k: 2 });
    return new EvidenceReader(retriever).read(question, terms, retrieved, 2);
  }

  it('finds the passage that holds the asked terms together, and says so in its features', async () => {
    const evidence = await evidenceFor('What is the annual budget of the Moonbeam laboratory?');
    expect(evidence.passage?.sentences.join(' ')).toContain('annual budget of 40 million yuan');
    expect(evidence.features.windowWeightedCoverage).toBe(1);
    expect(evidence.features.windowMissingRarest).toBe(0);
    expect(evidence.features.articleTokenShare).toBe(1);
  });

  it('scores a question whose rare term no passage holds lower than one whose terms one passage holds', async () => {
    const stated = await evidenceFor('Which city hosts the Moonbeam quantum sensing laboratory?');
    const missing = await evidenceFor('Which Oslo partners fund the Moonbeam quantum sensing laboratory?');
    expect(missing.features.windowWeightedCoverage).toBeLessThan(stated.features.windowWeightedCoverage);
    expect(missing.features.articleMissingRarest).toBeGreaterThan(0);
    expect(missing.features.windowTokenShare).toBeLessThan(stated.features.windowTokenShare);
  });

  it('keeps every feature within 0–1', async () => {
    const evidence = await evidenceFor('Who attended the Moonbeam ceremony in Harbin?');
    for (const name of EVIDENCE_FEATURE_NAMES) {
      expect(evidence.features[name], name).toBeGreaterThanOrEqual(0);
      expect(evidence.features[name], name).toBeLessThanOrEqual(1);
    }
  });

  it('with the model gate, the planner answers, refuses as partial, or refuses as not found', async () => {
    // Answer only when one passage holds (nearly) the whole question.
    const byWindow = oneFeatureModel('windowWeightedCoverage', 8, 0.95);
    const planner = new AnswerPlanner(retriever, { policy: { ...DEFAULT_ANSWER_POLICY, gate: 'model', answerGate: byWindow } });
    const answered = await planner.plan('What is the annual budget of the Moonbeam laboratory?');
    expect(answered).toMatchObject({ found: true, outcome: 'answered' });
    expect(answered.evidence?.probability).toBeGreaterThan(0.5);
    // The topic is covered (most terms, by weight), the Oslo funding is not stated anywhere.
    const partial = await planner.plan('What annual budget does the Moonbeam quantum sensing laboratory in Harbin receive from Oslo?');
    expect(partial.retrieved[0]?.weightedCoverage).toBeGreaterThanOrEqual(DEFAULT_ANSWER_POLICY.partialMinWeightedTermCoverage);
    expect(partial).toMatchObject({ found: false, outcome: 'partial' });
    const none = await planner.plan('What did the Zanzibar volcano observatory publish?');
    expect(none.outcome).toBe('not_found');
  });
});
