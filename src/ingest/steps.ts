/**
 * Parsing as steps: the parser is written as a generator that yields (nothing) after each line and each
 * paragraph, so that the same code runs straight through ({@link runSteps}) or with pauses in which the
 * event loop runs and a time budget or an abort is checked ({@link runStepsCooperatively}) — how a 30 MB
 * file's parse stays stoppable by SIGTERM (issue 16).
 */
import type { Checkpoint } from '../core';

/** Work that yields at the points where it may pause, and returns a `T`. */
export type Steps<T> = Generator<void, T, void>;

/**
 * Runs `steps` to the end without pausing, calling `atStep` at each step.
 * @throws whatever the work or `atStep` throws.
 */
export function runSteps<T>(steps: Steps<T>, atStep: () => void = (): void => {}): T {
  for (;;) {
    const step = steps.next();
    if (step.done === true) return step.value;
    atStep();
  }
}

/**
 * Runs `steps` to the end, calling `atStep` at each step and passing `checkpoint` (which lets the event loop
 * run every slice and throws once its signal fired).
 * @throws whatever the work or `atStep` throws; `AbortedError` from the checkpoint.
 */
export async function runStepsCooperatively<T>(steps: Steps<T>, atStep: () => void, checkpoint: Checkpoint): Promise<T> {
  for (;;) {
    const step = steps.next();
    if (step.done === true) return step.value;
    atStep();
    await checkpoint.pass();
  }
}
