/**
 * The real Slack app (createSlackApp, HTTP receiver on 127.0.0.1:0) wired to a {@link FakeSlackApi}, a
 * {@link FakeAssistant} and a {@link RecordingLogger}.
 */
import type { SlackConfig } from '../../../src/core';
import { createSlackApp, type SlackApp, type SlackAppOptions } from '../../../src/slack';
import { FakeAssistant } from './fake-assistant';
import { FakeSlackApi } from './fake-slack-api';
import { RecordingLogger } from './recording-logger';
import { postToReceiver, type PostToReceiverOptions, type ReceiverResponse } from './slack-events';

/** Secrets of the test app; tests assert they never reach a log line. */
export const TEST_BOT_TOKEN = 'xoxb-1111-2222-test-bot-token';
export const TEST_SIGNING_SECRET = 'test-signing-secret-5c1d2e';
export const TEST_APP_TOKEN = 'xapp-1-A0NEWSLETTER-3333-test-app-token';

/** A running app with its fakes. */
export interface HttpHarness {
  readonly fake: FakeSlackApi;
  readonly assistant: FakeAssistant;
  readonly log: RecordingLogger;
  readonly slackApp: SlackApp;
  /** `http://127.0.0.1:<port>/slack/events` */
  readonly eventsUrl: string;
  /** Signs (with the test secret unless overridden) and posts `body` to the events endpoint. */
  post(body: unknown, options?: Partial<PostToReceiverOptions>): Promise<ReceiverResponse>;
  /** Stops the app, then the fake. */
  close(): Promise<void>;
}

/** Options passed through to createSlackApp (config, assistant, logger and host are the harness's). */
export type HarnessAppOptions = Omit<SlackAppOptions, 'config' | 'assistant' | 'logger' | 'host'>;

/** Starts the fake Web API and the app in HTTP mode; `webApiRetries` defaults to 0. */
export async function startHttpHarness(appOptions: HarnessAppOptions = {}): Promise<HttpHarness> {
  const fake = await FakeSlackApi.start();
  const assistant = new FakeAssistant();
  const log = new RecordingLogger('debug');
  const config: SlackConfig = {
    botToken: TEST_BOT_TOKEN,
    mode: 'http',
    appToken: undefined,
    signingSecret: TEST_SIGNING_SECRET,
    port: 0,
    apiUrl: fake.url,
  };
  const slackApp = createSlackApp({
    webApiRetries: 0,
    ...appOptions,
    config,
    assistant,
    logger: log.logger,
    host: '127.0.0.1',
  });
  let started;
  try {
    started = await slackApp.start();
  } catch (error) {
    await fake.close();
    throw error;
  }
  const eventsUrl = `http://127.0.0.1:${started.port}/slack/events`;
  return {
    fake,
    assistant,
    log,
    slackApp,
    eventsUrl,
    post: (body, options = {}) => postToReceiver(eventsUrl, body, { signingSecret: TEST_SIGNING_SECRET, ...options }),
    async close() {
      await slackApp.stop();
      await fake.close();
    },
  };
}
