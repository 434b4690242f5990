/**
 * The transformers.js adapter: the only module that touches `@xenova/transformers`. It imports the library
 * lazily (dynamic `import()`, a few hundred milliseconds), so processes that use the hashed embedder never pay
 * for it.
 */
import { access } from 'node:fs/promises';
import path from 'node:path';
import { Embeddings } from '@langchain/core/embeddings';
import type { FeatureExtractionPipeline } from '@xenova/transformers';
import { AssistantError, EmbedderUnavailableError, InputError, type ModelHubConfig } from '../core';
import type { Embedder } from './embedder';
import { modelFamilyOf } from './model-families';
import { HUB_PATH_TEMPLATE, PUBLIC_MODEL_HUB, hubFileUrl, proxyInUse, withHubNetwork } from './model-hub';

type TransformersModule = typeof import('@xenova/transformers');

/** Default number of texts per forward pass, the same as the config's `EMBEDDING_BATCH_SIZE` default. */
export const DEFAULT_EMBEDDING_BATCH_SIZE = 16;

/** Options for {@link TransformersEmbedder.create}. */
export interface TransformersEmbedderOptions {
  /** Hugging Face model id `<org>/<name>`, e.g. `Xenova/multilingual-e5-small` (ONNX weights under `onnx/`). */
  readonly model: string;
  /**
   * Local model root (transformers.js `env.localModelPath`): the model is read from `<modelDir>/<org>/<name>/`
   * (`config.json`, `tokenizer.json`, `tokenizer_config.json`, `onnx/model_quantized.onnx` or `onnx/model.onnx`).
   */
  readonly modelDir: string;
  /**
   * Whether a model missing from `modelDir` may be downloaded from the Hugging Face hub (`env.allowRemoteModels`).
   * When false nothing is downloaded and nothing is written. When true, downloaded files are cached under
   * {@link TransformersEmbedderOptions.cacheDir}.
   */
  readonly allowRemoteModels: boolean;
  /**
   * Download cache (transformers.js `env.cacheDir`, used only when downloads are allowed). Default: `modelDir`.
   * transformers.js stores a download under `<cacheDir>/<org>/<name>/<file>`, the same layout as the local model
   * root, so with the default a model downloaded once is found locally on the next start, even offline.
   */
  readonly cacheDir?: string;
  /**
   * Where downloads come from and through (`HF_ENDPOINT` as transformers.js `env.remoteHost`, proxy variables
   * applied to its `fetch`). Default: the public hub, direct. transformers.js sends `HF_TOKEN` itself, to
   * huggingface.co only.
   */
  readonly hub?: ModelHubConfig;
  /** Load `onnx/model_quantized.onnx` (true, default: int8, smaller and faster) or `onnx/model.onnx` (false). */
  readonly quantized?: boolean;
  /** Texts per forward pass in `embedDocuments`; a positive integer. Default {@link DEFAULT_EMBEDDING_BATCH_SIZE}. */
  readonly batchSize?: number;
  /** Prepended to every query. Default: from {@link detectInstructionPrefixes}. */
  readonly queryPrefix?: string;
  /** Prepended to every document (passage). Default: from {@link detectInstructionPrefixes}. */
  readonly documentPrefix?: string;
}

/** Texts prepended to queries and documents before embedding. */
export interface InstructionPrefixes {
  readonly query: string;
  readonly document: string;
}

/**
 * The prefixes a model family was trained with, from the family table (`model-families.ts`: e.g. E5 models get
 * `query: ` / `passage: `; `Xenova/bge-m3` and unknown models get none).
 */
export function detectInstructionPrefixes(model: string): InstructionPrefixes {
  const family = modelFamilyOf(model);
  return { query: family.query, document: family.passage };
}

/** The pipeline's global settings, applied right before a load; see {@link withTransformersEnvironment}. */
interface TransformersEnvironmentSettings {
  readonly modelDir: string;
  readonly allowRemoteModels: boolean;
  readonly cacheDir: string;
  readonly hub: ModelHubConfig;
}

/**
 * transformers.js keeps its settings in one process-global `env` object that is read while a pipeline loads.
 * Loads are therefore serialised, each with its own settings, so that two embedders with different options
 * (e.g. in tests) cannot read each other's settings.
 */
