/**
 * `npm run index`: (re)builds the index under `index/`. Without `--force`, an index that is already
 * current (same embedder, chunking and seeds) is kept.
 */
import { Command } from 'commander';
import { openAssistant } from '../app';
import { createCommandContext, runCommand } from './cli-support';
import { createBuildProgressReporter } from './progress';

const program = new Command('index')
  .description('Build the search index (HNSW vectors + BM25) from the newsletters in seeds/.')
  .option('--force', 'rebuild even when the index is current')
  .action(async (options: { force?: boolean }) => {
    await runCommand(async () => {
      const { config, logger } = createCommandContext();
      const started = performance.now();
      const runtime = await openAssistant(config, logger, {
        build: options.force === true ? 'always' : 'if-needed',
        onProgress: createBuildProgressReporter(logger),
      });
      const manifest = runtime.index.manifest;
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      process.stdout.write(
        `${runtime.rebuilt ? 'Built' : 'Index already current:'} ${manifest.counts.articles} articles, ${manifest.counts.chunks} chunks from ${manifest.counts.files} files` +
          ` with ${manifest.embedder.id} (${manifest.embedder.dimensions} dimensions) in ${seconds} s → ${runtime.index.directory}\n`,
      );
      if (manifest.fallbackReason !== null) process.stdout.write(`Model-free embedder in use: ${manifest.fallbackReason}\n`);
      for (const skipped of manifest.skippedFiles) process.stdout.write(`Skipped ${skipped.file}: ${skipped.reason}\n`);
    });
  });

await program.parseAsync(process.argv);
