/**
 * The slash command, the answer buttons, the message shortcut and the assistant thread start, through the
 * real Bolt app (HTTP receiver, loopback): signed form posts in, Web API and `response_url` calls out to
 * the fake.
 */
import { readFile } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { feedbackToQuestions, readFeedbackLog } from '../../src/eval';
import { ANSWER_ACTION_IDS } from '../../src/slack';
import { SLACK_INTERFACE_TEXT, SUGGESTED_PROMPTS } from '../../src/slack/ui-text';
import { answerResultFixture } from './support/fake-assistant';
import type { RecordedSlackCall } from './support/fake-slack-api';
import { startHttpHarness, type HarnessAppOptions, type HttpHarness } from './support/http-harness';
import { answerTextsOf, questionLogLines, waitForAnswer, type RecordedBlock } from './support/replies';
import {
  appMentionEvent,
  assistantThreadStartedEvent,
  blockActionsBody,
  eventCallback,
  feedbackButtonsBody,
  messageShortcutBody,
  slashCommandBody,
} from './support/slack-events';
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

interface RecordedButton {
  readonly action_id: string;
  readonly value: string;
  readonly text: { readonly text: string };
}

function buttonsOf(blocks: readonly RecordedBlock[]): RecordedButton[] {
  return blocks.filter((block) => block.type === 'actions').flatMap((block) => (block as unknown as { elements: RecordedButton[] }).elements);
}

function buttonValue(blocks: readonly RecordedBlock[], actionId: string): string {
  const value = buttonsOf(blocks).find((button) => button.action_id === actionId)?.value;
  if (value === undefined) throw new Error(`no ${actionId} button in ${JSON.stringify(blocks)}`);
  return value;
}

/** The value of the answer's native 👍 (`positive_button`) or 👎 (`negative_button`) feedback button. */
function feedbackValue(blocks: readonly RecordedBlock[], button: 'positive_button' | 'negative_button'): string {
  const element = blocks
    .filter((block) => block.type === 'context_actions')
    .flatMap((block) => (block as unknown as { elements: Record<string, { value?: string } | string>[] }).elements)[0];
  const value = element?.[button];
  if (typeof value !== 'object' || value.value === undefined) throw new Error(`no ${button} in ${JSON.stringify(blocks)}`);
  return value.value;
}

function blocksOfCall(call: RecordedSlackCall | undefined): RecordedBlock[] {
  const blocks = call?.body['blocks'];
  return Array.isArray(blocks) ? (blocks as RecordedBlock[]) : [];
}

/** Runs `/newsletter <text>` and returns the HTTP acknowledgement and the response_url used. */
async function runCommand(h: HttpHarness, text: string, fields: Record<string, string> = {}) {
  const responseUrl = h.responseUrl();
  const response = await h.postForm(slashCommandBody({ text, response_url: responseUrl, ...fields }));
  expect(response.status).toBe(200);
  const acknowledgement = response.body === '' ? {} : (JSON.parse(response.body) as Record<string, unknown>);
  return { acknowledgement, responseUrl };
}

function responsesTo(h: HttpHarness, responseUrl: string): RecordedSlackCall[] {
  const path = new URL(responseUrl).pathname;
  return h.fake.callsTo('response_url').filter((call) => call.body['response_url'] === path);
}

async function waitForResponses(h: HttpHarness, responseUrl: string, count: number): Promise<RecordedSlackCall[]> {
  return waitFor(`${count} response(s) to ${responseUrl}`, () => {
    const calls = responsesTo(h, responseUrl);
    return calls.length >= count ? calls : undefined;
  });
}

