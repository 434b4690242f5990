/**
 * Answers one question in its Slack thread: the one place where thread questions (mentions, thread
 * follow-ups, direct messages, the message shortcut) reach the domain (`assistant.ask`). Listeners parse
 * events into {@link IncomingQuestion}s and hand them here; this class de-duplicates, applies the
 * allow-lists and the rate limit, keeps thread history, drives the {@link ReplySession} (status, stream,
 * fallbacks) and writes the one log line per question.
 */
import type { webApi } from '@slack/bolt';
import { QuestionTooLongError, StateStoreUnavailableError, toAssistantError, type Language, type Logger } from '../core';
import { checkQuestionLength } from '../answer';
import type { AnswerResult, ConversationTurn } from '../answer/types';
import type { AccessPolicy } from './access-policy';
import { AnswerRecords, type QuestionSurface } from './answer-records';
import { describeError } from './bolt-logger';
import {
  formatAnswerAttachments,
  formatAnswerReply,
  formatHelpReply,
  formatNoticeReply,
  formatQuestionTooLongReply,
  formatRateLimitedReply,
  type SlackMessageLimits,
  type SlackReply,
} from './format-reply';
import type { IncomingQuestion } from './incoming-message';
import { RecentKeys } from './recent-keys';
import { apologyReply, ReplySession, type ReplySessionResult, type ReplyTiming } from './reply-session';
import type { QuestionOutcome, SlackActivity } from './slack-activity';
import { SHARED_STATE_POLICY, threadKey, type SlackStateStore } from './shared-state';
import { SLACK_INTERFACE_TEXT } from './ui-text';
import { detectLanguage, detectLanguageOfStart } from '../language';

/** What a {@link QuestionHandler} needs. */
export interface QuestionHandlerOptions {
  /** The current assistant, questions in flight, counters and the per-question log line. */
  readonly activity: SlackActivity;
  readonly logger: Logger;
  /**
   * The state replicas share: answered messages (`message:<channel>:<ts>`, so one post is answered once
   * whichever events or replicas carry it), engaged threads (`engaged:<channel>:<threadTs>`), the rate limit,
   * thread turns and answer records.
   */
  readonly store: SlackStateStore;
  /** How long an answered message is remembered, in milliseconds. */
  readonly deduplicationWindowMilliseconds: number;
  /** How long a thread stays engaged (follow-ups without a mention) after the bot answered there, in milliseconds. */
  readonly engagedThreadMilliseconds: number;
  readonly access: AccessPolicy;
  /** Stream generated answers (with the status); else placeholder + `chat.update`. */
  readonly streaming: boolean;
  /** Without streaming: post a placeholder first (else the answer is posted once ready). */
  readonly showPlaceholder: boolean;
  readonly timing: ReplyTiming;
  readonly limits: SlackMessageLimits;
  /** The slash command, named in the help. */
  readonly command: string;
  /** Hashes a Slack user id for logs. */
  readonly hashUser: (user: string | null) => string | null;
  /** Longest question answered, in characters (Unicode code points; `MAX_QUESTION_CHARS`). */
  readonly maxQuestionCharacters: number;
}

/** Per-question extras from listeners other than plain message events. */
export interface QuestionExtras {
  /** When the event arrived (milliseconds since the epoch); default now. */
  readonly receivedAt?: number;
  /** Default: the question's source. */
  readonly surface?: QuestionSurface;
  /** A context line under the answer (mrkdwn), e.g. who asked with the message shortcut. */
  readonly footer?: string;
  /** Shows a refusal (not allowed, rate limited) privately; without it, refusals of events are logged only. */
  readonly notify?: (reply: SlackReply) => Promise<void>;
  /** Called with the answer when no message could be posted in the thread (e.g. the bot is not in the channel). */
  readonly onUndelivered?: (reply: SlackReply) => Promise<void>;
  /**
   * Slack's `X-Slack-Retry-Reason` when this delivery is a retry. With the shared store down, a retry for
   * `http_timeout` gets no "unavailable" reply: its first delivery reached a replica, which already replied.
   */
  readonly retryReason?: string;
}

const TITLE_CHARACTERS = 80;

/** Answers questions in their threads; one instance serves the whole app. */
export class QuestionHandler {
  /**
   * Messages this replica already told "state store unavailable" (in process, on purpose: the shared store is
   * what failed). With the store down, each replica sends that reply at most once per message.
   */
  private readonly outageReplies = new RecentKeys({
    timeToLiveMilliseconds: SHARED_STATE_POLICY.outageReplyMemoryMilliseconds,
    maximumKeys: SHARED_STATE_POLICY.outageReplyMemoryKeys,
  });

  constructor(private readonly options: QuestionHandlerOptions) {}

