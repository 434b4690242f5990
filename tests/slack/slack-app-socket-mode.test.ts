/**
 * The real Bolt app in Socket Mode over loopback: `apps.connections.open` on the fake Web API returns the
 * URL of a local WebSocket server, which greets the client and sends Events API, slash command and
 * interactive envelopes.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, type SlackConfig } from '../../src/core';
import { createSlackApp, type SlackApp } from '../../src/slack';
import { SLACK_INTERFACE_TEXT } from '../../src/slack/ui-text';
import { answerResultFixture, FakeAssistant } from './support/fake-assistant';
import { FakeSlackApi } from './support/fake-slack-api';
import { FakeSocketModeServer } from './support/fake-socket-mode-server';
import { slackConfigFixture, TEST_APP_TOKEN, TEST_BOT_TOKEN } from './support/http-harness';
import { RecordingLogger } from './support/recording-logger';
import { waitForAnswer } from './support/replies';
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
  const config: SlackConfig = slackConfigFixture({ mode: 'socket', appToken: TEST_APP_TOKEN, signingSecret: undefined, port: 3000, apiUrl: fake.url });
  slackApp = createSlackApp({ config, assistant, logger: log.logger, webApiRetries: 0, timing: { streamStartDelayMilliseconds: 20, appendIntervalMilliseconds: 0 } });
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

    const answer = await waitForAnswer(fake, log, 'C0GENERAL', mention['ts'] as string);
    expect(fake.callsTo('assistant.threads.setStatus')[0]?.body['thread_ts']).toBe(mention['ts']);
    expect(answer.calls[0]?.authorization).toBe(`Bearer ${TEST_BOT_TOKEN}`);
    expect(answer.answerTexts).toEqual([answerResultFixture().answer]);
    expect(answer.sourceLines).toHaveLength(1);
    expect(assistant.calls).toHaveLength(1);

    await slackApp.stop();
    await socketServer.waitForDisconnect();
    const everything = log.lines.join('\n');
    expect(everything).not.toContain(TEST_APP_TOKEN);
    expect(everything).not.toContain(TEST_BOT_TOKEN);
  });

  it('streams a generated answer with recipient user and team', async () => {
    const { fake, socketServer, assistant, log, slackApp } = await setUp();
    await slackApp.start();
    const answerText = 'The dialogue was held in Beijing [1]. Both sides discussed **innovation policy** [1]. They agreed to meet again [1].';
    assistant.answerWith(answerResultFixture({ answer: answerText, mode: 'llm' })).streamDeltas(40);
    const mention = appMentionEvent();
    socketServer.send({ envelope_id: 'envelope-1', type: 'events_api', payload: eventCallback(mention), accepts_response_payload: false });
    const answer = await waitForAnswer(fake, log, 'C0GENERAL', mention['ts'] as string);

    expect(answer.created).toBe('stream');
    expect(answer.streamedText).toBe(answerText);
    expect(fake.callsTo('chat.startStream')[0]?.body).toMatchObject({ recipient_user_id: 'U0ASKER', recipient_team_id: 'T0TEAM', thread_ts: mention['ts'] });
    expect(answer.blocks.map((block) => block.type)).toEqual(['context', 'actions', 'context_actions']);
  });

  it('acknowledges a slash command envelope with the private placeholder, then answers through response_url', async () => {
    const { fake, socketServer, log, slackApp } = await setUp();
    await slackApp.start();
    const responseUrl = `${fake.responseUrlBase}socket-1`;
    socketServer.send({
      envelope_id: 'envelope-command',
      type: 'slash_commands',
      payload: { command: '/newsletter', text: 'ask What was discussed?', user_id: 'U0ASKER', channel_id: 'C0GENERAL', team_id: 'T0TEAM', response_url: responseUrl, trigger_id: 't1' },
      accepts_response_payload: true,
    });
    const ack = await socketServer.waitForAck('envelope-command');
    expect(ack['payload']).toMatchObject({ response_type: 'ephemeral', text: SLACK_INTERFACE_TEXT.en.placeholder });
    const [response] = await fake.waitForCalls('response_url', 1);
    expect(response?.body).toMatchObject({ response_type: 'ephemeral', replace_original: true });
    expect(JSON.stringify(response?.body['blocks'])).toContain('answer_share');
    expect(log.entries.find((entry) => entry.msg === 'question')).toMatchObject({ surface: 'command', outcome: 'answered', delivery: 'ephemeral' });
  });

  it('answers a redelivered envelope (same event_id, retry_attempt 1) once', async () => {
    const { fake, socketServer, assistant, log, slackApp } = await setUp();
    await slackApp.start();
    const mention = appMentionEvent();
    const envelope = eventCallback(mention);
    socketServer.send({ envelope_id: 'envelope-1', type: 'events_api', payload: envelope, accepts_response_payload: false, retry_attempt: 0, retry_reason: '' });
    socketServer.send({ envelope_id: 'envelope-2', type: 'events_api', payload: envelope, accepts_response_payload: false, retry_attempt: 1, retry_reason: 'timeout' });
    await socketServer.waitForAck('envelope-2');
    await waitForAnswer(fake, log, 'C0GENERAL', mention['ts'] as string);

    const sentinel = appMentionEvent({ text: '<@U0BOT> Who attended the CERC meeting?' });
    socketServer.send({ envelope_id: 'envelope-3', type: 'events_api', payload: eventCallback(sentinel), accepts_response_payload: false });
    await waitForAnswer(fake, log, 'C0GENERAL', sentinel['ts'] as string);

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
