/**
 * The read-only replica's pick-up of an index another process wrote: the live manifest is polled, a new
 * `current/` swapped in by rename triggers one reload, an unchanged manifest (touched, same content) none.
 */
import { mkdir, mkdtemp, rename, rm, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { watchIndexManifest, type IndexWatcher } from '../../src/app';
import { createSilentLogger } from '../../src/core';

const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));
let folder: string | undefined;
let watcher: IndexWatcher | undefined;

afterEach(async () => {
  await watcher?.close();
  if (folder !== undefined) await rm(folder, { recursive: true, force: true });
  watcher = undefined;
  folder = undefined;
});

/** Writes a new index folder with `manifest` and swaps it in as `current/`, as a build does. */
async function swapIn(indexDir: string, manifest: string): Promise<void> {
  const building = path.join(indexDir, `.build-${Date.now()}`);
  await mkdir(building, { recursive: true });
  await writeFile(path.join(building, 'manifest.json'), manifest);
  await rm(path.join(indexDir, 'previous'), { recursive: true, force: true });
  await rename(path.join(indexDir, 'current'), path.join(indexDir, 'previous')).catch(() => undefined);
  await rename(building, path.join(indexDir, 'current'));
}

describe('watchIndexManifest', () => {
  it('reloads once per new index written by another process, not for the index present at start or a touched manifest', async () => {
    folder = await mkdtemp(path.join(os.tmpdir(), 'index-watch-'));
    await swapIn(folder, '{"version":1}');
    let reloads = 0;
    watcher = watchIndexManifest({ indexDir: folder, logger: createSilentLogger(), pollIntervalMilliseconds: 30, onChange: async () => void (reloads += 1) });
    await sleep(150);
    expect(reloads).toBe(0);
    await swapIn(folder, '{"version":2}');
    await sleep(200);
    expect(reloads).toBe(1);
    const future = new Date(Date.now() + 60_000);
    await utimes(path.join(folder, 'current', 'manifest.json'), future, future);
    await sleep(200);
    expect(reloads).toBe(1);
    await swapIn(folder, '{"version":3}');
    await sleep(200);
    expect(reloads).toBe(2);
  });

  it('waits for an index that does not exist yet and reloads when it appears', async () => {
    folder = await mkdtemp(path.join(os.tmpdir(), 'index-watch-'));
    let reloads = 0;
    watcher = watchIndexManifest({ indexDir: folder, logger: createSilentLogger(), pollIntervalMilliseconds: 30, onChange: async () => void (reloads += 1) });
    await sleep(100);
    await swapIn(folder, '{"version":1}');
    await sleep(200);
    expect(reloads).toBe(1);
  });
});
