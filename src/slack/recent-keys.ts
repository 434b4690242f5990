/**
 * A bounded, expiring set of keys, used to answer each Slack delivery once: Slack redelivers an event it
 * thinks was not acknowledged (same `event_id`, header `X-Slack-Retry-Num`), and one post can arrive as both
 * `app_mention` and `message`. Bolt has no de-duplication of its own.
 */

/** Sizing of a {@link RecentKeys} set. */
export interface RecentKeysOptions {
  /** How long a key is remembered, in milliseconds. Slack's last retry comes about 5 minutes after the first. */
  readonly timeToLiveMilliseconds: number;
  /** Keys kept at most; the oldest are forgotten first. */
  readonly maximumKeys: number;
  /** Clock in milliseconds since the epoch; injectable for tests. Defaults to `Date.now`. */
  readonly now?: () => number;
}

/** An in-memory set whose keys expire after a fixed time and which never holds more than a fixed number. */
export class RecentKeys {
  private readonly expiryByKey = new Map<string, number>();
  private readonly timeToLiveMilliseconds: number;
  private readonly maximumKeys: number;
  private readonly now: () => number;

  /** @throws {RangeError} when the time to live or the maximum is not a positive number. */
  constructor(options: RecentKeysOptions) {
    if (!(options.timeToLiveMilliseconds > 0) || !(options.maximumKeys >= 1)) {
      throw new RangeError(
        `RecentKeys needs a positive timeToLiveMilliseconds and maximumKeys, got ${options.timeToLiveMilliseconds} and ${options.maximumKeys}`,
      );
    }
    this.timeToLiveMilliseconds = options.timeToLiveMilliseconds;
    this.maximumKeys = options.maximumKeys;
    this.now = options.now ?? Date.now;
  }

  /**
   * Records `key` if it is not already remembered.
   * @returns true the first time a key is claimed within its time to live (go ahead), false for a repeat.
   */
  claim(key: string): boolean {
    const now = this.now();
    this.forgetExpired(now);
    const expiry = this.expiryByKey.get(key);
    if (expiry !== undefined && expiry > now) return false;
    this.expiryByKey.set(key, now + this.timeToLiveMilliseconds);
    while (this.expiryByKey.size > this.maximumKeys) {
      const oldest = this.expiryByKey.keys().next();
      if (oldest.done === true) break;
      this.expiryByKey.delete(oldest.value);
    }
    return true;
  }

  /** Whether `key` is remembered and not expired. Does not record it. */
  has(key: string): boolean {
    const expiry = this.expiryByKey.get(key);
    return expiry !== undefined && expiry > this.now();
  }

  /** Number of keys currently remembered (expired ones included until the next claim). */
  get size(): number {
    return this.expiryByKey.size;
  }

  private forgetExpired(now: number): void {
    // Every key gets the same time to live, so insertion order is expiry order: stop at the first live key.
    for (const [key, expiry] of this.expiryByKey) {
      if (expiry > now) break;
      this.expiryByKey.delete(key);
    }
  }
}
