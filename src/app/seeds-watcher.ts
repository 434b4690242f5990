/**
 * Watches the seeds folder (Node's `fs.watch`, recursive) and calls back once things settle: every change
 * to a newsletter file restarts a debounce timer; when it fires the callback runs, never two at once —
 * changes during a run schedule one more run after it.
 */
import { existsSync, watch, type FSWatcher } from 'node:fs';
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
  /**
   * Other files whose changes count too (absolute paths: the glossary and the pair overrides, which the
   * articles' pairing reads). One inside `seedsDir` is seen by the folder's watch; for one elsewhere its
   * folder is watched too, when it exists (a file in a folder created later is picked up by the next
   * `npm run index` or start). Default none.
   */
  readonly alsoWatch?: readonly string[];
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
 * Watches `seedsDir` for added, changed, renamed and removed newsletter files (and `alsoWatch`).
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

  const extras = new Set((options.alsoWatch ?? []).map((file) => path.resolve(file)));
  const root = path.resolve(seedsDir);
  const watchers: FSWatcher[] = [];
  const onError = (directory: string) => (error: Error): void => {
    logger.error({ directory, reason: error.message }, 'seeds watch: the watcher failed');
  };
  const seedsWatcher = watch(seedsDir, { recursive: true }, (_event, filename) => {
    if (!closed && (isNewsletterPath(filename) || (filename !== null && extras.has(path.resolve(root, filename))))) schedule();
  });
  seedsWatcher.on('error', onError(seedsDir));
  watchers.push(seedsWatcher);
  const outside = [...extras].filter((file) => path.relative(root, file).startsWith('..') || path.isAbsolute(path.relative(root, file)));
  for (const directory of new Set(outside.map((file) => path.dirname(file)))) {
    if (!existsSync(directory)) continue;
    const names = new Set(outside.filter((file) => path.dirname(file) === directory).map((file) => path.basename(file)));
    const extraWatcher = watch(directory, (_event, filename) => {
      if (!closed && (filename === null || names.has(filename))) schedule();
    });
    extraWatcher.on('error', onError(directory));
    watchers.push(extraWatcher);
  }
  logger.info({ seedsDir, debounceMilliseconds: options.debounceMilliseconds }, 'watching the seeds folder');
  if (options.runAtStart === true) run();
  return {
    close: async () => {
      closed = true;
      if (timer !== undefined) clearTimeout(timer);
      for (const watcher of watchers) watcher.close();
      await running;
    },
  };
}
