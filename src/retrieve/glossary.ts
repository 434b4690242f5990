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
 */
import { readFile } from 'node:fs/promises';
import { InputError, type Language } from '../core';

/** One glossary line: the names of one thing in both languages. */
export interface GlossaryEntry {
  readonly english: readonly string[];
  readonly chinese: readonly string[];
  /** 1-based line in the glossary file. */
  readonly line: number;
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
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');
}

function englishPattern(variant: string): RegExp {
  const acronym = /^[A-Z0-9&.-]{2,6}$/u.test(variant);
  const body = escapeRegExp(variant).replace(/\s+/gu, '\\s+').replace(/-/gu, '[-‐–\\s]?');
  return new RegExp(`(?<![\\p{L}\\p{N}])${body}(?![\\p{L}\\p{N}])`, acronym ? 'gu' : 'giu');
}

/** An immutable glossary with matching and query expansion. */
export class Glossary {
  readonly entries: readonly GlossaryEntry[];
  private readonly matchers: readonly Matcher[];

  constructor(entries: readonly GlossaryEntry[]) {
    this.entries = entries;
    const matchers: Matcher[] = [];
    for (const entry of entries) {
      for (const variant of entry.english) matchers.push({ entry, pattern: englishPattern(variant), lang: 'en', length: variant.length });
      for (const variant of entry.chinese) {
        matchers.push({ entry, pattern: new RegExp(escapeRegExp(variant), 'gu'), lang: 'zh', length: variant.length * 3 });
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
    const entries: GlossaryEntry[] = [];
    text.split(/\r?\n/u).forEach((raw, index) => {
      const line = raw.trim();
      if (line === '' || line.startsWith('#')) return;
      const [english, chinese, ...rest] = raw.split('\t');
      const split = (side: string | undefined): string[] =>
        (side ?? '').split('|').map((variant) => variant.trim()).filter((variant) => variant !== '');
      const englishVariants = split(english);
      const chineseVariants = split(chinese);
      if (rest.length > 0 || englishVariants.length === 0 || chineseVariants.length === 0) {
        throw new InputError(`${source}:${index + 1}: expected "English|variants<TAB>中文|变体", found ${JSON.stringify(raw)}.`);
      }
      entries.push({ english: englishVariants, chinese: chineseVariants, line: index + 1 });
    });
    return new Glossary(entries);
  }

  /**
   * Reads a glossary file; a missing file gives an empty glossary.
   * @throws {InputError} when the file exists but cannot be read or parsed.
   */
  static async load(file: string): Promise<Glossary> {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return Glossary.empty();
      throw new InputError(`Cannot read glossary ${file}.`, { cause: error });
    }
    return Glossary.parse(text, file);
  }

  /**
   * Glossary names in `text`, longest first where they overlap, in text order.
   * @param lang - which side to look for; both when omitted.
   */
  findMatches(text: string, lang?: Language): readonly GlossaryMatch[] {
    const taken: boolean[] = new Array<boolean>(text.length).fill(false);
    const found: GlossaryMatch[] = [];
    for (const matcher of this.matchers) {
      if (lang !== undefined && matcher.lang !== lang) continue;
      matcher.pattern.lastIndex = 0;
      for (const match of text.matchAll(matcher.pattern)) {
        const start = match.index;
        const end = start + match[0].length;
        if (taken.slice(start, end).some(Boolean)) continue;
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
