/**
 * The answer policy (src/answer/answer-policy.ts): the one place for the thresholds that decide answer
 * versus refusal and the counts of articles per answer. A source scan fails when such a literal comes back
 * elsewhere in `src/answer/`; behaviour tests over a small synthetic corpus show that each answerer
 * follows the policy it is given.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  AnswerPlanner,
  DEFAULT_ANSWER_POLICY,
  ExtractiveAnswerer,
  GeneratedAnswerer,
  withAnswerPolicyOverrides,
  type AnswerPolicy,
  type AnswerPromptName,
  type PromptedModel,
} from '../../src/answer';
import { createSilentLogger } from '../../src/core';
import type { HybridRetriever } from '../../src/retrieve';
import { makeEnglishArticle, makeSyntheticRetriever } from './support/synthetic-corpus';

const ANSWER_SOURCE = path.resolve(import.meta.dirname, '..', '..', 'src', 'answer');
const POLICY_FILE = 'answer-policy.ts';

/** A number written in the source, other than 0 (comparing with 0 asks "any at all?", not a threshold). */
const LITERAL = String.raw`(?:0*[1-9]\d*(?:\.\d+)?|0?\.\d*[1-9]\d*)(?![\w.])`;
/** An identifier naming a coverage or a score: `coverage`, `best.weightedCoverage`, `topScore`, `PERIOD_MIN_COVERAGE`. */
const MEASURE = String.raw`[\w.]*(?:coverage|score)\w*`;
/**
 * Ways a refusal threshold or an answer size is written as a literal: a coverage or score compared with
 * a number (either side) or scaled by one, defaulted to one (`?? 0.75`), or a constant named after it set
 * to one; and a retrieval depth (`k: 30`).
 */
const THRESHOLD_PATTERNS: readonly RegExp[] = [
  new RegExp(String.raw`\b${MEASURE}\s*(?:[<>]=?|[!=]==?)\s*-?${LITERAL}`, 'iu'),
  new RegExp(String.raw`(?<![\w.])${LITERAL}\s*(?:[<>]=?|[!=]==?)\s*${MEASURE}`, 'iu'),
  new RegExp(String.raw`\b${MEASURE}\s*[*/]\s*${LITERAL}`, 'iu'),
  new RegExp(String.raw`\b${MEASURE}\s*\?\?\s*${LITERAL}`, 'iu'),
  new RegExp(String.raw`\b${MEASURE}\s*=(?!=)\s*${LITERAL}`, 'iu'),
  new RegExp(String.raw`\bk\s*:\s*${LITERAL}`, 'u'),
];

/** `text` without its comments (block and line comments; a `//` inside a string or regex may cut a line short, which only scans less). */
function withoutComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//gu, (comment) => comment.replace(/[^\n]/gu, ' ')).replace(/(^|[^:\\])\/\/.*$/gmu, '$1');
}

/** The lines of `text` (1-based numbers) that write a threshold as a literal. */
function thresholdLiterals(text: string): { readonly line: number; readonly text: string }[] {
  return withoutComments(text)
    .split('\n')
    .flatMap((line, index) => (THRESHOLD_PATTERNS.some((pattern) => pattern.test(line)) ? [{ line: index + 1, text: line.trim() }] : []));
}

describe('the thresholds are written only in answer-policy.ts', () => {
  it('recognises the literals this module replaced, and not the comparisons that are no thresholds', () => {
    const replaced = [
      'if (best !== undefined && (terms.length <= 1 || best.coverage >= 0.5 || summary !== null)) {',
      'const found = best !== undefined && best.coverage >= this.minCoverage && best.weightedCoverage >= 0.5;',
      'if (result.coverage < PERIOD_MIN_COVERAGE || result.weightedCoverage < .4) continue;',
      'if (seen.has(group) || result.weightedCoverage < 0.3) continue;',
      'if (chosen.length > 0 && (result.score < topScore * 0.8 || result.coverage < this.minCoverage)) continue;',
      '.filter((sentence) => sentence === top || sentence.score >= top.score * 0.5);',
      'this.minCoverage = options.minCoverage ?? 0.75;',
      'const PERIOD_MIN_COVERAGE = 0.5;',
      'if (0.75 > best.coverage) return refusal;',
      ': await this.retriever.search(topic, { k: 30, lang: base.lang, period });',
    ];
    for (const line of replaced) expect(thresholdLiterals(line), line).toHaveLength(1);
    const allowed = [
      'if (seen.has(groupKey) || result.weightedCoverage === 0) continue;',
      'const ranked = [...scored].sort((left, right) => right.score - left.score || left.position - right.position);',
      'const found = best !== undefined && best.coverage >= this.policy.minTermCoverage;',
      'let score = 0;',
      '// below 0.5 coverage the article is skipped: best.coverage >= 0.5',
      'const topScore = retrieved[0]?.score ?? 0;',
    ];
    for (const line of allowed) expect(thresholdLiterals(line), line).toEqual([]);
  });

  it('finds none in src/answer outside answer-policy.ts', () => {
    const files = readdirSync(ANSWER_SOURCE).filter((name) => name.endsWith('.ts') && name !== POLICY_FILE);
    expect(files).toContain('answer-plan.ts');
    const found = files.flatMap((name) =>
      thresholdLiterals(readFileSync(path.join(ANSWER_SOURCE, name), 'utf8')).map(({ line, text }) => `${name}:${line}: ${text}`),
    );
    expect(found).toEqual([]);
  });
});

