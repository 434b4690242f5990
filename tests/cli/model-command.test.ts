/**
 * `npm run model -- download|status` as a user runs it (a child process with only the variables given), against
 * a loopback hub (`HF_ENDPOINT=http://127.0.0.1:<port>`) serving a tiny XLM-RoBERTa-style model, and through a
 * loopback proxy (`HTTP_PROXY`).
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeHub, startLoopbackProxy, type FakeHub, type LoopbackProxy } from '../support/fake-hub';
import { inheritedBasics, runCliCommand, type CommandRun } from '../support/run-cli';
import { generateTinyXlmRobertaModel, TINY_XLMR_MODEL_ID } from '../support/tiny-model';

const scratch = mkdtempSync(path.join(os.tmpdir(), 'model-cli-'));
let hub: FakeHub;
let proxy: LoopbackProxy;

beforeAll(async () => {
  await generateTinyXlmRobertaModel({ root: path.join(scratch, 'hub-files'), modelId: TINY_XLMR_MODEL_ID, hiddenSize: 20 });
  hub = await startFakeHub(path.join(scratch, 'hub-files'));
  proxy = await startLoopbackProxy();
});

afterAll(async () => {
  await hub.close();
  await proxy.close();
  rmSync(scratch, { recursive: true, force: true });
});

function runModel(args: readonly string[], modelDir: string, extra: Record<string, string> = {}): Promise<CommandRun> {
  return runCliCommand('model', args, {
    ...inheritedBasics(),
    LOG_LEVEL: 'silent',
    // The command reads no newsletters; empty scratch folders keep it away from the live seeds/ and index/.
    SEEDS_DIR: path.join(scratch, 'seeds'),
    INDEX_DIR: path.join(scratch, 'index'),
    HF_ENDPOINT: hub.url,
    MODEL_DIR: modelDir,
    ALLOW_REMOTE_MODELS: 'true',
    ...extra,
  });
}

function filesUnder(directory: string): string[] {
  if (!existsSync(directory)) return [];
  return readdirSync(directory, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(directory, path.join(entry.parentPath, entry.name)))
    .sort();
}

describe('npm run model -- download', () => {
  it('fetches the model into MODEL_DIR, checks that it loads and prints its dimensions; status then shows it', async () => {
    const modelDir = path.join(scratch, 'models-ok');
    const run = await runModel(['download', TINY_XLMR_MODEL_ID], modelDir);
    expect(run.stderr).not.toMatch(/^error /mu);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`model ${TINY_XLMR_MODEL_ID} from ${hub.url}`);
    expect(run.stdout).toMatch(/downloaded +onnx\/model_quantized\.onnx/u);
    expect(run.stdout).toMatch(/loads: 20 dimensions, max 128 tokens; load \d+ ms/u);
    expect(run.stdout).toContain(`set EMBEDDING_MODEL=${TINY_XLMR_MODEL_ID}`);
    expect(filesUnder(path.join(modelDir, TINY_XLMR_MODEL_ID))).toEqual(
      ['config.json', 'onnx/model_quantized.onnx', 'special_tokens_map.json', 'tokenizer.json', 'tokenizer_config.json'],
    );

    const status = await runModel(['status'], modelDir, { EMBEDDING_MODEL: TINY_XLMR_MODEL_ID });
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(new RegExp(`${TINY_XLMR_MODEL_ID}: complete`, 'u'));
    expect(status.stdout).toContain(`loads from ${path.join(modelDir, TINY_XLMR_MODEL_ID)}`);
  }, 60_000);

  it('a wrong name: exit 1, a not-found message, no files', async () => {
    const modelDir = path.join(scratch, 'models-404');
    const run = await runModel(['download', 'test-org/typo-model'], modelDir);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^error EMBEDDER_UNAVAILABLE: .*config\.json not found at .*HTTP 404.*check the name/mu);
    expect(run.stderr).not.toMatch(/^\s+at /mu);
    expect(filesUnder(modelDir)).toEqual([]);
  }, 60_000);

  it('a truncated weights file: exit 1, an incomplete-download message, no weights file left', async () => {
    const modelDir = path.join(scratch, 'models-cut');
    hub.truncated.add('onnx/model_quantized.onnx');
    try {
      const run = await runModel(['download', TINY_XLMR_MODEL_ID], modelDir);
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/onnx\/model_quantized\.onnx .*(broke off|arrived with).*run the download again/u);
      expect(filesUnder(path.join(modelDir, TINY_XLMR_MODEL_ID)).filter((file) => file.startsWith('onnx/'))).toEqual([]);
    } finally {
      hub.truncated.delete('onnx/model_quantized.onnx');
    }
  }, 60_000);

  it('HTTP_PROXY set: the download tunnels through the proxy, which the first line names', async () => {
    const before = proxy.requests.length;
    const run = await runModel(['download', TINY_XLMR_MODEL_ID], path.join(scratch, 'models-proxy'), { HTTP_PROXY: proxy.url });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`through proxy ${proxy.url}`);
    // One CONNECT tunnel, kept alive for all the files.
    expect(proxy.requests.slice(before)).toContain(`CONNECT 127.0.0.1:${hub.port}`);
  }, 60_000);
});
