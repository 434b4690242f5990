/**
 * Cooperative stopping of long synchronous work (issue 16): JavaScript signal handlers (SIGTERM, SIGINT)
 * and timers run only when the event loop gets a turn, so a build that parses, chunks, embeds and writes
 * in long synchronous stretches would not see an abort until it finished. A {@link Checkpoint} gives the
 * event loop a turn every {@link CHECKPOINT_POLICY.sliceMilliseconds} and throws once the signal fired.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import { AbortedError } from './errors';

/** How often long work lets the event loop run. */
export const CHECKPOINT_POLICY = Object.freeze({
  /**
   * Milliseconds of synchronous work between two turns of the event loop. 50 ms keeps a SIGTERM's delay far
   * below a second while one turn (`setImmediate`, ≈ 0.01–0.1 ms) costs under 0.2 % of the work.
   */
  sliceMilliseconds: 50,
});

/** The text an abort reason is reported with: a signal's name (`SIGTERM`), an error's message, or the value. */
export function abortReasonText(signal: AbortSignal): string {
  const reason: unknown = signal.reason;
  if (reason instanceof Error) return reason.name === 'AbortError' ? 'aborted' : reason.message;
  return typeof reason === 'string' ? reason : 'aborted';
}

/**
 * Throws {@link AbortedError} for `operation` when `signal` has fired.
 * @throws {AbortedError} naming `operation` and the abort reason.
 */
export function throwIfAborted(signal: AbortSignal | undefined, operation: string): void {
  if (signal?.aborted === true) throw new AbortedError(operation, abortReasonText(signal));
}

/**
 * A point where long work may pause for the event loop and stop. Call {@link Checkpoint.pass} between steps
 * or batches: it returns at once inside a time slice, else yields one turn; either way it throws when the
 * signal fired.
 */
export class Checkpoint {
  private sliceStarted = performance.now();

  /**
   * @param signal - the abort signal; undefined = never aborts (the checkpoint still yields).
   * @param operation - what is stopped, for the error message, e.g. `Index build`.
   */
  constructor(
    private readonly signal: AbortSignal | undefined,
    private readonly operation: string,
  ) {}

  /**
   * Yields to the event loop when the current slice is over, then checks the signal.
   * @throws {AbortedError} when the signal has fired.
   */
  async pass(): Promise<void> {
    throwIfAborted(this.signal, this.operation);
    if (performance.now() - this.sliceStarted < CHECKPOINT_POLICY.sliceMilliseconds) return;
    await nextTurn();
    this.sliceStarted = performance.now();
    throwIfAborted(this.signal, this.operation);
  }

  /** Throws when the signal has fired, without yielding (inside synchronous code). */
  check(): void {
    throwIfAborted(this.signal, this.operation);
  }
}
