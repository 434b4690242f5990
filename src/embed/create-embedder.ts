/**
 * Chooses and builds the process's embedder from the configuration, with a loud, once-per-process warning when
 * it has to fall back from the transformers.js model to the hashed n-gram embedder.
 */
import path from 'node:path';
import { ConfigError, EmbedderUnavailableError, type AppConfig, type Logger } from '../core';
import type { EmbedderSelection } from './embedder';
import { HashedNgramEmbedder } from './hashed-ngram-embedder';
import { ServiceEmbedder } from './service-embedder';
import { TransformersEmbedder, probeTransformersModel, type TransformersEmbedderOptions } from './transformers-embedder';

/**
 * Whether this process has already logged the fallback warning. Module state on purpose: the warning is about
 * the machine's setup, not about one call, so a CLI that builds an embedder per command, or a bot that builds one
 * per restart of a component, says it once; later fallbacks are logged at `info`.
 */
let fallbackWarningLogged = false;

/**
 * Builds the embedder selected by `options.kind`:
 * - `hashed`: the {@link HashedNgramEmbedder} with `options.hashedDimensions` buckets.
 * - `transformers`: the {@link TransformersEmbedder} for `options.model`; it must load.
 * - `openai` / `ollama`: the {@link ServiceEmbedder} for `options.service` (an OpenAI-compatible `/v1/embeddings`
 *   or Ollama's `/api/embed`), after a probe request; it must answer — never a fallback.
 * - `auto`: the transformers model when it loads; otherwise the hashed embedder, with `fallbackReason` set and one
 *   `warn` log per process saying why, what it costs (lower retrieval quality; cross-language matching relies on
 *   the lexical index) and how to fix it (put the model under `<modelDir>/<org>/<name>/` or allow downloads).
 *
 * The returned embedder's `id` differs between the two kinds, so an index built with the fallback is reported
 * as mismatched (and must be rebuilt) once the model becomes available.
 *
 * Logs one `info` line with the embedder id, dimensions and load time in milliseconds.
 * @throws {EmbedderUnavailableError} when `kind` is `transformers` and the model cannot be loaded.
 * @throws {EmbeddingServiceError} (an `EmbedderUnavailableError`) when `kind` is `openai` or `ollama` and the probe
 *   request fails; the message names provider, URL and fix, never the key.
 * @throws {ConfigError} when `kind` is `openai` or `ollama` but `options.service` is null (`loadConfig` never does that).
 * @throws {InputError} when `batchSize` or `hashedDimensions` is not a positive integer (the config validates both).
 */
export async function createEmbedder(options: AppConfig['embedder'], logger: Logger): Promise<EmbedderSelection> {
  const startedAt = performance.now();
  const ready = (selection: EmbedderSelection): EmbedderSelection => {
    logger.info(
      {
        embedder: selection.embedder.id,
        dimensions: selection.embedder.dimensions,
        loadMilliseconds: Math.round(performance.now() - startedAt),
        fallback: selection.fallbackReason !== null,
      },
      'embedder ready',
    );
    return selection;
  };

  if (options.kind === 'hashed') {
    return ready({ embedder: new HashedNgramEmbedder({ dimensions: options.hashedDimensions }), fallbackReason: null });
  }

  if (options.kind === 'openai' || options.kind === 'ollama') {
    if (options.service === null || options.service.provider !== options.kind) {
      throw new ConfigError([`EMBEDDER=${options.kind} needs its embedding-service settings (EMBEDDINGS_MODEL, …)`]);
    }
    const embedder = await ServiceEmbedder.create(options.service, { batchSize: options.batchSize });
    const apiKeySet = options.service.apiKey !== undefined;
    logger.info({ embedder: embedder.id, provider: embedder.provider, baseUrl: embedder.baseUrl, apiKeySet }, 'embedding service answered the probe');
    return ready({ embedder, fallbackReason: null });
  }

  const loadModel = (): Promise<TransformersEmbedder> => TransformersEmbedder.create(transformersOptions(options));

  if (options.kind === 'transformers') {
    return ready({ embedder: await loadModel(), fallbackReason: null });
  }

  try {
    // `auto`: decide from the model folder (and, with downloads allowed, one HEAD to the hub) before importing
    // transformers.js (≈ 0.4 s and ≈ 30 MB of RSS for onnxruntime) only to find the model unavailable — the same
    // decision `npm run index`'s check makes (`identifyEmbedder`).
    const probe = await probeTransformersModel(transformersOptions(options));
    if (probe.kind === 'unavailable') throw probe.error;
    return ready({ embedder: await loadModel(), fallbackReason: null });
  } catch (error) {
    if (!(error instanceof EmbedderUnavailableError)) throw error;
    const embedder = new HashedNgramEmbedder({ dimensions: options.hashedDimensions });
    logFallback(logger, options, error, embedder.id);
    return ready({ embedder, fallbackReason: error.message });
  }
}

/** The transformers.js part of the embedder settings (for `transformers` and `auto`). */
export function transformersOptions(options: AppConfig['embedder']): TransformersEmbedderOptions {
  return {
    model: options.model,
    modelDir: options.modelDir,
    allowRemoteModels: options.allowRemoteModels,
    hub: options.hub,
    quantized: options.quantized,
    batchSize: options.batchSize,
  };
}

/**
 * Logs why `auto` falls back to the hashed embedder `fallbackId`: a loud `warn` the first time in the process, `info`
 * after that. Also used when the fallback is decided without loading anything (`identifyEmbedder`).
 */
export function logFallback(
  logger: Logger,
  options: AppConfig['embedder'],
  error: EmbedderUnavailableError,
  fallbackId: string,
): void {
  const details = { code: error.code, model: error.model, reason: error.message, fallbackEmbedder: fallbackId };
  if (fallbackWarningLogged) {
    logger.info(details, `Embedding model unavailable again; using the hashed n-gram embedder (${fallbackId}).`);
    return;
  }
  fallbackWarningLogged = true;
  const expectedDirectory = path.join(options.modelDir, ...options.model.split('/'));
  const placeFiles =
    `put the model's files (config.json, tokenizer.json, tokenizer_config.json, onnx/) under ${expectedDirectory} ` +
    '(MODEL_DIR/<org>/<name>)';
  const fix = options.allowRemoteModels
    ? `${placeFiles}, or check that the Hugging Face hub is reachable from this machine`
    : `${placeFiles}, or allow downloads with ALLOW_REMOTE_MODELS=true on a machine with network`;
  logger.warn(
    details,
    `FALLING BACK TO THE HASHED N-GRAM EMBEDDER (${fallbackId}). ${asSentence(error.message)} ` +
      'Retrieval quality is lower; cross-language matching relies on the lexical index. ' +
      `To fix: ${fix}; then rebuild the index (npm run index). Set EMBEDDER=hashed to choose the fallback on purpose.`,
  );
}

function asSentence(text: string): string {
  return /[.!?]$/.test(text) ? text : `${text}.`;
}
