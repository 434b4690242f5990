/**
 * One writer per index folder. A build holds a lock on `indexDir` while it reads the previous index and
 * writes the new one, so a second writer — `npm run index` while the bot's watch updates, or two watches —
 * waits for the first instead of deleting its build directory (see `index-store.ts`). Readers never lock:
 * they load `current/`, which a writer replaces atomically.
 *
 * Adapter around `proper-lockfile` (the only file that imports it): the lock is the directory
 * {@link INDEX_LOCK_NAME} inside `indexDir`, created atomically with `mkdir`; its holder touches it every
 * {@link LOCK_UPDATE_MILLISECONDS}, and a lock untouched for {@link LOCK_STALE_MILLISECONDS} (its holder died,
 * e.g. killed mid-build) is taken over.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import lockfile from 'proper-lockfile';
import { IndexBusyError, type Logger } from '../core';

/** Name of the lock directory inside `indexDir`. */
export const INDEX_LOCK_NAME = '.write.lock';
/**
 * A lock not touched for this long belongs to a dead process and is taken over (proper-lockfile's `stale`).
 * Generous, because the holder touches it from a timer and a build has synchronous stretches (inserting
 * every vector into a fresh HNSW graph: ≈ 6 s at 10,000 chunks) during which no timer runs; a writer killed
 * with SIGKILL therefore delays the next one by up to this long (other exits release the lock).
 */
export const LOCK_STALE_MILLISECONDS = 5 * 60_000;
/** How often the holder touches the lock (proper-lockfile's `update`; at most half the stale time). */
export const LOCK_UPDATE_MILLISECONDS = 60_000;
/** How long a second writer waits by default: a full rebuild with a real model can take this long. */
export const DEFAULT_LOCK_WAIT_MILLISECONDS = 60 * 60_000;
const RETRY_MILLISECONDS = 500;

/** Options of {@link withIndexWriteLock}. */
export interface IndexWriteLockOptions {
  /** Receives "waiting for another writer" and a lost lock. */
  readonly logger: Logger;
  /** Longest wait for another writer, in milliseconds; default {@link DEFAULT_LOCK_WAIT_MILLISECONDS}. */
  readonly waitMilliseconds?: number;
}

function isLocked(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'ELOCKED';
}

/**
 * Runs `body` holding the write lock of `indexDir` (created when missing), waiting for another writer first.
 * @returns what `body` returns; the lock is released however `body` ends.
 * @throws {IndexBusyError} when another writer still holds the lock after
 *         `waitMilliseconds`; whatever `body` throws.
 */
export async function withIndexWriteLock<T>(indexDir: string, body: () => Promise<T>, options: IndexWriteLockOptions): Promise<T> {
  await mkdir(indexDir, { recursive: true });
  const settings = {
    lockfilePath: path.join(indexDir, INDEX_LOCK_NAME),
    realpath: false,
    stale: LOCK_STALE_MILLISECONDS,
    update: LOCK_UPDATE_MILLISECONDS,
    // Losing the lock (its directory removed, or not touched in time) must not crash the process: the
    // build's atomic swap still never leaves a broken index; say so.
    onCompromised: (error: Error): void => {
      options.logger.error({ indexDir, reason: error.message }, 'index: the write lock was lost; another writer may be running');
    },
  };
  let release: () => Promise<void>;
  try {
    release = await lockfile.lock(indexDir, settings);
  } catch (error) {
    if (!isLocked(error)) throw error;
    const wait = options.waitMilliseconds ?? DEFAULT_LOCK_WAIT_MILLISECONDS;
    options.logger.info({ indexDir, waitMilliseconds: wait }, 'index: another process is writing this index; waiting for it');
    try {
      release = await lockfile.lock(indexDir, {
        ...settings,
        retries: { retries: Math.max(1, Math.ceil(wait / RETRY_MILLISECONDS)), factor: 1, minTimeout: RETRY_MILLISECONDS, maxTimeout: RETRY_MILLISECONDS },
      });
    } catch (waitError) {
      if (!isLocked(waitError)) throw waitError;
      throw new IndexBusyError(indexDir, settings.lockfilePath, wait, { cause: waitError });
    }
  }
  try {
    return await body();
  } finally {
    await release().catch((error: unknown) => {
      options.logger.warn({ indexDir, reason: String(error) }, 'index: releasing the write lock failed');
    });
  }
}
