/**
 * Pure functions that turn an {@link AnswerResult} (and the bot's fixed notices) into a Slack message:
 * Block Kit blocks with the answer (escaped mrkdwn `section`s for extractive answers, `markdown` blocks for
 * generated ones), `context` blocks with the numbered sources, an `actions` block with the answer's buttons,
 * a `context_actions` block with Slack's native feedback buttons, and a plain `text` fallback for notifications and screen readers.
 *
 * Lengths are measured in UTF-16 code units (`string.length`), which is never less than the number of
 * characters Slack counts, so every limit below is respected with a small margin for astral characters.
 */
import type { types as SlackTypes } from '@slack/bolt';
import type { Language, QuestionTooLongError } from '../core';
import type { AnswerResult, Citation, RelatedItem } from '../answer/types';
import { encodeFeedbackValue } from './feedback-value';
import { neutralizeSlackControls, splitMarkdown } from './markdown-text';
import { fillTemplate, PAIRED_EDITION_LABEL, SLACK_INTERFACE_TEXT } from './ui-text';
import { sentenceSegments } from '../language';

/** A message ready for `chat.postMessage` / `chat.update`. */
export interface SlackReply {
  /** Fallback text (mrkdwn-escaped) shown in notifications and where blocks cannot be rendered. */
  readonly text: string;
  /** Block Kit blocks, in display order. */
  readonly blocks: readonly SlackTypes.KnownBlock[];
}

/** Slack's message limits that replies must respect, in characters (UTF-16 code units, see module doc). */
export interface SlackMessageLimits {
  /** A `section` block's text: 1–3000 characters (`@slack/types` `SectionBlock`; longer gives `invalid_blocks`). */
  readonly sectionTextCharacters: number;
  /** Elements in one `context` block: at most 10. */
  readonly contextElements: number;
  /** One `context` element's text; 2000 characters keeps well inside Slack's text-object limit. */
  readonly contextElementCharacters: number;
  /** Blocks in one message: at most 50. */
  readonly blocksPerMessage: number;
  /** The top-level `text`: Slack truncates beyond 40,000 characters. */
  readonly messageTextCharacters: number;
  /**
   * All block text together. Undocumented by Slack; `msg_blocks_too_long` has been measured at about 13,200
   * characters (bolt-js issues #2509, #2867), so 12,000 leaves a margin.
   */
  readonly totalBlockTextCharacters: number;
}

/** The limits used unless a caller passes others (tests pass smaller ones). */
export const SLACK_MESSAGE_LIMITS: SlackMessageLimits = Object.freeze({
  sectionTextCharacters: 3000,
  contextElements: 10,
  contextElementCharacters: 2000,
  blocksPerMessage: 50,
  messageTextCharacters: 40_000,
  totalBlockTextCharacters: 12_000,
});

const ELLIPSIS = '…';

/**
 * Escapes Slack's three mrkdwn control characters (`&` → `&amp;`, `<` → `&lt;`, `>` → `&gt;`) and nothing
 * else: Slack decodes only these three (api.slack.com/reference/surfaces/formatting). `[n]` markers and
 * all other characters pass through unchanged.
 */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Shortens already-escaped mrkdwn to at most `maximumCharacters`, ending in `…` when cut. Never cuts
 * inside an `&amp;`/`&lt;`/`&gt;` entity or a surrogate pair.
 */
export function truncateMrkdwn(escaped: string, maximumCharacters: number): string {
  if (escaped.length <= maximumCharacters) return escaped;
  let head = escaped.slice(0, Math.max(0, maximumCharacters - ELLIPSIS.length));
  if (/[\uD800-\uDBFF]$/.test(head)) head = head.slice(0, -1);
  head = head.replace(/&[a-z]{0,3}$/, '');
  return `${head}${ELLIPSIS}`;
}

/**
 * Splits plain `text` into mrkdwn-escaped pieces of at most `maximumCharacters` each (escaped length), for
 * consecutive `section` blocks. Breaks between paragraphs (blank lines) where it can, else between
 * sentences (ICU sentence boundaries, which cover `。！？` as well as `.!?`), else at the last space of a
 * window, never inside a `[n]` citation marker.
 * @returns pieces in reading order; empty when `text` is blank.
 */
