/**
 * The app's listeners other than thread messages: the slash command (private answers, help, admin
 * commands), the answer buttons ("Share in channel", "Show original", feedback), the message shortcut and
 * the start of an assistant thread (suggested prompts). Transport only: each parses its payload, calls the
 * assistant (or an injected admin callback) at most once, and formats the reply.
 */
import type { RespondArguments, webApi } from '@slack/bolt';
import { QuestionTooLongError, StateStoreUnavailableError, toAssistantError, type Language, type Logger } from '../core';
import { checkQuestionLength } from '../answer';
import type { FeedbackRating, FeedbackRecord } from '../eval';
import type { AccessPolicy, RateLimitDecision } from './access-policy';
import { AnswerRecords, type AnswerRecord } from './answer-records';
import { describeError } from './bolt-logger';
import {
  decodeShowOriginalValue,
  escapeMrkdwn,
  formatAnswerReply,
  formatFailureReply,
  formatHelpReply,
  formatNoticeReply,
  formatOriginalReply,
  formatPlaceholderReply,
  formatQuestionTooLongReply,
  formatRateLimitedReply,
  formatSourcesReply,
  type SlackMessageLimits,
  type SlackReply,
} from './format-reply';
import { slackTextToPlainText, stripBotMention } from './incoming-message';
import { passagesForArticles, passagesForCitations, type SourcePageLink } from './original-passages';
import type { QuestionHandler } from './question-handler';
import type { SlackStateStore } from './shared-state';
import type { SlackActivity } from './slack-activity';
import { parseSlashCommand } from './slash-command';
import { fillTemplate, SLACK_INTERFACE_TEXT, SUGGESTED_PROMPTS } from './ui-text';
import { detectLanguageOfStart } from '../language';

/** Plain values shown by the admin commands, by label. */
export type AdminDetails = Readonly<Record<string, string | number | boolean | null>>;

/**
 * What a reindex produced, to tell the admin. The entry point swaps the new index in behind the assistant it
 * gave `createSlackApp` (an `AssistantHost`), so questions in flight finish on the old index.
 */
export interface ReindexOutcome {
  readonly details: AdminDetails;
}

/** The admin commands' callbacks, injected by the entry point (which owns the index). */
export interface SlackAdminCommands {
  /**
   * Rebuilds the index and swaps it in behind the app's assistant.
   * @throws any build error; the admin sees its code and message, the old assistant keeps answering.
   */
  reindex(): Promise<ReindexOutcome>;
  /** Index, embedder and LLM facts for `/newsletter stats`. */
  stats(): AdminDetails;
}

/** What {@link SlackInteractions} needs. */
export interface SlackInteractionsOptions {
  readonly activity: SlackActivity;
  readonly logger: Logger;
  /** Shared state: the rate limit, answer records (buttons) and feedback. */
  readonly store: SlackStateStore;
  readonly access: AccessPolicy;
  readonly limits: SlackMessageLimits;
  /** The slash command, e.g. `/newsletter`. */
  readonly command: string;
  readonly hashUser: (user: string | null) => string | null;
  readonly admin: SlackAdminCommands | undefined;
  readonly questionHandler: QuestionHandler;
  /** Longest question answered, in characters (Unicode code points; `MAX_QUESTION_CHARS`). */
  readonly maxQuestionCharacters: number;
  /** Source pages of articles for "Show original" on an answer no longer remembered (null = no links). */
  readonly sourcePageLink: SourcePageLink;
}

/** The fields of a slash command payload that the bot reads. */
export interface SlashCommandPayload {
  readonly text: string;
  readonly user_id: string;
  readonly channel_id: string;
}

/** Acknowledges a request within Slack's 3 seconds; the body is shown to the user (commands). */
export type AcknowledgeFunction = (response?: string | RespondArguments) => Promise<void>;
/** Posts to the payload's `response_url`. */
export type RespondFunction = (message: string | RespondArguments) => Promise<unknown>;

