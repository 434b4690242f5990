/**
 * Rebuilds paragraphs from cleaned lines: joins the hard line breaks that PDF conversions put inside
 * Chinese sentences and titles, joins English paragraphs broken mid-sentence (around page footers or
 * page breaks), joins source lines wrapped over two lines, sets link lines (`原文链接：https://…`) apart
 * and drops page furniture.
 */
import type { Language } from '../core';
import { endsChineseSentence, insideLink } from '../language';
import { cleanLine, isPageFurniture, type CleanLine, type LineMarker } from './lines';
import { parseLinkLine } from './link-line';
import { isOpenSourceLine, parseSourceLine, startsSourceLine, type SourceLine } from './source-line';
import { runSteps, type Steps } from './steps';
import { findContents, type ContentsList } from './segmentation/contents';
import { SEGMENTATION_POLICY } from './segmentation/policy';
import { mayBeLongEnglishTitle } from './segmentation/title-shape';

/** A rebuilt paragraph. `lineNumber` is the 1-based line where it starts. */
export interface Paragraph {
  readonly lineNumber: number;
  readonly text: string;
  readonly marker: LineMarker;
  /** Set when the paragraph is a source line. */
  readonly sourceLine: SourceLine | null;
  /** Set when the paragraph is a link line (see `link-line.ts`): its normalised URL. */
  readonly linkLine: string | null;
  /** True for a single line with a blank line (or the file's start or end) before and after it. */
  readonly alone: boolean;
  /** True when a blank line (or the file's end) follows the paragraph. */
  readonly blankAfter: boolean;
}

/** A file's paragraphs and the contents list found on its lines. */
export interface ParagraphLayout {
  readonly paragraphs: readonly Paragraph[];
  readonly contents: ContentsList;
  /** Line numbers (1-based) of the page furniture left out. */
  readonly furniture: readonly { readonly lineNumber: number; readonly text: string }[];
}

const ENGLISH_TERMINAL = /[.!?;:)"”’']$/u;
const ENGLISH_CONTINUING_END = /[,;–—-]$/u;
const ABBREVIATION_END = /\b(?:U\.S|U\.K|Dr|Mr|Mrs|Ms|Prof|St|No|Vol|i\.e|e\.g|P\.R)\.$/u;
/**
 * Code units of a paragraph's end that {@link ABBREVIATION_END} needs to see: its longest match (`Prof.`,
 * 5) and the character before it (for `\b`), with room to spare.
 */
const ABBREVIATION_WINDOW = 16;
/**
 * Code units of a paragraph's start or end read to find its first or last non-space character; beyond
 * it (a paragraph that starts or ends with this much white space, which cleaned lines never do) the whole
 * text is read.
 */
const EDGE_WINDOW = 256;

/**
 * Whether `next` continues a web address that `text` ends inside (a URL wrapped at the line's end): it opens
 * with URL characters holding a path or query mark (`/ ? = & # % _`, or a dot before a letter, as in
 * `123.htm`), so a date on the next line (`25 September 2016)`, `2016-09-25`) is not glued to the address.
 */
