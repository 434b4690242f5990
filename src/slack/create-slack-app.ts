/**
 * Builds the Bolt app from {@link SlackConfig}: Socket Mode when an app-level token is configured, else the
 * HTTP receiver (events at `/slack/events`, request signatures verified by Bolt). `npm start` and the tests
 * both go through {@link createSlackApp}.
 */
import type { AddressInfo } from 'node:net';
import { App, LogLevel, SocketModeReceiver, type webApi } from '@slack/bolt';
import { ConfigError, type Logger, type SlackConfig, type SlackMode } from '../core';
import type { Assistant } from '../answer/types';
import { BoltLoggerAdapter, describeError } from './bolt-logger';
import { SLACK_MESSAGE_LIMITS, type SlackMessageLimits } from './format-reply';
import { readIncomingMessage } from './incoming-message';
import { QuestionHandler } from './question-handler';
import { RecentKeys } from './recent-keys';
import { ThreadHistory } from './thread-history';

/** Everything {@link createSlackApp} needs; only `config`, `assistant` and `logger` are required. */
export interface SlackAppOptions {
  readonly config: SlackConfig;
  /** The domain entry point; the Slack layer calls only `assistant.ask`. */
  readonly assistant: Assistant;
  readonly logger: Logger;
  /** Interface the HTTP receiver listens on (e.g. `127.0.0.1`); default: all interfaces. Ignored in Socket Mode. */
  readonly host?: string;
  /**
   * Retries of a failed Web API call. Default: the client's own policy (10 retries over about 30 minutes;
   * 100 quick ones for Socket Mode's `apps.connections.open`). Tests pass 0.
   */
  readonly webApiRetries?: number;
  /** Post "Searching the newsletters…" first and replace it with the answer. Default true. */
  readonly showPlaceholder?: boolean;
  /** Threads whose turns are remembered for follow-ups (least recently used forgotten first). Default 1000. */
  readonly maximumThreads?: number;
  /** Earlier turns passed as history, the most recent ones. Default 8. */
  readonly maximumTurnsPerThread?: number;
  /**
   * How long an `event_id` and a message's channel + `ts` are remembered to drop repeated deliveries, in
   * milliseconds. Default one hour (Slack's last retry comes about 5 minutes after the first attempt).
   */
  readonly deduplicationWindowMilliseconds?: number;
  /** Slack's message limits; default {@link SLACK_MESSAGE_LIMITS}. */
  readonly limits?: SlackMessageLimits;
}

/** What {@link SlackApp.start} reports. */
export interface SlackStartResult {
  readonly mode: SlackMode;
  /** The port the HTTP receiver listens on (the real one when configured as 0); absent in Socket Mode. */
  readonly port?: number;
}

/** A configured Slack app: the Bolt `App` (for later listeners) and its lifecycle. */
export interface SlackApp {
  readonly app: App;
  /**
   * Verifies the bot token (`auth.test`), then listens on the HTTP port or connects in Socket Mode.
   * Call once.
   * @throws {ConfigError} when Slack rejects the bot token or the app-level token.
   * @throws the Web API or network error otherwise (e.g. the port is in use, Slack is unreachable).
   */
  start(): Promise<SlackStartResult>;
  /** Closes the HTTP server or the Socket Mode connection; resolves when it is closed. A no-op before `start`. */
  stop(): Promise<void>;
}

const DEFAULT_MAXIMUM_THREADS = 1000;
const DEFAULT_MAXIMUM_TURNS_PER_THREAD = 8;
const DEFAULT_DEDUPLICATION_WINDOW_MILLISECONDS = 60 * 60 * 1000;
const MAXIMUM_REMEMBERED_DELIVERIES = 10_000;

/** Slack errors meaning the token itself is wrong, as opposed to a transient failure. */
const REJECTED_TOKEN_ERRORS: ReadonlySet<string> = new Set([
  'invalid_auth',
  'not_authed',
  'account_inactive',
  'token_revoked',
  'token_expired',
  'not_allowed_token_type',
]);

/**
 * Creates the Slack app: answers `app_mention` events in channels and `message` events in direct messages,
 * always in the question's thread, once per message (retried deliveries and mention + message pairs are
 * dropped), with the thread's earlier turns as history. Nothing connects until {@link SlackApp.start}.
 */
