/**
 * The source pages' configuration: no links and 127.0.0.1 by default, PUBLIC_BASE_URL validated and
 * trimmed, WEB_BASIC_AUTH split at its first colon, and the password never in a configuration error.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/core';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

function issuesOf(environment: Record<string, string>): string {
  try {
    loadConfig(environment, ROOT);
  } catch (error) {
    if (error instanceof ConfigError) return error.issues.join('\n');
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('web configuration', () => {
  it('links nothing, binds 127.0.0.1 on PORT and asks no password by default (blank values as in .env.example)', () => {
    expect(loadConfig({}, ROOT).web).toEqual({ publicBaseUrl: null, host: '127.0.0.1', port: 3000, basicAuth: null });
    expect(loadConfig({ PUBLIC_BASE_URL: '', WEB_BASIC_AUTH: '', PORT: '8080' }, ROOT).web).toMatchObject({ publicBaseUrl: null, basicAuth: null, port: 8080 });
  });

  it('takes an http(s) PUBLIC_BASE_URL without its trailing slashes, and refuses other schemes, queries and fragments', () => {
    expect(loadConfig({ PUBLIC_BASE_URL: 'https://newsletter.example.org//' }, ROOT).web.publicBaseUrl).toBe('https://newsletter.example.org');
    for (const value of ['javascript:alert(1)', 'ftp://example.org', 'https://example.org/?a=1', 'https://example.org/#x', 'not a url']) {
      expect(issuesOf({ PUBLIC_BASE_URL: value }), value).toMatch(/^PUBLIC_BASE_URL: /mu);
    }
  });

  it('splits WEB_BASIC_AUTH at its first colon and refuses a short password without echoing it', () => {
    expect(loadConfig({ WEB_BASIC_AUTH: 'reader:pass:with:colons' }, ROOT).web.basicAuth).toEqual({ user: 'reader', password: 'pass:with:colons' });
    const issues = issuesOf({ WEB_BASIC_AUTH: 'reader:short' });
    expect(issues).toMatch(/^WEB_BASIC_AUTH: must be user:password/mu);
    expect(issues).not.toContain('short');
  });
});
