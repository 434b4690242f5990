/** The Slack experience's variables in `loadConfig`: defaults, parsing and validation. */
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/core';

const SLACK = { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 'secret', EMBEDDER: 'hashed' };

describe('Slack configuration', () => {
  it('has safe defaults: no allow-lists or admins, 10 questions a minute, streaming, 15 s grace, /health, /newsletter', () => {
    const config = loadConfig(SLACK, '/repo');
    expect(config.slack).toMatchObject({
      allowedChannels: [],
      allowedUsers: [],
      adminUsers: [],
      rateLimitQuestions: 10,
      rateLimitWindowMilliseconds: 60_000,
      streaming: true,
      shutdownGraceMilliseconds: 15_000,
      healthPath: '/health',
      command: '/newsletter',
      startupTimeoutMilliseconds: 30_000,
    });
    expect(config.feedbackLog).toBe('/repo/feedback/feedback.jsonl');
    expect(config.userHashSalt).toBe('');
  });

  it('parses comma-separated id lists with spaces and the other settings', () => {
    const config = loadConfig(
      {
        ...SLACK,
        SLACK_ALLOWED_CHANNELS: 'C0123ABCD, G0456EFGH,',
        SLACK_ALLOWED_USERS: 'U01',
        SLACK_ADMIN_USERS: ' W02 ',
        SLACK_RATE_LIMIT_QUESTIONS: '0',
        SLACK_RATE_LIMIT_WINDOW_MS: '5000',
        SLACK_STREAMING: 'false',
        SLACK_SHUTDOWN_GRACE_MS: '0',
        SLACK_HEALTH_PATH: '/internal/healthz',
        SLACK_COMMAND: '/cstn',
        SLACK_STARTUP_TIMEOUT_MS: '5000',
        FEEDBACK_LOG: 'var/feedback.jsonl',
        USER_HASH_SALT: 'pepper',
      },
      '/repo',
    );
    expect(config.slack).toMatchObject({
      allowedChannels: ['C0123ABCD', 'G0456EFGH'],
      allowedUsers: ['U01'],
      adminUsers: ['W02'],
      rateLimitQuestions: 0,
      rateLimitWindowMilliseconds: 5000,
      streaming: false,
      shutdownGraceMilliseconds: 0,
      healthPath: '/internal/healthz',
      command: '/cstn',
      startupTimeoutMilliseconds: 5000,
    });
    expect(Object.isFrozen(config.slack?.allowedChannels)).toBe(true);
    expect(config.feedbackLog).toBe('/repo/var/feedback.jsonl');
    expect(config.userHashSalt).toBe('pepper');
  });

  it.each([
    ['SLACK_ALLOWED_CHANNELS', '#general'],
    ['SLACK_ADMIN_USERS', 'alice'],
    ['SLACK_RATE_LIMIT_QUESTIONS', '-1'],
    ['SLACK_RATE_LIMIT_WINDOW_MS', '10'],
    ['SLACK_STREAMING', 'maybe'],
    ['SLACK_SHUTDOWN_GRACE_MS', 'soon'],
    ['SLACK_HEALTH_PATH', 'health'],
    ['SLACK_HEALTH_PATH', '/slack/events'],
    ['SLACK_COMMAND', 'newsletter'],
    ['SLACK_STARTUP_TIMEOUT_MS', '10'],
    ['SLACK_STARTUP_TIMEOUT_MS', 'forever'],
  ])('rejects %s=%j naming the variable', (variable, value) => {
    const failure = (() => {
      try {
        loadConfig({ ...SLACK, [variable]: value }, '/repo');
        return undefined;
      } catch (error) {
        return error;
      }
    })();
    expect(failure).toBeInstanceOf(ConfigError);
    expect((failure as ConfigError).message).toContain(variable);
  });
});
