/**
 * The real Bolt app in HTTP mode over loopback: signed Events API requests in, Web API calls out to a fake
 * that records them. Assertions are on what the fake received.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, createSilentLogger, IndexMissingError, type SlackConfig } from '../../src/core';
import { createSlackApp } from '../../src/slack';
import { SLACK_INTERFACE_TEXT } from '../../src/slack/ui-text';
import { answerResultFixture, citationFixture, FakeAssistant } from './support/fake-assistant';
import { FAKE_SLACK_IDENTITY, FakeSlackApi } from './support/fake-slack-api';
import { startHttpHarness, TEST_BOT_TOKEN, TEST_SIGNING_SECRET, type HttpHarness } from './support/http-harness';
import {
  blocksOf,
  postsInThread,
  sectionTexts,
  sourceLines,
  waitForPostInThread,
  waitForUpdatedReply,
} from './support/replies';
import { appMentionEvent, directMessageEvent, eventCallback } from './support/slack-events';
import { Gate, waitFor } from './support/wait-for';

const BOT = FAKE_SLACK_IDENTITY.botUserId;

let harness: HttpHarness | undefined;

async function start(options: Parameters<typeof startHttpHarness>[0] = {}): Promise<HttpHarness> {
  harness = await startHttpHarness(options);
  return harness;
}

afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

/** Posts a mention and waits until its answer replaced the placeholder. */
async function askByMention(h: HttpHarness, event: Record<string, unknown>) {
  const response = await h.post(eventCallback(event));
  expect(response.status).toBe(200);
  const threadTs = (event['thread_ts'] ?? event['ts']) as string;
  return waitForUpdatedReply(h.fake, event['channel'] as string, threadTs);
}

