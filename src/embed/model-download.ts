/**
 * Downloads a transformers.js model's files from a Hugging Face hub or mirror into `<modelDir>/<org>/<name>/`,
 * the layout {@link TransformersEmbedder} loads from, each file streamed to a temporary file and renamed only when
 * complete, so an interrupted or truncated download never leaves a file that a later start would load.
 */
import { createWriteStream } from 'node:fs';
import { access, mkdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { Readable } from 'node:stream';
import type { Dispatcher, Response } from 'undici';
import { AbortedError, EmbedderUnavailableError, type ModelHubConfig } from '../core';
import { createHubDispatcher, hubFileUrl, proxyInUse } from './model-hub';
import { requiredModelFiles } from './transformers-embedder';

/** Files fetched when the hub has them and skipped when it answers 404. */
export const OPTIONAL_MODEL_FILES: readonly string[] = Object.freeze(['special_tokens_map.json']);

/** Why a download failed; the message says what to do about each. */
export type ModelDownloadFailure = 'not-found' | 'gated' | 'network' | 'incomplete' | 'http';

/** A model file could not be downloaded. Nothing partial is left under the model folder. */
export class ModelDownloadError extends EmbedderUnavailableError {
  readonly failure: ModelDownloadFailure;
  /** The file's URL at the hub or mirror (never holds the token). */
  readonly url: string;
  /** HTTP status, or null when no response arrived (network) or the body broke off (incomplete). */
  readonly status: number | null;
  constructor(model: string, failure: ModelDownloadFailure, url: string, status: number | null, reason: string, options?: { cause?: unknown }) {
    super(model, reason, options);
    this.failure = failure;
    this.url = url;
    this.status = status;
  }
}

/** One progress report: bytes of `file` received so far, and its size when the server declared one. */
export interface DownloadProgress {
  readonly file: string;
  readonly receivedBytes: number;
  readonly totalBytes: number | null;
}

/** Options for {@link downloadModel}. */
export interface ModelDownloadOptions {
  /** `<org>/<name>`, e.g. `Xenova/multilingual-e5-small`. */
  readonly model: string;
  /** Model root: files go to `<modelDir>/<org>/<name>/<file>`. */
  readonly modelDir: string;
  /** Fetch `onnx/model_quantized.onnx` (true) or `onnx/model.onnx` (false), as `MODEL_QUANTIZED`. */
  readonly quantized: boolean;
  /** Hub or mirror, token and proxy. */
  readonly hub: ModelHubConfig;
  /** Hub revision (branch, tag or commit). Default `main`. */
  readonly revision?: string;
  /** Re-download files that are already present. Default false: present files are kept (they were renamed into place complete). */
  readonly force?: boolean;
  /** Called as bytes arrive (several times per file) and once when a file starts. */
  readonly onProgress?: (progress: DownloadProgress) => void;
  /** Stops the download; the file being fetched is deleted and {@link AbortedError} thrown. */
  readonly signal?: AbortSignal;
}

/** What one file's download did. */
export interface DownloadedFile {
  /** Path relative to the model folder, e.g. `onnx/model_quantized.onnx`. */
  readonly file: string;
  /** `downloaded`, `present` (kept, not fetched) or `absent` (an optional file the hub does not have). */
  readonly outcome: 'downloaded' | 'present' | 'absent';
  /** Size on disk in bytes (0 when absent). */
  readonly bytes: number;
}

/** What {@link downloadModel} produced. */
export interface ModelDownloadResult {
  /** Absolute `<modelDir>/<org>/<name>`. */
  readonly directory: string;
  readonly files: readonly DownloadedFile[];
}

function checkModelId(model: string): void {
  const segments = model.split('/');
  if (segments.length !== 2 || segments.some((segment) => segment === '' || segment === '.' || segment === '..' || segment.includes('\\'))) {
    throw new EmbedderUnavailableError(model, 'a model id must look like <org>/<name> (e.g. Xenova/multilingual-e5-small)');
  }
}

function hostOf(url: string): string {
  return new URL(url).host;
}

function routeText(url: string, hub: ModelHubConfig): string {
  const proxy = proxyInUse(url, hub);
  return proxy === null ? 'directly (no proxy)' : `through proxy ${proxy}`;
}

function causeText(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current instanceof Error; depth += 1) {
    const code = (current as { code?: unknown }).code;
    parts.push(typeof code === 'string' ? `${current.message} (${code})` : current.message);
    current = current.cause;
  }
  return parts.length > 0 ? parts.join(': ') : String(error);
}

