/**
 * Slack's agent messaging experience (`agent_view`) through the real Bolt app (HTTP receiver, loopback):
 * top-level direct messages from the Messages tab, `app_home_opened` for the Messages and Home tabs, and
 * the native feedback buttons (`feedback_buttons` in a `context_actions` block) next to the older ones.
 */
import { existsSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { Article } from '../../src/core';
import { readFeedbackLog } from '../../src/eval';
import { ANSWER_ACTION_IDS, decodeFeedbackValue, summarizeIssues } from '../../src/slack';
import { SLACK_INTERFACE_TEXT, SUGGESTED_PROMPTS } from '../../src/slack/ui-text';
import { startHttpHarness, type HarnessAppOptions, type HttpHarness } from './support/http-harness';
import { questionLogLines, shownAnswers, waitForAnswer, type RecordedBlock } from './support/replies';
import { appHomeOpenedEvent, blockActionsBody, directMessageEvent, eventCallback, feedbackButtonsBody } from './support/slack-events';
import { waitFor } from './support/wait-for';

let harness: HttpHarness | undefined;

async function start(options: HarnessAppOptions = {}): Promise<HttpHarness> {
  harness = await startHttpHarness(options);
  return harness;
}

afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

function sleep(milliseconds: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, milliseconds));
}

/** Articles of three issues (two English, one Chinese), built here: dates and positions chosen to test the order. */
function homeArticles(): Article[] {
  const article = (id: string, title: string, date: string | null, issue: { number: string | null; date: string | null; label: string | null }, lang: 'en' | 'zh'): Article => ({
    id,
    file: `seeds/${id.split('#')[0] ?? ''}.txt`,
    position: Number(id.split('#')[1]),
    title,
    subtitle: null,
    body: 'Body.',
    source: null,
    date,
    dateSource: date === null ? null : 'source',
    issue,
    section: null,
    lang,
    pairId: null,
    link: null,
  });
  const old = { number: '20', date: '2016-09-15', label: 'No. 20 (2016-09-15)' };
  const recent = { number: '23', date: '2016-12-15', label: 'No. 23 (2016-12-15)' };
  const undatedZh = { number: null, date: null, label: null };
  return [
    article('100_old#1', 'Old issue first item', '2016-09-01', old, 'en'),
    article('200_recent#1', 'Recent: early item', '2016-12-01', recent, 'en'),
    article('200_recent#2', 'Recent: newest item', '2016-12-10', recent, 'en'),
    article('200_recent#3', 'Recent: middle item', '2016-12-05', recent, 'en'),
    article('200_recent#4', 'Recent: undated item', null, recent, 'en'),
    article('300_zh#1', '中文条目 <一>', '2016-11-20', undatedZh, 'zh'),
  ];
}

function sectionTexts(blocks: readonly RecordedBlock[]): string[] {
  return blocks.filter((block) => block.type === 'section').map((block) => block.text?.text ?? '');
}

interface RecordedFeedbackButtons {
  readonly type: string;
  readonly action_id: string;
  readonly positive_button: { readonly value: string };
  readonly negative_button: { readonly value: string };
}

function feedbackButtonsOf(blocks: readonly RecordedBlock[]): RecordedFeedbackButtons {
  const element = blocks
    .filter((block) => block.type === 'context_actions')
    .flatMap((block) => (block as unknown as { elements: RecordedFeedbackButtons[] }).elements)
    .find((candidate) => candidate.type === 'feedback_buttons');
  if (element === undefined) throw new Error(`no feedback_buttons in ${JSON.stringify(blocks)}`);
  return element;
}

describe('direct messages from the Messages tab (agent_view)', () => {
  it('answers a top-level message.im (no thread_ts) once, in the message’s thread', async () => {
    const h = await start();
    const message = directMessageEvent();
    expect(message['thread_ts']).toBeUndefined();
    const envelope = eventCallback(message);
    await h.post(envelope);
    const answer = await waitForAnswer(h.fake, h.log, 'D0ASKER', message['ts'] as string);
    expect(answer.blocks.length).toBeGreaterThan(0);
    // A redelivery of the same event is dropped; nothing else answers it.
    await h.post(envelope, { retryNumber: 1 });
    await sleep(200);
    expect(h.assistant.calls.map((call) => call.question)).toEqual([message['text']]);
    expect(shownAnswers(h.fake, 'D0ASKER', message['ts'] as string)).toHaveLength(1);
    expect(questionLogLines(h.log, message['ts'] as string)).toHaveLength(1);
  });
});