describe('app_mention in a channel', () => {
  it('answers in the thread of the question with the answer and its numbered sources', async () => {
    const h = await start();
    const mention = appMentionEvent();
    const { placeholder, update } = await askByMention(h, mention);

    expect(h.assistant.calls).toHaveLength(1);
    expect(h.assistant.calls[0]?.question).toBe('What did the two sides discuss at the 7th China-US Innovation Dialogue?');
    expect(h.assistant.calls[0]?.options?.history).toEqual([]);

    expect(placeholder.body).toMatchObject({ channel: 'C0GENERAL', thread_ts: mention['ts'], text: SLACK_INTERFACE_TEXT.en.placeholder });
    expect(placeholder.authorization).toBe(`Bearer ${TEST_BOT_TOKEN}`);
    expect(update.body).toMatchObject({ channel: 'C0GENERAL', ts: placeholder.response['ts'] });
    expect(sectionTexts(update)).toEqual([answerResultFixture().answer]);
    expect(sourceLines(update)).toEqual([
      '[1] *7th China-US Innovation Dialogue Held in Beijing* — Science and Technology Daily, 2016-06-05, ' +
        'No. 23 (2016-12-15) · 中文版: 第七次中美创新对话在京举行',
    ]);
    expect(blocksOf(update).map((block) => block.type)).toEqual(['section', 'context']);
    expect(update.body['text']).toContain(answerResultFixture().answer);
    expect(update.body['text']).toContain('Sources:\n[1] 7th China-US Innovation Dialogue Held in Beijing');
    // One answer: the placeholder was replaced, no second message was posted.
    expect(postsInThread(h.fake, 'C0GENERAL', mention['ts'] as string)).toHaveLength(1);
  });

  it('replies inside the existing thread when the mention is itself a thread reply', async () => {
    const h = await start();
    const mention = appMentionEvent({ thread_ts: '1699999999.000100' });
    const { placeholder } = await askByMention(h, mention);
    expect(placeholder.body['thread_ts']).toBe('1699999999.000100');
  });

  it('passes the earlier turns of the thread as history to a follow-up, and none to another thread', async () => {
    const h = await start();
    const first = appMentionEvent();
    await askByMention(h, first);

    const followUp = appMentionEvent({ text: `<@${BOT}> And who attended?`, thread_ts: first['ts'] });
    await askByMention(h, followUp);

    const other = appMentionEvent({ text: `<@${BOT}> Who attended the CERC meeting?` });
    await askByMention(h, other);

    expect(h.assistant.calls.map((call) => call.question)).toEqual([
      'What did the two sides discuss at the 7th China-US Innovation Dialogue?',
      'And who attended?',
      'Who attended the CERC meeting?',
    ]);
    const followUpHistory = h.assistant.calls[1]?.options?.history;
    expect(followUpHistory).toHaveLength(1);
    expect(followUpHistory?.[0]?.question).toBe('What did the two sides discuss at the 7th China-US Innovation Dialogue?');
    expect(followUpHistory?.[0]?.answer.question).toBe('What did the two sides discuss at the 7th China-US Innovation Dialogue?');
    expect(h.assistant.calls[2]?.options?.history).toEqual([]);
  });

  it('answers an empty mention with help in English and Chinese, without calling the assistant', async () => {
    const h = await start();
    const mention = appMentionEvent({ text: `<@${BOT}>  ` });
    await h.post(eventCallback(mention));
    const help = await waitForPostInThread(h.fake, 'C0GENERAL', mention['ts'] as string);

    expect(h.assistant.calls).toHaveLength(0);
    const text = sectionTexts(help).join('\n');
    for (const example of [...SLACK_INTERFACE_TEXT.en.exampleQuestions, ...SLACK_INTERFACE_TEXT.zh.exampleQuestions]) {
      expect(text).toContain(example);
    }
    expect(help.body['text']).toContain('China Science &amp; Technology Newsletter');
    expect(h.fake.callsTo('chat.update')).toHaveLength(0);
  });

  it('shows the placeholder in Chinese for a Chinese question', async () => {
    const h = await start();
    h.assistant.answerWith(answerResultFixture({ lang: 'zh', answer: '双方就创新战略交换了意见 [1]。' }));
    const mention = appMentionEvent({ text: `<@${BOT}> 第七次中美创新对话讨论了什么？` });
    const { placeholder, update } = await askByMention(h, mention);
    expect(placeholder.body['text']).toBe(SLACK_INTERFACE_TEXT.zh.placeholder);
    expect(h.assistant.calls[0]?.question).toBe('第七次中美创新对话讨论了什么？');
    expect(update.body['text']).toContain('来源:\n[1]');
  });
});

describe('direct messages', () => {
  it('answers a direct message in its thread', async () => {
    const h = await start();
    const message = directMessageEvent();
    await h.post(eventCallback(message));
    const { placeholder, update } = await waitForUpdatedReply(h.fake, 'D0ASKER', message['ts'] as string);

    expect(h.assistant.calls.map((call) => call.question)).toEqual(['青岛中美科技创新园和哪些美国高校合作？']);
    expect(placeholder.body['text']).toBe(SLACK_INTERFACE_TEXT.zh.placeholder);
    expect(sectionTexts(update)).toEqual([answerResultFixture().answer]);
  });

  it('passes history to a follow-up in a direct-message thread', async () => {
    const h = await start();
    const first = directMessageEvent();
    await h.post(eventCallback(first));
    await waitForUpdatedReply(h.fake, 'D0ASKER', first['ts'] as string);
    const followUp = directMessageEvent({ text: '还有哪些大学？', thread_ts: first['ts'] });
    await h.post(eventCallback(followUp));
    await waitForUpdatedReply(h.fake, 'D0ASKER', first['ts'] as string);
    await waitFor('the follow-up to reach the assistant', () => (h.assistant.calls.length === 2 ? true : undefined));

    expect(h.assistant.calls[1]?.options?.history?.map((turn) => turn.question)).toEqual(['青岛中美科技创新园和哪些美国高校合作？']);
  });

  it('ignores edits, joins, bot messages, its own messages and channel messages', async () => {
    const h = await start();
    const ignored = [
      directMessageEvent({ subtype: 'message_changed', text: 'edited question' }),
      directMessageEvent({ subtype: 'channel_join', text: 'joined' }),
      directMessageEvent({ bot_id: 'B0OTHER', text: 'a question from another bot' }),
      directMessageEvent({ user: BOT, text: 'my own message' }),
      directMessageEvent({ channel_type: 'channel', channel: 'C0GENERAL', text: 'a channel message without mention' }),
      appMentionEvent({ bot_id: 'B0OTHER', text: `<@${BOT}> a bot mentioning the bot` }),
    ];
    for (const event of ignored) expect((await h.post(eventCallback(event))).status).toBe(200);

    // A valid question afterwards: once it is answered, the ignored events have long been processed.
    const sentinel = directMessageEvent({ text: 'Which universities are partners of the Qingdao park?' });
    await h.post(eventCallback(sentinel));
    await waitForUpdatedReply(h.fake, 'D0ASKER', sentinel['ts'] as string);

    expect(h.assistant.calls.map((call) => call.question)).toEqual(['Which universities are partners of the Qingdao park?']);
    expect(h.fake.callsTo('chat.postMessage')).toHaveLength(1);
  });
});

