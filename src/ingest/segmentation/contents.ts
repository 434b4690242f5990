/**
 * Contents lists: lines in a file's front matter (with or without `*`, `* `, `-` or a number in front)
 * whose titles reappear later as item titles. Found on cleaned lines before paragraphs are built, so that a
 * listed title is kept apart from the paragraph it is printed against and a title wrapped over two lines
 * is joined again. Linear in the file's length: each line's key is computed at most twice and looked up
 * in a map.
 */
import type { Language } from '../../core';
import type { CleanLine } from '../lines';
import { startsSourceLine } from '../source-line';
import { SEGMENTATION_POLICY } from './policy';
import { isTitleSized } from './title-shape';

/** A title found later that a contents entry announced. */
export interface ListedTitle {
  /** Lines the title takes: 1, or 2 when it is wrapped. */
  readonly span: 1 | 2;
  /** Index (0-based, into the cleaned lines) of the contents entry's first line. */
  readonly entryIndex: number;
  /** Index of the title's second line when it is wrapped (the next line, or the one after a blank line). */
  readonly next?: number;
}

/** The contents list of one file, if it has one. */
export interface ContentsList {
  /** Each confirmed entry's text (a wrapped entry joined), in printed order. */
  readonly entries: readonly string[];
  /** Line indexes (0-based) of the entries' lines in the front matter. */
  readonly entryLines: ReadonlySet<number>;
  /** Entries not found again as a title (by text). */
  readonly missing: readonly string[];
  /** Titles found later, by the index of their first line. */
  readonly titles: ReadonlyMap<number, ListedTitle>;
}

const EMPTY: ContentsList = { entries: [], entryLines: new Set(), missing: [], titles: new Map() };

/** Letters and digits only, lower case: how a contents entry and a title are compared. */
export function normalizedKey(text: string): string {
  return text.replace(/[\s\p{P}\p{S}]/gu, '').toLowerCase();
}

/** The text of a contents line without the `*` a list may print in front of a title (`*Title`, `* Title`). */
export function contentsText(line: CleanLine): string {
  return line.text.replace(/^\*\s*/u, '').trim();
}

function isBodyLine(line: CleanLine, lang: Language): boolean {
  return line.text !== '' && line.marker.kind === 'none' && (!isTitleSized(line.text, lang) || startsSourceLine(line.text));
}

interface Entry {
  readonly lines: readonly number[];
  readonly text: string;
}

/**
 * Finds the contents list of a file.
 * @param lines - the file's cleaned lines.
 * @param lang - the file's language.
 * @returns the confirmed entries (at least {@link SEGMENTATION_POLICY.minContentsEntries} found again), else an empty list.
 */
export function findContents(lines: readonly CleanLine[], lang: Language): ContentsList {
  const limit = Math.min(lines.length, SEGMENTATION_POLICY.maxFrontMatterLines);
  const candidates: number[] = [];
  let frontEnd = limit;
  for (let index = 0; index < limit; index += 1) {
    const line = lines[index];
    if (line === undefined) break;
    if (isBodyLine(line, lang)) {
      frontEnd = index;
      break;
    }
    if (line.text !== '' && !line.isRule) candidates.push(index);
  }
  const entries = new Map<string, Entry>();
  const addEntry = (key: string, entry: Entry): void => {
    if (key.length >= SEGMENTATION_POLICY.minContentsKeyLength && !entries.has(key)) entries.set(key, entry);
  };
  for (const [position, index] of candidates.entries()) {
    const line = lines[index];
    if (line === undefined) continue;
    const text = contentsText(line);
    addEntry(normalizedKey(text), { lines: [index], text });
    const nextIndex = candidates[position + 1];
    const next = nextIndex === undefined ? undefined : lines[nextIndex];
    // A wrapped entry: the next line, or the one after a blank line (conversions put blank lines between lines).
    if (nextIndex !== undefined && nextIndex <= index + 2 && next !== undefined) {
      const nextText = contentsText(next);
      addEntry(normalizedKey(text) + normalizedKey(nextText), { lines: [index, nextIndex], text: lang === 'zh' ? text + nextText : `${text} ${nextText}` });
    }
  }
  if (entries.size === 0) return EMPTY;

  // Titles come after the front matter; the entry's own lines never count as its title.
  const titles = new Map<number, ListedTitle>();
  const found = new Map<Entry, number>();
  const keyOf = (index: number): string | null => {
    const line = lines[index];
    if (line === undefined || line.text === '' || line.isRule || !isTitleSized(line.text, lang)) return null;
    return normalizedKey(contentsText(line));
  };
  const after = (entry: Entry | undefined, index: number): entry is Entry => entry !== undefined && index > Math.max(...entry.lines);
  for (let index = candidates[0] ?? frontEnd; index < lines.length; index += 1) {
    const key = keyOf(index);
    if (key === null) continue;
    const single = entries.get(key);
    if (after(single, index)) {
      titles.set(index, { span: 1, entryIndex: single.lines[0] ?? 0 });
      if (!found.has(single)) found.set(single, index);
      continue;
    }
    const nextIndex = lines[index + 1]?.text === '' ? index + 2 : index + 1;
    const nextKey = keyOf(nextIndex);
    const pair = nextKey === null ? undefined : entries.get(key + nextKey);
    if (after(pair, index)) {
      titles.set(index, { span: 2, entryIndex: pair.lines[0] ?? 0, next: nextIndex });
      if (!found.has(pair)) found.set(pair, index);
      index = nextIndex;
    }
  }
  if (found.size < SEGMENTATION_POLICY.minContentsEntries) return EMPTY;

  // The list runs from its first confirmed entry to its last; unconfirmed lines in between are entries too.
  const confirmedLines = [...found.keys()].flatMap((entry) => entry.lines);
  const first = Math.min(...confirmedLines);
  let last = Math.max(...confirmedLines);
  // Entries printed right after the last confirmed one (no blank line between), above the first title, belong too.
  const firstTitle = Math.min(...titles.keys());
  for (const index of candidates) if (index === last + 1 && index < firstTitle) last = index;
  const entryLines = new Set<number>();
  const listed: string[] = [];
  const missing: string[] = [];
  for (const index of candidates) {
    if (index < first || index > last || entryLines.has(index)) continue;
    const confirmed = [...found.keys()].find((entry) => entry.lines[0] === index);
    const entry = confirmed ?? { lines: [index], text: contentsText(lines[index] ?? { text: '', lineNumber: 0, marker: { kind: 'none' }, isRule: false }) };
    for (const line of entry.lines) entryLines.add(line);
    listed.push(entry.text);
    if (confirmed === undefined) missing.push(entry.text);
  }
  return { entries: listed, entryLines, missing, titles };
}
