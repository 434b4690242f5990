/**
 * Builds the Bolt app from {@link SlackConfig}: Socket Mode when an app-level token is configured, else the
 * HTTP receiver (events, commands and interactions at `/slack/events`, request signatures verified by Bolt,
 * timestamps checked both ways by {@link TwoSidedTimestampReceiver}, plus a `GET` health endpoint). `npm start`, the tests and the load bench all go through
 * {@link createSlackApp}.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, LogLevel, SocketModeReceiver, type webApi } from '@slack/bolt';
import { ConfigError, DEFAULT_MAX_QUESTION_CHARACTERS, type Logger, type SlackConfig, type SlackMode } from '../core';
import type { Assistant } from '../answer/types';
import { AccessPolicy } from './access-policy';
import { AppHome } from './app-home';
import { BoltLoggerAdapter, describeError } from './bolt-logger';
import { decodeFeedbackValue } from './feedback-value';
import { ANSWER_ACTION_IDS, SLACK_MESSAGE_LIMITS, type SlackMessageLimits } from './format-reply';
import { TwoSidedTimestampReceiver } from './http-receiver';
import { readIncomingMessage } from './incoming-message';
import { SlackInteractions, type RespondFunction, type SlackAdminCommands } from './interactions';
import { QuestionHandler } from './question-handler';
import { RecentKeys } from './recent-keys';
import { DEFAULT_REPLY_TIMING, type ReplyTiming } from './reply-session';
import { SlackActivity, type SlackActivitySnapshot } from './slack-activity';
import { checkSlackReachable, type SlackStartupCheckPolicy } from './startup-check';
import type { HomeFacts } from './home-view';
import { MemoryStateStore, RedisStateStore, SHARED_STATE_POLICY, type SlackStateStore, type StateStoreLimits } from './shared-state';
import { hashUserId } from './user-hash';

/** Everything {@link createSlackApp} needs; only `config`, `assistant` and `logger` are required. */
export interface SlackAppOptions {
  readonly config: SlackConfig;
  /** The domain entry point; the Slack layer calls `assistant.ask` and `assistant.article`. */
  readonly assistant: Assistant;
  readonly logger: Logger;
  /** Interface the HTTP receiver listens on (e.g. `127.0.0.1`); default: all interfaces. Ignored in Socket Mode. */
  readonly host?: string;
  /**
   * Retries of a failed Web API call. Default: the client's own policy (10 retries over about 30 minutes,
   * waiting out `Retry-After` on 429; 100 quick ones for Socket Mode's `apps.connections.open`). Tests pass 0.
   */
  readonly webApiRetries?: number;
  /** Without streaming: post "Searching the newsletters…" first and replace it with the answer. Default true. */
  readonly showPlaceholder?: boolean;
  /** Stream timing and size limits; default {@link DEFAULT_REPLY_TIMING}. Tests shorten them. */
  readonly timing?: Partial<ReplyTiming>;
  /** Threads whose turns are remembered for follow-ups (least recently used forgotten first). Default 1000. */
  readonly maximumThreads?: number;
  /** Earlier turns passed as history, the most recent ones. Default 8. */
  readonly maximumTurnsPerThread?: number;
  /** Answers remembered for their buttons (Show original, feedback, share). Default 2000. */
  readonly maximumAnswers?: number;
  /**
   * How long an `event_id` and a message's channel + `ts` are remembered to drop repeated deliveries, in
   * milliseconds. Default one hour (Slack's last retry comes about 5 minutes after the first attempt).
   */
  readonly deduplicationWindowMilliseconds?: number;
  /**
   * Longest question answered, in characters (Unicode code points; `MAX_QUESTION_CHARS`): longer ones get
   * a polite "too long" reply before any work on them. Default `DEFAULT_MAX_QUESTION_CHARACTERS` (2000).
   */
  readonly maxQuestionCharacters?: number;
  /** Slack's message limits; default {@link SLACK_MESSAGE_LIMITS}. */
  readonly limits?: SlackMessageLimits;
  /**
   * JSON Lines file for answer feedback (`FEEDBACK_LOG`) of the default in-process state store. Default
   * `feedback/feedback.jsonl` under the working directory.
   */
  readonly feedbackLog?: string;
  /**
   * Where the bot keeps de-duplication, rate limits, thread turns, answer records and feedback; shared by
   * replicas when it is a `RedisStateStore` (`createStateStore`). Default: a new in-process
   * `MemoryStateStore` sized by the options above. {@link SlackApp.stop} closes it.
   */
  readonly stateStore?: SlackStateStore;
  /** Salt for hashing user ids in logs and feedback (`USER_HASH_SALT`). Default empty. */
  readonly userHashSalt?: string;
  /** Admin commands (`reindex`, `stats`); without them those commands answer "admins only". */
  readonly admin?: SlackAdminCommands;
  /** Facts added to the health endpoint's JSON (index size, embedder, LLM). Must not contain secrets. */
  readonly health?: () => Readonly<Record<string, unknown>>;
  /** Bolt's `processBeforeResponse` (HTTP): answer Slack only after listeners finish. Default false; never in production. */
  readonly processBeforeResponse?: boolean;
  /**
   * Other pages the HTTP receiver serves on its port (the source pages, `src/web/`): `GET`/`HEAD` requests
   * whose path matches one of `patterns` (path-to-regexp syntax, as Bolt's `customRoutes`) go to `handler`.
   * Ignored in Socket Mode. The health endpoint wins over a pattern that also matches its path.
   */
  readonly pages?: { readonly patterns: readonly string[]; readonly handler: (request: IncomingMessage, response: ServerResponse) => void };
  /**
   * The source page of an article (highlighting `quote`), for "Show original" on an answer no longer
   * remembered; null or absent = no links. Remembered answers carry their citations' own URLs.
   */
  readonly sourcePageLink?: (articleId: string, quote?: string) => string | null;
  /** Timing of the start-up reachability check; default {@link SLACK_STARTUP_CHECK_POLICY}. Tests shorten it. */
  readonly startupCheckPolicy?: SlackStartupCheckPolicy;
  /**
   * What the App Home tab shows (newest issues, their newest titles); called each time a user opens the tab.
   * Absent = the Home tab shows only how to ask and the example questions.
   */
  readonly home?: () => HomeFacts;
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
   * @throws {SlackUnavailableError} when Slack's Web API cannot be reached within `config.startupTimeoutMilliseconds`.
   * @throws the Web API or network error otherwise (e.g. the port is in use).
   */
  start(): Promise<SlackStartResult>;
  /**
   * Stops gracefully: stops receiving (closes the HTTP server or the Socket Mode connection), lets answers
   * in flight finish for up to `config.shutdownGraceMilliseconds`, then aborts the rest (their askers get a
   * short "restarting" notice) and waits up to 5 s more for those notices, then closes the state store.
   * Before `start` (or after a failed one) it only closes the state store.
   */
  stop(): Promise<void>;
  /** Counters: questions by outcome, in flight, median latency. */
  activity(): SlackActivitySnapshot;
}

