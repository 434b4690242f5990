/**
 * The start-up check that Slack's Web API can be reached: `auth.test` with the bot token, retried for a
 * bounded time, with one clear report when it fails (which URL, which proxy variable is in effect, what to
 * check) instead of the Web API client's stream of "http request failed" warnings.
 */
import { LogLevel, webApi } from '@slack/bolt';
import { SlackUnavailableError, type Logger } from '../core';
import { BoltLoggerAdapter, describeError, redactSlackSecrets } from './bolt-logger';

/** Timing of the start-up check; the overall bound comes from `SLACK_STARTUP_TIMEOUT_MS`. */
export interface SlackStartupCheckPolicy {
  /**
   * Longest single `auth.test` attempt, in milliseconds. 10 s: Slack answers `auth.test` in well under a
   * second from anywhere it is reachable; a connection that takes longer is as good as blocked.
   */
  readonly attemptTimeoutMilliseconds: number;
  /** Pause after the first failed attempt, in milliseconds (doubled after each further failure). */
  readonly firstPauseMilliseconds: number;
  /** Longest pause between attempts, in milliseconds: a network that comes back is noticed within this. */
  readonly maximumPauseMilliseconds: number;
}

/** Default {@link SlackStartupCheckPolicy}: 10 s per attempt, pauses of 1, 2, 4, 5, 5… s. */
export const SLACK_STARTUP_CHECK_POLICY: SlackStartupCheckPolicy = Object.freeze({
  attemptTimeoutMilliseconds: 10_000,
  firstPauseMilliseconds: 1000,
  maximumPauseMilliseconds: 5000,
});

/** What {@link checkSlackReachable} needs. */
export interface SlackStartupCheckOptions {
  /** Web API base URL (`SLACK_API_URL`), ending in `/`. */
  readonly apiUrl: string;
  /** The bot token; never logged. */
  readonly botToken: string;
  /** Overall bound, in milliseconds (`SLACK_STARTUP_TIMEOUT_MS`). */
  readonly timeoutMilliseconds: number;
  readonly logger: Logger;
  /** Environment the proxy variables are read from; default `process.env`. */
  readonly environment?: Readonly<Record<string, string | undefined>>;
  readonly policy?: SlackStartupCheckPolicy;
}

/** Proxy variables, in the order a client would consult them for an `https:` URL (lower case wins, as in curl). */
const HTTPS_PROXY_VARIABLES = ['https_proxy', 'HTTPS_PROXY', 'all_proxy', 'ALL_PROXY'] as const;
const HTTP_PROXY_VARIABLES = ['http_proxy', 'HTTP_PROXY', 'all_proxy', 'ALL_PROXY'] as const;
const NO_PROXY_VARIABLES = ['no_proxy', 'NO_PROXY'] as const;

/** The proxy variable set for `url` (name and value without credentials), or null. */
export function proxyInEffect(url: string, environment: Readonly<Record<string, string | undefined>>): { readonly variable: string; readonly value: string } | null {
  const names = url.startsWith('http:') ? HTTP_PROXY_VARIABLES : HTTPS_PROXY_VARIABLES;
  for (const variable of names) {
    const value = environment[variable]?.trim();
    if (value !== undefined && value !== '') return { variable, value: withoutCredentials(value) };
  }
  return null;
}

/** A proxy URL with any `user:password@` replaced by `***@`; unparsable values are shown as `(set)`. */
function withoutCredentials(value: string): string {
  try {
    const parsed = new URL(value);
    if (parsed.username !== '' || parsed.password !== '') {
      parsed.username = '***';
      parsed.password = '';
    }
    return parsed.toString().replace(/\/$/, '');
  } catch {
    return '(set)';
  }
}

/** Why one attempt failed, in words a person can act on (network error code, HTTP status, timeout). */
function failureReason(error: unknown): string {
  if (error instanceof webApi.WebAPIHTTPError) return `HTTP ${error.statusCode} ${error.statusMessage}`.trim();
  const original = error instanceof webApi.WebAPIRequestError ? error.original : error;
  if (original instanceof Error) {
    if (original.name === 'TimeoutError' || original.name === 'AbortError') return 'no answer within the attempt timeout';
    const cause = (original as Error & { cause?: unknown }).cause;
    if (cause instanceof Error) {
      const code = (cause as Error & { code?: unknown }).code;
      return redactSlackSecrets(typeof code === 'string' ? `${code}: ${cause.message}` : cause.message);
    }
    return redactSlackSecrets(original.message);
  }
  return redactSlackSecrets(String(error));
}

