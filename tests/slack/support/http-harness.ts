/**
 * The real Slack app (createSlackApp, HTTP receiver on 127.0.0.1:0) wired to a {@link FakeSlackApi}, a
 * {@link FakeAssistant} and a {@link RecordingLogger}, with a feedback log in a fresh temporary folder.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Assistant } from '../../../src/answer/types';
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

/** A valid HTTP-mode {@link SlackConfig} (no allow-lists, rate limit off, streaming on); override any field. */
export function slackConfigFixture(overrides: Partial<SlackConfig> = {}): SlackConfig {
  return {
    botToken: TEST_BOT_TOKEN,
    mode: 'http',
    appToken: undefined,
    signingSecret: TEST_SIGNING_SECRET,
    port: 0,
    apiUrl: 'http://127.0.0.1:9/api/',
    allowedChannels: [],
    allowedUsers: [],
    adminUsers: [],
    rateLimitQuestions: 0,
    rateLimitWindowMilliseconds: 60_000,
    streaming: true,
    shutdownGraceMilliseconds: 5000,
    healthPath: '/health',
    command: '/newsletter',
    startupTimeoutMilliseconds: 30_000,
    ...overrides,
  };
}

/** A running app with its fakes. */
export interface HttpHarness {
  readonly fake: FakeSlackApi;
  readonly assistant: FakeAssistant;
  readonly log: RecordingLogger;
  readonly slackApp: SlackApp;
  /** `http://127.0.0.1:<port>` */
  readonly baseUrl: string;
  /** `http://127.0.0.1:<port>/slack/events` */
  readonly eventsUrl: string;
  /** The feedback log file (in a temporary folder removed by `close`). */
  readonly feedbackLog: string;
  /** Signs (with the test secret unless overridden) and posts `body` to the events endpoint. */
  post(body: unknown, options?: Partial<PostToReceiverOptions>): Promise<ReceiverResponse>;
  /** Posts a form-encoded body (slash command, interactive payload), signed. */
  postForm(body: string, options?: Partial<PostToReceiverOptions>): Promise<ReceiverResponse>;
  /** A fresh `response_url` pointing at the fake. */
  responseUrl(): string;
  /** Stops the app, then the fake; removes the temporary folder. */
  close(): Promise<void>;
}

/** Options passed through to createSlackApp (assistant, logger and host are the harness's); `config` overrides fields. */
export type HarnessAppOptions = Omit<SlackAppOptions, 'config' | 'assistant' | 'logger' | 'host'> & {
  readonly config?: Partial<SlackConfig>;
  /** The fake the harness exposes (default a fresh one). */
  readonly assistant?: FakeAssistant;
  /** A real assistant to answer instead of the fake (the load bench); the harness's `assistant` then stays unused. */
  readonly realAssistant?: Assistant;
  /** Level of the recording logger; default `debug`. */
  readonly logLevel?: string;
  /** A fake Web API shared with other harnesses (replicas of one app); `close` then leaves it running. */
  readonly sharedFake?: FakeSlackApi;
};

let responseUrlCounter = 0;

/** Starts the fake Web API and the app in HTTP mode; `webApiRetries` defaults to 0. */
export async function startHttpHarness(appOptions: HarnessAppOptions = {}): Promise<HttpHarness> {
  const fake = appOptions.sharedFake ?? (await FakeSlackApi.start());
  const closeFake = async (): Promise<void> => {
    if (appOptions.sharedFake === undefined) await fake.close();
  };
  const temporary = await mkdtemp(path.join(os.tmpdir(), 'slack-test-'));
  const feedbackLog = path.join(temporary, 'feedback', 'feedback.jsonl');
  const assistant = appOptions.assistant ?? new FakeAssistant();
  const log = new RecordingLogger(appOptions.logLevel ?? 'debug');
  const { config: configOverrides, assistant: _assistant, realAssistant, logLevel: _logLevel, sharedFake: _sharedFake, ...rest } = appOptions;
  const slackApp = createSlackApp({
    webApiRetries: 0,
    feedbackLog,
    ...rest,
    config: slackConfigFixture({ apiUrl: fake.url, ...configOverrides }),
    assistant: realAssistant ?? assistant,
    logger: log.logger,
    host: '127.0.0.1',
  });
  let started;
  try {
    started = await slackApp.start();
  } catch (error) {
    await closeFake();
    await rm(temporary, { recursive: true, force: true });
    throw error;
  }
  const baseUrl = `http://127.0.0.1:${started.port}`;
  const eventsUrl = `${baseUrl}/slack/events`;
  return {
    fake,
    assistant,
    log,
    slackApp,
    baseUrl,
    eventsUrl,
    feedbackLog,
    post: (body, options = {}) => postToReceiver(eventsUrl, body, { signingSecret: TEST_SIGNING_SECRET, ...options }),
    postForm: (body, options = {}) =>
      postToReceiver(eventsUrl, body, { signingSecret: TEST_SIGNING_SECRET, contentType: 'application/x-www-form-urlencoded', ...options }),
    responseUrl: () => {
      responseUrlCounter += 1;
      return `${fake.responseUrlBase}r${responseUrlCounter}`;
    },
    async close() {
      await slackApp.stop();
      await closeFake();
      await rm(temporary, { recursive: true, force: true });
    },
  };
}
