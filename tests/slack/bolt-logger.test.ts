import { LogLevel } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { IndexMissingError } from '../../src/core';
import { BoltLoggerAdapter, describeError, redactSlackSecrets } from '../../src/slack/bolt-logger';
import { RecordingLogger } from './support/recording-logger';

describe('BoltLoggerAdapter', () => {
  it('writes Bolt messages through pino at the matching level, with an Error as a structured field', () => {
    const log = new RecordingLogger('debug');
    const adapter = new BoltLoggerAdapter(log.logger);
    adapter.setName('bolt-app');
    adapter.debug('http request url:', 'https://slack.com/api/chat.postMessage');
    const platformError = Object.assign(new Error('An API error occurred: channel_not_found'), {
      code: 'slack_webapi_platform_error',
      data: { ok: false, error: 'channel_not_found' },
    });
    adapter.error('Slack API error: channel_not_found', platformError);

    expect(log.entries.map((entry) => [entry.level, entry.msg])).toEqual([
      [20, 'http request url: https://slack.com/api/chat.postMessage'],
      [50, 'Slack API error: channel_not_found'],
    ]);
    expect(log.entries[1]?.['error']).toEqual({
      name: 'Error',
      code: 'slack_webapi_platform_error',
      message: 'An API error occurred: channel_not_found',
      slackError: 'channel_not_found',
    });
    expect(log.entries[1]?.['boltComponent']).toBe('bolt-app');
  });

  it('applies the level Bolt sets on top of pino’s', () => {
    const log = new RecordingLogger('debug');
    const adapter = new BoltLoggerAdapter(log.logger);
    adapter.setLevel(LogLevel.WARN);
    adapter.info('dropped');
    adapter.warn('kept');
    expect(adapter.getLevel()).toBe(LogLevel.WARN);
    expect(log.entries.map((entry) => entry.msg)).toEqual(['kept']);
  });

  it('drops (and counts) the messages matching its drop pattern, writing the others', () => {
    const log = new RecordingLogger('debug');
    const adapter = new BoltLoggerAdapter(log.logger, LogLevel.DEBUG, { drop: /^http request failed\b/ });
    adapter.warn('http request failed', 'fetch failed');
    adapter.warn('http request failed', 'fetch failed');
    adapter.warn('API Call failed due to rate limiting. Will retry in 1 seconds.');
    expect(log.entries.map((entry) => entry.msg)).toEqual(['API Call failed due to rate limiting. Will retry in 1 seconds.']);
    expect(adapter.dropped).toBe(2);
  });

  it('redacts tokens and Socket Mode tickets inside log strings', () => {
    const log = new RecordingLogger('debug');
    new BoltLoggerAdapter(log.logger).info('token xoxb-123-456-abcDEF and wss://wss.slack.test/link/?ticket=abc-123&app_id=A1 and xapp-1-A1-2-xyz');
    expect(log.entries[0]?.msg).toBe('token [redacted] and wss://wss.slack.test/link/?ticket=[redacted]&app_id=A1 and [redacted]');
  });
});

describe('describeError', () => {
  it('keeps an assistant error’s code and message, and the retry delay of a rate-limited call', () => {
    expect(describeError(new IndexMissingError('/srv/index'))).toMatchObject({ name: 'IndexMissingError', code: 'INDEX_MISSING' });
    expect(describeError(Object.assign(new Error('rate limited'), { code: 'slack_webapi_rate_limited_error', retryAfter: 30 }))).toMatchObject({
      code: 'slack_webapi_rate_limited_error',
      retryAfterSeconds: 30,
    });
    expect(describeError('a string')).toEqual({ name: 'NonError', code: null, message: 'a string' });
  });

  it('redacts tokens from messages', () => {
    expect(redactSlackSecrets('bad token xoxp-1-2-3')).toBe('bad token [redacted]');
  });
});
