/**
 * Answers one question in its Slack thread: the one place where the Slack layer calls the domain
 * (`assistant.ask`). Listeners parse events into {@link IncomingQuestion}s and hand them here; this class
 * de-duplicates, keeps thread history, shows a placeholder, and posts the formatted answer or an apology.
 */
import type { webApi } from '@slack/bolt';
import { detectLanguage, toAssistantError, type Language, type Logger } from '../core';
import type { AnswerResult, Assistant } from '../answer/types';
import { describeError } from './bolt-logger';
import {
  formatAnswerReply,
  formatFailureReply,
  formatHelpReply,
  formatPlaceholderReply,
  type SlackMessageLimits,
  type SlackReply,
} from './format-reply';
import type { IncomingQuestion } from './incoming-message';
import type { RecentKeys } from './recent-keys';
import type { ThreadHistory } from './thread-history';

/** What a {@link QuestionHandler} needs. */
export interface QuestionHandlerOptions {
  readonly assistant: Assistant;
  readonly logger: Logger;
  readonly history: ThreadHistory;
  /** Remembers answered messages by channel and `ts`, so one post is answered once whichever events carry it. */
  readonly answeredMessages: RecentKeys;
  /** Post a placeholder first and replace it with the answer (`chat.update`); else post the answer once ready. */
  readonly showPlaceholder: boolean;
  readonly limits: SlackMessageLimits;
}

/** How a question ended, for logs and tests. */
export type QuestionOutcome = 'answered' | 'help' | 'duplicate' | 'failed';

/** Answers questions in their threads; one instance serves the whole app. */
export class QuestionHandler {
  constructor(private readonly options: QuestionHandlerOptions) {}

  /**
   * Answers `question` in its thread through `client`. Never throws: assistant failures become an apology
   * in the asker's language, Web API failures are logged.
   */
  async handle(question: IncomingQuestion, client: webApi.WebClient): Promise<QuestionOutcome> {
    const { logger, answeredMessages } = this.options;
    const where = { channel: question.channel, threadTs: question.threadTs, messageTs: question.messageTs };
    if (!answeredMessages.claim(`${question.channel}:${question.messageTs}`)) {
      logger.debug({ ...where, source: question.source }, 'message already answered; ignoring the duplicate event');
      return 'duplicate';
    }
    if (question.text === '') {
      await this.deliver(client, question, null, formatHelpReply(), null);
      return 'help';
    }

    const language = detectLanguage(question.text);
    // Posted while the assistant works, not before: the placeholder must not delay the answer. `post` never rejects.
    const placeholder = this.options.showPlaceholder
      ? this.post(client, question, formatPlaceholderReply(language))
      : Promise.resolve(null);
    const history = this.options.history.turns(question.channel, question.threadTs);
    logger.info(
      { ...where, source: question.source, user: question.user, questionCharacters: question.text.length, historyTurns: history.length },
      'answering a Slack question',
    );

    const startedAt = Date.now();
    let result: AnswerResult;
    try {
      result = await this.options.assistant.ask(question.text, { history });
    } catch (error) {
      const assistantError = toAssistantError(error);
      logger.error({ ...where, error: describeError(assistantError) }, 'the assistant failed to answer');
      await this.deliver(client, question, await placeholder, formatFailureReply(language), null);
      return 'failed';
    }

    const reply = formatAnswerReply(result, this.options.limits);
    const delivered = await this.deliver(client, question, await placeholder, reply, language);
    if (delivered) this.options.history.append(question.channel, question.threadTs, { question: question.text, answer: result });
    logger.info(
      {
        ...where,
        found: result.found,
        mode: result.mode,
        citations: result.citations.length,
        blocks: reply.blocks.length,
        durationMilliseconds: Date.now() - startedAt,
        delivered,
      },
      delivered ? 'answered a Slack question' : 'could not deliver the answer',
    );
    return delivered ? 'answered' : 'failed';
  }

  /**
   * Shows `reply` in the thread: replaces the placeholder when there is one, else posts a new message.
   * When that fails and `failureLanguage` is given, tries once more with the short apology in that language.
   * @returns whether `reply` itself reached Slack.
   */
  private async deliver(
    client: webApi.WebClient,
    question: IncomingQuestion,
    placeholderTs: string | null,
    reply: SlackReply,
    failureLanguage: Language | null,
  ): Promise<boolean> {
    const delivered =
      placeholderTs === null
        ? (await this.post(client, question, reply)) !== null
        : await this.update(client, question, placeholderTs, reply);
    if (!delivered && failureLanguage !== null) {
      const apology = formatFailureReply(failureLanguage);
      if (placeholderTs === null) await this.post(client, question, apology);
      else await this.update(client, question, placeholderTs, apology);
    }
    return delivered;
  }

  /** `chat.postMessage` into the question's thread. @returns the new message's `ts`, or null when it failed (logged). */
  private async post(client: webApi.WebClient, question: IncomingQuestion, reply: SlackReply): Promise<string | null> {
    try {
      const response = await client.chat.postMessage({
        channel: question.channel,
        thread_ts: question.threadTs,
        text: reply.text,
        blocks: [...reply.blocks],
        unfurl_links: false,
        unfurl_media: false,
      });
      return typeof response.ts === 'string' ? response.ts : null;
    } catch (error) {
      this.logDeliveryFailure('chat.postMessage', question, error);
      return null;
    }
  }

  /** `chat.update` of a message the bot posted. @returns whether it succeeded (failures are logged). */
  private async update(
    client: webApi.WebClient,
    question: IncomingQuestion,
    messageTs: string,
    reply: SlackReply,
  ): Promise<boolean> {
    try {
      await client.chat.update({ channel: question.channel, ts: messageTs, text: reply.text, blocks: [...reply.blocks] });
      return true;
    } catch (error) {
      this.logDeliveryFailure('chat.update', question, error);
      return false;
    }
  }

  private logDeliveryFailure(method: string, question: IncomingQuestion, error: unknown): void {
    this.options.logger.error(
      { method, channel: question.channel, threadTs: question.threadTs, error: describeError(error) },
      `Slack Web API call ${method} failed`,
    );
  }
}
