/**
 * The Slack layer's public door. Transport only: it reads Slack events, calls `assistant.ask` once per
 * question, and formats the reply (Block Kit with numbered sources) in the question's thread.
 *
 * Flow: Slack (Socket Mode or HTTP `/slack/events`) → Bolt → de-duplication → {@link createSlackApp}'s
 * listeners → `assistant.ask(question, {history})` → Block Kit reply (`chat.postMessage` / `chat.update`).
 */
export { createSlackApp } from './create-slack-app';
export type { SlackApp, SlackAppOptions, SlackStartResult } from './create-slack-app';
export { SLACK_MESSAGE_LIMITS } from './format-reply';
export type { SlackMessageLimits, SlackReply } from './format-reply';
