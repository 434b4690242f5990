/**
 * The real Bolt app in HTTP mode over loopback: signed Events API requests in, Web API calls out to a fake
 * that records them. Assertions are on what the fake received. (Streaming, interactions, access and
 * lifecycle have their own files.)
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, createSilentLogger, IndexMissingError } from '../../src/core';
import { createSlackApp } from '../../src/slack';
import { SLACK_INTERFACE_TEXT } from '../../src/slack/ui-text';
import { answerResultFixture, citationFixture, FakeAssistant } from './support/fake-assistant';
import { FAKE_SLACK_IDENTITY, FakeSlackApi } from './support/fake-slack-api';
import { slackConfigFixture, startHttpHarness, TEST_BOT_TOKEN, TEST_SIGNING_SECRET, type HarnessAppOptions, type HttpHarness } from './support/http-harness';
import { postsInThread, questionLogLines, shownAnswers, waitForAnswer } from './support/replies';
import { appMentionEvent, directMessageEvent, eventCallback } from './support/slack-events';
import { Gate, waitFor } from './support/wait-for';

const BOT = FAKE_SLACK_IDENTITY.botUserId;

let harness: HttpHarness | undefined;

async function start(options: HarnessAppOptions = {}): Promise<HttpHarness> {
  harness = await startHttpHarness(options);
  return harness;
}

afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

/** Posts an event and waits until the bot finished answering it in its thread. */
async function ask(h: HttpHarness, event: Record<string, unknown>, count = 1) {
  const response = await h.post(eventCallback(event));
  expect(response.status).toBe(200);
  const threadTs = (event['thread_ts'] ?? event['ts']) as string;
  return waitForAnswer(h.fake, h.log, event['channel'] as string, threadTs, { count });
}

const SOURCE_LINE =
  '[1] *7th China-US Innovation Dialogue Held in Beijing* — Science and Technology Daily, 2016-06-05, ' +
  'No. 23 (2016-12-15) · 中文版: 第七次中美创新对话在京举行';

