/**
 * Start-up (issue 15): `npm run index` over unchanged seeds and `npm run ask` without an LLM load only what
 * they use — never the Slack, web-server or LLM/embedding-service client packages, which cost seconds to
 * import. The real commands run under Node's module loader with a recorder (tests/support/module-recorder.mjs)
 * over a temp seeds copy and index (hashed embedder); the recorder is checked to see those packages where
 * they are used (`npm start --help` loads Slack's), so the check can fail.
 */
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, REPOSITORY_ROOT, type TempDir } from '../app/support/seed-assistant';
import { inheritedBasics, runCliCommand } from '../support/run-cli';
import { copySeedFixture, seedFolderEnvironment } from '../support/seed-fixture';

/** Packages a command that neither serves Slack or the web nor calls an LLM or embedding service must not load. */
const HEAVY_PACKAGES = ['@slack/bolt', 'express', '@langchain/openai', '@langchain/ollama', 'openai', 'ollama'] as const;

const RECORDER = path.join(REPOSITORY_ROOT, 'tests', 'support', 'module-recorder.mjs');

let temp: TempDir;
let environment: Record<string, string>;

beforeAll(async () => {
  temp = await makeTempDir('startup-imports-');
  const seedsDir = await copySeedFixture(temp.directory);
  environment = { ...inheritedBasics(), ...seedFolderEnvironment(seedsDir), INDEX_DIR: path.join(temp.directory, 'index'), EMBEDDER: 'hashed', LOG_LEVEL: 'warn', LLM_PROVIDER: 'none' };
  const build = await runCliCommand('index', [], environment);
  expect(build.code, build.stderr).toBe(0);
}, 120_000);

afterAll(async () => {
  await temp.remove();
});

/** Runs `src/cli/<script>` under the recorder; returns its stdout and the packages it loaded. */
async function recordedRun(script: string, args: readonly string[], name: string): Promise<{ stdout: string; packages: Set<string> }> {
  const record = path.join(temp.directory, `${name}.modules`);
  const child = spawn(process.execPath, ['--import', 'tsx', '--import', RECORDER, path.join('src', 'cli', script), ...args], {
    cwd: REPOSITORY_ROOT,
    env: { ...environment, MODULE_RECORD_FILE: record },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
  child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  });
  expect(code, stderr).toBe(0);
  const urls = (await readFile(record, 'utf8')).split('\n').filter((line) => line !== '');
  const packages = new Set(urls.flatMap((url) => {
    const match = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//u.exec(url);
    return match?.[1] === undefined ? [] : [match[1]];
  }));
  return { stdout, packages };
}

describe('command start-up loads only what the command uses (issue 15)', () => {
  it('the recorder sees a heavy package where it is used: `start --help` loads @slack/bolt and express', async () => {
    const { packages } = await recordedRun('start.ts', ['--help'], 'start-help');
    expect(packages.has('@slack/bolt')).toBe(true);
    expect(packages.has('express')).toBe(true);
  }, 60_000);

  it('npm run index over unchanged seeds: no Slack, web server, LLM or embedding-service client', async () => {
    const { stdout, packages } = await recordedRun('index-command.ts', [], 'index-noop');
    expect(stdout).toMatch(/^Index already current: 45 articles/mu);
    expect(HEAVY_PACKAGES.filter((name) => packages.has(name))).toEqual([]);
    // What it does load: the index's own libraries.
    expect(packages.has('hnswlib-node')).toBe(true);
  }, 60_000);

  it('npm run ask without an LLM: answers, and loads none of them either', async () => {
    const { stdout, packages } = await recordedRun('ask-command.ts', ['Who chaired the 7th China-US Innovation Dialogue?'], 'ask');
    expect(stdout).toContain('Sources:');
    expect(HEAVY_PACKAGES.filter((name) => packages.has(name))).toEqual([]);
  }, 120_000);
});
