/**
 * Pure functions that turn an {@link AnswerResult} (and the bot's fixed notices) into a Slack message:
 * Block Kit `section` blocks with the answer in mrkdwn, `context` blocks with the numbered sources, and a
 * plain `text` fallback for notifications and screen readers.
 *
 * Lengths are measured in UTF-16 code units (`string.length`), which is never less than the number of
 * characters Slack counts, so every limit below is respected with a small margin for astral characters.
 */
import type { types as SlackTypes } from '@slack/bolt';
import type { Language } from '../core';
import type { AnswerResult, Citation } from '../answer/types';
import { PAIRED_EDITION_LABEL, SLACK_INTERFACE_TEXT } from './ui-text';

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

const sentenceSegmenter = new Intl.Segmenter(undefined, { granularity: 'sentence' });

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
    for (const { segment } of sentenceSegmenter.segment(trimmed)) {
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
function citationDetails(citation: Citation): string {
  return [citation.source, citation.date, citation.issue]
    .filter((value): value is string => value !== null && value.trim() !== '')
    .join(', ');
}

/**
 * One source line in mrkdwn: `[n] *Title* — Outlet, YYYY-MM-DD, Issue` followed, when the article exists in
 * the other edition, by `· 中文版: …` or `· English edition: …`. Unknown fields are left out. At most
 * `maximumCharacters` long.
 */
export function formatCitationMrkdwn(citation: Citation, maximumCharacters: number = 2000): string {
  const details = citationDetails(citation);
  let line = `[${citation.n}] *${escapeMrkdwn(citation.title)}*`;
  if (details !== '') line += ` — ${escapeMrkdwn(details)}`;
  if (citation.pair !== null) line += ` · ${PAIRED_EDITION_LABEL[citation.pair.lang]}: ${escapeMrkdwn(citation.pair.title)}`;
  return truncateMrkdwn(line, maximumCharacters);
}

/** The same source line without bold, for the `text` fallback (still escaped: Slack parses `text` as mrkdwn). */
export function formatCitationPlainText(citation: Citation): string {
  const details = citationDetails(citation);
  let line = `[${citation.n}] ${citation.title}`;
  if (details !== '') line += ` — ${details}`;
  if (citation.pair !== null) line += ` · ${PAIRED_EDITION_LABEL[citation.pair.lang]}: ${citation.pair.title}`;
  return escapeMrkdwn(line);
}

function sectionBlock(mrkdwn: string): SlackTypes.SectionBlock {
  return { type: 'section', text: { type: 'mrkdwn', text: mrkdwn } };
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
 * Formats an answer for Slack.
 * - One or more `section` blocks with the escaped answer (split on paragraph/sentence boundaries to fit
 *   `sectionTextCharacters`), then, when `result.found`, `context` blocks with one source line per citation
 *   (ordered by marker number, at most `contextElements` per block).
 * - When the answer does not fit the block or total-text budget it is shortened and ends with a note in the
 *   answer's language; sources are never dropped for the answer's sake.
 * - `text` is the answer followed by the sources as plain lines, cut to `messageTextCharacters`.
 */
export function formatAnswerReply(result: AnswerResult, limits: SlackMessageLimits = SLACK_MESSAGE_LIMITS): SlackReply {
  const interfaceText = SLACK_INTERFACE_TEXT[result.lang];
  const citations = result.found ? [...result.citations].sort((left, right) => left.n - right.n) : [];

  const sourceBlocks: SlackTypes.ContextBlock[] = [];
  let sourceCharacters = 0;
  for (let start = 0; start < citations.length; start += limits.contextElements) {
    if (sourceBlocks.length === limits.blocksPerMessage - 1) break;
    const elements = citations.slice(start, start + limits.contextElements).map((citation) => {
      const text = formatCitationMrkdwn(citation, limits.contextElementCharacters);
      sourceCharacters += text.length;
      return { type: 'mrkdwn' as const, text };
    });
    sourceBlocks.push({ type: 'context', elements });
  }

  const pieces = splitAnswerText(result.answer, limits.sectionTextCharacters);
  const sectionTexts = fitSections(
    pieces.length > 0 ? pieces : [ELLIPSIS],
    limits.blocksPerMessage - sourceBlocks.length,
    Math.max(0, limits.totalBlockTextCharacters - sourceCharacters),
    limits.sectionTextCharacters,
    escapeMrkdwn(interfaceText.truncationNote),
  );

  let text = escapeMrkdwn(result.answer.trim());
  if (citations.length > 0) {
    text += `\n\n${interfaceText.sourcesLabel}:\n${citations.map(formatCitationPlainText).join('\n')}`;
  }
  return {
    text: truncateMrkdwn(text, limits.messageTextCharacters),
    blocks: [...sectionTexts.map(sectionBlock), ...sourceBlocks],
  };
}

/** A one-paragraph notice (placeholder, apology) as a reply; `message` is plain text and gets escaped. */
export function formatNoticeReply(message: string): SlackReply {
  const escaped = escapeMrkdwn(message);
  return { text: escaped, blocks: [sectionBlock(escaped)] };
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
 * The help shown for an empty mention: what the bot does and example questions, in `language` only when
 * given, else in English and then Chinese (an empty mention has no language to detect).
 */
export function formatHelpReply(language?: Language): SlackReply {
  const languages: readonly Language[] = language === undefined ? ['en', 'zh'] : [language];
  const paragraphs = languages.map((code) => {
    const interfaceText = SLACK_INTERFACE_TEXT[code];
    const examples = interfaceText.exampleQuestions.map((question) => `• ${escapeMrkdwn(question)}`).join('\n');
    // Escaping touches only `&`, `<`, `>`: the introduction's `*bold*` survives.
    return `${escapeMrkdwn(interfaceText.helpIntroduction)}\n${examples}`;
  });
  return { text: paragraphs.join('\n\n'), blocks: paragraphs.map(sectionBlock) };
}