function continuesAddress(text: string, next: string): boolean {
  if (!insideLink(text, text.length)) return false;
  const head = /^[A-Za-z\d\-._~:/?#@!$&*+;=%]+(?=[\s)），,]|$)/u.exec(next)?.[0] ?? '';
  return /[/?=&#%_]|\.\p{L}/u.test(head);
}

/** Whether a space goes between `leftEnd` (the end of the text so far) and `right` when they are joined. */
function needsSpace(leftEnd: string, right: string): boolean {
  return /[\p{Script=Latin}\d,.;:)]$/u.test(leftEnd) && /^[\p{Script=Latin}\d(]/u.test(right);
}

function joinText(left: string, right: string): string {
  if (left === '') return right;
  return needsSpace(left, right) ? `${left} ${right}` : `${left}${right}`;
}

/**
 * A paragraph's text while lines are joined into it: kept as pieces and joined once when read whole, so
 * that joining a line costs that line's length, not the paragraph's (a file of one 30 MB paragraph is
 * parsed in linear time). Tests of its start or end read only a few code units there.
 */
class ParagraphText {
  private readonly pieces: string[] = [];
  private joined: string | null = null;
  /** Length in UTF-16 code units. */
  length = 0;

  constructor(first: string) {
    this.append(first);
  }

  /** Appends `right` as {@link joinText} would: with a space between Latin letters, digits and punctuation. */
  append(right: string): void {
    if (right === '') return;
    const piece = this.length > 0 && needsSpace(this.end(2), right) ? ` ${right}` : right;
    this.pieces.push(piece);
    this.length += piece.length;
    this.joined = null;
  }

  /** Appends another paragraph's text (see {@link append}). */
  appendText(other: ParagraphText): void {
    this.append(other.toString());
  }

  /** The last `units` code units (all of the text when shorter); reads only the pieces it needs. */
  end(units: number): string {
    let result = '';
    for (let index = this.pieces.length - 1; index >= 0 && result.length < units; index -= 1) {
      result = (this.pieces[index] ?? '').slice(-(units - result.length)) + result;
    }
    return result;
  }

  /** The first `units` code units (all of the text when shorter); reads only the pieces it needs. */
  start(units: number): string {
    let result = '';
    for (let index = 0; index < this.pieces.length && result.length < units; index += 1) {
      result += (this.pieces[index] ?? '').slice(0, units - result.length);
    }
    return result;
  }

  /** The text ending at its last non-space character, as far as `/…$/` tests need it. */
  trimmedEnd(): string {
    const end = this.end(EDGE_WINDOW).trimEnd();
    return end !== '' || this.length <= EDGE_WINDOW ? end : this.toString().trimEnd();
  }

  /** Whether the trimmed text has more than `limit` code points. */
  trimmedCodePointsExceed(limit: number): boolean {
    // Whatever white space the edge windows hold, more than 2 windows + 2 × limit code units leave over `limit` code points.
    if (this.length > 2 * EDGE_WINDOW + 2 * limit && this.start(EDGE_WINDOW).trim() !== '' && this.end(EDGE_WINDOW).trim() !== '') return true;
    return [...this.toString().trim()].length > limit;
  }

  toString(): string {
    if (this.joined === null) {
      this.joined = this.pieces.join('');
      this.pieces.splice(0, this.pieces.length, this.joined);
    }
    return this.joined;
  }
}

interface Draft {
  lineNumber: number;
  text: ParagraphText;
  marker: LineMarker;
  /** Lines joined into it. */
  lines: number;
  blankBefore: boolean;
  blankAfter: boolean;
  /** Hard-wrapped text only: every line so far is short and without sentence punctuation (a wrapped title). */
  shortRun: boolean;
}

function percentile(values: readonly number[], fraction: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((left, right) => left - right);
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))] ?? 0;
}

/**
 * Splits a file's text into paragraphs, in time linear in the text's length.
 * @param text - the whole file, any line endings.
 * @param lang - the file's language; decides how broken lines are joined.
 */
export function buildParagraphs(text: string, lang: Language): readonly Paragraph[] {
  return runSteps(paragraphSteps(text, lang));
}

/** {@link buildParagraphs} as steps: one after each line in each of its three passes (clean, measure, join) and each paragraph. */
export function* paragraphSteps(text: string, lang: Language): Steps<readonly Paragraph[]> {
  return (yield* layoutSteps(text, lang)).paragraphs;
}

/**
 * Whether a Chinese file's lines are wrapped at a fixed width (PDF or e-mail text): the width is narrow and
 * most lines that run to it end mid-sentence (see {@link SEGMENTATION_POLICY.minWrappedChineseShare}).
 */