/** Reads `object[key]` as a string when it is one. */
function stringAt(value: unknown, ...path: string[]): string | undefined {
  let current: unknown = value;
  for (const key of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return typeof current === 'string' && current !== '' ? current : undefined;
}

function ephemeral(reply: SlackReply, replaceOriginal: boolean): RespondArguments {
  return { response_type: 'ephemeral', replace_original: replaceOriginal, text: reply.text, blocks: [...reply.blocks] };
}

const ADMIN_REINDEX_STARTED = 'Rebuilding the index… the assistant keeps answering meanwhile.';

/** Handlers for commands, buttons, shortcuts and assistant threads. */
export class SlackInteractions {
  private reindexRunning = false;

  constructor(private readonly options: SlackInteractionsOptions) {}

  /**
   * The slash command. Acknowledged at once (help, a refusal, the "too long" notice for a question over
   * `maxQuestionCharacters`, or "searching…"), then answered privately through `respond` with a "Share in
   * channel" button; admin commands run for admins only.
   */
  async command(payload: SlashCommandPayload, ack: AcknowledgeFunction, respond: RespondFunction): Promise<void> {
    const receivedAt = Date.now();
    const { access, activity, logger, limits, command } = this.options;
    const parsed = parseSlashCommand(payload.text);
    const language: Language = detectLanguageOfStart(parsed.argument || payload.text);
    const interfaceText = SLACK_INTERFACE_TEXT[language];
    const user = payload.user_id;
    const base = { user: this.options.hashUser(user), channel: payload.channel_id, surface: 'command' as const, questionCharacters: parsed.argument.length };

    const decision = access.check(payload.channel_id, user);
    if (!decision.allowed) {
      logger.info({ channel: payload.channel_id, reason: decision.reason, subcommand: parsed.kind }, 'not answering a command: not on the allow-list');
      await ack(ephemeral(formatNoticeReply(interfaceText.notAllowed), false));
      activity.recordQuestion({ ...base, outcome: 'not-allowed', latencyMilliseconds: Date.now() - receivedAt, firstResponseMilliseconds: null });
      return;
    }
    if (parsed.kind === 'help' || (parsed.kind !== 'summarize' && parsed.kind !== 'stats' && parsed.kind !== 'reindex' && parsed.argument === '')) {
      await ack(ephemeral(formatHelpReply(undefined, command), false));
      return;
    }
    if (parsed.kind === 'reindex' || parsed.kind === 'stats') {
      await this.adminCommand(parsed.kind, user, language, ack, respond);
      return;
    }
    const question =
      parsed.kind === 'summarize'
        ? parsed.argument === ''
          ? interfaceText.summarizeLatest
          : fillTemplate(interfaceText.summarizeRequest, { topic: parsed.argument })
        : parsed.argument;
    try {
      checkQuestionLength(question, this.options.maxQuestionCharacters);
    } catch (error) {
      if (!(error instanceof QuestionTooLongError)) throw error;
      logger.info({ channel: payload.channel_id, characters: error.characters, maximumCharacters: error.maximumCharacters }, 'not answering a command: the question is too long');
      await ack(ephemeral(formatQuestionTooLongReply(error), false));
      activity.recordQuestion({ ...base, outcome: 'too-long', latencyMilliseconds: Date.now() - receivedAt, firstResponseMilliseconds: Date.now() - receivedAt, errorCode: error.code });
      return;
    }
    let rate: RateLimitDecision;
    try {
      rate = await this.options.store.takeRateLimit(user);
    } catch (error) {
      if (!(error instanceof StateStoreUnavailableError)) throw error;
      logger.error({ channel: payload.channel_id, error: describeError(error) }, 'not answering a command: the shared state store is unavailable');
      await ack(ephemeral(formatNoticeReply(interfaceText.stateStoreUnavailable), false));
      activity.recordQuestion({ ...base, outcome: 'store-unavailable', latencyMilliseconds: Date.now() - receivedAt, firstResponseMilliseconds: Date.now() - receivedAt, errorCode: error.code });
      return;
    }
    if (!rate.allowed) {
      await ack(ephemeral(formatRateLimitedReply(language, rate.retryAfterMilliseconds), false));
      activity.recordQuestion({ ...base, outcome: 'rate-limited', latencyMilliseconds: Date.now() - receivedAt, firstResponseMilliseconds: Date.now() - receivedAt });
      return;
    }
    await ack(ephemeral(formatPlaceholderReply(language), false));
    const firstResponseMilliseconds = Date.now() - receivedAt;
    await activity.track(
      (async () => {
        await activity.nextTurn();
        const assistant = activity.assistant;
        try {
          const result = await assistant.ask(question, { signal: activity.shutdownSignal });
          const answerId = AnswerRecords.newId();
          await this.rememberAnswer({ id: answerId, question, result, surface: 'command', channel: payload.channel_id, createdAt: Date.now() });
          const reply = parsed.kind === 'sources' ? formatSourcesReply(result, limits) : formatAnswerReply(result, limits, { answerId, share: true });
          const delivered = await this.respondSafely(respond, ephemeral(reply, true), 'answer');
          activity.recordQuestion({
            ...base,
            outcome: !delivered ? 'undelivered' : result.found ? 'answered' : 'not-found',
            latencyMilliseconds: Date.now() - receivedAt,
            firstResponseMilliseconds,
            citations: result.found ? result.citations.length : 0,
            related: result.related.length,
            mode: result.mode,
            kind: result.kind,
            found: result.found,
            delivery: 'ephemeral',
            answerId,
          });
        } catch (error) {
          if (error instanceof QuestionTooLongError) {
            // The assistant's own bound (it may be stricter than the early check above).
            await this.respondSafely(respond, ephemeral(formatQuestionTooLongReply(error), true), 'too-long notice');
            activity.recordQuestion({ ...base, outcome: 'too-long', latencyMilliseconds: Date.now() - receivedAt, firstResponseMilliseconds, delivery: 'ephemeral', errorCode: error.code });
            return;
          }
          const assistantError = toAssistantError(error);
          const aborted = activity.shutdownSignal.aborted;
          logger.error({ channel: payload.channel_id, error: describeError(assistantError), aborted }, 'the assistant failed to answer');
          const notice = aborted ? formatNoticeReply(interfaceText.shuttingDown) : formatFailureReply(language);
          await this.respondSafely(respond, ephemeral(notice, true), 'apology');
          activity.recordQuestion({
            ...base,
            outcome: aborted ? 'aborted' : 'failed',
            latencyMilliseconds: Date.now() - receivedAt,
            firstResponseMilliseconds,
            delivery: 'ephemeral',
            errorCode: assistantError.code,
          });
        }
      })(),
    );
  }

  private async adminCommand(kind: 'reindex' | 'stats', user: string, language: Language, ack: AcknowledgeFunction, respond: RespondFunction): Promise<void> {
    const { access, admin, activity, logger } = this.options;
    if (!access.isAdmin(user) || admin === undefined) {
      logger.info({ user: this.options.hashUser(user), subcommand: kind }, 'refused an admin command');
      await ack(ephemeral(formatNoticeReply(SLACK_INTERFACE_TEXT[language].adminOnly), false));
      return;
    }
    if (kind === 'stats') {
      const snapshot = activity.snapshot();
      const details: AdminDetails = {
        ...admin.stats(),
        'running since': snapshot.startedAt,
        'questions in flight': snapshot.questionsInFlight,
        'median answer latency (ms)': snapshot.medianLatencyMilliseconds,
        ...Object.fromEntries(Object.entries(snapshot.outcomes).map(([outcome, count]) => [`questions ${outcome}`, count ?? 0])),
      };
      await ack(ephemeral(detailsReply('Assistant stats', details), false));
      return;
    }
    if (this.reindexRunning) {
      await ack(ephemeral(formatNoticeReply('A reindex is already running.'), false));
      return;
    }
    this.reindexRunning = true;
    await ack(ephemeral(formatNoticeReply(ADMIN_REINDEX_STARTED), false));
    const startedAt = Date.now();
    try {
      const outcome = await admin.reindex();
      logger.info({ user: this.options.hashUser(user), durationMilliseconds: Date.now() - startedAt, ...outcome.details }, 'reindexed; new questions use the new index');
      await this.respondSafely(respond, ephemeral(detailsReply('Reindexed', { ...outcome.details, 'duration (ms)': Date.now() - startedAt }), true), 'reindex result');
    } catch (error) {
      const wrapped = toAssistantError(error);
      logger.error({ error: describeError(wrapped) }, 'reindex failed; the previous index keeps answering');
      await this.respondSafely(respond, ephemeral(formatNoticeReply(`Reindex failed (${wrapped.code}): ${wrapped.message}`), true), 'reindex failure');
    } finally {
      this.reindexRunning = false;
    }
  }

  /** "Share in channel": posts the private answer for everyone (with who shared it), then removes the private copy. */
  async share(body: unknown, value: string | undefined, respond: RespondFunction): Promise<void> {
    const user = stringAt(body, 'user', 'id') ?? null;
    let record: AnswerRecord | undefined;
    try {
      record = value === undefined ? undefined : await this.options.store.getAnswer(value);
    } catch (error) {
      this.options.logger.error({ error: describeError(error) }, 'cannot share: the shared state store is unavailable');
      await this.respondSafely(respond, ephemeral(formatNoticeReply(SLACK_INTERFACE_TEXT.en.stateStoreUnavailable), false), 'unavailable notice');
      return;
    }
    if (record === undefined) {
      await this.respondSafely(respond, ephemeral(formatNoticeReply(SLACK_INTERFACE_TEXT.en.answerExpired), false), 'expired notice');
      return;
    }
    const interfaceText = SLACK_INTERFACE_TEXT[record.result.lang];
    const footer = user === null ? undefined : fillTemplate(escapeMrkdwn(interfaceText.sharedBy), { user: `<@${user}>` });
    const reply = formatAnswerReply(record.result, this.options.limits, { answerId: record.id, ...(footer === undefined ? {} : { footer }) });
    const shared = await this.respondSafely(respond, { response_type: 'in_channel', replace_original: false, text: reply.text, blocks: [...reply.blocks] }, 'shared answer');
    if (shared) await this.respondSafely(respond, { delete_original: true }, 'removal of the private answer');
    this.options.logger.info({ user: this.options.hashUser(user), answerId: record.id, shared }, 'answer shared in channel');
  }

  /** "Show original": the cited passages (both editions when paired), visible only to whoever clicked. */
  async showOriginal(body: unknown, value: string | undefined, client: webApi.WebClient, respond: RespondFunction): Promise<void> {
    const decoded = decodeShowOriginalValue(value);
    // Without the store, the button's own value (the cited articles) still shows the passages.
    const record = decoded === undefined ? undefined : await this.recallAnswer(decoded.id);
    const assistant = this.options.activity.assistant;
    const lookup = (articleId: string) => assistant.article(articleId);
    const language: Language = record?.result.lang ?? detectLanguageOfStart(stringAt(body, 'message', 'text') ?? '');
    const passages = record !== undefined ? passagesForCitations(record.result.citations, lookup) : passagesForArticles(decoded?.articles ?? [], lookup, this.options.sourcePageLink);
    const reply =
      passages.length === 0 ? formatNoticeReply(SLACK_INTERFACE_TEXT[language].answerExpired) : formatOriginalReply(passages, language, this.options.limits);
    await this.showPrivately(body, reply, client, respond, 'original passages');
  }

  /** A feedback button: appends the rating with the question, answer and sources to the feedback log. */
  async feedback(body: unknown, rating: FeedbackRating, value: string | undefined, client: webApi.WebClient, respond: RespondFunction): Promise<void> {
    const user = stringAt(body, 'user', 'id') ?? null;
    const record = value === undefined ? undefined : await this.recallAnswer(value);
    const feedback: FeedbackRecord = {
      time: new Date().toISOString(),
      user: this.options.hashUser(user) ?? 'unknown',
      rating,
      answerId: value ?? 'unknown',
      question: record?.question ?? null,
      answer: record?.result.answer ?? slackTextToPlainText(stringAt(body, 'message', 'text') ?? ''),
      lang: record?.result.lang ?? null,
      mode: record?.result.mode ?? null,
      found: record?.result.found ?? null,
      citations: (record?.result.found === true ? record.result.citations : []).map((citation) => ({
        n: citation.n,
        articleId: citation.articleId,
        title: citation.title,
        file: citation.file,
      })),
      surface: record?.surface ?? null,
    };
    const language: Language = record?.result.lang ?? 'en';
    try {
      await this.options.store.appendFeedback(feedback);
      this.options.logger.info({ user: feedback.user, rating, answerId: feedback.answerId, remembered: record !== undefined }, 'feedback stored');
      await this.showPrivately(body, formatNoticeReply(SLACK_INTERFACE_TEXT[language].feedbackThanks[rating]), client, respond, 'feedback thanks');
    } catch (error) {
      this.options.logger.error({ error: describeError(error), store: this.options.store.kind }, 'could not store feedback');
      const reply = error instanceof StateStoreUnavailableError ? formatNoticeReply(SLACK_INTERFACE_TEXT[language].stateStoreUnavailable) : formatFailureReply(language);
      await this.showPrivately(body, reply, client, respond, 'feedback failure');
    }
  }

  /**
   * "Ask about this message": the message's text becomes the question, answered in the message's thread like
   * a mention (status, stream, sources), with a note of who asked; privately when the bot cannot post there.
   */
  async askAboutMessage(body: unknown, botUserId: string | undefined, client: webApi.WebClient, respond: RespondFunction): Promise<void> {
    const channel = stringAt(body, 'channel', 'id');
    const messageTs = stringAt(body, 'message', 'ts');
    const user = stringAt(body, 'user', 'id') ?? null;
    if (channel === undefined || messageTs === undefined) {
      this.options.logger.warn({}, 'message shortcut without channel or message; ignoring');
      return;
    }
    const text = slackTextToPlainText(stripBotMention(stringAt(body, 'message', 'text') ?? '', botUserId));
    const language = detectLanguageOfStart(text);
    const footer = user === null ? undefined : fillTemplate(escapeMrkdwn(SLACK_INTERFACE_TEXT[language].askedAboutMessage), { user: `<@${user}>` });
    const notify = async (reply: SlackReply): Promise<void> => {
      await this.respondSafely(respond, ephemeral(reply, false), 'shortcut notice');
    };
    await this.options.questionHandler.handle(
      {
        channel,
        threadTs: stringAt(body, 'message', 'thread_ts') ?? messageTs,
        // Each use of the shortcut is its own question (it is never redelivered); the trigger id tells them apart.
        messageTs: `shortcut:${stringAt(body, 'trigger_id') ?? stringAt(body, 'action_ts') ?? String(Date.now())}`,
        inThread: true,
        user,
        team: stringAt(body, 'team', 'id') ?? stringAt(body, 'user', 'team_id') ?? null,
        text,
        source: 'mention',
      },
      client,
      { surface: 'shortcut', ...(footer === undefined ? {} : { footer }), notify, onUndelivered: notify },
    );
  }

  /** A new assistant thread: suggested prompts in English and Chinese (for allowed users). */
  async threadStarted(event: unknown, client: webApi.WebClient): Promise<void> {
    const channel = stringAt(event, 'assistant_thread', 'channel_id');
    const threadTs = stringAt(event, 'assistant_thread', 'thread_ts');
    const user = stringAt(event, 'assistant_thread', 'user_id') ?? null;
    if (channel === undefined || threadTs === undefined) return;
    if (!this.options.access.check(channel, user).allowed) {
      this.options.logger.info({ channel }, 'not suggesting prompts: not on the allow-list');
      return;
    }
    try {
      await client.assistant.threads.setSuggestedPrompts({
        channel_id: channel,
        thread_ts: threadTs,
        title: SLACK_INTERFACE_TEXT.en.suggestedPromptsTitle,
        prompts: SUGGESTED_PROMPTS.map((prompt) => ({ title: prompt.title, message: prompt.message })),
      });
    } catch (error) {
      this.options.logger.error({ channel, method: 'assistant.threads.setSuggestedPrompts', error: describeError(error) }, 'Slack Web API call assistant.threads.setSuggestedPrompts failed');
    }
  }

  /**
   * Shows `reply` only to the user who clicked: as an ephemeral message in the clicked message's thread, or
   * through `respond` when the message is itself ephemeral or Slack refuses the ephemeral post.
   */
  private async showPrivately(body: unknown, reply: SlackReply, client: webApi.WebClient, respond: RespondFunction, what: string): Promise<void> {
    const user = stringAt(body, 'user', 'id');
    const channel = stringAt(body, 'channel', 'id') ?? stringAt(body, 'container', 'channel_id');
    const isEphemeral = typeof body === 'object' && body !== null && (body as { container?: { is_ephemeral?: unknown } }).container?.is_ephemeral === true;
    if (!isEphemeral && user !== undefined && channel !== undefined) {
      const threadTs = stringAt(body, 'message', 'thread_ts') ?? stringAt(body, 'message', 'ts');
      try {
        await client.chat.postEphemeral({ channel, user, ...(threadTs === undefined ? {} : { thread_ts: threadTs }), text: reply.text, blocks: [...reply.blocks] });
        return;
      } catch (error) {
        this.options.logger.warn({ channel, error: describeError(error), what }, 'chat.postEphemeral failed; answering through response_url');
      }
    }
    await this.respondSafely(respond, ephemeral(reply, false), what);
  }

  /** The answer record of `id`; undefined when unknown, expired or when the store fails (logged). */
  private async recallAnswer(id: string): Promise<AnswerRecord | undefined> {
    try {
      return await this.options.store.getAnswer(id);
    } catch (error) {
      this.options.logger.warn({ answerId: id, error: describeError(error) }, 'the shared state store is unavailable; using what the button carries');
      return undefined;
    }
  }

  /** Stores an answer record; a store failure is logged (the answer is shown anyway, its buttons fall back). */
  private async rememberAnswer(record: AnswerRecord): Promise<void> {
    try {
      await this.options.store.putAnswer(record);
    } catch (error) {
      this.options.logger.warn({ answerId: record.id, error: describeError(error) }, 'the shared state store did not record the answer');
    }
  }

  /** `respond`, logging instead of throwing. @returns whether Slack accepted it. */
  private async respondSafely(respond: RespondFunction, message: RespondArguments, what: string): Promise<boolean> {
    try {
      await respond(message);
      return true;
    } catch (error) {
      this.options.logger.error({ error: describeError(error), what }, `could not send the ${what} through response_url`);
      return false;
    }
  }
}

/** Admin details as a section of `*label:* value` lines. */
function detailsReply(heading: string, details: AdminDetails): SlackReply {
  const lines = Object.entries(details).map(([label, value]) => `*${escapeMrkdwn(label)}:* ${escapeMrkdwn(value === null ? '–' : String(value))}`);
  const text = `*${escapeMrkdwn(heading)}*\n${lines.join('\n')}`;
  return { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: text.slice(0, 3000) } }] };
}