const DEFAULT_MAXIMUM_THREADS = 1000;
const DEFAULT_MAXIMUM_TURNS_PER_THREAD = 8;
const DEFAULT_MAXIMUM_ANSWERS = 2000;
const DEFAULT_DEDUPLICATION_WINDOW_MILLISECONDS = 60 * 60 * 1000;
const MAXIMUM_REMEMBERED_DELIVERIES = 10_000;
/** Threads stay "engaged" (follow-ups answered without a mention) this long after the bot last answered there. */
const ENGAGED_THREAD_MILLISECONDS = 24 * 60 * 60 * 1000;
/** After aborting at shutdown, how long the aborted answers may take to post their notices. */
const ABORT_DRAIN_MILLISECONDS = 5000;

/**
 * The state store's sizes for `config` (rate limit) and the app's sizing options (defaults: 1000 threads,
 * 8 turns per thread, 2000 answers, 10,000 remembered deliveries); `npm start` sizes its store with it.
 */
export function slackStateStoreLimits(
  config: Pick<SlackConfig, 'rateLimitQuestions' | 'rateLimitWindowMilliseconds'>,
  options: Pick<SlackAppOptions, 'maximumThreads' | 'maximumTurnsPerThread' | 'maximumAnswers'> = {},
): StateStoreLimits {
  return {
    rateLimitQuestions: config.rateLimitQuestions,
    rateLimitWindowMilliseconds: config.rateLimitWindowMilliseconds,
    maximumTurnsPerThread: options.maximumTurnsPerThread ?? DEFAULT_MAXIMUM_TURNS_PER_THREAD,
    maximumThreads: options.maximumThreads ?? DEFAULT_MAXIMUM_THREADS,
    maximumAnswers: options.maximumAnswers ?? DEFAULT_MAXIMUM_ANSWERS,
    maximumClaims: MAXIMUM_REMEMBERED_DELIVERIES,
  };
}

