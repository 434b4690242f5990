/**
 * Indexing progress on standard error. On a terminal: one cli-progress bar for the whole build, whose label
 * follows the stage (parsing files → pairing editions → embedding chunks → writing the index), with every
 * log line printed above it rather than through it ({@link terminalLogStream}). Elsewhere (CI logs, pipes):
 * one log line per stage.
 */
import { Writable } from 'node:stream';
import cliProgress from 'cli-progress';
import type { BuildProgress } from '../app';
import type { Logger } from '../core';

/** What the bar shows for each stage, and the unit it counts. */
const STAGE_LABELS: Readonly<Record<BuildProgress['stage'], string>> = {
  parsing: 'parsing newsletters',
  pairing: 'pairing editions  ',
  embedding: 'embedding chunks  ',
  writing: 'writing the index ',
  done: 'index ready       ',
};
const STAGE_UNITS: Readonly<Record<BuildProgress['stage'], string>> = { parsing: 'files', pairing: 'files', embedding: 'chunks', writing: 'chunks', done: 'chunks' };

/** The bar on screen now, if any: log lines go above it while it is. */
let activeBars: cliProgress.MultiBar | null = null;

/**
 * Standard error for the pretty logger on a terminal: a line written while a progress bar is on screen is
 * printed above the bar (cli-progress `MultiBar.log`) instead of over it; otherwise it goes straight out.
 */
export const terminalLogStream = new Writable({
  write(chunk: Buffer | string, _encoding, callback): void {
    const text = typeof chunk === 'string' ? chunk : chunk.toString('utf8');
    if (activeBars === null) process.stderr.write(text);
    else activeBars.log(text.endsWith('\n') ? text : `${text}\n`);
    callback();
  },
});

/** Returns an `onProgress` callback for {@link buildIndex}: the bar on a terminal, log lines elsewhere. */
export function createBuildProgressReporter(logger: Logger): (progress: BuildProgress) => void {
  if (!process.stderr.isTTY) {
    let lastStage: BuildProgress['stage'] | null = null;
    return (progress) => {
      const finished = progress.stage === 'embedding' && progress.total > 0 && progress.done === progress.total;
      if (progress.stage === lastStage && !finished) return;
      lastStage = progress.stage;
      logger.info({ stage: progress.stage, done: progress.done, total: progress.total }, `index build: ${progress.stage}`);
    };
  }
  let bars: cliProgress.MultiBar | null = null;
  let bar: cliProgress.SingleBar | null = null;
  return (progress) => {
    const payload = { stage: STAGE_LABELS[progress.stage], unit: STAGE_UNITS[progress.stage] };
    if (bars === null) {
      bars = new cliProgress.MultiBar(
        { stream: process.stderr, format: '{stage} [{bar}] {value}/{total} {unit} ({percentage}%)', hideCursor: true, clearOnComplete: false, autopadding: true },
        cliProgress.Presets.shades_classic,
      );
      activeBars = bars;
      bar = bars.create(Math.max(progress.total, 1), progress.done, payload);
    }
    bar?.setTotal(Math.max(progress.total, 1));
    bar?.update(progress.stage === 'done' ? Math.max(progress.total, 1) : progress.done, payload);
    if (progress.stage === 'done') {
      // Print the log lines still waiting, then leave the finished bar on screen.
      bars.update();
      bars.stop();
      activeBars = null;
      bars = null;
      bar = null;
    }
  };
}
