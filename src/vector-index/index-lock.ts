/**
 * One writer per index folder. A build holds a lock on `indexDir` while it reads the previous index and
 * writes the new one, so a second writer — `npm run index` while the bot's watch updates, or two watches —
 * waits for the first instead of deleting its build directory (see `index-writer.ts`). Readers never lock:
 * they load `current/`, which a writer replaces atomically.
 *
 * Adapter around `proper-lockfile` (the only file that imports it): the lock is the directory
 * {@link INDEX_LOCK_NAME} inside `indexDir`, created atomically with `mkdir`; its holder touches it every
 * {@link LOCK_UPDATE_MILLISECONDS}, and a lock untouched for {@link LOCK_STALE_MILLISECONDS} (its holder died,
 * e.g. killed mid-build) is taken over. Sooner than that, a lock whose owner (`<lock>.owner`: process id and
 * host, written by the holder) is a process of this host that no longer exists is taken over at once — the
 * usual case of a writer killed with SIGKILL (other exits release the lock).
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import lockfile from 'proper-lockfile';
import { IndexBusyError, throwIfAborted, type Logger } from '../core';

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
  /** Stops the wait for another writer ({@link AbortedError}); default: never. */
  readonly signal?: AbortSignal;
}

function isLocked(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'ELOCKED';
}

/** The holder's identity, written next to the lock directory (proper-lockfile removes the directory with `rmdir`). */
interface LockOwner {
  readonly pid: number;
  readonly host: string;
}

function ownerFile(lockPath: string): string {
  return `${lockPath}.owner`;
}

/** Whether process `pid` exists on this host (signal 0 checks without signalling). */
function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes the lock when its recorded owner is a process of this host that has died.
 * @returns true when it was removed (the caller may lock at once).
 */
async function removeDeadOwnersLock(lockPath: string, logger: Logger): Promise<boolean> {
  let text: string;
  try {
    text = await readFile(ownerFile(lockPath), 'utf8');
  } catch {
    return false;
  }
  let owner: Partial<LockOwner>;
  try {
    owner = JSON.parse(text) as Partial<LockOwner>;
  } catch {
    return false;
  }
  if (owner.host !== os.hostname() || typeof owner.pid !== 'number' || owner.pid === process.pid || processExists(owner.pid)) return false;
  // Re-read right before removing, so a lock another waiter has just taken over is left alone.
  if ((await readFile(ownerFile(lockPath), 'utf8').catch(() => '')) !== text) return false;
  logger.warn({ lockPath, deadPid: owner.pid }, 'index: taking over the write lock of a writer that died');
  await rm(lockPath, { recursive: true, force: true });
  await rm(ownerFile(lockPath), { force: true });
  return true;
}

/**
 * Runs `body` holding the write lock of `indexDir` (created when missing), waiting for another writer first.
 * @returns what `body` returns; the lock is released however `body` ends.
 * @throws {IndexBusyError} when another writer still holds the lock after
 *         `waitMilliseconds`; {@link AbortedError} when `signal` fires while waiting; whatever `body` throws.
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
  const wait = options.waitMilliseconds ?? DEFAULT_LOCK_WAIT_MILLISECONDS;
  const deadline = Date.now() + wait;
  let waiting = false;
  let release: () => Promise<void>;
  for (;;) {
    try {
      release = await lockfile.lock(indexDir, settings);
      break;
    } catch (error) {
      if (!isLocked(error)) throw error;
      if (await removeDeadOwnersLock(settings.lockfilePath, options.logger)) continue;
      if (Date.now() >= deadline) throw new IndexBusyError(indexDir, settings.lockfilePath, wait, { cause: error });
      if (!waiting) options.logger.info({ indexDir, waitMilliseconds: wait }, 'index: another process is writing this index; waiting for it');
      waiting = true;
      throwIfAborted(options.signal, 'Waiting for the index write lock');
      await new Promise((resolve) => setTimeout(resolve, RETRY_MILLISECONDS));
      throwIfAborted(options.signal, 'Waiting for the index write lock');
    }
  }
  const owner: LockOwner = { pid: process.pid, host: os.hostname() };
  try {
    await writeFile(ownerFile(settings.lockfilePath), JSON.stringify(owner));
    return await body();
  } finally {
    await rm(ownerFile(settings.lockfilePath), { force: true });
    await release().catch((error: unknown) => {
      options.logger.warn({ indexDir, reason: String(error) }, 'index: releasing the write lock failed');
    });
  }
}
