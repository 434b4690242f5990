/**
 * A bilingual glossary (English ↔ Chinese names of the same thing) for cross-language retrieval: a
 * question in one language is expanded with the other language's names of what it mentions, so the
 * lexical index finds articles that exist only in the other edition, and the answerer can check that an
 * article in the other language covers the question.
 *
 * File format (`seeds/glossary.tsv`, user-extensible): one entry per line, English variants separated by
 * `|`, a tab, Chinese variants separated by `|`; `#` starts a comment line. English variants match whole
 * words, case-insensitively except short all-capital acronyms (`US`, `MOST`, `AI`), which match as
 * written; Chinese variants match as substrings.
 *
 * {@link Glossary.load} adds every country of ISO 3166 with its English names and aliases and its Chinese
 * names, from the `i18n-iso-countries` package (see {@link loadCountryNames}); the file wins where they
 * disagree (see {@link Glossary.withCountries}).
 */
import { InputError, type Language, type Logger } from '../../core';
import { segmentChineseWords } from '../segment';
import { GLOSSARY_LINE_FORM, parseGlossaryFile, readGlossaryFile, type GlossaryFile } from './glossary-file';

/** One glossary line: the names of one thing in both languages. */
export interface GlossaryEntry {
  readonly english: readonly string[];
  readonly chinese: readonly string[];
  /** 1-based line in the glossary file; 0 for a country that only the country list names. */
  readonly line: number;
  /**
   * Chinese names that match only on word boundaries of the word segmenter, not as any substring: the
   * country list's names, many of which occur inside other words (海地 Haiti in 沿海地区, 加纳 Ghana in
   * 增加纳税). Absent: all match as substrings (the file's names, as documented for the file format).
   */
  readonly alignedChinese?: readonly string[];
}

/** The names of one country in both languages, as the country list gives them. */
export interface CountryNames {
  /** ISO 3166-1 alpha-2 code (`CY`). */
  readonly code: string;
  /** Official name first, then aliases (`['Cyprus']`, `['United States of America', 'United States', 'USA', …]`). */
  readonly english: readonly string[];
  readonly chinese: readonly string[];
}

/**
 * The countries of ISO 3166-1 with their English and Chinese names, from `i18n-iso-countries` (the only
 * place that imports it). Inverted catalogue forms with a comma (`Korea, Republic of`) are left out, and
 * so is a two-character Chinese name of 中 and one more character other than 中国 (中非 is the Central
 * African Republic, but in Chinese text it is nearly always "China–Africa", like 中美, 中欧).
 * @throws whatever the dynamic import throws when the package is missing.
 */
export async function loadCountryNames(): Promise<readonly CountryNames[]> {
  const { default: countries } = await import('i18n-iso-countries');
  const english = countries.getNames('en', { select: 'all' });
  const chinese = countries.getNames('zh', { select: 'all' });
  const found: CountryNames[] = [];
  for (const [code, names] of Object.entries(english)) {
    const englishNames = names.map((name) => name.normalize('NFKC').trim()).filter((name) => name !== '' && !name.includes(','));
    const chineseNames = (chinese[code] ?? [])
      .map((name) => name.normalize('NFKC').trim())
      .filter((name) => /\p{Script=Han}/u.test(name) && (name === '中国' || !/^中\p{Script=Han}$/u.test(name)));
    if (englishNames.length > 0 && chineseNames.length > 0) found.push({ code, english: englishNames, chinese: chineseNames });
  }
  return found;
}

/**
 * A test for word boundaries in `text`: false for offsets strictly inside a word of a Han run (as the
 * segmenter splits it), true everywhere else.
 */
function segmentBoundaries(text: string): (offset: number) => boolean {
  const interior = new Set<number>();
  for (const run of text.matchAll(/\p{Script=Han}+/gu)) {
    for (const { index, segment } of segmentChineseWords(run[0])) {
      for (let offset = 1; offset < segment.length; offset += 1) interior.add(run.index + index + offset);
    }
  }
  return (offset) => !interior.has(offset);
}

/** A glossary name found in a text. */
export interface GlossaryMatch {
  readonly entry: GlossaryEntry;
  /** The text as it stands at the match. */
  readonly surface: string;
  /** 0-based character offset of the match. */
  readonly index: number;
  readonly lang: Language;
}

interface Matcher {
  readonly entry: GlossaryEntry;
  readonly pattern: RegExp;
  readonly lang: Language;
  readonly length: number;
  /** Match only where the segmenter puts word boundaries at both ends. */
  readonly aligned: boolean;
  /** Match only where no letter or digit comes right before or after (English names: "us" not in "business"). */
  readonly wordBounded: boolean;
  /** A piece every match contains (see {@link requiredPiece}); null when none can be told without the regex. */
  readonly required: RequiredPiece | null;
}

/**
 * A literal every match of a name's pattern contains: a cheap `includes` test that lets
 * {@link Glossary.findMatches} skip a name's regular expression on texts that cannot match it (most
 * names on most texts: a question meets a handful of ≈ 1,300 names). `folded`: compare with the text
 * case-folded by {@link foldForPieces} (case-insensitive patterns); otherwise with the text as is.
 */
