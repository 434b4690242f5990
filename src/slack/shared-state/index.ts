/**
 * The Slack bot's shared state (issue 15): one interface ({@link SlackStateStore}), the in-process store
 * (default) and the Redis store (`REDIS_URL`), chosen by {@link createStateStore}.
 */
import type { Logger } from '../../core';
import { MemoryStateStore } from './memory-store';
import { RedisStateStore } from './redis-store';
import type { SharedStatePolicy } from './shared-state-policy';
import type { SlackStateStore, StateStoreLimits } from './state-store';

export { MemoryStateStore } from './memory-store';
export { RedisStateStore, FEEDBACK_STREAM_KEY, type RedisStateStoreOptions } from './redis-store';
export { SHARED_STATE_POLICY, type SharedStatePolicy } from './shared-state-policy';
export { threadKey, type SlackStateStore, type StateStoreLimits } from './state-store';

/** What {@link createStateStore} needs. */
export interface CreateStateStoreOptions {
  /** `REDIS_URL`, or null for the in-process store. */
  readonly redisUrl: string | null;
  /** `REDIS_KEY_PREFIX`. */
  readonly keyPrefix: string;
  readonly limits: StateStoreLimits;
  /** `FEEDBACK_LOG` (in-process store). */
  readonly feedbackLog: string;
  readonly logger: Logger;
  readonly policy?: Partial<SharedStatePolicy>;
}

/** The Redis store when `redisUrl` is set (connecting in the background), else the in-process one. */
export function createStateStore(options: CreateStateStoreOptions): SlackStateStore {
  if (options.redisUrl === null) return new MemoryStateStore(options.limits, options.feedbackLog);
  return new RedisStateStore({
    url: options.redisUrl,
    keyPrefix: options.keyPrefix,
    limits: options.limits,
    logger: options.logger,
    ...(options.policy === undefined ? {} : { policy: options.policy }),
  });
}
