/**
 * Model downloads against a loopback hub laid out like huggingface.co (`/<org>/<name>/resolve/main/<file>`),
 * serving a tiny XLM-RoBERTa-style model generated into a temp folder: `downloadModel` (files, progress, errors,
 * nothing partial left), the embedder's own download through transformers.js with `HF_ENDPOINT`, and the proxy
 * (a loopback proxy counts what goes through it).
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AbortedError, createSilentLogger, loadConfig, type ModelHubConfig } from '../../src/core';
import { createEmbedder, downloadModel, ModelDownloadError, proxyInUse, TransformersEmbedder, type DownloadProgress } from '../../src/embed';
import { startFakeHub, startLoopbackProxy, unusedPort, type FakeHub, type LoopbackProxy } from '../support/fake-hub';
import { generateTinyXlmRobertaModel, TINY_XLMR_MODEL_ID } from '../support/tiny-model';

const scratch = mkdtempSync(path.join(os.tmpdir(), 'model-download-'));
const sourceRoot = path.join(scratch, 'hub-files');
let hub: FakeHub;
let proxy: LoopbackProxy;
let run = 0;

beforeAll(async () => {
  await generateTinyXlmRobertaModel({ root: sourceRoot, modelId: TINY_XLMR_MODEL_ID, hiddenSize: 24 });
  hub = await startFakeHub(sourceRoot);
  proxy = await startLoopbackProxy();
});

afterAll(async () => {
  await hub.close();
  await proxy.close();
  rmSync(scratch, { recursive: true, force: true });
});

/** A fresh, empty MODEL_DIR. */
function freshModelDir(): string {
  run += 1;
  return path.join(scratch, `models-${run}`);
}

function hubConfig(overrides: Partial<ModelHubConfig> = {}): ModelHubConfig {
  return { endpoint: hub.url, token: undefined, proxy: { httpsProxy: undefined, httpProxy: undefined, noProxy: '' }, ...overrides };
}

/** Every file under `directory`, relative, sorted. */
function filesUnder(directory: string): string[] {
  if (!existsSync(directory)) return [];
  return (readdirSync(directory, { recursive: true, withFileTypes: true }) as Array<{ isFile(): boolean; name: string; parentPath: string }>)
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(directory, path.join(entry.parentPath, entry.name)))
    .sort();
}

async function downloadError(promise: Promise<unknown>): Promise<ModelDownloadError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ModelDownloadError) return error;
    throw error;
  }
  throw new Error('expected a ModelDownloadError');
}