export function splitAnswerText(text: string, maximumCharacters: number): string[] {
  const pieces: string[] = [];
  let current = '';
  const flush = (): void => {
    const trimmed = current.trim();
    if (trimmed !== '') pieces.push(trimmed);
    current = '';
  };
  const append = (unit: string, separator: string): void => {
    if (current === '') current = unit;
    else if (current.length + separator.length + unit.length <= maximumCharacters) current += separator + unit;
    else {
      flush();
      current = unit;
    }
  };
  for (const paragraph of text.split(/\n[ \t]*\n/)) {
    const trimmed = paragraph.trim();
    if (trimmed === '') continue;
    const escaped = escapeMrkdwn(trimmed);
    if (escaped.length <= maximumCharacters) {
      append(escaped, '\n\n');
      continue;
    }
    let separator = '\n\n';
    for (const segment of sentenceSegments(trimmed)) {
      for (const unit of splitHard(segment, maximumCharacters)) {
        append(unit, separator);
        separator = '';
      }
    }
  }
  flush();
  return pieces;
}

/** Splits one over-long sentence into escaped chunks of at most `maximumCharacters`, keeping all whitespace. */
function splitHard(raw: string, maximumCharacters: number): string[] {
  const chunks: string[] = [];
  let rest = raw;
  while (escapeMrkdwn(rest).length > maximumCharacters) {
    let escapedLength = 0;
    let end = 0;
    for (const character of rest) {
      const characterLength = escapeMrkdwn(character).length;
      if (escapedLength + characterLength > maximumCharacters) break;
      escapedLength += characterLength;
      end += character.length;
    }
    const window = rest.slice(0, end);
    let cut = end;
    const lastSpace = window.search(/\s\S*$/);
    if (lastSpace > end / 2) cut = lastSpace + 1;
    else {
      const openMarker = /\[\d*$/.exec(window);
      if (openMarker !== null && openMarker.index > 0) cut = openMarker.index;
    }
    chunks.push(escapeMrkdwn(rest.slice(0, cut)));
    rest = rest.slice(cut);
  }
  if (rest !== '') chunks.push(escapeMrkdwn(rest));
  return chunks;
}

/** The details after a citation's title: outlet, date and issue, those that are known, comma-separated. */
function citationDetails(item: { readonly source: string | null; readonly date: string | null; readonly issue: string | null }): string {
  return [item.source, item.date, item.issue]
    .filter((value): value is string => value !== null && value.trim() !== '')
    .join(', ');
}

/**
 * `label` (already escaped) as a mrkdwn link to `url`, or `label` alone when there is no URL or the URL is
 * not a plain http(s) URL without `<`, `>`, `|` or whitespace (any of which would break Slack's `<url|label>`).
 */
export function mrkdwnLink(url: string | null | undefined, label: string): string {
  if (url === null || url === undefined || !/^https?:\/\/[^\s<>|]+$/iu.test(url)) return label;
  return `<${url}|${label}>`;
}

/** Label of an item's own published link, by the reader's language. */
const ORIGINAL_LINK_LABEL: Readonly<Record<Language, string>> = { en: 'original', zh: '原文' };

/**
 * One source line in mrkdwn: `[n] *Title* — Outlet, YYYY-MM-DD, Issue` followed, when the article exists in
 * the other edition, by `· 中文版: …` or `· English edition: …`, and by the item's own published link when it
 * has one. Titles link to their source pages when the citation carries URLs (`PUBLIC_BASE_URL`). Unknown
 * fields are left out. At most `maximumCharacters` long: a line too long with its links is shown without them.
 */
export function formatCitationMrkdwn(citation: Citation, maximumCharacters: number = 2000): string {
  const line = (withLinks: boolean): string => {
    const details = citationDetails(citation);
    const title = escapeMrkdwn(citation.title);
    let text = `[${citation.n}] *${withLinks ? mrkdwnLink(citation.url, title) : title}*`;
    if (details !== '') text += ` — ${escapeMrkdwn(details)}`;
    if (citation.pair !== null) {
      const pairTitle = escapeMrkdwn(citation.pair.title);
      text += ` · ${PAIRED_EDITION_LABEL[citation.pair.lang]}: ${withLinks ? mrkdwnLink(citation.pair.url, pairTitle) : pairTitle}`;
    }
    if (withLinks && citation.link !== null && citation.link !== undefined) {
      const own = mrkdwnLink(citation.link, ORIGINAL_LINK_LABEL[citation.lang]);
      if (own !== ORIGINAL_LINK_LABEL[citation.lang]) text += ` · ${own}`;
    }
    return text;
  };
  const linked = line(true);
  return linked.length <= maximumCharacters ? linked : truncateMrkdwn(line(false), maximumCharacters);
}

/** The same source line without bold, for the `text` fallback (still escaped: Slack parses `text` as mrkdwn). */
export function formatCitationPlainText(citation: Citation): string {
  const details = citationDetails(citation);
  let line = `[${citation.n}] ${citation.title}`;
  if (details !== '') line += ` — ${details}`;
  if (citation.pair !== null) line += ` · ${PAIRED_EDITION_LABEL[citation.pair.lang]}: ${citation.pair.title}`;
  return escapeMrkdwn(line);
}

/** A nearest item (not cited) in mrkdwn: `• *Title* — Outlet, YYYY-MM-DD, Issue`. */
function formatRelatedMrkdwn(item: RelatedItem, maximumCharacters: number): string {
  const details = citationDetails(item);
  const line = (title: string): string => `• *${title}*${details === '' ? '' : ` — ${escapeMrkdwn(details)}`}`;
  const linked = line(mrkdwnLink(item.url, escapeMrkdwn(item.title)));
  return linked.length <= maximumCharacters ? linked : truncateMrkdwn(line(escapeMrkdwn(item.title)), maximumCharacters);
}

function sectionBlock(mrkdwn: string): SlackTypes.SectionBlock {
  return { type: 'section', text: { type: 'mrkdwn', text: mrkdwn } };
}

function markdownBlock(markdown: string): SlackTypes.MarkdownBlock {
  return { type: 'markdown', text: markdown };
}

function contextBlock(mrkdwnLines: readonly string[]): SlackTypes.ContextBlock {
  return { type: 'context', elements: mrkdwnLines.map((text) => ({ type: 'mrkdwn' as const, text })) };
}

/** Keeps as many answer pieces as the block and character budgets allow; marks the last one when cut. */
function fitSections(
  pieces: readonly string[],
  maximumSections: number,
  maximumTotalCharacters: number,
  maximumSectionCharacters: number,
  truncationNote: string,
): string[] {
  const kept: string[] = [];
  let total = 0;
  let truncated = false;
  for (const piece of pieces) {
    if (kept.length === maximumSections) {
      truncated = true;
      break;
    }
    const room = maximumTotalCharacters - total;
    if (piece.length > room) {
      if (room > truncationNote.length + 40) kept.push(truncateMrkdwn(piece, room - truncationNote.length - 1));
      truncated = true;
      break;
    }
    kept.push(piece);
    total += piece.length;
  }
  if (truncated) {
    const last = kept.pop() ?? '';
    const shortened = truncateMrkdwn(last, maximumSectionCharacters - truncationNote.length - 1);
    kept.push(shortened === '' ? truncationNote : `${shortened}\n${truncationNote}`);
  }
  return kept;
}

/**
 * Keeps whole Markdown pieces while the block and character budgets allow (never cutting inside one, so no
 * formatting span or code fence is broken); when some are dropped, the note follows as its own piece.
 */
function fitMarkdownPieces(pieces: readonly string[], maximumBlocks: number, maximumTotalCharacters: number, truncationNote: string): string[] {
  const kept: string[] = [];
  let total = 0;
  let truncated = false;
  for (const piece of pieces) {
    if (kept.length === maximumBlocks || total + piece.length > maximumTotalCharacters) {
      truncated = true;
      break;
    }
    kept.push(piece);
    total += piece.length;
  }
  if (!truncated) return kept;
  // Room for the note: drop pieces from the end until it fits both budgets.
  while (kept.length > 0 && (kept.length + 1 > maximumBlocks || total + truncationNote.length > maximumTotalCharacters)) {
    total -= (kept.pop() ?? '').length;
  }
  if (kept.length === 0 && pieces[0] !== undefined) {
    // Not even the first piece fits: cut it at a paragraph, line or sentence boundary.
    const room = Math.max(20, maximumTotalCharacters - truncationNote.length - 2);
    kept.push(splitMarkdown(pieces[0], room)[0] ?? '');
  }
  kept.push(truncationNote);
  return kept;
}

/** How an answer's text is rendered. */
export type AnswerTextStyle = 'mrkdwn' | 'markdown';

/**
 * The style for a result: generated (`llm`) answers are Markdown and go into `markdown` blocks; extractive
 * answers are plain text (quotes from the newsletters) and go into escaped mrkdwn `section` blocks.
 */
export function answerTextStyle(result: AnswerResult): AnswerTextStyle {
  return result.mode === 'llm' ? 'markdown' : 'mrkdwn';
}

/** Buttons and notes added around an answer. All optional: without them the reply is the bare answer. */
export interface AnswerDecorations {
  /**
   * Id of the answer (see `AnswerRecords`); when given, the reply gets "Show original" (if it cites anything)
   * and Slack's native 👍/👎 feedback buttons (a `context_actions` block) carrying it.
   */
  readonly answerId?: string;
  /** Add a "Share in channel" button (for private replies). Needs `answerId`. */
  readonly share?: boolean;
  /** A context line under the sources, already in mrkdwn (e.g. "Shared by <@U…>"). */
  readonly footer?: string;
  /** Overrides {@link answerTextStyle}, e.g. `mrkdwn` as a fallback when a `markdown` block was refused. */
  readonly style?: AnswerTextStyle;
}

/** Action ids of the answer's buttons, which `createSlackApp` listens for. */
export const ANSWER_ACTION_IDS = Object.freeze({
  showOriginal: 'answer_show_original',
  /** Slack's native 👍/👎 (`feedback_buttons` in a `context_actions` block); values from {@link encodeFeedbackValue}. */
  feedback: 'answer_feedback',
  /** The 👍 button of answers posted before the native feedback buttons (still handled). */
  helpful: 'answer_feedback_helpful',
  /** The 👎 button of answers posted before the native feedback buttons (still handled). */
  notHelpful: 'answer_feedback_not_helpful',
  share: 'answer_share',
});

/** What the "Show original" button carries: the answer id and the cited article ids (for after a restart). */
export interface ShowOriginalValue {
  readonly id: string;
  readonly articles: readonly string[];
}

/** Button values may hold at most 2000 characters (`@slack/types` `Button.value`). */
const BUTTON_VALUE_CHARACTERS = 2000;

/** Encodes a {@link ShowOriginalValue} within the button value limit (dropping article ids that do not fit). */
export function encodeShowOriginalValue(value: ShowOriginalValue): string {
  const articles = [...value.articles];
  let encoded = JSON.stringify({ id: value.id, articles });
  while (encoded.length > BUTTON_VALUE_CHARACTERS && articles.length > 0) {
    articles.pop();
    encoded = JSON.stringify({ id: value.id, articles });
  }
  return encoded;
}

/** Decodes a "Show original" button value; undefined when it is not one. */
export function decodeShowOriginalValue(value: string | undefined): ShowOriginalValue | undefined {
  if (value === undefined) return undefined;
  try {
    const parsed = JSON.parse(value) as unknown;
    if (typeof parsed !== 'object' || parsed === null) return undefined;
    const { id, articles } = parsed as { id?: unknown; articles?: unknown };
    if (typeof id !== 'string' || !Array.isArray(articles) || !articles.every((article) => typeof article === 'string')) return undefined;
    return { id, articles: articles as string[] };
  } catch {
    return undefined;
  }
}

function button(text: string, actionId: string, value: string, style?: 'primary'): SlackTypes.Button {
  return { type: 'button', text: { type: 'plain_text', text, emoji: true }, action_id: actionId, value, ...(style === undefined ? {} : { style }) };
}

/**
 * The blocks that follow an answer's text: the numbered sources (when found) or the nearest items (when not),
 * the footer, and the buttons. These are also what `chat.stopStream` appends to a streamed answer.
 */
export function formatAnswerAttachments(
  result: AnswerResult,
  limits: SlackMessageLimits = SLACK_MESSAGE_LIMITS,
  decorations: AnswerDecorations = {},
): SlackTypes.KnownBlock[] {
  const interfaceText = SLACK_INTERFACE_TEXT[result.lang];
  const citations = result.found ? [...result.citations].sort((left, right) => left.n - right.n) : [];
  const blocks: SlackTypes.KnownBlock[] = [];
  const reserved = (decorations.footer === undefined ? 0 : 1) + (decorations.answerId === undefined ? 0 : 2) + 1;
  for (let start = 0; start < citations.length; start += limits.contextElements) {
    if (blocks.length >= limits.blocksPerMessage - reserved) break;
    blocks.push(contextBlock(citations.slice(start, start + limits.contextElements).map((citation) => formatCitationMrkdwn(citation, limits.contextElementCharacters))));
  }
  if (!result.found && result.related.length > 0) {
    const heading = `*${escapeMrkdwn(result.outcome === 'partial' ? interfaceText.topicHeading : interfaceText.relatedHeading)}*`;
    const lines = result.related.slice(0, limits.contextElements - 1).map((item) => formatRelatedMrkdwn(item, limits.contextElementCharacters));
    blocks.push(contextBlock([heading, ...lines]));
  }
  if (decorations.footer !== undefined) blocks.push(contextBlock([truncateMrkdwn(decorations.footer, limits.contextElementCharacters)]));
  if (decorations.answerId !== undefined) {
    const { buttons } = interfaceText;
    const id = decorations.answerId;
    const elements: SlackTypes.Button[] = [];
    if (decorations.share === true) elements.push(button(buttons.share, ANSWER_ACTION_IDS.share, id, 'primary'));
    if (citations.length > 0) {
      const value = encodeShowOriginalValue({ id, articles: citations.map((citation) => citation.articleId) });
      elements.push(button(buttons.showOriginal, ANSWER_ACTION_IDS.showOriginal, value));
    }
    if (elements.length > 0) blocks.push({ type: 'actions', block_id: `answer_actions:${id}`.slice(0, 255), elements });
    blocks.push({
      type: 'context_actions',
      block_id: `answer_feedback:${id}`.slice(0, 255),
      elements: [
        {
          type: 'feedback_buttons',
          action_id: ANSWER_ACTION_IDS.feedback,
          positive_button: { text: { type: 'plain_text', text: buttons.feedbackPositive }, value: encodeFeedbackValue('helpful', id).slice(0, BUTTON_VALUE_CHARACTERS) },
          negative_button: { text: { type: 'plain_text', text: buttons.feedbackNegative }, value: encodeFeedbackValue('not_helpful', id).slice(0, BUTTON_VALUE_CHARACTERS) },
        },
      ],
    });
  }
  return blocks;
}

/** Total text of blocks as Slack counts it towards `msg_blocks_too_long` (section/markdown/context texts). */
export function blockTextLength(blocks: readonly SlackTypes.KnownBlock[]): number {
  let total = 0;
  for (const block of blocks) {
    if (block.type === 'section') total += block.text?.text.length ?? 0;
    else if (block.type === 'markdown') total += block.text.length;
    else if (block.type === 'context') for (const element of block.elements) total += 'text' in element && typeof element.text === 'string' ? element.text.length : 0;
  }
  return total;
}

/** The plain-text fallback of an answer: the answer, then its sources as plain lines, cut to the message limit. */
function answerFallbackText(result: AnswerResult, limits: SlackMessageLimits): string {
  const interfaceText = SLACK_INTERFACE_TEXT[result.lang];
  const citations = result.found ? [...result.citations].sort((left, right) => left.n - right.n) : [];
  let text = escapeMrkdwn(result.answer.trim());
  if (citations.length > 0) text += `\n\n${interfaceText.sourcesLabel}:\n${citations.map(formatCitationPlainText).join('\n')}`;
  return truncateMrkdwn(text, limits.messageTextCharacters);
}

/**
 * Formats an answer for Slack.
 * - The answer text: extractive answers in `section` blocks of escaped mrkdwn, generated ones in `markdown`
 *   blocks ({@link answerTextStyle}); either way split on paragraph (then sentence) boundaries to fit
 *   `sectionTextCharacters`, Markdown never inside a code fence.
 * - Then {@link formatAnswerAttachments}: `context` blocks with one source line per citation (ordered by
 *   marker number, at most `contextElements` per block) when `result.found`, else the nearest items; the
 *   footer; the buttons when `decorations.answerId` is given.
 * - When the answer does not fit the block or total-text budget it is shortened and ends with a note in the
 *   answer's language; sources are never dropped for the answer's sake.
 * - `text` is the answer followed by the sources as plain lines, cut to `messageTextCharacters`.
 */
export function formatAnswerReply(
  result: AnswerResult,
  limits: SlackMessageLimits = SLACK_MESSAGE_LIMITS,
  decorations: AnswerDecorations = {},
): SlackReply {
  const interfaceText = SLACK_INTERFACE_TEXT[result.lang];
  const attachments = formatAnswerAttachments(result, limits, decorations);
  const blockBudget = limits.blocksPerMessage - attachments.length;
  const textBudget = Math.max(0, limits.totalBlockTextCharacters - blockTextLength(attachments));
  let body: SlackTypes.KnownBlock[];
  if ((decorations.style ?? answerTextStyle(result)) === 'markdown') {
    const pieces = splitMarkdown(neutralizeSlackControls(result.answer), limits.sectionTextCharacters);
    const fitted = fitMarkdownPieces(pieces.length > 0 ? pieces : [ELLIPSIS], blockBudget, textBudget, `_${interfaceText.truncationNote}_`);
    body = fitted.map(markdownBlock);
  } else {
    const pieces = splitAnswerText(result.answer, limits.sectionTextCharacters);
    body = fitSections(
      pieces.length > 0 ? pieces : [ELLIPSIS],
      blockBudget,
      textBudget,
      limits.sectionTextCharacters,
      escapeMrkdwn(interfaceText.truncationNote),
    ).map(sectionBlock);
  }
  return { text: answerFallbackText(result, limits), blocks: [...body, ...attachments] };
}

/** A one-paragraph notice (placeholder, apology) as a reply; `message` is plain text and gets escaped. */
export function formatNoticeReply(message: string): SlackReply {
  const escaped = escapeMrkdwn(message);
  return { text: escaped, blocks: [sectionBlock(escaped)] };
}

/**
 * The polite "too long" reply to a question over `MAX_QUESTION_CHARS`, in the asker's language (`error.lang`),
 * with the question's length and the limit in characters.
 */
export function formatQuestionTooLongReply(error: QuestionTooLongError): SlackReply {
  const characters = error.characters.toLocaleString('en-US');
  const maximum = error.maximumCharacters.toLocaleString('en-US');
  return formatNoticeReply(fillTemplate(SLACK_INTERFACE_TEXT[error.lang].questionTooLong, { characters, maximum }));
}

/** The placeholder shown while the assistant works, in `language`. */
export function formatPlaceholderReply(language: Language): SlackReply {
  return formatNoticeReply(SLACK_INTERFACE_TEXT[language].placeholder);
}

/** The apology shown when answering failed, in `language`. */
export function formatFailureReply(language: Language): SlackReply {
  return formatNoticeReply(SLACK_INTERFACE_TEXT[language].failure);
}

/**
 * The help shown for an empty mention or `/newsletter help`: what the bot does, example questions and the
 * slash command's usage, in `language` only when given, else in English and then Chinese.
 * @param command - the slash command to name, e.g. `/newsletter`.
 */
export function formatHelpReply(language?: Language, command: string = '/newsletter'): SlackReply {
  const languages: readonly Language[] = language === undefined ? ['en', 'zh'] : [language];
  const paragraphs = languages.map((code) => {
    const interfaceText = SLACK_INTERFACE_TEXT[code];
    const examples = interfaceText.exampleQuestions.map((question) => `• ${escapeMrkdwn(question)}`).join('\n');
    // Escaping touches only `&`, `<`, `>`: the introduction's `*bold*` and the usage's `code` survive.
    const introduction = escapeMrkdwn(fillTemplate(interfaceText.helpIntroduction, { command: `\`${command}\`` }));
    const usage = escapeMrkdwn(fillTemplate(interfaceText.commandUsage, { command }));
    return `${introduction}\n${examples}\n\n${usage}`;
  });
  return { text: paragraphs.join('\n\n'), blocks: paragraphs.map(sectionBlock) };
}

/** The rate limit's polite "please wait", in `language`, with the wait rounded up to whole seconds. */
export function formatRateLimitedReply(language: Language, retryAfterMilliseconds: number): SlackReply {
  const seconds = String(Math.max(1, Math.ceil(retryAfterMilliseconds / 1000)));
  return formatNoticeReply(fillTemplate(SLACK_INTERFACE_TEXT[language].rateLimited, { seconds }));
}

/**
 * `/newsletter sources`: the cited items with their quoted passages, one section each (or the "not covered"
 * notice and the nearest items), under a heading, in the answer's language.
 */
export function formatSourcesReply(result: AnswerResult, limits: SlackMessageLimits = SLACK_MESSAGE_LIMITS): SlackReply {
  const interfaceText = SLACK_INTERFACE_TEXT[result.lang];
  if (!result.found || result.citations.length === 0) {
    const notice = formatNoticeReply(interfaceText.noSources);
    const related = formatAnswerAttachments({ ...result, found: false }, limits);
    return { text: notice.text, blocks: [...notice.blocks, ...related] };
  }
  const citations = [...result.citations].sort((left, right) => left.n - right.n);
  const maximumSections = limits.blocksPerMessage - 1;
  const sections = citations.slice(0, maximumSections).map((citation) => {
    const line = formatCitationMrkdwn(citation, limits.contextElementCharacters);
    const quote = quoteMrkdwn(citation.quote, limits.sectionTextCharacters - line.length - 1);
    return sectionBlock(quote === '' ? line : `${line}\n${quote}`);
  });
  const heading = `*${escapeMrkdwn(interfaceText.sourcesHeading)}*`;
  return {
    text: truncateMrkdwn([escapeMrkdwn(interfaceText.sourcesHeading), ...citations.map(formatCitationPlainText)].join('\n'), limits.messageTextCharacters),
    blocks: [sectionBlock(heading), ...sections],
  };
}

/** Plain `text` as an escaped mrkdwn block quote (`> ` on every line), at most `maximumCharacters` long. */
export function quoteMrkdwn(text: string, maximumCharacters: number): string {
  const trimmed = text.trim();
  if (trimmed === '' || maximumCharacters < 10) return '';
  const quoted = escapeMrkdwn(trimmed)
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => `> ${line}`)
    .join('\n');
  return truncateMrkdwn(quoted, maximumCharacters);
}

