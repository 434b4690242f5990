import { sentenceSegments } from '../language';
/**
 * Generated answers are Markdown. Slack renders standard Markdown in `markdown` blocks and in streamed
 * `markdown_text` (api.slack.com/reference/surfaces/formatting; `@slack/types` `MarkdownBlock`), so the
 * text is sent as it is, with two precautions:
 * - {@link neutralizeSlackControls} keeps `<!channel>`, `<@U…>`, `<#C…>` and `<https://…|label>` sequences
 *   from acting as Slack broadcasts, mentions or disguised links;
 * - {@link splitMarkdown} cuts long text on paragraph boundaries, never inside a fenced code block (an
 *   over-long fence is closed at the cut and reopened in the next piece).
 *
 * Lengths are UTF-16 code units (`string.length`), never fewer than the characters Slack counts.
 */

const ZERO_WIDTH_SPACE = '\u200B';

/**
 * Inserts a zero-width space after `<` when it opens a Slack control sequence (`<!`, `<@`, `<#`) or a Slack
 * link (`<http…|` / `<mailto:`), so that it shows as typed instead of notifying or hiding the link target.
 * Everything else is unchanged (Markdown `<https://…>` autolinks without a label stay links).
 */
export function neutralizeSlackControls(markdown: string): string {
  return markdown.replace(/<(?=[!@#]|(?:https?:|mailto:)[^>\s|]*\|)/g, `<${ZERO_WIDTH_SPACE}`);
}

const FENCE = /^\s{0,3}(`{3,}|~{3,})(.*)$/;

/** A unit that is never split between pieces unless it alone exceeds the maximum. */
interface MarkdownUnit {
  readonly text: string;
  /** For a fenced code block: its opening line (e.g. "```ts") and closing fence; else null. */
  readonly fence: { readonly open: string; readonly close: string } | null;
}

/** Splits Markdown into paragraphs (blank-line separated) and whole fenced code blocks, in order. */
function markdownUnits(markdown: string): MarkdownUnit[] {
  const units: MarkdownUnit[] = [];
  const lines = markdown.replace(/\r\n?/g, '\n').split('\n');
  let paragraph: string[] = [];
  const flushParagraph = (): void => {
    const text = paragraph.join('\n').trim();
    if (text !== '') units.push({ text, fence: null });
    paragraph = [];
  };
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index] ?? '';
    const opening = FENCE.exec(line);
    if (opening !== null) {
      flushParagraph();
      const marker = opening[1] ?? '```';
      const block = [line];
      let closed = false;
      for (index += 1; index < lines.length; index += 1) {
        const inner = lines[index] ?? '';
        block.push(inner);
        const closing = FENCE.exec(inner);
        if (closing !== null && (closing[1] ?? '').startsWith(marker[0] ?? '`') && (closing[1] ?? '').length >= marker.length && (closing[2] ?? '').trim() === '') {
          closed = true;
          break;
        }
      }
      if (!closed) block.push(marker);
      units.push({ text: block.join('\n'), fence: { open: line.trim(), close: marker } });
      continue;
    }
    if (line.trim() === '') flushParagraph();
    else paragraph.push(line);
  }
  flushParagraph();
  return units;
}

/** Cuts `text` into pieces of at most `maximum` characters: at line breaks, else sentences, else spaces, else anywhere. */
function cutText(text: string, maximum: number): string[] {
  if (text.length <= maximum) return [text];
  const pieces: string[] = [];
  let current = '';
  const push = (unit: string): void => {
    if (current.length + unit.length <= maximum) {
      current += unit;
      return;
    }
    if (current.trim() !== '') pieces.push(current.trimEnd());
    current = '';
    if (unit.length <= maximum) {
      current = unit.trimStart();
      return;
    }
    let rest = unit;
    while (rest.length > maximum) {
      let cut = rest.lastIndexOf(' ', maximum);
      if (cut < maximum / 2) cut = maximum;
      if (/[\uD800-\uDBFF]/.test(rest.charAt(cut - 1))) cut -= 1;
      pieces.push(rest.slice(0, cut).trimEnd());
      rest = rest.slice(cut).trimStart();
    }
    current = rest;
  };
  for (const line of text.split(/(?<=\n)/)) {
    if (line.length <= maximum) push(line);
    else for (const segment of sentenceSegments(line)) push(segment);
  }
  if (current.trim() !== '') pieces.push(current.trimEnd());
  return pieces;
}

/** Cuts an over-long fenced code block into fenced pieces of at most `maximum` characters each. */
function cutFence(unit: MarkdownUnit & { fence: NonNullable<MarkdownUnit['fence']> }, maximum: number): string[] {
  const lines = unit.text.split('\n').slice(1, -1);
  const overhead = unit.fence.open.length + unit.fence.close.length + 2;
  const room = Math.max(1, maximum - overhead);
  const pieces: string[] = [];
  let body: string[] = [];
  let length = 0;
  const flush = (): void => {
    if (body.length > 0) pieces.push(`${unit.fence.open}\n${body.join('\n')}\n${unit.fence.close}`);
    body = [];
    length = 0;
  };
  for (const line of lines) {
    for (const part of line.length <= room ? [line] : cutText(line, room)) {
      if (length + part.length + 1 > room) flush();
      body.push(part);
      length += part.length + 1;
    }
  }
  flush();
  return pieces;
}

/**
 * Splits Markdown into pieces of at most `maximumCharacters` each, for consecutive `markdown` blocks:
 * paragraphs are packed together (joined by a blank line) and broken only between paragraphs; a paragraph
 * longer than the maximum is cut at line breaks, then sentence boundaries (ICU, covering `。！？` as well as
 * `.!?`), then spaces; a fenced code block is kept whole or, when longer than the maximum, cut between lines
 * with the fence closed and reopened, so no piece leaves a code block open.
 * @returns pieces in reading order, trimmed; empty when `markdown` is blank.
 * @throws {RangeError} when `maximumCharacters` is below 20 (no room for a fence).
 */
export function splitMarkdown(markdown: string, maximumCharacters: number): string[] {
  if (!(maximumCharacters >= 20)) throw new RangeError(`splitMarkdown needs maximumCharacters >= 20, got ${maximumCharacters}`);
  const pieces: string[] = [];
  let current = '';
  const append = (text: string): void => {
    if (current === '') current = text;
    else if (current.length + 2 + text.length <= maximumCharacters) current += `\n\n${text}`;
    else {
      pieces.push(current);
      current = text;
    }
  };
  for (const unit of markdownUnits(markdown)) {
    if (unit.text.length <= maximumCharacters) {
      append(unit.text);
      continue;
    }
    const parts = unit.fence === null ? cutText(unit.text, maximumCharacters) : cutFence({ ...unit, fence: unit.fence }, maximumCharacters);
    for (const part of parts) append(part);
  }
  if (current !== '') pieces.push(current);
  return pieces;
}