describe('downloadModel from a hub-like server', () => {
  it('fetches the files byte for byte into MODEL_DIR/<org>/<name>/ with byte progress', async () => {
    const modelDir = freshModelDir();
    const progress: DownloadProgress[] = [];
    const requestsBefore = hub.requests.length;
    const result = await downloadModel({ model: TINY_XLMR_MODEL_ID, modelDir, quantized: true, hub: hubConfig(), onProgress: (p) => progress.push(p) });
    const directory = path.join(modelDir, 'test-org', 'tiny-xlm-roberta-e5');
    expect(result.directory).toBe(directory);
    expect(filesUnder(directory)).toEqual(['config.json', 'onnx/model_quantized.onnx', 'special_tokens_map.json', 'tokenizer.json', 'tokenizer_config.json']);
    for (const file of filesUnder(directory)) {
      expect(readFileSync(path.join(directory, file)).equals(readFileSync(path.join(sourceRoot, TINY_XLMR_MODEL_ID, file)))).toBe(true);
    }
    expect(hub.requests.slice(requestsBefore)).toContain(`/${TINY_XLMR_MODEL_ID}/resolve/main/onnx/model_quantized.onnx`);
    const onnxSize = readFileSync(path.join(directory, 'onnx/model_quantized.onnx')).length;
    const last = progress.filter((p) => p.file === 'onnx/model_quantized.onnx').at(-1);
    expect(last).toEqual({ file: 'onnx/model_quantized.onnx', receivedBytes: onnxSize, totalBytes: onnxSize });
    expect(result.files.find((f) => f.file === 'onnx/model_quantized.onnx')).toEqual({ file: 'onnx/model_quantized.onnx', outcome: 'downloaded', bytes: onnxSize });

    const again = await downloadModel({ model: TINY_XLMR_MODEL_ID, modelDir, quantized: true, hub: hubConfig() });
    expect(again.files.every((f) => f.outcome === 'present')).toBe(true);
  });

  it('MODEL_QUANTIZED=false fetches onnx/model.onnx; a hub without the optional file is fine', async () => {
    const modelDir = freshModelDir();
    hub.statusFor.set('special_tokens_map.json', 404);
    try {
      const result = await downloadModel({ model: TINY_XLMR_MODEL_ID, modelDir, quantized: false, hub: hubConfig() });
      expect(result.files.map((f) => [f.file, f.outcome])).toEqual([
        ['config.json', 'downloaded'],
        ['tokenizer.json', 'downloaded'],
        ['tokenizer_config.json', 'downloaded'],
        ['onnx/model.onnx', 'downloaded'],
        ['special_tokens_map.json', 'absent'],
      ]);
    } finally {
      hub.statusFor.delete('special_tokens_map.json');
    }
  });

  it('a wrong name is a not-found error naming the URL, and leaves no files', async () => {
    const modelDir = freshModelDir();
    const error = await downloadError(downloadModel({ model: 'test-org/no-such-model', modelDir, quantized: true, hub: hubConfig() }));
    expect(error.failure).toBe('not-found');
    expect(error.status).toBe(404);
    expect(error.message).toContain(`${hub.url}/test-org/no-such-model/resolve/main/config.json`);
    expect(error.message).toMatch(/check the name/u);
    expect(filesUnder(modelDir)).toEqual([]);
  });

  it('a repository without ONNX weights says so', async () => {
    hub.statusFor.set('onnx/model_quantized.onnx', 404);
    try {
      const error = await downloadError(downloadModel({ model: TINY_XLMR_MODEL_ID, modelDir: freshModelDir(), quantized: true, hub: hubConfig() }));
      expect(error.failure).toBe('not-found');
      expect(error.message).toMatch(/no onnx\/model_quantized\.onnx.*not a transformers\.js \(ONNX\) model/u);
    } finally {
      hub.statusFor.delete('onnx/model_quantized.onnx');
    }
  });

  it('a gated model (401/403) asks for HF_TOKEN; with a token it is sent as a bearer header and the message changes', async () => {
    hub.statusFor.set('config.json', 401);
    try {
      const anonymous = await downloadError(downloadModel({ model: TINY_XLMR_MODEL_ID, modelDir: freshModelDir(), quantized: true, hub: hubConfig() }));
      expect(anonymous.failure).toBe('gated');
      expect(anonymous.message).toMatch(/set HF_TOKEN/u);
      expect(hub.authorizations.at(-1)).toBeUndefined();

      hub.statusFor.set('config.json', 403);
      const token = 'hf_test_token_value';
      const refused = await downloadError(downloadModel({ model: TINY_XLMR_MODEL_ID, modelDir: freshModelDir(), quantized: true, hub: hubConfig({ token }) }));
      expect(refused.failure).toBe('gated');
      expect(refused.message).toMatch(/HF_TOKEN was sent but refused/u);
      expect(refused.message).not.toContain(token);
      expect(hub.authorizations.at(-1)).toBe(`Bearer ${token}`);
    } finally {
      hub.statusFor.delete('config.json');
    }
  });

  it('a download cut short is an incomplete error and leaves neither the file nor a temporary one', async () => {
    const modelDir = freshModelDir();
    hub.truncated.add('onnx/model_quantized.onnx');
    try {
      const error = await downloadError(downloadModel({ model: TINY_XLMR_MODEL_ID, modelDir, quantized: true, hub: hubConfig() }));
      expect(error.failure).toBe('incomplete');
      expect(error.message).toMatch(/broke off after \d+ bytes of \d+|arrived with \d+ of \d+ bytes/u);
      const files = filesUnder(path.join(modelDir, TINY_XLMR_MODEL_ID));
      expect(files).toEqual(['config.json', 'tokenizer.json', 'tokenizer_config.json']);
    } finally {
      hub.truncated.delete('onnx/model_quantized.onnx');
    }
    // The next attempt completes the model (present files kept, the missing one fetched).
    const retry = await downloadModel({ model: TINY_XLMR_MODEL_ID, modelDir, quantized: true, hub: hubConfig() });
    expect(retry.files.find((f) => f.file === 'onnx/model_quantized.onnx')?.outcome).toBe('downloaded');
  });

  it('an abort (Ctrl-C) mid-file throws AbortedError and deletes the file in flight; finished files stay', async () => {
    const modelDir = freshModelDir();
    const controller = new AbortController();
    hub.stalled.add('onnx/model_quantized.onnx');
    try {
      const onProgress = (progress: DownloadProgress): void => {
        if (progress.file === 'onnx/model_quantized.onnx' && progress.receivedBytes > 0) controller.abort(new Error('SIGINT'));
      };
      const error = await downloadModel({ model: TINY_XLMR_MODEL_ID, modelDir, quantized: true, hub: hubConfig(), onProgress, signal: controller.signal }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AbortedError);
      expect((error as AbortedError).message).toMatch(/onnx\/model_quantized\.onnx stopped \(SIGINT\)/u);
      expect(filesUnder(path.join(modelDir, TINY_XLMR_MODEL_ID))).toEqual(['config.json', 'tokenizer.json', 'tokenizer_config.json']);
    } finally {
      hub.stalled.delete('onnx/model_quantized.onnx');
    }
  });

  it('an unreachable hub is a network error naming the host and the route (direct, or the proxy)', async () => {
    const port = await unusedPort();
    const endpoint = `http://127.0.0.1:${port}`;
    const direct = await downloadError(downloadModel({ model: TINY_XLMR_MODEL_ID, modelDir: freshModelDir(), quantized: true, hub: hubConfig({ endpoint }) }));
    expect(direct.failure).toBe('network');
    expect(direct.message).toContain(`from 127.0.0.1:${port} directly (no proxy)`);
    expect(direct.message).toMatch(/HTTPS_PROXY/u);

    const deadProxy = `http://user:secret-password@127.0.0.1:${await unusedPort()}`;
    const viaProxy = await downloadError(
      downloadModel({ model: TINY_XLMR_MODEL_ID, modelDir: freshModelDir(), quantized: true, hub: hubConfig({ proxy: { httpProxy: deadProxy, httpsProxy: deadProxy, noProxy: '' } }) }),
    );
    expect(viaProxy.failure).toBe('network');
    expect(viaProxy.message).toContain(`through proxy ${new URL(deadProxy).origin}`);
    expect(viaProxy.message).not.toContain('secret-password');
  });

  it('HTTP_PROXY: the download goes through the proxy; NO_PROXY covering the host bypasses it', async () => {
    const proxied = hubConfig({ proxy: { httpProxy: proxy.url, httpsProxy: proxy.url, noProxy: '' } });
    const before = proxy.requests.length;
    await downloadModel({ model: TINY_XLMR_MODEL_ID, modelDir: freshModelDir(), quantized: true, hub: proxied });
    const seen = proxy.requests.slice(before);
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.join('\n')).toContain(`127.0.0.1:${hub.port}`);

    const bypass = hubConfig({ proxy: { httpProxy: proxy.url, httpsProxy: proxy.url, noProxy: 'localhost,127.0.0.1' } });
    expect(proxyInUse(hub.url, bypass)).toBeNull();
    const beforeBypass = proxy.requests.length;
    await downloadModel({ model: TINY_XLMR_MODEL_ID, modelDir: freshModelDir(), quantized: true, hub: bypass });
    expect(proxy.requests.length).toBe(beforeBypass);
  });
});

