/**
 * Issue 16, row 4, through the real Bolt app: `SLACK_RATE_LIMIT_QUESTIONS=` (blank, as copied from
 * `.env.example`) used to read as 0 and turn the rate limit off; a blank variable now means unset, so the
 * default limit (10 questions per 60 s window) holds for the app built from that configuration.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/core';
import { startHttpHarness, TEST_BOT_TOKEN, TEST_SIGNING_SECRET, type HttpHarness } from './support/http-harness';
import { questionLogLines, waitForAnswer } from './support/replies';
import { appMentionEvent, eventCallback } from './support/slack-events';
import { waitFor } from './support/wait-for';

let harness: HttpHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

describe('a blank SLACK_RATE_LIMIT_QUESTIONS', () => {
  it('keeps the default limit: the eleventh question in a minute is refused politely', async () => {
    const config = loadConfig({
      SLACK_BOT_TOKEN: TEST_BOT_TOKEN,
      SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
      SLACK_RATE_LIMIT_QUESTIONS: '',
      SLACK_RATE_LIMIT_WINDOW_MS: ' ',
    });
    const slack = config.slack;
    if (slack === null) throw new Error('expected a Slack configuration');
    harness = await startHttpHarness({
      config: { rateLimitQuestions: slack.rateLimitQuestions, rateLimitWindowMilliseconds: slack.rateLimitWindowMilliseconds },
    });
    const h = harness;
    for (let index = 0; index < 11; index += 1) {
      const mention = appMentionEvent({ text: `<@U0BOT> Question ${index}?` });
      await h.post(eventCallback(mention));
      if (index < 10) await waitForAnswer(h.fake, h.log, 'C0GENERAL', mention['ts'] as string);
    }
    await h.fake.waitForCalls('chat.postEphemeral', 1);
    await waitFor('eleven question log lines', () => (questionLogLines(h.log).length === 11 ? true : undefined));
    const outcomes = questionLogLines(h.log).map((line) => line['outcome']);
    expect(outcomes).toEqual([...Array<string>(10).fill('answered'), 'rate-limited']);
    expect(h.assistant.calls).toHaveLength(10);
  });
});