describe('app_home_opened', () => {
  it('Messages tab: sets the suggested prompts without thread_ts and greets in both languages, once per conversation', async () => {
    const h = await start();
    await h.post(eventCallback(appHomeOpenedEvent('messages')));
    const [prompts] = await h.fake.waitForCalls('assistant.threads.setSuggestedPrompts', 1);
    expect(prompts?.body['channel_id']).toBe('D0ASKER');
    expect(prompts?.body['thread_ts']).toBeUndefined();
    expect(prompts?.body['prompts']).toEqual(SUGGESTED_PROMPTS.map((prompt) => ({ title: prompt.title, message: prompt.message })));
    const [greeting] = await h.fake.waitForCalls('chat.postMessage', 1);
    expect(greeting?.body['channel']).toBe('D0ASKER');
    expect(greeting?.body['thread_ts']).toBeUndefined();
    expect(greeting?.body['text']).toContain(SLACK_INTERFACE_TEXT.en.messagesTabGreeting);
    expect(greeting?.body['text']).toContain(SLACK_INTERFACE_TEXT.zh.messagesTabGreeting);

    await h.post(eventCallback(appHomeOpenedEvent('messages')));
    await h.post(eventCallback(appHomeOpenedEvent('messages', { channel: 'D0OTHER', user: 'U0OTHER' })));
    await h.fake.waitForCalls('assistant.threads.setSuggestedPrompts', 2);
    await sleep(200);
    expect(h.fake.callsTo('assistant.threads.setSuggestedPrompts').map((call) => call.body['channel_id'])).toEqual(['D0ASKER', 'D0OTHER']);
    expect(h.fake.callsTo('chat.postMessage')).toHaveLength(2);
    expect(h.fake.callsTo('views.publish')).toHaveLength(0);
  });

  it('Messages tab: does nothing for a user outside the allow-list', async () => {
    const h = await start({ config: { allowedUsers: ['U0SOMEONE'] } });
    await h.post(eventCallback(appHomeOpenedEvent('messages')));
    await h.post(eventCallback(appHomeOpenedEvent('home')));
    await waitFor('two refusals logged', () => (h.log.entries.filter((entry) => entry.msg === 'not showing the app home: not on the allow-list').length >= 2 ? true : undefined));
    expect(h.fake.calls.filter((call) => call.method !== 'auth.test')).toEqual([]);
  });

  it('Home tab: publishes the newest issues (label, date, item count, newest titles linked to their pages) and bilingual examples', async () => {
    const articles = homeArticles();
    const h = await start({
      home: () => summarizeIssues(articles),
      sourcePageLink: (articleId) => `https://news.example/a/${encodeURIComponent(articleId)}`,
    });
    await h.post(eventCallback(appHomeOpenedEvent('home')));
    const [publish] = await h.fake.waitForCalls('views.publish', 1);
    expect(publish?.body['user_id']).toBe('U0ASKER');
    const view = publish?.body['view'] as { type: string; blocks: RecordedBlock[] };
    expect(view.type).toBe('home');
    const sections = sectionTexts(view.blocks);
    const issueSections = sections.filter((text) => text.startsWith('*No.') || text.startsWith('*2016-'));
    // Newest first: No. 23 (2016-12-15), then the undated Chinese issue by its newest article (2016-11-20), then No. 20.
    expect(issueSections.map((text) => text.split('\n')[0])).toEqual([
      '*No. 23 (2016-12-15)* · 2016-12-15 · 4 items',
      '*2016-11-20 期* · 共 1 篇',
      '*No. 20 (2016-09-15)* · 2016-09-15 · 1 item',
    ]);
    expect(issueSections[0]?.split('\n').slice(1)).toEqual([
      '• <https://news.example/a/200_recent%232|Recent: newest item>',
      '• <https://news.example/a/200_recent%233|Recent: middle item>',
      '• <https://news.example/a/200_recent%231|Recent: early item>',
    ]);
    expect(issueSections[1]).toContain('|中文条目 &lt;一&gt;>');
    // How to ask and the examples, in both languages.
    const everything = sections.join('\n');
    expect(everything).toContain('/newsletter');
    for (const question of [...SLACK_INTERFACE_TEXT.en.exampleQuestions, ...SLACK_INTERFACE_TEXT.zh.exampleQuestions]) expect(everything).toContain(question);
    expect(view.blocks.filter((block) => block.type === 'header').map((block) => block.text?.text)).toContain(
      `${SLACK_INTERFACE_TEXT.en.home.examplesHeading} · ${SLACK_INTERFACE_TEXT.zh.home.examplesHeading}`,
    );
  });

  it('Home tab: titles are plain without source pages, and a failing home callback still publishes how to ask', async () => {
    const articles = homeArticles();
    let fail = false;
    const h = await start({
      home: () => {
        if (fail) throw new Error('index closed');
        return summarizeIssues(articles);
      },
    });
    await h.post(eventCallback(appHomeOpenedEvent('home')));
    const [first] = await h.fake.waitForCalls('views.publish', 1);
    const firstSections = sectionTexts((first?.body['view'] as { blocks: RecordedBlock[] }).blocks);
    expect(firstSections.some((text) => text.includes('• Recent: newest item'))).toBe(true);
    expect(firstSections.join('\n')).not.toContain('<http');

    fail = true;
    await h.post(eventCallback(appHomeOpenedEvent('home')));
    const calls = await h.fake.waitForCalls('views.publish', 2);
    const secondSections = sectionTexts((calls[1]?.body['view'] as { blocks: RecordedBlock[] }).blocks);
    expect(secondSections.join('\n')).not.toContain('Recent: newest item');
    expect(secondSections.join('\n')).toContain(SLACK_INTERFACE_TEXT.en.exampleQuestions[0]);
    expect(h.log.errors.some((entry) => entry.msg === 'the home callback failed; publishing the Home tab without issues')).toBe(true);
  });
});