describe('repeated deliveries', () => {
  it('answers a retried event (same event_id, X-Slack-Retry-Num: 1) once, even while the first is still running', async () => {
    const h = await start();
    const gate = new Gate();
    h.assistant.answerWith(async (question) => {
      await gate.opened;
      return answerResultFixture({ question });
    });
    const mention = appMentionEvent();
    const envelope = eventCallback(mention);
    expect((await h.post(envelope)).status).toBe(200);
    await waitFor('the first delivery to reach the assistant', () => (h.assistant.calls.length === 1 ? true : undefined));

    expect((await h.post(envelope, { retryNumber: 1 })).status).toBe(200);
    expect((await h.post(envelope, { retryNumber: 2 })).status).toBe(200);
    gate.open();
    await waitForUpdatedReply(h.fake, 'C0GENERAL', mention['ts'] as string);

    const sentinel = appMentionEvent({ text: `<@${BOT}> Who attended the CERC meeting?` });
    await askByMention(h, sentinel);

    expect(h.assistant.calls.map((call) => call.question)).toEqual([
      'What did the two sides discuss at the 7th China-US Innovation Dialogue?',
      'Who attended the CERC meeting?',
    ]);
    expect(postsInThread(h.fake, 'C0GENERAL', mention['ts'] as string)).toHaveLength(1);
    expect(h.fake.callsTo('chat.update')).toHaveLength(2);
    expect(h.log.entries.some((entry) => entry.msg === 'ignoring a repeated delivery of an event' && entry['retryNum'] === 1)).toBe(true);
  });

  it('answers one post once when it arrives both as app_mention and as message', async () => {
    const h = await start();
    const ts = '1700000500.000100';
    const text = `<@${BOT}> What did the two sides discuss at the 7th China-US Innovation Dialogue?`;
    await h.post(eventCallback(directMessageEvent({ ts, event_ts: ts, text })));
    await h.post(eventCallback(appMentionEvent({ ts, event_ts: ts, text, channel: 'D0ASKER' })));
    await waitForUpdatedReply(h.fake, 'D0ASKER', ts);

    const sentinel = directMessageEvent({ text: 'Who attended the CERC meeting?' });
    await h.post(eventCallback(sentinel));
    await waitForUpdatedReply(h.fake, 'D0ASKER', sentinel['ts'] as string);

    expect(h.assistant.calls).toHaveLength(2);
    expect(postsInThread(h.fake, 'D0ASKER', ts)).toHaveLength(1);
  });
});