describe('app_mention in a channel', () => {
  it('shows the status at once, then answers in the thread with the answer, its numbered sources and buttons', async () => {
    const h = await start();
    const mention = appMentionEvent();
    const answer = await ask(h, mention);

    expect(h.assistant.calls).toHaveLength(1);
    expect(h.assistant.calls[0]?.question).toBe('What did the two sides discuss at the 7th China-US Innovation Dialogue?');
    expect(h.assistant.calls[0]?.options?.history).toEqual([]);

    const [status] = h.fake.callsTo('assistant.threads.setStatus');
    expect(status?.body).toMatchObject({ channel_id: 'C0GENERAL', thread_ts: mention['ts'], status: SLACK_INTERFACE_TEXT.en.status.default });
    expect(status?.body['loading_messages']).toEqual(SLACK_INTERFACE_TEXT.en.loadingMessages);
    expect(status?.authorization).toBe(`Bearer ${TEST_BOT_TOKEN}`);

    expect(answer.created).toBe('post');
    expect(answer.calls[0]?.receivedAt).toBeGreaterThan(status?.receivedAt ?? Infinity);
    expect(answer.answerTexts).toEqual([answerResultFixture().answer]);
    expect(answer.sourceLines).toEqual([SOURCE_LINE]);
    expect(answer.blocks.map((block) => block.type)).toEqual(['section', 'context', 'actions', 'context_actions']);
    const buttons = (answer.blocks[2] as unknown as { elements: { action_id: string; text: { text: string } }[] }).elements;
    expect(buttons.map((button) => button.text.text)).toEqual(['Show original']);
    const feedback = (answer.blocks[3] as unknown as { elements: { type: string; positive_button: { text: { text: string } }; negative_button: { text: { text: string } } }[] }).elements;
    expect(feedback.map((element) => [element.type, element.positive_button.text.text, element.negative_button.text.text])).toEqual([['feedback_buttons', 'Helpful', 'Not helpful']]);
    expect(answer.text).toContain('Sources:\n[1] 7th China-US Innovation Dialogue Held in Beijing');
    // One answer: exactly one message in the thread.
    expect(postsInThread(h.fake, 'C0GENERAL', mention['ts'] as string)).toHaveLength(1);
  });

  it('replies inside the existing thread when the mention is itself a thread reply', async () => {
    const h = await start();
    const mention = appMentionEvent({ thread_ts: '1699999999.000100' });
    const answer = await ask(h, mention);
    expect(answer.calls[0]?.body['thread_ts']).toBe('1699999999.000100');
  });

  it('passes the earlier turns of the thread as history to a follow-up, and none to another thread', async () => {
    const h = await start();
    const first = appMentionEvent();
    await ask(h, first);
    await ask(h, appMentionEvent({ text: `<@${BOT}> And who attended?`, thread_ts: first['ts'] }), 2);
    await ask(h, appMentionEvent({ text: `<@${BOT}> Who attended the CERC meeting?` }));

    expect(h.assistant.calls.map((call) => call.question)).toEqual([
      'What did the two sides discuss at the 7th China-US Innovation Dialogue?',
      'And who attended?',
      'Who attended the CERC meeting?',
    ]);
    const followUpHistory = h.assistant.calls[1]?.options?.history;
    expect(followUpHistory?.map((turn) => turn.question)).toEqual(['What did the two sides discuss at the 7th China-US Innovation Dialogue?']);
    expect(h.assistant.calls[2]?.options?.history).toEqual([]);
  });

  it('answers an empty mention with help in English and Chinese, naming the slash command, without calling the assistant', async () => {
    const h = await start();
    const help = await ask(h, appMentionEvent({ text: `<@${BOT}>  ` }));

    expect(h.assistant.calls).toHaveLength(0);
    const text = help.answerTexts.join('\n');
    for (const example of [...SLACK_INTERFACE_TEXT.en.exampleQuestions, ...SLACK_INTERFACE_TEXT.zh.exampleQuestions]) expect(text).toContain(example);
    expect(text).toContain('`/newsletter summarize TOPIC`');
    expect(help.text).toContain('China Science &amp; Technology Newsletter');
  });

  it('shows the status in Chinese for a Chinese question', async () => {
    const h = await start();
    h.assistant.answerWith(answerResultFixture({ lang: 'zh', answer: '双方就创新战略交换了意见 [1]。' }));
    const answer = await ask(h, appMentionEvent({ text: `<@${BOT}> 第七次中美创新对话讨论了什么？` }));
    expect(h.fake.callsTo('assistant.threads.setStatus')[0]?.body['status']).toBe(SLACK_INTERFACE_TEXT.zh.status.default);
    expect(h.assistant.calls[0]?.question).toBe('第七次中美创新对话讨论了什么？');
    expect(answer.text).toContain('来源:\n[1]');
  });
});

describe('thread follow-ups without a mention', () => {
  it('answers a reply in a thread the bot answered in, with the thread as history', async () => {
    const h = await start();
    const mention = appMentionEvent();
    await ask(h, mention);
    const followUp = directMessageEvent({ channel_type: 'channel', channel: 'C0GENERAL', text: 'And what about open data?', thread_ts: mention['ts'] });
    const answer = await ask(h, followUp, 2);

    expect(h.assistant.calls.map((call) => call.question)).toEqual([
      'What did the two sides discuss at the 7th China-US Innovation Dialogue?',
      'And what about open data?',
    ]);
    expect(h.assistant.calls[1]?.options?.history).toHaveLength(1);
    expect(answer.calls[0]?.body['thread_ts']).toBe(mention['ts']);
    expect(questionLogLines(h.log, mention['ts'] as string).map((line) => line['surface'])).toEqual(['mention', 'thread']);
  });

  it('ignores replies in threads it never answered in, and replies addressed to someone else', async () => {
    const h = await start();
    const mention = appMentionEvent();
    await ask(h, mention);
    await h.post(eventCallback(directMessageEvent({ channel_type: 'channel', channel: 'C0GENERAL', text: 'unrelated chat', thread_ts: '1600000000.000100' })));
    await h.post(eventCallback(directMessageEvent({ channel_type: 'group', channel: 'G0PRIVATE', text: 'private chat', thread_ts: '1600000000.000200' })));
    await h.post(eventCallback(directMessageEvent({ channel_type: 'channel', channel: 'C0GENERAL', text: '<@U0COLLEAGUE> what do you think?', thread_ts: mention['ts'] })));
    await h.post(eventCallback(directMessageEvent({ channel_type: 'channel', channel: 'C0GENERAL', text: 'a channel message outside any thread' })));

    // A valid follow-up afterwards: once it is answered, the ignored events have long been processed.
    await ask(h, directMessageEvent({ channel_type: 'channel', channel: 'C0GENERAL', text: 'Who attended?', thread_ts: mention['ts'] }), 2);
    expect(h.assistant.calls.map((call) => call.question)).toEqual(['What did the two sides discuss at the 7th China-US Innovation Dialogue?', 'Who attended?']);
  });

  it('answers a mention inside a followed thread once, although it arrives as app_mention and as message', async () => {
    const h = await start();
    const mention = appMentionEvent();
    await ask(h, mention);
    const ts = '1700000900.000100';
    const text = `<@${BOT}> Who attended?`;
    await h.post(eventCallback(directMessageEvent({ channel_type: 'channel', channel: 'C0GENERAL', ts, event_ts: ts, text, thread_ts: mention['ts'] })));
    await h.post(eventCallback(appMentionEvent({ ts, event_ts: ts, text, thread_ts: mention['ts'] })));
    await waitForAnswer(h.fake, h.log, 'C0GENERAL', mention['ts'] as string, { count: 2 });
    await ask(h, appMentionEvent({ text: `<@${BOT}> Sentinel question?` }));

    expect(h.assistant.calls.map((call) => call.question)).toEqual([
      'What did the two sides discuss at the 7th China-US Innovation Dialogue?',
      'Who attended?',
      'Sentinel question?',
    ]);
    expect(postsInThread(h.fake, 'C0GENERAL', mention['ts'] as string)).toHaveLength(2);
  });
});

