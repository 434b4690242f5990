/** REDIS_URL, REDIS_KEY_PREFIX and INDEX_READ_ONLY: defaults, validation, and no password in the error. */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/core';

const scratch = mkdtempSync(path.join(os.tmpdir(), 'shared-state-config-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function issues(environment: Record<string, string>): readonly string[] {
  try {
    loadConfig(environment, scratch);
  } catch (error) {
    if (error instanceof ConfigError) return error.issues;
    throw error;
  }
  return [];
}

describe('shared state configuration', () => {
  it('defaults to in-process state, the newsletter: prefix and a writing index', () => {
    expect(loadConfig({}, scratch).sharedState).toEqual({ redisUrl: null, redisKeyPrefix: 'newsletter:', indexReadOnly: false });
  });

  it('accepts redis:// and rediss:// URLs, a prefix and read-only replicas', () => {
    const config = loadConfig({ REDIS_URL: 'rediss://:pw-1234@redis.internal:6380/2', REDIS_KEY_PREFIX: 'team-a:', INDEX_READ_ONLY: 'true' }, scratch);
    expect(config.sharedState).toEqual({ redisUrl: 'rediss://:pw-1234@redis.internal:6380/2', redisKeyPrefix: 'team-a:', indexReadOnly: true });
  });

  it('rejects other schemes and bad prefixes without echoing the URL (it may hold a password)', () => {
    const found = issues({ REDIS_URL: 'http://:hunter2-secret@redis.internal:6379', REDIS_KEY_PREFIX: 'has space' });
    expect(found.some((issue) => issue.startsWith('REDIS_URL'))).toBe(true);
    expect(found.some((issue) => issue.startsWith('REDIS_KEY_PREFIX'))).toBe(true);
    expect(found.join('\n')).not.toContain('hunter2');
  });
});