export function createSlackApp(options: SlackAppOptions): SlackApp {
  const { config, logger } = options;
  const slackLogger = logger.child({ component: 'slack' });
  const boltLogger = new BoltLoggerAdapter(logger.child({ component: 'slack-bolt' }));
  const clientOptions: webApi.WebClientOptions = {
    slackApiUrl: config.apiUrl,
    ...(options.webApiRetries === undefined ? {} : { retryConfig: { retries: options.webApiRetries } }),
  };

  let socketModeReceiver: SocketModeReceiver | undefined;
  if (config.mode === 'socket') {
    if (config.appToken === undefined) throw new ConfigError(['Socket Mode needs SLACK_APP_TOKEN (an xapp- token)']);
    socketModeReceiver = new SocketModeReceiver({
      appToken: config.appToken,
      logger: boltLogger,
      logLevel: LogLevel.DEBUG,
      // A copy: the Socket Mode client writes its own retry policy into the object it is given.
      installerOptions: { clientOptions: { ...clientOptions } },
    });
  } else if (config.signingSecret === undefined) {
    throw new ConfigError(['HTTP mode needs SLACK_SIGNING_SECRET (or set SLACK_APP_TOKEN for Socket Mode)']);
  }

  const app = new App({
    token: config.botToken,
    ...(socketModeReceiver === undefined
      ? { signingSecret: config.signingSecret, port: config.port }
      : { receiver: socketModeReceiver, socketMode: true }),
    logger: boltLogger,
    logLevel: LogLevel.DEBUG,
    clientOptions,
    // auth.test runs in start(), where a rejected token is a catchable error rather than an unhandled rejection.
    deferInitialization: true,
    convoStore: false,
  });

  const deduplicationWindow = options.deduplicationWindowMilliseconds ?? DEFAULT_DEDUPLICATION_WINDOW_MILLISECONDS;
  const deliveries = new RecentKeys({ timeToLiveMilliseconds: deduplicationWindow, maximumKeys: MAXIMUM_REMEMBERED_DELIVERIES });
  const handler = new QuestionHandler({
    assistant: options.assistant,
    logger: slackLogger,
    history: new ThreadHistory({
      maximumThreads: options.maximumThreads ?? DEFAULT_MAXIMUM_THREADS,
      maximumTurnsPerThread: options.maximumTurnsPerThread ?? DEFAULT_MAXIMUM_TURNS_PER_THREAD,
    }),
    answeredMessages: new RecentKeys({ timeToLiveMilliseconds: deduplicationWindow, maximumKeys: MAXIMUM_REMEMBERED_DELIVERIES }),
    showPlaceholder: options.showPlaceholder ?? true,
    limits: options.limits ?? SLACK_MESSAGE_LIMITS,
  });

  // Slack redelivers an event it considers unacknowledged with the same event_id: answer it once.
  app.use(async ({ body, context, next }) => {
    const eventId = readEventId(body);
    if (eventId !== undefined && !deliveries.claim(eventId)) {
      slackLogger.info(
        { eventId, retryNum: context.retryNum, retryReason: context.retryReason },
        'ignoring a repeated delivery of an event',
      );
      return;
    }
    await next();
  });

  const answerEvent = async (event: unknown, botUserId: string | undefined, client: webApi.WebClient): Promise<void> => {
    try {
      const incoming = readIncomingMessage(event, botUserId);
      if (incoming.kind === 'ignored') {
        slackLogger.debug({ reason: incoming.reason }, 'ignoring a Slack event');
        return;
      }
      await handler.handle(incoming.question, client);
    } catch (error) {
      slackLogger.error({ error: describeError(error) }, 'unexpected failure while handling a Slack event');
    }
  };
  app.event('app_mention', async ({ event, context, client }) => answerEvent(event, context.botUserId, client));
  app.event('message', async ({ event, context, client }) => answerEvent(event, context.botUserId, client));

  app.error(async (error) => {
    slackLogger.error({ error: describeError(error) }, 'Bolt reported an error');
  });

  let running = false;
  return {
    app,
    async start(): Promise<SlackStartResult> {
      try {
        await app.init();
      } catch (error) {
        throw rejectedTokenToConfigError(error, 'SLACK_BOT_TOKEN') ?? error;
      }
      if (socketModeReceiver !== undefined) {
        try {
          await app.start();
        } catch (error) {
          throw rejectedTokenToConfigError(error, 'SLACK_APP_TOKEN') ?? error;
        }
        running = true;
        slackLogger.info({ mode: 'socket' }, 'Slack app connected in Socket Mode');
        return { mode: 'socket' };
      }
      const server = await app.start(options.host === undefined ? { port: config.port } : { port: config.port, host: options.host });
      running = true;
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? (address as AddressInfo).port : config.port;
      slackLogger.info({ mode: 'http', port, path: '/slack/events' }, 'Slack app listening for events over HTTP');
      return { mode: 'http', port };
    },
    async stop(): Promise<void> {
      if (!running) return;
      running = false;
      if (socketModeReceiver !== undefined) await socketModeReceiver.client.disconnect();
      else await app.stop();
      slackLogger.info({ mode: config.mode }, 'Slack app stopped');
    },
  };
}

function readEventId(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const eventId = (body as { event_id?: unknown }).event_id;
  return typeof eventId === 'string' && eventId !== '' ? eventId : undefined;
}

/** A {@link ConfigError} naming `variable` when `error` says Slack rejected the token; else undefined. */
function rejectedTokenToConfigError(error: unknown, variable: string): ConfigError | undefined {
  const slackError = describeError(error).slackError;
  if (slackError === undefined || !REJECTED_TOKEN_ERRORS.has(slackError)) return undefined;
  return new ConfigError([`${variable}: Slack rejected the token (${slackError}); check its value and the app's installation`]);
}
