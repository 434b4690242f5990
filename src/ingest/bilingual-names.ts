/**
 * English ↔ Chinese names of the same thing, as evidence that two articles are one article in two
 * languages (`Qingdao` in one, `青岛` in the other). Reads the glossary's file format itself
 * (`English|variants<TAB>中文|变体`, `#` comment lines) so that ingest does not depend on the retrieve
 * stage; the retrieve stage's glossary entries have the same shape and can be passed in directly.
 */
import { readFile } from 'node:fs/promises';

/** The names of one thing in both languages; the first English name labels it in reports. */
export interface BilingualName {
  readonly english: readonly string[];
  readonly chinese: readonly string[];
}

/**
 * Parses glossary lines. Lines that are blank, comments (`#`), or lack a name on either side of the tab are
 * skipped (the retrieve stage reports them; here they only cost evidence).
 */
export function parseBilingualNames(text: string): readonly BilingualName[] {
  const names: BilingualName[] = [];
  for (const raw of text.split(/\r?\n/u)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const [englishPart, chinesePart] = raw.split('\t');
    const split = (part: string | undefined): string[] =>
      (part ?? '').split('|').map((name) => name.normalize('NFKC').trim()).filter((name) => name !== '');
    const english = split(englishPart);
    const chinese = split(chinesePart);
    if (english.length > 0 && chinese.length > 0) names.push({ english, chinese });
  }
  return names;
}

/**
 * Reads a glossary file with {@link parseBilingualNames}.
 * @returns the names; an empty list when the file does not exist. Other read errors are thrown.
 */
export async function readBilingualNames(file: string): Promise<readonly BilingualName[]> {
  try {
    return parseBilingualNames(await readFile(file, 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

/** Escapes a string for use inside a regular expression. */
function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');
}

/**
 * A compiled matcher: which names (by index into the list) an English or a Chinese text mentions.
 * English names match whole words (acronyms of up to 4 capitals as written, others case-insensitively);
 * Chinese names of two or more characters match as substrings.
 */
export class BilingualNameMatcher {
  readonly #english: readonly (readonly RegExp[])[];
  /** Lower-case English variants of each name: a cheap substring check before the whole-word patterns. */
  readonly #englishLower: readonly (readonly string[])[];
  readonly #chinese: readonly (readonly string[])[];

  constructor(readonly names: readonly BilingualName[]) {
    const ACRONYM = /^[A-Z][A-Z.&]{0,4}$/u;
    const wholeWords = (variants: readonly string[], flags: string): RegExp[] =>
      variants.length === 0
        ? []
        : [new RegExp(`(?<![\\p{L}\\p{N}])(?:${variants.map(escapeRegExp).join('|')})(?![\\p{L}\\p{N}])`, flags)];
    this.#english = names.map((name) => {
      const variants = name.english.filter((variant) => /\p{L}/u.test(variant));
      return [
        ...wholeWords(variants.filter((variant) => ACRONYM.test(variant)), 'u'),
        ...wholeWords(variants.filter((variant) => !ACRONYM.test(variant)), 'iu'),
      ];
    });
    this.#englishLower = names.map((name) => name.english.map((variant) => variant.toLowerCase()));
    this.#chinese = names.map((name) => name.chinese.filter((variant) => [...variant].length >= 2));
  }

  /** Indexes of the names `text` mentions, in `lang`'s script. */
  mentionedIn(text: string, lang: 'zh' | 'en'): ReadonlySet<number> {
    const found = new Set<number>();
    if (lang === 'en') {
      const lower = text.toLowerCase();
      this.#english.forEach((patterns, index) => {
        const mayMatch = this.#englishLower[index]?.some((variant) => lower.includes(variant)) ?? false;
        if (mayMatch && patterns.some((pattern) => pattern.test(text))) found.add(index);
      });
    } else {
      this.#chinese.forEach((variants, index) => {
        if (variants.some((variant) => text.includes(variant))) found.add(index);
      });
    }
    return found;
  }

  /** The label of name `index` (its first English name). */
  label(index: number): string {
    return this.names[index]?.english[0] ?? String(index);
  }
}
