/**
 * Turns Slack `app_mention` and `message` events into questions, or says why an event is ignored. Pure and
 * defensive: events are read as untrusted records, so a malformed one is ignored, never thrown on.
 */

/**
 * Where a question came from: a channel mention, a reply in a channel thread (answered only in threads the
 * bot already answered in — the caller decides), or a direct message (including assistant threads).
 */
export type IncomingSource = 'mention' | 'thread' | 'direct-message';

/** A question addressed to the bot, with where to answer it. */
export interface IncomingQuestion {
  /** Channel (or DM conversation) id, e.g. `C0123` / `D0123`. */
  readonly channel: string;
  /** Timestamp of the thread to answer in: the event's `thread_ts`, else its own `ts`. */
  readonly threadTs: string;
  /** Timestamp of the message itself; with `channel` it identifies the message across event types. */
  readonly messageTs: string;
  /** Whether the message was itself a reply in a thread (it carried a `thread_ts`). */
  readonly inThread: boolean;
  /** Id of the user who asked, when Slack states it. */
  readonly user: string | null;
  /** Id of the asker's team (workspace), when Slack states it; streaming into channels needs it. */
  readonly team: string | null;
  /** The question as plain text: bot mention removed, Slack markup decoded; empty for a bare mention. */
  readonly text: string;
  readonly source: IncomingSource;
}

/** The result of reading one event: a question, or the reason it is not one. */
export type IncomingMessageResult =
  | { readonly kind: 'question'; readonly question: IncomingQuestion }
  | { readonly kind: 'ignored'; readonly reason: string };

function readString(record: Readonly<Record<string, unknown>>, key: string): string | undefined {
  const value = record[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** User mentions (`<@U…>` or `<@U…|name>`) in Slack message markup, by user id. */
function mentionedUsers(text: string): string[] {
  return [...text.matchAll(/<@([A-Z0-9]+)(?:\|[^>]*)?>/g)].map((match) => match[1] ?? '');
}

/**
 * Reads an `app_mention` (`source: 'mention'`), a direct `message` (`channel_type: im`, `source:
 * 'direct-message'`) or a reply in a channel thread (`channel_type: channel|group` with a `thread_ts`
 * other than its own `ts`, `source: 'thread'`).
 * Ignored: events without channel or `ts`, any `subtype` (edits, joins, bot messages…), messages with a
 * `bot_id`, messages from `botUserId`, channel messages outside threads (mentions arrive as `app_mention`),
 * group DMs, and thread replies that mention someone else but not the bot (addressed to a person).
 * @param botUserId - the bot's user id (`U…`), used to drop its own messages and strip its mention;
 *                    when unknown, a leading mention is stripped instead.
 * @param teamId - the team of the delivery (the envelope's `team_id`), used when the event states none.
 */
export function readIncomingMessage(event: unknown, botUserId: string | undefined, teamId?: string): IncomingMessageResult {
  if (!isRecord(event)) return { kind: 'ignored', reason: 'event is not an object' };
  const type = readString(event, 'type');
  if (type !== 'app_mention' && type !== 'message') return { kind: 'ignored', reason: `unsupported event type ${String(type)}` };
  const subtype = readString(event, 'subtype');
  if (subtype !== undefined) return { kind: 'ignored', reason: `message subtype ${subtype}` };
  if (readString(event, 'bot_id') !== undefined) return { kind: 'ignored', reason: 'message from a bot' };
  const user = readString(event, 'user') ?? null;
  if (botUserId !== undefined && user === botUserId) return { kind: 'ignored', reason: 'message from this bot' };
  const channel = readString(event, 'channel');
  const messageTs = readString(event, 'ts');
  const threadTs = readString(event, 'thread_ts');
  const rawText = typeof event['text'] === 'string' ? event['text'] : '';
  let source: IncomingSource = 'mention';
  if (type === 'message') {
    const channelType = readString(event, 'channel_type');
    if (channelType === 'im') source = 'direct-message';
    else if (channelType !== 'channel' && channelType !== 'group') return { kind: 'ignored', reason: 'message outside a direct message' };
    else if (threadTs === undefined || threadTs === messageTs) return { kind: 'ignored', reason: 'channel message outside a thread' };
    else {
      const mentions = mentionedUsers(rawText);
      if (mentions.length > 0 && (botUserId === undefined || !mentions.includes(botUserId))) {
        return { kind: 'ignored', reason: 'thread reply addressed to someone else' };
      }
      source = 'thread';
    }
  }
  if (channel === undefined || messageTs === undefined) return { kind: 'ignored', reason: 'event without channel or ts' };
  return {
    kind: 'question',
    question: {
      channel,
      threadTs: threadTs ?? messageTs,
      messageTs,
      inThread: threadTs !== undefined && threadTs !== messageTs,
      user,
      team: readString(event, 'team') ?? readString(event, 'user_team') ?? teamId ?? null,
      text: slackTextToPlainText(stripBotMention(rawText, botUserId)),
      source,
    },
  };
}

/**
 * Removes every mention of the bot (`<@U123>` or `<@U123|name>`). When `botUserId` is unknown, removes only a
 * mention at the very start of the text, where Slack puts the one that addressed the bot.
 */
export function stripBotMention(text: string, botUserId: string | undefined): string {
  if (botUserId === undefined) return text.replace(/^\s*<@[A-Z0-9]+(?:\|[^>]*)?>/, '');
  const escapedId = botUserId.replace(/[^A-Za-z0-9]/g, '');
  return text.replace(new RegExp(`<@${escapedId}(?:\\|[^>]*)?>`, 'g'), ' ');
}

/**
 * Decodes Slack's message markup into plain text: `<@U1|name>` → `@name`, `<@U1>` → `@U1`,
 * `<#C1|general>` → `#general`, `<!here>` → `@here`, `<https://x|label>` → `label (https://x)`,
 * `<https://x>` → `https://x`, then `&lt;` `&gt;` `&amp;` → `<` `>` `&`; whitespace runs are collapsed
 * (line breaks kept) and the result trimmed.
 */
export function slackTextToPlainText(text: string): string {
  return text
    .replace(/<([^<>]*)>/g, (_whole, inner: string) => {
      const separator = inner.indexOf('|');
      const target = separator === -1 ? inner : inner.slice(0, separator);
      const label = separator === -1 ? '' : inner.slice(separator + 1);
      if (target.startsWith('#')) return `#${label || target.slice(1)}`;
      if (target.startsWith('@') || target.startsWith('!')) {
        const name = label || (target.slice(1).split('^')[0] ?? '');
        return name.startsWith('@') ? name : `@${name}`;
      }
      return label !== '' && label !== target ? `${label} (${target})` : target;
    })
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/[ \t\u00A0]+/g, ' ')
    .replace(/ *\n */g, '\n')
    .trim();
}
