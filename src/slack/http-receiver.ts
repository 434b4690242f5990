/**
 * Bolt's HTTP receiver with the request-timestamp check made two-sided. Bolt verifies each request's
 * signature and rejects a timestamp more than five minutes in the past (`verifySlackRequest` in
 * `@slack/bolt/dist/receivers/verify-request.js`), but accepts any timestamp in the future, so a signed
 * request captured once could be replayed for as long as its clock lies ahead. This receiver answers 401 to
 * a request on the events endpoint dated more than {@link REQUEST_TIMESTAMP_TOLERANCE_SECONDS} ahead,
 * before Bolt reads its body; everything else (signature, body limit, routing, health route) is Bolt's own.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HTTPReceiver, type HTTPReceiverOptions } from '@slack/bolt';
import type { Logger } from '../core';

/**
 * How far a request's `X-Slack-Request-Timestamp` may lie from this server's clock, either way, in seconds:
 * Slack's five minutes (https://docs.slack.dev/authentication/verifying-requests-from-slack/, the same bound
 * Bolt applies to the past).
 */
export const REQUEST_TIMESTAMP_TOLERANCE_SECONDS = 5 * 60;

/** Where Bolt's HTTP receiver takes Slack's requests unless told otherwise. */
const EVENTS_PATH = '/slack/events';

/** What {@link TwoSidedTimestampReceiver} adds to Bolt's options. */
export interface TwoSidedTimestampReceiverOptions {
  /** Logs each rejected request (warn, with the timestamp's lead in seconds). */
  readonly logger: Logger;
  /** Clock in milliseconds since the epoch; default `Date.now`. */
  readonly now?: () => number;
}

/**
 * An `HTTPReceiver` (same options, `endpoints` left at `/slack/events`) that also rejects requests dated
 * more than five minutes in the future with 401 and no body.
 */
export class TwoSidedTimestampReceiver extends HTTPReceiver {
  constructor(options: Omit<HTTPReceiverOptions, 'endpoints'>, extra: TwoSidedTimestampReceiverOptions) {
    super(options);
    const now = extra.now ?? Date.now;
    const boltListener = this.requestListener;
    // Bolt's server calls `this.requestListener` for every request; this check runs first.
    this.requestListener = (request: IncomingMessage, response: ServerResponse): void => {
      const leadSeconds = timestampLeadSeconds(request, now());
      if (leadSeconds !== null && leadSeconds > REQUEST_TIMESTAMP_TOLERANCE_SECONDS) {
        extra.logger.warn({ leadSeconds, toleranceSeconds: REQUEST_TIMESTAMP_TOLERANCE_SECONDS }, 'rejected a Slack request dated in the future');
        request.resume();
        response.writeHead(401);
        response.end();
        return;
      }
      boltListener(request, response);
    };
  }
}

/**
 * Seconds by which a POST to the events endpoint is dated ahead of `nowMilliseconds` (negative when in the
 * past); null for other requests and for a missing or malformed header (Bolt rejects those itself).
 */
function timestampLeadSeconds(request: IncomingMessage, nowMilliseconds: number): number | null {
  if (request.method?.toUpperCase() !== 'POST') return null;
  const path = new URL(request.url ?? '/', 'http://localhost').pathname;
  if (path !== EVENTS_PATH) return null;
  const header = request.headers['x-slack-request-timestamp'];
  if (typeof header !== 'string' || !/^\d{1,12}$/.test(header.trim())) return null;
  return Number(header.trim()) - Math.floor(nowMilliseconds / 1000);
}
