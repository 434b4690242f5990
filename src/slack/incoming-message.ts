/**
 * Turns Slack `app_mention` and `message` events into questions, or says why an event is ignored. Pure and
 * defensive: events are read as untrusted records, so a malformed one is ignored, never thrown on.
 */

/** A question addressed to the bot, with where to answer it. */
export interface IncomingQuestion {
  /** Channel (or DM conversation) id, e.g. `C0123` / `D0123`. */
  readonly channel: string;
  /** Timestamp of the thread to answer in: the event's `thread_ts`, else its own `ts`. */
  readonly threadTs: string;
  /** Timestamp of the message itself; with `channel` it identifies the message across event types. */
  readonly messageTs: string;
  /** Id of the user who asked, when Slack states it. */
  readonly user: string | null;
  /** The question as plain text: bot mention removed, Slack markup decoded; empty for a bare mention. */
  readonly text: string;
  /** Whether the event came from a channel mention or a direct message. */
  readonly source: 'mention' | 'direct-message';
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

/**
 * Reads an `app_mention` (`source: 'mention'`) or a direct `message` event (`source: 'direct-message'`).
 * Ignored: events without channel or `ts`, any `subtype` (edits, joins, bot messages…), messages with a
 * `bot_id`, messages from `botUserId`, and `message` events outside direct messages (`channel_type` ≠ `im`).
 * @param botUserId - the bot's user id (`U…`), used to drop its own messages and strip its mention;
 *                    when unknown, a leading mention is stripped instead.
 */
export function readIncomingMessage(event: unknown, botUserId: string | undefined): IncomingMessageResult {
  if (!isRecord(event)) return { kind: 'ignored', reason: 'event is not an object' };
  const type = readString(event, 'type');
  if (type !== 'app_mention' && type !== 'message') return { kind: 'ignored', reason: `unsupported event type ${String(type)}` };
  const subtype = readString(event, 'subtype');
  if (subtype !== undefined) return { kind: 'ignored', reason: `message subtype ${subtype}` };
  if (readString(event, 'bot_id') !== undefined) return { kind: 'ignored', reason: 'message from a bot' };
  const user = readString(event, 'user') ?? null;
  if (botUserId !== undefined && user === botUserId) return { kind: 'ignored', reason: 'message from this bot' };
  if (type === 'message' && readString(event, 'channel_type') !== 'im') {
    return { kind: 'ignored', reason: 'message outside a direct message' };
  }
  const channel = readString(event, 'channel');
  const messageTs = readString(event, 'ts');
  if (channel === undefined || messageTs === undefined) return { kind: 'ignored', reason: 'event without channel or ts' };
  const rawText = typeof event['text'] === 'string' ? event['text'] : '';
  return {
    kind: 'question',
    question: {
      channel,
      threadTs: readString(event, 'thread_ts') ?? messageTs,
      messageTs,
      user,
      text: slackTextToPlainText(stripBotMention(rawText, botUserId)),
      source: type === 'app_mention' ? 'mention' : 'direct-message',
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
