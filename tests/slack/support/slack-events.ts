/**
 * Slack Events API payloads (fixture factories with overrides) and signed delivery to an HTTP receiver,
 * the way Slack sends them: `X-Slack-Signature: v0=HMAC_SHA256(secret, "v0:" + timestamp + ":" + raw body)`.
 */
import { createHmac } from 'node:crypto';
import { FAKE_SLACK_IDENTITY } from './fake-slack-api';

let sequence = 0;

/** A fresh, increasing Slack message timestamp (`seconds.micro`). */
export function nextMessageTs(): string {
  sequence += 1;
  return `1700000000.${String(sequence).padStart(6, '0')}`;
}

/** A fresh event id. */
export function nextEventId(): string {
  sequence += 1;
  return `Ev${String(sequence).padStart(8, '0')}`;
}

/** Fields common to the message events built here (all overridable, extra fields allowed). */
export type SlackEventFields = Record<string, unknown>;

/** An `app_mention` in channel `C0GENERAL` by user `U0ASKER`, mentioning the fake's bot first. */
export function appMentionEvent(overrides: SlackEventFields = {}): SlackEventFields {
  const ts = nextMessageTs();
  return {
    type: 'app_mention',
    user: 'U0ASKER',
    text: `<@${FAKE_SLACK_IDENTITY.botUserId}> What did the two sides discuss at the 7th China-US Innovation Dialogue?`,
    ts,
    event_ts: ts,
    channel: 'C0GENERAL',
    team: FAKE_SLACK_IDENTITY.teamId,
    ...overrides,
  };
}

/** A `message` in the direct-message conversation `D0ASKER` (`channel_type: im`) by user `U0ASKER`. */
export function directMessageEvent(overrides: SlackEventFields = {}): SlackEventFields {
  const ts = nextMessageTs();
  return {
    type: 'message',
    channel_type: 'im',
    user: 'U0ASKER',
    text: '青岛中美科技创新园和哪些美国高校合作？',
    ts,
    event_ts: ts,
    channel: 'D0ASKER',
    team: FAKE_SLACK_IDENTITY.teamId,
    ...overrides,
  };
}

/** The `event_callback` envelope Slack posts around `event` (null only to test malformed deliveries). */
export function eventCallback(event: SlackEventFields | null, overrides: SlackEventFields = {}): SlackEventFields {
  return {
    token: 'legacy-verification-token',
    team_id: FAKE_SLACK_IDENTITY.teamId,
    api_app_id: 'A0NEWSLETTER',
    event,
    type: 'event_callback',
    event_id: nextEventId(),
    event_time: 1_700_000_000,
    authorizations: [
      { enterprise_id: null, team_id: FAKE_SLACK_IDENTITY.teamId, user_id: FAKE_SLACK_IDENTITY.botUserId, is_bot: true, is_enterprise_install: false },
    ],
    is_ext_shared_channel: false,
    ...overrides,
  };
}

/** Slack's request-signing headers for `rawBody`. */
export function slackSignatureHeaders(
  rawBody: string,
  signingSecret: string,
  timestampSeconds: number = Math.floor(Date.now() / 1000),
): Record<string, string> {
  const signature = createHmac('sha256', signingSecret).update(`v0:${timestampSeconds}:${rawBody}`).digest('hex');
  return { 'x-slack-request-timestamp': String(timestampSeconds), 'x-slack-signature': `v0=${signature}` };
}

/** How {@link postToReceiver} signs and sends a request. */
export interface PostToReceiverOptions {
  readonly signingSecret: string;
  /** Signing time in seconds since the epoch; default now. */
  readonly timestampSeconds?: number;
  /** `X-Slack-Retry-Num` (and `X-Slack-Retry-Reason: http_timeout`) for a redelivery. */
  readonly retryNumber?: number;
  /** Replaces the computed signature (for forged requests). */
  readonly signature?: string;
  readonly contentType?: string;
}

/** The receiver's HTTP answer. */
export interface ReceiverResponse {
  readonly status: number;
  readonly body: string;
}

/** POSTs `body` (an object is JSON-encoded; a string is sent as is) to `url`, signed like Slack does. */
export async function postToReceiver(url: string, body: unknown, options: PostToReceiverOptions): Promise<ReceiverResponse> {
  const raw = typeof body === 'string' ? body : JSON.stringify(body);
  const headers: Record<string, string> = {
    'content-type': options.contentType ?? 'application/json',
    ...slackSignatureHeaders(raw, options.signingSecret, options.timestampSeconds),
  };
  if (options.signature !== undefined) headers['x-slack-signature'] = options.signature;
  if (options.retryNumber !== undefined) {
    headers['x-slack-retry-num'] = String(options.retryNumber);
    headers['x-slack-retry-reason'] = 'http_timeout';
  }
  const response = await fetch(url, { method: 'POST', headers, body: raw });
  return { status: response.status, body: await response.text() };
}

/** An `assistant_thread_started` event: user `U0ASKER` opened a new assistant thread in `D0ASKER`. */
export function assistantThreadStartedEvent(overrides: SlackEventFields = {}): SlackEventFields {
  const ts = nextMessageTs();
  return {
    type: 'assistant_thread_started',
    assistant_thread: { user_id: 'U0ASKER', channel_id: 'D0ASKER', thread_ts: ts, context: { channel_id: 'C0GENERAL', team_id: FAKE_SLACK_IDENTITY.teamId } },
    event_ts: ts,
    ...overrides,
  };
}

