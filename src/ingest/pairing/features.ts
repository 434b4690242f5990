/**
 * Per-article text features, the tokens that pairing compares: the full dates, numbers (ordinals too),
 * Latin-script words and glossary names a text states, and its source day. Deriving them (date parsing,
 * name look-ups) is most of pairing's cost, so a {@link TextFeatureCache} reads each distinct text once
 * per call, and a {@link TextMemo} can keep them between calls and builds.
 */
import type { Article, Language, TextMemo } from '../../core';
import { BilingualNameMatcher, findFullDates, nameKeys, ordinalValues, translatedTerms, type BilingualLexicon, type BilingualName } from '../../language';
import type { PairEditionsOptions } from './types';

/**
 * Version of the text features kept in {@link PairEditionsOptions.featureMemo}. Bump it whenever the dates,
 * numbers, Latin-script words or bilingual names found in a text would change.
 */
export const PAIR_FEATURES_VERSION = 2;

/** What pairing compares of one article: its source day and the token sets of its text (see {@link TextFeatures}). */
export interface ArticleFeatures {
  readonly article: Article;
  /** The source date as days since 1970-01-01 (UTC), or null. */
  readonly day: number | null;
  /** The full dates the text states and the source date (ISO). */
  readonly dates: ReadonlySet<string>;
  /** Numbers of two or more digits (as written, without separators and leading zeros) and ordinals (`#7`). */
  readonly numbers: ReadonlySet<string>;
  /** zh: Latin-script words; en: every word (lower case), to look the Chinese text's Latin words up in. */
  readonly latin: ReadonlySet<string>;
  /** Indexes of the bilingual names mentioned, as strings. */
  readonly names: ReadonlySet<string>;
  /** English stems of the text (en) or of its words' dictionary senses (zh) → the word each came from (see `translatedTerms`). */
  readonly terms: ReadonlyMap<string, string>;
  /** Phonetic keys of foreign names → the name as written (see `nameKeys`). */
  readonly nameKeys: ReadonlyMap<string, string>;
}

const ARABIC_NUMBER = /\d+(?:[.,]\d+)*/gu;
const CHINESE_LATIN_WORD = /[A-Za-z][A-Za-z0-9]*(?:[-&][A-Za-z0-9]+)*/gu;
const ENGLISH_WORD = /[A-Za-z0-9]+(?:[-&][A-Za-z0-9]+)*/gu;

function textOf(article: Article): string {
  return [article.title, article.subtitle ?? '', article.body].join('\n').normalize('NFKC');
}

function numbersIn(text: string, lang: Language): Set<string> {
  const numbers = new Set<string>();
  for (const match of text.match(ARABIC_NUMBER) ?? []) {
    const digits = match.replace(/[.,]/gu, '');
    if (digits.length >= 2) numbers.add(digits.replace(/^0+(?=\d)/u, ''));
  }
  for (const value of ordinalValues(text, lang)) numbers.add(`#${value}`);
  return numbers;
}

function latinWordsIn(text: string, lang: Language): Set<string> {
  const words = new Set<string>();
  if (lang === 'zh') {
    for (const match of text.match(CHINESE_LATIN_WORD) ?? []) if (match.length >= 2) words.add(match.toLowerCase());
  } else {
    for (const match of text.match(ENGLISH_WORD) ?? []) {
      words.add(match.toLowerCase());
      // A word without `-` or `&` is its only part, already added.
      if (match.includes('-') || match.includes('&')) for (const part of match.split(/[-&]/u)) words.add(part.toLowerCase());
    }
  }
  return words;
}

/** What {@link featuresOf} derives from an article's text (title, subtitle, body) and language alone. */
interface TextFeatures {
  /** The full dates the text states (ISO), in order of appearance. */
  readonly dates: readonly string[];
  readonly numbers: ReadonlySet<string>;
  readonly latin: ReadonlySet<string>;
  readonly names: ReadonlySet<string>;
  readonly terms: ReadonlyMap<string, string>;
  readonly nameKeys: ReadonlyMap<string, string>;
}

