/**
 * Issue 15 (a no-op `npm run index` within 1 s of start-up): the embedder a configuration selects, decided
 * without loading a model (`identifyEmbedder`, `createLazyEmbedder`), must be what `createEmbedder` selects:
 * each case compares the two. The fallback warning is module state, so each test imports the embed stage
 * afresh (`vi.resetModules`).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AppConfig } from '../../src/core';
import { startFakeHub, unusedPort } from '../support/fake-hub';
import { GENERATED_MODEL_ROOT, TINY_E5_MODEL_ID } from '../support/tiny-model';
import { createRecordingLogger } from './recording-logger';

type EmbedderOptions = AppConfig['embedder'];

let core: typeof import('../../src/core');
let embed: typeof import('../../src/embed');
beforeEach(async () => {
  vi.resetModules();
  core = await import('../../src/core');
  embed = await import('../../src/embed');
});

let emptyModelRoot: string;
beforeAll(async () => {
  emptyModelRoot = await mkdtemp(path.join(os.tmpdir(), 'embed-identity-no-models-'));
});
afterAll(async () => {
  await rm(emptyModelRoot, { recursive: true, force: true });
});

/** The validated config's embedder section for the tiny local E5 model, downloads off, with overrides. */
function embedderOptions(overrides: Partial<EmbedderOptions> = {}): EmbedderOptions {
  const config = core.loadConfig({ EMBEDDING_MODEL: TINY_E5_MODEL_ID, MODEL_DIR: GENERATED_MODEL_ROOT, ALLOW_REMOTE_MODELS: 'false' });
  return { ...config.embedder, ...overrides };
}

/** `createEmbedder`'s selection under `options` (its model released), as the identity it should match. */
async function selected(options: EmbedderOptions): Promise<{ id: string; dimensions: number; fallbackReason: string | null }> {
  const selection = await embed.createEmbedder(options, createRecordingLogger().logger);
  if (selection.embedder instanceof embed.TransformersEmbedder) await selection.embedder.dispose();
  return { id: selection.embedder.id, dimensions: selection.embedder.dimensions, fallbackReason: selection.fallbackReason };
}

describe('identifyEmbedder names what createEmbedder selects', () => {
  it('hashed: the same id and width', async () => {
    const options = embedderOptions({ kind: 'hashed', hashedDimensions: 384 });
    const identity = await embed.identifyEmbedder(options, createRecordingLogger().logger);
    expect(identity).toEqual(await selected(options));
  });

  it.each(['auto', 'transformers'] as const)('%s with the model in the model folder: its id, width left to the model', async (kind) => {
    const options = embedderOptions({ kind });
    const identity = await embed.identifyEmbedder(options, createRecordingLogger().logger);
    const loaded = await selected(options);
    expect(loaded.id).toMatch(/^transformers:/u);
    expect(identity).toEqual({ id: loaded.id, dimensions: null, fallbackReason: null });
  });

  it('auto, model missing, downloads off: the hashed fallback with the same reason, and the same fallback warning', async () => {
    const options = embedderOptions({ kind: 'auto', model: 'test-org/absent-model', modelDir: emptyModelRoot });
    const { logger, destination } = createRecordingLogger();
    const identity = await embed.identifyEmbedder(options, logger);
    expect(destination.at('warn').map((record) => record.message)).toEqual([expect.stringMatching(/FALLING BACK TO THE HASHED N-GRAM EMBEDDER/u)]);
    vi.resetModules();
    embed = await import('../../src/embed');
    expect(identity).toEqual(await selected(options));
  });

  it('auto, model missing, downloads on, the hub unreachable: the fallback createEmbedder ends in, same reason', async () => {
    const hub = { ...embedderOptions().hub, endpoint: `http://127.0.0.1:${await unusedPort()}` };
    const options = embedderOptions({ kind: 'auto', model: 'test-org/absent-model', modelDir: emptyModelRoot, allowRemoteModels: true, hub });
    const identity = await embed.identifyEmbedder(options, createRecordingLogger().logger);
    const loaded = await selected(options);
    expect(loaded.fallbackReason).not.toBeNull();
    expect(identity).toEqual(loaded);
  }, 60_000);

  it('auto or transformers, model missing, downloads on, the hub answering: unknown (null) — only a download tells', async () => {
    const fakeHub = await startFakeHub(emptyModelRoot);
    try {
      const hub = { ...embedderOptions().hub, endpoint: fakeHub.url };
      for (const kind of ['auto', 'transformers'] as const) {
        const options = embedderOptions({ kind, model: 'test-org/absent-model', modelDir: emptyModelRoot, allowRemoteModels: true, hub });
        expect(await embed.identifyEmbedder(options, createRecordingLogger().logger)).toBeNull();
      }
      expect(fakeHub.requests).toEqual(['/test-org/absent-model/resolve/main/config.json', '/test-org/absent-model/resolve/main/config.json']);
    } finally {
      await fakeHub.close();
    }
  });

  it('transformers with the model missing, downloads off: unknown (null), so that createEmbedder reports the error', async () => {
    const options = embedderOptions({ kind: 'transformers', model: 'test-org/absent-model', modelDir: emptyModelRoot });
    expect(await embed.identifyEmbedder(options, createRecordingLogger().logger)).toBeNull();
  });
});

describe('createLazyEmbedder', () => {
  it('loads the model only on load(), once, and the loaded id is the identity', async () => {
    const lazy = await embed.createLazyEmbedder(embedderOptions({ kind: 'auto' }), createRecordingLogger().logger);
    if (!embed.isLazyEmbedder(lazy)) throw new Error('expected a lazy embedder');
    const [one, two] = await Promise.all([lazy.load(), lazy.load()]);
    expect(one).toBe(two);
    expect(one.embedder.id).toBe(lazy.identity.id);
    if (one.embedder instanceof embed.TransformersEmbedder) await one.embedder.dispose();
  });

  it('a decided fallback loads the hashed embedder with the reason, without trying the model again', async () => {
    const options = embedderOptions({ kind: 'auto', model: 'test-org/absent-model', modelDir: emptyModelRoot });
    const lazy = await embed.createLazyEmbedder(options, createRecordingLogger().logger);
    if (!embed.isLazyEmbedder(lazy)) throw new Error('expected a lazy embedder');
    const selection = await lazy.load();
    expect(selection.embedder).toBeInstanceOf(embed.HashedNgramEmbedder);
    expect({ id: selection.embedder.id, fallbackReason: selection.fallbackReason }).toEqual({ id: lazy.identity.id, fallbackReason: lazy.identity.fallbackReason });
  });

  it('without an identity (the model to be downloaded), loads now: an EmbedderSelection', async () => {
    const fakeHub = await startFakeHub(emptyModelRoot);
    try {
      const hub = { ...embedderOptions().hub, endpoint: fakeHub.url };
      const options = embedderOptions({ kind: 'auto', model: 'test-org/absent-model', modelDir: emptyModelRoot, allowRemoteModels: true, hub });
      const selection = await embed.createLazyEmbedder(options, createRecordingLogger().logger);
      expect(embed.isLazyEmbedder(selection)).toBe(false);
    } finally {
      await fakeHub.close();
    }
  }, 60_000);
});