/** An `app_home_opened` event: user `U0ASKER` opened the app's `tab` (`home` or `messages`) in their DM `D0ASKER`. */
export function appHomeOpenedEvent(tab: 'home' | 'messages', overrides: SlackEventFields = {}): SlackEventFields {
  const ts = nextMessageTs();
  return { type: 'app_home_opened', user: 'U0ASKER', channel: 'D0ASKER', tab, event_ts: ts, ...overrides };
}

/**
 * A `block_actions` payload for a click on Slack's native feedback buttons (`feedback_buttons` in a
 * `context_actions` block): `value` is the clicked button's value.
 */
export function feedbackButtonsBody(options: { readonly actionId: string; readonly value: string; readonly responseUrl: string; readonly messageTs?: string; readonly threadTs?: string; readonly channel?: string }): string {
  const channel = options.channel ?? 'C0GENERAL';
  const messageTs = options.messageTs ?? nextMessageTs();
  const payload = {
    type: 'block_actions',
    user: { id: 'U0ASKER', username: 'asker', team_id: FAKE_SLACK_IDENTITY.teamId },
    api_app_id: 'A0NEWSLETTER',
    token: 'legacy-verification-token',
    container: { type: 'message', message_ts: messageTs, channel_id: channel, is_ephemeral: false },
    trigger_id: `trigger-${nextEventId()}`,
    team: { id: FAKE_SLACK_IDENTITY.teamId, domain: 'fake' },
    channel: { id: channel, name: 'general' },
    message: { type: 'message', user: FAKE_SLACK_IDENTITY.botUserId, ts: messageTs, text: 'an answer', ...(options.threadTs === undefined ? {} : { thread_ts: options.threadTs }) },
    response_url: options.responseUrl,
    actions: [{ type: 'feedback_buttons', action_id: options.actionId, block_id: 'answer_feedback', value: options.value, action_ts: `${Date.now() / 1000}` }],
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

/** A slash command's form fields (`/newsletter`, user `U0ASKER` in `C0GENERAL`), form-encoded as Slack posts them. */
export function slashCommandBody(fields: Record<string, string> & { response_url: string }): string {
  return new URLSearchParams({
    token: 'legacy-verification-token',
    team_id: FAKE_SLACK_IDENTITY.teamId,
    team_domain: 'fake',
    channel_id: 'C0GENERAL',
    channel_name: 'general',
    user_id: 'U0ASKER',
    user_name: 'asker',
    command: '/newsletter',
    text: '',
    api_app_id: 'A0NEWSLETTER',
    trigger_id: `trigger-${nextEventId()}`,
    ...fields,
  }).toString();
}

/** A `block_actions` payload for one button click (form field `payload`), by `U0ASKER` in `C0GENERAL` unless overridden. */
export function blockActionsBody(options: {
  readonly actionId: string;
  readonly value: string;
  readonly responseUrl: string;
  readonly channel?: string;
  readonly user?: string;
  readonly messageTs?: string;
  readonly threadTs?: string;
  readonly messageText?: string;
  readonly isEphemeral?: boolean;
}): string {
  const channel = options.channel ?? 'C0GENERAL';
  const messageTs = options.messageTs ?? nextMessageTs();
  const payload = {
    type: 'block_actions',
    user: { id: options.user ?? 'U0ASKER', username: 'asker', team_id: FAKE_SLACK_IDENTITY.teamId },
    api_app_id: 'A0NEWSLETTER',
    token: 'legacy-verification-token',
    container: { type: 'message', message_ts: messageTs, channel_id: channel, is_ephemeral: options.isEphemeral ?? false },
    trigger_id: `trigger-${nextEventId()}`,
    team: { id: FAKE_SLACK_IDENTITY.teamId, domain: 'fake' },
    channel: { id: channel, name: 'general' },
    ...(options.isEphemeral === true
      ? {}
      : { message: { type: 'message', user: FAKE_SLACK_IDENTITY.botUserId, ts: messageTs, text: options.messageText ?? 'an answer', ...(options.threadTs === undefined ? {} : { thread_ts: options.threadTs }) } }),
    response_url: options.responseUrl,
    actions: [{ type: 'button', action_id: options.actionId, block_id: 'answer_actions', value: options.value, action_ts: '1700000000.000001' }],
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

/** A `message_action` payload: user `U0ASKER` used the "Ask about this message" shortcut on a message in `C0GENERAL`. */
export function messageShortcutBody(options: { readonly responseUrl: string; readonly text: string; readonly messageTs?: string; readonly channel?: string }): string {
  const payload = {
    type: 'message_action',
    callback_id: 'ask_about_message',
    trigger_id: `trigger-${nextEventId()}`,
    action_ts: '1700000000.000002',
    team: { id: FAKE_SLACK_IDENTITY.teamId, domain: 'fake' },
    user: { id: 'U0ASKER', name: 'asker', team_id: FAKE_SLACK_IDENTITY.teamId },
    channel: { id: options.channel ?? 'C0GENERAL', name: 'general' },
    message: { type: 'message', user: 'U0OTHER', ts: options.messageTs ?? nextMessageTs(), text: options.text },
    response_url: options.responseUrl,
    token: 'legacy-verification-token',
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}
