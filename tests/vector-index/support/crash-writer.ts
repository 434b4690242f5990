/**
 * Child process for the crash tests: builds an index with `makeIndexData` and kills itself with SIGKILL
 * right after the given write step, so no `catch`, `finally` or rollback runs: a real crash.
 * Usage: node --import tsx crash-writer.ts <indexDir> <step> <seedsHash>
 */
import { writeIndex } from '../../../src/vector-index';
import type { IndexWriteStep } from '../../../src/vector-index';
import { makeIndexData } from './fixtures';

const [indexDir, crashStep, seedsHash] = process.argv.slice(2);
if (indexDir === undefined || crashStep === undefined || seedsHash === undefined) {
  process.stderr.write('usage: crash-writer.ts <indexDir> <step> <seedsHash>\n');
  process.exit(2);
}
await writeIndex(indexDir, makeIndexData({ chunkCount: 9, seed: 99, seedsHash }), {
  afterStep: (step: IndexWriteStep) => {
    if (step === crashStep) process.kill(process.pid, 'SIGKILL');
  },
});
