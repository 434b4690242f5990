/**
 * The one interface for the Slack bot's state that several replicas must share: delivery de-duplication,
 * the per-user rate limit, thread memory, the answer records behind an answer's buttons, and feedback.
 * Two implementations: {@link MemoryStateStore} (in-process, the default: one replica) and
 * {@link RedisStateStore} (`REDIS_URL`: any number of replicas). Every operation is async; the Redis one
 * rejects with `StateStoreUnavailableError` when Redis does not answer within the policy's bound.
 */
import type { ConversationTurn } from '../../answer/types';
import type { FeedbackRecord } from '../../eval';
import type { RateLimitDecision } from '../access-policy';
import type { AnswerRecord } from '../answer-records';

/** The bot's shared state. All methods may reject with `StateStoreUnavailableError` (Redis store only). */
export interface SlackStateStore {
  /** `memory` (in-process) or `redis`. */
  readonly kind: 'memory' | 'redis';
  /**
   * Records `key` for `ttlMilliseconds` if nobody holds it (Redis: `SET key 1 NX PX ttl`).
   * @returns true for the first claim within the time to live (go ahead), false for a repeat.
   */
  claim(key: string, ttlMilliseconds: number): Promise<boolean>;
  /** Whether `key` is claimed and not expired. */
  has(key: string): Promise<boolean>;
  /** Counts one question by `user` if the per-user limit allows it (refusals say when to retry). */
  takeRateLimit(user: string): Promise<RateLimitDecision>;
  /** The thread's remembered turns, oldest first (empty for a new or forgotten thread). */
  threadTurns(channel: string, threadTs: string): Promise<readonly ConversationTurn[]>;
  /** Appends an answered turn to the thread, keeping the most recent turns up to the per-thread cap. */
  appendThreadTurn(channel: string, threadTs: string, turn: ConversationTurn): Promise<void>;
  /** Whether the bot answered in this thread and still remembers it. */
  hasThread(channel: string, threadTs: string): Promise<boolean>;
  /** Remembers a delivered answer for its buttons. */
  putAnswer(record: AnswerRecord): Promise<void>;
  /** The answer record of `id`, or undefined when unknown or expired. */
  getAnswer(id: string): Promise<AnswerRecord | undefined>;
  /** Stores one feedback click where `npm run eval` (directly or after `npm run feedback:export`) reads it. */
  appendFeedback(record: FeedbackRecord): Promise<void>;
  /** Releases connections; further calls reject. Idempotent. */
  close(): Promise<void>;
}

/** Sizing shared by both stores (the in-process bounds also cap the Redis lists). */
export interface StateStoreLimits {
  /** Questions one user may ask per window; 0 disables the limit. */
  readonly rateLimitQuestions: number;
  /** Rate-limit window in milliseconds (rounded up to whole seconds: the limiter counts in seconds). */
  readonly rateLimitWindowMilliseconds: number;
  /** Turns kept per thread, the most recent ones. */
  readonly maximumTurnsPerThread: number;
  /** Threads kept in memory (in-process store only: Redis threads expire instead). */
  readonly maximumThreads: number;
  /** Answers kept in memory (in-process store only: Redis records expire instead). */
  readonly maximumAnswers: number;
  /** Keys kept by the in-process de-duplication set. */
  readonly maximumClaims: number;
}

/** `channel:threadTs`, the key of a thread in both stores. */
export function threadKey(channel: string, threadTs: string): string {
  return `${channel}:${threadTs}`;
}