function statusError(options: ModelDownloadOptions, file: string, url: string, response: Response): ModelDownloadError {
  const { model, hub } = options;
  const status = response.status;
  if (status === 404) {
    const hint = file.startsWith('onnx/')
      ? `the repository has no ${file}: it is not a transformers.js (ONNX) model, or has only ` +
        `${options.quantized ? 'onnx/model.onnx (set MODEL_QUANTIZED=false)' : 'onnx/model_quantized.onnx (set MODEL_QUANTIZED=true)'}; ` +
        'ONNX conversions are usually published under Xenova/<name>'
      : `check the name (<org>/<name>, e.g. Xenova/multilingual-e5-small) and that ${hostOf(url)} mirrors it`;
    return new ModelDownloadError(model, 'not-found', url, status, `${file} not found at ${url} (HTTP 404): ${hint}.`);
  }
  if (status === 401 || status === 403) {
    const hint = hub.token === undefined
      ? 'the model is gated or private: accept its terms on huggingface.co and set HF_TOKEN to an access token'
      : 'HF_TOKEN was sent but refused: check that the token is valid and that its account accepted the model\'s terms';
    return new ModelDownloadError(model, 'gated', url, status, `${file} refused at ${url} (HTTP ${status}): ${hint}.`);
  }
  if (status === 407) {
    return new ModelDownloadError(model, 'network', url, status, `the proxy ${proxyInUse(url, hub) ?? ''} asks for credentials (HTTP 407): put them in the proxy URL (http://user:password@host:port).`);
  }
  return new ModelDownloadError(model, 'http', url, status, `${file} could not be fetched from ${url}: HTTP ${status} ${response.statusText}.`);
}

function networkError(options: ModelDownloadOptions, file: string, url: string, error: unknown): ModelDownloadError {
  const host = hostOf(url);
  const blockedHint = new URL(url).hostname.endsWith('huggingface.co')
    ? ' Where huggingface.co is blocked, use a mirror: HF_ENDPOINT=https://hf-mirror.com.'
    : '';
  const reason =
    `could not download ${file} from ${host} ${routeText(url, options.hub)}: ${causeText(error)}.${blockedHint} ` +
    'Behind a proxy, set HTTPS_PROXY (and NO_PROXY for hosts to reach directly).';
  return new ModelDownloadError(options.model, 'network', url, null, reason, { cause: error });
}

function abortReason(signal: AbortSignal): string {
  const reason: unknown = signal.reason;
  return reason instanceof Error ? reason.message : String(reason);
}

async function sizeIfPresent(filePath: string): Promise<number | null> {
  try {
    await access(filePath);
    return (await stat(filePath)).size;
  } catch {
    return null;
  }
}

