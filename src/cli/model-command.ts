/**
 * `npm run model -- download [org/name] [--force]`: fetches a transformers.js model from `HF_ENDPOINT` (default
 * huggingface.co; e.g. https://hf-mirror.com where it is blocked), through `HTTPS_PROXY` when set, into
 * `MODEL_DIR/<org>/<name>/`, then checks that it loads by embedding a probe text.
 *
 * `npm run model -- status`: what is in `MODEL_DIR`, and what the configuration will load and from where.
 */
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import cliProgress from 'cli-progress';
import { Command } from 'commander';
import type { AppConfig } from '../core';
import { downloadModel, proxyInUse, requiredModelFiles, TransformersEmbedder, type DownloadProgress } from '../embed';
import { createCommandContext, runCommand } from './cli-support';

/** `1.2 MB`-style sizes for people. */
function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(1)} ${units[unit] ?? 'GB'}`;
}

/** A byte progress bar per file on a terminal; one line per finished file elsewhere (pipes, CI logs). */
function createDownloadProgress(): { onProgress: (progress: DownloadProgress) => void; stop: () => void } {
  const interactive = process.stderr.isTTY;
  let bar: cliProgress.SingleBar | null = null;
  let current: string | null = null;
  const finish = (): void => {
    bar?.stop();
    bar = null;
  };
  return {
    onProgress: (progress) => {
      if (progress.file !== current) {
        finish();
        current = progress.file;
        if (!interactive) process.stderr.write(`downloading ${progress.file}${progress.totalBytes === null ? '' : ` (${formatBytes(progress.totalBytes)})`}\n`);
        else {
          bar = new cliProgress.SingleBar(
            {
              stream: process.stderr,
              hideCursor: true,
              format: `${progress.file} [{bar}] {percentage}% {received}/{size}`,
            },
            cliProgress.Presets.shades_classic,
          );
          bar.start(progress.totalBytes ?? 0, 0, { received: formatBytes(0), size: progress.totalBytes === null ? '?' : formatBytes(progress.totalBytes) });
        }
      }
      bar?.update(progress.receivedBytes, { received: formatBytes(progress.receivedBytes) });
    },
    stop: finish,
  };
}

async function download(config: AppConfig, name: string | undefined, force: boolean): Promise<void> {
  const model = name ?? config.embedder.model;
  const { hub } = config.embedder;
  const route = proxyInUse(`${hub.endpoint}/`, hub);
  process.stdout.write(`model ${model} from ${hub.endpoint}${route === null ? '' : ` through proxy ${route}`} into ${config.embedder.modelDir}\n`);
  const progress = createDownloadProgress();
  // Ctrl-C stops the download cleanly: the file in flight is deleted, completed ones stay for the next run.
  const interrupt = new AbortController();
  const onSignal = (signal: NodeJS.Signals): void => interrupt.abort(new Error(signal));
  process.once('SIGINT', onSignal).once('SIGTERM', onSignal);
  const startedAt = performance.now();
  let result;
  try {
    result = await downloadModel({
      model,
      modelDir: config.embedder.modelDir,
      quantized: config.embedder.quantized,
      hub,
      force,
      onProgress: progress.onProgress,
      signal: interrupt.signal,
    });
  } finally {
    process.off('SIGINT', onSignal).off('SIGTERM', onSignal);
    progress.stop();
  }
  const downloadSeconds = (performance.now() - startedAt) / 1000;
  for (const file of result.files) {
    const size = file.outcome === 'absent' ? '' : ` ${formatBytes(file.bytes)}`;
    process.stdout.write(`  ${file.outcome.padEnd(10)} ${file.file}${size}\n`);
  }
  const total = result.files.reduce((sum, file) => sum + (file.outcome === 'downloaded' ? file.bytes : 0), 0);
  process.stdout.write(`downloaded ${formatBytes(total)} in ${downloadSeconds.toFixed(1)} s to ${result.directory}\n`);

  const loadStartedAt = performance.now();
  const embedder = await TransformersEmbedder.create({
    model,
    modelDir: config.embedder.modelDir,
    allowRemoteModels: false,
    quantized: config.embedder.quantized,
    batchSize: config.embedder.batchSize,
  });
  try {
    const loadMilliseconds = performance.now() - loadStartedAt;
    const probeStartedAt = performance.now();
    await embedder.embedDocuments(['China and the United States launched a clean energy research centre.', '中美清洁能源联合研究中心启动。']);
    const probeMilliseconds = performance.now() - probeStartedAt;
    process.stdout.write(
      `loads: ${embedder.dimensions} dimensions, max ${embedder.maxInputTokens ?? '?'} tokens; ` +
        `load ${Math.round(loadMilliseconds)} ms, 2 probe texts ${Math.round(probeMilliseconds)} ms\n`,
    );
  } finally {
    await embedder.dispose();
  }
  if (model !== config.embedder.model) {
    process.stdout.write(`to use it, set EMBEDDING_MODEL=${model} (now ${config.embedder.model}) and rebuild the index (npm run index)\n`);
  }
}

async function directoryEntries(directory: string): Promise<string[]> {
  try {
    return (await readdir(directory, { withFileTypes: true })).filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort();
  } catch {
    return [];
  }
}

async function fileSize(filePath: string): Promise<number | null> {
  try {
    return (await stat(filePath)).size;
  } catch {
    return null;
  }
}

async function status(config: AppConfig): Promise<void> {
  const { modelDir, model, quantized, allowRemoteModels, kind, hub } = config.embedder;
  const required = requiredModelFiles(quantized);
  process.stdout.write(`MODEL_DIR ${modelDir}\n`);
  let found = 0;
  for (const organisation of await directoryEntries(modelDir)) {
    for (const name of await directoryEntries(path.join(modelDir, organisation))) {
      const directory = path.join(modelDir, organisation, name);
      const sizes = await Promise.all(required.map((file) => fileSize(path.join(directory, file))));
      const missing = required.filter((_file, index) => sizes[index] === null);
      const bytes = sizes.reduce<number>((sum, size) => sum + (size ?? 0), 0);
      const state = missing.length === 0 ? `complete, ${formatBytes(bytes)}` : `incomplete: missing ${missing.join(', ')}`;
      process.stdout.write(`  ${organisation}/${name}: ${state}\n`);
      found += 1;
    }
  }
  if (found === 0) process.stdout.write('  (no models)\n');
  const directory = path.join(modelDir, ...model.split('/'));
  const missing: string[] = [];
  for (const file of required) if ((await fileSize(path.join(directory, file))) === null) missing.push(file);
  const route = proxyInUse(`${hub.endpoint}/`, hub);
  process.stdout.write(
    `EMBEDDER=${kind} EMBEDDING_MODEL=${model} MODEL_QUANTIZED=${quantized}: ` +
      (kind === 'hashed'
        ? 'the model-free hashed embedder (no model is loaded)\n'
        : missing.length === 0
          ? `loads from ${directory}\n`
          : allowRemoteModels
            ? `not local (missing ${missing.join(', ')}); downloaded at first start from ${hub.endpoint}${route === null ? '' : ` through proxy ${route}`}, or now with npm run model -- download\n`
            : `not local (missing ${missing.join(', ')}) and ALLOW_REMOTE_MODELS=false: ${kind === 'auto' ? 'falls back to the hashed embedder' : 'fails'}; run npm run model -- download\n`),
  );
}

const program = new Command('model').description('Download and inspect the embedding model (transformers.js, ONNX).');

program
  .command('download')
  .description('Download a model from HF_ENDPOINT into MODEL_DIR/<org>/<name>/ and check that it loads.')
  .argument('[name]', 'model id <org>/<name>; default EMBEDDING_MODEL')
  .option('--force', 're-download files that are already present')
  .action(async (name: string | undefined, options: { force?: boolean }) => {
    await runCommand(async () => {
      const { config } = createCommandContext({ logLevel: 'warn' });
      await download(config, name, options.force === true);
    });
  });

program
  .command('status')
  .description('Show the models in MODEL_DIR and what the configuration will load.')
  .action(async () => {
    await runCommand(async () => {
      const { config } = createCommandContext({ logLevel: 'warn' });
      await status(config);
    });
  });

await program.parseAsync(process.argv);
