/**
 * Indexing progress on standard error: a cli-progress bar on a terminal, one log line per stage
 * elsewhere (CI logs, pipes).
 */
import cliProgress from 'cli-progress';
import type { BuildProgress } from '../app';
import type { Logger } from '../core';

/** Returns an `onProgress` callback for {@link buildIndex}, drawing a bar when standard error is a TTY. */
export function createBuildProgressReporter(logger: Logger): (progress: BuildProgress) => void {
  const bar = process.stderr.isTTY
    ? new cliProgress.SingleBar(
        { stream: process.stderr, format: 'embedding chunks [{bar}] {value}/{total} ({percentage}%) eta {eta}s', hideCursor: true },
        cliProgress.Presets.shades_classic,
      )
    : null;
  let started = false;
  return (progress) => {
    if (progress.stage === 'embedding') {
      if (bar !== null) {
        if (!started) bar.start(progress.total, progress.done);
        else bar.update(progress.done);
      } else if (!started || progress.done === progress.total) {
        logger.info({ done: progress.done, total: progress.total }, 'embedding chunks');
      }
      started = true;
      return;
    }
    if (progress.stage === 'writing') bar?.stop();
    logger.info({ stage: progress.stage }, `index build: ${progress.stage}`);
  };
}