interface RequiredPiece {
  readonly text: string;
  readonly folded: boolean;
}

/**
 * The longest piece of `variant` between white space and hyphens (the only parts {@link englishPattern}
 * relaxes), lower-cased when `caseInsensitive`; null when that piece is not ASCII, since only for ASCII is
 * `toLowerCase` the same as the case folding of a `/iu` pattern (see {@link foldForPieces}).
 */
function requiredPiece(variant: string, caseInsensitive: boolean): RequiredPiece | null {
  const pieces = variant.split(/[\s\-‐–]+/u).filter((piece) => piece.length > 0);
  const longest = pieces.reduce((best, piece) => (piece.length > best.length ? piece : best), '');
  if (longest.length === 0 || (caseInsensitive && !/^[\x20-\x7E]+$/u.test(longest))) return null;
  return { text: caseInsensitive ? longest.toLowerCase() : longest, folded: caseInsensitive };
}

/**
 * `text` lower-cased for {@link RequiredPiece} tests. A `/iu` pattern matches by Unicode simple case folding:
 * for an ASCII pattern letter that is its two cases plus, from CaseFolding.txt, U+017F ſ (→ s) and U+212A
 * Kelvin sign (→ k). `toLowerCase` maps the Kelvin sign to `k`; ſ is replaced here.
 */
function foldForPieces(text: string): string {
  return text.toLowerCase().replace(/ſ/gu, 's');
}

const WORD_CHARACTER = /[\p{L}\p{N}]/u;

/** Whether the code point ending right before `index` is a letter or digit. */
function wordCharacterBefore(text: string, index: number): boolean {
  if (index <= 0) return false;
  const low = text.charCodeAt(index - 1);
  const high = index >= 2 ? text.charCodeAt(index - 2) : 0;
  const start = low >= 0xdc00 && low <= 0xdfff && high >= 0xd800 && high <= 0xdbff ? index - 2 : index - 1;
  return WORD_CHARACTER.test(String.fromCodePoint(text.codePointAt(start) ?? 0));
}

/** Whether the code point starting at `index` is a letter or digit. */
function wordCharacterAt(text: string, index: number): boolean {
  return index < text.length && WORD_CHARACTER.test(String.fromCodePoint(text.codePointAt(index) ?? 0));
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');
}

/**
 * The pattern of an English name, without its word boundaries: {@link Glossary.findMatches} checks those
 * itself. Written into each pattern as `(?<![\p{L}\p{N}])…(?![\p{L}\p{N}])`, the Unicode letter classes
 * made V8 compile ≈ 1,300 large case-insensitive programs on the first match: ≈ 11 MB of heap and seconds
 * of the first question (measured with the seed glossary and the country list).
 */
function englishPattern(variant: string): RegExp {
  const acronym = /^[A-Z0-9&.-]{2,6}$/u.test(variant);
  const body = escapeRegExp(variant).replace(/\s+/gu, '\\s+').replace(/-/gu, '[-‐–\\s]?');
  return new RegExp(body, acronym ? 'gu' : 'giu');
}

/** An immutable glossary with matching and query expansion. */
export class Glossary {
  readonly entries: readonly GlossaryEntry[];
  private readonly matchers: readonly Matcher[];

  constructor(entries: readonly GlossaryEntry[]) {
    this.entries = entries;
    const matchers: Matcher[] = [];
    for (const entry of entries) {
      for (const variant of entry.english) {
        const pattern = englishPattern(variant);
        matchers.push({ entry, pattern, lang: 'en', length: variant.length, aligned: false, wordBounded: true, required: requiredPiece(variant, pattern.ignoreCase) });
      }
      for (const variant of entry.chinese) {
        const aligned = entry.alignedChinese?.includes(variant) ?? false;
        const required = variant.length > 0 ? { text: variant, folded: false } : null;
        matchers.push({ entry, pattern: new RegExp(escapeRegExp(variant), 'gu'), lang: 'zh', length: variant.length * 3, aligned, wordBounded: false, required });
      }
    }
    // Longest names first, so "Yangtze River Delta" wins over a shorter overlapping name.
    this.matchers = matchers.sort((left, right) => right.length - left.length);
  }

  /** An empty glossary (no expansion). */
  static empty(): Glossary {
    return new Glossary([]);
  }

  /**
   * Parses glossary text.
   * @param source - the file name, for errors.
   * @throws {InputError} naming the line when a line has no tab or an empty side.
   */
  static parse(text: string, source: string): Glossary {
    return Glossary.fromFile(parseGlossaryFile(text), source);
  }

  /**
   * A glossary of a parsed file's entries.
   * @param source - the file name, for errors.
   * @throws {InputError} naming the first line that is not a well-formed entry.
   */
  static fromFile(parsed: GlossaryFile, source: string): Glossary {
    const { lines, problems } = parsed;
    const [problem] = problems;
    if (problem !== undefined) {
      throw new InputError(`${source}:${problem.line}: expected "${GLOSSARY_LINE_FORM}", found ${JSON.stringify(problem.text)}.`);
    }
    return new Glossary(lines);
  }