describe('request verification', () => {
  it('echoes a signed url_verification challenge (the signing helper is right)', async () => {
    const h = await start();
    const response = await h.post({ type: 'url_verification', token: 'x', challenge: 'challenge-7f3a' });
    expect(response.status).toBe(200);
    expect(response.body).toContain('challenge-7f3a');
  });

  it('rejects a forged signature with 401 and posts nothing', async () => {
    const h = await start();
    const response = await h.post(eventCallback(appMentionEvent()), { signature: `v0=${'0'.repeat(64)}` });
    expect(response.status).toBe(401);
    const wrongSecret = await h.post(eventCallback(appMentionEvent()), { signingSecret: 'not-the-secret' });
    expect(wrongSecret.status).toBe(401);
    expect(h.assistant.calls).toHaveLength(0);
    expect(h.fake.callsTo('chat.postMessage')).toHaveLength(0);
  });

  it('rejects a correctly signed request older than five minutes with 401', async () => {
    const h = await start();
    const sixMinutesAgo = Math.floor(Date.now() / 1000) - 6 * 60;
    const response = await h.post(eventCallback(appMentionEvent()), { timestampSeconds: sixMinutesAgo });
    expect(response.status).toBe(401);
    expect(h.assistant.calls).toHaveLength(0);
    expect(h.fake.callsTo('chat.postMessage')).toHaveLength(0);
  });
});

describe('failures', () => {
  it('replies with a polite message in the thread and logs code and message when the assistant throws', async () => {
    const h = await start();
    h.assistant.failWith(new IndexMissingError('/srv/newsletter/index'));
    const mention = appMentionEvent();
    const { update } = await askByMention(h, mention);

    expect(update.body['text']).toBe(SLACK_INTERFACE_TEXT.en.failure);
    expect(sourceLines(update)).toEqual([]);
    const failure = h.log.errors.find((entry) => entry.msg === 'the assistant failed to answer');
    expect(failure?.['error']).toMatchObject({ code: 'INDEX_MISSING', message: expect.stringContaining('/srv/newsletter/index') });
    expect(failure?.['threadTs']).toBe(mention['ts']);
  });

  it('apologises in Chinese and wraps an unknown error as INTERNAL', async () => {
    const h = await start({ showPlaceholder: false });
    h.assistant.failWith(new TypeError('model returned nothing'));
    const message = directMessageEvent();
    await h.post(eventCallback(message));
    const reply = await waitForPostInThread(h.fake, 'D0ASKER', message['ts'] as string);

    expect(reply.body['text']).toBe(SLACK_INTERFACE_TEXT.zh.failure);
    expect(h.log.errors.find((entry) => entry.msg === 'the assistant failed to answer')?.['error']).toMatchObject({
      code: 'INTERNAL',
      message: 'model returned nothing',
    });
  });

  it('logs a rejected chat.update, replaces the placeholder with an apology and keeps serving', async () => {
    const h = await start();
    h.fake.failNext('chat.update', { kind: 'platform-error', error: 'invalid_blocks' });
    const mention = appMentionEvent();
    await h.post(eventCallback(mention));
    const updates = await h.fake.waitForCalls('chat.update', 2);

    expect(updates[0]?.response).toEqual({ ok: false, error: 'invalid_blocks' });
    expect(updates[1]?.body).toMatchObject({ ts: updates[0]?.body['ts'], text: SLACK_INTERFACE_TEXT.en.failure });
    const logged = await waitFor('the failed call to be logged', () =>
      h.log.errors.find((entry) => entry['method'] === 'chat.update'),
    );
    expect(logged['error']).toMatchObject({ code: 'slack_webapi_platform_error', slackError: 'invalid_blocks' });

    const next = appMentionEvent({ text: `<@${BOT}> Who attended the CERC meeting?` });
    const { update } = await askByMention(h, next);
    expect(sectionTexts(update)).toEqual([answerResultFixture().answer]);
  });

  it('posts the answer as a new message when the placeholder could not be posted', async () => {
    const h = await start();
    h.fake.failNext('chat.postMessage', { kind: 'platform-error', error: 'internal_error' });
    const mention = appMentionEvent();
    await h.post(eventCallback(mention));
    const [failedPlaceholder, answer] = await h.fake.waitForCalls('chat.postMessage', 2);

    expect(failedPlaceholder?.body['text']).toBe(SLACK_INTERFACE_TEXT.en.placeholder);
    expect(answer?.body['thread_ts']).toBe(mention['ts']);
    expect(answer && sectionTexts(answer)).toEqual([answerResultFixture().answer]);
    expect(h.fake.callsTo('chat.update')).toHaveLength(0);
  });

  it('logs a rate-limited chat.postMessage (HTTP 429) and keeps serving', async () => {
    const h = await start({ showPlaceholder: false });
    h.fake.failNext('chat.postMessage', { kind: 'rate-limited', retryAfterSeconds: 0 }, 2);
    const message = directMessageEvent();
    await h.post(eventCallback(message));
    await h.fake.waitForCalls('chat.postMessage', 2);
    const logged = await waitFor('the rate-limited call to be logged', () =>
      h.log.errors.find((entry) => entry['method'] === 'chat.postMessage'),
    );
    expect(logged['channel']).toBe('D0ASKER');

    const next = directMessageEvent({ text: 'Who attended the CERC meeting?' });
    await h.post(eventCallback(next));
    const reply = await waitForPostInThread(h.fake, 'D0ASKER', next['ts'] as string);
    expect(sectionTexts(reply)).toEqual([answerResultFixture().answer]);
  });

  it('survives malformed requests and events', async () => {
    const h = await start();
    const notJson = await h.post('{"type": "event_callback", "event": ');
    expect(notJson.status).toBeGreaterThanOrEqual(400);
    await h.post(eventCallback({ type: 'app_mention', text: `<@${BOT}> no channel, no ts` }));
    await h.post(eventCallback({ type: 'message', channel_type: 'im', channel: 'D0ASKER', text: 42, ts: '1700000600.000100' }));
    await h.post(eventCallback(null));

    const valid = appMentionEvent();
    const { update } = await askByMention(h, valid);
    expect(sectionTexts(update)).toEqual([answerResultFixture().answer]);
    // The numeric-text message is a question with no text: it got the help, not an assistant call.
    expect(h.assistant.calls).toHaveLength(1);
  });
});

