/**
 * `openAssistant` answers with `DEFAULT_ANSWER_POLICY` overridden by the configuration's `ANSWER_*`
 * variables: one index of a temp copy of the seed fixture (hashed embedder, temp folder), opened twice.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAssistant } from '../../src/app';
import { DEFAULT_ANSWER_POLICY } from '../../src/answer';
import { createSilentLogger } from '../../src/core';
import { makeConfig, openSeedAssistant, selectEmbedder, type SeedAssistant } from './support/seed-assistant';

/** Answered by default although the article phrases some of its words differently (coverage below 1). */
const QUESTION = 'How many Japanese visitors came in the first group of the young scientists exchange program?';

let seed: SeedAssistant;
beforeAll(async () => {
  seed = await openSeedAssistant();
});
afterAll(async () => {
  await seed.temp.remove();
});

describe('the answer policy of an opened assistant', () => {
  it('is the default without ANSWER_* variables', async () => {
    expect(seed.runtime.answerPolicy).toEqual(DEFAULT_ANSWER_POLICY);
    const answer = await seed.runtime.assistant.ask(QUESTION);
    expect(answer.found).toBe(true);
  });

  it('takes the configured thresholds, and both answerers follow them', async () => {
    const config = makeConfig({ INDEX_DIR: seed.config.indexDir, SEEDS_DIR: seed.config.seedsDir, ANSWER_GATE: 'coverage', ANSWER_MIN_COVERAGE: '1', ANSWER_MAX_LIST_ARTICLES: '2' });
    const runtime = await openAssistant(config, createSilentLogger(), { build: 'never', embedder: selectEmbedder() });
    expect(runtime.answerPolicy).toEqual({ ...DEFAULT_ANSWER_POLICY, gate: 'coverage', minTermCoverage: 1, maxListArticles: 2 });
    expect((await runtime.assistant.ask(QUESTION)).found).toBe(false);
    expect((await runtime.extractive.ask(QUESTION)).found).toBe(false);
  });
});
