/**
 * `watchSeeds` (issue 5): newsletter changes are debounced into one run, runs never overlap (changes during
 * a run bring exactly one more), a failing run is logged and watching goes on, `runAtStart` catches changes
 * made before watching began, and `close` waits for the run in progress. Real `fs.watch` on a temp folder.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { watchSeeds, type SeedsWatcher } from '../../src/app';
import { makeRecordingLogger } from '../vector-index/support/fixtures';

const DEBOUNCE_MILLISECONDS = 150;

let seedsDir: string;
let watcher: SeedsWatcher | undefined;
beforeEach(async () => {
  seedsDir = await mkdtemp(path.join(os.tmpdir(), 'seeds-watcher-test-'));
});
afterEach(async () => {
  await watcher?.close();
  watcher = undefined;
  await rm(seedsDir, { recursive: true, force: true });
});

function sleep(milliseconds: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, milliseconds));
}

async function waitFor(condition: () => boolean, milliseconds = 5000): Promise<void> {
  const deadline = Date.now() + milliseconds;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${milliseconds} ms`);
    await sleep(20);
  }
}

describe('watchSeeds', () => {
  it('turns a burst of newsletter changes into one run, and ignores other file types', async () => {
    let runs = 0;
    // A longer quiet time than the other tests', so a busy machine cannot split the burst.
    const debounceMilliseconds = 600;
    watcher = watchSeeds(seedsDir, { debounceMilliseconds, logger: makeRecordingLogger().logger, onChange: async () => void (runs += 1) });
    await writeFile(path.join(seedsDir, 'pairs.tsv'), 'x');
    await sleep(debounceMilliseconds * 2);
    expect(runs).toBe(0);
    for (let index = 0; index < 5; index += 1) await writeFile(path.join(seedsDir, `00${index}_issue.txt`), `issue ${index}`);
    await waitFor(() => runs === 1);
    await sleep(debounceMilliseconds * 2);
    expect(runs).toBe(1);
  });

  it('never overlaps runs: changes during a run bring exactly one more run after it', async () => {
    let active = 0;
    let maximumActive = 0;
    let runs = 0;
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    watcher = watchSeeds(seedsDir, {
      debounceMilliseconds: DEBOUNCE_MILLISECONDS,
      logger: makeRecordingLogger().logger,
      onChange: async () => {
        active += 1;
        maximumActive = Math.max(maximumActive, active);
        runs += 1;
        if (runs === 1) await gate;
        active -= 1;
      },
    });
    await writeFile(path.join(seedsDir, 'a.txt'), 'a');
    await waitFor(() => runs === 1);
    await writeFile(path.join(seedsDir, 'b.md'), 'b');
    await sleep(DEBOUNCE_MILLISECONDS * 2);
    await writeFile(path.join(seedsDir, 'c.txt'), 'c');
    await sleep(DEBOUNCE_MILLISECONDS * 2);
    expect(runs).toBe(1);
    release();
    await waitFor(() => runs === 2);
    await sleep(DEBOUNCE_MILLISECONDS * 3);
    expect({ runs, maximumActive }).toEqual({ runs: 2, maximumActive: 1 });
  });

  it('logs a failing run and keeps watching; runAtStart runs once at once', async () => {
    const { logger, records } = makeRecordingLogger();
    let runs = 0;
    watcher = watchSeeds(seedsDir, {
      debounceMilliseconds: DEBOUNCE_MILLISECONDS,
      logger,
      runAtStart: true,
      onChange: async () => {
        runs += 1;
        if (runs === 1) throw new Error('disk full');
      },
    });
    await waitFor(() => runs === 1);
    await waitFor(() => records.some((record) => record.level === 50 && String(record.reason).includes('disk full')));
    await writeFile(path.join(seedsDir, 'a.txt'), 'a');
    await waitFor(() => runs === 2);
  });

  it('close waits for the run in progress and stops watching', async () => {
    let finished = false;
    let runs = 0;
    watcher = watchSeeds(seedsDir, {
      debounceMilliseconds: DEBOUNCE_MILLISECONDS,
      logger: makeRecordingLogger().logger,
      runAtStart: true,
      onChange: async () => {
        runs += 1;
        await sleep(200);
        finished = true;
      },
    });
    await waitFor(() => runs === 1);
    await watcher.close();
    expect(finished).toBe(true);
    await writeFile(path.join(seedsDir, 'a.txt'), 'a');
    await sleep(DEBOUNCE_MILLISECONDS * 3);
    expect(runs).toBe(1);
  });

  it('also runs for the files given in alsoWatch, inside the seeds folder or elsewhere, and not for others', async () => {
    const elsewhere = await mkdtemp(path.join(os.tmpdir(), 'seeds-watcher-glossary-'));
    try {
      let runs = 0;
      const debounceMilliseconds = 300;
      const pairs = path.join(seedsDir, 'pairs.tsv');
      const glossary = path.join(elsewhere, 'glossary.tsv');
      watcher = watchSeeds(seedsDir, {
        debounceMilliseconds,
        logger: makeRecordingLogger().logger,
        alsoWatch: [pairs, glossary],
        onChange: async () => void (runs += 1),
      });
      await writeFile(path.join(seedsDir, 'notes.tsv'), 'x');
      await writeFile(path.join(elsewhere, 'other.tsv'), 'x');
      await sleep(debounceMilliseconds * 3);
      expect(runs).toBe(0);
      await writeFile(pairs, 'a.txt#1\t-\n');
      await waitFor(() => runs === 1);
      await writeFile(glossary, 'Qingdao\t青岛\n');
      await waitFor(() => runs === 2);
    } finally {
      await watcher?.close();
      watcher = undefined;
      await rm(elsewhere, { recursive: true, force: true });
    }
  });
});
