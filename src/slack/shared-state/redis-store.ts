/**
 * The Redis {@link SlackStateStore} (`REDIS_URL`), shared by every replica of the bot. Keys, all under the
 * configured prefix (`REDIS_KEY_PREFIX`, ioredis `keyPrefix`):
 * - `claim:<key>` — `SET 1 NX PX <ttl>`: one delivery / message / interaction handled once across replicas;
 * - `ratelimit:<user>` — rate-limiter-flexible's `RateLimiterRedis` counter (expires with the window);
 * - `thread:<channel>:<threadTs>` — list of JSON turns: `RPUSH` + `LTRIM` to the per-thread cap + `PEXPIRE`
 *   (`threadTimeToLiveMilliseconds` after the last answer), in one `MULTI`;
 * - `answer:<id>` — the answer record as JSON, `PX answerRecordTimeToLiveMilliseconds`;
 * - `feedback` — a stream: `XADD feedback MAXLEN ~ <n> * record <json>`.
 *
 * Feedback goes to the stream rather than to the JSON Lines file: every replica reaches Redis, while a file
 * shared by replicas needs a shared volume, and appends from several hosts to one file (NFS) are not atomic.
 * `npm run feedback:export` writes the stream as the JSON Lines file `npm run eval -- --feedback` reads.
 *
 * Outage: every command fails after `commandTimeoutMilliseconds`, without queueing while disconnected
 * (`enableOfflineQueue: false`, `maxRetriesPerRequest: 0`); the client reconnects in the background. A failed
 * operation rejects with {@link StateStoreUnavailableError}, whose message names the URL without its password.
 */
import { Redis } from 'ioredis';
import { RateLimiterRedis } from 'rate-limiter-flexible';
import type { ConversationTurn } from '../../answer/types';
import { printableUrl, redactSecrets, StateStoreUnavailableError, type Logger } from '../../core';
import type { FeedbackRecord } from '../../eval';
import type { RateLimitDecision } from '../access-policy';
import type { AnswerRecord } from '../answer-records';
import { consumeRateLimit, rateLimiterOptions } from './rate-limit';
import { SHARED_STATE_POLICY, type SharedStatePolicy } from './shared-state-policy';
import { threadKey, type SlackStateStore, type StateStoreLimits } from './state-store';

/** Where the Redis store connects and how it is bounded. */
export interface RedisStateStoreOptions {
  /** `redis://` or `rediss://` URL; may hold a password (never logged). */
  readonly url: string;
  /** Prefix of every key, e.g. `newsletter:`. */
  readonly keyPrefix: string;
  readonly limits: StateStoreLimits;
  readonly logger: Logger;
  /** Time bounds and expiries; default {@link SHARED_STATE_POLICY}. Tests shorten them. */
  readonly policy?: Partial<SharedStatePolicy>;
}

/** ioredis `commandTimeout` as a multiple of the policy's bound (see `guard`). */
const BACKSTOP_FACTOR = 5;

/** Name of the feedback stream (under the key prefix). */
export const FEEDBACK_STREAM_KEY = 'feedback';

/** State in Redis; see the module comment for keys and outage behaviour. */
export class RedisStateStore implements SlackStateStore {
  readonly kind = 'redis' as const;
  readonly client: Redis;
  private readonly policy: SharedStatePolicy;
  private readonly limiter: RateLimiterRedis | null;
  private readonly secrets: readonly string[];
  private readonly where: string;
  private reachable = false;
  /** Whether an outage was logged since the last `ready` (one warning per outage, not one per reconnection attempt). */
  private outageLogged = false;
  private closed = false;

  constructor(private readonly options: RedisStateStoreOptions) {
    this.policy = { ...SHARED_STATE_POLICY, ...options.policy };
    const parsed = new URL(options.url);
    this.secrets = [decodeURIComponent(parsed.password), parsed.password].filter((secret) => secret !== '');
    this.where = printableUrl(options.url);
    const maximumDelay = this.policy.maximumReconnectDelayMilliseconds;
    this.client = new Redis(options.url, {
      keyPrefix: options.keyPrefix,
      // A backstop that clears commands a hung Redis never answers; the bound callers see is guard()'s.
      commandTimeout: this.policy.commandTimeoutMilliseconds * BACKSTOP_FACTOR,
      connectTimeout: this.policy.connectTimeoutMilliseconds,
      maxRetriesPerRequest: 0,
      enableOfflineQueue: false,
      retryStrategy: (attempt: number) => Math.min(50 * attempt, maximumDelay),
    });
    this.client.on('ready', () => {
      if (!this.reachable) options.logger.info({ redis: this.where }, 'shared state store (Redis) reachable');
      this.reachable = true;
      this.outageLogged = false;
    });
    this.client.on('error', (error: unknown) => {
      // ioredis reports every failed reconnection attempt: log the outage once, not once per attempt.
      if (!this.outageLogged) options.logger.warn({ redis: this.where, error: this.describe(error) }, 'shared state store (Redis) unreachable');
      this.outageLogged = true;
      this.reachable = false;
    });
    this.limiter =
      options.limits.rateLimitQuestions === 0
        ? null
        : new RateLimiterRedis({ ...rateLimiterOptions(options.limits, 'ratelimit'), storeClient: this.client, rejectIfRedisNotReady: true });
  }

