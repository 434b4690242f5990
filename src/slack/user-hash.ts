/**
 * Pseudonymous user ids for logs and the feedback log: Slack user ids never appear there in clear.
 */
import { createHash } from 'node:crypto';

/** Fixed, app-specific prefix mixed into every hash, so hashes differ from other apps' hashes of the same id. */
const HASH_PREFIX = 'newsletter-assistant:user:';

/**
 * Hashes a Slack user id: `u_` + the first 16 hex digits (64 bits) of SHA-256(prefix + salt + id).
 * The same id and salt always give the same hash, so one user's questions can be grouped.
 * @param salt - `USER_HASH_SALT`; without it anyone can recompute the hash of a known id.
 * @returns `null` for a null id (Slack did not state the user).
 */
export function hashUserId(userId: string | null, salt: string): string | null {
  if (userId === null) return null;
  return `u_${createHash('sha256').update(`${HASH_PREFIX}${salt}\u0000${userId}`).digest('hex').slice(0, 16)}`;
}
