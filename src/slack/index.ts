/**
 * The Slack layer's public door. Transport only: it reads Slack events, commands and interactions, calls
 * `assistant.ask` once per question, and formats the reply (Block Kit with numbered sources and buttons) in
 * the question's thread, or privately for the slash command.
 *
 * Flow: Slack (Socket Mode or HTTP `/slack/events`) → Bolt → de-duplication → {@link createSlackApp}'s
 * listeners → allow-lists, rate limit → `assistant.ask(question, {history, onDelta, onStage, signal})` →
 * status → stream (`chat.startStream`/`appendStream`/`stopStream`) or placeholder + `chat.update` → Block Kit.
 */
export { createSlackApp, slackStateStoreLimits, ASK_ABOUT_MESSAGE_CALLBACK_ID, SlackShutdownError } from './create-slack-app';
export type { SlackApp, SlackAppOptions, SlackStartResult } from './create-slack-app';
export type { AdminDetails, ReindexOutcome, SlackAdminCommands } from './interactions';
export type { SlackActivitySnapshot, QuestionOutcome } from './slack-activity';
export { DEFAULT_REPLY_TIMING } from './reply-session';
export type { ReplyTiming } from './reply-session';
export { ANSWER_ACTION_IDS, SLACK_MESSAGE_LIMITS } from './format-reply';
export type { SlackMessageLimits, SlackReply } from './format-reply';
export { hashUserId } from './user-hash';
export { HOME_VIEW_POLICY, summarizeIssues, formatHomeView } from './home-view';
export type { HomeFacts, HomeIssue, HomeTitle, HomeViewPolicy } from './home-view';
export { SLACK_STARTUP_CHECK_POLICY, checkSlackReachable, proxyInEffect } from './startup-check';
export type { SlackStartupCheckPolicy } from './startup-check';
export { encodeFeedbackValue, decodeFeedbackValue } from './feedback-value';
export { createStateStore, MemoryStateStore, RedisStateStore, SHARED_STATE_POLICY, FEEDBACK_STREAM_KEY } from './shared-state';
export type { SlackStateStore, StateStoreLimits, CreateStateStoreOptions, SharedStatePolicy } from './shared-state';