/** Slack errors meaning the token itself is wrong, as opposed to a transient failure. */
const REJECTED_TOKEN_ERRORS: ReadonlySet<string> = new Set([
  'invalid_auth',
  'not_authed',
  'account_inactive',
  'token_revoked',
  'token_expired',
  'not_allowed_token_type',
]);

/** Callback id of the "Ask about this message" message shortcut (also in `slack-app-manifest.yaml`). */
export const ASK_ABOUT_MESSAGE_CALLBACK_ID = 'ask_about_message';

/** The reason given to `assistant.ask`'s abort signal at shutdown. */
export class SlackShutdownError extends Error {
  readonly code = 'SLACK_SHUTDOWN';
  constructor() {
    super('The Slack app is shutting down; the answer was abandoned after the shutdown grace period.');
    this.name = 'SlackShutdownError';
  }
}

/**
 * Creates the Slack app:
 * - answers `app_mention` events in channels, replies in threads it answered in (without a mention), and
 *   direct messages (assistant threads included), always in the question's thread, once per message
 *   (retried deliveries and mention + message pairs are dropped), with the thread's earlier turns as history;
 * - answers a slash command or a button click once: a repeated delivery (same `trigger_id`) is acknowledged
 *   and dropped;
 * - refuses questions over `maxQuestionCharacters` politely, before any work on them;
 * - suggests prompts when an assistant thread starts (legacy `assistant_view`) or the Messages tab is first
 *   opened (`agent_view`, with a bilingual greeting), and publishes the Home tab ({@link SlackAppOptions.home});
 * - serves the slash command (`config.command`), the "Ask about this message" shortcut and the answer buttons
 *   (Show original, Share, the native feedback buttons and the older 👍/👎 buttons);
 * - applies the allow-lists and the per-user rate limit.
 * Nothing connects until {@link SlackApp.start}.
 * @throws {ConfigError} when the mode's credential is missing (app token for Socket Mode, signing secret for HTTP).
 */