  /**
   * Waits until the connection is ready, at most `timeoutMilliseconds`.
   * @returns whether Redis is reachable (false: operations fail until it is; the client keeps reconnecting).
   */
  async waitUntilReady(timeoutMilliseconds: number): Promise<boolean> {
    if (this.client.status === 'ready') return true;
    return new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => {
        this.client.off('ready', onReady);
        resolve(false);
      }, timeoutMilliseconds);
      const onReady = (): void => {
        clearTimeout(timer);
        resolve(true);
      };
      this.client.once('ready', onReady);
    });
  }

  claim(key: string, ttlMilliseconds: number): Promise<boolean> {
    return this.guard('claim', async () => (await this.client.set(`claim:${key}`, '1', 'PX', Math.max(1, Math.round(ttlMilliseconds)), 'NX')) === 'OK');
  }

  has(key: string): Promise<boolean> {
    return this.guard('has', async () => (await this.client.exists(`claim:${key}`)) === 1);
  }

  takeRateLimit(user: string): Promise<RateLimitDecision> {
    const limiter = this.limiter;
    if (limiter === null) return Promise.resolve({ allowed: true });
    return this.guard('rate-limit', () => consumeRateLimit(limiter, user));
  }

  threadTurns(channel: string, threadTs: string): Promise<readonly ConversationTurn[]> {
    return this.guard('thread-turns', async () => {
      const items = await this.client.lrange(`thread:${threadKey(channel, threadTs)}`, 0, -1);
      return items.map((item) => JSON.parse(item) as ConversationTurn);
    });
  }

  appendThreadTurn(channel: string, threadTs: string, turn: ConversationTurn): Promise<void> {
    return this.guard('thread-append', async () => {
      const key = `thread:${threadKey(channel, threadTs)}`;
      const results = await this.client
        .multi()
        .rpush(key, JSON.stringify(turn))
        .ltrim(key, -this.options.limits.maximumTurnsPerThread, -1)
        .pexpire(key, this.policy.threadTimeToLiveMilliseconds)
        .exec();
      const failed = results?.find(([error]) => error !== null);
      if (results === null || failed !== undefined) throw failed?.[0] ?? new Error('MULTI aborted');
    });
  }

  hasThread(channel: string, threadTs: string): Promise<boolean> {
    return this.guard('thread-exists', async () => (await this.client.exists(`thread:${threadKey(channel, threadTs)}`)) === 1);
  }

  putAnswer(record: AnswerRecord): Promise<void> {
    return this.guard('answer-put', async () => {
      await this.client.set(`answer:${record.id}`, JSON.stringify(record), 'PX', this.policy.answerRecordTimeToLiveMilliseconds);
    });
  }

  getAnswer(id: string): Promise<AnswerRecord | undefined> {
    return this.guard('answer-get', async () => {
      const value = await this.client.get(`answer:${id}`);
      return value === null ? undefined : (JSON.parse(value) as AnswerRecord);
    });
  }

  appendFeedback(record: FeedbackRecord): Promise<void> {
    return this.guard('feedback', async () => {
      await this.client.xadd(FEEDBACK_STREAM_KEY, 'MAXLEN', '~', this.policy.feedbackStreamMaximumLength, '*', 'record', JSON.stringify(record));
    });
  }

  /**
   * Every feedback record in the stream, oldest first (read in pages of 1,000 with `XRANGE`), for
   * `npm run feedback:export`.
   * @throws {StateStoreUnavailableError} when Redis does not answer.
   */
  feedbackRecords(): Promise<FeedbackRecord[]> {
    return this.guard('feedback-read', async () => {
      const records: FeedbackRecord[] = [];
      let start = '-';
      for (;;) {
        const page = await this.client.xrange(FEEDBACK_STREAM_KEY, start, '+', 'COUNT', 1000);
        for (const [, fields] of page) {
          const index = fields.indexOf('record');
          const value = index >= 0 ? fields[index + 1] : undefined;
          if (value !== undefined) records.push(JSON.parse(value) as FeedbackRecord);
        }
        const last = page.at(-1);
        if (page.length < 1000 || last === undefined) return records;
        start = `(${last[0]}`;
      }
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      await this.client.quit();
    } catch {
      this.client.disconnect();
    }
  }

  /**
   * Runs one operation within `commandTimeoutMilliseconds`, turning any failure into a
   * {@link StateStoreUnavailableError} without secrets. When the bound's timer fires, the verdict waits one
   * `setImmediate`: Node runs timers before it reads the sockets, so after the event loop was busy (answers
   * being computed) a reply that already arrived would otherwise lose to the timer. ioredis's own
   * `commandTimeout` cannot tell the two apart; it is kept only as a backstop at a multiple of the bound.
   */
  private async guard<Value>(operation: string, run: () => Promise<Value>): Promise<Value> {
    let timer: NodeJS.Timeout | undefined;
    let settled = false;
    const timedOut = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => {
        setImmediate(() => {
          if (!settled) reject(new Error(`no answer within ${this.policy.commandTimeoutMilliseconds} ms`));
        });
      }, this.policy.commandTimeoutMilliseconds);
    });
    const running = run().finally(() => {
      settled = true;
    });
    try {
      return await Promise.race([running, timedOut]);
    } catch (error) {
      running.catch(() => undefined);
      throw new StateStoreUnavailableError(operation, `The shared state store (Redis at ${this.where}) failed during ${operation}: ${this.describe(error)}`);
    } finally {
      clearTimeout(timer);
    }
  }

  private describe(error: unknown): string {
    return redactSecrets(error instanceof Error ? error.message : String(error), this.secrets);
  }
}
