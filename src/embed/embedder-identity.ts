/**
 * The embedder a configuration selects, known before (and often without) loading it (issue 15: a no-op
 * `npm run index` within 1 s of start-up). Whether the index is current depends on the embedder's id and width
 * only; loading a transformers.js model costs the library's import (≈ 0.4 s) and the model's, so
 * {@link createLazyEmbedder} decides what {@link createEmbedder} would select from the file system and loads it
 * only when an embedding is needed.
 */
import type { AppConfig, Logger } from '../core';
import { createEmbedder, logFallback, transformersOptions } from './create-embedder';
import type { EmbedderSelection } from './embedder';
import { HashedNgramEmbedder } from './hashed-ngram-embedder';
import { probeTransformersModel } from './transformers-embedder';

/** What {@link createEmbedder} selects, known without loading it. */
export interface EmbedderIdentity {
  /** The embedder's id (what the index manifest records). */
  readonly id: string;
  /** Its vector length; null when only the loaded model can tell (a transformers.js model's output width). */
  readonly dimensions: number | null;
  /** As {@link EmbedderSelection.fallbackReason}: why `auto` falls back to the hashed embedder, else null. */
  readonly fallbackReason: string | null;
}

/** An embedder whose identity is known and which is loaded on the first {@link LazyEmbedder.load}. */
export interface LazyEmbedder {
  readonly identity: EmbedderIdentity;
  /**
   * Loads it (once; later calls share the first). For a model found in the model folder this is
   * {@link createEmbedder}, so a model whose files do not load still falls back (`auto`) or throws (`transformers`)
   * as it would have — with an id other than {@link LazyEmbedder.identity}'s.
   */
  readonly load: () => Promise<EmbedderSelection>;
}

/**
 * What {@link createEmbedder} would select under `options`, decided without loading a model or calling a service:
 * - `hashed`: the hashed embedder (id and width from its settings);
 * - `transformers` or `auto` with the model's files in `<modelDir>/<org>/<name>/`: that model (width unknown);
 * - `auto` with files missing and downloads disabled, or the hub unreachable (see `probeTransformersModel`): the
 *   hashed fallback, with the reason and the same fallback warning `createEmbedder` logs;
 * - otherwise null: only loading tells (an embedding service's probe, a model download, a missing model under
 *   `transformers`, which `createEmbedder` reports).
 * @throws {InputError} when `batchSize` or `hashedDimensions` is not a positive integer (the config validates both).
 */
export async function identifyEmbedder(options: AppConfig['embedder'], logger: Logger): Promise<EmbedderIdentity | null> {
  if (options.kind === 'hashed') {
    const embedder = new HashedNgramEmbedder({ dimensions: options.hashedDimensions });
    return { id: embedder.id, dimensions: embedder.dimensions, fallbackReason: null };
  }
  if (options.kind !== 'auto' && options.kind !== 'transformers') return null;
  const probe = await probeTransformersModel(transformersOptions(options));
  if (probe.kind === 'local') return { id: probe.id, dimensions: null, fallbackReason: null };
  if (probe.kind === 'unknown' || options.kind === 'transformers') return null;
  const fallback = new HashedNgramEmbedder({ dimensions: options.hashedDimensions });
  logFallback(logger, options, probe.error, fallback.id);
  return { id: fallback.id, dimensions: fallback.dimensions, fallbackReason: probe.error.message };
}

/**
 * The embedder `options` select, loaded lazily when {@link identifyEmbedder} can name it, else loaded now by
 * {@link createEmbedder} (an {@link EmbedderSelection}). A decided fallback loads the hashed embedder itself, without
 * trying the model again.
 * @throws what {@link createEmbedder} throws, when it is called now.
 */
export async function createLazyEmbedder(options: AppConfig['embedder'], logger: Logger): Promise<LazyEmbedder | EmbedderSelection> {
  const identity = await identifyEmbedder(options, logger);
  if (identity === null) return createEmbedder(options, logger);
  logger.info({ embedder: identity.id, dimensions: identity.dimensions, fallback: identity.fallbackReason !== null }, 'embedder identified (loaded only if the index needs an update)');
  let loading: Promise<EmbedderSelection> | null = null;
  const load = (): Promise<EmbedderSelection> => {
    loading ??=
      options.kind === 'hashed' || identity.fallbackReason !== null
        ? Promise.resolve({ embedder: new HashedNgramEmbedder({ dimensions: options.hashedDimensions }), fallbackReason: identity.fallbackReason })
        : createEmbedder(options, logger);
    return loading;
  };
  return { identity, load };
}

/** Whether `embedder` is a {@link LazyEmbedder} (not loaded yet) rather than a loaded {@link EmbedderSelection}. */
export function isLazyEmbedder(embedder: LazyEmbedder | EmbedderSelection): embedder is LazyEmbedder {
  return 'load' in embedder;
}
