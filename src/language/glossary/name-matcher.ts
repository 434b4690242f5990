/**
 * English ↔ Chinese names of the same thing, as evidence that two articles are one article in two
 * languages (`Qingdao` in one, `青岛` in the other), and a fast matcher of them. The names come from the
 * glossary file (`./glossary-file.ts`, the one reader of its format); the {@link Glossary}'s entries have
 * the same shape and can be passed in directly.
 */
import { parseGlossaryFile, readGlossaryFile } from './glossary-file';

/** The names of one thing in both languages; the first English name labels it in reports. */
export interface BilingualName {
  readonly english: readonly string[];
  readonly chinese: readonly string[];
}

/**
 * The names of glossary text, NFKC-normalised. Lines that are not well-formed entries are skipped (the
 * glossary itself reports them, see `Glossary.parse`; here they only cost evidence).
 */
export function parseBilingualNames(text: string): readonly BilingualName[] {
  return namesOf(parseGlossaryFile(text).lines);
}

function namesOf(lines: readonly BilingualName[]): readonly BilingualName[] {
  const normalise = (variants: readonly string[]): string[] =>
    variants.map((name) => name.normalize('NFKC').trim()).filter((name) => name !== '');
  return lines
    .map((line) => ({ english: normalise(line.english), chinese: normalise(line.chinese) }))
    .filter((name) => name.english.length > 0 && name.chinese.length > 0);
}

/**
 * Reads a glossary file with {@link parseBilingualNames}.
 * @returns the names; an empty list when the file does not exist. Other read errors are thrown.
 */
export async function readBilingualNames(file: string): Promise<readonly BilingualName[]> {
  const parsed = await readGlossaryFile(file);
  return parsed === null ? [] : namesOf(parsed.lines);
}

/** Escapes a string for use inside a regular expression. */
function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');
}

/** A run of letters and digits: the words that whole-word English names start with. */
const WORD = /[\p{L}\p{N}]+/gu;
/** An English variant that the first-word index can hold: ASCII, starting with a letter or digit. */
const INDEXABLE_ENGLISH = /^[A-Za-z0-9][\x20-\x7e]*$/u;
/** The first word (letters and digits) of an indexable English variant. */
const FIRST_ASCII_WORD = /^[A-Za-z0-9]+/u;
/** One letter or digit (a whole string of one code point). */
const LETTER_OR_DIGIT = /^[\p{L}\p{N}]$/u;
/** Text of ASCII characters only. */
const ASCII = /^\p{ASCII}*$/u;

/**
 * A compiled matcher: which names (by index into the list) an English or a Chinese text mentions.
 * English names match whole words (acronyms of up to 4 capitals as written, others case-insensitively);
 * Chinese names of two or more characters match as substrings.
 *
 * Lookups are indexed so that a text costs about its own length, not (names × text length):
 * - English: a whole-word match of an ASCII variant starts with a word of the text (a maximal run of
 *   letters and digits) that equals the variant's first word in lower case. Only names with such a word
 *   in the text (plus names with a variant the index cannot hold: non-ASCII, or not starting with a letter
 *   or digit) are tested, with the same substring check and whole-word patterns as before. (Under
 *   case-insensitive Unicode matching only `K` (Kelvin sign, lower-cased to `k`) and `ſ` (long s, taken
 *   as `s` here) match ASCII letters, so the lower-cased word is a safe key.)
 * - Chinese: each variant is indexed by its first two UTF-16 code units and checked with `startsWith`
 *   where those two units occur, which finds exactly the variants `text.includes` finds.
 * The names found are the same as testing every name against the text.
 */