describe('slash command', () => {
  it('acknowledges at once, answers privately with sources and a Share button, and shares to the channel on click', async () => {
    const h = await start();
    const { acknowledgement, responseUrl } = await runCommand(h, 'ask What did the two sides discuss at the dialogue?');
    expect(acknowledgement).toMatchObject({ response_type: 'ephemeral', text: SLACK_INTERFACE_TEXT.en.placeholder });

    const [privateAnswer] = await waitForResponses(h, responseUrl, 1);
    expect(h.assistant.calls.map((call) => call.question)).toEqual(['What did the two sides discuss at the dialogue?']);
    expect(privateAnswer?.body).toMatchObject({ response_type: 'ephemeral', replace_original: true });
    const privateBlocks = blocksOfCall(privateAnswer);
    expect(answerTextsOf(privateBlocks)).toEqual([answerResultFixture().answer]);
    expect(buttonsOf(privateBlocks).map((button) => button.action_id)).toEqual([ANSWER_ACTION_IDS.share, ANSWER_ACTION_IDS.showOriginal]);
    expect(privateBlocks.at(-1)?.type).toBe('context_actions');
    // Nothing was posted in the channel yet.
    expect(h.fake.callsTo('chat.postMessage')).toHaveLength(0);

    const shareUrl = h.responseUrl();
    const click = await h.postForm(
      blockActionsBody({ actionId: ANSWER_ACTION_IDS.share, value: buttonValue(privateBlocks, ANSWER_ACTION_IDS.share), responseUrl: shareUrl, isEphemeral: true }),
    );
    expect(click.status).toBe(200);
    const [shared, removal] = await waitForResponses(h, shareUrl, 2);
    expect(shared?.body).toMatchObject({ response_type: 'in_channel', replace_original: false });
    const sharedBlocks = blocksOfCall(shared);
    expect(answerTextsOf(sharedBlocks)).toEqual([answerResultFixture().answer]);
    expect(sharedBlocks.filter((block) => block.type === 'context').flatMap((block) => block.elements?.map((element) => element.text) ?? [])).toContain('Shared by <@U0ASKER>');
    expect(buttonsOf(sharedBlocks).map((button) => button.action_id)).not.toContain(ANSWER_ACTION_IDS.share);
    expect(removal?.body).toEqual({ delete_original: true, response_url: new URL(shareUrl).pathname });
    expect(questionLogLines(h.log)[0]).toMatchObject({ surface: 'command', outcome: 'answered', delivery: 'ephemeral' });
  });

  it('treats text without a subcommand as a question, and answers help for empty text or `help`', async () => {
    const h = await start();
    const bare = await runCommand(h, '中美创新对话讨论了什么？');
    expect(bare.acknowledgement).toMatchObject({ text: SLACK_INTERFACE_TEXT.zh.placeholder });
    await waitForResponses(h, bare.responseUrl, 1);
    expect(h.assistant.calls.map((call) => call.question)).toEqual(['中美创新对话讨论了什么？']);

    for (const text of ['', 'help', 'ask']) {
      const { acknowledgement } = await runCommand(h, text);
      expect(acknowledgement['response_type']).toBe('ephemeral');
      expect(String(acknowledgement['text'])).toContain('/newsletter sources QUESTION');
    }
    expect(h.assistant.calls).toHaveLength(1);
  });

  it('summarize asks for a summary in the topic’s language; sources lists the cited items with their passages', async () => {
    const h = await start();
    const summary = await runCommand(h, 'summarize China-US innovation cooperation');
    await waitForResponses(h, summary.responseUrl, 1);
    const chineseSummary = await runCommand(h, '总结 中美创新合作');
    await waitForResponses(h, chineseSummary.responseUrl, 1);
    const sources = await runCommand(h, 'sources What was discussed at the dialogue?');
    const [sourcesReply] = await waitForResponses(h, sources.responseUrl, 1);

    expect(h.assistant.calls.map((call) => call.question)).toEqual([
      'Summarize what the newsletters report about China-US innovation cooperation',
      '总结《中国科技通讯》关于中美创新合作的报道',
      'What was discussed at the dialogue?',
    ]);
    const texts = answerTextsOf(blocksOfCall(sourcesReply));
    expect(texts[0]).toBe('*Newsletter items on this question*');
    expect(texts[1]).toContain('[1] *7th China-US Innovation Dialogue Held in Beijing*');
    expect(texts[1]).toContain('> The 7th China-US Innovation Dialogue was held in Beijing on 5 June 2016.');
  });

  it('tells the asker privately when the assistant fails', async () => {
    const h = await start();
    h.assistant.failWith(new Error('boom'));
    const { responseUrl } = await runCommand(h, 'ask anything?');
    const [apology] = await waitForResponses(h, responseUrl, 1);
    expect(apology?.body).toMatchObject({ response_type: 'ephemeral', replace_original: true, text: SLACK_INTERFACE_TEXT.en.failure });
  });
});