let environmentQueue: Promise<void> = Promise.resolve();

async function withTransformersEnvironment<T>(
  transformers: TransformersModule,
  settings: TransformersEnvironmentSettings,
  load: () => Promise<T>,
): Promise<T> {
  const previous = environmentQueue;
  let release: () => void = () => undefined;
  environmentQueue = new Promise<void>((resolve) => {
    release = resolve;
  });
  await previous;
  try {
    const { env } = transformers;
    env.allowLocalModels = true;
    env.localModelPath = settings.modelDir;
    env.allowRemoteModels = settings.allowRemoteModels;
    // The file-system cache only ever holds downloads; without downloads it would be read for nothing.
    env.useFSCache = settings.allowRemoteModels;
    env.cacheDir = settings.cacheDir;
    env.useBrowserCache = false;
    env.remoteHost = `${settings.hub.endpoint}/`;
    env.remotePathTemplate = HUB_PATH_TEMPLATE;
    return settings.allowRemoteModels ? await withHubNetwork(settings.hub, load) : await load();
  } finally {
    release();
  }
}

/** Files transformers.js v2 needs for a feature-extraction model, relative to `<modelDir>/<org>/<name>/`. */
export function requiredModelFiles(quantized: boolean): readonly string[] {
  return [
    'config.json',
    'tokenizer.json',
    'tokenizer_config.json',
    quantized ? 'onnx/model_quantized.onnx' : 'onnx/model.onnx',
  ];
}

async function missingFiles(directory: string, files: readonly string[]): Promise<string[]> {
  const missing: string[] = [];
  for (const file of files) {
    try {
      await access(path.join(directory, file));
    } catch {
      missing.push(file);
    }
  }
  return missing;
}

/** `downloaded from <host> directly|through proxy <proxy> (…hint)`, for load errors. */
function downloadRoute(options: ResolvedOptions): string {
  const proxy = proxyInUse(`${options.hub.endpoint}/`, options.hub);
  const route = proxy === null ? 'directly' : `through proxy ${proxy}`;
  return `downloaded from ${new URL(options.hub.endpoint).host} ${route} (is the network reachable? ` +
    'Where huggingface.co is blocked set HF_ENDPOINT=https://hf-mirror.com; or fetch it first: npm run model -- download)';
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The options after defaults and validation. */
interface ResolvedOptions {
  readonly model: string;
  readonly modelDir: string;
  readonly cacheDir: string;
  readonly allowRemoteModels: boolean;
  readonly hub: ModelHubConfig;
  readonly quantized: boolean;
  readonly batchSize: number;
  readonly prefixes: InstructionPrefixes;
  readonly prefixesAreDefault: boolean;
}

function resolveOptions(options: TransformersEmbedderOptions): ResolvedOptions {
  const batchSize = options.batchSize ?? DEFAULT_EMBEDDING_BATCH_SIZE;
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new InputError(`Embedding batch size must be a positive integer, got ${batchSize}.`);
  }
  const segments = options.model.split('/');
  const escapes = segments.some((segment) => segment === '' || segment === '.' || segment === '..');
  if (options.model.trim() === '' || options.model.includes('\\') || escapes) {
    throw new EmbedderUnavailableError(
      options.model,
      'a model id must look like <org>/<name> (e.g. Xenova/multilingual-e5-small)',
    );
  }
  const detected = detectInstructionPrefixes(options.model);
  const prefixes = {
    query: options.queryPrefix ?? detected.query,
    document: options.documentPrefix ?? detected.document,
  };
  const modelDir = path.resolve(options.modelDir);
  return {
    model: options.model,
    modelDir,
    cacheDir: path.resolve(options.cacheDir ?? modelDir),
    allowRemoteModels: options.allowRemoteModels,
    hub: options.hub ?? PUBLIC_MODEL_HUB,
    quantized: options.quantized ?? true,
    batchSize,
    prefixes,
    prefixesAreDefault: prefixes.query === detected.query && prefixes.document === detected.document,
  };
}

