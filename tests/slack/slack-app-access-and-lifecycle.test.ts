/**
 * Who may use the bot (channel and user allow-lists, the per-user rate limit) and its lifecycle (health
 * endpoint, graceful shutdown), through the real Bolt app over loopback.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { SLACK_INTERFACE_TEXT } from '../../src/slack/ui-text';
import { answerResultFixture } from './support/fake-assistant';
import { startHttpHarness, TEST_BOT_TOKEN, TEST_SIGNING_SECRET, type HarnessAppOptions, type HttpHarness } from './support/http-harness';
import { questionLogLines, waitForAnswer } from './support/replies';
import { appMentionEvent, directMessageEvent, eventCallback, slashCommandBody } from './support/slack-events';
import { Gate, waitFor } from './support/wait-for';

let harness: HttpHarness | undefined;

async function start(options: HarnessAppOptions = {}): Promise<HttpHarness> {
  harness = await startHttpHarness(options);
  return harness;
}

afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

describe('allow-lists', () => {
  it('does not answer in a channel that is not on the list, but answers in listed channels and direct messages', async () => {
    const h = await start({ config: { allowedChannels: ['C0ALLOWED'] } });
    const refused = appMentionEvent({ channel: 'C0GENERAL' });
    await h.post(eventCallback(refused));
    const allowed = appMentionEvent({ channel: 'C0ALLOWED' });
    await h.post(eventCallback(allowed));
    await waitForAnswer(h.fake, h.log, 'C0ALLOWED', allowed['ts'] as string);
    const direct = directMessageEvent();
    await h.post(eventCallback(direct));
    await waitForAnswer(h.fake, h.log, 'D0ASKER', direct['ts'] as string);

    expect(questionLogLines(h.log, refused['ts'] as string)).toEqual([expect.objectContaining({ outcome: 'not-allowed', channel: 'C0GENERAL' })]);
    expect(h.assistant.calls).toHaveLength(2);
    expect(h.fake.calls.filter((call) => call.body['channel'] === 'C0GENERAL' || call.body['channel_id'] === 'C0GENERAL')).toEqual([]);
  });

  it('does not answer users who are not on the list; the slash command tells them privately', async () => {
    const h = await start({ config: { allowedUsers: ['U0MEMBER'] } });
    const stranger = appMentionEvent({ user: 'U0STRANGER' });
    await h.post(eventCallback(stranger));
    const member = appMentionEvent({ user: 'U0MEMBER' });
    await h.post(eventCallback(member));
    await waitForAnswer(h.fake, h.log, 'C0GENERAL', member['ts'] as string);
    await waitFor('the refusal to be logged', () => (questionLogLines(h.log, stranger['ts'] as string).length === 1 ? true : undefined));

    const command = await h.postForm(slashCommandBody({ text: 'ask anything?', user_id: 'U0STRANGER', response_url: h.responseUrl() }));
    expect(JSON.parse(command.body)).toMatchObject({ response_type: 'ephemeral', text: SLACK_INTERFACE_TEXT.en.notAllowed });
    expect(h.assistant.calls).toHaveLength(1);
  });
});

describe('rate limit', () => {
  it('answers a user’s first questions, then says politely (and privately) how long to wait', async () => {
    const h = await start({ config: { rateLimitQuestions: 2, rateLimitWindowMilliseconds: 60_000 } });
    for (let index = 0; index < 2; index += 1) {
      const mention = appMentionEvent({ text: `<@U0BOT> Question ${index}?` });
      await h.post(eventCallback(mention));
      await waitForAnswer(h.fake, h.log, 'C0GENERAL', mention['ts'] as string);
    }
    const third = appMentionEvent({ text: '<@U0BOT> Question 3?' });
    await h.post(eventCallback(third));
    const [notice] = await h.fake.waitForCalls('chat.postEphemeral', 1);
    expect(notice?.body).toMatchObject({ channel: 'C0GENERAL', user: 'U0ASKER', thread_ts: third['ts'] });
    expect(notice?.body['text']).toMatch(/^You are asking faster than I can keep up with\. Please wait about (5\d|60) s and ask again\.$/);

    // Another user is not limited; the slash command refuses with the same notice, in the asker's language.
    const other = appMentionEvent({ user: 'U0OTHER', text: '<@U0BOT> My first question?' });
    await h.post(eventCallback(other));
    await waitForAnswer(h.fake, h.log, 'C0GENERAL', other['ts'] as string);
    const command = await h.postForm(slashCommandBody({ text: '中美创新对话？', response_url: h.responseUrl() }));
    expect(JSON.parse(command.body)['text']).toMatch(/^您提问的速度有点快，请等待约 \d+ 秒后再问。$/);

    expect(h.assistant.calls.map((call) => call.question)).toEqual(['Question 0?', 'Question 1?', 'My first question?']);
    expect(questionLogLines(h.log).map((line) => line['outcome'])).toEqual(['answered', 'answered', 'rate-limited', 'answered', 'rate-limited']);
  });
});

describe('health endpoint', () => {
  it('answers GET /health with JSON status, the injected facts and the counters, and no secrets', async () => {
    const h = await start({ health: () => ({ articles: 45, chunks: 106, embedder: 'hashed-ngram-1024', llm: null }) });
    const mention = appMentionEvent();
    await h.post(eventCallback(mention));
    await waitForAnswer(h.fake, h.log, 'C0GENERAL', mention['ts'] as string);

    const response = await fetch(`${h.baseUrl}/health`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/json');
    const text = await response.text();
    expect(JSON.parse(text)).toMatchObject({ status: 'ok', mode: 'http', articles: 45, embedder: 'hashed-ngram-1024', llm: null, questionsInFlight: 0, outcomes: { answered: 1 } });
    expect(text).not.toContain(TEST_BOT_TOKEN);
    expect(text).not.toContain(TEST_SIGNING_SECRET);
    expect((await fetch(`${h.baseUrl}/health`, { method: 'POST' })).status).toBe(404);
  });
});

describe('graceful shutdown', () => {
  it('finishes answers in flight before stopping', async () => {
    const h = await start();
    const gate = new Gate();
    h.assistant.answerWith(async (question) => {
      await gate.opened;
      return answerResultFixture({ question });
    });
    const mention = appMentionEvent();
    await h.post(eventCallback(mention));
    await waitFor('the question to reach the assistant', () => (h.assistant.calls.length === 1 ? true : undefined));

    const stopped = h.slackApp.stop();
    let stoppedYet = false;
    void stopped.then(() => {
      stoppedYet = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(stoppedYet).toBe(false);
    // The receiver is closed: no new events.
    await expect(fetch(h.eventsUrl, { method: 'POST', body: '{}' })).rejects.toThrow();
    gate.open();
    await stopped;
    const answer = await waitForAnswer(h.fake, h.log, 'C0GENERAL', mention['ts'] as string);
    expect(answer.answerTexts).toEqual([answerResultFixture().answer]);
  });

  it('aborts answers still running after the grace period and tells their askers', async () => {
    const h = await start({ config: { shutdownGraceMilliseconds: 50 } });
    h.assistant.answerWith(
      (_question, options) =>
        new Promise((_resolve, reject) => {
          options?.signal?.addEventListener('abort', () => reject(options.signal?.reason as Error));
        }),
    );
    const message = directMessageEvent({ text: 'A slow question?' });
    await h.post(eventCallback(message));
    await waitFor('the question to reach the assistant', () => (h.assistant.calls.length === 1 ? true : undefined));

    await h.slackApp.stop();
    const answer = await waitForAnswer(h.fake, h.log, 'D0ASKER', message['ts'] as string);
    expect(answer.text).toBe(SLACK_INTERFACE_TEXT.en.shuttingDown);
    expect(questionLogLines(h.log)[0]).toMatchObject({ outcome: 'aborted' });
    expect(h.log.entries.some((entry) => entry.msg === 'answers still in flight after the grace period; aborting them')).toBe(true);
  });
});