  /**
   * Whether replies in this thread are follow-ups for the bot (it answered or is answering there).
   * @throws {StateStoreUnavailableError} when the shared store does not answer.
   */
  async isEngagedThread(channel: string, threadTs: string): Promise<boolean> {
    const { store } = this.options;
    return (await store.has(`engaged:${threadKey(channel, threadTs)}`)) || (await store.hasThread(channel, threadTs));
  }

  /**
   * Answers `question` in its thread through `client`. Never throws: assistant failures become an apology
   * in the asker's language, Web API failures are logged and fall back as {@link ReplySession} describes.
   * A question over `maxQuestionCharacters` gets the polite "too long" reply (privately through
   * `extras.notify` when given, else in the thread) before any analysis of it, and no assistant call.
   * When the shared state store fails (Redis down), the asker gets the "state store unavailable" reply
   * instead of an answer: never an answer without the message's claim (so never two answers), and at most one
   * such reply per message from this replica.
   */
  async handle(question: IncomingQuestion, client: webApi.WebClient, extras: QuestionExtras = {}): Promise<QuestionOutcome> {
    const receivedAt = extras.receivedAt ?? Date.now();
    const surface: QuestionSurface = extras.surface ?? question.source;
    const base = { user: this.options.hashUser(question.user), channel: question.channel, threadTs: question.threadTs, surface, questionCharacters: question.text.length };
    try {
      return await this.handleWithState(question, client, extras, receivedAt, surface, base);
    } catch (error) {
      if (!(error instanceof StateStoreUnavailableError)) throw error;
      return this.replyStoreUnavailable(question, client, extras, error, base, receivedAt);
    }
  }

  private async handleWithState(
    question: IncomingQuestion,
    client: webApi.WebClient,
    extras: QuestionExtras,
    receivedAt: number,
    surface: QuestionSurface,
    base: { readonly user: string | null; readonly channel: string; readonly threadTs: string; readonly surface: QuestionSurface; readonly questionCharacters: number },
  ): Promise<QuestionOutcome> {
    const { logger, store, activity } = this.options;
    const where = { channel: question.channel, threadTs: question.threadTs, messageTs: question.messageTs };
    if (!(await store.claim(`message:${question.channel}:${question.messageTs}`, this.options.deduplicationWindowMilliseconds))) {
      logger.debug({ ...where, surface }, 'message already answered; ignoring the duplicate event');
      return 'duplicate';
    }
    const elapsed = (): number => Date.now() - receivedAt;

    const access = this.options.access.check(question.channel, question.user);
    if (!access.allowed) {
      logger.info({ ...where, reason: access.reason }, 'not answering: not on the allow-list');
      if (extras.notify !== undefined) await extras.notify(formatNoticeReply(SLACK_INTERFACE_TEXT[detectLanguageOfStart(question.text)].notAllowed));
      activity.recordQuestion({ ...base, outcome: 'not-allowed', latencyMilliseconds: elapsed(), firstResponseMilliseconds: null });
      return 'not-allowed';
    }
    await store.claim(`engaged:${threadKey(question.channel, question.threadTs)}`, this.options.engagedThreadMilliseconds);

    try {
      checkQuestionLength(question.text, this.options.maxQuestionCharacters);
    } catch (error) {
      if (!(error instanceof QuestionTooLongError)) throw error;
      logger.info({ ...where, surface, characters: error.characters, maximumCharacters: error.maximumCharacters }, 'not answering: the question is too long');
      const reply = formatQuestionTooLongReply(error);
      let delivery: ReplySessionResult | null = null;
      if (extras.notify !== undefined) await extras.notify(reply);
      else delivery = await this.session(client, question, error.lang, false).finish(reply, [], '', reply);
      activity.recordQuestion({
        ...base,
        outcome: 'too-long',
        latencyMilliseconds: elapsed(),
        firstResponseMilliseconds: delivery === null ? elapsed() : firstResponse(delivery, receivedAt),
        ...(delivery === null ? {} : { delivery: delivery.path }),
        errorCode: error.code,
      });
      return 'too-long';
    }

    if (question.text === '') {
      const session = this.session(client, question, 'en', false);
      const result = await session.finish(formatHelpReply(undefined, this.options.command), [], '', formatHelpReply(undefined, this.options.command));
      activity.recordQuestion({ ...base, outcome: 'help', latencyMilliseconds: elapsed(), firstResponseMilliseconds: firstResponse(result, receivedAt), delivery: result.path });
      return 'help';
    }

    const language = detectLanguage(question.text);
    if (question.user !== null) {
      const decision = await store.takeRateLimit(question.user);
      if (!decision.allowed) {
        const notice = formatRateLimitedReply(language, decision.retryAfterMilliseconds);
        if (extras.notify !== undefined) await extras.notify(notice);
        else await this.notifyPrivately(client, question, notice);
        activity.recordQuestion({ ...base, outcome: 'rate-limited', latencyMilliseconds: elapsed(), firstResponseMilliseconds: elapsed() });
        return 'rate-limited';
      }
    }
    // Read before answering: a store failure here still becomes the "unavailable" reply, not a half answer.
    const history = await store.threadTurns(question.channel, question.threadTs);
    return activity.track(this.answer(question, client, extras, { surface, language, receivedAt, base, history }));
  }