describe('the embedder downloads through transformers.js from HF_ENDPOINT', () => {
  it('with ALLOW_REMOTE_MODELS, an empty MODEL_DIR: fetched from the hub-like server, cached in MODEL_DIR, embeds', async () => {
    const modelDir = freshModelDir();
    const before = hub.requests.length;
    const embedder = await TransformersEmbedder.create({ model: TINY_XLMR_MODEL_ID, modelDir, allowRemoteModels: true, hub: hubConfig() });
    try {
      expect(embedder.dimensions).toBe(24);
      expect(hub.requests.slice(before)).toContain(`/${TINY_XLMR_MODEL_ID}/resolve/main/onnx/model_quantized.onnx`);
      expect(filesUnder(path.join(modelDir, TINY_XLMR_MODEL_ID))).toEqual(expect.arrayContaining(['config.json', 'onnx/model_quantized.onnx', 'tokenizer.json']));
      const [chinese, english] = await embedder.embedDocuments(['中美清洁能源联合研究中心', 'clean energy research centre']);
      expect(chinese).toHaveLength(24);
      expect(english).toHaveLength(24);
    } finally {
      await embedder.dispose();
    }
    // Next start, offline: loads from MODEL_DIR without asking the hub.
    const offlineBefore = hub.requests.length;
    const offline = await TransformersEmbedder.create({ model: TINY_XLMR_MODEL_ID, modelDir, allowRemoteModels: false });
    await offline.dispose();
    expect(hub.requests.length).toBe(offlineBefore);
  });

  it('from the environment: HF_ENDPOINT=http://127.0.0.1:<port>, ALLOW_REMOTE_MODELS=true, through createEmbedder', async () => {
    const modelDir = freshModelDir();
    const config = loadConfig(
      { EMBEDDER: 'transformers', EMBEDDING_MODEL: TINY_XLMR_MODEL_ID, MODEL_DIR: modelDir, ALLOW_REMOTE_MODELS: 'true', HF_ENDPOINT: hub.url, SEEDS_DIR: path.join(scratch, 'seeds') },
      scratch,
    );
    const before = hub.requests.length;
    const { embedder, fallbackReason } = await createEmbedder(config.embedder, createSilentLogger());
    expect(fallbackReason).toBeNull();
    expect(embedder.dimensions).toBe(24);
    expect(hub.requests.length).toBeGreaterThan(before);
    expect(existsSync(path.join(modelDir, TINY_XLMR_MODEL_ID, 'onnx', 'model_quantized.onnx'))).toBe(true);
    await (embedder as TransformersEmbedder).dispose();
  });

  it('with a proxy configured, transformers.js (global fetch) goes through it, and the global dispatcher is restored', async () => {
    const before = proxy.requests.length;
    const embedder = await TransformersEmbedder.create({
      model: TINY_XLMR_MODEL_ID,
      modelDir: freshModelDir(),
      allowRemoteModels: true,
      hub: hubConfig({ proxy: { httpProxy: proxy.url, httpsProxy: proxy.url, noProxy: '' } }),
    });
    await embedder.dispose();
    expect(proxy.requests.length).toBeGreaterThan(before);
    const afterLoad = proxy.requests.length;
    await (await fetch(`${hub.url}/${TINY_XLMR_MODEL_ID}/resolve/main/config.json`)).text();
    expect(proxy.requests.length).toBe(afterLoad);
  });

  it('a model the hub does not have: EMBEDDER_UNAVAILABLE naming the hub host and the mirror setting', async () => {
    const error = await TransformersEmbedder.create({ model: 'test-org/absent', modelDir: freshModelDir(), allowRemoteModels: true, hub: hubConfig() }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'EMBEDDER_UNAVAILABLE' });
    expect(String((error as Error).message)).toContain(`downloaded from 127.0.0.1:${hub.port} directly`);
    expect(String((error as Error).message)).toContain('HF_ENDPOINT=https://hf-mirror.com');
  });
});
