/**
 * Child process for the incremental crash tests: updates the index of a seeds copy (reusing stored
 * embeddings) and kills itself with SIGKILL right after the given write step — a real crash, no cleanup.
 * Usage: node --import tsx crash-updater.ts <indexDir> <seedsDir> <step>
 */
import { buildIndex } from '../../../src/app';
import { createSilentLogger } from '../../../src/core';
import type { IndexWriteStep } from '../../../src/vector-index';
import { makeConfig, selectEmbedder } from './seed-assistant';

const [indexDir, seedsDir, crashStep] = process.argv.slice(2);
if (indexDir === undefined || seedsDir === undefined || crashStep === undefined) {
  process.stderr.write('usage: crash-updater.ts <indexDir> <seedsDir> <step>\n');
  process.exit(2);
}
await buildIndex(makeConfig({ INDEX_DIR: indexDir, SEEDS_DIR: seedsDir }), selectEmbedder(), createSilentLogger(), {
  reuseEmbeddings: true,
  afterWriteStep: (step: IndexWriteStep) => {
    if (step === crashStep) process.kill(process.pid, 'SIGKILL');
  },
});
process.stderr.write(`the update finished without reaching step ${crashStep}\n`);
process.exit(3);