/** The report of an unreachable Web API: the URL, the proxy situation and what to check. */
function describeUnreachable(apiUrl: string, reason: string, environment: Readonly<Record<string, string | undefined>>): { text: string; proxy: string } {
  const proxy = proxyInEffect(apiUrl, environment);
  const noProxy = NO_PROXY_VARIABLES.map((name) => environment[name]).find((value) => value !== undefined && value !== '');
  const proxyText =
    proxy === null
      ? 'no proxy variable is set (HTTPS_PROXY/HTTP_PROXY/ALL_PROXY); if this network only reaches the internet through a proxy, Slack cannot be reached'
      : `${proxy.variable}=${proxy.value} is set${noProxy === undefined ? '' : ` (NO_PROXY=${noProxy})`}` +
        (environment['NODE_USE_ENV_PROXY'] === '1'
          ? ' with NODE_USE_ENV_PROXY=1 (Node versions that support it route fetch through it): check that the proxy answers'
          : `, but the built-in fetch of Node ${process.version}, which the Slack client uses, does not route through proxy variables by default`);
  return {
    proxy: proxy === null ? 'none' : `${proxy.variable}=${proxy.value}`,
    text:
      `Slack's Web API at ${apiUrl} (SLACK_API_URL) cannot be reached: ${reason}. Proxy: ${proxyText}. ` +
      'Check: the network and firewall allow HTTPS to that host; the proxy; SLACK_API_URL; then SLACK_BOT_TOKEN.',
  };
}

function sleep(milliseconds: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, milliseconds));
}

/**
 * Calls `auth.test` until Slack answers or `timeoutMilliseconds` pass. Logs one warning at the first
 * failure (URL, reason, proxy variable in effect, what to check) and nothing for the attempts after it; the
 * Web API client's own "http request failed" warnings are dropped during the check.
 * @returns Slack's `auth.test` answer (bot user id, team…).
 * @throws {SlackUnavailableError} when no attempt got an answer within the bound; its message repeats the report.
 * @throws the `WebAPIPlatformError` of an `ok: false` answer (e.g. `invalid_auth`) at once: Slack was reached.
 */
export async function checkSlackReachable(options: SlackStartupCheckOptions): Promise<webApi.AuthTestResponse> {
  const policy = options.policy ?? SLACK_STARTUP_CHECK_POLICY;
  const environment = options.environment ?? process.env;
  const startedAt = Date.now();
  const deadline = startedAt + options.timeoutMilliseconds;
  const quietLogger = new BoltLoggerAdapter(options.logger.child({ component: 'slack-startup' }), LogLevel.DEBUG, { drop: /^http request failed\b/ });
  let attempts = 0;
  let pause = policy.firstPauseMilliseconds;
  let reported = false;
  let lastReason = 'no attempt made';
  let lastError: unknown;
  for (;;) {
    const remaining = deadline - Date.now();
    if (remaining <= 0) break;
    attempts += 1;
    const client = new webApi.WebClient(options.botToken, {
      slackApiUrl: options.apiUrl,
      retryConfig: { retries: 0 },
      timeout: Math.max(1, Math.min(policy.attemptTimeoutMilliseconds, remaining)),
      logger: quietLogger,
      logLevel: webApi.LogLevel.DEBUG,
    });
    try {
      const identity = await client.auth.test();
      if (reported) options.logger.info({ apiUrl: options.apiUrl, attempts, waitedMilliseconds: Date.now() - startedAt }, 'Slack reached after all');
      return identity;
    } catch (error) {
      if (error instanceof webApi.WebAPIPlatformError || error instanceof webApi.WebAPIRateLimitedError) throw error;
      lastError = error;
      lastReason = failureReason(error);
    }
    if (!reported) {
      reported = true;
      const report = describeUnreachable(options.apiUrl, lastReason, environment);
      options.logger.warn(
        { apiUrl: options.apiUrl, proxy: report.proxy, reason: lastReason, giveUpAfterMilliseconds: options.timeoutMilliseconds },
        `${report.text} Retrying quietly for up to ${Math.round(options.timeoutMilliseconds / 1000)} s.`,
      );
    }
    const wait = Math.min(pause, deadline - Date.now());
    if (wait <= 0) break;
    await sleep(wait);
    pause = Math.min(pause * 2, policy.maximumPauseMilliseconds);
  }
  const waitedMilliseconds = Date.now() - startedAt;
  const report = describeUnreachable(options.apiUrl, lastReason, environment);
  throw new SlackUnavailableError(
    { apiUrl: options.apiUrl, waitedMilliseconds, attempts },
    `${report.text} Gave up after ${Math.round(waitedMilliseconds / 1000)} s and ${attempts} attempt(s) (SLACK_STARTUP_TIMEOUT_MS=${options.timeoutMilliseconds}).`,
    { cause: lastError === undefined ? undefined : describeError(lastError) },
  );
}
