/**
 * Marks a cited passage in an article's paragraphs. The passage is found whitespace-insensitively (a quote
 * that spans a paragraph break, or a body re-wrapped by an update, still matches): from the first
 * occurrence of the highlight's start text to the end of the first occurrence of its end text after it.
 */
import type { HighlightParameters } from '../answer';

/** A run of a paragraph's text, marked when it belongs to the highlighted passage. */
export interface TextSegment {
  readonly text: string;
  readonly marked: boolean;
  /** True on the marked segment where the highlight starts (the page's `#hl` target). */
  readonly start?: boolean;
}

/** Where the highlight fell. */
export interface HighlightResult {
  /** Per paragraph, its text in segments (one unmarked segment when the highlight misses it). */
  readonly paragraphs: readonly (readonly TextSegment[])[];
  /** 0-based index of the paragraph where the highlight starts; null when there is none or it was not found. */
  readonly firstMarkedParagraph: number | null;
}

/** A position in the paragraphs: paragraph index and UTF-16 offset within it. */
interface Position {
  readonly paragraph: number;
  readonly offset: number;
}

/** The paragraphs' non-whitespace characters, concatenated, with the position each came from. */
function compactText(paragraphs: readonly string[]): { readonly text: string; readonly positions: readonly Position[] } {
  let text = '';
  const positions: Position[] = [];
  paragraphs.forEach((paragraph, index) => {
    for (let offset = 0; offset < paragraph.length; offset += 1) {
      const character = paragraph[offset] ?? '';
      if (/\s/u.test(character)) continue;
      text += character;
      positions.push({ paragraph: index, offset });
    }
  });
  return { text, positions };
}

function compact(text: string): string {
  return text.replace(/\s+/gu, '');
}

function unmarked(paragraphs: readonly string[]): HighlightResult {
  return { paragraphs: paragraphs.map((text) => [{ text, marked: false }]), firstMarkedParagraph: null };
}

/**
 * `paragraphs` split into marked and unmarked segments for `highlight`; all unmarked when `highlight` is
 * null or its start text does not occur. Case is compared as written (quotes are verbatim).
 */
export function highlightParagraphs(paragraphs: readonly string[], highlight: HighlightParameters | null): HighlightResult {
  if (highlight === null) return unmarked(paragraphs);
  const { text, positions } = compactText(paragraphs);
  const start = compact(highlight.start);
  const startAt = start === '' ? -1 : text.indexOf(start);
  if (startAt === -1) return unmarked(paragraphs);
  let endAt = startAt + start.length;
  if (highlight.end !== null) {
    const end = compact(highlight.end);
    const found = end === '' ? -1 : text.indexOf(end, startAt + start.length);
    if (found !== -1) endAt = found + end.length;
  }
  const first = positions[startAt];
  const last = positions[endAt - 1];
  if (first === undefined || last === undefined) return unmarked(paragraphs);
  const segmented = paragraphs.map((paragraph, index): TextSegment[] => {
    if (index < first.paragraph || index > last.paragraph) return [{ text: paragraph, marked: false }];
    const from = index === first.paragraph ? first.offset : 0;
    const to = index === last.paragraph ? last.offset + 1 : paragraph.length;
    return [
      { text: paragraph.slice(0, from), marked: false },
      { text: paragraph.slice(from, to), marked: true, start: index === first.paragraph },
      { text: paragraph.slice(to), marked: false },
    ].filter((segment) => segment.text !== '');
  });
  return { paragraphs: segmented, firstMarkedParagraph: first.paragraph };
}
