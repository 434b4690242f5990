/**
 * The answer gate: whether the evidence (`./answer-evidence.ts`) shows that the newsletters state what a
 * question asks. A logistic regression over the evidence features, P(answerable) = σ(b + Σ wᵢ·(xᵢ − μᵢ)/σᵢ),
 * answered when P reaches the model's threshold.
 *
 * The weights, the standardisation and the threshold are data, not code: `answer-gate-model.json` beside
 * this file, written by `npm run calibrate` (`src/cli/calibrate-command.ts`) from the *calibration* parts
 * of the public QA corpora (`npm run eval:external`), never from the dev questions or the report parts,
 * which stay for measuring. The file records what it was trained on and its figures there.
 */
import { z } from 'zod';
import { InputError } from '../core';
import { EVIDENCE_FEATURE_NAMES, type EvidenceFeatures } from './answer-evidence';
import defaultModelJson from './answer-gate-model.json' with { type: 'json' };

const modelSchema = z.object({
  version: z.literal(1),
  features: z.array(z.string()),
  means: z.array(z.number()),
  scales: z.array(z.number().positive()),
  weights: z.array(z.number()),
  bias: z.number(),
  threshold: z.number().min(0).max(1),
  trainedOn: z.string(),
  figures: z.record(z.string(), z.unknown()).default({}),
});

/** A trained answer gate: feature order, standardisation, weights, bias and the probability threshold. */
export type AnswerGateModel = Readonly<z.infer<typeof modelSchema>>;

/**
 * Validates a gate model.
 * @throws {InputError} when it is not a model of this version, or its features are not
 *   {@link EVIDENCE_FEATURE_NAMES} in that order with one mean, scale and weight each.
 */
export function parseAnswerGateModel(value: unknown, source = 'answer gate model'): AnswerGateModel {
  const parsed = modelSchema.safeParse(value);
  if (!parsed.success) throw new InputError(`${source} is not a valid answer gate model: ${parsed.error.issues[0]?.message ?? 'invalid'}.`);
  const model = parsed.data;
  const expected = [...EVIDENCE_FEATURE_NAMES];
  const lengths = [model.means.length, model.scales.length, model.weights.length];
  if (model.features.join(',') !== expected.join(',') || lengths.some((length) => length !== expected.length)) {
    throw new InputError(`${source} was trained on features [${model.features.join(', ')}]; this version reads [${expected.join(', ')}]. Run npm run calibrate.`);
  }
  return Object.freeze(model);
}

/** The committed model (`answer-gate-model.json`). */
export const DEFAULT_ANSWER_GATE_MODEL: AnswerGateModel = parseAnswerGateModel(defaultModelJson, 'src/answer/answer-gate-model.json');

/** The model's linear score b + Σ wᵢ·(xᵢ − μᵢ)/σᵢ (log-odds of answerable). */
export function answerLogOdds(features: EvidenceFeatures, model: AnswerGateModel): number {
  return EVIDENCE_FEATURE_NAMES.reduce(
    (sum, name, index) => sum + (model.weights[index] ?? 0) * ((features[name] - (model.means[index] ?? 0)) / (model.scales[index] ?? 1)),
    model.bias,
  );
}

/** P(answerable) in [0, 1]: the logistic of {@link answerLogOdds}. */
export function answerProbability(features: EvidenceFeatures, model: AnswerGateModel): number {
  return 1 / (1 + Math.exp(-answerLogOdds(features, model)));
}
