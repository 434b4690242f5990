/**
 * `slack-app-manifest.yaml` asks for exactly the scopes the app uses: every Web API method the app calls in a
 * conversation must be covered, and no scope may be requested that no call or event needs.
 */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { startHttpHarness, type HttpHarness } from './support/http-harness';
import { waitForUpdatedReply, waitForPostInThread } from './support/replies';
import { appMentionEvent, directMessageEvent, eventCallback } from './support/slack-events';

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

/** Bot scopes each Web API method needs (auth.test needs none; apps.connections.open uses the app-level token). */
const SCOPES_BY_METHOD: Readonly<Record<string, readonly string[]>> = {
  'auth.test': [],
  'apps.connections.open': [],
  'chat.postMessage': ['chat:write'],
  'chat.update': ['chat:write'],
};

/** Bot scopes each subscribed event needs. */
const SCOPES_BY_EVENT: Readonly<Record<string, readonly string[]>> = {
  app_mention: ['app_mentions:read'],
  'message.im': ['im:history'],
};

let harness: HttpHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

describe('slack-app-manifest.yaml', () => {
  it('subscribes to app_mention and message.im and enables Socket Mode by default', () => {
    expect(listUnder('bot_events')).toEqual(['app_mention', 'message.im']);
    expect(manifest).toMatch(/^\s*socket_mode_enabled: true$/m);
    expect(manifest).toMatch(/messages_tab_enabled: true/);
  });

  it('requests exactly the scopes that the calls and events of a conversation need', async () => {
    harness = await startHttpHarness();
    const mention = appMentionEvent();
    await harness.post(eventCallback(mention));
    await waitForUpdatedReply(harness.fake, 'C0GENERAL', mention['ts'] as string);
    const emptyMention = appMentionEvent({ text: '<@U0BOT>' });
    await harness.post(eventCallback(emptyMention));
    await waitForPostInThread(harness.fake, 'C0GENERAL', emptyMention['ts'] as string);
    const message = directMessageEvent();
    await harness.post(eventCallback(message));
    await waitForUpdatedReply(harness.fake, 'D0ASKER', message['ts'] as string);

    const calledMethods = [...new Set(harness.fake.calls.map((call) => call.method))].sort();
    for (const method of calledMethods) expect(Object.keys(SCOPES_BY_METHOD), `scopes of ${method}`).toContain(method);
    const needed = new Set([
      ...calledMethods.flatMap((method) => SCOPES_BY_METHOD[method] ?? []),
      ...listUnder('bot_events').flatMap((event) => SCOPES_BY_EVENT[event] ?? ['unknown event']),
    ]);
    expect(listUnder('bot').sort()).toEqual([...needed].sort());
  });
});