describe('DEFAULT_ANSWER_POLICY', () => {
  it('is frozen, nested groups included', () => {
    expect(Object.isFrozen(DEFAULT_ANSWER_POLICY)).toBe(true);
    expect(Object.isFrozen(DEFAULT_ANSWER_POLICY.extractive)).toBe(true);
    expect(Object.isFrozen(DEFAULT_ANSWER_POLICY.extractive.singleArticleSummary)).toBe(true);
  });

  it('holds shares within 0–1 and counts that are positive integers', () => {
    const shares = [
      DEFAULT_ANSWER_POLICY.minTermCoverage,
      DEFAULT_ANSWER_POLICY.minWeightedTermCoverage,
      DEFAULT_ANSWER_POLICY.followUpMinTermCoverage,
      DEFAULT_ANSWER_POLICY.currentStateTieWeightedCoverage,
      DEFAULT_ANSWER_POLICY.llmJudgedMinWeightedTermCoverage,
      DEFAULT_ANSWER_POLICY.listMinShareOfBestScore,
      DEFAULT_ANSWER_POLICY.periodMinTermCoverage,
      DEFAULT_ANSWER_POLICY.periodMinWeightedTermCoverage,
      DEFAULT_ANSWER_POLICY.extractive.minShareOfTopSentenceScore,
    ];
    for (const share of shares) expect(share >= 0 && share <= 1, String(share)).toBe(true);
    const counts = [
      DEFAULT_ANSWER_POLICY.maxListArticles,
      DEFAULT_ANSWER_POLICY.maxPeriodArticles,
      DEFAULT_ANSWER_POLICY.candidateArticles,
      DEFAULT_ANSWER_POLICY.periodCandidateArticles,
      DEFAULT_ANSWER_POLICY.maxRelatedItems,
      DEFAULT_ANSWER_POLICY.maxGeneratedSourceArticles,
    ];
    for (const count of counts) expect(Number.isInteger(count) && count > 0, String(count)).toBe(true);
  });
});

describe('withAnswerPolicyOverrides', () => {
  it('replaces the given fields, keeps the rest and the default, and freezes the result', () => {
    const policy = withAnswerPolicyOverrides(DEFAULT_ANSWER_POLICY, { minTermCoverage: 0.9, maxListArticles: undefined });
    expect(policy).toEqual({ ...DEFAULT_ANSWER_POLICY, minTermCoverage: 0.9 });
    expect(Object.isFrozen(policy)).toBe(true);
    expect(DEFAULT_ANSWER_POLICY.minTermCoverage).toBe(0.75);
  });

  it('with nothing set equals the default', () => {
    expect(withAnswerPolicyOverrides(DEFAULT_ANSWER_POLICY, {})).toEqual(DEFAULT_ANSWER_POLICY);
  });
});

/**
 * Five English articles: the Moonbeam laboratory in Harbin, a rice harvest, and three energy conferences of
 * May 2020. The question about the laboratory's budget covers 4 of its 5 terms (0.8; 0.74 by weight).
 */
let retriever: HybridRetriever;
const BUDGET_QUESTION = 'What budget did the Moonbeam Institute give the Harbin laboratory?';
const LIST_QUESTION = 'Which energy conferences were held?';
const PERIOD_QUESTION = 'Which energy conferences were held in May 2020?';

beforeAll(async () => {
  const conference = (position: number, city: string, kind: string, date: string) =>
    makeEnglishArticle({
      position,
      id: `900_synthetic#${position}`,
      title: `${kind} Conference in ${city}`,
      body: `A ${kind.toLowerCase()} energy conference was held in ${city} in May 2020.`,
      date,
    });
  retriever = await makeSyntheticRetriever([
    makeEnglishArticle(),
    makeEnglishArticle({ position: 2, id: '900_synthetic#2', title: 'Rice Harvest Festival', body: 'Farmers celebrated the rice harvest in Hunan.' }),
    conference(3, 'Xiamen', 'Solar', '2020-05-10'),
    conference(4, 'Dalian', 'Wind', '2020-05-12'),
    conference(5, 'Wuhan', 'Hydrogen', '2020-05-20'),
  ]);
});

/** The default policy with `overrides`, deciding answer or refusal by the coverage minimums these tests vary. */
function policyWith(overrides: Partial<AnswerPolicy>): AnswerPolicy {
  return { ...DEFAULT_ANSWER_POLICY, gate: 'coverage', ...overrides };
}