function isWrappedChinese(lines: readonly CleanLine[], codePoints: readonly number[], lengths: readonly number[], width: number): boolean {
  if (lengths.length < SEGMENTATION_POLICY.minLinesForWrapping || width > SEGMENTATION_POLICY.maxWrappedChineseWidth) return false;
  const full = lines.filter((line, index) => line.marker.kind === 'none' && (codePoints[index] ?? 0) >= SEGMENTATION_POLICY.fullLineShare * width);
  const wrapped = full.filter((line) => !endsChineseSentence(line.text)).length;
  return full.length > 0 && wrapped >= SEGMENTATION_POLICY.minWrappedChineseShare * full.length;
}

/** Whether an English file's lines are wrapped at a fixed width (PDF text) rather than one paragraph a line. */
function isWrappedEnglish(lines: readonly CleanLine[], codePoints: readonly number[], lengths: readonly number[], width: number): boolean {
  if (lengths.length < SEGMENTATION_POLICY.minLinesForWrapping || width > SEGMENTATION_POLICY.maxWrappedEnglishWidth) return false;
  const wrapped = lines.filter((line, index) => line.marker.kind === 'none' && (codePoints[index] ?? 0) >= SEGMENTATION_POLICY.fullLineShare * width && !/[.!?:"”)]$/u.test(line.text)).length;
  return wrapped >= SEGMENTATION_POLICY.minWrappedEnglishShare * lengths.length;
}

/**
 * {@link paragraphSteps} with the contents list found on the lines and the page furniture left out. A title
 * the contents list announced becomes a paragraph of its own marked `listed` (both lines when wrapped).
 * English text with one paragraph per line (not wrapped at a fixed width) keeps each line a paragraph, so a
 * title printed directly above its first paragraph is not joined into it.
 */
export function* layoutSteps(text: string, lang: Language): Steps<ParagraphLayout> {
  const rawLines = text.replace(/\r\n?/gu, '\n').split('\n');
  const lines: CleanLine[] = [];
  for (const [index, raw] of rawLines.entries()) {
    lines.push(cleanLine(raw, index + 1));
    yield;
  }

  // Chinese PDF conversions wrap every line at a fixed width (about 20–40 characters).
  const codePoints: number[] = [];
  const lengths: number[] = [];
  for (const line of lines) {
    const count = [...line.text].length;
    codePoints.push(count);
    if (line.text !== '' && line.marker.kind === 'none') lengths.push(count);
    yield;
  }
  const width = percentile(lengths, 0.9);
  const hardWrapped = lang === 'zh' && isWrappedChinese(lines, codePoints, lengths, width);
  // Whether blank lines separate paragraphs, or follow nearly every line (and so say nothing).
  const nonEmpty = lines.filter((line) => line.text !== '').length;
  const blankFollowed = lines.filter((line, index) => line.text !== '' && (lines[index + 1]?.text ?? '') === '').length;
  const blankSeparated = hardWrapped && blankFollowed <= SEGMENTATION_POLICY.maxParagraphBlankShare * nonEmpty;
  const shortLimit = SEGMENTATION_POLICY.shortLineShare * width;
  /** A short line without sentence punctuation: a wrapped title's line (or a paragraph's last line). */
  const isShortTitleLine = (line: CleanLine | undefined): boolean =>
    line !== undefined && line.text !== '' && line.marker.kind === 'none' && [...line.text].length < shortLimit && !/[，。；：、！？,;:!?]/u.test(line.text) && !startsSourceLine(line.text) && !isPageFurniture(line.text);
  /** The next non-empty line after line `index`, at most 3 lines on (a conversion may put a blank line after every line). */
  const nextNonEmpty = (index: number): CleanLine | undefined => {
    for (let next = index + 1; next < lines.length && next <= index + 3; next += 1) {
      if (lines[next]?.text !== '') return lines[next];
    }
    return undefined;
  };
  const lineParagraphs = lang === 'zh' ? !hardWrapped : !isWrappedEnglish(lines, codePoints, lengths, width);
  const contents = findContents(lines, lang);
  const furniture: { lineNumber: number; text: string }[] = [];

  const drafts: Draft[] = [];
  const sources = new Map<Draft, SourceLine>();
  const links = new Map<Draft, string>();
  let current: Draft | null = null;
  let blank = true;
  const flush = (): void => {
    if (current !== null && current.text.length > 0) drafts.push(current);
    current = null;
  };
  const start = (lineNumber: number, first: string, marker: LineMarker): Draft => {
    const draft: Draft = { lineNumber, text: new ParagraphText(first), marker, lines: 1, blankBefore: blank, blankAfter: false, shortRun: true };
    blank = false;
    return draft;
  };

  for (let index = 0; index < lines.length; index += 1) {
    yield;
    const line = lines[index];
    if (line === undefined) continue;
    if (line.isRule || line.text === '') {
      const last = current ?? drafts[drafts.length - 1];
      if (last !== undefined) last.blankAfter = true;
      blank = true;
      if (line.isRule || !hardWrapped || blankSeparated) flush();
      continue;
    }
    if (isPageFurniture(line.text)) {
      furniture.push({ lineNumber: line.lineNumber, text: line.text });
      continue;
    }
    const listed = contents.titles.get(index);
    if (listed !== undefined && !startsSourceLine(line.text)) {
      flush();
      const draft = start(line.lineNumber, line.text, line.marker.kind === 'none' || line.marker.kind === 'list-item' ? { kind: 'listed' } : line.marker);
      if (listed.span === 2 && listed.next !== undefined) {
        const next = lines[listed.next];
        if (next !== undefined) draft.text.append(next.text);
        draft.lines = 2;
        index = listed.next;
      }
      drafts.push(draft);
      continue;
    }
    if (startsSourceLine(line.text)) {
      flush();
      let joined = line.text;
      let lookahead = index + 1;
      while (isOpenSourceLine(joined) && lookahead < lines.length && lookahead <= index + 3) {
        const next = lines[lookahead];
        lookahead += 1;
        if (next === undefined || next.text === '') continue;
        joined = continuesAddress(joined, next.text) ? `${joined}${next.text}` : joinText(joined, next.text);
        index = lookahead - 1;
      }
      const parsed = parseSourceLine(joined);
      const draft = start(line.lineNumber, joined, { kind: 'none' });
      if (parsed !== null) sources.set(draft, parsed);
      drafts.push(draft);
      continue;
    }
    const link = parseLinkLine(line.text);
    if (link !== null) {
      flush();
      const draft = start(line.lineNumber, line.text, { kind: 'none' });
      links.set(draft, link);
      drafts.push(draft);
      continue;
    }
    if (line.marker.kind !== 'none') {
      flush();
      const draft = start(line.lineNumber, line.text, line.marker);
      if (hardWrapped) {
        // A wrapped title continues on short lines without sentence punctuation.
        let lookahead = index + 1;
        while (lookahead < lines.length) {
          const next = lines[lookahead];
          if (next === undefined) break;
          lookahead += 1;
          if (next.text === '') continue;
          const short = [...next.text].length <= 15;
          const unpunctuated = !/[，。；：、！？,;]/u.test(next.text);
          if (next.marker.kind === 'none' && short && unpunctuated && !startsSourceLine(next.text)) {
            draft.text.append(next.text);
            index = lookahead - 1;
          }
          break;
        }
      }
      drafts.push(draft);
      continue;
    }
    if (lineParagraphs) {
      flush();
      drafts.push(start(line.lineNumber, line.text, line.marker));
      continue;
    }
    if (current === null) current = start(line.lineNumber, '', { kind: 'none' });
    else current.lines += 1;
    current.text.append(line.text);
    current.shortRun &&= isShortTitleLine(line);
    if (!hardWrapped) {
      // Wrapped English: a short line ends its paragraph (a paragraph's last line, or a title printed
      // directly above its first paragraph) unless it and the next are a wrapped title's lines.
      const wrappedTitle = current.shortRun && isShortTitleLine(lines[index + 1]);
      if ([...line.text].length < shortLimit && !wrappedTitle) flush();
      continue;
    }
    // A title wrapped over short lines continues on the next short line; where blank lines separate
    // paragraphs, the blank line after it ends it.
    const wrappedTitle = current.shortRun && isShortTitleLine(blankSeparated ? lines[index + 1] : nextNonEmpty(index));
    if (endsChineseSentence(line.text) || ([...line.text].length < shortLimit && !wrappedTitle)) flush();
  }
  flush();

  const last = drafts[drafts.length - 1];
  if (last !== undefined) last.blankAfter = true;
  const merged = yield* joinBrokenParagraphs(drafts, (draft) => sources.has(draft) || links.has(draft), lang === 'en' ? continuesEnglish : continuesChinese);
  const paragraphs = merged.map((draft) => ({
    lineNumber: draft.lineNumber,
    text: draft.text.toString().replace(/[ \t\u00a0]{2,}/gu, ' ').trim(),
    marker: draft.marker,
    sourceLine: sources.get(draft) ?? null,
    linkLine: links.get(draft) ?? null,
    alone: draft.lines === 1 && draft.blankBefore && draft.blankAfter,
    blankAfter: draft.blankAfter,
  }));
  return { paragraphs, contents, furniture };
}

/** Han characters a paragraph must have to count as body text cut by a page break (titles are shorter). */
const MIN_CUT_CHINESE_PARAGRAPH = 60;

/**
 * Joins each paragraph to the one before when `continues(previous, next)` says a page break or footer cut
 * them apart; paragraphs with a marker (titles, bullets) and those `standsAlone` says (source and link lines)
 * are never joined.
 */
function* joinBrokenParagraphs(
  drafts: readonly Draft[],
  standsAlone: (draft: Draft) => boolean,
  continues: (previous: ParagraphText, next: ParagraphText) => boolean,
): Steps<Draft[]> {
  const result: Draft[] = [];
  for (const draft of drafts) {
    yield;
    const previous = result[result.length - 1];
    const joinable =
      previous !== undefined &&
      previous.marker.kind === 'none' &&
      draft.marker.kind === 'none' &&
      !standsAlone(previous) &&
      !standsAlone(draft) &&
      continues(previous.text, draft.text);
    if (joinable && previous !== undefined) {
      previous.text.appendText(draft.text);
      previous.lines += draft.lines;
      previous.blankAfter = draft.blankAfter;
    } else result.push(draft);
  }
  return result;
}

/**
 * Chinese: a long paragraph (more than {@link MIN_CUT_CHINESE_PARAGRAPH} characters, so never a title) that
 * ends on a Han character, followed by one that starts with a Han character or a digit.
 */
function continuesChinese(previous: ParagraphText, next: ParagraphText): boolean {
  return (
    previous.trimmedCodePointsExceed(MIN_CUT_CHINESE_PARAGRAPH) &&
    /\p{Script=Han}$/u.test(previous.trimmedEnd()) &&
    /^[\p{Script=Han}\d]/u.test(next.start(EDGE_WINDOW).trimStart() || next.toString().trimStart())
  );
}

/**
 * English: the next paragraph starts in lower case, or the previous ends mid-phrase or on an abbreviation,
 * or a long paragraph (more than 120 code units) stops without closing punctuation.
 */
function continuesEnglish(previous: ParagraphText, next: ParagraphText): boolean {
  const end = previous.end(ABBREVIATION_WINDOW);
  return (
    /^[\p{Ll}]/u.test(next.start(2)) ||
    ENGLISH_CONTINUING_END.test(end) ||
    ABBREVIATION_END.test(end) ||
    // …unless it may be a (long) headline: capitalised, title-sized, no full stop before a capital in it.
    (!ENGLISH_TERMINAL.test(end) && previous.length > 120 && !(previous.length <= 2 * SEGMENTATION_POLICY.maxEnglishTitleChars && mayBeLongEnglishTitle(previous.toString())))
  );
}