describe('direct messages', () => {
  it('answers a direct message in its thread', async () => {
    const h = await start();
    const message = directMessageEvent();
    const answer = await ask(h, message);

    expect(h.assistant.calls.map((call) => call.question)).toEqual(['青岛中美科技创新园和哪些美国高校合作？']);
    expect(h.fake.callsTo('assistant.threads.setStatus')[0]?.body['status']).toBe(SLACK_INTERFACE_TEXT.zh.status.default);
    expect(answer.answerTexts).toEqual([answerResultFixture().answer]);
    // A top-level direct message is no assistant thread: no title.
    expect(h.fake.callsTo('assistant.threads.setTitle')).toHaveLength(0);
  });

  it('names a new assistant thread after its first question and passes history to follow-ups', async () => {
    const h = await start();
    const threadTs = '1700001000.000100';
    await ask(h, directMessageEvent({ text: 'Which universities work with the Qingdao park?', thread_ts: threadTs }));
    await ask(h, directMessageEvent({ text: 'And since when?', thread_ts: threadTs }), 2);

    const titles = h.fake.callsTo('assistant.threads.setTitle');
    expect(titles.map((call) => call.body)).toEqual([
      expect.objectContaining({ channel_id: 'D0ASKER', thread_ts: threadTs, title: 'Which universities work with the Qingdao park?' }),
    ]);
    expect(h.assistant.calls[1]?.options?.history?.map((turn) => turn.question)).toEqual(['Which universities work with the Qingdao park?']);
  });

  it('ignores edits, joins, bot messages, its own messages and channel messages', async () => {
    const h = await start();
    const ignored = [
      directMessageEvent({ subtype: 'message_changed', text: 'edited question' }),
      directMessageEvent({ subtype: 'channel_join', text: 'joined' }),
      directMessageEvent({ bot_id: 'B0OTHER', text: 'a question from another bot' }),
      directMessageEvent({ user: BOT, text: 'my own message' }),
      directMessageEvent({ channel_type: 'channel', channel: 'C0GENERAL', text: 'a channel message without mention' }),
      directMessageEvent({ channel_type: 'mpim', channel: 'G0GROUPDM', text: 'a group DM' }),
      appMentionEvent({ bot_id: 'B0OTHER', text: `<@${BOT}> a bot mentioning the bot` }),
    ];
    for (const event of ignored) expect((await h.post(eventCallback(event))).status).toBe(200);

    await ask(h, directMessageEvent({ text: 'Which universities are partners of the Qingdao park?' }));
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
    await waitForAnswer(h.fake, h.log, 'C0GENERAL', mention['ts'] as string);
    await ask(h, appMentionEvent({ text: `<@${BOT}> Who attended the CERC meeting?` }));

    expect(h.assistant.calls.map((call) => call.question)).toEqual([
      'What did the two sides discuss at the 7th China-US Innovation Dialogue?',
      'Who attended the CERC meeting?',
    ]);
    expect(postsInThread(h.fake, 'C0GENERAL', mention['ts'] as string)).toHaveLength(1);
    expect(h.log.entries.some((entry) => entry.msg === 'ignoring a repeated delivery of an event' && entry['retryNum'] === 1)).toBe(true);
  });

  it('answers one post once when it arrives both as app_mention and as message', async () => {
    const h = await start();
    const ts = '1700000500.000100';
    const text = `<@${BOT}> What did the two sides discuss at the 7th China-US Innovation Dialogue?`;
    await h.post(eventCallback(directMessageEvent({ ts, event_ts: ts, text })));
    await h.post(eventCallback(appMentionEvent({ ts, event_ts: ts, text, channel: 'D0ASKER' })));
    await waitForAnswer(h.fake, h.log, 'D0ASKER', ts);
    await ask(h, directMessageEvent({ text: 'Who attended the CERC meeting?' }));

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
    const reply = await ask(h, mention);

    expect(reply.text).toBe(SLACK_INTERFACE_TEXT.en.failure);
    expect(reply.sourceLines).toEqual([]);
    const failure = h.log.errors.find((entry) => entry.msg === 'the assistant failed to answer');
    expect(failure?.['error']).toMatchObject({ code: 'INDEX_MISSING', message: expect.stringContaining('/srv/newsletter/index') });
    expect(failure?.['threadTs']).toBe(mention['ts']);
    expect(questionLogLines(h.log, mention['ts'] as string)[0]).toMatchObject({ outcome: 'failed', errorCode: 'INDEX_MISSING' });
  });

  it('apologises in Chinese and wraps an unknown error as INTERNAL', async () => {
    const h = await start({ config: { streaming: false }, showPlaceholder: false });
    h.assistant.failWith(new TypeError('model returned nothing'));
    const reply = await ask(h, directMessageEvent());

    expect(reply.text).toBe(SLACK_INTERFACE_TEXT.zh.failure);
    expect(h.log.errors.find((entry) => entry.msg === 'the assistant failed to answer')?.['error']).toMatchObject({
      code: 'INTERNAL',
      message: 'model returned nothing',
    });
  });

  it('still answers when chat.postMessage is rate limited (HTTP 429) once, and logs the failed call', async () => {
    const h = await start();
    h.fake.failNext('chat.postMessage', { kind: 'rate-limited', retryAfterSeconds: 0 });
    const message = directMessageEvent();
    const answer = await ask(h, message);

    expect(h.fake.callsTo('chat.postMessage').map((call) => call.status)).toEqual([429, 200]);
    // The second attempt is the plainer fallback form of the same answer (no buttons).
    expect(answer.answerTexts).toEqual([answerResultFixture().answer]);
    expect(answer.sourceLines).toEqual([SOURCE_LINE]);
    const logged = h.log.errors.find((entry) => entry['method'] === 'chat.postMessage');
    expect(logged?.['channel']).toBe('D0ASKER');
  });

  it('still answers when Slack refuses the answer with ok: false, falling back to the plain form, then to the apology', async () => {
    const h = await start();
    h.fake.failNext('chat.postMessage', { kind: 'platform-error', error: 'invalid_blocks' });
    const first = await ask(h, appMentionEvent());
    expect(first.answerTexts).toEqual([answerResultFixture().answer]);
    expect(first.blocks.map((block) => block.type)).toEqual(['section', 'context']);

    h.fake.failNext('chat.postMessage', { kind: 'platform-error', error: 'msg_blocks_too_long' }, 2);
    const second = await ask(h, appMentionEvent({ text: `<@${BOT}> Who attended?` }));
    expect(second.text).toBe(SLACK_INTERFACE_TEXT.en.failure);
    const errors = h.log.errors.filter((entry) => entry['method'] === 'chat.postMessage').map((entry) => (entry['error'] as { slackError?: string }).slackError);
    expect(errors).toEqual(['invalid_blocks', 'msg_blocks_too_long', 'msg_blocks_too_long']);
    expect(questionLogLines(h.log).map((line) => line['outcome'])).toEqual(['answered', 'undelivered']);
  });

  it('replaces the placeholder with the plain form when chat.update is refused (no streaming)', async () => {
    const h = await start({ config: { streaming: false } });
    h.fake.failNext('chat.update', { kind: 'platform-error', error: 'invalid_blocks' });
    const mention = appMentionEvent();
    const answer = await ask(h, mention);

    const [placeholder] = postsInThread(h.fake, 'C0GENERAL', mention['ts'] as string);
    expect(placeholder?.body['text']).toBe(SLACK_INTERFACE_TEXT.en.placeholder);
    expect(answer.updated).toBe(true);
    expect(answer.answerTexts).toEqual([answerResultFixture().answer]);
    expect(h.fake.callsTo('chat.update').map((call) => call.response['ok'])).toEqual([false, true]);
    expect(h.fake.callsTo('assistant.threads.setStatus')).toHaveLength(0);
  });

  it('survives malformed requests and events', async () => {
    const h = await start();
    const notJson = await h.post('{"type": "event_callback", "event": ');
    expect(notJson.status).toBeGreaterThanOrEqual(400);
    await h.post(eventCallback({ type: 'app_mention', text: `<@${BOT}> no channel, no ts` }));
    await h.post(eventCallback({ type: 'message', channel_type: 'im', channel: 'D0ASKER', text: 42, ts: '1700000600.000100' }));
    await h.post(eventCallback(null));

    const answer = await ask(h, appMentionEvent());
    expect(answer.answerTexts).toEqual([answerResultFixture().answer]);
    // The numeric-text message is a question with no text: it got the help, not an assistant call.
    expect(h.assistant.calls).toHaveLength(1);
  });
});

