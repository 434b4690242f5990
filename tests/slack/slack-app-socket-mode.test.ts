/**
 * The real Bolt app in Socket Mode over loopback: `apps.connections.open` on the fake Web API returns the
 * URL of a local WebSocket server, which greets the client and sends Events API envelopes.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, type SlackConfig } from '../../src/core';
import { createSlackApp, type SlackApp } from '../../src/slack';
import { answerResultFixture, FakeAssistant } from './support/fake-assistant';
import { FakeSlackApi } from './support/fake-slack-api';
import { FakeSocketModeServer } from './support/fake-socket-mode-server';
import { TEST_APP_TOKEN, TEST_BOT_TOKEN } from './support/http-harness';
import { RecordingLogger } from './support/recording-logger';
import { sectionTexts, sourceLines, waitForUpdatedReply } from './support/replies';
import { appMentionEvent, eventCallback } from './support/slack-events';

let fake: FakeSlackApi | undefined;
let socketServer: FakeSocketModeServer | undefined;
let slackApp: SlackApp | undefined;

afterEach(async () => {
  await slackApp?.stop();
  await socketServer?.close();
  await fake?.close();
  slackApp = undefined;
  socketServer = undefined;
  fake = undefined;
});

async function setUp(): Promise<{ fake: FakeSlackApi; socketServer: FakeSocketModeServer; assistant: FakeAssistant; log: RecordingLogger; slackApp: SlackApp }> {
  fake = await FakeSlackApi.start();
  socketServer = await FakeSocketModeServer.start();
  fake.socketModeUrl = socketServer.url;
  const assistant = new FakeAssistant();
  const log = new RecordingLogger('debug');
  const config: SlackConfig = {
    botToken: TEST_BOT_TOKEN,
    mode: 'socket',
    appToken: TEST_APP_TOKEN,
    signingSecret: undefined,
    port: 3000,
    apiUrl: fake.url,
  };
  slackApp = createSlackApp({ config, assistant, logger: log.logger, webApiRetries: 0 });
  return { fake, socketServer, assistant, log, slackApp };
}

describe('Socket Mode', () => {
  it('connects with the app token, acknowledges an event envelope and answers in the thread', async () => {
    const { fake, socketServer, assistant, log, slackApp } = await setUp();
    const started = await slackApp.start();
    expect(started).toEqual({ mode: 'socket' });

    const [open] = fake.callsTo('apps.connections.open');
    expect(open?.authorization).toBe(`Bearer ${TEST_APP_TOKEN}`);
    expect(fake.callsTo('auth.test')[0]?.authorization).toBe(`Bearer ${TEST_BOT_TOKEN}`);
    expect(socketServer.connections).toBe(1);

    const mention = appMentionEvent();
    socketServer.send({ envelope_id: 'envelope-1', type: 'events_api', payload: eventCallback(mention), accepts_response_payload: false, retry_attempt: 0, retry_reason: '' });
    expect(await socketServer.waitForAck('envelope-1')).toEqual({ envelope_id: 'envelope-1', payload: {} });

    const { placeholder, update } = await waitForUpdatedReply(fake, 'C0GENERAL', mention['ts'] as string);
    expect(placeholder.body['thread_ts']).toBe(mention['ts']);
    expect(placeholder.authorization).toBe(`Bearer ${TEST_BOT_TOKEN}`);
    expect(sectionTexts(update)).toEqual([answerResultFixture().answer]);
    expect(sourceLines(update)).toHaveLength(1);
    expect(assistant.calls).toHaveLength(1);

    await slackApp.stop();
    await socketServer.waitForDisconnect();
    const everything = log.lines.join('\n');
    expect(everything).not.toContain(TEST_APP_TOKEN);
    expect(everything).not.toContain(TEST_BOT_TOKEN);
  });

  it('answers a redelivered envelope (same event_id, retry_attempt 1) once', async () => {
    const { fake, socketServer, assistant, slackApp } = await setUp();
    await slackApp.start();
    const mention = appMentionEvent();
    const envelope = eventCallback(mention);
    socketServer.send({ envelope_id: 'envelope-1', type: 'events_api', payload: envelope, accepts_response_payload: false, retry_attempt: 0, retry_reason: '' });
    socketServer.send({ envelope_id: 'envelope-2', type: 'events_api', payload: envelope, accepts_response_payload: false, retry_attempt: 1, retry_reason: 'timeout' });
    await socketServer.waitForAck('envelope-2');
    await waitForUpdatedReply(fake, 'C0GENERAL', mention['ts'] as string);

    const sentinel = appMentionEvent({ text: '<@U0BOT> Who attended the CERC meeting?' });
    socketServer.send({ envelope_id: 'envelope-3', type: 'events_api', payload: eventCallback(sentinel), accepts_response_payload: false });
    await waitForUpdatedReply(fake, 'C0GENERAL', sentinel['ts'] as string);

    expect(assistant.calls.map((call) => call.question)).toEqual([
      'What did the two sides discuss at the 7th China-US Innovation Dialogue?',
      'Who attended the CERC meeting?',
    ]);
    expect(fake.callsTo('chat.postMessage')).toHaveLength(2);
  });

  it('fails to start with a ConfigError naming SLACK_APP_TOKEN when Slack rejects the app token', async () => {
    const { fake, slackApp } = await setUp();
    fake.failNext('apps.connections.open', { kind: 'platform-error', error: 'invalid_auth' });
    const failure = await slackApp.start().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ConfigError);
    expect((failure as ConfigError).message).toContain('SLACK_APP_TOKEN');
    expect((failure as ConfigError).message).toContain('invalid_auth');
  });
});
