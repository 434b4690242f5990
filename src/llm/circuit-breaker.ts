/**
 * A circuit breaker for the LLM server: after `failureThreshold` consecutive failed calls (timeouts, connection
 * errors, HTTP 5xx) it opens, and calls are refused at once — the answerer then answers extractively without
 * waiting — for `cooldownMs`; then it is half-open and lets one trial call through: success closes it, failure
 * opens it again for another cool-down. The pattern of Nygard's "Release It!" (closed / open / half-open).
 *
 * No circuit-breaker library is installed (`opossum`, `cockatiel`); this is the small part of one the LLM needs.
 */
import type { Logger } from '../core';

/** `closed`: calls go through; `open`: calls are refused; `half-open`: one trial call goes through. */
export type LlmCircuitState = 'closed' | 'open' | 'half-open';

/** What the health endpoint reports about the LLM's circuit. */
export interface LlmCircuitSnapshot {
  readonly state: LlmCircuitState;
  /** Failed calls in a row since the last success. */
  readonly consecutiveFailures: number;
  /** ISO 8601 time the circuit last opened; null while closed. */
  readonly openedAt: string | null;
  /** Milliseconds a refused call waits before the next trial; 0 unless open. */
  readonly retryInMs: number;
}

/** Settings of {@link LlmCircuitBreaker}. */
export interface LlmCircuitBreakerOptions {
  /** Consecutive failed calls that open the circuit, at least 1 (`LLM_CIRCUIT_FAILURES`). */
  readonly failureThreshold: number;
  /** Milliseconds the circuit stays open before a trial call (`LLM_CIRCUIT_COOLDOWN_MS`). */
  readonly cooldownMs: number;
  /** Printable LLM id for the log lines. */
  readonly llm: string;
  readonly logger: Logger;
  /** Clock in milliseconds since the epoch; `Date.now` by default (tests may step it). */
  readonly now?: () => number;
}

/** A permission to call, from {@link LlmCircuitBreaker.tryAcquire}; report how the call ended exactly once. */
export interface LlmCallPermit {
  /** The server answered (any answer that is not a counted failure: text, or an HTTP 4xx). */
  succeeded(): void;
  /** The call failed in a way that counts: timeout, connection error, HTTP 5xx. */
  failed(): void;
  /** The call ended without telling anything about the server (the caller aborted, or stopped reading early). */
  released(): void;
}

/**
 * The breaker. Logs one `warn` line when it opens and one `info` line when it closes again; refused calls and
 * a failed trial (which only re-opens it) log at `debug`.
 */
export class LlmCircuitBreaker {
  readonly #options: LlmCircuitBreakerOptions;
  readonly #now: () => number;
  #state: LlmCircuitState = 'closed';
  #failures = 0;
  #openedAt: number | null = null;
  #trialInFlight = false;

  constructor(options: LlmCircuitBreakerOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
  }

  /** The state now (an open circuit whose cool-down is over reads as half-open). */
  snapshot(): LlmCircuitSnapshot {
    const state = this.#currentState();
    const retryInMs = state === 'open' && this.#openedAt !== null ? Math.max(0, this.#openedAt + this.#options.cooldownMs - this.#now()) : 0;
    return {
      state,
      consecutiveFailures: this.#failures,
      openedAt: this.#openedAt === null ? null : new Date(this.#openedAt).toISOString(),
      retryInMs,
    };
  }

  /**
   * A permit to call the LLM, or null when the call must not be made: the circuit is open, or half-open with
   * its trial call already in flight.
   */
  tryAcquire(): LlmCallPermit | null {
    const state = this.#currentState();
    if (state === 'open' || (state === 'half-open' && this.#trialInFlight)) return null;
    const trial = state === 'half-open';
    if (trial) {
      this.#state = 'half-open';
      this.#trialInFlight = true;
    }
    let settled = false;
    const settle = (outcome: 'succeeded' | 'failed' | 'released'): void => {
      if (settled) return;
      settled = true;
      if (trial) this.#trialInFlight = false;
      if (outcome === 'succeeded') this.#recordSuccess();
      else if (outcome === 'failed') this.#recordFailure(trial);
    };
    return { succeeded: () => settle('succeeded'), failed: () => settle('failed'), released: () => settle('released') };
  }

  /**
   * Opens the circuit now, whatever the count (the start-up check could not reach the server): questions are
   * answered extractively until the cool-down ends and a trial call succeeds.
   */
  open(reason: string): void {
    if (this.#currentState() === 'open') return;
    this.#failures = Math.max(this.#failures, this.#options.failureThreshold);
    this.#openNow(reason);
  }

  #currentState(): LlmCircuitState {
    if (this.#state === 'open' && this.#openedAt !== null && this.#now() - this.#openedAt >= this.#options.cooldownMs) return 'half-open';
    return this.#state;
  }

  #recordSuccess(): void {
    const wasClosed = this.#state === 'closed';
    this.#failures = 0;
    this.#state = 'closed';
    this.#openedAt = null;
    if (!wasClosed) this.#options.logger.info({ llm: this.#options.llm }, 'LLM circuit closed: the LLM answers again, answers are generated again');
  }

  #recordFailure(trial: boolean): void {
    this.#failures += 1;
    if (trial) {
      this.#state = 'open';
      this.#openedAt = this.#now();
      this.#options.logger.debug({ llm: this.#options.llm, consecutiveFailures: this.#failures }, 'LLM circuit trial call failed; staying open');
      return;
    }
    if (this.#state === 'closed' && this.#failures >= this.#options.failureThreshold) this.#openNow(`${this.#failures} consecutive failed calls`);
  }

  #openNow(reason: string): void {
    this.#state = 'open';
    this.#openedAt = this.#now();
    this.#options.logger.warn(
      { llm: this.#options.llm, consecutiveFailures: this.#failures, cooldownMs: this.#options.cooldownMs, reason },
      'LLM circuit open: answering extractively without calling the LLM until a trial call succeeds',
    );
  }
}