describe('admin commands', () => {
  it('refuses stats and reindex to non-admins', async () => {
    let reindexed = 0;
    const h = await start({
      config: { adminUsers: ['U0ADMIN'] },
      admin: { reindex: async () => ((reindexed += 1), { details: {} }), stats: () => ({ articles: 45 }) },
    });
    for (const text of ['stats', 'reindex']) {
      const { acknowledgement } = await runCommand(h, text);
      expect(acknowledgement['text']).toBe(SLACK_INTERFACE_TEXT.en.adminOnly);
    }
    expect(reindexed).toBe(0);
  });

  // Swapping the index behind the app's assistant is the entry point's job (AssistantHost, tests/app);
  // here the fake's reindex changes what the same assistant answers.
  it('shows stats, and reindexes: the admin sees the new figures and later questions the new index', async () => {
    let reindexed = 0;
    let app: HttpHarness | undefined;
    const h = await start({
      config: { adminUsers: ['U0ADMIN'] },
      admin: {
        reindex: async () => {
          reindexed += 1;
          app?.assistant.answerWith(answerResultFixture({ answer: 'From the rebuilt index [1].' }));
          return { details: { articles: 46, chunks: 110 } };
        },
        stats: () => ({ articles: 45, embedder: 'hashed-ngram-1024', llm: null }),
      },
    });
    app = h;
    const stats = await runCommand(h, 'stats', { user_id: 'U0ADMIN' });
    expect(String(stats.acknowledgement['text'])).toContain('*articles:* 45');
    expect(String(stats.acknowledgement['text'])).toContain('*embedder:* hashed-ngram-1024');
    expect(String(stats.acknowledgement['text'])).toContain('*questions in flight:* 0');

    const reindex = await runCommand(h, 'reindex', { user_id: 'U0ADMIN' });
    expect(String(reindex.acknowledgement['text'])).toContain('Rebuilding the index');
    const [result] = await waitForResponses(h, reindex.responseUrl, 1);
    expect(String(result?.body['text'])).toContain('*articles:* 46');
    expect(reindexed).toBe(1);

    const mention = appMentionEvent();
    await h.post(eventCallback(mention));
    const answer = await waitForAnswer(h.fake, h.log, 'C0GENERAL', mention['ts'] as string);
    expect(answer.answerTexts).toEqual(['From the rebuilt index [1].']);
  });
});

describe('answer buttons', () => {
  async function answeredMention(h: HttpHarness) {
    const mention = appMentionEvent();
    await h.post(eventCallback(mention));
    return { mention, answer: await waitForAnswer(h.fake, h.log, 'C0GENERAL', mention['ts'] as string) };
  }

  it('"Show original" shows the clicker the cited passage and the other edition’s matching paragraph, privately in the thread', async () => {
    const h = await start();
    const { mention, answer } = await answeredMention(h);
    const click = await h.postForm(
      blockActionsBody({
        actionId: ANSWER_ACTION_IDS.showOriginal,
        value: buttonValue(answer.blocks, ANSWER_ACTION_IDS.showOriginal),
        responseUrl: h.responseUrl(),
        user: 'U0READER',
        messageTs: answer.ts,
        threadTs: mention['ts'] as string,
      }),
    );
    expect(click.status).toBe(200);
    const [ephemeral] = await h.fake.waitForCalls('chat.postEphemeral', 1);
    expect(ephemeral?.body).toMatchObject({ channel: 'C0GENERAL', user: 'U0READER', thread_ts: mention['ts'] });
    const texts = answerTextsOf(blocksOfCall(ephemeral));
    expect(texts[0]).toBe('*The cited passages*');
    expect(texts[1]).toContain('[1] *7th China-US Innovation Dialogue Held in Beijing*');
    expect(texts[1]).toContain('> The 7th China-US Innovation Dialogue was held in Beijing on 5 June 2016.');
    expect(texts[2]).toContain('中文版: *第七次中美创新对话在京举行*');
    expect(texts[2]).toContain('> 2016年6月5日，第七次中美创新对话在北京举行。');
  });

  it('"Show original" still works for an answer the bot no longer remembers, from the article ids in the button', async () => {
    const h = await start();
    const responseUrl = h.responseUrl();
    await h.postForm(
      blockActionsBody({
        actionId: ANSWER_ACTION_IDS.showOriginal,
        value: JSON.stringify({ id: 'forgotten', articles: ['004_cefe45b9264134e7#2'] }),
        responseUrl,
        isEphemeral: true,
      }),
    );
    const [reply] = await waitForResponses(h, responseUrl, 1);
    expect(reply?.body).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    const texts = answerTextsOf(blocksOfCall(reply));
    expect(texts[1]).toContain('> The 7th China-US Innovation Dialogue was held in Beijing on 5 June 2016.');
    expect(texts[2]).toContain('> 2016年6月5日，第七次中美创新对话在北京举行。');
  });

  it('stores each feedback click with the question, answer and sources, and the log becomes evaluation questions', async () => {
    const h = await start({ userHashSalt: 'pepper' });
    const { mention, answer } = await answeredMention(h);
    for (const button of ['positive_button', 'negative_button'] as const) {
      await h.postForm(
        feedbackButtonsBody({ actionId: ANSWER_ACTION_IDS.feedback, value: feedbackValue(answer.blocks, button), responseUrl: h.responseUrl(), messageTs: answer.ts, threadTs: mention['ts'] as string }),
      );
    }
    const thanks = await h.fake.waitForCalls('chat.postEphemeral', 2);
    expect(thanks.map((call) => call.body['text'])).toEqual([SLACK_INTERFACE_TEXT.en.feedbackThanks.helpful, SLACK_INTERFACE_TEXT.en.feedbackThanks.not_helpful]);

    const raw = await readFile(h.feedbackLog, 'utf8');
    expect(raw).not.toContain('U0ASKER');
    const records = await readFeedbackLog(h.feedbackLog);
    expect(records.map((record) => record.rating)).toEqual(['helpful', 'not_helpful']);
    expect(records[0]).toMatchObject({
      question: 'What did the two sides discuss at the 7th China-US Innovation Dialogue?',
      answer: answerResultFixture().answer,
      lang: 'en',
      mode: 'extractive',
      found: true,
      surface: 'mention',
      citations: [{ n: 1, articleId: '004_cefe45b9264134e7#2', title: '7th China-US Innovation Dialogue Held in Beijing', file: 'seeds/004_cefe45b9264134e7.txt' }],
    });
    expect(records[0]?.user).toMatch(/^u_[0-9a-f]{16}$/);

    // The latest rating of a question wins: it was "not helpful", so the line needs review and has no gold.
    const questions = feedbackToQuestions(records);
    expect(questions).toEqual([
      expect.objectContaining({
        question: 'What did the two sides discuss at the 7th China-US Innovation Dialogue?',
        category: 'feedback-not-helpful',
        gold: [],
        needsReview: true,
      }),
    ]);
    expect(feedbackToQuestions(records.slice(0, 1))[0]?.gold).toEqual([{ file: '004_cefe45b9264134e7.txt', title: '7th China-US Innovation Dialogue Held in Beijing' }]);
  });
});

