/**
 * Choosing the embedder from the configuration, including the `auto` fallback and its once-per-process warning.
 * The warning flag is module state, so each test imports the embed stage afresh (`vi.resetModules`).
 */
import os from 'node:os';
import path from 'node:path';
import { mkdtemp, rm } from 'node:fs/promises';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AppConfig } from '../../src/core';
import { GENERATED_MODEL_ROOT, TINY_BERT_MODEL_ID } from '../support/tiny-model';
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
  emptyModelRoot = await mkdtemp(path.join(os.tmpdir(), 'embed-no-models-'));
});
afterAll(async () => {
  await rm(emptyModelRoot, { recursive: true, force: true });
});

/** Fixture factory: the validated config's embedder section for the tiny local model, with overrides. */
function embedderOptions(overrides: Partial<EmbedderOptions> = {}): EmbedderOptions {
  const config = core.loadConfig({
    EMBEDDING_MODEL: TINY_BERT_MODEL_ID,
    MODEL_DIR: GENERATED_MODEL_ROOT,
    ALLOW_REMOTE_MODELS: 'false',
  });
  return { ...config.embedder, ...overrides };
}

/** Options under which the model cannot load: an empty model directory and downloads disabled. */
function missingModelOptions(overrides: Partial<EmbedderOptions> = {}): EmbedderOptions {
  return embedderOptions({ model: 'test-org/absent-model', modelDir: emptyModelRoot, ...overrides });
}

/** Releases the ONNX session of a transformers embedder. */
async function disposeIfModel(embedder: unknown): Promise<void> {
  if (embedder instanceof embed.TransformersEmbedder) await embedder.dispose();
}

describe('kind: hashed', () => {
  it('returns the hashed embedder with the configured dimensions, no fallback, no warning', async () => {
    const { logger, destination } = createRecordingLogger();
    const selection = await embed.createEmbedder(embedderOptions({ kind: 'hashed', hashedDimensions: 512 }), logger);
    expect(selection.embedder).toBeInstanceOf(embed.HashedNgramEmbedder);
    expect(selection.embedder.dimensions).toBe(512);
    expect(selection.fallbackReason).toBeNull();
    expect(destination.at('warn')).toHaveLength(0);
    expect(destination.at('info').map((record) => record.fields.embedder)).toEqual([selection.embedder.id]);
  });
});

describe('kind: transformers', () => {
  it('loads the configured model', async () => {
    const { logger } = createRecordingLogger();
    const selection = await embed.createEmbedder(embedderOptions({ kind: 'transformers' }), logger);
    expect(selection.embedder).toBeInstanceOf(embed.TransformersEmbedder);
    expect(selection.embedder.id).toContain(TINY_BERT_MODEL_ID);
    expect(selection.fallbackReason).toBeNull();
    await disposeIfModel(selection.embedder);
  });

  it('throws EmbedderUnavailableError instead of falling back', async () => {
    const { logger, destination } = createRecordingLogger();
    await expect(embed.createEmbedder(missingModelOptions({ kind: 'transformers' }), logger)).rejects.toBeInstanceOf(
      core.EmbedderUnavailableError,
    );
    expect(destination.at('warn')).toHaveLength(0);
  });
});

describe('kind: auto', () => {
  it('uses the transformers model when it loads, without warning', async () => {
    const { logger, destination } = createRecordingLogger();
    const selection = await embed.createEmbedder(embedderOptions({ kind: 'auto' }), logger);
    expect(selection.embedder).toBeInstanceOf(embed.TransformersEmbedder);
    expect(selection.fallbackReason).toBeNull();
    expect(destination.at('warn')).toHaveLength(0);
    await disposeIfModel(selection.embedder);
  });

  it('falls back to the hashed embedder with the reason, and warns loudly with the consequence and the fix', async () => {
    const { logger, destination } = createRecordingLogger();
    const options = missingModelOptions({ kind: 'auto', hashedDimensions: 256 });
    const selection = await embed.createEmbedder(options, logger);

    expect(selection.embedder).toBeInstanceOf(embed.HashedNgramEmbedder);
    expect(selection.embedder.dimensions).toBe(256);
    const expectedDirectory = path.join(emptyModelRoot, 'test-org', 'absent-model');
    expect(selection.fallbackReason).toContain(options.model);
    expect(selection.fallbackReason).toContain(expectedDirectory);

    const warnings = destination.at('warn');
    expect(warnings).toHaveLength(1);
    const [warning] = warnings;
    expect(warning?.message).toContain('cross-language matching relies on the lexical index');
    expect(warning?.message).toContain(expectedDirectory);
    expect(warning?.message).toMatch(/ALLOW_REMOTE_MODELS=true/);
    expect(warning?.fields).toMatchObject({
      code: 'EMBEDDER_UNAVAILABLE',
      model: options.model,
      fallbackEmbedder: selection.embedder.id,
    });
  });

  it('warns once per process: a second fallback logs at info only', async () => {
    const first = createRecordingLogger();
    const second = createRecordingLogger();
    await embed.createEmbedder(missingModelOptions({ kind: 'auto' }), first.logger);
    const again = await embed.createEmbedder(missingModelOptions({ kind: 'auto' }), second.logger);
    await embed.createEmbedder(missingModelOptions({ kind: 'auto' }), first.logger);

    expect(again.fallbackReason).not.toBeNull();
    expect(first.destination.at('warn')).toHaveLength(1);
    expect(second.destination.at('warn')).toHaveLength(0);
    expect(second.destination.at('info').some((record) => record.fields.code === 'EMBEDDER_UNAVAILABLE')).toBe(true);
  });
});

describe('lazy import of transformers.js', () => {
  /** Replaces the library with a recording stand-in for the next fresh import of the embed stage. */
  async function importEmbedWithRecordedLibrary(): Promise<{ readonly imports: () => number }> {
    let importCount = 0;
    vi.resetModules();
    vi.doMock('@xenova/transformers', () => {
      importCount += 1;
      return {};
    });
    core = await import('../../src/core');
    embed = await import('../../src/embed');
    return { imports: () => importCount };
  }

  afterEach(() => {
    vi.doUnmock('@xenova/transformers');
  });

  it('does not import the library when the model files are missing and downloads are disabled', async () => {
    const library = await importEmbedWithRecordedLibrary();
    const selection = await embed.createEmbedder(missingModelOptions({ kind: 'auto' }), createRecordingLogger().logger);
    expect(selection.fallbackReason).toMatch(/not found in/);
    expect(library.imports()).toBe(0);
  });

  it('imports it when the files are there (the stand-in has no pipeline, so loading fails)', async () => {
    const library = await importEmbedWithRecordedLibrary();
    const attempt = embed.createEmbedder(embedderOptions({ kind: 'transformers' }), createRecordingLogger().logger);
    await expect(attempt).rejects.toBeInstanceOf(core.EmbedderUnavailableError);
    expect(library.imports()).toBe(1);
  });
});