/** Fetches one file to `<target>.<pid>.download`, then renames it into place. Returns its size, or null on an optional 404. */
async function downloadFile(
  options: ModelDownloadOptions,
  file: string,
  target: string,
  optional: boolean,
  dispatcher: Dispatcher | null,
): Promise<number | null> {
  const url = hubFileUrl(options.hub.endpoint, options.model, file, options.revision);
  const headers: Record<string, string> = { 'user-agent': 'newsletter-assistant model download' };
  if (options.hub.token !== undefined) headers.authorization = `Bearer ${options.hub.token}`;
  const { fetch } = await import('undici');
  let response: Response;
  try {
    response = await fetch(url, { headers, signal: options.signal, ...(dispatcher === null ? {} : { dispatcher }) });
  } catch (error) {
    if (options.signal?.aborted === true) throw new AbortedError(`The download of ${file}`, abortReason(options.signal));
    throw networkError(options, file, url, error);
  }
  if (optional && response.status === 404) {
    await response.body?.cancel();
    return null;
  }
  if (!response.ok || response.body === null) {
    await response.body?.cancel();
    throw statusError(options, file, url, response);
  }
  const declared = Number(response.headers.get('content-length'));
  const totalBytes = Number.isFinite(declared) && declared > 0 ? declared : null;
  let receivedBytes = 0;
  options.onProgress?.({ file, receivedBytes, totalBytes });
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      receivedBytes += chunk.length;
      options.onProgress?.({ file, receivedBytes, totalBytes });
      done(null, chunk);
    },
  });
  await mkdir(path.dirname(target), { recursive: true });
  const temporary = `${target}.${process.pid}.download`;
  try {
    try {
      await pipeline(Readable.fromWeb(response.body as WebReadableStream<Uint8Array>), counter, createWriteStream(temporary));
    } catch (error) {
      if (options.signal?.aborted === true) throw new AbortedError(`The download of ${file}`, abortReason(options.signal));
      const reason = `the download of ${file} from ${hostOf(url)} broke off after ${receivedBytes} bytes` +
        `${totalBytes === null ? '' : ` of ${totalBytes}`} (${causeText(error)}); nothing was kept, run the download again.`;
      throw new ModelDownloadError(options.model, 'incomplete', url, null, reason, { cause: error });
    }
    if (totalBytes !== null && receivedBytes !== totalBytes) {
      const reason = `${file} from ${hostOf(url)} arrived with ${receivedBytes} of ${totalBytes} bytes; nothing was kept, run the download again.`;
      throw new ModelDownloadError(options.model, 'incomplete', url, null, reason);
    }
    await rename(temporary, target);
  } finally {
    await rm(temporary, { force: true });
  }
  return receivedBytes;
}

/**
 * Downloads `config.json`, `tokenizer.json`, `tokenizer_config.json`, `special_tokens_map.json` (when the hub has
 * it) and `onnx/model_quantized.onnx` or `onnx/model.onnx` from `<hub.endpoint>/<model>/resolve/<revision>/`,
 * through the configured proxy, with `HF_TOKEN` as a bearer token when set. Files already present are kept
 * unless `force`.
 * @returns the model folder and, per file, what happened and its size in bytes.
 * @throws {ModelDownloadError} `not-found` (HTTP 404: wrong name, or no ONNX weights), `gated` (401/403: set
 *   `HF_TOKEN`), `network` (no connection: names the host and the proxy used), `incomplete` (body broke off or
 *   shorter than declared; the partial file is deleted), `http` (any other status).
 * @throws {EmbedderUnavailableError} when `model` is not `<org>/<name>`.
 * @throws {AbortedError} when `signal` fires (files completed before it stay; the one in flight is deleted).
 */
export async function downloadModel(options: ModelDownloadOptions): Promise<ModelDownloadResult> {
  checkModelId(options.model);
  const directory = path.join(path.resolve(options.modelDir), ...options.model.split('/'));
  const plan = [
    ...requiredModelFiles(options.quantized).map((file) => ({ file, optional: false })),
    ...OPTIONAL_MODEL_FILES.map((file) => ({ file, optional: true })),
  ];
  const dispatcher = await createHubDispatcher(options.hub);
  const files: DownloadedFile[] = [];
  try {
    for (const { file, optional } of plan) {
      const target = path.join(directory, ...file.split('/'));
      const existing = await sizeIfPresent(target);
      if (existing !== null && options.force !== true) {
        files.push({ file, outcome: 'present', bytes: existing });
        continue;
      }
      const bytes = await downloadFile(options, file, target, optional, dispatcher);
      files.push(bytes === null ? { file, outcome: 'absent', bytes: 0 } : { file, outcome: 'downloaded', bytes });
    }
  } finally {
    await dispatcher?.close().catch(() => undefined);
  }
  return { directory, files };
}
