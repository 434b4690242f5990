/**
 * What a title line may look like, in either edition: short, without a run-on into a second sentence, and
 * (for the strict test) without the sentence punctuation body text carries. The strict test is what a title
 * needs on its own; the loose one is what it needs when the file's structure already says a title stands
 * there (after a source line, listed in the contents, alone between blank lines before a long paragraph).
 */
import type { Language } from '../../core';
import { detectLanguage } from '../../language';
import type { Paragraph } from '../paragraphs';
import { SEGMENTATION_POLICY } from './policy';

/** Code points of `text`, counting at most `limit + 1` (a long paragraph is never read whole). */
export function codePointsUpTo(text: string, limit: number): number {
  if (text.length > 2 * limit + 2) return limit + 1;
  return [...text].length;
}

function isChinese(text: string, lang: Language): boolean {
  return lang === 'zh' || detectLanguage(text) === 'zh';
}

/** Whether `text` is no longer than a title may be (see {@link SEGMENTATION_POLICY}). */
export function isTitleSized(text: string, lang: Language): boolean {
  if (text.length > 2 * SEGMENTATION_POLICY.maxEnglishTitleChars + 2) return false;
  if (isChinese(text, lang)) return codePointsUpTo(text, SEGMENTATION_POLICY.maxChineseTitleChars) <= SEGMENTATION_POLICY.maxChineseTitleChars;
  if (codePointsUpTo(text, SEGMENTATION_POLICY.maxEnglishTitleChars) > SEGMENTATION_POLICY.maxEnglishTitleChars) return false;
  return text.split(/\s+/u).length <= SEGMENTATION_POLICY.maxEnglishTitleWords;
}

/**
 * Strict: a bare line that looks like a heading (title, section, subtitle, caption) on its own — the seeds'
 * rule: Chinese without `，。；：` and not ending in `、！？`, at most
 * {@link SEGMENTATION_POLICY.maxBareChineseHeadingChars} characters; English starting with a
 * capital or digit, not ending in `.,;:` and not running on into a second sentence.
 */
export function isHeadingLike(paragraph: Paragraph, lang: Language): boolean {
  if (paragraph.sourceLine !== null || paragraph.linkLine !== null) return false;
  if (paragraph.marker.kind !== 'none') return true;
  const text = paragraph.text;
  if (text.length > 2 * SEGMENTATION_POLICY.maxEnglishTitleChars + 2) return false;
  if (isChinese(text, lang)) {
    return [...text].length <= SEGMENTATION_POLICY.maxBareChineseHeadingChars && !/[，。；：]/u.test(text) && !/[、！？!?]$/u.test(text);
  }
  return isEnglishTitle(text) && !/[.,;:]$/u.test(text);
}

/**
 * Whether an English paragraph may be a long headline rather than text cut by a page break: at most
 * {@link SEGMENTATION_POLICY.maxEnglishTitleWords} words and
 * {@link SEGMENTATION_POLICY.maxEnglishTitleChars} code points, starting with a capital or a digit,
 * and no full stop before a capital inside it (a headline may hold `!` or `?` — `founded! Research bodies
 * join` — but not a second sentence ended by a full stop).
 */
export function mayBeLongEnglishTitle(text: string): boolean {
  return (
    codePointsUpTo(text, SEGMENTATION_POLICY.maxEnglishTitleChars) <= SEGMENTATION_POLICY.maxEnglishTitleChars &&
    text.split(/\s+/u).length <= SEGMENTATION_POLICY.maxEnglishTitleWords &&
    /^[\p{Lu}\d"“'‘]/u.test(text) &&
    !/\.\s+\p{Lu}/u.test(text)
  );
}

function isEnglishTitle(text: string): boolean {
  return (
    codePointsUpTo(text, SEGMENTATION_POLICY.maxEnglishTitleChars) <= SEGMENTATION_POLICY.maxEnglishTitleChars &&
    text.split(/\s+/u).length <= SEGMENTATION_POLICY.maxEnglishTitleWords &&
    /^[\p{Lu}\d"“'‘]/u.test(text) &&
    !/[.!?]\s+\p{Lu}/u.test(text)
  );
}

/**
 * Loose: a line that may be a title where the structure says one stands. Chinese: at most
 * {@link SEGMENTATION_POLICY.maxChineseTitleChars} characters, any of `，：“”《》！？、·—`, Latin names and
 * numbers, possibly a final `。`, but not two sentences (`。` inside). English: at most 25 words, capital or
 * digit or quotation first, no second sentence, not ending in `,;`.
 */
export function isLooseTitle(paragraph: Paragraph, lang: Language): boolean {
  if (paragraph.sourceLine !== null || paragraph.linkLine !== null) return false;
  const text = paragraph.text;
  if (text === '' || text.length > 2 * SEGMENTATION_POLICY.maxEnglishTitleChars + 2) return false;
  if (isChinese(text, lang)) {
    if (!isTitleSized(text, 'zh')) return false;
    return !/[。；;][^」』”）)]/u.test(text) && !/[，,、；：:]$/u.test(text);
  }
  return isEnglishTitle(text) && !/[,;]$/u.test(text);
}

/**
 * Loosest: what the first line after a source line (or a masthead) needs to be taken as the next item's
 * title — where the file's structure leaves no other place for a title. Title-sized (see
 * {@link isTitleSized}), not a source line, and not ending mid-phrase (`，、,;；：:`); it may hold two short
 * sentences or an abbreviation (`Frederick W. Mote`).
 */
export function isTitleAfterSource(paragraph: Paragraph, lang: Language): boolean {
  if (paragraph.sourceLine !== null || paragraph.text === '') return false;
  return isTitleSized(paragraph.text, lang) && !/[，、,;；：:]$/u.test(paragraph.text);
}

/** Marks at a line's end that continue a phrase onto the next line (a title wrapped after a comma or a dash). */
const CONTINUING_END = /[，、：:,;；—–-]$/u;

/**
 * Whether `first`, standing directly above the title line `second` (no blank line between), is the first
 * line of a title wrapped over two lines rather than a section heading: both bare lines, the joined title
 * still title-sized, and `first` either ending on a continuing mark or at least
 * {@link SEGMENTATION_POLICY.wrappedTitleFirstLineShare} of `medianHeadingChars` (code points).
 */
export function wrapsIntoTitle(first: Paragraph, second: Paragraph, medianHeadingChars: number, lang: Language): boolean {
  if (first.blankAfter || first.sourceLine !== null || first.marker.kind !== 'none' || second.marker.kind !== 'none') return false;
  if (!isTitleSized(joinTitleLines(first.text, second.text, lang), lang)) return false;
  if (CONTINUING_END.test(first.text)) return true;
  return medianHeadingChars > 0 && [...first.text].length >= SEGMENTATION_POLICY.wrappedTitleFirstLineShare * medianHeadingChars;
}

/** Two lines of a wrapped title as one: a space between Latin-script lines, none after a Han character. */
export function joinTitleLines(first: string, second: string, lang: Language): string {
  const left = first.trimEnd();
  const right = second.trimStart();
  return lang === 'zh' && /[\p{Script=Han}\p{P}]$/u.test(left) ? `${left}${right}` : `${left} ${right}`;
}