export class BilingualNameMatcher {
  readonly #english: readonly (readonly RegExp[])[];
  /** {@link #english} as sticky patterns, to test at given positions only. */
  readonly #englishSticky: readonly (readonly RegExp[])[];
  /** Lower-case English variants of each name: a cheap substring check before the whole-word patterns. */
  readonly #englishLower: readonly (readonly string[])[];
  readonly #chinese: readonly (readonly string[])[];
  /** Lower-case first word of an indexable English variant → the names (indexes, ascending) it starts. */
  readonly #englishByFirstWord = new Map<string, number[]>();
  /** Lengths (UTF-16 units) of the keys of {@link #englishByFirstWord}: other words need no look-up. */
  readonly #firstWordLengths = new Set<number>();
  /** Per BMP code unit: 1 when it is a letter or digit, 2 when not, 0 until first seen. */
  readonly #letterOrDigit = new Uint8Array(65_536);
  /** Names with a letter-bearing English variant the first-word index cannot hold: always tested. */
  readonly #englishUnindexed: readonly number[];
  /** First two UTF-16 code units of a Chinese variant (as `first × 65536 + second`) → its variants and names. */
  readonly #chineseByBigram = new Map<number, { readonly variant: string; readonly index: number }[]>();
  /** 1 for each UTF-16 code unit that starts some Chinese variant (a cheap skip before the bigram map). */
  readonly #chineseFirstUnits = new Uint8Array(65_536);