describe('message shortcut', () => {
  it('"Ask about this message" answers the message in its thread and says who asked', async () => {
    const h = await start();
    const messageTs = '1700002000.000100';
    const response = await h.postForm(messageShortcutBody({ responseUrl: h.responseUrl(), text: 'Is the <https://example.org|Qingdao park> working with US universities?', messageTs }));
    expect(response.status).toBe(200);
    const answer = await waitForAnswer(h.fake, h.log, 'C0GENERAL', messageTs);

    expect(h.assistant.calls.map((call) => call.question)).toEqual(['Is the Qingdao park (https://example.org) working with US universities?']);
    expect(answer.answerTexts).toEqual([answerResultFixture().answer]);
    expect(answer.sourceLines).toContain('<@U0ASKER> asked about this message');
    expect(questionLogLines(h.log, messageTs)[0]).toMatchObject({ surface: 'shortcut', outcome: 'answered' });
  });

  it('answers privately when the bot cannot post in the channel', async () => {
    const h = await start();
    h.fake.failNext('assistant.threads.setStatus', { kind: 'platform-error', error: 'not_in_channel' });
    h.fake.failNext('chat.postMessage', { kind: 'platform-error', error: 'not_in_channel' }, 4);
    const responseUrl = h.responseUrl();
    await h.postForm(messageShortcutBody({ responseUrl, text: 'What about the Qingdao park?' }));
    const [privateAnswer] = await waitForResponses(h, responseUrl, 1);
    expect(privateAnswer?.body).toMatchObject({ response_type: 'ephemeral' });
    expect(answerTextsOf(blocksOfCall(privateAnswer))).toEqual([answerResultFixture().answer]);
  });
});

describe('assistant threads', () => {
  it('suggests prompts in English and Chinese when a thread starts', async () => {
    const h = await start();
    const started = assistantThreadStartedEvent();
    await h.post(eventCallback(started));
    const [prompts] = await h.fake.waitForCalls('assistant.threads.setSuggestedPrompts', 1);
    const thread = started['assistant_thread'] as { thread_ts: string };
    expect(prompts?.body).toMatchObject({ channel_id: 'D0ASKER', thread_ts: thread.thread_ts, title: SLACK_INTERFACE_TEXT.en.suggestedPromptsTitle });
    const sent = prompts?.body['prompts'] as { title: string; message: string }[];
    expect(sent).toEqual(SUGGESTED_PROMPTS.map((prompt) => ({ ...prompt })));
    expect(sent.length).toBeLessThanOrEqual(4);
    expect(sent.some((prompt) => /\p{Script=Han}/u.test(prompt.message))).toBe(true);
    expect(sent.some((prompt) => /^[A-Za-z]/.test(prompt.message))).toBe(true);
  });
});
