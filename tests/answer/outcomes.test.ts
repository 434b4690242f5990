/**
 * Issue 11: three outcomes, said plainly — answered, partial (the newsletters cover the topic, not the asked
 * fact) and not found — in the answer result and `ask --json`, in Slack's blocks and in the terminal text,
 * in both languages.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_ANSWER_POLICY, ExtractiveAnswerer, type AnswerResult } from '../../src/answer';
import { formatAnswerText, toAskJson } from '../../src/cli/present';
import type { HybridRetriever } from '../../src/retrieve';
import { formatAnswerReply } from '../../src/slack/format-reply';
import { makeEnglishArticle, makeSyntheticRetriever } from './support/synthetic-corpus';

/**
 * The partial cases decide by the coverage gate: in a two-article corpus every term's IDF is about the
 * same, so the calibrated model (fitted on corpora of 50–150 items, where a missing name weighs more) sits
 * at its threshold on them. What is tested here is how each outcome is said, not the gate.
 */
const COVERAGE_GATE = { policy: { ...DEFAULT_ANSWER_POLICY, gate: 'coverage' as const } };

/** Plain text of every block of a Slack reply. */
function blockText(result: AnswerResult): string {
  return JSON.stringify(formatAnswerReply(result).blocks);
}

describe('three outcomes', () => {
  let retriever: HybridRetriever;
  beforeAll(async () => {
    retriever = await makeSyntheticRetriever([
      makeEnglishArticle({
        title: 'Moonbeam Institute Opens a Laboratory in Harbin',
        body: 'The Moonbeam Institute opened a quantum sensing laboratory in Harbin. The laboratory has an annual budget of 40 million yuan.',
      }),
      makeEnglishArticle({
        position: 2,
        id: '900_synthetic#2',
        lang: 'zh',
        title: '哈尔滨月光研究所开设量子传感实验室',
        body: '月光研究所在哈尔滨开设了量子传感实验室。实验室每年预算4000万元。',
      }),
    ]);
  });

  it('answered: found, cited, outcome answered everywhere', async () => {
    const result = await new ExtractiveAnswerer(retriever).ask('What is the annual budget of the Moonbeam laboratory in Harbin?');
    expect(result).toMatchObject({ found: true, outcome: 'answered' });
    expect(toAskJson(result)).toMatchObject({ found: true, outcome: 'answered' });
    expect(formatAnswerText(result)).toMatch(/Sources:/u);
  });

  it('partial (English): the topic is covered, the asked fact is not; said so, with the items on the topic', async () => {
    // Covers Moonbeam, quantum, sensing, laboratory, Harbin; not who the director is (0.75 needed, terms missing).
    const result = await new ExtractiveAnswerer(retriever, COVERAGE_GATE).ask('Which Oslo professor directs the Moonbeam quantum sensing laboratory in Harbin?');
    expect(result).toMatchObject({ found: false, outcome: 'partial', citations: [] });
    expect(result.answer).toMatch(/^The newsletters report on this topic but do not state what you asked\. The item on it is “Moonbeam Institute[^”]*” \(Science and Technology Daily, 2020-05-04\)\.$/u);
    expect(toAskJson(result)).toMatchObject({ found: false, outcome: 'partial' });
    expect(blockText(result)).toContain('Newsletter items on this topic');
    expect(formatAnswerText(result)).toContain('do not state what you asked');
  });

  it('partial (Chinese): 说明报道过该主题但没有提到所问内容', async () => {
    // Covers 月光研究所 and 量子传感实验室 (2 of 3 terms, below 0.75); not 主任.
    const result = await new ExtractiveAnswerer(retriever, COVERAGE_GATE).ask('月光研究所量子传感实验室的主任是谁？');
    expect(result).toMatchObject({ found: false, outcome: 'partial' });
    expect(result.answer).toMatch(/^新闻通讯报道过相关主题，但没有提到您问的这一点。涉及该主题的报道：《/u);
    expect(blockText(result)).toContain('通讯中涉及该主题的条目');
  });

  it('not found: nothing on the topic; no citation, the plain refusal', async () => {
    const result = await new ExtractiveAnswerer(retriever).ask('What did the Zanzibar volcano observatory publish about lava flows?');
    expect(result).toMatchObject({ found: false, outcome: 'not_found', citations: [] });
    expect(result.answer).toMatch(/^I could not find this in the newsletters\./u);
    expect(blockText(result)).not.toContain('on this topic');
    expect(toAskJson(result)).toMatchObject({ outcome: 'not_found' });
  });
});

describe('the answer sentence holds the kind of value asked', () => {
  it('"how many" quotes the sentence with the number, not only the one with the most question words', async () => {
    const retriever = await makeSyntheticRetriever([
      makeEnglishArticle({
        title: 'Hydrogen Forum Held in Xiamen',
        body: 'The hydrogen energy forum opened in Xiamen on Monday. Delegates attended the hydrogen energy forum in Xiamen to discuss fuel cells. The forum drew 320 delegates. Talks covered storage.',
      }),
      makeEnglishArticle({ position: 2, id: '900_synthetic#2', title: 'Rice Harvest Festival', body: 'Farmers celebrated the rice harvest in Hunan.' }),
    ]);
    const question = 'How many delegates attended the hydrogen energy forum in Xiamen?';
    const answer = await new ExtractiveAnswerer(retriever).ask(question);
    expect(answer.found).toBe(true);
    expect(answer.answer).toContain('320 delegates');
    const withoutPoints = { ...DEFAULT_ANSWER_POLICY, extractive: { ...DEFAULT_ANSWER_POLICY.extractive, answerTypeSentencePoints: 0 } };
    expect((await new ExtractiveAnswerer(retriever, { policy: withoutPoints }).ask(question)).answer).not.toContain('320');
  });
});
