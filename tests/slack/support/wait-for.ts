/** Bounded polling for asynchronous effects (Bolt runs listeners after acknowledging the HTTP request). */

/** Options of {@link waitFor}. */
export interface WaitForOptions {
  /** Give up after this many milliseconds. Default 5000. */
  readonly timeoutMilliseconds?: number;
  /** Poll every this many milliseconds. Default 10. */
  readonly intervalMilliseconds?: number;
}

/**
 * Polls `probe` until it returns a value other than `undefined`, and returns that value.
 * @throws {Error} naming `description` when the timeout passes first.
 */
export async function waitFor<Value>(
  description: string,
  probe: () => Value | undefined,
  options: WaitForOptions = {},
): Promise<Value> {
  const timeout = options.timeoutMilliseconds ?? 5000;
  const interval = options.intervalMilliseconds ?? 10;
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeout} ms waiting for ${description}`);
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
}

/** A promise with its resolve function exposed, for holding a fake's answer until a test releases it. */
export class Gate {
  readonly opened: Promise<void>;
  private release: () => void = () => {};

  constructor() {
    this.opened = new Promise<void>((resolve) => {
      this.release = resolve;
    });
  }

  open(): void {
    this.release();
  }
}
