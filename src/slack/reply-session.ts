/**
 * How one answer reaches its thread, from "working on it" to the final Block Kit message:
 *
 * 1. At once: the assistant status (`assistant.threads.setStatus`, "is searching the newsletters…") when
 *    streaming, else a placeholder message. If the status is refused, a placeholder is posted instead.
 * 2. While the answer is written: generated text arrives in deltas. When deltas keep coming (the first is
 *    not followed by the end of the answer within `streamStartDelayMilliseconds`), the text is streamed with
 *    `chat.startStream` / `chat.appendStream` (one call in flight, at most one per
 *    `appendIntervalMilliseconds`). Without streaming, the placeholder is edited (`chat.update`) at most once
 *    per `updateIntervalMilliseconds`.
 * 3. At the end: `chat.stopStream` with the sources and buttons as `blocks`; or `chat.update` of the
 *    placeholder; or one `chat.postMessage` when nothing was shown yet.
 *
 * Fallbacks: a stream that fails to start becomes a posted message that is then updated; a failing append
 * stops the stream and continues with `chat.update` of the streamed message; a stream that runs longer than
 * `streamMaximumMilliseconds` (Slack expires streams after about 5 minutes) or grows beyond
 * `streamMaximumCharacters` is stopped and continued the same way. A final message Slack refuses is retried
 * in its plainer fallback form, then replaced by the apology, then posted anew — never silence.
 *
 * Every Web API call of a session runs in order, one at a time; failures are logged, never thrown.
 */
import type { types as SlackTypes, webApi } from '@slack/bolt';
import type { Language, Logger } from '../core';
import type { AnswerStage } from '../answer/types';
import { describeError } from './bolt-logger';
import { escapeMrkdwn, formatPlaceholderReply, type SlackReply } from './format-reply';
import { neutralizeSlackControls } from './markdown-text';
import { SLACK_INTERFACE_TEXT } from './ui-text';

/** Where an answer goes. */
export interface ReplyTarget {
  readonly channel: string;
  readonly threadTs: string;
  /** The asker; streaming into a channel needs it as `recipient_user_id`. */
  readonly user: string | null;
  /** The asker's team; streaming into a channel needs it as `recipient_team_id`. */
  readonly team: string | null;
}

/** Timing and size limits of the delivery; all in milliseconds or characters as named. */
export interface ReplyTiming {
  /** Wait after the first delta before starting a stream; an answer complete by then is posted whole. */
  readonly streamStartDelayMilliseconds: number;
  /** Minimum time between two `chat.appendStream` calls of one stream. */
  readonly appendIntervalMilliseconds: number;
  /** A stream older than this is stopped and continued with `chat.update` (Slack expires streams at ~5 min). */
  readonly streamMaximumMilliseconds: number;
  /** Streamed text beyond this many characters is continued with `chat.update` instead. */
  readonly streamMaximumCharacters: number;
  /** Minimum time between two progress edits (`chat.update`) of a placeholder. */
  readonly updateIntervalMilliseconds: number;
}

/** Defaults: start streaming 150 ms after the first delta, append at most every 250 ms, stop streams at 4 minutes or 10,000 characters, edit placeholders at most once a second. */
export const DEFAULT_REPLY_TIMING: ReplyTiming = Object.freeze({
  streamStartDelayMilliseconds: 150,
  appendIntervalMilliseconds: 250,
  streamMaximumMilliseconds: 4 * 60 * 1000,
  streamMaximumCharacters: 10_000,
  updateIntervalMilliseconds: 1000,
});

/** What a {@link ReplySession} needs. */
export interface ReplySessionOptions {
  readonly client: webApi.WebClient;
  readonly target: ReplyTarget;
  /** Language of the fixed strings (status, placeholder). */
  readonly language: Language;
  readonly logger: Logger;
  /** Show the status and stream generated answers; else show a placeholder and edit it. */
  readonly streaming: boolean;
  /** Without streaming: post a placeholder at once (else the answer is posted once ready). */
  readonly showPlaceholder: boolean;
  readonly timing: ReplyTiming;
  /** Clock in milliseconds; injectable for tests. Defaults to `Date.now`. */
  readonly now?: () => number;
}

/** How the final answer reached Slack. */
export type DeliveryPath = 'stream' | 'update' | 'post' | 'none';

/** The outcome of a session. */
export interface ReplySessionResult {
  /** Whether the final message (the answer, or the notice given to {@link ReplySession.finishWithNotice}) reached Slack. */
  readonly delivered: boolean;
  readonly path: DeliveryPath;
  /** When the user could first see something (status, placeholder, stream, answer), in milliseconds since the epoch; null if nothing was seen. */
  readonly firstVisibleAt: number | null;
  /** `ts` of the message that shows the answer, when known. */
  readonly messageTs: string | null;
}

