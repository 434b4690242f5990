/**
 * Language detection between the newsletter's two editions. Decides by the share of CJK ideographs among
 * letters: the newsletters are Chinese or English, so a two-way decision is all that is needed.
 */
import type { Language } from '../core';

const CJK = /\p{Script=Han}/u;
const LATIN = /\p{Script=Latin}/u;

/** Han ideographs and Latin letters counted in a text (code points). */
export interface LetterCounts {
  readonly han: number;
  readonly latin: number;
}

/** Counts the Han ideographs and Latin letters of `text`; counts of consecutive pieces add up to the whole's. */
export function countLetters(text: string): LetterCounts {
  let han = 0;
  let latin = 0;
  for (const character of text) {
    if (CJK.test(character)) han += 1;
    else if (LATIN.test(character)) latin += 1;
  }
  return { han, latin };
}

/** The language {@link detectLanguage} decides on for a text with these letter counts. */
export function languageOfLetters(counts: LetterCounts): Language {
  const { han, latin } = counts;
  if (han + latin === 0) return 'en';
  // One Han character carries roughly a word; weigh Latin letters by a typical word length of ~5.
  return han / (han + latin / 5) >= 0.2 ? 'zh' : 'en';
}

/**
 * How much of a text's start {@link detectLanguageOfStart} reads, in UTF-16 code units: as much as the
 * default question limit (2000 characters, `MAX_QUESTION_CHARS`), so a question within it is read whole,
 * while hostile input (a million-character message) costs no more than a normal question.
 */
export const LANGUAGE_SAMPLE_CODE_UNITS = 2000;

/**
 * {@link detectLanguage} of the first {@link LANGUAGE_SAMPLE_CODE_UNITS} UTF-16 code units of `text`:
 * bounded work for text of any length (e.g. choosing the language of a reply to untrusted input).
 */
export function detectLanguageOfStart(text: string): Language {
  return detectLanguage(text.length <= LANGUAGE_SAMPLE_CODE_UNITS ? text : text.slice(0, LANGUAGE_SAMPLE_CODE_UNITS));
}

/**
 * Detects whether `text` is Chinese or English.
 * @returns `zh` when at least 20% of its letters (Han + Latin) are Han ideographs, else `en`;
 *          `en` for text with no letters at all.
 */
export function detectLanguage(text: string): Language {
  return languageOfLetters(countLetters(text));
}

/** True when `character` (one code point) is a Han ideograph. */
export function isHan(character: string): boolean {
  return CJK.test(character);
}
