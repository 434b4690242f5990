/**
 * The per-user question limit through rate-limiter-flexible (`RateLimiterMemory` in process,
 * `RateLimiterRedis` across replicas). Semantics, compared with the sliding window the bot had before:
 * - a FIXED window per user that starts at the user's first question and lasts the window (rounded up to
 *   whole seconds, the library's unit); the user may ask `rateLimitQuestions` questions in it;
 * - a refused question is counted by the library but changes nothing: the window's end stays where it was,
 *   and the refusal says how long until it ends (`msBeforeNext`);
 * - so a burst at the end of one window and the start of the next can reach twice the limit in one
 *   window's time (the sliding window allowed exactly the limit in any window).
 */
import { RateLimiterRes, type IRateLimiterOptions, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { RateLimitDecision } from '../access-policy';
import type { StateStoreLimits } from './state-store';

/** The limiter's options for `limits` under `keyPrefix`. */
export function rateLimiterOptions(limits: StateStoreLimits, keyPrefix: string): IRateLimiterOptions {
  return { points: limits.rateLimitQuestions, duration: Math.max(1, Math.ceil(limits.rateLimitWindowMilliseconds / 1000)), keyPrefix };
}

/**
 * Consumes one point of `user`'s allowance.
 * @returns allowed, or refused with the milliseconds until the window ends.
 * @throws the limiter's store error (e.g. Redis unreachable); a refusal is never thrown.
 */
export async function consumeRateLimit(limiter: RateLimiterAbstract, user: string): Promise<RateLimitDecision> {
  try {
    await limiter.consume(user, 1);
    return { allowed: true };
  } catch (outcome) {
    if (outcome instanceof RateLimiterRes) return { allowed: false, retryAfterMilliseconds: Math.max(1, outcome.msBeforeNext) };
    throw outcome;
  }
}
