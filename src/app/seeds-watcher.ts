/**
 * Watches the seeds folder (Node's `fs.watch`, recursive) and calls back once things settle: every change
 * to a newsletter file restarts a debounce timer; when it fires the callback runs, never two at once —
 * changes during a run schedule one more run after it.
 */
import { watch } from 'node:fs';
import path from 'node:path';
import { toAssistantError, type Logger } from '../core';
import { NEWSLETTER_EXTENSIONS } from '../ingest';

/** Options of {@link watchSeeds}. */
export interface WatchSeedsOptions {
  /** Quiet time after the last change before `onChange` runs, in milliseconds (e.g. 1500). */
  readonly debounceMilliseconds: number;
  /** Runs after changes settle; what it throws is logged and watching goes on. */
  readonly onChange: () => Promise<void>;
  readonly logger: Logger;
  /**
   * Also run `onChange` once right after watching starts, to catch changes made before it began (e.g.
   * while the initial index was being built). Default false.
   */
  readonly runAtStart?: boolean;
}

/** A running watch. */
export interface SeedsWatcher {
  /** Stops watching and waits for a running `onChange` to finish. */
  close(): Promise<void>;
}

/** Whether a changed path concerns the newsletters (the file types the loader reads); unknown paths do. */
function isNewsletterPath(filename: string | null): boolean {
  return filename === null || NEWSLETTER_EXTENSIONS.includes(path.extname(filename).toLowerCase());
}

/**
 * Watches `seedsDir` for added, changed, renamed and removed newsletter files.
 * @throws the file system's error (e.g. ENOENT) when `seedsDir` cannot be watched.
 */
export function watchSeeds(seedsDir: string, options: WatchSeedsOptions): SeedsWatcher {
  const { logger } = options;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | null = null;
  let pending = false;
  let closed = false;

  const run = (): void => {
    timer = undefined;
    if (closed) return;
    if (running !== null) {
      pending = true;
      return;
    }
    running = options
      .onChange()
      .catch((error: unknown) => {
        const wrapped = toAssistantError(error);
        logger.error({ code: wrapped.code, reason: wrapped.message }, 'seeds watch: update failed; the previous index keeps answering');
      })
      .finally(() => {
        running = null;
        if (pending && !closed) {
          pending = false;
          schedule();
        }
      });
  };
  const schedule = (): void => {
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(run, options.debounceMilliseconds);
  };

  const watcher = watch(seedsDir, { recursive: true }, (_event, filename) => {
    if (!closed && isNewsletterPath(filename)) schedule();
  });
  watcher.on('error', (error) => {
    logger.error({ seedsDir, reason: error.message }, 'seeds watch: the watcher failed');
  });
  logger.info({ seedsDir, debounceMilliseconds: options.debounceMilliseconds }, 'watching the seeds folder');
  if (options.runAtStart === true) run();
  return {
    close: async () => {
      closed = true;
      if (timer !== undefined) clearTimeout(timer);
      watcher.close();
      await running;
    },
  };
}