type StreamState = 'idle' | 'scheduled' | 'open' | 'closed';

/** One answer's delivery. Create, {@link begin}, feed {@link stage}/{@link delta}, then finish once. */
export class ReplySession {
  private readonly now: () => number;
  private queue: Promise<void> = Promise.resolve();
  private firstVisibleAt: number | null = null;
  private finished = false;
  /** Everything the assistant has written so far. */
  private fullText = '';
  /** Text not yet sent to the stream. */
  private pendingText = '';
  private streamState: StreamState = 'idle';
  private streamTs: string | null = null;
  private streamOpenedAt = 0;
  private streamedCharacters = 0;
  private streamStartTimer: NodeJS.Timeout | undefined;
  private appendTimer: NodeJS.Timeout | undefined;
  private lastAppendAt = 0;
  /** The message being edited (placeholder, stopped stream, or fallback post); null until there is one. */
  private editableTs: string | null = null;
  private updateTimer: NodeJS.Timeout | undefined;
  private lastUpdateAt = 0;
  private statusShown = false;
  private lastStatus: string | null = null;

  constructor(private readonly options: ReplySessionOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Shows the status (streaming) or the placeholder at once; returns without waiting for Slack. */
  begin(): void {
    if (this.options.streaming) {
      this.enqueue(async () => {
        this.statusShown = await this.setStatus(SLACK_INTERFACE_TEXT[this.options.language].status.default, true);
        // Refused: show a placeholder instead (a stream scheduled meanwhile will edit it rather than start).
        if (!this.statusShown && this.options.showPlaceholder && (this.streamState === 'idle' || this.streamState === 'scheduled') && !this.finished) {
          await this.postPlaceholder();
        }
      });
    } else if (this.options.showPlaceholder) {
      this.enqueue(() => this.postPlaceholder());
    }
  }

  /** Updates the status for a new stage, while nothing but the status is visible. */
  stage(stage: AnswerStage): void {
    if (this.finished || !this.options.streaming) return;
    const status = SLACK_INTERFACE_TEXT[this.options.language].status[stage];
    this.enqueue(async () => {
      if (!this.statusShown || this.editableTs !== null || this.streamState === 'open' || this.finished || status === this.lastStatus) return;
      await this.setStatus(status, false);
    });
  }

  /** Takes the next piece of the answer (Markdown); ignored after the session finished. */
  delta(text: string): void {
    if (this.finished || text === '') return;
    this.fullText += text;
    this.pendingText += text;
    if (this.editableTs !== null || (!this.options.streaming && this.options.showPlaceholder)) {
      this.scheduleProgressUpdate();
      return;
    }
    if (!this.options.streaming) return;
    if (this.streamState === 'idle') {
      this.streamState = 'scheduled';
      this.streamStartTimer = setTimeout(() => this.enqueue(() => this.openStream()), this.options.timing.streamStartDelayMilliseconds);
    } else if (this.streamState === 'open') {
      this.scheduleAppend();
    }
  }

  /**
   * Shows the final answer: stops the stream with `attachments` (sources, buttons) when the streamed text is
   * the whole answer, else shows `reply` (replacing the streamed or placeholder message, or as a new post);
   * a refused `reply` is retried as `fallback`, then as the apology in the session's language.
   * @param answerText - the final answer text, to check the streamed text against.
   */
  async finish(reply: SlackReply, attachments: readonly SlackTypes.KnownBlock[], answerText: string, fallback: SlackReply): Promise<ReplySessionResult> {
    this.close();
    await this.queue;
    const apology = apologyReply(this.options.language, 'failure');
    if (this.streamState === 'open' && this.streamTs !== null) {
      const streamTs = this.streamTs;
      const complete = this.fullText.trim() === answerText.trim();
      const stopped = await this.stopStream(complete ? [...attachments] : undefined);
      if (stopped && complete) return this.result(true, 'stream', streamTs);
      this.editableTs = streamTs;
    }
    if (this.editableTs !== null) {
      const ts = this.editableTs;
      for (const candidate of [reply, fallback, apology]) {
        if (await this.update(ts, candidate)) return this.result(candidate !== apology, 'update', ts);
      }
    }
    for (const candidate of [reply, fallback, apology]) {
      const ts = await this.post(candidate);
      if (ts !== null) return this.result(candidate !== apology, 'post', ts);
    }
    return this.result(false, 'none', null);
  }

  /**
   * Ends the session with a notice instead of an answer (the assistant failed, or the bot is shutting down):
   * appended to a stream, replacing the placeholder, or posted.
   */
  async finishWithNotice(notice: SlackReply, noticeText: string): Promise<ReplySessionResult> {
    this.close();
    await this.queue;
    if (this.streamState === 'open' && this.streamTs !== null) {
      const streamTs = this.streamTs;
      this.pendingText += `\n\n_${noticeText}_`;
      if (await this.stopStream(undefined)) return this.result(true, 'stream', streamTs);
      this.editableTs = streamTs;
    }
    if (this.editableTs !== null && (await this.update(this.editableTs, notice))) return this.result(true, 'update', this.editableTs);
    const ts = await this.post(notice);
    return this.result(ts !== null, ts === null ? 'none' : 'post', ts);
  }

  private close(): void {
    this.finished = true;
    clearTimeout(this.streamStartTimer);
    clearTimeout(this.appendTimer);
    clearTimeout(this.updateTimer);
    if (this.streamState === 'scheduled') this.streamState = 'idle';
  }

  private result(delivered: boolean, path: DeliveryPath, messageTs: string | null): ReplySessionResult {
    return {
      delivered,
      path,
      firstVisibleAt: this.firstVisibleAt,
      messageTs,
    };
  }

  private enqueue(task: () => Promise<void>): void {
    this.queue = this.queue.then(task).catch((error: unknown) => {
      this.options.logger.error({ error: describeError(error) }, 'unexpected failure while delivering a Slack reply');
    });
  }

  private markVisible(): void {
    if (this.firstVisibleAt === null) this.firstVisibleAt = this.now();
  }

  private async setStatus(status: string, withLoadingMessages: boolean): Promise<boolean> {
    const { channel, threadTs } = this.options.target;
    try {
      await this.options.client.assistant.threads.setStatus({
        channel_id: channel,
        thread_ts: threadTs,
        status,
        ...(withLoadingMessages ? { loading_messages: [...SLACK_INTERFACE_TEXT[this.options.language].loadingMessages].slice(0, 10) } : {}),
      });
      this.lastStatus = status;
      this.markVisible();
      return true;
    } catch (error) {
      this.logFailure('assistant.threads.setStatus', error);
      return false;
    }
  }

  private async postPlaceholder(): Promise<void> {
    const ts = await this.post(formatPlaceholderReply(this.options.language));
    if (ts !== null) this.editableTs = ts;
    if (ts !== null && this.pendingText !== '') this.scheduleProgressUpdate();
  }

  private async openStream(): Promise<void> {
    if (this.finished || this.streamState !== 'scheduled') return;
    if (this.editableTs !== null) {
      // A placeholder appeared meanwhile (the status was refused): edit it instead of streaming.
      this.streamState = 'idle';
      this.scheduleProgressUpdate();
      return;
    }
    const { channel, threadTs, user, team } = this.options.target;
    const text = this.pendingText;
    this.pendingText = '';
    try {
      const response = await this.options.client.chat.startStream({
        channel,
        thread_ts: threadTs,
        markdown_text: neutralizeSlackControls(text),
        ...(user === null ? {} : { recipient_user_id: user }),
        ...(team === null ? {} : { recipient_team_id: team }),
      });
      if (typeof response.ts !== 'string') throw new Error('chat.startStream returned no ts');
      this.streamTs = response.ts;
      this.streamState = 'open';
      this.streamOpenedAt = this.now();
      this.lastAppendAt = this.streamOpenedAt;
      this.streamedCharacters = text.length;
      this.markVisible();
    } catch (error) {
      this.logFailure('chat.startStream', error);
      this.pendingText = text + this.pendingText;
      this.streamState = 'closed';
      // Fall back to post-then-update: show what there is now, edit it as the answer grows.
      const ts = await this.post(progressReply(this.fullText));
      if (ts !== null) this.editableTs = ts;
      return;
    }
    if (this.pendingText !== '') this.scheduleAppend();
  }

  private scheduleAppend(): void {
    if (this.appendTimer !== undefined || this.finished) return;
    const wait = Math.max(0, this.lastAppendAt + this.options.timing.appendIntervalMilliseconds - this.now());
    this.appendTimer = setTimeout(() => {
      this.appendTimer = undefined;
      this.enqueue(() => this.append());
    }, wait);
  }

  private async append(): Promise<void> {
    if (this.finished || this.streamState !== 'open' || this.streamTs === null || this.pendingText === '') return;
    const { timing } = this.options;
    if (this.now() - this.streamOpenedAt > timing.streamMaximumMilliseconds || this.streamedCharacters + this.pendingText.length > timing.streamMaximumCharacters) {
      this.options.logger.info(
        { channel: this.options.target.channel, streamedCharacters: this.streamedCharacters, streamMilliseconds: this.now() - this.streamOpenedAt },
        'stream ran long; continuing with chat.update',
      );
      const streamTs = this.streamTs;
      await this.stopStream(undefined, false);
      this.editableTs = streamTs;
      this.scheduleProgressUpdate();
      return;
    }
    const text = this.pendingText;
    this.pendingText = '';
    this.lastAppendAt = this.now();
    try {
      await this.options.client.chat.appendStream({ channel: this.options.target.channel, ts: this.streamTs, markdown_text: neutralizeSlackControls(text) });
      this.streamedCharacters += text.length;
    } catch (error) {
      this.logFailure('chat.appendStream', error);
      const streamTs = this.streamTs;
      await this.stopStream(undefined, false);
      this.editableTs = streamTs;
      this.scheduleProgressUpdate();
      return;
    }
    if (this.pendingText !== '') this.scheduleAppend();
  }

  /**
   * `chat.stopStream`, sending the pending text (when `withPending`) and `blocks`.
   * @returns whether Slack accepted it; the stream counts as closed either way.
   */
  private async stopStream(blocks: SlackTypes.KnownBlock[] | undefined, withPending: boolean = true): Promise<boolean> {
    if (this.streamTs === null) return false;
    const text = withPending ? this.pendingText : '';
    if (withPending) this.pendingText = '';
    this.streamState = 'closed';
    try {
      await this.options.client.chat.stopStream({
        channel: this.options.target.channel,
        ts: this.streamTs,
        ...(text === '' ? {} : { markdown_text: neutralizeSlackControls(text) }),
        ...(blocks === undefined ? {} : { blocks }),
      });
      return true;
    } catch (error) {
      this.logFailure('chat.stopStream', error);
      return false;
    }
  }

  private scheduleProgressUpdate(): void {
    if (this.updateTimer !== undefined || this.finished || this.editableTs === null) return;
    const wait = Math.max(0, this.lastUpdateAt + this.options.timing.updateIntervalMilliseconds - this.now());
    this.updateTimer = setTimeout(() => {
      this.updateTimer = undefined;
      this.enqueue(async () => {
        if (this.finished || this.editableTs === null || this.fullText === '') return;
        this.lastUpdateAt = this.now();
        this.pendingText = '';
        await this.update(this.editableTs, progressReply(this.fullText));
      });
    }, wait);
  }

  /** `chat.postMessage` into the thread. @returns the message's `ts`, or null when it failed (logged). */
  private async post(reply: SlackReply): Promise<string | null> {
    try {
      const response = await this.options.client.chat.postMessage({
        channel: this.options.target.channel,
        thread_ts: this.options.target.threadTs,
        text: reply.text,
        blocks: [...reply.blocks],
        unfurl_links: false,
        unfurl_media: false,
      });
      if (typeof response.ts !== 'string') return null;
      this.markVisible();
      return response.ts;
    } catch (error) {
      this.logFailure('chat.postMessage', error);
      return null;
    }
  }

  /** `chat.update` of a message the bot posted. @returns whether it succeeded (failures are logged). */
  private async update(ts: string, reply: SlackReply): Promise<boolean> {
    try {
      await this.options.client.chat.update({ channel: this.options.target.channel, ts, text: reply.text, blocks: [...reply.blocks] });
      this.markVisible();
      return true;
    } catch (error) {
      this.logFailure('chat.update', error);
      return false;
    }
  }

  private logFailure(method: string, error: unknown): void {
    this.options.logger.error(
      { method, channel: this.options.target.channel, threadTs: this.options.target.threadTs, error: describeError(error) },
      `Slack Web API call ${method} failed`,
    );
  }
}

/** Largest partial answer shown in a progress edit (one `markdown` block holds at most 12,000 characters). */
const PROGRESS_MAXIMUM_CHARACTERS = 11_000;

/** The answer so far, as Markdown, with an ellipsis showing that more is coming. */
function progressReply(markdown: string): SlackReply {
  const shown = markdown.length > PROGRESS_MAXIMUM_CHARACTERS ? `${markdown.slice(0, PROGRESS_MAXIMUM_CHARACTERS)}` : markdown;
  return { text: escapeMrkdwn(shown), blocks: [{ type: 'markdown', text: `${neutralizeSlackControls(shown)} …` }] };
}

/** The apology (or shutdown notice) as a reply and as Markdown to append to a stream. */
export function apologyReply(language: Language, kind: 'failure' | 'shuttingDown'): SlackReply {
  const message = SLACK_INTERFACE_TEXT[language][kind];
  const escaped = escapeMrkdwn(message);
  return { text: escaped, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: escaped } }] };
}
