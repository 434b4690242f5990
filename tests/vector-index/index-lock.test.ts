/**
 * One writer per index folder (`withIndexWriteLock`, proper-lockfile underneath): a second writer waits for
 * the first, gives up with IndexBusyError after its wait, takes over a lock its dead holder left behind, and
 * the lock is released however the body ends. Real lock directories on a temp folder.
 */
import { spawn } from 'node:child_process';
import { mkdir, readdir, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AbortedError, IndexBusyError } from '../../src/core';
import { INDEX_LOCK_NAME, LOCK_STALE_MILLISECONDS, withIndexWriteLock } from '../../src/vector-index';
import { caught } from '../support/caught';
import { makeRecordingLogger, useTempIndexDir } from './support/fixtures';

const folder = useTempIndexDir();

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve: () => void = () => undefined;
  const promise = new Promise<void>((settle) => {
    resolve = settle;
  });
  return { promise, resolve };
}

describe('withIndexWriteLock', () => {
  it('makes a second writer wait until the first has finished', async () => {
    const { logger, records } = makeRecordingLogger();
    const events: string[] = [];
    const gate = deferred();
    const first = withIndexWriteLock(
      folder.indexDir,
      async () => {
        events.push('first start');
        await gate.promise;
        events.push('first end');
      },
      { logger },
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    const second = withIndexWriteLock(folder.indexDir, async () => void events.push('second'), { logger, waitMilliseconds: 10_000 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(events).toEqual(['first start']);
    gate.resolve();
    await Promise.all([first, second]);
    expect(events).toEqual(['first start', 'first end', 'second']);
    expect(records.some((record) => record.msg === 'index: another process is writing this index; waiting for it')).toBe(true);
    expect(await readdir(folder.indexDir)).toEqual([]);
  });

  it('gives up with IndexBusyError after its wait, naming the lock; the holder is unaffected', async () => {
    const { logger } = makeRecordingLogger();
    const gate = deferred();
    const holder = withIndexWriteLock(folder.indexDir, () => gate.promise.then(() => 'done'), { logger });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const error = await caught(withIndexWriteLock(folder.indexDir, async () => 'never', { logger, waitMilliseconds: 600 }));
    expect(error).toBeInstanceOf(IndexBusyError);
    expect((error as IndexBusyError).message).toContain(path.join(folder.indexDir, INDEX_LOCK_NAME));
    gate.resolve();
    expect(await holder).toBe('done');
  });

  it('stops waiting with AbortedError when its signal fires (SIGTERM while another writer holds the lock; issue 16)', async () => {
    const { logger } = makeRecordingLogger();
    const gate = deferred();
    const holder = withIndexWriteLock(folder.indexDir, () => gate.promise.then(() => 'done'), { logger });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const controller = new AbortController();
    let ran = false;
    const waiter = withIndexWriteLock(folder.indexDir, async () => void (ran = true), { logger, signal: controller.signal });
    setTimeout(() => controller.abort('SIGTERM'), 200);
    const started = performance.now();
    const error = await caught(waiter);
    expect(error).toBeInstanceOf(AbortedError);
    expect((error as AbortedError).reason).toBe('SIGTERM');
    // The default wait is an hour; the abort ends it at the next retry (every 500 ms).
    expect(performance.now() - started).toBeLessThan(2000);
    expect(ran).toBe(false);
    gate.resolve();
    expect(await holder).toBe('done');
  });

  it('takes over a lock left by a dead writer (untouched for longer than the stale time) without waiting', async () => {
    await mkdir(path.join(folder.indexDir, INDEX_LOCK_NAME), { recursive: true });
    const old = new Date(Date.now() - 2 * LOCK_STALE_MILLISECONDS);
    await utimes(path.join(folder.indexDir, INDEX_LOCK_NAME), old, old);
    const { logger, records } = makeRecordingLogger();
    expect(await withIndexWriteLock(folder.indexDir, async () => 42, { logger, waitMilliseconds: 1000 })).toBe(42);
    expect(records.some((record) => String(record.msg).includes('waiting'))).toBe(false);
  });

  it('takes over at once a lock whose owner, a process of this host, has died (a writer killed with SIGKILL)', async () => {
    const child = spawn(process.execPath, ['-e', '']);
    const deadPid = child.pid as number;
    await new Promise((resolve) => child.once('exit', resolve));
    await mkdir(path.join(folder.indexDir, INDEX_LOCK_NAME), { recursive: true });
    await writeFile(path.join(folder.indexDir, `${INDEX_LOCK_NAME}.owner`), JSON.stringify({ pid: deadPid, host: os.hostname() }));
    const { logger, records } = makeRecordingLogger();
    expect(await withIndexWriteLock(folder.indexDir, async () => 'taken over', { logger, waitMilliseconds: 1000 })).toBe('taken over');
    expect(records.find((record) => record.msg === 'index: taking over the write lock of a writer that died')).toMatchObject({ deadPid });
    expect(await readdir(folder.indexDir)).toEqual([]);
  });

  it('waits for a live owner of this host even when its lock is recorded', async () => {
    await mkdir(path.join(folder.indexDir, INDEX_LOCK_NAME), { recursive: true });
    // This test runner's own parent is alive.
    await writeFile(path.join(folder.indexDir, `${INDEX_LOCK_NAME}.owner`), JSON.stringify({ pid: process.ppid, host: os.hostname() }));
    const { logger } = makeRecordingLogger();
    expect(await caught(withIndexWriteLock(folder.indexDir, async () => 'never', { logger, waitMilliseconds: 700 }))).toBeInstanceOf(IndexBusyError);
  });

  it('releases the lock when the body throws', async () => {
    const { logger } = makeRecordingLogger();
    const error = await caught(withIndexWriteLock(folder.indexDir, async () => Promise.reject(new Error('build failed')), { logger }));
    expect((error as Error).message).toBe('build failed');
    expect(await withIndexWriteLock(folder.indexDir, async () => 'again', { logger, waitMilliseconds: 500 })).toBe('again');
  });
});