export function createSlackApp(options: SlackAppOptions): SlackApp {
  const { config, logger } = options;
  const slackLogger = logger.child({ component: 'slack' });
  const boltLogger = new BoltLoggerAdapter(logger.child({ component: 'slack-bolt' }));
  const clientOptions: webApi.WebClientOptions = {
    slackApiUrl: config.apiUrl,
    ...(options.webApiRetries === undefined ? {} : { retryConfig: { retries: options.webApiRetries } }),
  };
  const activity = new SlackActivity(options.assistant, slackLogger);
  let stopping = false;

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

  const healthRoute = {
    path: config.healthPath,
    method: ['GET'],
    handler: (_request: unknown, response: ServerResponse): void => {
      const snapshot = activity.snapshot();
      let facts: Readonly<Record<string, unknown>> = {};
      try {
        facts = options.health?.() ?? {};
      } catch (error) {
        slackLogger.error({ error: describeError(error) }, 'the health callback failed');
      }
      const body = { status: stopping ? 'stopping' : 'ok', mode: config.mode, ...facts, ...snapshot };
      response.writeHead(stopping ? 503 : 200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
      response.end(JSON.stringify(body));
    },
  };

  const receiver =
    socketModeReceiver ??
    new TwoSidedTimestampReceiver(
      {
        signingSecret: config.signingSecret ?? '',
        port: config.port,
        // The health route last: for the same path, a later route's method replaces an earlier one's.
        customRoutes: [
          ...(options.pages?.patterns ?? []).map((path) => ({ path, method: ['GET', 'HEAD'], handler: options.pages?.handler ?? (() => undefined) })),
          healthRoute,
        ],
        processBeforeResponse: options.processBeforeResponse ?? false,
        logger: boltLogger,
        logLevel: LogLevel.DEBUG,
      },
      { logger: slackLogger },
    );
  const app = new App({
    token: config.botToken,
    receiver,
    ...(socketModeReceiver === undefined ? {} : { socketMode: true }),
    logger: boltLogger,
    logLevel: LogLevel.DEBUG,
    clientOptions,
    // auth.test runs in start(), where a rejected token is a catchable error rather than an unhandled rejection.
    deferInitialization: true,
    convoStore: false,
  });

  const deduplicationWindow = options.deduplicationWindowMilliseconds ?? DEFAULT_DEDUPLICATION_WINDOW_MILLISECONDS;
  const store: SlackStateStore = options.stateStore ?? new MemoryStateStore(slackStateStoreLimits(config, options), options.feedbackLog ?? 'feedback/feedback.jsonl');
  // Used only when the shared store fails: this replica still drops its own repeated deliveries.
  const localDeliveries = new RecentKeys({ timeToLiveMilliseconds: deduplicationWindow, maximumKeys: MAXIMUM_REMEMBERED_DELIVERIES });
  /**
   * Claims a delivery in the shared store. When the store fails, the claim falls back to this replica's
   * memory and the delivery goes on: the message claim in `QuestionHandler.handle` then fails too and the
   * asker gets the "state store unavailable" reply once per replica, never an answer (fail closed).
   */
  const claimDelivery = async (key: string): Promise<boolean> => {
    try {
      return await store.claim(`delivery:${key}`, deduplicationWindow);
    } catch (error) {
      slackLogger.warn({ key, error: describeError(error) }, 'the shared state store is unavailable; de-duplicating this delivery in this replica only');
      return localDeliveries.claim(key);
    }
  };
  const limits = options.limits ?? SLACK_MESSAGE_LIMITS;
  const salt = options.userHashSalt ?? '';
  const hashUser = (user: string | null): string | null => hashUserId(user, salt);
  const access = new AccessPolicy(config);
  const maxQuestionCharacters = options.maxQuestionCharacters ?? DEFAULT_MAX_QUESTION_CHARACTERS;
  const handler = new QuestionHandler({
    activity,
    logger: slackLogger,
    store,
    deduplicationWindowMilliseconds: deduplicationWindow,
    engagedThreadMilliseconds: ENGAGED_THREAD_MILLISECONDS,
    access,
    streaming: config.streaming,
    showPlaceholder: options.showPlaceholder ?? true,
    timing: { ...DEFAULT_REPLY_TIMING, ...options.timing },
    limits,
    command: config.command,
    hashUser,
    maxQuestionCharacters,
  });
  const interactions = new SlackInteractions({
    activity,
    logger: slackLogger,
    store,
    access,
    limits,
    command: config.command,
    hashUser,
    admin: options.admin,
    questionHandler: handler,
    maxQuestionCharacters,
    sourcePageLink: options.sourcePageLink ?? (() => null),
  });

  const appHome = new AppHome({
    logger: slackLogger,
    access,
    command: config.command,
    home: options.home,
    sourcePageLink: options.sourcePageLink ?? (() => null),
    hashUser,
    greetingMemoryMilliseconds: ENGAGED_THREAD_MILLISECONDS,
    maximumGreetedConversations: MAXIMUM_REMEMBERED_DELIVERIES,
  });

  // Slack redelivers an event it considers unacknowledged with the same event_id, and a slash command or an
  // interactive payload can arrive twice with the same trigger_id: answer each once, acknowledging repeats.
  app.use(async (args) => {
    const { body, context, next } = args;
    const eventId = readEventId(body);
    if (eventId !== undefined && !(await claimDelivery(`event:${eventId}`))) {
      slackLogger.info({ eventId, retryNum: context.retryNum, retryReason: context.retryReason }, 'ignoring a repeated delivery of an event');
      return;
    }
    const interactionKey = eventId === undefined ? readInteractionKey(body) : undefined;
    if (interactionKey !== undefined && !(await claimDelivery(interactionKey))) {
      if ('ack' in args && typeof args.ack === 'function') await (args.ack as () => Promise<void>)();
      slackLogger.debug({ key: interactionKey, retryNum: context.retryNum }, 'ignoring a repeated delivery of a command or interaction');
      return;
    }
    await next();
  });

  const answerEvent = async (event: unknown, body: unknown, botUserId: string | undefined, client: webApi.WebClient, retryReason: string | undefined): Promise<void> => {
    const receivedAt = Date.now();
    try {
      const incoming = readIncomingMessage(event, botUserId, readTeamId(body));
      if (incoming.kind === 'ignored') {
        slackLogger.debug({ reason: incoming.reason }, 'ignoring a Slack event');
        return;
      }
      const { question } = incoming;
      if (question.source === 'thread') {
        let engaged: boolean;
        try {
          engaged = await handler.isEngagedThread(question.channel, question.threadTs);
        } catch (error) {
          // Unknown whether the bot is part of the thread: a reply without a mention is not surely a question.
          slackLogger.warn({ channel: question.channel, threadTs: question.threadTs, error: describeError(error) }, 'the shared state store is unavailable; not answering an unmentioned thread reply');
          return;
        }
        if (!engaged) {
          slackLogger.debug({ channel: question.channel, threadTs: question.threadTs }, 'ignoring a reply in a thread the bot is not part of');
          return;
        }
      }
      await handler.handle(question, client, { receivedAt, ...(retryReason === undefined ? {} : { retryReason }) });
    } catch (error) {
      slackLogger.error({ error: describeError(error) }, 'unexpected failure while handling a Slack event');
    }
  };
  app.event('app_mention', async ({ event, body, context, client }) => answerEvent(event, body, context.botUserId, client, context.retryReason));
  app.event('message', async ({ event, body, context, client }) => answerEvent(event, body, context.botUserId, client, context.retryReason));
  // Legacy assistant_view apps: a new assistant thread. agent_view apps: the Messages and Home tabs.
  app.event('assistant_thread_started', async ({ event, client }) => interactions.threadStarted(event, client));
  app.event('app_home_opened', async ({ event, client }) => appHome.opened(event, client));

  app.command(config.command, async ({ command, ack, respond }) => {
    try {
      await interactions.command(command, ack, respond);
    } catch (error) {
      slackLogger.error({ error: describeError(error) }, 'unexpected failure while handling a slash command');
    }
  });
  app.shortcut(ASK_ABOUT_MESSAGE_CALLBACK_ID, async ({ ack, body, client, respond, context }) => {
    await ack();
    try {
      await interactions.askAboutMessage(body, context.botUserId, client, respond ?? noResponseUrl);
    } catch (error) {
      slackLogger.error({ error: describeError(error) }, 'unexpected failure while handling the message shortcut');
    }
  });
  const onAction = (
    actionId: string,
    run: (body: unknown, value: string | undefined, client: webApi.WebClient, respond: RespondFunction) => Promise<void>,
  ): void => {
    app.action(actionId, async ({ ack, body, action, client, respond }) => {
      await ack();
      try {
        const value = 'value' in action && typeof action.value === 'string' ? action.value : undefined;
        await run(body, value, client, respond);
      } catch (error) {
        slackLogger.error({ error: describeError(error), actionId }, 'unexpected failure while handling a button');
      }
    });
  };
  onAction(ANSWER_ACTION_IDS.share, (body, value, _client, respond) => interactions.share(body, value, respond));
  onAction(ANSWER_ACTION_IDS.showOriginal, (body, value, client, respond) => interactions.showOriginal(body, value, client, respond));
  // Slack's native feedback buttons carry the rating and the answer id; the two older buttons stay for answers posted before.
  onAction(ANSWER_ACTION_IDS.feedback, async (body, value, client, respond) => {
    const decoded = decodeFeedbackValue(value);
    if (decoded === undefined) {
      slackLogger.warn({ actionId: ANSWER_ACTION_IDS.feedback }, 'ignoring a feedback click with an unreadable value');
      return;
    }
    await interactions.feedback(body, decoded.rating, decoded.answerId, client, respond);
  });
  onAction(ANSWER_ACTION_IDS.helpful, (body, value, client, respond) => interactions.feedback(body, 'helpful', value, client, respond));
  onAction(ANSWER_ACTION_IDS.notHelpful, (body, value, client, respond) => interactions.feedback(body, 'not_helpful', value, client, respond));

  app.error(async (error) => {
    slackLogger.error({ error: describeError(error) }, 'Bolt reported an error');
  });

  let running = false;
  return {
    app,
    activity: () => activity.snapshot(),
    async start(): Promise<SlackStartResult> {
      try {
        // Bounded, with one clear report when Slack cannot be reached (Bolt's own auth.test would retry for
        // about 30 minutes, logging "http request failed" each time).
        await checkSlackReachable({
          apiUrl: config.apiUrl,
          botToken: config.botToken,
          timeoutMilliseconds: config.startupTimeoutMilliseconds,
          logger: slackLogger,
          ...(options.startupCheckPolicy === undefined ? {} : { policy: options.startupCheckPolicy }),
        });
        await app.init();
      } catch (error) {
        throw rejectedTokenToConfigError(error, 'SLACK_BOT_TOKEN') ?? error;
      }
      if (store instanceof RedisStateStore && !(await store.waitUntilReady(SHARED_STATE_POLICY.connectTimeoutMilliseconds))) {
        // Not fatal: the client keeps reconnecting; meanwhile askers get the "state store unavailable" reply.
        slackLogger.warn({}, 'the shared state store (Redis) is not reachable yet; questions get the "state store unavailable" reply until it is');
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
      slackLogger.info({ mode: 'http', port, path: '/slack/events', healthPath: config.healthPath }, 'Slack app listening for events over HTTP');
      return { mode: 'http', port };
    },
    async stop(): Promise<void> {
      if (!running) {
        await store.close();
        return;
      }
      running = false;
      stopping = true;
      const inFlight = activity.questionsInFlight;
      slackLogger.info({ mode: config.mode, questionsInFlight: inFlight, graceMilliseconds: config.shutdownGraceMilliseconds }, 'Slack app stopping');
      try {
        if (socketModeReceiver !== undefined) await socketModeReceiver.client.disconnect();
        else await app.stop();
      } catch (error) {
        slackLogger.error({ error: describeError(error) }, 'could not close the Slack receiver cleanly');
      }
      if (!(await activity.whenIdle(config.shutdownGraceMilliseconds))) {
        slackLogger.warn({ questionsInFlight: activity.questionsInFlight }, 'answers still in flight after the grace period; aborting them');
        activity.abortInFlight(new SlackShutdownError());
        await activity.whenIdle(ABORT_DRAIN_MILLISECONDS);
      }
      await store.close();
      slackLogger.info({ mode: config.mode, questionsAnswered: activity.snapshot().outcomes }, 'Slack app stopped');
    },
  };
}

/** `respond` for payloads without a `response_url` (never expected for commands, shortcuts and buttons). */
const noResponseUrl: RespondFunction = async () => {
  throw new Error('This payload carries no response_url');
};

function readEventId(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const eventId = (body as { event_id?: unknown }).event_id;
  return typeof eventId === 'string' && eventId !== '' ? eventId : undefined;
}

/**
 * The key that identifies one slash command or interaction across deliveries: its `trigger_id` (Slack makes
 * one per invocation, and a repeated delivery repeats the body), else for a button click the clicked message,
 * action, click time and user; undefined for other bodies.
 */
function readInteractionKey(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const record = body as {
    trigger_id?: unknown;
    type?: unknown;
    user?: { id?: unknown };
    container?: { message_ts?: unknown };
    actions?: readonly { action_id?: unknown; action_ts?: unknown }[];
  };
  if (typeof record.trigger_id === 'string' && record.trigger_id !== '') return `trigger:${record.trigger_id}`;
  const action = Array.isArray(record.actions) ? record.actions[0] : undefined;
  if (record.type !== 'block_actions' || action === undefined || typeof action.action_ts !== 'string') return undefined;
  return `action:${String(record.container?.message_ts)}:${String(action.action_id)}:${action.action_ts}:${String(record.user?.id)}`;
}

function readTeamId(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const teamId = (body as { team_id?: unknown }).team_id;
  return typeof teamId === 'string' && teamId !== '' ? teamId : undefined;
}

/** A {@link ConfigError} naming `variable` when `error` says Slack rejected the token; else undefined. */
function rejectedTokenToConfigError(error: unknown, variable: string): ConfigError | undefined {
  const slackError = describeError(error).slackError;
  if (slackError === undefined || !REJECTED_TOKEN_ERRORS.has(slackError)) return undefined;
  return new ConfigError([`${variable}: Slack rejected the token (${slackError}); check its value and the app's installation`]);
}
