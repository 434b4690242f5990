/**
 * The in-process {@link SlackStateStore}: the default, for one replica. It wraps the bounded in-memory
 * classes ({@link RecentKeys}, {@link ThreadHistory}, {@link AnswerRecords}), uses rate-limiter-flexible's
 * `RateLimiterMemory` for the per-user limit (the same limiter the Redis store uses with its Redis backend,
 * so both stores refuse alike), and appends feedback to the JSON Lines file `FEEDBACK_LOG`.
 */
import { RateLimiterMemory } from 'rate-limiter-flexible';
import type { ConversationTurn } from '../../answer/types';
import { appendFeedback, type FeedbackRecord } from '../../eval';
import type { RateLimitDecision } from '../access-policy';
import { AnswerRecords, type AnswerRecord } from '../answer-records';
import { RecentKeys } from '../recent-keys';
import { ThreadHistory } from '../thread-history';
import { consumeRateLimit, rateLimiterOptions } from './rate-limit';
import type { SlackStateStore, StateStoreLimits } from './state-store';

/** In-process state: nothing is shared with another process, and a restart forgets everything but feedback. */
export class MemoryStateStore implements SlackStateStore {
  readonly kind = 'memory' as const;
  private readonly claimsByTimeToLive = new Map<number, RecentKeys>();
  private readonly history: ThreadHistory;
  private readonly answers: AnswerRecords;
  private readonly limiter: RateLimiterMemory | null;

  /**
   * @param limits sizes and the rate limit.
   * @param feedbackLog JSON Lines file feedback is appended to.
   * @throws {RangeError} when a size is below 1.
   */
  constructor(
    private readonly limits: StateStoreLimits,
    private readonly feedbackLog: string,
  ) {
    this.history = new ThreadHistory({ maximumThreads: limits.maximumThreads, maximumTurnsPerThread: limits.maximumTurnsPerThread });
    this.answers = new AnswerRecords(limits.maximumAnswers);
    this.limiter = limits.rateLimitQuestions === 0 ? null : new RateLimiterMemory(rateLimiterOptions(limits, 'ratelimit'));
  }

  claim(key: string, ttlMilliseconds: number): Promise<boolean> {
    return Promise.resolve(this.claimsFor(ttlMilliseconds).claim(key));
  }

  has(key: string): Promise<boolean> {
    for (const keys of this.claimsByTimeToLive.values()) if (keys.has(key)) return Promise.resolve(true);
    return Promise.resolve(false);
  }

  takeRateLimit(user: string): Promise<RateLimitDecision> {
    return this.limiter === null ? Promise.resolve({ allowed: true }) : consumeRateLimit(this.limiter, user);
  }

  threadTurns(channel: string, threadTs: string): Promise<readonly ConversationTurn[]> {
    return Promise.resolve(this.history.turns(channel, threadTs));
  }

  appendThreadTurn(channel: string, threadTs: string, turn: ConversationTurn): Promise<void> {
    this.history.append(channel, threadTs, turn);
    return Promise.resolve();
  }

  hasThread(channel: string, threadTs: string): Promise<boolean> {
    return Promise.resolve(this.history.has(channel, threadTs));
  }

  putAnswer(record: AnswerRecord): Promise<void> {
    this.answers.add(record);
    return Promise.resolve();
  }

  getAnswer(id: string): Promise<AnswerRecord | undefined> {
    return Promise.resolve(this.answers.get(id));
  }

  appendFeedback(record: FeedbackRecord): Promise<void> {
    return appendFeedback(this.feedbackLog, record);
  }

  close(): Promise<void> {
    return Promise.resolve();
  }

  /** One bounded expiring set per time to live (RecentKeys expires in insertion order, so one TTL per set). */
  private claimsFor(ttlMilliseconds: number): RecentKeys {
    let keys = this.claimsByTimeToLive.get(ttlMilliseconds);
    if (keys === undefined) {
      keys = new RecentKeys({ timeToLiveMilliseconds: ttlMilliseconds, maximumKeys: this.limits.maximumClaims });
      this.claimsByTimeToLive.set(ttlMilliseconds, keys);
    }
    return keys;
  }
}