  /** The "state store unavailable" reply, once per message from this replica; logged as outcome `store-unavailable`. */
  private async replyStoreUnavailable(
    question: IncomingQuestion,
    client: webApi.WebClient,
    extras: QuestionExtras,
    error: StateStoreUnavailableError,
    base: { readonly user: string | null; readonly channel: string; readonly threadTs: string; readonly surface: QuestionSurface; readonly questionCharacters: number },
    receivedAt: number,
  ): Promise<QuestionOutcome> {
    const { logger, activity } = this.options;
    const where = { channel: question.channel, threadTs: question.threadTs, messageTs: question.messageTs };
    if (!this.outageReplies.claim(`${question.channel}:${question.messageTs}`) || extras.retryReason === 'http_timeout') {
      logger.info({ ...where, operation: error.operation, retryReason: extras.retryReason }, 'state store unavailable; the message was already told so (by this replica, or by the one its first delivery reached)');
      return 'duplicate';
    }
    logger.error({ ...where, error: describeError(error), operation: error.operation }, 'not answering: the shared state store is unavailable');
    const reply = formatNoticeReply(SLACK_INTERFACE_TEXT[detectLanguageOfStart(question.text)].stateStoreUnavailable);
    let delivery: ReplySessionResult | null = null;
    if (extras.notify !== undefined) await extras.notify(reply);
    else delivery = await this.session(client, question, detectLanguageOfStart(question.text), false).finish(reply, [], '', reply);
    activity.recordQuestion({
      ...base,
      outcome: 'store-unavailable',
      latencyMilliseconds: Date.now() - receivedAt,
      firstResponseMilliseconds: delivery === null ? Date.now() - receivedAt : firstResponse(delivery, receivedAt),
      ...(delivery === null ? {} : { delivery: delivery.path }),
      errorCode: error.code,
    });
    return 'store-unavailable';
  }

  private session(client: webApi.WebClient, question: IncomingQuestion, language: Language, streaming: boolean): ReplySession {
    return new ReplySession({
      client,
      target: { channel: question.channel, threadTs: question.threadTs, user: question.user, team: question.team },
      language,
      logger: this.options.logger,
      streaming,
      showPlaceholder: this.options.showPlaceholder,
      timing: this.options.timing,
    });
  }