/**
 * The id of a {@link TransformersEmbedder} for `model` with the family's default prefixes (what
 * `createEmbedder` builds): `transformers:<model>:<quantized|full>`.
 */
export function transformersEmbedderId(model: string, quantized: boolean): string {
  return `transformers:${model}:${quantized ? 'quantized' : 'full'}`;
}

/** The error of a model whose files are not all in `directory` while downloads are disabled. */
function notFoundLocally(options: ResolvedOptions, directory: string, missing: readonly string[]): EmbedderUnavailableError {
  return new EmbedderUnavailableError(
    options.model,
    `not found in ${directory} (missing ${missing.join(', ')}) and remote downloads are disabled. ` +
      `Put the model's files there, or allow downloads (ALLOW_REMOTE_MODELS=true) on a machine with network.`,
  );
}

/** The error of a model that could not be loaded (nor, with downloads allowed, downloaded) because of `error`. */
function notLoaded(options: ResolvedOptions, directory: string, error: unknown): EmbedderUnavailableError {
  const where = options.allowRemoteModels ? `could not be loaded from ${directory} nor ${downloadRoute(options)}` : `could not be loaded from ${directory}`;
  return new EmbedderUnavailableError(options.model, `${where}: ${describe(error)}`, { cause: error });
}

/**
 * How long {@link probeTransformersModel}'s `HEAD` request may take, milliseconds: an answer or a refusal comes
 * within a round trip; past this, the probe says `unknown` and loading decides (as without the probe).
 */
const HUB_PROBE_TIMEOUT_MS = 3000;

/**
 * What {@link TransformersEmbedder.create} would do with some options, found without importing transformers.js
 * (see {@link probeTransformersModel}): `local`: every required file is in the model folder, so it loads the model
 * from there (under `id`); `unavailable`: it throws `error`; `unknown`: it would download, and only trying tells.
 */
export type TransformersModelProbe =
  | { readonly kind: 'local'; readonly id: string }
  | { readonly kind: 'unavailable'; readonly error: EmbedderUnavailableError }
  | { readonly kind: 'unknown' };

/**
 * Decides from the file system, without importing transformers.js (≈ 0.4 s), what {@link TransformersEmbedder.create}
 * would do (issue 15: a no-op `npm run index` needs the embedder's id, not the model):
 * - every file of {@link requiredModelFiles} under `<modelDir>/<org>/<name>/` → `local` (the model is read from there;
 *   files that exist but do not load are not detected: `create` then throws, and `auto` falls back);
 * - some missing, downloads disabled → `unavailable`, with the error `create` throws;
 * - some missing, downloads allowed → one `HEAD` request for the model's `config.json` on the hub (through the
 *   configured proxy): when it cannot be sent at all (no network, unknown host, refused), `unavailable` with the error
 *   `create`'s download would end in; when the hub answers anything, `unknown` (`create` downloads, or fails its own way).
 * A model id that is not `<org>/<name>` is `unavailable`, as in `create`.
 * @throws {InputError} when `batchSize` is not a positive integer, as `create` does.
 */
export async function probeTransformersModel(options: TransformersEmbedderOptions): Promise<TransformersModelProbe> {
  let resolved: ResolvedOptions;
  try {
    resolved = resolveOptions(options);
  } catch (error) {
    if (error instanceof EmbedderUnavailableError) return { kind: 'unavailable', error };
    throw error;
  }
  const directory = path.join(resolved.modelDir, ...resolved.model.split('/'));
  const missing = await missingFiles(directory, requiredModelFiles(resolved.quantized));
  if (missing.length === 0) {
    const id = transformersEmbedderId(resolved.model, resolved.quantized);
    return { kind: 'local', id: resolved.prefixesAreDefault ? id : `${id}:prefixes=${JSON.stringify([resolved.prefixes.query, resolved.prefixes.document])}` };
  }
  if (!resolved.allowRemoteModels) return { kind: 'unavailable', error: notFoundLocally(resolved, directory, missing) };
  const url = hubFileUrl(resolved.hub.endpoint, resolved.model, 'config.json');
  try {
    await withHubNetwork(resolved.hub, () => fetch(url, { method: 'HEAD', signal: AbortSignal.timeout(HUB_PROBE_TIMEOUT_MS) }));
    return { kind: 'unknown' };
  } catch (error) {
    // A slow hub is not an absent one: `create` then tries the download itself, as it always did.
    if (error instanceof Error && error.name === 'TimeoutError') return { kind: 'unknown' };
    return { kind: 'unavailable', error: notLoaded(resolved, directory, error) };
  }
}

