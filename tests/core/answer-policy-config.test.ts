/**
 * The `ANSWER_*` variables: the answer policy fields a deployment may set. Unset or blank leaves the
 * policy's default (`DEFAULT_ANSWER_POLICY`, the one place defaults are written); values are bounded;
 * `.env.example` lists each with the default's value.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseDotenv } from 'dotenv';
import { describe, expect, it } from 'vitest';
import { DEFAULT_ANSWER_POLICY, withAnswerPolicyOverrides } from '../../src/answer';
import { ConfigError, loadConfig, type AnswerPolicyOverrides } from '../../src/core';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const ENV_EXAMPLE = parseDotenv(readFileSync(path.join(ROOT, '.env.example'), 'utf8'));

/** Each variable and the policy field it sets. */
const VARIABLES = {
  ANSWER_MIN_COVERAGE: 'minTermCoverage',
  ANSWER_MIN_WEIGHTED_COVERAGE: 'minWeightedTermCoverage',
  ANSWER_PERIOD_MIN_COVERAGE: 'periodMinTermCoverage',
  ANSWER_PERIOD_MIN_WEIGHTED_COVERAGE: 'periodMinWeightedTermCoverage',
  ANSWER_MAX_LIST_ARTICLES: 'maxListArticles',
  ANSWER_MAX_PERIOD_ARTICLES: 'maxPeriodArticles',
} as const satisfies Record<string, keyof AnswerPolicyOverrides>;

function answerOf(environment: Record<string, string>): AnswerPolicyOverrides {
  return loadConfig(environment, ROOT).answer;
}

function configErrorOf(environment: Record<string, string>): ConfigError {
  try {
    loadConfig(environment, ROOT);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('the answer policy variables', () => {
  it('leave every field to the policy’s default when unset', () => {
    const answer = answerOf({});
    expect(Object.values(answer).every((value) => value === undefined)).toBe(true);
    expect(withAnswerPolicyOverrides(DEFAULT_ANSWER_POLICY, answer)).toEqual(DEFAULT_ANSWER_POLICY);
  });

  it('take the given values, into the fields they name', () => {
    const answer = answerOf({
      ANSWER_GATE: 'model',
      ANSWER_MIN_COVERAGE: '0.9',
      ANSWER_MIN_WEIGHTED_COVERAGE: '0.6',
      ANSWER_PERIOD_MIN_COVERAGE: '0.25',
      ANSWER_PERIOD_MIN_WEIGHTED_COVERAGE: '0',
      ANSWER_MAX_LIST_ARTICLES: '2',
      ANSWER_MAX_PERIOD_ARTICLES: '12',
    });
    expect(answer).toEqual({
      gate: 'model',
      minTermCoverage: 0.9,
      minWeightedTermCoverage: 0.6,
      periodMinTermCoverage: 0.25,
      periodMinWeightedTermCoverage: 0,
      maxListArticles: 2,
      maxPeriodArticles: 12,
    });
    expect(withAnswerPolicyOverrides(DEFAULT_ANSWER_POLICY, answer)).toMatchObject({ ...answer, extractive: DEFAULT_ANSWER_POLICY.extractive });
  });

  it('accept the bounds themselves', () => {
    expect(answerOf({ ANSWER_MIN_COVERAGE: '1', ANSWER_MIN_WEIGHTED_COVERAGE: '0', ANSWER_MAX_LIST_ARTICLES: '1', ANSWER_MAX_PERIOD_ARTICLES: '100' })).toMatchObject({
      minTermCoverage: 1,
      minWeightedTermCoverage: 0,
      maxListArticles: 1,
      maxPeriodArticles: 100,
    });
  });

  it.each([
    ['ANSWER_MIN_COVERAGE', '1.5'],
    ['ANSWER_MIN_COVERAGE', '-0.1'],
    ['ANSWER_MIN_COVERAGE', 'high'],
    ['ANSWER_MIN_WEIGHTED_COVERAGE', '2'],
    ['ANSWER_PERIOD_MIN_COVERAGE', '75%'],
    ['ANSWER_PERIOD_MIN_WEIGHTED_COVERAGE', '-1'],
    ['ANSWER_MAX_LIST_ARTICLES', '0'],
    ['ANSWER_MAX_LIST_ARTICLES', '2.5'],
    ['ANSWER_MAX_LIST_ARTICLES', '21'],
    ['ANSWER_MAX_PERIOD_ARTICLES', '0'],
    ['ANSWER_MAX_PERIOD_ARTICLES', '101'],
  ])('%s=%s is rejected, naming the variable', (name, value) => {
    const error = configErrorOf({ [name]: value });
    expect(error.issues.some((issue) => issue.startsWith(`${name}: `))).toBe(true);
  });

  it('blank values (as when a line is emptied) take the defaults, like the other numeric variables', () => {
    const blank = answerOf(Object.fromEntries(Object.keys(VARIABLES).map((name, index) => [name, index % 2 === 0 ? '' : '  '])));
    expect(blank).toEqual(answerOf({}));
  });
});

describe('ANSWER_GATE', () => {
  it('chooses the coverage or the model gate, and rejects anything else naming the variable', () => {
    expect(answerOf({ ANSWER_GATE: 'coverage' }).gate).toBe('coverage');
    expect(withAnswerPolicyOverrides(DEFAULT_ANSWER_POLICY, answerOf({ ANSWER_GATE: 'model' })).gate).toBe('model');
    expect(answerOf({ ANSWER_GATE: ' ' }).gate).toBeUndefined();
    expect(configErrorOf({ ANSWER_GATE: 'llm' }).message).toContain('ANSWER_GATE');
  });
});

describe('.env.example', () => {
  it('sets ANSWER_GATE to the policy’s default gate', () => {
    expect(ENV_EXAMPLE.ANSWER_GATE).toBe(DEFAULT_ANSWER_POLICY.gate);
  });

  it('lists every answer policy variable with the policy’s default', () => {
    for (const [name, field] of Object.entries(VARIABLES)) {
      expect(ENV_EXAMPLE[name], name).toBeDefined();
      expect(Number(ENV_EXAMPLE[name]), name).toBe(DEFAULT_ANSWER_POLICY[field]);
    }
  });

  it('loads into the default policy', () => {
    expect(withAnswerPolicyOverrides(DEFAULT_ANSWER_POLICY, loadConfig(ENV_EXAMPLE, ROOT).answer)).toEqual(DEFAULT_ANSWER_POLICY);
  });
});