  /**
   * Reads a glossary file and adds the countries ({@link loadCountryNames}, {@link Glossary.withCountries});
   * a missing file gives the countries alone.
   * @param options.countries - add the country list. Default true.
   * @param options.logger - gets a warning when the country list cannot be loaded (the file's entries are
   *   then used alone).
   * @throws {InputError} when the file exists but cannot be read or parsed.
   */
  static async load(file: string, options: { readonly countries?: boolean; readonly logger?: Logger } = {}): Promise<Glossary> {
    let parsed: GlossaryFile | null;
    try {
      parsed = await readGlossaryFile(file);
    } catch (error) {
      throw new InputError(`Cannot read glossary ${file}.`, { cause: error });
    }
    const fromFile = parsed === null ? Glossary.empty() : Glossary.fromFile(parsed, file);
    if (options.countries === false) return fromFile;
    let countries: readonly CountryNames[];
    try {
      countries = await loadCountryNames();
    } catch (error) {
      options.logger?.warn({ err: error }, 'i18n-iso-countries could not be loaded: the glossary has no country list');
      return fromFile;
    }
    return fromFile.withCountries(countries);
  }

  /**
   * This glossary with the countries added. The file wins: a country none of whose names the glossary has
   * becomes a new entry (its Chinese names matched on word boundaries only, see
   * {@link GlossaryEntry.alignedChinese}); a country that shares a name with exactly one entry adds its
   * other names to that entry, unless another entry has them; a country whose names are spread over
   * several entries is left out.
   */
  withCountries(countries: readonly CountryNames[]): Glossary {
    const entries: { english: string[]; chinese: string[]; line: number; alignedChinese?: readonly string[] }[] = this.entries.map((entry) => ({
      ...entry,
      english: [...entry.english],
      chinese: [...entry.chinese],
    }));
    const owner = new Map<string, number>();
    const key = (name: string): string => (/\p{Script=Han}/u.test(name) ? name : `en:${name.toLowerCase()}`);
    const own = (name: string, index: number): void => {
      if (!owner.has(key(name))) owner.set(key(name), index);
    };
    entries.forEach((entry, index) => [...entry.english, ...entry.chinese].forEach((name) => own(name, index)));
    for (const country of countries) {
      const names = [...country.english, ...country.chinese];
      const owners = new Set(names.flatMap((name) => owner.get(key(name)) ?? []));
      if (owners.size > 1) continue;
      const [only] = owners;
      const target = only === undefined ? undefined : entries[only];
      if (target === undefined) {
        entries.push({ english: [...country.english], chinese: [...country.chinese], line: 0, alignedChinese: country.chinese });
        names.forEach((name) => own(name, entries.length - 1));
        continue;
      }
      for (const name of country.english) if (!owner.has(key(name))) target.english.push(name);
      for (const name of country.chinese) {
        if (owner.has(key(name))) continue;
        target.chinese.push(name);
        target.alignedChinese = [...(target.alignedChinese ?? []), name];
      }
      names.forEach((name) => own(name, only ?? -1));
    }
    return new Glossary(entries);
  }

  /**
   * Glossary names in `text`, longest first where they overlap, in text order.
   * @param lang - which side to look for; both when omitted.
   */
  findMatches(text: string, lang?: Language): readonly GlossaryMatch[] {
    const taken: boolean[] = new Array<boolean>(text.length).fill(false);
    const found: GlossaryMatch[] = [];
    let isBoundary: ((offset: number) => boolean) | null = null;
    let folded: string | null = null;
    for (const matcher of this.matchers) {
      if (lang !== undefined && matcher.lang !== lang) continue;
      const required = matcher.required;
      if (required !== null && !(required.folded ? (folded ??= foldForPieces(text)) : text).includes(required.text)) continue;
      const pattern = matcher.pattern;
      pattern.lastIndex = 0;
      for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
        const start = match.index;
        const end = start + match[0].length;
        if (end === start || (matcher.wordBounded && (wordCharacterBefore(text, start) || wordCharacterAt(text, end)))) {
          // Not a whole word here: look again from the next character, as a lookbehind would.
          pattern.lastIndex = start + 1;
          continue;
        }
        if (taken.slice(start, end).some(Boolean)) continue;
        if (matcher.aligned) {
          isBoundary ??= segmentBoundaries(text);
          if (!isBoundary(start) || !isBoundary(end)) continue;
        }
        for (let position = start; position < end; position += 1) taken[position] = true;
        found.push({ entry: matcher.entry, surface: match[0], index: start, lang: matcher.lang });
      }
    }
    return found.sort((left, right) => left.index - right.index);
  }

  /** The names of `entry` in the language other than `lang`. */
  static translations(entry: GlossaryEntry, lang: Language): readonly string[] {
    return lang === 'en' ? entry.chinese : entry.english;
  }

  /**
   * The other language's names of every glossary name in `text` (each once), space-separated; empty
   * when nothing matches.
   */
  translate(text: string): string {
    const additions = new Set<string>();
    for (const match of this.findMatches(text)) {
      for (const translation of Glossary.translations(match.entry, match.lang)) additions.add(translation);
    }
    return [...additions].join(' ');
  }
}
