/**
 * Start-up with a token set but Slack unreachable: one clear report (URL, proxy variable, what to check),
 * no stream of "http request failed" warnings, a typed error within the bound, and no token anywhere.
 */
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { SlackUnavailableError, toAssistantError } from '../../src/core';
import { checkSlackReachable, createSlackApp, proxyInEffect } from '../../src/slack';
import { FakeAssistant } from './support/fake-assistant';
import { FakeSlackApi } from './support/fake-slack-api';
import { slackConfigFixture, TEST_BOT_TOKEN } from './support/http-harness';
import { RecordingLogger } from './support/recording-logger';

/** A loopback port nobody listens on (bound, then closed). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const FAST_POLICY = { attemptTimeoutMilliseconds: 300, firstPauseMilliseconds: 50, maximumPauseMilliseconds: 150 };

describe('Slack unreachable at start-up', () => {
  it('rejects within the bound with SlackUnavailableError, one report in the log, no retry lines and no token', async () => {
    const port = await closedPort();
    const apiUrl = `http://127.0.0.1:${port}/api/`;
    const log = new RecordingLogger('debug');
    const slackApp = createSlackApp({
      config: slackConfigFixture({ apiUrl, startupTimeoutMilliseconds: 1500 }),
      assistant: new FakeAssistant(),
      logger: log.logger,
      host: '127.0.0.1',
      startupCheckPolicy: FAST_POLICY,
    });
    const startedAt = Date.now();
    const failure = await slackApp.start().catch((error: unknown) => error);
    const elapsed = Date.now() - startedAt;

    expect(failure).toBeInstanceOf(SlackUnavailableError);
    const error = failure as SlackUnavailableError;
    expect(toAssistantError(error).code).toBe('SLACK_UNAVAILABLE');
    expect(elapsed).toBeGreaterThanOrEqual(1400);
    expect(elapsed).toBeLessThan(4000);
    expect(error.attempts).toBeGreaterThan(2);
    expect(error.message).toContain(apiUrl);
    expect(error.message).toContain('SLACK_API_URL');
    expect(error.message).toContain('ECONNREFUSED');
    expect(error.message).toMatch(/proxy/i);
    expect(error.message).toContain('SLACK_STARTUP_TIMEOUT_MS=1500');

    const reports = log.entries.filter((entry) => entry.level >= 40);
    expect(reports).toHaveLength(1);
    expect(reports[0]?.msg).toContain(`${apiUrl} (SLACK_API_URL) cannot be reached`);
    expect(reports[0]?.['apiUrl']).toBe(apiUrl);
    expect(log.lines.join('\n')).not.toMatch(/http request failed/);
    expect(log.lines.join('\n')).not.toContain(TEST_BOT_TOKEN);
    expect(`${error.message} ${JSON.stringify(error)}`).not.toContain(TEST_BOT_TOKEN);
    await slackApp.stop();
  });

  it('waits for a Slack that comes up within the bound, and reports it once', async () => {
    const port = await closedPort();
    const log = new RecordingLogger('debug');
    const check = checkSlackReachable({
      apiUrl: `http://127.0.0.1:${port}/api/`,
      botToken: TEST_BOT_TOKEN,
      timeoutMilliseconds: 5000,
      logger: log.logger,
      environment: {},
      policy: FAST_POLICY,
    });
    // Slack "comes up": a fake Web API on the port the check keeps trying.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const fake = await FakeSlackApi.start(undefined, port);
    try {
      const identity = await check;
      expect(identity.user_id).toBe(fake.identity.botUserId);
      expect(log.entries.filter((entry) => entry.level >= 40)).toHaveLength(1);
      expect(log.entries.some((entry) => entry.msg === 'Slack reached after all')).toBe(true);
    } finally {
      await fake.close();
    }
  });

  it('names the proxy variable in effect without its credentials', async () => {
    const port = await closedPort();
    const log = new RecordingLogger('debug');
    const failure = await checkSlackReachable({
      apiUrl: `http://127.0.0.1:${port}/api/`,
      botToken: TEST_BOT_TOKEN,
      timeoutMilliseconds: 300,
      logger: log.logger,
      environment: { HTTP_PROXY: 'http://alice:s3cret@proxy.internal:3128', HTTPS_PROXY: 'http://other:1' },
      policy: FAST_POLICY,
    }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(SlackUnavailableError);
    const message = (failure as Error).message;
    expect(message).toContain('HTTP_PROXY=http://***@proxy.internal:3128');
    expect(message).not.toContain('s3cret');
    expect(log.lines.join('\n')).not.toContain('s3cret');
  });

  it('reads the proxy variables curl reads, lower case first, https_ for https URLs', () => {
    expect(proxyInEffect('https://slack.com/api/', {})).toBeNull();
    expect(proxyInEffect('https://slack.com/api/', { HTTP_PROXY: 'http://p:1' })).toBeNull();
    expect(proxyInEffect('https://slack.com/api/', { HTTPS_PROXY: 'http://upper:1', https_proxy: 'http://lower:1' })).toEqual({ variable: 'https_proxy', value: 'http://lower:1' });
    expect(proxyInEffect('https://slack.com/api/', { ALL_PROXY: 'socks5://all:1' })).toEqual({ variable: 'ALL_PROXY', value: 'socks5://all:1' });
    expect(proxyInEffect('http://127.0.0.1/api/', { HTTP_PROXY: 'not a url' })).toEqual({ variable: 'HTTP_PROXY', value: '(set)' });
  });

  it('still turns a rejected token into a ConfigError at once (Slack was reached)', async () => {
    const fake = await FakeSlackApi.start();
    try {
      fake.failNext('auth.test', { kind: 'platform-error', error: 'invalid_auth' });
      const slackApp = createSlackApp({
        config: slackConfigFixture({ apiUrl: fake.url, startupTimeoutMilliseconds: 10_000 }),
        assistant: new FakeAssistant(),
        logger: new RecordingLogger().logger,
        host: '127.0.0.1',
        webApiRetries: 0,
      });
      const startedAt = Date.now();
      const failure = await slackApp.start().catch((error: unknown) => error);
      expect(toAssistantError(failure).code).toBe('CONFIG_INVALID');
      expect(Date.now() - startedAt).toBeLessThan(2000);
      expect(fake.callsTo('auth.test')).toHaveLength(1);
    } finally {
      await fake.close();
    }
  });
});
