/**
 * `slack-app-manifest.yaml` asks for exactly the scopes the app uses: every Web API method the app calls
 * across its features must be covered, every subscribed event must be one the app listens to, and no scope
 * may be requested that no call, event or feature needs.
 */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { ANSWER_ACTION_IDS, ASK_ABOUT_MESSAGE_CALLBACK_ID, encodeFeedbackValue } from '../../src/slack';
import { SUGGESTED_PROMPTS } from '../../src/slack/ui-text';
import { answerResultFixture } from './support/fake-assistant';
import { startHttpHarness, type HttpHarness } from './support/http-harness';
import { waitForAnswer } from './support/replies';
import {
  appHomeOpenedEvent,
  appMentionEvent,
  assistantThreadStartedEvent,
  blockActionsBody,
  directMessageEvent,
  eventCallback,
  feedbackButtonsBody,
  messageShortcutBody,
  slashCommandBody,
} from './support/slack-events';

const manifest = readFileSync(new URL('../../slack-app-manifest.yaml', import.meta.url), 'utf8');

/** The items of the YAML list under `key:` (a simple block list of `- item  # comment` lines). */
function listUnder(key: string): string[] {
  const match = new RegExp(`^(\\s*)${key}:\\s*\\n((?:\\1\\s+- .*\\n)+)`, 'm').exec(manifest);
  if (match === null) throw new Error(`No list under ${key} in the manifest`);
  return (match[2] ?? '').split('\n').flatMap((line) => {
    const item = /^\s+- ([^\s#]+)/.exec(line)?.[1];
    return item === undefined ? [] : [item];
  });
}

/**
 * Bot scopes each Web API method needs (docs.slack.dev/reference/methods; auth.test needs none,
 * apps.connections.open uses the app-level token, response_url posts need no token).
 */
const SCOPES_BY_METHOD: Readonly<Record<string, readonly string[]>> = {
  'auth.test': [],
  'apps.connections.open': [],
  response_url: [],
  'chat.postMessage': ['chat:write'],
  'chat.update': ['chat:write'],
  'chat.postEphemeral': ['chat:write'],
  'chat.startStream': ['chat:write'],
  'chat.appendStream': ['chat:write'],
  'chat.stopStream': ['chat:write'],
  'assistant.threads.setStatus': ['chat:write'],
  'assistant.threads.setSuggestedPrompts': ['assistant:write'],
  'assistant.threads.setTitle': ['assistant:write'],
  'views.publish': [],
};

/** Bot scopes each subscribed event needs. */
const SCOPES_BY_EVENT: Readonly<Record<string, readonly string[]>> = {
  app_mention: ['app_mentions:read'],
  'message.im': ['im:history'],
  'message.channels': ['channels:history'],
  'message.groups': ['groups:history'],
  assistant_thread_started: ['assistant:write'],
  app_home_opened: [],
};

let harness: HttpHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

describe('slack-app-manifest.yaml', () => {
  it('subscribes to the events the app handles, declares its command and shortcut, and enables Socket Mode by default', () => {
    expect(listUnder('bot_events')).toEqual(['app_home_opened', 'app_mention', 'message.channels', 'message.groups', 'message.im']);
    expect(manifest).toMatch(/^\s*socket_mode_enabled: true$/m);
    expect(manifest).toMatch(/messages_tab_enabled: true/);
    expect(manifest).toMatch(/home_tab_enabled: true/);
    // agent_view (Slack's default for AI apps) instead of the legacy assistant_view.
    expect(manifest).toMatch(/^\s*agent_view:/m);
    expect(manifest).not.toMatch(/^\s*assistant_view:/m);
    expect(manifest).toMatch(/^\s*- command: \/newsletter\b/m);
    expect(manifest).toMatch(new RegExp(`^\\s*callback_id: ${ASK_ABOUT_MESSAGE_CALLBACK_ID}$`, 'm'));
    expect(manifest).toMatch(/interactivity:\s*\n\s*is_enabled: true/);
  });

  it('describes the agent in at most 300 characters and suggests the prompts the bot sets', () => {
    const description = /^\s*agent_description: (.+)$/m.exec(manifest)?.[1] ?? '';
    expect(description.length).toBeGreaterThan(20);
    expect([...description].length).toBeLessThanOrEqual(300);
    const prompts = [...manifest.matchAll(/^\s*- title: (.+)\n\s*message: (.+)$/gm)].map((match) => ({ title: match[1], message: match[2] }));
    expect(prompts).toEqual(SUGGESTED_PROMPTS.map((prompt) => ({ title: prompt.title, message: prompt.message })));
    expect(prompts.length).toBeLessThanOrEqual(4);
  });

  it('requests exactly the scopes that the calls, events and features of every surface need', async () => {
    const h = await startHttpHarness({ timing: { streamStartDelayMilliseconds: 10, appendIntervalMilliseconds: 0 } });
    harness = h;
    // Mention (status, post), empty mention (help), thread follow-up, direct message, assistant thread (title).
    const mention = appMentionEvent();
    await h.post(eventCallback(mention));
    const answer = await waitForAnswer(h.fake, h.log, 'C0GENERAL', mention['ts'] as string);
    const emptyMention = appMentionEvent({ text: '<@U0BOT>' });
    await h.post(eventCallback(emptyMention));
    await waitForAnswer(h.fake, h.log, 'C0GENERAL', emptyMention['ts'] as string);
    await h.post(eventCallback(directMessageEvent({ channel_type: 'channel', channel: 'C0GENERAL', text: 'And then?', thread_ts: mention['ts'] })));
    await waitForAnswer(h.fake, h.log, 'C0GENERAL', mention['ts'] as string, { count: 2 });
    const assistantThread = directMessageEvent({ thread_ts: '1700003000.000100' });
    await h.post(eventCallback(assistantThread));
    await waitForAnswer(h.fake, h.log, 'D0ASKER', '1700003000.000100');
    await h.post(eventCallback(assistantThreadStartedEvent()));
    await h.fake.waitForCalls('assistant.threads.setSuggestedPrompts', 1);
    // A streamed answer.
    h.assistant.answerWith(answerResultFixture({ answer: 'One [1]. Two [1]. Three [1].', mode: 'llm' })).streamDeltas(20);
    const streamed = appMentionEvent();
    await h.post(eventCallback(streamed));
    await waitForAnswer(h.fake, h.log, 'C0GENERAL', streamed['ts'] as string);
    await h.fake.waitForCalls('chat.stopStream', 1);
    // Slash command, buttons, shortcut.
    await h.postForm(slashCommandBody({ text: 'ask What?', response_url: h.responseUrl() }));
    await h.fake.waitForCalls('response_url', 1);
    const showOriginal = JSON.stringify({ id: 'x', articles: ['004_cefe45b9264134e7#2'] });
    await h.postForm(blockActionsBody({ actionId: ANSWER_ACTION_IDS.showOriginal, value: showOriginal, responseUrl: h.responseUrl(), messageTs: answer.ts }));
    await h.fake.waitForCalls('chat.postEphemeral', 1);
    await h.postForm(messageShortcutBody({ responseUrl: h.responseUrl(), text: 'What about this?', messageTs: '1700003100.000100' }));
    await waitForAnswer(h.fake, h.log, 'C0GENERAL', '1700003100.000100');
    // agent_view: the Home and Messages tabs; the native feedback buttons.
    await h.post(eventCallback(appHomeOpenedEvent('home')));
    await h.fake.waitForCalls('views.publish', 1);
    await h.post(eventCallback(appHomeOpenedEvent('messages', { channel: 'D0AGENT' })));
    await h.fake.waitForCalls('assistant.threads.setSuggestedPrompts', 2);
    await h.postForm(feedbackButtonsBody({ actionId: ANSWER_ACTION_IDS.feedback, value: encodeFeedbackValue('helpful', 'x'), responseUrl: h.responseUrl(), messageTs: answer.ts }));
    await h.fake.waitForCalls('chat.postEphemeral', 2);

    const calledMethods = [...new Set(h.fake.calls.map((call) => call.method))].sort();
    for (const method of calledMethods) expect(Object.keys(SCOPES_BY_METHOD), `scopes of ${method}`).toContain(method);
    for (const method of ['chat.startStream', 'assistant.threads.setStatus', 'assistant.threads.setTitle', 'assistant.threads.setSuggestedPrompts', 'chat.postEphemeral', 'views.publish']) {
      expect(calledMethods).toContain(method);
    }
    const needed = new Set([
      ...calledMethods.flatMap((method) => SCOPES_BY_METHOD[method] ?? []),
      ...listUnder('bot_events').flatMap((event) => SCOPES_BY_EVENT[event] ?? ['unknown event']),
      // Slash commands and shortcuts need the `commands` scope.
      'commands',
    ]);
    expect(listUnder('bot').sort()).toEqual([...needed].sort());
  });
});