describe('the planner follows its policy', () => {
  it('answers the budget question by default; a stricter minimum coverage turns it into a refusal', async () => {
    const lenient = await new AnswerPlanner(retriever).plan(BUDGET_QUESTION);
    expect(lenient.retrieved[0]?.coverage).toBeCloseTo(0.8, 5);
    expect(lenient).toMatchObject({ found: true, notFoundReason: null });
    const strict = await new AnswerPlanner(retriever, { policy: policyWith({ minTermCoverage: 0.9 }) }).plan(BUDGET_QUESTION);
    expect(strict).toMatchObject({ found: false, notFoundReason: 'no-match', sources: [] });
  });

  it('refuses when the weighted coverage minimum is raised above the best article’s', async () => {
    const plan = await new AnswerPlanner(retriever, { policy: policyWith({ minWeightedTermCoverage: 0.8 }) }).plan(BUDGET_QUESTION);
    expect(plan.found).toBe(false);
  });

  it('takes at most maxListArticles articles for a list question', async () => {
    const byDefault = await new AnswerPlanner(retriever).plan(LIST_QUESTION);
    expect(byDefault.intent).toBe('list');
    expect(byDefault.sources).toHaveLength(3);
    const capped = await new AnswerPlanner(retriever, { policy: policyWith({ maxListArticles: 2 }) }).plan(LIST_QUESTION);
    expect(capped.sources).toHaveLength(2);
  });

  it('takes at most maxPeriodArticles articles for a period list, and none below the period coverage minimum', async () => {
    const byDefault = await new AnswerPlanner(retriever).plan(PERIOD_QUESTION);
    expect(byDefault.period).not.toBeNull();
    expect(byDefault.sources).toHaveLength(3);
    const capped = await new AnswerPlanner(retriever, { policy: policyWith({ maxPeriodArticles: 2 }) }).plan(PERIOD_QUESTION);
    expect(capped.sources).toHaveLength(2);
    const strict = await new AnswerPlanner(retriever, { policy: policyWith({ periodMinTermCoverage: 1, periodMinWeightedTermCoverage: 1 }) }).plan(
      'Which energy conferences were held in Hunan in May 2020?',
    );
    expect(strict).toMatchObject({ found: false, notFoundReason: 'empty-period' });
  });
});

describe('the extractive answerer follows its policy', () => {
  it('refuses the budget question under a stricter policy', async () => {
    const byDefault = await new ExtractiveAnswerer(retriever).ask(BUDGET_QUESTION);
    expect(byDefault.found).toBe(true);
    const strict = await new ExtractiveAnswerer(retriever, { policy: policyWith({ minTermCoverage: 0.9 }) }).ask(BUDGET_QUESTION);
    expect(strict).toMatchObject({ found: false, citations: [] });
  });

  it('quotes as many sentences from one source as the sentence policy says', async () => {
    const article = makeEnglishArticle({
      body: [
        'The Moonbeam Institute opened a quantum sensing laboratory in Harbin.',
        'Officials toured the canteen and walked through the garden.',
        'The Harbin laboratory of the Moonbeam Institute focuses on quantum sensing.',
      ].join(' '),
    });
    const small = await makeSyntheticRetriever([article]);
    const question = 'What quantum sensing laboratory did the Moonbeam Institute open in Harbin?';
    const markers = (answer: string): number => answer.match(/\[1\]/gu)?.length ?? 0;
    expect(markers((await new ExtractiveAnswerer(small).ask(question)).answer)).toBe(2);
    const oneSentence = policyWith({ extractive: { ...DEFAULT_ANSWER_POLICY.extractive, sentencesFromOnlySource: 1 } });
    expect(markers((await new ExtractiveAnswerer(small, { policy: oneSentence }).ask(question)).answer)).toBe(1);
  });
});

/** A chat model in memory: no translation, and an answer that quotes source 1. */
class ScriptedModel implements PromptedModel {
  readonly id = 'scripted:test';
  readonly contextCharacters = 12_000;
  readonly streamed: AnswerPromptName[] = [];

  async complete(): Promise<string> {
    return '';
  }

  async *stream(prompt: AnswerPromptName): AsyncIterable<string> {
    this.streamed.push(prompt);
    yield 'The Moonbeam Institute opened a quantum sensing laboratory in Harbin [1].';
  }
}

describe('the generated answerer follows its policy', () => {
  const strictGate = { minTermCoverage: 0.9 };

  it('lets the model judge an article the gate refused when its weighted coverage passes llmJudgedMinWeightedTermCoverage', async () => {
    const model = new ScriptedModel();
    const answerer = new GeneratedAnswerer(retriever, model, { logger: createSilentLogger(), policy: policyWith(strictGate) });
    const answer = await answerer.ask(BUDGET_QUESTION);
    expect(model.streamed).toEqual(['answer']);
    expect(answer).toMatchObject({ found: true, mode: 'llm' });
  });

  it('refuses without asking the model when that minimum is above the article’s weighted coverage', async () => {
    const model = new ScriptedModel();
    const policy = policyWith({ ...strictGate, llmJudgedMinWeightedTermCoverage: 0.8 });
    const answer = await new GeneratedAnswerer(retriever, model, { logger: createSilentLogger(), policy }).ask(BUDGET_QUESTION);
    expect(model.streamed).toEqual([]);
    expect(answer).toMatchObject({ found: false, mode: 'llm', citations: [] });
  });
});
