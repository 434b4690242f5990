/**
 * The tuning numbers of the shared state store (issue 15), in one frozen object. Each field says where its
 * value comes from.
 */
export const SHARED_STATE_POLICY = Object.freeze({
  /**
   * Milliseconds one store operation may take before it fails with "state store unavailable". It only
   * bounds a Redis that is connected but does not answer (stuck, overloaded, a network black hole): with the
   * connection down, commands fail at once (`enableOfflineQueue: false`). `redis-benchmark -t set,get`
   * (50 clients) on the loaded 2-core dev machine: p50 1.6 ms, p99 25 ms, max 80 ms. Under
   * `npm run bench:slack -- --replicas 2` (100 deliveries at once, load average 12) ioredis's own
   * `commandTimeout` at 500 ms failed about half the questions, and at 2 s still a quarter with the seed
   * assistant: the replies had arrived but waited behind answers being computed. The store's own bound (see
   * `RedisStateStore.guard`) no longer counts that wait; 2 s leaves the asker's reply within seconds when
   * Redis hangs.
   */
  commandTimeoutMilliseconds: 2_000,
  /**
   * Milliseconds to open the TCP (or TLS) connection to Redis (ioredis `connectTimeout`): one or two round
   * trips normally; the same order as the command bound, doubled for the TLS handshake.
   */
  connectTimeoutMilliseconds: 1_000,
  /**
   * Longest wait between reconnection attempts after Redis went away (ioredis `retryStrategy`: 50 ms × attempt,
   * capped here). A restarted Redis is back in about a second; 2 s keeps the gap after its return short
   * without hammering a Redis that stays down.
   */
  maximumReconnectDelayMilliseconds: 2_000,
  /**
   * How long answer records (behind "Show original", feedback and "Share") live in Redis, in milliseconds.
   * 7 days: the in-process store keeps the last 2,000 answers, which a team asking ~100 questions a day
   * fills in about three weeks; a week covers a click on last week's answer while bounding memory. After
   * expiry the buttons fall back to what their own value carries, as after a restart today.
   */
  answerRecordTimeToLiveMilliseconds: 7 * 24 * 60 * 60 * 1000,
  /**
   * How long a thread's turns live in Redis after its last answer, in milliseconds: 24 hours, the time the
   * in-process store keeps a thread "engaged" (follow-ups answered without a mention).
   */
  threadTimeToLiveMilliseconds: 24 * 60 * 60 * 1000,
  /**
   * Entries kept in the Redis feedback stream (`XADD … MAXLEN ~`). A team clicks a few feedback buttons a day;
   * 100,000 entries are decades of that at about 2 KB each (200 MB at most), and trimming is approximate (`~`).
   */
  feedbackStreamMaximumLength: 100_000,
  /**
   * In-process de-duplication of the "state store unavailable" reply while Redis is down: how long this
   * replica remembers that it already sent that reply for a message, in milliseconds. One hour, the
   * de-duplication window of deliveries (Slack's last retry comes about 5 minutes after the first).
   */
  outageReplyMemoryMilliseconds: 60 * 60 * 1000,
  /**
   * Messages remembered for that purpose at most (oldest forgotten first): 10,000, the bound of the in-process
   * de-duplication of deliveries, far above the questions an outage of minutes brings.
   */
  outageReplyMemoryKeys: 10_000,
});

/** The shape of {@link SHARED_STATE_POLICY}. */
export type SharedStatePolicy = { readonly [Field in keyof typeof SHARED_STATE_POLICY]: number };