  constructor(readonly names: readonly BilingualName[]) {
    const ACRONYM = /^[A-Z][A-Z.&]{0,4}$/u;
    const wholeWords = (variants: readonly string[], flags: string): RegExp[] =>
      variants.length === 0
        ? []
        : [new RegExp(`(?<![\\p{L}\\p{N}])(?:${variants.map(escapeRegExp).join('|')})(?![\\p{L}\\p{N}])`, flags)];
    const unindexed: number[] = [];
    this.#english = names.map((name, index) => {
      const variants = name.english.filter((variant) => /\p{L}/u.test(variant));
      let indexable = true;
      for (const variant of variants) {
        const firstWord = INDEXABLE_ENGLISH.test(variant) ? FIRST_ASCII_WORD.exec(variant)?.[0] : undefined;
        if (firstWord === undefined) {
          indexable = false;
          continue;
        }
        const key = firstWord.toLowerCase();
        this.#firstWordLengths.add(key.length);
        const indexes = this.#englishByFirstWord.get(key) ?? [];
        if (indexes[indexes.length - 1] !== index) indexes.push(index);
        this.#englishByFirstWord.set(key, indexes);
      }
      if (!indexable) unindexed.push(index);
      return [
        ...wholeWords(variants.filter((variant) => ACRONYM.test(variant)), 'u'),
        ...wholeWords(variants.filter((variant) => !ACRONYM.test(variant)), 'iu'),
      ];
    });
    this.#englishUnindexed = unindexed;
    this.#englishSticky = this.#english.map((patterns) => patterns.map((pattern) => new RegExp(pattern.source, `${pattern.flags}y`)));
    this.#englishLower = names.map((name) => name.english.map((variant) => variant.toLowerCase()));
    this.#chinese = names.map((name) => name.chinese.filter((variant) => [...variant].length >= 2));
    this.#chinese.forEach((variants, index) => {
      for (const variant of variants) {
        const key = variant.charCodeAt(0) * 65_536 + variant.charCodeAt(1);
        const entries = this.#chineseByBigram.get(key) ?? [];
        entries.push({ variant, index });
        this.#chineseByBigram.set(key, entries);
        this.#chineseFirstUnits[variant.charCodeAt(0)] = 1;
      }
    });
  }

  /** Indexes of the names `text` mentions, in `lang`'s script; ascending. */
  mentionedIn(text: string, lang: 'zh' | 'en'): ReadonlySet<number> {
    return lang === 'en' ? this.#mentionedInEnglish(text) : this.#mentionedInChinese(text);
  }

  #mentionedInEnglish(text: string): ReadonlySet<number> {
    // Where each indexed name may match: the starts of the words that are the first word of one of its variants.
    const starts = new Map<number, number[]>();
    const hasLongS = text.includes('\u017f');
    const lower = text.toLowerCase();
    const visitWord = (start: number, word: string): void => {
      const indexes = this.#englishByFirstWord.get(hasLongS ? word.replaceAll('\u017f', 's') : word);
      if (indexes === undefined) return;
      for (const index of indexes) {
        const positions = starts.get(index);
        if (positions === undefined) starts.set(index, [start]);
        else if (positions[positions.length - 1] !== start) positions.push(start);
      }
    };
    if (lower.length === text.length) {
      // Lower-casing kept every character's length, so positions in `lower` are positions in `text`.
      this.#forEachWord(lower, (start, end) => {
        if (this.#firstWordLengths.has(end - start)) visitWord(start, lower.slice(start, end));
      });
    } else {
      const words = new RegExp(WORD.source, WORD.flags);
      for (let word = words.exec(text); word !== null; word = words.exec(text)) visitWord(word.index, word[0].toLowerCase());
    }
    const mayMatch = (index: number): boolean => this.#englishLower[index]?.some((variant) => lower.includes(variant)) ?? false;
    const found = new Set<number>();
    const candidates = [...this.#englishUnindexed, ...starts.keys()].sort((left, right) => left - right);
    for (const index of candidates) {
      const positions = starts.get(index);
      if (positions === undefined) {
        // Not indexed: the substring check, then the whole-word patterns over the whole text.
        if (mayMatch(index) && (this.#english[index]?.some((pattern) => pattern.test(text)) ?? false)) found.add(index);
        continue;
      }
      const match = this.#firstMatchAt(index, text, positions);
      // A match of ASCII text is its variant in lower case, so the lower-cased text contains that variant.
      if (match !== null && (ASCII.test(match) || mayMatch(index))) found.add(index);
    }
    return found;
  }

  /**
   * Calls `visit` with the start and end (UTF-16 offsets, end exclusive) of every maximal run of letters and
   * digits (`[\p{L}\p{N}]+`, by code point) in `text`, in order.
   */
  #forEachWord(text: string, visit: (start: number, end: number) => void): void {
    let start = -1;
    for (let position = 0; position < text.length; ) {
      const unit = text.charCodeAt(position);
      let width = 1;
      let inWord: boolean;
      if (unit < 0x80) {
        inWord = (unit >= 0x30 && unit <= 0x39) || (unit >= 0x61 && unit <= 0x7a) || (unit >= 0x41 && unit <= 0x5a);
      } else if (unit >= 0xd800 && unit <= 0xdbff && position + 1 < text.length && (text.charCodeAt(position + 1) & 0xfc00) === 0xdc00) {
        width = 2;
        inWord = LETTER_OR_DIGIT.test(text.slice(position, position + 2));
      } else {
        let known = this.#letterOrDigit[unit] ?? 0;
        if (known === 0) {
          known = LETTER_OR_DIGIT.test(String.fromCharCode(unit)) ? 1 : 2;
          this.#letterOrDigit[unit] = known;
        }
        inWord = known === 1;
      }
      if (inWord) {
        if (start < 0) start = position;
      } else if (start >= 0) {
        visit(start, position);
        start = -1;
      }
      position += width;
    }
    if (start >= 0) visit(start, text.length);
  }

  /** The first text that name `index`'s whole-word patterns match starting at one of `positions`, or null. */
  #firstMatchAt(index: number, text: string, positions: readonly number[]): string | null {
    for (const pattern of this.#englishSticky[index] ?? []) {
      for (const position of positions) {
        pattern.lastIndex = position;
        const match = pattern.exec(text);
        if (match !== null) return match[0];
      }
    }
    return null;
  }

  #mentionedInChinese(text: string): ReadonlySet<number> {
    const hits = new Set<number>();
    const firstUnits = this.#chineseFirstUnits;
    for (let position = 0; position + 1 < text.length; position += 1) {
      const first = text.charCodeAt(position);
      if (firstUnits[first] !== 1) continue;
      const entries = this.#chineseByBigram.get(first * 65_536 + text.charCodeAt(position + 1));
      if (entries === undefined) continue;
      for (const { variant, index } of entries) if (!hits.has(index) && text.startsWith(variant, position)) hits.add(index);
    }
    return new Set([...hits].sort((left, right) => left - right));
  }

  /** The label of name `index` (its first English name). */
  label(index: number): string {
    return this.names[index]?.english[0] ?? String(index);
  }
}
