/**
 * Start-up (issue 15): `npm run index` over unchanged seeds and `npm run ask` without an LLM load only what
 * they use — never the Slack, web-server or LLM/embedding-service client packages, which cost seconds to
 * import. A no-op `npm run index` loads no more than its check needs (a no-op within 1 s of start-up): not the
 * index's search libraries (hnswlib-node, wink, LangChain's vector stores) nor transformers.js, also under
 * `EMBEDDER=auto` with the model in the model folder. The real commands run under Node's module loader with a
 * recorder (tests/support/module-recorder.mjs) over a temp seeds copy and index; the recorder is checked to see
 * those packages where they are used (`npm start --help` loads Slack's; an update after a seed change loads the
 * search libraries), so the checks can fail.
 */
import { spawn } from 'node:child_process';
import { appendFile, cp, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, REPOSITORY_ROOT, type TempDir } from '../app/support/seed-assistant';
import { inheritedBasics, runCliCommand } from '../support/run-cli';
import { copySeedFixture, seedFolderEnvironment } from '../support/seed-fixture';
import { GENERATED_MODEL_ROOT, TINY_E5_MODEL_ID } from '../support/tiny-model';

/** Packages a command that neither serves Slack or the web nor calls an LLM or embedding service must not load. */
const HEAVY_PACKAGES = ['@slack/bolt', 'express', '@langchain/openai', '@langchain/ollama', 'openai', 'ollama'] as const;

/** Modules a no-op `npm run index` must not load: the index's search libraries and the embedding model's. */
const SEARCH_AND_MODEL_MODULES = ['@langchain/core/dist/vectorstores', 'hnswlib-node', '@xenova/transformers', 'wink-bm25-text-search'] as const;

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

/** What a recorded run printed and loaded. */
interface RecordedRun {
  readonly stdout: string;
  /** Package names (`@scope/name` or `name`) of the modules loaded from node_modules. */
  readonly packages: Set<string>;
  /** Every module loaded, as its URL. */
  readonly urls: readonly string[];
}

/** Which of `modules` (a package name, or a package path prefix such as `@langchain/core/dist/vectorstores`) a run loaded. */
function loadedOf(run: RecordedRun, modules: readonly string[]): string[] {
  return modules.filter((module) => run.urls.some((url) => url.includes(`/node_modules/${module}/`) || url.includes(`/node_modules/${module}.`)));
}

/** Runs `src/cli/<script>` under the recorder (with `extra` variables); returns its stdout and what it loaded. */
async function recordedRun(script: string, args: readonly string[], name: string, extra: Record<string, string> = {}): Promise<RecordedRun> {
  const record = path.join(temp.directory, `${name}.modules`);
  const child = spawn(process.execPath, ['--import', 'tsx', '--import', RECORDER, path.join('src', 'cli', script), ...args], {
    cwd: REPOSITORY_ROOT,
    env: { ...environment, ...extra, MODULE_RECORD_FILE: record },
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
  return { stdout, packages, urls };
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
  }, 60_000);

  it('npm run index over unchanged seeds: no search library (hnswlib, wink, LangChain vector stores), no transformers.js', async () => {
    const run = await recordedRun('index-command.ts', [], 'index-noop-search');
    expect(run.stdout).toMatch(/^Index already current: 45 articles/mu);
    expect(loadedOf(run, SEARCH_AND_MODEL_MODULES)).toEqual([]);
  }, 60_000);

  it('npm run index after a seed change loads them: the search libraries are what an update uses', async () => {
    const glossary = path.join(environment.SEEDS_DIR ?? '', 'glossary.tsv');
    await appendFile(glossary, '\n');
    const run = await recordedRun('index-command.ts', [], 'index-update');
    expect(run.stdout).toMatch(/^Updated \(0 file\(s\) added, 0 changed, 0 removed/mu);
    expect(loadedOf(run, SEARCH_AND_MODEL_MODULES)).toEqual(['@langchain/core/dist/vectorstores', 'hnswlib-node', 'wink-bm25-text-search']);
  }, 120_000);

  it('npm run ask without an LLM: answers, and loads none of them either', async () => {
    const { stdout, packages } = await recordedRun('ask-command.ts', ['Who chaired the 7th China-US Innovation Dialogue?'], 'ask');
    expect(stdout).toContain('Sources:');
    expect(HEAVY_PACKAGES.filter((name) => packages.has(name))).toEqual([]);
  }, 120_000);
});

describe('EMBEDDER=auto with the model in the model folder: a no-op decides from the files, without transformers.js (issue 15)', () => {
  /** The model-backed index's variables: `auto` over a copy of the tiny E5 model, downloads off. */
  let modelEnvironment: Record<string, string>;
  let modelDir: string;

  beforeAll(async () => {
    modelDir = path.join(temp.directory, 'models');
    await cp(path.join(GENERATED_MODEL_ROOT, ...TINY_E5_MODEL_ID.split('/')), path.join(modelDir, ...TINY_E5_MODEL_ID.split('/')), { recursive: true });
    modelEnvironment = { EMBEDDER: 'auto', MODEL_DIR: modelDir, EMBEDDING_MODEL: TINY_E5_MODEL_ID, ALLOW_REMOTE_MODELS: 'false', INDEX_DIR: path.join(temp.directory, 'model-index') };
    const build = await runCliCommand('index', [], { ...environment, ...modelEnvironment });
    expect(build.code, build.stderr).toBe(0);
    expect(build.stdout).toContain(`with transformers:${TINY_E5_MODEL_ID}:quantized`);
  }, 120_000);

  it('the index built with the model is current, and neither transformers.js nor the search libraries are loaded', async () => {
    const run = await recordedRun('index-command.ts', [], 'index-noop-model', modelEnvironment);
    expect(run.stdout).toMatch(new RegExp(`^Index already current: .* with transformers:${TINY_E5_MODEL_ID}:quantized`, 'mu'));
    expect(loadedOf(run, SEARCH_AND_MODEL_MODULES)).toEqual([]);
  }, 60_000);

  it('the model gone: the next run falls back to the hashed embedder and rebuilds, as before', async () => {
    await rm(path.join(modelDir, ...TINY_E5_MODEL_ID.split('/'), 'onnx', 'model_quantized.onnx'));
    const run = await runCliCommand('index', [], { ...environment, ...modelEnvironment });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^Updated \(0 file\(s\) added, 0 changed, 0 removed; embedded \d+ chunk text\(s\), reused 0 embedding\(s\)\): .* with hashed-ngram:/mu);
    expect(run.stdout).toContain('Model-free embedder in use:');
  }, 120_000);
});