/** One cited passage and, when the article has another edition, that edition's matching passage. */
export interface OriginalPassage {
  /** Citation marker; null when shown without the answer (after a restart). */
  readonly n: number | null;
  readonly title: string;
  readonly source: string | null;
  readonly date: string | null;
  readonly issue: string | null;
  /** The passage (plain text); null when the article is no longer in the index. */
  readonly passage: string | null;
  /** The source page with the passage highlighted; absent or null without `PUBLIC_BASE_URL`. */
  readonly url?: string | null;
  /** The other-language edition's title, passage and source page (null when there is none). */
  readonly pair: { readonly title: string; readonly lang: Language; readonly passage: string | null; readonly url?: string | null } | null;
}

/**
 * "Show original": each cited passage as a block quote under its source line, then the other edition's
 * passage under `中文版: title` / `English edition: title`, one section per edition, in `language`'s labels.
 * Titles link to the source pages (the passage highlighted) when the passages carry URLs.
 */
export function formatOriginalReply(passages: readonly OriginalPassage[], language: Language, limits: SlackMessageLimits = SLACK_MESSAGE_LIMITS): SlackReply {
  const interfaceText = SLACK_INTERFACE_TEXT[language];
  const blocks: SlackTypes.KnownBlock[] = [sectionBlock(`*${escapeMrkdwn(interfaceText.originalHeading)}*`)];
  const textLines: string[] = [escapeMrkdwn(interfaceText.originalHeading)];
  let total = 0;
  const room = (): number => Math.min(limits.sectionTextCharacters, limits.totalBlockTextCharacters - total);
  const add = (header: string, passage: string | null): void => {
    if (blocks.length >= limits.blocksPerMessage || room() < header.length + 20) return;
    const quote = passage === null ? `_${escapeMrkdwn(interfaceText.originalUnavailable)}_` : quoteMrkdwn(passage, room() - header.length - 1);
    const text = `${header}\n${quote}`;
    blocks.push(sectionBlock(text));
    textLines.push(text);
    total += text.length;
  };
  for (const item of passages) {
    const details = citationDetails(item);
    const marker = item.n === null ? '' : `[${item.n}] `;
    add(`${marker}*${mrkdwnLink(item.url, escapeMrkdwn(item.title))}*${details === '' ? '' : ` — ${escapeMrkdwn(details)}`}`, item.passage);
    if (item.pair !== null) add(`${PAIRED_EDITION_LABEL[item.pair.lang]}: *${mrkdwnLink(item.pair.url, escapeMrkdwn(item.pair.title))}*`, item.pair.passage);
  }
  return { text: truncateMrkdwn(textLines.join('\n\n'), limits.messageTextCharacters), blocks };
}