function textFeaturesOf(text: string, lang: Language, matcher: BilingualNameMatcher | null, lexicon: BilingualLexicon | null): TextFeatures {
  return {
    dates: findFullDates(text, lang).map((found) => found.iso),
    numbers: numbersIn(text, lang),
    latin: latinWordsIn(text, lang),
    names: matcher === null ? new Set() : new Set([...matcher.mentionedIn(text, lang)].map(String)),
    terms: lexicon === null ? new Map() : translatedTerms(text, lang, lexicon),
    nameKeys: nameKeys(text, lang),
  };
}

/** {@link TextFeatures} as one JSON line (sets as arrays in insertion order, which scoring ties depend on). */
function serialiseFeatures(features: TextFeatures): string {
  return JSON.stringify([features.dates, [...features.numbers], [...features.latin], [...features.names], [...features.terms], [...features.nameKeys]]);
}

function parseFeatures(line: string): TextFeatures {
  const [dates, numbers, latin, names, terms, keys] = JSON.parse(line) as [string[], string[], string[], string[], [string, string][], [string, string][]];
  return { dates, numbers: new Set(numbers), latin: new Set(latin), names: new Set(names), terms: new Map(terms), nameKeys: new Map(keys) };
}


/**
 * {@link TextFeatures} by language and text, so that a text met again is not read again (date parsing and
 * name look-ups are most of the cost of pairing). Entries are shared read-only between articles. With a
 * memo, features also come from and go to it (see {@link PairEditionsOptions.featureMemo}).
 *
 * Owned by its caller, never by this module: each pairing call creates one ({@link createTextFeatureCache})
 * and drops it when it returns, so nothing is held between calls; what outlives a call is the memo's.
 */
export class TextFeatureCache {
  readonly #entries = new Map<string, TextFeatures>();
  readonly #memo: TextMemo | undefined;

  constructor(
    readonly matcher: BilingualNameMatcher | null,
    memo?: TextMemo,
    /** The lexicon that translates Chinese words to English stems; null for none (no term evidence from Chinese). */
    readonly lexicon: BilingualLexicon | null = null,
  ) {
    this.#memo = memo;
  }

  /** The features of `text` in `lang`, computed (or read from the memo) on first request. */
  get(text: string, lang: Language): TextFeatures {
    // Features differ with and without a lexicon: the key says which.
    const key = `${lang}${this.lexicon === null ? '' : '+lexicon'}\u0000${text}`;
    let found = this.#entries.get(key);
    if (found === undefined) {
      found =
        this.#memo === undefined
          ? textFeaturesOf(text, lang, this.matcher, this.lexicon)
          : parseFeatures(this.#memo.get(key, () => serialiseFeatures(textFeaturesOf(text, lang, this.matcher, this.lexicon))));
      this.#entries.set(key, found);
    }
    return found;
  }
}

/**
 * A new, empty cache for one pairing call: matching `names` (none when undefined or empty), translating
 * Chinese words through `lexicon` (none when null), and reading through `memo` when one is given.
 */
export function createTextFeatureCache(names: readonly BilingualName[] | undefined, memo?: TextMemo, lexicon: BilingualLexicon | null = null): TextFeatureCache {
  const none = names === undefined || names.length === 0;
  return new TextFeatureCache(none ? null : new BilingualNameMatcher(names), memo, lexicon);
}

/** The features of `article`: its text's (through `cache`) with its source date added to the dates. */
export function featuresOf(article: Article, cache: TextFeatureCache): ArticleFeatures {
  const text = cache.get(textOf(article), article.lang);
  const dates = new Set(text.dates);
  if (article.date !== null) dates.add(article.date);
  return {
    article,
    day: article.date === null ? null : dayNumber(article.date),
    dates,
    numbers: text.numbers,
    latin: text.latin,
    names: text.names,
    terms: text.terms,
    nameKeys: text.nameKeys,
  };
}

/** An ISO date (`YYYY-MM-DD`) as days since 1970-01-01 (UTC); null for any other string. */
export function dayNumber(iso: string): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/u.exec(iso);
  if (match === null) return null;
  return Math.round(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) / 86_400_000);
}