describe('feedback buttons', () => {
  it('the native feedback_buttons (positive and negative) write feedback lines and thank privately', async () => {
    const h = await start();
    const message = directMessageEvent({ text: 'What did the two sides discuss at the 7th China-US Innovation Dialogue?' });
    await h.post(eventCallback(message));
    const answer = await waitForAnswer(h.fake, h.log, 'D0ASKER', message['ts'] as string);
    const buttons = feedbackButtonsOf(answer.blocks);
    expect(buttons.action_id).toBe(ANSWER_ACTION_IDS.feedback);
    const positive = decodeFeedbackValue(buttons.positive_button.value);
    const negative = decodeFeedbackValue(buttons.negative_button.value);
    expect(positive?.rating).toBe('helpful');
    expect(negative).toEqual({ rating: 'not_helpful', answerId: positive?.answerId });
    // The other buttons stay ordinary buttons; no old-style feedback buttons on new answers.
    const actionIds = answer.blocks
      .filter((block) => block.type === 'actions')
      .flatMap((block) => (block as unknown as { elements: { action_id: string }[] }).elements.map((element) => element.action_id));
    expect(actionIds).toEqual([ANSWER_ACTION_IDS.showOriginal]);

    for (const value of [buttons.positive_button.value, buttons.negative_button.value]) {
      const click = await h.postForm(
        feedbackButtonsBody({ actionId: ANSWER_ACTION_IDS.feedback, value, responseUrl: h.responseUrl(), channel: 'D0ASKER', messageTs: answer.ts, threadTs: message['ts'] as string }),
      );
      expect(click.status).toBe(200);
    }
    const thanks = await h.fake.waitForCalls('chat.postEphemeral', 2);
    expect(thanks.map((call) => [call.body['text'], call.body['user'], call.body['channel']])).toEqual([
      [SLACK_INTERFACE_TEXT.en.feedbackThanks.helpful, 'U0ASKER', 'D0ASKER'],
      [SLACK_INTERFACE_TEXT.en.feedbackThanks.not_helpful, 'U0ASKER', 'D0ASKER'],
    ]);
    const records = await readFeedbackLog(h.feedbackLog);
    expect(records.map((record) => [record.rating, record.answerId, record.question, record.surface])).toEqual([
      ['helpful', positive?.answerId, message['text'], 'direct-message'],
      ['not_helpful', positive?.answerId, message['text'], 'direct-message'],
    ]);
  });

  it('the older 👍/👎 buttons of answers posted before still store feedback', async () => {
    const h = await start();
    await h.postForm(blockActionsBody({ actionId: ANSWER_ACTION_IDS.helpful, value: 'old-answer-1', responseUrl: h.responseUrl() }));
    await h.postForm(blockActionsBody({ actionId: ANSWER_ACTION_IDS.notHelpful, value: 'old-answer-2', responseUrl: h.responseUrl() }));
    await h.fake.waitForCalls('chat.postEphemeral', 2);
    const records = await readFeedbackLog(h.feedbackLog);
    expect(records.map((record) => [record.rating, record.answerId])).toEqual([
      ['helpful', 'old-answer-1'],
      ['not_helpful', 'old-answer-2'],
    ]);
  });

  it('ignores a feedback_buttons click whose value is not one of ours', async () => {
    const h = await start();
    await h.postForm(feedbackButtonsBody({ actionId: ANSWER_ACTION_IDS.feedback, value: 'good', responseUrl: h.responseUrl() }));
    await waitFor('the warning', () => (h.log.entries.some((entry) => entry.msg === 'ignoring a feedback click with an unreadable value') ? true : undefined));
    expect(existsSync(h.feedbackLog)).toBe(false);
  });
});
