/**
 * The configuration's general rules, checked for every variable the schema reads: a blank value means
 * unset (its default), `.env.example` lists every variable and says so, and path variables that name the
 * wrong kind of thing are configuration errors naming the variable.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse as parseDotenv } from 'dotenv';
import { afterAll, describe, expect, it } from 'vitest';
import { CONFIG_VARIABLES, ConfigError, loadConfig, type AppConfig } from '../../src/core';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const ENV_EXAMPLE_TEXT = readFileSync(path.join(ROOT, '.env.example'), 'utf8');
const scratch = mkdtempSync(path.join(os.tmpdir(), 'config-rules-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Turns on the optional sections (Slack, LLM) so that their variables are read at all. */
const BASELINE: Readonly<Record<string, string>> = Object.freeze({
  SLACK_BOT_TOKEN: 'xoxb-test-token',
  SLACK_SIGNING_SECRET: 'test-signing-secret',
  LLM_PROVIDER: 'openai',
  LLM_BASE_URL: 'http://127.0.0.1:9/v1',
  LLM_MODEL: 'test-model',
});

/** The config, or the configuration error's issues, for `environment` (rooted in an empty scratch folder). */
function outcome(environment: Record<string, string>): AppConfig | readonly string[] {
  try {
    return loadConfig(environment, scratch);
  } catch (error) {
    if (error instanceof ConfigError) return error.issues;
    throw error;
  }
}

function configErrorOf(environment: Record<string, string>, rootDir: string): ConfigError {
  try {
    loadConfig(environment, rootDir);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('a blank variable means unset, for every variable', () => {
  it.each(CONFIG_VARIABLES)('%s= and %s=" " give what leaving it unset gives', (name) => {
    const unset: Record<string, string> = { ...BASELINE };
    delete unset[name];
    const expected = outcome(unset);
    expect(outcome({ ...unset, [name]: '' })).toEqual(expected);
    expect(outcome({ ...unset, [name]: '   ' })).toEqual(expected);
  });

  it('a blank number is its default, never 0: the rate limit stays on, the port stays 3000', () => {
    const config = loadConfig({ ...BASELINE, SLACK_RATE_LIMIT_QUESTIONS: '', PORT: '', WATCH_DEBOUNCE_MS: '' }, scratch);
    expect(config.slack?.rateLimitQuestions).toBe(10);
    expect(config.slack?.port).toBe(3000);
    expect(config.watch.debounceMilliseconds).toBe(1500);
  });

  it('an explicit 0 is still 0 where 0 is allowed', () => {
    const config = loadConfig({ ...BASELINE, SLACK_RATE_LIMIT_QUESTIONS: '0', PORT: '0' }, scratch);
    expect(config.slack?.rateLimitQuestions).toBe(0);
    expect(config.slack?.port).toBe(0);
  });
});

describe('.env.example', () => {
  const listed = Object.keys(parseDotenv(ENV_EXAMPLE_TEXT));

  it('lists every variable the configuration reads, and no other', () => {
    expect([...listed].sort()).toEqual([...CONFIG_VARIABLES].sort());
  });

  it('states the blank-variable rule', () => {
    expect(ENV_EXAMPLE_TEXT).toMatch(/empty value .*same as unset/iu);
  });

  it('loads as it is shipped (every blank and every default valid)', () => {
    expect(() => loadConfig(parseDotenv(ENV_EXAMPLE_TEXT), scratch)).not.toThrow();
  });
});

describe('path variables naming the wrong kind of thing are configuration errors', () => {
  const root = path.join(scratch, 'paths');
  mkdirSync(path.join(root, 'a-folder'), { recursive: true });
  writeFileSync(path.join(root, 'a-file.txt'), 'not a folder\n');

  it.each([
    ['INDEX_DIR', 'a-file.txt/index', /INDEX_DIR: .*a-file\.txt.index cannot exist: .*a-file\.txt is a file, not a folder/u],
    ['INDEX_DIR', 'a-file.txt', /INDEX_DIR: .*a-file\.txt is a file, not a folder/u],
    ['SEEDS_DIR', 'a-file.txt', /SEEDS_DIR: .*a-file\.txt is a file, not a folder/u],
    ['MODEL_DIR', 'a-file.txt/models', /MODEL_DIR: .*cannot exist/u],
    ['PROMPTS_DIR', 'a-file.txt', /PROMPTS_DIR: .*is a file, not a folder/u],
    ['GLOSSARY_FILE', 'a-folder', /GLOSSARY_FILE: .*a-folder is a folder, not a file/u],
    ['PAIR_OVERRIDES_FILE', 'a-folder', /PAIR_OVERRIDES_FILE: .*is a folder, not a file/u],
    ['FEEDBACK_LOG', 'a-file.txt/feedback.jsonl', /FEEDBACK_LOG: .*cannot exist: .*a-file\.txt is a file/u],
  ])('%s=%s', (name, value, message) => {
    const error = configErrorOf({ [name]: value }, root);
    expect(error.issues).toHaveLength(1);
    expect(error.issues[0]).toMatch(message);
  });

  it('missing paths are not errors (folders are created, optional files mean none)', () => {
    expect(() =>
      loadConfig({ INDEX_DIR: 'new/index', GLOSSARY_FILE: 'absent.tsv', FEEDBACK_LOG: 'new/feedback.jsonl' }, root),
    ).not.toThrow();
  });
});
