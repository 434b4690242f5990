/**
 * `npm run index`: brings the index under `index/` up to date with the seeds. An index that is already
 * current (same embedder, chunking and seeds) is kept; otherwise it is updated incrementally — only chunk
 * texts that are new are embedded, removed files leave the index. `--force` rebuilds embedding every
 * chunk. `--watch` then keeps watching the seeds folder and updates after each change (debounced,
 * `WATCH_DEBOUNCE_MS`) until Ctrl-C. Unparseable files are named with the reason; the rest is indexed.
 * SIGTERM or SIGINT (Ctrl-C) during a build stops it within moments (`error ABORTED: …`, exit status
 * 128 + the signal's number) and leaves the previous index in place; a second one exits at once.
 */
import { constants } from 'node:os';
import { Command } from 'commander';
import { createLazyEmbedder } from '../embed';
import { InputError } from '../core';
import { toIndexUpdateSummary, updateIndex, watchSeeds, type BuildIndexResult } from '../app';
import type { IndexManifest } from '../vector-index';
import { createCommandContext, runCommand } from './cli-support';
import { createBuildProgressReporter } from './progress';

function seconds(milliseconds: number): string {
  return (milliseconds / 1000).toFixed(1);
}

/** One line on what a build changed, e.g. `1 file added, 0 changed, 0 removed; embedded 18 chunk texts, reused 122`. */
function describeBuild(build: BuildIndexResult): string {
  const { added, changed, removed } = build.changes;
  return (
    `${added.length} file(s) added, ${changed.length} changed, ${removed.length} removed; ` +
    `embedded ${build.embeddedTexts} chunk text(s), reused ${build.reusedChunks} embedding(s)`
  );
}

function describeIndex(manifest: IndexManifest): string {
  return (
    `${manifest.counts.articles} articles, ${manifest.counts.chunks} chunks from ${manifest.counts.files} files` +
    ` with ${manifest.embedder.id} (${manifest.embedder.dimensions} dimensions)`
  );
}

function printSkipped(manifest: IndexManifest): void {
  for (const skipped of manifest.skippedFiles) process.stdout.write(`Skipped ${skipped.file}: ${skipped.reason}\n`);
}

/** The signals that stop a build. */
const STOP_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];

/**
 * Aborts `controller` on the first SIGINT/SIGTERM (reason: the signal's name), so the build stops at its
 * next checkpoint and cleans up; a second signal exits at once. Returns the function that removes the handlers.
 */
function abortOnSignals(controller: AbortController): () => void {
  const onSignal = (signal: NodeJS.Signals): void => {
    if (controller.signal.aborted) {
      process.stderr.write(`${signal} again: exiting now\n`);
      process.exit(128 + (constants.signals[signal] ?? 0));
    }
    process.stderr.write(`${signal}: stopping the index build; the previous index stays in place…\n`);
    controller.abort(signal);
  };
  for (const signal of STOP_SIGNALS) process.on(signal, onSignal);
  return () => {
    for (const signal of STOP_SIGNALS) process.off(signal, onSignal);
  };
}

const program = new Command('index')
  .description('Build or update the search index (HNSW vectors + BM25) from the newsletters in seeds/.')
  .option('--force', 'rebuild, embedding every chunk, even when the index is current')
  .option('--watch', 'keep watching the seeds folder and update the index after each change (Ctrl-C stops)')
  .option('--json', 'no progress bar; print what was done as one JSON object (how the bot runs updates out of process)')
  .action(async (options: { force?: boolean; watch?: boolean; json?: boolean }) => {
    const stop = new AbortController();
    const removeSignalHandlers = abortOnSignals(stop);
    await runCommand(async () => {
      const { config, logger } = createCommandContext();
      const started = performance.now();
      if (options.json === true) {
        if (options.watch === true) throw new InputError('--json and --watch cannot be combined.');
        const update = await updateIndex(config, await createLazyEmbedder(config.embedder, logger), logger, { force: options.force === true, signal: stop.signal });
        process.stdout.write(`${JSON.stringify(toIndexUpdateSummary(update, performance.now() - started))}\n`);
        return;
      }
      // No answer path here, and nothing loaded before a change is found (issue 15: a no-op within 1 s of start-up):
      // the embedder is identified from its settings and the model folder, the index checked by its manifest and
      // digests; the model and the index's search libraries are loaded only for an update.
      const selection = await createLazyEmbedder(config.embedder, logger);
      const update = await updateIndex(config, selection, logger, {
        force: options.force === true,
        onProgress: createBuildProgressReporter(logger),
        signal: stop.signal,
      });
      // Watch mode has its own stop (below): it lets the update in progress finish.
      removeSignalHandlers();
      const manifest = update.manifest;
      const elapsed = seconds(performance.now() - started);
      const build = update.build;
      const verb = build?.replacedIndex !== true ? 'Built' : options.force === true ? 'Rebuilt' : 'Updated';
      const status = build === null ? 'Index already current:' : `${verb} (${describeBuild(build)}):`;
      // Start-up included (issue 15: a no-op within 1 s of the process's own start-up): `performance.now()` counts
      // from the process's start, the printed time from the command's.
      logger.info({ status: update.status, sinceProcessStartMilliseconds: Math.round(performance.now()) }, 'index checked');
      process.stdout.write(`${status} ${describeIndex(manifest)} in ${elapsed} s → ${update.directory}\n`);
      if (manifest.fallbackReason !== null) process.stdout.write(`Model-free embedder in use: ${manifest.fallbackReason}\n`);
      printSkipped(manifest);
      if (options.watch !== true) return;

      const watcher = watchSeeds(config.seedsDir, {
        debounceMilliseconds: config.watch.debounceMilliseconds,
        logger,
        alsoWatch: [config.glossaryFile, config.pairOverridesFile],
        // Changes made while the index above was being brought up to date.
        runAtStart: true,
        onChange: async () => {
          const next = await updateIndex(config, selection, logger);
          if (next.build === null) return;
          process.stdout.write(`Updated (${describeBuild(next.build)}): ${describeIndex(next.manifest)} in ${seconds(next.build.elapsedMilliseconds)} s\n`);
          printSkipped(next.manifest);
        },
      });
      process.stdout.write(`Watching ${config.seedsDir} (Ctrl-C stops)…\n`);
      await new Promise<void>((resolve) => {
        const close = (): void => {
          process.stdout.write('Stopping: finishing the update in progress…\n');
          void watcher.close().then(resolve);
        };
        process.once('SIGINT', close);
        process.once('SIGTERM', close);
      });
    });
    removeSignalHandlers();
    const signal = stop.signal.aborted ? (stop.signal.reason as NodeJS.Signals) : null;
    if (signal !== null && process.exitCode === 1) process.exitCode = 128 + (constants.signals[signal] ?? 0);
  });

await program.parseAsync(process.argv);