describe('reply format', () => {
  it('splits a long answer into several sections of at most 3000 characters, keeping every word', async () => {
    const h = await start();
    const paragraph = (index: number, sentences: number): string =>
      `Paragraph ${index}: ` +
      Array.from({ length: sentences }, (_, sentence) => `Sentence ${sentence} of paragraph ${index} reports progress [${(sentence % 3) + 1}].`).join(' ');
    // One paragraph longer than a section (split between sentences), then paragraphs that are packed together.
    const answer = [paragraph(0, 100), paragraph(1, 30), paragraph(2, 30), paragraph(3, 30)].join('\n\n');
    expect(paragraph(0, 100).length).toBeGreaterThan(4500);
    expect(answer.length).toBeGreaterThan(8500);
    h.assistant.answerWith(
      answerResultFixture({
        answer,
        citations: [citationFixture(), citationFixture({ n: 2, title: 'China-US Innovation Park Launched in Qingdao', pair: null }), citationFixture({ n: 3, source: null, issue: null })],
      }),
    );
    const { update } = await askByMention(h, appMentionEvent());

    const sections = sectionTexts(update);
    expect(sections.length).toBeGreaterThanOrEqual(4);
    for (const section of sections) {
      expect(section.length).toBeGreaterThan(0);
      expect(section.length).toBeLessThanOrEqual(3000);
    }
    expect(sections.join(' ').replace(/\s+/g, ' ')).toBe(answer.replace(/\s+/g, ' '));
    expect(blocksOf(update).length).toBeLessThanOrEqual(50);
    expect(blocksOf(update).at(-1)?.type).toBe('context');
    expect(sourceLines(update)).toEqual([
      expect.stringMatching(/^\[1\] /),
      '[2] *China-US Innovation Park Launched in Qingdao* — Science and Technology Daily, 2016-06-05, No. 23 (2016-12-15)',
      '[3] *7th China-US Innovation Dialogue Held in Beijing* — 2016-06-05 · 中文版: 第七次中美创新对话在京举行',
    ]);
  });

  it('escapes <, > and & in the answer and the sources, and keeps [n] markers', async () => {
    const h = await start();
    h.assistant.answerWith(
      answerResultFixture({
        answer: 'R&D spending <grew> by 5% [1], see <@U123> & <!channel> [2].',
        citations: [citationFixture({ title: 'R&D <Policy> Review' })],
      }),
    );
    const { update } = await askByMention(h, appMentionEvent());
    expect(sectionTexts(update)).toEqual(['R&amp;D spending &lt;grew&gt; by 5% [1], see &lt;@U123&gt; &amp; &lt;!channel&gt; [2].']);
    expect(sourceLines(update)[0]).toMatch(/^\[1\] \*R&amp;D &lt;Policy&gt; Review\* — /);
    expect(update.body['text']).not.toMatch(/<[@!]/);
  });

  it('shows no sources block when the newsletters do not answer the question', async () => {
    const h = await start();
    h.assistant.answerWith(
      answerResultFixture({ found: false, citations: [], answer: 'The newsletters do not report on quantum computing.' }),
    );
    const { update } = await askByMention(h, appMentionEvent());
    expect(blocksOf(update).map((block) => block.type)).toEqual(['section']);
    expect(update.body['text']).toBe('The newsletters do not report on quantum computing.');
  });

  it('posts the answer as one message when the placeholder is turned off', async () => {
    const h = await start({ showPlaceholder: false });
    const mention = appMentionEvent();
    await h.post(eventCallback(mention));
    const reply = await waitForPostInThread(h.fake, 'C0GENERAL', mention['ts'] as string);
    expect(sectionTexts(reply)).toEqual([answerResultFixture().answer]);
    expect(sourceLines(reply)).toHaveLength(1);
    expect(h.fake.callsTo('chat.update')).toHaveLength(0);
  });
});