describe('reply format', () => {
  it('splits a 3,000+ character answer into sections of at most 3000 characters, keeping every word', async () => {
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
    const shown = await ask(h, appMentionEvent());

    const sections = shown.answerTexts;
    expect(sections.length).toBeGreaterThanOrEqual(4);
    for (const section of sections) {
      expect(section.length).toBeGreaterThan(0);
      expect(section.length).toBeLessThanOrEqual(3000);
    }
    expect(sections.join(' ').replace(/\s+/g, ' ')).toBe(answer.replace(/\s+/g, ' '));
    // Paragraph 1 starts a section of its own: the split is on the paragraph boundary.
    expect(sections.some((section) => section.startsWith('Paragraph 1: '))).toBe(true);
    expect(shown.blocks.length).toBeLessThanOrEqual(50);
    expect(shown.blocks.at(-1)?.type).toBe('context_actions');
    expect(shown.sourceLines).toEqual([
      expect.stringMatching(/^\[1\] /),
      '[2] *China-US Innovation Park Launched in Qingdao* — Science and Technology Daily, 2016-06-05, No. 23 (2016-12-15)',
      '[3] *7th China-US Innovation Dialogue Held in Beijing* — 2016-06-05 · 中文版: 第七次中美创新对话在京举行',
    ]);
  });

  it('renders a generated Markdown answer in markdown blocks, split on paragraphs and never inside a code fence', async () => {
    const h = await start();
    const fence = ['```text', ...Array.from({ length: 40 }, (_, line) => `row ${line}: ${'x'.repeat(40)}`), '```'].join('\n');
    const prose = (index: number): string => `**Point ${index}.** ${'The dialogue covered innovation policy and open data [1]. '.repeat(12).trim()}`;
    const answer = [prose(1), prose(2), fence, prose(3), prose(4), prose(5)].join('\n\n');
    expect(answer.length).toBeGreaterThan(3000);
    h.assistant.answerWith(answerResultFixture({ answer, mode: 'llm' }));
    const shown = await ask(h, appMentionEvent());

    expect(shown.blocks.filter((block) => block.type === 'markdown').length).toBeGreaterThanOrEqual(2);
    expect(shown.blocks.some((block) => block.type === 'section')).toBe(false);
    for (const text of shown.answerTexts) {
      expect(text.length).toBeLessThanOrEqual(3000);
      expect((text.match(/```/g) ?? []).length % 2).toBe(0);
    }
    expect(shown.answerTexts.some((text) => text.includes(fence))).toBe(true);
    expect(shown.answerTexts.join('\n\n')).toBe(answer.trim());
    expect(shown.answerTexts[0]).toMatch(/^\*\*Point 1\.\*\*/);
  });

  it('escapes <, > and & in extractive answers and the sources, and keeps [n] markers', async () => {
    const h = await start();
    h.assistant.answerWith(
      answerResultFixture({
        answer: 'R&D spending <grew> by 5% [1], see <@U123> & <!channel> [2].',
        citations: [citationFixture({ title: 'R&D <Policy> Review' })],
      }),
    );
    const shown = await ask(h, appMentionEvent());
    expect(shown.answerTexts).toEqual(['R&amp;D spending &lt;grew&gt; by 5% [1], see &lt;@U123&gt; &amp; &lt;!channel&gt; [2].']);
    expect(shown.sourceLines[0]).toMatch(/^\[1\] \*R&amp;D &lt;Policy&gt; Review\* — /);
    expect(shown.text).not.toMatch(/<[@!]/);
  });

  it('shows the nearest items and no sources or "Show original" when the newsletters do not answer', async () => {
    const h = await start();
    h.assistant.answerWith(
      answerResultFixture({
        found: false,
        citations: [],
        answer: 'The newsletters do not report on quantum computing.',
        related: [{ articleId: 'a#1', title: 'CAS Quantum Lab Opens', source: 'Xinhua', date: '2016-05-01', issue: 'No. 22', lang: 'en', file: 'seeds/x.txt' }],
      }),
    );
    const shown = await ask(h, appMentionEvent());
    // No "Show original" (nothing cited), so no actions block: only the feedback buttons.
    expect(shown.blocks.map((block) => block.type)).toEqual(['section', 'context', 'context_actions']);
    expect(shown.sourceLines).toEqual(['*Nearest items in the newsletters*', '• *CAS Quantum Lab Opens* — Xinhua, 2016-05-01, No. 22']);
    expect(shown.text).toBe('The newsletters do not report on quantum computing.');
  });

  it('posts the placeholder, then replaces it with the answer, when streaming is off', async () => {
    const h = await start({ config: { streaming: false } });
    const mention = appMentionEvent();
    const shown = await ask(h, mention);
    expect(shown.calls[0]?.body['text']).toBe(SLACK_INTERFACE_TEXT.en.placeholder);
    expect(shown.updated).toBe(true);
    expect(shown.answerTexts).toEqual([answerResultFixture().answer]);
    expect(shownAnswers(h.fake, 'C0GENERAL', mention['ts'] as string)).toHaveLength(1);
  });
});

describe('logs', () => {
  it('writes one line per question with hashed user, channel, latency, hits, mode and outcome', async () => {
    const h = await start({ userHashSalt: 'pepper' });
    const mention = appMentionEvent();
    await ask(h, mention);
    const [line] = questionLogLines(h.log, mention['ts'] as string);
    expect(line).toMatchObject({
      channel: 'C0GENERAL',
      surface: 'mention',
      outcome: 'answered',
      citations: 1,
      related: 0,
      mode: 'extractive',
      kind: 'answer',
      found: true,
      delivery: 'post',
      historyTurns: 0,
    });
    expect(line?.['user']).toMatch(/^u_[0-9a-f]{16}$/);
    expect(line?.['latencyMilliseconds']).toEqual(expect.any(Number));
    expect(line?.['firstResponseMilliseconds']).toBeLessThanOrEqual(line?.['latencyMilliseconds'] as number);
    expect(h.log.lines.filter((text) => text.includes('"msg":"question"')).join('\n')).not.toContain('U0ASKER');
  });

  it('never writes the bot token or the signing secret to the log, even at debug level', async () => {
    const h = await start();
    await ask(h, appMentionEvent());
    await h.post(eventCallback(appMentionEvent()), { signingSecret: 'wrong' });
    expect(h.log.lines.length).toBeGreaterThan(5);
    const everything = h.log.lines.join('\n');
    expect(everything).not.toContain(TEST_BOT_TOKEN);
    expect(everything).not.toContain(TEST_SIGNING_SECRET);
  });
});

describe('start', () => {
  it('verifies the token with auth.test at start only (the bounded reachability check, then Bolt’s own), not per event', async () => {
    const h = await start();
    expect(h.fake.callsTo('auth.test')).toHaveLength(2);
    await ask(h, appMentionEvent());
    expect(h.fake.callsTo('auth.test')).toHaveLength(2);
  });

  it('fails with a ConfigError naming SLACK_BOT_TOKEN when Slack rejects the bot token', async () => {
    const fake = await FakeSlackApi.start();
    try {
      fake.failNext('auth.test', { kind: 'platform-error', error: 'invalid_auth' });
      const slackApp = createSlackApp({
        config: slackConfigFixture({ apiUrl: fake.url }),
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
      createSlackApp({ config: slackConfigFixture({ signingSecret: undefined }), assistant: new FakeAssistant(), logger: createSilentLogger() }),
    ).toThrow(ConfigError);
  });
});
