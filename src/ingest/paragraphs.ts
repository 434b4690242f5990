/**
 * Rebuilds paragraphs from cleaned lines: joins the hard line breaks that PDF conversions put inside
 * Chinese sentences and titles, joins English paragraphs broken mid-sentence (around page footers or
 * page breaks), joins source lines wrapped over two lines, and drops page furniture.
 */
import type { Language } from '../core';
import { endsChineseSentence } from '../language';
import { cleanLine, isPageFurniture, type LineMarker } from './lines';
import { isOpenSourceLine, parseSourceLine, startsSourceLine, type SourceLine } from './source-line';

/** A rebuilt paragraph. `lineNumber` is the 1-based line where it starts. */
export interface Paragraph {
  readonly lineNumber: number;
  readonly text: string;
  readonly marker: LineMarker;
  /** Set when the paragraph is a source line. */
  readonly sourceLine: SourceLine | null;
}

const ENGLISH_TERMINAL = /[.!?;:)"”’']$/u;
const ENGLISH_CONTINUING_END = /[,;–—-]$/u;
const ABBREVIATION_END = /\b(?:U\.S|U\.K|Dr|Mr|Mrs|Ms|Prof|St|No|Vol|i\.e|e\.g|P\.R)\.$/u;

interface Draft {
  lineNumber: number;
  text: string;
  marker: LineMarker;
}

function joinText(left: string, right: string): string {
  if (left === '') return right;
  const needsSpace = /[\p{Script=Latin}\d,.;:)]$/u.test(left) && /^[\p{Script=Latin}\d(]/u.test(right);
  return needsSpace ? `${left} ${right}` : `${left}${right}`;
}

function percentile(values: readonly number[], fraction: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((left, right) => left - right);
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))] ?? 0;
}

/**
 * Splits a file's text into paragraphs.
 * @param text - the whole file, any line endings.
 * @param lang - the file's language; decides how broken lines are joined.
 */
export function buildParagraphs(text: string, lang: Language): readonly Paragraph[] {
  const rawLines = text.replace(/\r\n?/gu, '\n').split('\n');
  const lines = rawLines.map((raw, index) => cleanLine(raw, index + 1));

  // Chinese PDF conversions wrap every line at a fixed width (about 20–40 characters).
  const lengths = lines.filter((line) => line.text !== '' && line.marker.kind === 'none').map((line) => [...line.text].length);
  const width = percentile(lengths, 0.9);
  const wrappedLines = lines.filter((line) => {
    const length = [...line.text].length;
    return line.marker.kind === 'none' && length >= 0.85 * width && !endsChineseSentence(line.text);
  }).length;
  const hardWrapped = lang === 'zh' && lengths.length >= 10 && width <= 40 && wrappedLines >= 0.4 * lengths.length;

  const drafts: Draft[] = [];
  const sources = new Map<Draft, SourceLine>();
  let current: Draft | null = null;
  const flush = (): void => {
    if (current !== null && current.text !== '') drafts.push(current);
    current = null;
  };

  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index];
    if (line === undefined) continue;
    if (line.isRule) {
      flush();
      continue;
    }
    if (line.text === '') {
      if (!hardWrapped) flush();
      continue;
    }
    if (isPageFurniture(line.text)) continue;
    if (startsSourceLine(line.text)) {
      flush();
      let joined = line.text;
      let lookahead = index + 1;
      while (isOpenSourceLine(joined) && lookahead < lines.length && lookahead <= index + 3) {
        const next = lines[lookahead];
        lookahead += 1;
        if (next === undefined || next.text === '') continue;
        joined = joinText(joined, next.text);
        index = lookahead - 1;
      }
      const parsed = parseSourceLine(joined);
      const draft: Draft = { lineNumber: line.lineNumber, text: joined, marker: { kind: 'none' } };
      if (parsed !== null) sources.set(draft, parsed);
      drafts.push(draft);
      continue;
    }
    if (line.marker.kind !== 'none') {
      flush();
      const draft: Draft = { lineNumber: line.lineNumber, text: line.text, marker: line.marker };
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
            draft.text = joinText(draft.text, next.text);
            index = lookahead - 1;
          }
          break;
        }
      }
      drafts.push(draft);
      continue;
    }
    if (lang === 'zh' && !hardWrapped) {
      flush();
      drafts.push({ lineNumber: line.lineNumber, text: line.text, marker: line.marker });
      continue;
    }
    if (current === null) current = { lineNumber: line.lineNumber, text: '', marker: { kind: 'none' } };
    current.text = joinText(current.text, line.text);
    if (hardWrapped && (endsChineseSentence(line.text) || [...line.text].length < 0.6 * width)) flush();
  }
  flush();

  const merged = joinBrokenParagraphs(drafts, sources, lang === 'en' ? continuesEnglish : continuesChinese);
  return merged.map((draft) => ({
    lineNumber: draft.lineNumber,
    text: draft.text.replace(/[ \t\u00a0]{2,}/gu, ' ').trim(),
    marker: draft.marker,
    sourceLine: sources.get(draft) ?? null,
  }));
}

/** Han characters a paragraph must have to count as body text cut by a page break (titles are shorter). */
const MIN_CUT_CHINESE_PARAGRAPH = 60;

/**
 * Joins each paragraph to the one before when `continues(previous, next)` says a page break or footer cut
 * them apart; paragraphs with a marker (titles, bullets) and source lines are never joined.
 */
function joinBrokenParagraphs(
  drafts: readonly Draft[],
  sources: ReadonlyMap<Draft, SourceLine>,
  continues: (previous: string, next: string) => boolean,
): Draft[] {
  const result: Draft[] = [];
  for (const draft of drafts) {
    const previous = result[result.length - 1];
    const joinable =
      previous !== undefined &&
      previous.marker.kind === 'none' &&
      draft.marker.kind === 'none' &&
      !sources.has(previous) &&
      !sources.has(draft) &&
      continues(previous.text, draft.text);
    if (joinable && previous !== undefined) previous.text = joinText(previous.text, draft.text);
    else result.push(draft);
  }
  return result;
}

/**
 * Chinese: a long paragraph (more than {@link MIN_CUT_CHINESE_PARAGRAPH} characters, so never a title) that
 * ends on a Han character, followed by one that starts with a Han character or a digit.
 */
function continuesChinese(previous: string, next: string): boolean {
  const trimmed = previous.trim();
  return [...trimmed].length > MIN_CUT_CHINESE_PARAGRAPH && /\p{Script=Han}$/u.test(trimmed) && /^[\p{Script=Han}\d]/u.test(next.trim());
}

/**
 * English: the next paragraph starts in lower case, or the previous ends mid-phrase or on an abbreviation,
 * or a long paragraph stops without closing punctuation.
 */
function continuesEnglish(previous: string, next: string): boolean {
  return (
    /^[\p{Ll}]/u.test(next) ||
    ENGLISH_CONTINUING_END.test(previous) ||
    ABBREVIATION_END.test(previous) ||
    (!ENGLISH_TERMINAL.test(previous) && previous.length > 120)
  );
}
