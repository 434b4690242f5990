/**
 * Picks up an index that ANOTHER process wrote (the one writer, e.g. `npm run index` under the index lock,
 * or the writer replica), for replicas that load the index read-only (`INDEX_READ_ONLY=true`). A build
 * swaps `current/` by rename (see `src/vector-index/index-writer.ts`), so a watch on the folder would follow
 * the old one: this polls `<indexDir>/current/manifest.json` instead — its size and mtime each interval, and
 * its SHA-256 when they changed — and calls `onChange` when the content differs from what was last seen.
 */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '../core';
import { CURRENT_INDEX_DIR, MANIFEST_FILE } from '../vector-index/index-check';

/** The watcher's timing. */
export const INDEX_WATCH_POLICY = Object.freeze({
  /**
   * Milliseconds between two looks at the manifest. A `stat` costs microseconds; 5 s means a replica serves
   * a new index within about 5 s of its build finishing, which is short next to the build itself (about 12 s
   * for the seeds, minutes at 100×, issue 15) and to how often newsletters change (weekly).
   */
  pollIntervalMilliseconds: 5_000,
});

/** What {@link watchIndexManifest} needs. */
export interface WatchIndexOptions {
  readonly indexDir: string;
  readonly logger: Logger;
  /** Called (one at a time) when the manifest's content changed; a rejection is logged and retried at the next change. */
  readonly onChange: () => Promise<void>;
  /** Default {@link INDEX_WATCH_POLICY.pollIntervalMilliseconds}. */
  readonly pollIntervalMilliseconds?: number;
}

/** A running watch. */
export interface IndexWatcher {
  /** Stops polling and waits for a running `onChange`. */
  close(): Promise<void>;
}

/**
 * Starts polling the live index's manifest; the content present now is the baseline (no call for it).
 * Never throws: a missing or unreadable manifest (mid-swap) is retried at the next interval.
 */
export function watchIndexManifest(options: WatchIndexOptions): IndexWatcher {
  const manifestPath = path.join(options.indexDir, CURRENT_INDEX_DIR, MANIFEST_FILE);
  let lastStat: string | null = null;
  let lastHash: string | null = null;
  let running: Promise<void> = Promise.resolve();
  let busy = false;
  let closed = false;

  const look = async (first: boolean): Promise<void> => {
    let statKey: string;
    try {
      const info = await stat(manifestPath);
      statKey = `${info.size}:${info.mtimeMs}:${info.ino}`;
      if (statKey === lastStat) return;
      const hash = createHash('sha256').update(await readFile(manifestPath)).digest('hex');
      lastStat = statKey;
      if (hash === lastHash) return;
      const changed = lastHash !== null || !first;
      lastHash = hash;
      if (!changed) return;
    } catch {
      return; // Mid-swap or not built yet: look again next time.
    }
    options.logger.info({ manifest: manifestPath }, 'the index changed on disk; reloading it');
    try {
      await options.onChange();
    } catch (error) {
      options.logger.error({ error: error instanceof Error ? error.message : String(error) }, 'could not load the new index; the previous one keeps answering');
    }
  };

  running = look(true);
  const timer = setInterval(() => {
    if (busy || closed) return;
    busy = true;
    running = look(false).finally(() => {
      busy = false;
    });
  }, options.pollIntervalMilliseconds ?? INDEX_WATCH_POLICY.pollIntervalMilliseconds);
  timer.unref();
  return {
    async close(): Promise<void> {
      closed = true;
      clearInterval(timer);
      await running;
    },
  };
}