/**
 * {@link Embedder} over a transformers.js `feature-extraction` pipeline: token embeddings mean-pooled over the
 * attention mask, then L2-normalised (so cosine similarity = dot product), as sentence-transformers models
 * such as E5 and BGE are meant to be pooled.
 *
 * Construct with {@link TransformersEmbedder.create}, which loads the model and discovers
 * {@link TransformersEmbedder.dimensions} by embedding one probe text.
 *
 * Inputs longer than the tokenizer's `model_max_length` ({@link TransformersEmbedder.maxInputTokens}, e.g. 512
 * tokens for E5, prefix included) are truncated, not rejected: keep chunks shorter than that. A Chinese
 * character is roughly one token, an English word one to two.
 *
 * Model files: read from `<modelDir>/<org>/<name>/`. When downloads are allowed and a file is missing there,
 * transformers.js fetches it from the Hugging Face hub and caches it under `cacheDir` (default `modelDir`, same
 * layout), so a user with network needs no manual step and later starts work offline.
 */
export class TransformersEmbedder extends Embeddings implements Embedder {
  /**
   * `transformers:<model>:<quantized|full>`, e.g. `transformers:Xenova/multilingual-e5-small:quantized`; when the
   * prefixes differ from {@link detectInstructionPrefixes}, `:prefixes=<JSON [query, document]>` is appended.
   */
  readonly id: string;
  /** Vector length, discovered from the model's output (the hidden size, e.g. 384 for multilingual-e5-small). */
  readonly dimensions: number;
  /** Hugging Face model id `<org>/<name>`. */
  readonly model: string;
  /**
   * Whether the model maps Chinese and English to one space, judged from its name (multilingual E5,
   * LaBSE, BGE-M3, multilingual MiniLM/MPNet, XLM-R and similar).
   */
  readonly crossLingual: boolean;
  /** Prepended to queries by {@link TransformersEmbedder.embedQuery}. */
  readonly queryPrefix: string;
  /** Prepended to documents by {@link TransformersEmbedder.embedDocuments}. */
  readonly documentPrefix: string;
  /** Texts per forward pass. */
  readonly batchSize: number;
  /** The tokenizer's `model_max_length` in tokens (longer inputs are truncated), or null when it declares none. */
  readonly maxInputTokens: number | null;

  private readonly extractor: FeatureExtractionPipeline;

  private constructor(
    options: ResolvedOptions,
    extractor: FeatureExtractionPipeline,
    dimensions: number,
    maxInputTokens: number | null,
  ) {
    super({});
    this.model = options.model;
    this.crossLingual = /multilingual|labse|bge-m3|xlm|m3e|chinese-english|bilingual|paraphrase-multi/iu.test(options.model);
    this.queryPrefix = options.prefixes.query;
    this.documentPrefix = options.prefixes.document;
    this.batchSize = options.batchSize;
    this.extractor = extractor;
    this.dimensions = dimensions;
    this.maxInputTokens = maxInputTokens;
    const base = transformersEmbedderId(options.model, options.quantized);
    this.id = options.prefixesAreDefault
      ? base
      : `${base}:prefixes=${JSON.stringify([this.queryPrefix, this.documentPrefix])}`;
  }

