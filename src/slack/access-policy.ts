/**
 * Who may use the bot: the channel and user allow-lists and the admin list from {@link SlackConfig}. The
 * per-user rate limit lives in the shared state store (`src/slack/shared-state/rate-limit.ts`).
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

/** The outcome of the per-user rate limit (`SlackStateStore.takeRateLimit`). */
export type RateLimitDecision =
  | { readonly allowed: true }
  | { readonly allowed: false; /** Milliseconds until the user may ask again. */ readonly retryAfterMilliseconds: number };