describe('secrets', () => {
  it('never writes the bot token or the signing secret to the log, even at debug level', async () => {
    const h = await start();
    await askByMention(h, appMentionEvent());
    await h.post(eventCallback(appMentionEvent()), { signingSecret: 'wrong' });
    expect(h.log.lines.length).toBeGreaterThan(5);
    const everything = h.log.lines.join('\n');
    expect(everything).not.toContain(TEST_BOT_TOKEN);
    expect(everything).not.toContain(TEST_SIGNING_SECRET);
  });
});

describe('start', () => {
  function httpConfig(apiUrl: string, overrides: Partial<SlackConfig> = {}): SlackConfig {
    return { botToken: TEST_BOT_TOKEN, mode: 'http', appToken: undefined, signingSecret: TEST_SIGNING_SECRET, port: 0, apiUrl, ...overrides };
  }

  it('verifies the token with auth.test once, at start', async () => {
    const h = await start();
    expect(h.fake.callsTo('auth.test')).toHaveLength(1);
    await askByMention(h, appMentionEvent());
    expect(h.fake.callsTo('auth.test')).toHaveLength(1);
  });

  it('fails with a ConfigError naming SLACK_BOT_TOKEN when Slack rejects the bot token', async () => {
    const fake = await FakeSlackApi.start();
    try {
      fake.failNext('auth.test', { kind: 'platform-error', error: 'invalid_auth' });
      const slackApp = createSlackApp({
        config: httpConfig(fake.url),
        assistant: new FakeAssistant(),
        logger: createSilentLogger(),
        host: '127.0.0.1',
        webApiRetries: 0,
      });
      const failure = await slackApp.start().catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(ConfigError);
      expect((failure as ConfigError).message).toContain('SLACK_BOT_TOKEN');
      expect((failure as ConfigError).message).toContain('invalid_auth');
      await slackApp.stop();
    } finally {
      await fake.close();
    }
  });

  it('refuses HTTP mode without a signing secret', () => {
    expect(() =>
      createSlackApp({
        config: httpConfig('http://127.0.0.1:9/api/', { signingSecret: undefined }),
        assistant: new FakeAssistant(),
        logger: createSilentLogger(),
      }),
    ).toThrow(ConfigError);
  });
});