  /**
   * Loads the model (and the transformers.js library, on first use) and probes its output width.
   * @throws {EmbedderUnavailableError} when the model cannot be used: its files are not in
   *   `<modelDir>/<org>/<name>/` and downloads are disabled (checked before the library is even imported), the
   *   download fails, the files are unreadable or malformed, or the model's output is not a
   *   `[texts, dimensions]` matrix of finite numbers. The message names the directory and the fix.
   * @throws {InputError} when `batchSize` is not a positive integer.
   */
  static async create(options: TransformersEmbedderOptions): Promise<TransformersEmbedder> {
    const resolved = resolveOptions(options);
    const directory = path.join(resolved.modelDir, ...resolved.model.split('/'));

    if (!resolved.allowRemoteModels) {
      const missing = await missingFiles(directory, requiredModelFiles(resolved.quantized));
      if (missing.length > 0) throw notFoundLocally(resolved, directory, missing);
    }

    let transformers: TransformersModule;
    try {
      transformers = await import('@xenova/transformers');
    } catch (error) {
      const reason = `the @xenova/transformers library failed to load: ${describe(error)}`;
      throw new EmbedderUnavailableError(resolved.model, reason, { cause: error });
    }

    let extractor: FeatureExtractionPipeline;
    try {
      extractor = await withTransformersEnvironment(transformers, resolved, () =>
        transformers.pipeline('feature-extraction', resolved.model, { quantized: resolved.quantized }),
      );
    } catch (error) {
      throw notLoaded(resolved, directory, error);
    }

    let dimensions: number;
    try {
      const probe = await embedBatch(extractor, ['dimension probe 维度探测']);
      dimensions = probe[0]?.length ?? 0;
    } catch (error) {
      await extractor.dispose();
      const reason = `loaded from ${directory} but failed on a probe text: ${describe(error)}`;
      throw new EmbedderUnavailableError(resolved.model, reason, { cause: error });
    }
    const declaredMaximum = extractor.tokenizer.model_max_length;
    const maxInputTokens =
      typeof declaredMaximum === 'number' && Number.isFinite(declaredMaximum) && declaredMaximum > 0
        ? declaredMaximum
        : null;
    return new TransformersEmbedder(resolved, extractor, dimensions, maxInputTokens);
  }

  /**
   * Embeds documents with the document prefix, `batchSize` texts per forward pass, batches one after another.
   * @returns one unit-length vector of length {@link TransformersEmbedder.dimensions} per text, in input order.
   */
  async embedDocuments(documents: readonly string[]): Promise<number[][]> {
    const vectors: number[][] = [];
    for (let start = 0; start < documents.length; start += this.batchSize) {
      const batch = documents.slice(start, start + this.batchSize).map((document) => this.documentPrefix + document);
      vectors.push(...(await embedBatch(this.extractor, batch)));
    }
    return vectors;
  }

  /** @returns the unit-length vector of `queryPrefix + query`, of length {@link TransformersEmbedder.dimensions}. */
  async embedQuery(query: string): Promise<number[]> {
    const [vector] = await embedBatch(this.extractor, [this.queryPrefix + query]);
    if (vector === undefined) {
      throw new AssistantError('INTERNAL', `Model ${this.model} returned no vector for a query.`);
    }
    return vector;
  }

  /** Releases the ONNX session. The embedder must not be used afterwards. */
  async dispose(): Promise<void> {
    await this.extractor.dispose();
  }
}

/**
 * One forward pass: mean pooling over the attention mask, L2 normalisation.
 * @throws {AssistantError} (`INTERNAL`) when the output is not a `[texts, dimensions]` float matrix of finite values.
 */
async function embedBatch(extractor: FeatureExtractionPipeline, texts: readonly string[]): Promise<number[][]> {
  if (texts.length === 0) return [];
  const output = await extractor([...texts], { pooling: 'mean', normalize: true });
  const [rows, columns] = output.dims;
  const data = output.data;
  if (
    output.dims.length !== 2 ||
    rows !== texts.length ||
    columns === undefined ||
    columns < 1 ||
    !(data instanceof Float32Array || data instanceof Float64Array)
  ) {
    throw new AssistantError(
      'INTERNAL',
      `Expected a float [${texts.length}, dimensions] embedding matrix, ` +
        `got ${output.type} [${output.dims.join(', ')}].`,
    );
  }
  const vectors: number[][] = [];
  for (let row = 0; row < rows; row += 1) {
    const vector = Array.from(data.subarray(row * columns, (row + 1) * columns));
    if (!vector.every(Number.isFinite)) {
      const problem = `The embedding of text ${row + 1} of ${rows} contains NaN or infinite values.`;
      throw new AssistantError('INTERNAL', problem);
    }
    vectors.push(vector);
  }
  return vectors;
}
