/**
 * Index updates out of process (issue 5, the running bot's swap): `runIndexSubprocess` runs the real index
 * command (`src/cli/index-command.ts --json`) in a child Node process on a copy of the seeds, and
 * `reopenAfterIndexSubprocess` swaps the host to the index the child wrote — after preparing it — or keeps
 * the current runtime when nothing changed. A child's failure surfaces with its error code.
 */
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AssistantHost, openAssistant, reopenAfterIndexSubprocess, runIndexSubprocess, type AssistantRuntime, type IndexUpdateSummary } from '../../src/app';
import { AssistantError, createSilentLogger } from '../../src/core';
import { caught } from '../support/caught';
import { ADDED_ISSUE_FILE, addNewIssue, makeSeedsCopy, type SeedsCopy } from './support/incremental-seeds';
import { RecordingEmbedder, makeEnvironment, selectEmbedder } from './support/seed-assistant';

const logger = createSilentLogger();

let seeds: SeedsCopy;
let environment: NodeJS.ProcessEnv;
let first: AssistantRuntime;
beforeEach(async () => {
  seeds = await makeSeedsCopy('index-subprocess-test-');
  environment = {
    ...makeEnvironment({
      INDEX_DIR: seeds.config.indexDir,
      SEEDS_DIR: seeds.seedsDir,
      GLOSSARY_FILE: seeds.config.glossaryFile,
      PAIR_OVERRIDES_FILE: seeds.config.pairOverridesFile,
    }),
    PATH: process.env.PATH,
  };
  first = await openAssistant(seeds.config, logger, { embedder: selectEmbedder(new RecordingEmbedder()), llm: 'none' });
});
afterEach(async () => {
  await seeds.temp.remove();
});

/** A sink for the child's relayed standard error, so test output stays clean. */
function quietStderr(): PassThrough {
  return new PassThrough().resume();
}

describe('runIndexSubprocess', () => {
  it('updates the index in a child process: only the new issue is embedded; then it is current', { timeout: 60_000 }, async () => {
    await addNewIssue(seeds.seedsDir);
    const summary = await runIndexSubprocess({ environment, logger, stderr: quietStderr() });
    expect(summary.status).toBe('updated');
    expect(summary.changes?.added).toEqual([path.join(seeds.seedsDir, ADDED_ISSUE_FILE)]);
    expect(summary.counts.chunks).toBeGreaterThan(first.index.manifest.counts.chunks);
    expect(summary.embeddedTexts).toBe(summary.counts.chunks - first.index.manifest.counts.chunks);
    expect(summary.reusedChunks).toBe(first.index.manifest.counts.chunks);
    const again = await runIndexSubprocess({ environment, logger, stderr: quietStderr() });
    expect(again).toMatchObject({ status: 'current', embeddedTexts: null, counts: summary.counts });
  });

  it("rethrows the child's error code and message, and leaves the index alone", { timeout: 60_000 }, async () => {
    const error = await caught(runIndexSubprocess({ environment: { ...environment, CHUNK_SIZE: 'not a number' }, logger, stderr: quietStderr() }));
    expect(error).toBeInstanceOf(AssistantError);
    expect((error as AssistantError).code).toBe('CONFIG_INVALID');
    expect((error as AssistantError).message).toMatch(/^Index update failed: [^]*CHUNK_SIZE/u);
    expect(await runIndexSubprocess({ environment, logger, stderr: quietStderr() })).toMatchObject({ status: 'current' });
  });
});

describe('reopenAfterIndexSubprocess', () => {
  it('swaps the host to the updated index after preparing it, and keeps the runtime when nothing changed', { timeout: 90_000 }, async () => {
    const host = new AssistantHost(first, logger);
    const unchanged = await host.reload(reopenAfterIndexSubprocess(seeds.config, { environment, logger }));
    expect(unchanged.swapped).toBe(false);
    expect(host.runtime).toBe(first);

    await addNewIssue(seeds.seedsDir);
    const prepared: AssistantRuntime[] = [];
    const summaries: IndexUpdateSummary[] = [];
    const reload = await host.reload(
      reopenAfterIndexSubprocess(seeds.config, {
        environment,
        logger,
        onSummary: (summary) => summaries.push(summary),
        prepare: async (runtime) => {
          // Prepared before the swap: the host still answers with the old runtime here.
          expect(host.runtime).toBe(first);
          prepared.push(runtime);
        },
      }),
    );
    expect(reload.swapped).toBe(true);
    expect(prepared).toHaveLength(1);
    expect(summaries.map((summary) => summary.status)).toEqual(['updated']);
    expect(host.runtime.index.manifest.counts.chunks).toBe(summaries[0]?.counts.chunks);
    expect(host.runtime.index.articles.some((article) => article.file.endsWith(ADDED_ISSUE_FILE))).toBe(true);
  });
});
