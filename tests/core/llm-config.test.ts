/**
 * The LLM block of the configuration: provider `none` by default, per-provider default base URLs, the required
 * model and (for api.openai.com) key, bounds, blank values copied from `.env.example`, and the key never
 * appearing in a configuration error.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseDotenv } from 'dotenv';
import { describe, expect, it } from 'vitest';
import { ConfigError, DEFAULT_LLM_BASE_URLS, loadConfig, type AppConfig, type LlmConfig } from '../../src/core';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const ENV_EXAMPLE = parseDotenv(readFileSync(path.join(ROOT, '.env.example'), 'utf8'));

function llmOf(environment: Record<string, string>): LlmConfig {
  const config: AppConfig = loadConfig(environment, ROOT);
  if (config.llm === null) throw new Error('expected an LLM configuration');
  return config.llm;
}

function configErrorOf(environment: Record<string, string>): ConfigError {
  try {
    loadConfig(environment, ROOT);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('LLM_PROVIDER', () => {
  it('is none by default: no LLM configuration, whatever the other LLM variables say', () => {
    expect(loadConfig({}, ROOT).llm).toBeNull();
    expect(loadConfig({ LLM_MODEL: 'gpt-4o-mini', LLM_PROVIDER: '' }, ROOT).llm).toBeNull();
  });

  it('rejects an unknown provider, naming the variable', () => {
    const error = configErrorOf({ LLM_PROVIDER: 'anthropic' });
    expect(error.issues.join('\n')).toMatch(/^LLM_PROVIDER: /mu);
  });
});

describe('LLM_BASE_URL', () => {
  it('defaults per provider', () => {
    expect(llmOf({ LLM_PROVIDER: 'ollama', LLM_MODEL: 'qwen2.5:7b' }).baseUrl).toBe(DEFAULT_LLM_BASE_URLS.ollama);
    expect(llmOf({ LLM_PROVIDER: 'openai', LLM_MODEL: 'gpt-4o-mini', LLM_API_KEY: 'sk-test-key' }).baseUrl).toBe(
      DEFAULT_LLM_BASE_URLS.openai,
    );
  });

  it('keeps a given URL, without its trailing slashes', () => {
    const llm = llmOf({ LLM_PROVIDER: 'openai', LLM_MODEL: 'local', LLM_BASE_URL: 'http://127.0.0.1:8080/v1//' });
    expect(llm.baseUrl).toBe('http://127.0.0.1:8080/v1');
  });

  it('must be an http(s) URL', () => {
    for (const value of ['not a url', 'ftp://example.com/v1']) {
      const error = configErrorOf({ LLM_PROVIDER: 'openai', LLM_MODEL: 'm', LLM_BASE_URL: value });
      expect(error.issues.some((issue) => issue.startsWith('LLM_BASE_URL'))).toBe(true);
    }
  });

  it('must not carry credentials, and the error does not repeat them', () => {
    const error = configErrorOf({ LLM_PROVIDER: 'openai', LLM_MODEL: 'm', LLM_BASE_URL: 'https://user:s3cret-pass@llm.example.com/v1' });
    expect(error.issues.some((issue) => issue.startsWith('LLM_BASE_URL must not contain credentials'))).toBe(true);
    expect(error.message).not.toContain('s3cret-pass');
  });
});

describe('LLM_MODEL', () => {
  it.each(['openai', 'ollama'])('is required for provider %s', (provider) => {
    const error = configErrorOf({ LLM_PROVIDER: provider, LLM_BASE_URL: 'http://127.0.0.1:9/v1' });
    expect(error.issues.some((issue) => issue.startsWith(`LLM_MODEL is required when LLM_PROVIDER=${provider}`))).toBe(true);
  });
});

describe('LLM_API_KEY', () => {
  it('is required for OpenAI itself, and the problem is reported with the others', () => {
    const error = configErrorOf({ LLM_PROVIDER: 'openai' });
    expect(error.issues.some((issue) => issue.startsWith('LLM_API_KEY is required'))).toBe(true);
    expect(error.issues.some((issue) => issue.startsWith('LLM_MODEL is required'))).toBe(true);
  });

  it('is optional for local OpenAI-compatible servers and for Ollama', () => {
    expect(llmOf({ LLM_PROVIDER: 'openai', LLM_MODEL: 'm', LLM_BASE_URL: 'http://127.0.0.1:1234/v1' }).apiKey).toBeUndefined();
    expect(llmOf({ LLM_PROVIDER: 'ollama', LLM_MODEL: 'm' }).apiKey).toBeUndefined();
  });

  it('is kept when set (blank means unset)', () => {
    expect(llmOf({ LLM_PROVIDER: 'ollama', LLM_MODEL: 'm', LLM_API_KEY: '  key-123  ' }).apiKey).toBe('key-123');
    expect(llmOf({ LLM_PROVIDER: 'ollama', LLM_MODEL: 'm', LLM_API_KEY: '   ' }).apiKey).toBeUndefined();
  });

  it('never appears in a configuration error', () => {
    const key = 'sk-never-print-this-0123456789';
    const error = configErrorOf({ LLM_PROVIDER: 'openai', LLM_API_KEY: key, LLM_TEMPERATURE: '9' });
    expect(error.message).not.toContain(key);
    expect(JSON.stringify(error)).not.toContain(key);
  });
});

describe('numbers: temperature, timeout (milliseconds), retries, context (characters)', () => {
  const base = { LLM_PROVIDER: 'ollama', LLM_MODEL: 'm' };

  it('take the given values', () => {
    const llm = llmOf({ ...base, LLM_TEMPERATURE: '0.7', LLM_TIMEOUT_MS: '5000', LLM_MAX_RETRIES: '0', LLM_CONTEXT_CHARS: '4000' });
    expect([llm.temperature, llm.timeoutMs, llm.maxRetries, llm.contextChars]).toEqual([0.7, 5000, 0, 4000]);
  });

  it.each([
    ['LLM_TEMPERATURE', '2.5'],
    ['LLM_TEMPERATURE', '-0.1'],
    ['LLM_TIMEOUT_MS', '99'],
    ['LLM_TIMEOUT_MS', 'soon'],
    ['LLM_FIRST_TOKEN_TIMEOUT_MS', '99'],
    ['LLM_CONNECT_TIMEOUT_MS', 'soon'],
    ['LLM_TOTAL_TIMEOUT_MS', '3600001'],
    ['LLM_CIRCUIT_FAILURES', '0'],
    ['LLM_CIRCUIT_COOLDOWN_MS', '1.5'],
    ['LLM_MAX_RETRIES', '1.5'],
    ['LLM_MAX_RETRIES', '11'],
    ['LLM_CONTEXT_CHARS', '10'],
  ])('%s=%s is rejected, naming the variable', (name, value) => {
    const error = configErrorOf({ ...base, [name]: value });
    expect(error.issues.some((issue) => issue.startsWith(`${name}: `))).toBe(true);
  });

  it('blank values (as copied from .env.example) take the defaults', () => {
    const blank = llmOf({
      ...base,
      LLM_TEMPERATURE: '',
      LLM_TIMEOUT_MS: ' ',
      LLM_FIRST_TOKEN_TIMEOUT_MS: '',
      LLM_CONNECT_TIMEOUT_MS: '',
      LLM_TOTAL_TIMEOUT_MS: '',
      LLM_CIRCUIT_FAILURES: '',
      LLM_CIRCUIT_COOLDOWN_MS: '',
      LLM_MAX_RETRIES: '',
      LLM_CONTEXT_CHARS: '',
    });
    const unset = llmOf(base);
    expect(blank).toEqual(unset);
  });
});

describe('time budgets and circuit breaker (issue 16: a failing LLM costs a question little)', () => {
  const base = { LLM_PROVIDER: 'ollama', LLM_MODEL: 'm' };

  it('default to chat-sized budgets: 5 s connect, 15 s first token, 30 s per question; open after 3 failures for 60 s', () => {
    const llm = llmOf(base);
    expect([llm.connectTimeoutMs, llm.timeoutMs, llm.totalTimeoutMs, llm.circuitFailures, llm.circuitCooldownMs]).toEqual([5000, 15000, 30000, 3, 60000]);
  });

  it('take the given values', () => {
    const llm = llmOf({
      ...base,
      LLM_CONNECT_TIMEOUT_MS: '200',
      LLM_FIRST_TOKEN_TIMEOUT_MS: '300',
      LLM_TOTAL_TIMEOUT_MS: '2000',
      LLM_CIRCUIT_FAILURES: '1',
      LLM_CIRCUIT_COOLDOWN_MS: '500',
    });
    expect([llm.connectTimeoutMs, llm.timeoutMs, llm.totalTimeoutMs, llm.circuitFailures, llm.circuitCooldownMs]).toEqual([200, 300, 2000, 1, 500]);
  });

  it('LLM_TIMEOUT_MS is a deprecated alias of LLM_FIRST_TOKEN_TIMEOUT_MS, which wins when both are set', () => {
    expect(llmOf({ ...base, LLM_TIMEOUT_MS: '7000' }).timeoutMs).toBe(7000);
    expect(llmOf({ ...base, LLM_TIMEOUT_MS: '7000', LLM_FIRST_TOKEN_TIMEOUT_MS: '9000' }).timeoutMs).toBe(9000);
  });
});

describe('PROMPTS_DIR', () => {
  it('is resolved against the root directory', () => {
    expect(llmOf({ LLM_PROVIDER: 'ollama', LLM_MODEL: 'm', PROMPTS_DIR: 'custom/prompts' }).promptsDir).toBe(
      path.join(ROOT, 'custom', 'prompts'),
    );
  });
});

describe('.env.example', () => {
  const names = ['LLM_PROVIDER', 'LLM_BASE_URL', 'LLM_API_KEY', 'LLM_MODEL', 'LLM_TEMPERATURE', 'LLM_TIMEOUT_MS', 'LLM_FIRST_TOKEN_TIMEOUT_MS', 'LLM_CONNECT_TIMEOUT_MS', 'LLM_TOTAL_TIMEOUT_MS', 'LLM_CIRCUIT_FAILURES', 'LLM_CIRCUIT_COOLDOWN_MS', 'LLM_MAX_RETRIES', 'LLM_CONTEXT_CHARS', 'PROMPTS_DIR'];

  it('lists every LLM variable', () => {
    expect(names.filter((name) => !(name in ENV_EXAMPLE))).toEqual([]);
  });

  it('loads as is (no LLM), and its values equal the defaults once a provider and model are set', () => {
    expect(loadConfig(ENV_EXAMPLE, ROOT).llm).toBeNull();
    const fromExample = llmOf({ ...ENV_EXAMPLE, LLM_PROVIDER: 'ollama', LLM_MODEL: 'm' });
    expect(fromExample).toEqual(llmOf({ LLM_PROVIDER: 'ollama', LLM_MODEL: 'm' }));
  });

  it('leaves the key empty', () => {
    expect(ENV_EXAMPLE.LLM_API_KEY).toBe('');
  });
});