  private async answer(
    question: IncomingQuestion,
    client: webApi.WebClient,
    extras: QuestionExtras,
    context: {
      readonly surface: QuestionSurface;
      readonly language: Language;
      readonly receivedAt: number;
      readonly base: { readonly user: string | null; readonly channel: string; readonly threadTs: string; readonly surface: QuestionSurface; readonly questionCharacters: number };
      readonly history: readonly ConversationTurn[];
    },
  ): Promise<QuestionOutcome> {
    const { logger, activity, limits } = this.options;
    const { language, receivedAt, base, history } = context;
    const where = { channel: question.channel, threadTs: question.threadTs, messageTs: question.messageTs };
    const session = this.session(client, question, language, this.options.streaming);
    session.begin();
    if (question.source === 'direct-message' && question.inThread && history.length === 0) this.setTitle(client, question);
    logger.debug({ ...where, surface: context.surface, historyTurns: history.length }, 'answering a Slack question');

    // Answering is partly CPU-bound (embedding, search): wait for a turn, so that acknowledgements of other
    // events and this question's status call go out first (see SlackActivity.nextTurn).
    await activity.nextTurn();
    const assistant = activity.assistant;
    let result: AnswerResult;
    try {
      result = await assistant.ask(question.text, {
        history,
        onDelta: (delta) => session.delta(delta),
        onStage: (stage) => session.stage(stage),
        signal: activity.shutdownSignal,
      });
    } catch (error) {
      if (error instanceof QuestionTooLongError) {
        // The assistant's own bound (it may be stricter than the app's early check).
        logger.info({ ...where, characters: error.characters, maximumCharacters: error.maximumCharacters }, 'not answering: the question is too long');
        const reply = formatQuestionTooLongReply(error);
        const delivery = await session.finishWithNotice(reply, reply.text);
        activity.recordQuestion({ ...base, outcome: 'too-long', latencyMilliseconds: Date.now() - receivedAt, firstResponseMilliseconds: firstResponse(delivery, receivedAt), delivery: delivery.path, errorCode: error.code });
        return 'too-long';
      }
      const aborted = activity.shutdownSignal.aborted;
      const assistantError = toAssistantError(error);
      logger.error({ ...where, error: describeError(assistantError), aborted }, 'the assistant failed to answer');
      const kind = aborted ? 'shuttingDown' : 'failure';
      const delivery = await session.finishWithNotice(apologyReply(language, kind), SLACK_INTERFACE_TEXT[language][kind]);
      activity.recordQuestion({
        ...base,
        outcome: aborted ? 'aborted' : 'failed',
        latencyMilliseconds: Date.now() - receivedAt,
        firstResponseMilliseconds: firstResponse(delivery, receivedAt),
        historyTurns: history.length,
        delivery: delivery.path,
        errorCode: assistantError.code,
      });
      return aborted ? 'aborted' : 'failed';
    }

    const answerId = AnswerRecords.newId();
    const decorations = { answerId, ...(extras.footer === undefined ? {} : { footer: extras.footer }) };
    const reply = formatAnswerReply(result, limits, decorations);
    const attachments = formatAnswerAttachments(result, limits, decorations);
    const fallback = formatAnswerReply(result, limits, { style: 'mrkdwn', ...(extras.footer === undefined ? {} : { footer: extras.footer }) });
    const delivery = await session.finish(reply, attachments, result.answer, fallback);
    const record = { id: answerId, question: question.text, result, surface: context.surface, channel: question.channel, createdAt: Date.now() };
    if (delivery.delivered) {
      await this.remember(where, () => this.options.store.appendThreadTurn(question.channel, question.threadTs, { question: question.text, answer: result }));
      await this.remember(where, () => this.options.store.putAnswer(record));
    } else if (extras.onUndelivered !== undefined) {
      await this.remember(where, () => this.options.store.putAnswer(record));
      await extras.onUndelivered(formatAnswerReply(result, limits, { answerId, share: true }));
    }
    const outcome: QuestionOutcome = !delivery.delivered ? 'undelivered' : result.found ? 'answered' : 'not-found';
    activity.recordQuestion({
      ...base,
      outcome,
      latencyMilliseconds: Date.now() - receivedAt,
      firstResponseMilliseconds: firstResponse(delivery, receivedAt),
      historyTurns: history.length,
      citations: result.found ? result.citations.length : 0,
      related: result.related.length,
      mode: result.mode,
      kind: result.kind,
      found: result.found,
      delivery: delivery.path,
      answerId,
    });
    return outcome;
  }

  /**
   * Stores what a delivered answer leaves behind (thread turn, answer record). The answer is already shown,
   * so a store failure here is logged only: the thread's next follow-up lacks this turn, and the buttons
   * fall back to what their values carry.
   */
  private async remember(where: Readonly<Record<string, string>>, write: () => Promise<void>): Promise<void> {
    try {
      await write();
    } catch (error) {
      this.options.logger.warn({ ...where, error: describeError(error) }, 'answer delivered, but the shared state store did not record it');
    }
  }

  /** Names a new assistant thread after its first question (fire and forget; failures logged at debug). */
  private setTitle(client: webApi.WebClient, question: IncomingQuestion): void {
    const title = question.text.length > TITLE_CHARACTERS ? `${question.text.slice(0, TITLE_CHARACTERS - 1)}…` : question.text;
    client.assistant.threads.setTitle({ channel_id: question.channel, thread_ts: question.threadTs, title }).catch((error: unknown) => {
      this.options.logger.debug({ channel: question.channel, threadTs: question.threadTs, error: describeError(error) }, 'could not set the thread title');
    });
  }

  /** An ephemeral message to the asker in the thread; if Slack refuses it, a normal reply in the thread. */
  private async notifyPrivately(client: webApi.WebClient, question: IncomingQuestion, reply: SlackReply): Promise<void> {
    try {
      if (question.user === null) throw new Error('no user to show an ephemeral message to');
      await client.chat.postEphemeral({ channel: question.channel, user: question.user, thread_ts: question.threadTs, text: reply.text, blocks: [...reply.blocks] });
    } catch (error) {
      this.options.logger.warn({ channel: question.channel, error: describeError(error) }, 'could not post an ephemeral notice; replying in the thread');
      try {
        await client.chat.postMessage({ channel: question.channel, thread_ts: question.threadTs, text: reply.text, blocks: [...reply.blocks] });
      } catch (postError) {
        this.options.logger.error({ channel: question.channel, method: 'chat.postMessage', error: describeError(postError) }, 'Slack Web API call chat.postMessage failed');
      }
    }
  }
}

/** Milliseconds from the event's arrival to the first thing the asker saw; null when nothing was seen. */
function firstResponse(delivery: ReplySessionResult, receivedAt: number): number | null {
  return delivery.firstVisibleAt === null ? null : Math.max(0, delivery.firstVisibleAt - receivedAt);
}
