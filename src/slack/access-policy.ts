/**
 * Who may use the bot: the channel and user allow-lists and the admin list from {@link SlackConfig}, and a
 * per-user sliding-window rate limit. Pure in-memory state; one instance per app.
 */

/** The allow-lists and admins (Slack ids; an empty allow-list allows everyone). */
export interface AccessPolicyOptions {
  readonly allowedChannels: readonly string[];
  readonly allowedUsers: readonly string[];
  readonly adminUsers: readonly string[];
}

/** Why a request is refused. */
export type AccessRefusal = 'channel-not-allowed' | 'user-not-allowed';

/** The decision for one request: allowed, or the reason it is not. */
export type AccessDecision = { readonly allowed: true } | { readonly allowed: false; readonly reason: AccessRefusal };

/** True for a direct-message conversation id (`D…`), which the channel allow-list does not restrict. */
export function isDirectMessageChannel(channel: string): boolean {
  return channel.startsWith('D');
}

/** Checks channels and users against the configured lists. */
export class AccessPolicy {
  private readonly allowedChannels: ReadonlySet<string>;
  private readonly allowedUsers: ReadonlySet<string>;
  private readonly adminUsers: ReadonlySet<string>;

  constructor(options: AccessPolicyOptions) {
    this.allowedChannels = new Set(options.allowedChannels);
    this.allowedUsers = new Set(options.allowedUsers);
    this.adminUsers = new Set(options.adminUsers);
  }

  /**
   * Whether `user` may ask in `channel`. Direct messages (`D…`) pass the channel check; a null user (Slack
   * did not say who) fails a non-empty user allow-list.
   */
  check(channel: string, user: string | null): AccessDecision {
    if (this.allowedChannels.size > 0 && !isDirectMessageChannel(channel) && !this.allowedChannels.has(channel)) {
      return { allowed: false, reason: 'channel-not-allowed' };
    }
    if (this.allowedUsers.size > 0 && (user === null || !this.allowedUsers.has(user))) {
      return { allowed: false, reason: 'user-not-allowed' };
    }
    return { allowed: true };
  }

  /** Whether `user` may run admin commands (an empty admin list means nobody may). */
  isAdmin(user: string | null): boolean {
    return user !== null && this.adminUsers.has(user);
  }
}

/** Sizing of a {@link UserRateLimiter}. */
export interface UserRateLimiterOptions {
  /** Questions one user may ask per window; 0 disables the limit. */
  readonly maximumQuestions: number;
  /** Window length in milliseconds. */
  readonly windowMilliseconds: number;
  /** Users tracked at most; the least recently active are forgotten first (a forgotten user starts afresh). */
  readonly maximumUsers?: number;
  /** Clock in milliseconds since the epoch; injectable for tests. Defaults to `Date.now`. */
  readonly now?: () => number;
}

/** The outcome of {@link UserRateLimiter.take}. */
export type RateLimitDecision =
  | { readonly allowed: true }
  | { readonly allowed: false; /** Milliseconds until the user may ask again. */ readonly retryAfterMilliseconds: number };

const DEFAULT_MAXIMUM_USERS = 10_000;

/**
 * A sliding-window rate limit per user: a question is allowed when the user asked fewer than
 * `maximumQuestions` in the last `windowMilliseconds`. Refused questions are not counted.
 */
export class UserRateLimiter {
  private readonly askedAtByUser = new Map<string, number[]>();
  private readonly maximumUsers: number;
  private readonly now: () => number;

  /** @throws {RangeError} when the maximum is negative or the window is not positive. */
  constructor(private readonly options: UserRateLimiterOptions) {
    if (!(options.maximumQuestions >= 0) || !(options.windowMilliseconds > 0)) {
      throw new RangeError(
        `UserRateLimiter needs maximumQuestions >= 0 and windowMilliseconds > 0, got ${options.maximumQuestions} and ${options.windowMilliseconds}`,
      );
    }
    this.maximumUsers = options.maximumUsers ?? DEFAULT_MAXIMUM_USERS;
    this.now = options.now ?? Date.now;
  }

  /** Counts one question by `user` if the limit allows it. */
  take(user: string): RateLimitDecision {
    const { maximumQuestions, windowMilliseconds } = this.options;
    if (maximumQuestions === 0) return { allowed: true };
    const now = this.now();
    const recent = (this.askedAtByUser.get(user) ?? []).filter((askedAt) => askedAt > now - windowMilliseconds);
    this.askedAtByUser.delete(user);
    if (recent.length >= maximumQuestions) {
      this.askedAtByUser.set(user, recent);
      const oldest = recent[0] ?? now;
      return { allowed: false, retryAfterMilliseconds: Math.max(1, oldest + windowMilliseconds - now) };
    }
    recent.push(now);
    this.askedAtByUser.set(user, recent);
    while (this.askedAtByUser.size > this.maximumUsers) {
      const leastRecent = this.askedAtByUser.keys().next();
      if (leastRecent.done === true) break;
      this.askedAtByUser.delete(leastRecent.value);
    }
    return { allowed: true };
  }
}
