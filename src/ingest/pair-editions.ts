/**
 * Pairs each article with its version in the other language's edition, across files, by what the two
 * versions share — never by file name:
 *
 * 1. **Candidate files.** A Chinese and an English file are compared when they state the same issue number,
 *    or when the ranges of their articles' dates overlap (±{@link DATE_TOLERANCE_DAYS} days), or when one of
 *    them states no date at all (nothing rules it out).
 * 2. **Evidence per article pair** ({@link PairScoreTerms}), each term 0–1 and weighted ({@link PAIR_WEIGHTS}): the same source date
 *    (or shared full dates in the text), shared numbers (including ordinals: `第七次` ↔ `7th`), Latin-script
 *    names of the Chinese text found in the English one (`CERC`, `ESOF2016`), bilingual names from the
 *    glossary (`青岛` ↔ `Qingdao`), the same position in the issue, how surely the two files are one issue,
 *    and, when the caller passes one, embedding similarity. Rare tokens weigh more than common ones
 *    (inverse document frequency over the compared articles). Source dates more than
 *    {@link DATE_TOLERANCE_DAYS} days apart rule a pair out; closer but different dates count against it.
 * 3. **One-to-one assignment**: the Hungarian algorithm maximises the total score over each connected
 *    group of eligible candidate pairs; a pair is kept when its score reaches {@link MIN_PAIR_SCORE} and its content evidence (numbers,
 *    names, similarity) reaches {@link MIN_CONTENT_SCORE}, so a shared date alone never pairs two articles.
 * 4. **Overrides** (see `pair-overrides.ts`) win: forced pairs are taken as they are, forbidden articles stay
 *    unpaired, and the rest are assigned around them.
 *
 * Confidence (0–1) = (1 − e^(−score)) × a margin factor that lowers it when either article has a close
 * runner-up (see {@link EditionPair.confidence}).
 */
import type { Article, Language, TextMemo } from '../core';
import { maximumWeightAssignment } from './assignment';
import type { ParsedNewsletter } from './parse-newsletter';
import { NO_PAIR_OVERRIDES, readPairOverrides, resolvePairOverrides, type PairOverrideProblem, type PairOverrides } from './pair-overrides';
import { BilingualNameMatcher, readBilingualNames, type BilingualName, findFullDates } from '../language';
import { parseNumber as chineseNumberValue } from '../language';

/**
 * Embedding similarity of two articles: cosine *similarity* (−1..1, higher is closer), e.g. of their
 * multilingual embeddings. Called once per candidate article pair.
 */
export type PairSimilarity = (chinese: Article, english: Article) => Promise<number> | number;

/** Options of {@link matchEditions} / {@link findEditionPairs} / {@link pairEditions}. */
export interface PairEditionsOptions {
  /** Bilingual names (e.g. the glossary, see `readBilingualNames`) used as evidence. Default: none. */
  readonly names?: readonly BilingualName[];
  /** The user's corrections (see `readPairOverrides`). Default: none. */
  readonly overrides?: PairOverrides;
  /**
   * Embedding similarity, one more evidence term. Synchronous callers ({@link findEditionPairs},
   * {@link pairEditions}) must pass a function that returns a number; {@link matchEditions} also awaits
   * promises. A callback that throws or returns a non-finite number counts as no similarity for that pair.
   */
  readonly similarity?: PairSimilarity;
  /** Minimum score for a pair (default {@link MIN_PAIR_SCORE}). */
  readonly minScore?: number;
  /**
   * Where the text features of articles (the dates, numbers, Latin-script words and bilingual names their
   * text states — most of pairing's cost) are kept between builds, e.g. with the index. Its version must
   * change with {@link PAIR_FEATURES_VERSION} and with `names` (a name is stored as its position in the
   * list): e.g. include a digest of the glossary. Default: none (features computed in memory).
   */
  readonly featureMemo?: TextMemo;
}

/**
 * Version of the text features kept in {@link PairEditionsOptions.featureMemo}. Bump it whenever the dates,
 * numbers, Latin-script words or bilingual names found in a text would change.
 */
export const PAIR_FEATURES_VERSION = 1;

/** How surely two files are the two editions of one issue. */
export interface FileRelation {
  readonly chineseFile: string;
  readonly englishFile: string;
  /** `same-issue`: both state the same issue number; `overlapping-dates`: their date ranges overlap; `undated`: one states no date. */
  readonly kind: 'same-issue' | 'overlapping-dates' | 'undated';
  /** 0–1: 1 for the same issue, else the overlap of the date ranges over the shorter range; 0 when undated. */
  readonly strength: number;
}

/** What an article pair shares; the reasons behind its score. */
export interface PairEvidence {
  /** Both source dates known and equal. */
  readonly sameDate: boolean;
  /** Days between the two source dates when both are known and differ; null otherwise. */
  readonly dateGapDays: number | null;
  /** Full dates (ISO) stated in both texts (titles and bodies) or as both source dates; this and the other shared lists are rarest first. */
  readonly sharedDates: readonly string[];
  /** Numbers in both texts (digits as written without separators; ordinals as `#7`). */
  readonly sharedNumbers: readonly string[];
  /** Latin-script words of the Chinese text that the English text contains (lower case). */
  readonly sharedLatinNames: readonly string[];
  /** Bilingual names (first English name) that both texts mention. */
  readonly sharedNames: readonly string[];
  /** The two articles stand at the same position in their issues. */
  readonly samePosition: boolean;
  readonly fileRelation: FileRelation['kind'];
  /** The similarity callback's cosine similarity; null when none was given. */
  readonly similarity: number | null;
}

/**
 * The weighted terms of a score (each weight from {@link PAIR_WEIGHTS} times a 0–1 value); `score` is their
 * sum. Token overlaps are Σ idf(shared) / (min(Σ idf(one side), Σ idf(other side)) + idf of a token only two
 * articles have), idf = ln(1 + articles / articles with the token), over all articles compared.
 */
export interface PairScoreTerms {
  /** 1 for the same source date, else the overlap of the full dates the two texts state. */
  readonly date: number;
  /** Overlap of numbers (two or more digits, or ordinals). */
  readonly numbers: number;
  /** Overlap of the Chinese text's Latin-script words with the English text's words, over the Chinese side. */
  readonly latinNames: number;
  /** Overlap of the bilingual names both texts mention. */
  readonly names: number;
  /** 1 when the two articles stand at the same position in their files. */
  readonly position: number;
  /** {@link FileRelation.strength} of the two files. */
  readonly issue: number;
  /**
   * clamp((cosine − floor) / (1 − floor), 0, 1), where the floor is the lower median of the similarities of
   * all candidate pairs of the two files (the level of unrelated articles; 0 below 4 candidates).
   */
  readonly similarity: number;
  /** Negative: different (but close) source dates. */
  readonly dateConflict: number;
}

/** A scored candidate pair. `score` is null when the pair is ruled out (dates too far apart). */
export interface PairScore {
  readonly score: number | null;
  /** The share of the score from content (numbers, Latin names, bilingual names, similarity). */
  readonly contentScore: number;
  readonly terms: PairScoreTerms;
  readonly evidence: PairEvidence;
}

/** A pair found (or forced). */
export interface EditionPair {
  readonly chineseId: string;
  readonly englishId: string;
  /** Sum of the weighted evidence terms (see {@link PairScoreTerms}); higher is surer. Forced pairs keep their computed score (0 when none). */
  readonly score: number;
  /**
   * 0–1: (1 − e^(−score)) × (0.6 + 0.4 × min(1, margin / {@link MARGIN_SCALE})), where margin is how far the
   * score is above the best other candidate of either article. 1 for a forced pair.
   */
  readonly confidence: number;
  /** `evidence`: found by scoring; `override`: forced by the overrides file. */
  readonly origin: 'evidence' | 'override';
  /** The override line, for forced pairs. */
  readonly overrideLine: number | null;
  /** Null for a forced pair between files that are not candidates. */
  readonly evidence: PairEvidence | null;
  readonly terms: PairScoreTerms | null;
}

/** An article left unpaired that had a candidate near the threshold. */
export interface PairNearMiss {
  readonly articleId: string;
  readonly candidateId: string;
  readonly score: number;
  readonly confidence: number;
  /** Why it was not paired. */
  readonly reason: 'below-threshold' | 'too-little-content' | 'partner-taken' | 'forbidden';
  readonly evidence: PairEvidence;
}

/** Everything pairing decided, for reports (`npm run articles -- --pairs`). */
export interface EditionPairingReport {
  /** Pairs, Chinese article order (file by file, by position). */
  readonly pairs: readonly EditionPair[];
  /**
   * Unpaired articles with a candidate scoring at least half of the threshold, best first; two unpaired
   * articles that are each other's best candidate appear once.
   */
  readonly nearMisses: readonly PairNearMiss[];
  /** The candidate file pairs. */
  readonly filePairs: readonly FileRelation[];
  /** Override lines skipped, by line number. */
  readonly overrideProblems: readonly PairOverrideProblem[];
  /** The minimum score used. */
  readonly minScore: number;
}

/** Source dates further apart than this (days) rule a pair out; date ranges of files are padded by it. */
export const DATE_TOLERANCE_DAYS = 7;
/** Minimum score for a pair: e.g. a shared date and some shared content, or shared content and position. */
export const MIN_PAIR_SCORE = 1.3;
/** Minimum content score (numbers, Latin names, bilingual names, similarity) for a pair. */
export const MIN_CONTENT_SCORE = 0.35;
/** Margin (score units) above the best other candidate at which confidence is no longer lowered. */
export const MARGIN_SCALE = 0.8;

/** Weights of the evidence terms (each term is 0–1 before weighting). */
export const PAIR_WEIGHTS = Object.freeze({
  date: 1.2,
  numbers: 1.5,
  latinNames: 1.0,
  names: 1.0,
  position: 0.4,
  issue: 0.3,
  similarity: 1.5,
  dateConflict: 1.0,
});

// --- Features ---------------------------------------------------------------------------------------------

interface ArticleFeatures {
  readonly article: Article;
  /** The source date as days since 1970-01-01 (UTC), or null. */
  readonly day: number | null;
  readonly dates: ReadonlySet<string>;
  readonly numbers: ReadonlySet<string>;
  /** zh: Latin-script words; en: every word (lower case), to look the Chinese text's Latin words up in. */
  readonly latin: ReadonlySet<string>;
  /** Indexes of the bilingual names mentioned, as strings. */
  readonly names: ReadonlySet<string>;
}

const ARABIC_NUMBER = /\d+(?:[.,]\d+)*/gu;
const ENGLISH_ORDINAL = /\b(\d+)(?:st|nd|rd|th)\b/gu;
const CHINESE_ORDINAL = /第([0-9零〇一二两三四五六七八九十]+)(?=[次届期个轮批])/gu;
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
  const ordinal = lang === 'en' ? ENGLISH_ORDINAL : CHINESE_ORDINAL;
  for (const match of text.matchAll(ordinal)) {
    const value = chineseNumberValue(match[1] ?? '');
    if (value !== null) numbers.add(`#${value}`);
  }
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
}

function textFeaturesOf(text: string, lang: Language, matcher: BilingualNameMatcher | null): TextFeatures {
  return {
    dates: findFullDates(text, lang).map((found) => found.iso),
    numbers: numbersIn(text, lang),
    latin: latinWordsIn(text, lang),
    names: matcher === null ? new Set() : new Set([...matcher.mentionedIn(text, lang)].map(String)),
  };
}

/** {@link TextFeatures} as one JSON line (sets as arrays in insertion order, which scoring ties depend on). */
function serialiseFeatures(features: TextFeatures): string {
  return JSON.stringify([features.dates, [...features.numbers], [...features.latin], [...features.names]]);
}

function parseFeatures(line: string): TextFeatures {
  const [dates, numbers, latin, names] = JSON.parse(line) as [string[], string[], string[], string[]];
  return { dates, numbers: new Set(numbers), latin: new Set(latin), names: new Set(names) };
}

/**
 * {@link TextFeatures} by language and text, so that an unchanged article is not read again (date parsing
 * and name look-ups are most of the cost of pairing). Entries are shared read-only between articles. With
 * a memo, features also come from and go to it (see {@link PairEditionsOptions.featureMemo}).
 */
class TextFeatureCache {
  #entries = new Map<string, TextFeatures>();
  #used = new Map<string, TextFeatures>();
  readonly #memo: TextMemo | undefined;

  constructor(
    readonly matcher: BilingualNameMatcher | null,
    memo?: TextMemo,
  ) {
    this.#memo = memo;
  }

  /** The features of `text` in `lang`, computed on first request. */
  get(text: string, lang: Language): TextFeatures {
    const key = `${lang}\u0000${text}`;
    let found = this.#used.get(key) ?? this.#entries.get(key);
    if (found === undefined) {
      found =
        this.#memo === undefined
          ? textFeaturesOf(text, lang, this.matcher)
          : parseFeatures(this.#memo.get(key, () => serialiseFeatures(textFeaturesOf(text, lang, this.matcher))));
    }
    this.#used.set(key, found);
    return found;
  }

  /** Forgets the texts not requested since the last call: the cache holds one corpus, the latest. */
  keepOnlyUsed(): void {
    this.#entries = this.#used;
    this.#used = new Map();
  }
}

/**
 * Text features kept between calls, per bilingual names list (the same list object, as one build passes to
 * both of its pairings: without and then with embedding similarity), so that a repeated pairing of the
 * same articles reads only the texts that changed. Dropped with the names list.
 */
const textFeatureCaches = new WeakMap<readonly BilingualName[], TextFeatureCache>();

/**
 * The cache for `names`: with a memo, a fresh one reading through it; else shared between calls with the
 * same list, or (no names) a fresh one.
 */
function textFeatureCacheFor(names: readonly BilingualName[] | undefined, memo: TextMemo | undefined): TextFeatureCache {
  const none = names === undefined || names.length === 0;
  if (memo !== undefined) return new TextFeatureCache(none ? null : new BilingualNameMatcher(names), memo);
  if (none) return new TextFeatureCache(null);
  let cache = textFeatureCaches.get(names);
  if (cache === undefined) {
    cache = new TextFeatureCache(new BilingualNameMatcher(names));
    textFeatureCaches.set(names, cache);
  }
  return cache;
}

function featuresOf(article: Article, cache: TextFeatureCache): ArticleFeatures {
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
  };
}

/** Inverse document frequency over a set of articles: ln(1 + N / df). */
class TokenWeights {
  readonly #frequency = new Map<string, number>();
  readonly #count: number;
  readonly #sums = new WeakMap<ReadonlySet<string>, number>();
  /** {@link weight} per token, computed once. */
  readonly #weights = new Map<string, number>();
  readonly #pairWeight: number;

  constructor(sets: readonly ReadonlySet<string>[]) {
    this.#count = Math.max(2, sets.length);
    for (const set of sets) for (const token of set) this.#frequency.set(token, (this.#frequency.get(token) ?? 0) + 1);
    this.#pairWeight = Math.log(1 + this.#count / 2);
  }

  weight(token: string): number {
    let weight = this.#weights.get(token);
    if (weight === undefined) {
      weight = Math.log(1 + this.#count / Math.max(1, this.#frequency.get(token) ?? 1));
      this.#weights.set(token, weight);
    }
    return weight;
  }

  /** Weight of a token two articles share and no other article has: the damping pseudo-count. */
  get pairWeight(): number {
    return this.#pairWeight;
  }

  #setSum(set: ReadonlySet<string>): number {
    const cached = this.#sums.get(set);
    if (cached !== undefined) return cached;
    let total = 0;
    for (const token of set) total += this.weight(token);
    this.#sums.set(set, total);
    return total;
  }

  /**
   * Weighted overlap: Σ weight(shared) / (min(Σ weight(left), Σ weight(right)) + {@link pairWeight}); 0–1.
   * The pseudo-count keeps one shared token between two tiny sets from counting as a full match.
   * (The sum over shared tokens runs in `left`'s order, as in {@link overlap}, so that both give the same number.)
   */
  overlapValue(left: ReadonlySet<string>, right: ReadonlySet<string>, leftOnly = false): number {
    let shared = 0;
    let total = 0;
    for (const token of left) {
      if (!right.has(token)) continue;
      shared += 1;
      total += this.weight(token);
    }
    if (shared === 0) return 0;
    const denominator = (leftOnly ? this.#setSum(left) : Math.min(this.#setSum(left), this.#setSum(right))) + this.pairWeight;
    return Math.min(1, total / denominator);
  }

  /** {@link overlapValue} and the shared tokens, rarest first (ties by `localeCompare`). */
  overlap(left: ReadonlySet<string>, right: ReadonlySet<string>, leftOnly = false): { value: number; shared: string[] } {
    const shared = [...left].filter((token) => right.has(token));
    if (shared.length === 0) return { value: 0, shared };
    const value = this.overlapValue(left, right, leftOnly);
    return { value, shared: shared.sort((left, right) => this.weight(right) - this.weight(left) || left.localeCompare(right)) };
  }
}

function dayNumber(iso: string): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/u.exec(iso);
  if (match === null) return null;
  return Math.round(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) / 86_400_000);
}

// --- Files ------------------------------------------------------------------------------------------------

function dateRange(newsletter: ParsedNewsletter): readonly [number, number] | null {
  const days = newsletter.articles.map((article) => (article.date === null ? null : dayNumber(article.date))).filter((day): day is number => day !== null);
  if (days.length === 0 && newsletter.issue.date !== null) {
    const issueDay = dayNumber(newsletter.issue.date);
    if (issueDay !== null) days.push(issueDay);
  }
  if (days.length === 0) return null;
  return [Math.min(...days), Math.max(...days)];
}

/** What {@link relateFilesWith} needs of a file, computed once per file. */
interface FileFacts {
  readonly newsletter: ParsedNewsletter;
  /** The file's article date range (days since 1970-01-01), see {@link dateRange}; null when undated. */
  readonly range: readonly [number, number] | null;
  /** The stated issue date (days since 1970-01-01), or null. */
  readonly issueDay: number | null;
}

function factsOf(newsletter: ParsedNewsletter): FileFacts {
  return { newsletter, range: dateRange(newsletter), issueDay: newsletter.issue.date === null ? null : dayNumber(newsletter.issue.date) };
}

/**
 * Whether two files may hold editions of the same articles, and how surely: the same issue number (unless
 * both state issue dates more than 31 days apart), else
 * overlapping date ranges (padded by {@link DATE_TOLERANCE_DAYS}), else `undated` when either states no date.
 * @returns null when they cannot (different dates, or different issue numbers and different dates).
 */
export function relateFiles(chinese: ParsedNewsletter, english: ParsedNewsletter): FileRelation | null {
  return relateFilesWith(factsOf(chinese), factsOf(english));
}

function relateFilesWith(chineseFacts: FileFacts, englishFacts: FileFacts): FileRelation | null {
  const chinese = chineseFacts.newsletter;
  const english = englishFacts.newsletter;
  const left = chineseFacts.range;
  const right = englishFacts.range;
  const base = { chineseFile: chinese.file, englishFile: english.file };
  const chineseIssueDay = chineseFacts.issueDay;
  const englishIssueDay = englishFacts.issueDay;
  // The same number in different years (e.g. `第1期` of 2021 and `No. 1` of 2016) is not the same issue.
  const issueDatesDiffer = chineseIssueDay !== null && englishIssueDay !== null && Math.abs(chineseIssueDay - englishIssueDay) > 31;
  if (chinese.issue.number !== null && chinese.issue.number === english.issue.number && !issueDatesDiffer) {
    return { ...base, kind: 'same-issue', strength: 1 };
  }
  if (left === null || right === null) return { ...base, kind: 'undated', strength: 0 };
  const start = Math.max(left[0], right[0]) - DATE_TOLERANCE_DAYS;
  const end = Math.min(left[1], right[1]) + DATE_TOLERANCE_DAYS;
  if (end < start) return null;
  const shorter = Math.min(left[1] - left[0], right[1] - right[0]) + 2 * DATE_TOLERANCE_DAYS;
  return { ...base, kind: 'overlapping-dates', strength: Math.min(1, (end - start) / Math.max(1, shorter)) };
}

// --- Scoring ----------------------------------------------------------------------------------------------

interface ScoringContext {
  readonly weights: {
    readonly dates: TokenWeights;
    readonly numbers: TokenWeights;
    readonly latin: TokenWeights;
    readonly names: TokenWeights;
  };
  readonly matcher: BilingualNameMatcher | null;
}

function buildContext(features: readonly ArticleFeatures[], matcher: BilingualNameMatcher | null): ScoringContext {
  const latinSets = features.map((feature) => (feature.article.lang === 'zh' ? feature.latin : new Set<string>()));
  // English words count towards frequency only where a Chinese text also has them as Latin words.
  const chineseLatin = new Set(latinSets.flatMap((set) => [...set]));
  const englishLatin = features
    .filter((feature) => feature.article.lang === 'en')
    .map((feature) => new Set([...feature.latin].filter((word) => chineseLatin.has(word))));
  return {
    weights: {
      dates: new TokenWeights(features.map((feature) => feature.dates)),
      numbers: new TokenWeights(features.map((feature) => feature.numbers)),
      latin: new TokenWeights([...latinSets.filter((set) => set.size > 0), ...englishLatin]),
      names: new TokenWeights(features.map((feature) => feature.names)),
    },
    matcher,
  };
}

/** The 0–1 values of the token overlaps of a pair (see {@link PairScoreTerms}). */
interface OverlapValues {
  readonly dates: number;
  readonly numbers: number;
  readonly latin: number;
  readonly names: number;
}

/**
 * The weighted terms of a pair that dates do not rule out; `gap` is the days between the source dates (null
 * when either is unknown). The one formula behind both {@link scoreFeatures} and {@link scoreValues}.
 */
function termsOf(
  chinese: ArticleFeatures,
  english: ArticleFeatures,
  relation: FileRelation,
  gap: number | null,
  overlaps: OverlapValues,
  similarity: number | null,
  similarityFloor: number,
): PairScoreTerms {
  const sameDate = gap === 0;
  const samePosition = chinese.article.position === english.article.position;
  const similarityTerm =
    similarity === null ? 0 : Math.max(0, Math.min(1, (similarity - similarityFloor) / Math.max(1e-6, 1 - similarityFloor)));
  return {
    date: PAIR_WEIGHTS.date * (sameDate ? 1 : overlaps.dates),
    numbers: PAIR_WEIGHTS.numbers * overlaps.numbers,
    latinNames: PAIR_WEIGHTS.latinNames * overlaps.latin,
    names: PAIR_WEIGHTS.names * overlaps.names,
    position: PAIR_WEIGHTS.position * (samePosition ? 1 : 0),
    issue: PAIR_WEIGHTS.issue * relation.strength,
    similarity: PAIR_WEIGHTS.similarity * similarityTerm,
    dateConflict: gap !== null && gap > 0 ? -PAIR_WEIGHTS.dateConflict : 0,
  };
}

/** The score: the sum of the terms, in their declared order (as `Object.values(terms)` lists them). */
function totalOf(terms: PairScoreTerms): number {
  return 0 + terms.date + terms.numbers + terms.latinNames + terms.names + terms.position + terms.issue + terms.similarity + terms.dateConflict;
}

/** The content share of the score (numbers, Latin names, bilingual names, similarity). */
function contentOf(terms: PairScoreTerms): number {
  return terms.numbers + terms.latinNames + terms.names + terms.similarity;
}

/** Days between the two source dates, or null when either is unknown. */
function dateGap(chinese: ArticleFeatures, english: ArticleFeatures): number | null {
  return chinese.day !== null && english.day !== null ? Math.abs(chinese.day - english.day) : null;
}

function scoreFeatures(
  chinese: ArticleFeatures,
  english: ArticleFeatures,
  relation: FileRelation,
  context: ScoringContext,
  similarity: number | null,
  similarityFloor: number,
): PairScore {
  const gap = dateGap(chinese, english);
  if (gap !== null && gap > DATE_TOLERANCE_DAYS) return ruledOut(gap, relation, similarity);
  const dates = context.weights.dates.overlap(chinese.dates, english.dates);
  const numbers = context.weights.numbers.overlap(chinese.numbers, english.numbers);
  const latin = context.weights.latin.overlap(chinese.latin, english.latin, true);
  const names = context.weights.names.overlap(chinese.names, english.names);
  const terms = termsOf(
    chinese,
    english,
    relation,
    gap,
    { dates: dates.value, numbers: numbers.value, latin: latin.value, names: names.value },
    similarity,
    similarityFloor,
  );
  const evidence: PairEvidence = {
    sameDate: gap === 0,
    dateGapDays: gap !== null && gap > 0 ? gap : null,
    sharedDates: dates.shared,
    sharedNumbers: numbers.shared,
    sharedLatinNames: latin.shared,
    sharedNames: names.shared.map((index) => context.matcher?.label(Number(index)) ?? index),
    samePosition: chinese.article.position === english.article.position,
    fileRelation: relation.kind,
    similarity,
  };
  return { score: totalOf(terms), contentScore: contentOf(terms), terms, evidence };
}

/**
 * {@link scoreFeatures} without the evidence (no shared-token lists to build and sort): the same score and
 * content score, for every candidate pair; null when the pair is ruled out.
 */
function scoreValues(
  chinese: ArticleFeatures,
  english: ArticleFeatures,
  relation: FileRelation,
  context: ScoringContext,
  similarity: number | null,
  similarityFloor: number,
): { readonly score: number; readonly contentScore: number } | null {
  const gap = dateGap(chinese, english);
  if (gap !== null && gap > DATE_TOLERANCE_DAYS) return null;
  const { weights } = context;
  const terms = termsOf(
    chinese,
    english,
    relation,
    gap,
    {
      // The date overlap only counts when the source dates differ.
      dates: gap === 0 ? 0 : weights.dates.overlapValue(chinese.dates, english.dates),
      numbers: weights.numbers.overlapValue(chinese.numbers, english.numbers),
      latin: weights.latin.overlapValue(chinese.latin, english.latin, true),
      names: weights.names.overlapValue(chinese.names, english.names),
    },
    similarity,
    similarityFloor,
  );
  return { score: totalOf(terms), contentScore: contentOf(terms) };
}

const NO_TERMS: PairScoreTerms = { date: 0, numbers: 0, latinNames: 0, names: 0, position: 0, issue: 0, similarity: 0, dateConflict: 0 };

/** A pair whose source dates are too far apart: not scored further. */
function ruledOut(gap: number, relation: FileRelation, similarity: number | null): PairScore {
  return {
    score: null,
    contentScore: 0,
    terms: NO_TERMS,
    evidence: {
      sameDate: false,
      dateGapDays: gap,
      sharedDates: [],
      sharedNumbers: [],
      sharedLatinNames: [],
      sharedNames: [],
      samePosition: false,
      fileRelation: relation.kind,
      similarity,
    },
  };
}

/**
 * Scores one article pair on its own (both files taken as the same issue; token weights from these two
 * articles only). For reports and tests; {@link findEditionPairs} scores with weights over all articles.
 * @returns the score, or 0 when the pair is ruled out.
 */
export function scorePair(chinese: Article, english: Article, options: Pick<PairEditionsOptions, 'names'> = {}): number {
  const cache = new TextFeatureCache(options.names === undefined || options.names.length === 0 ? null : new BilingualNameMatcher(options.names));
  const matcher = cache.matcher;
  const features = [featuresOf(chinese, cache), featuresOf(english, cache)] as const;
  const relation: FileRelation = { chineseFile: chinese.file, englishFile: english.file, kind: 'same-issue', strength: 1 };
  return scoreFeatures(features[0], features[1], relation, buildContext(features, matcher), null, 0).score ?? 0;
}

/** Converts a score and margin to a 0–1 confidence (see {@link EditionPair.confidence}). */
export function pairConfidence(score: number, margin: number): number {
  const base = 1 - Math.exp(-Math.max(0, score));
  return base * (0.6 + 0.4 * Math.max(0, Math.min(1, margin / MARGIN_SCALE)));
}

// --- Matching ---------------------------------------------------------------------------------------------

interface Candidate {
  readonly chinese: ArticleFeatures;
  readonly english: ArticleFeatures;
  readonly relation: FileRelation;
  /** The pair as one number: chinese article number × article count + english article number (see {@link ArticleNumbers}). */
  readonly key: number;
}

/** A number per distinct article id (0, 1, …, in order of first appearance): numeric keys for ids and id pairs. */
class ArticleNumbers {
  readonly #numbers = new Map<string, number>();

  constructor(features: readonly ArticleFeatures[]) {
    for (const feature of features) if (!this.#numbers.has(feature.article.id)) this.#numbers.set(feature.article.id, this.#numbers.size);
  }

  /** How many distinct ids. */
  get count(): number {
    return this.#numbers.size;
  }

  /** The number of `articleId`, or undefined when no article has it. */
  of(articleId: string): number | undefined {
    return this.#numbers.get(articleId);
  }

  /** The key of the pair (`chineseId`, `englishId`), or undefined when either id is unknown. */
  pairOf(chineseId: string, englishId: string): number | undefined {
    const chinese = this.#numbers.get(chineseId);
    const english = this.#numbers.get(englishId);
    return chinese === undefined || english === undefined ? undefined : chinese * this.count + english;
  }
}

interface RelatedFiles {
  readonly chineseFile: ParsedNewsletter;
  readonly englishFile: ParsedNewsletter;
  readonly relation: FileRelation;
}

/** Index of the first element of ascending `values` that is ≥ `target` (`values.length` when none). */
function lowerBound(values: readonly number[], target: number): number {
  let low = 0;
  let high = values.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((values[middle] ?? 0) < target) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * Every Chinese × English file pair that {@link relateFiles} does not rule out, Chinese files in input order
 * and each one's English files in input order. Only English files that can relate are tested: the same issue
 * number, undated, or dated within reach (their first dates sorted, so that a window of
 * ±({@link DATE_TOLERANCE_DAYS} × 2 + the longest English range) days is found by binary search).
 */
function relatedFiles(newsletters: readonly ParsedNewsletter[]): RelatedFiles[] {
  const factsByFile = new Map<ParsedNewsletter, FileFacts>();
  const facts = (newsletter: ParsedNewsletter): FileFacts => {
    let found = factsByFile.get(newsletter);
    if (found === undefined) {
      found = factsOf(newsletter);
      factsByFile.set(newsletter, found);
    }
    return found;
  };
  const englishFiles = newsletters.filter((newsletter) => newsletter.lang === 'en').map(facts);
  // English files (by their index in `englishFiles`) that every Chinese file must be tested against, by issue number, and by date.
  const undated: number[] = [];
  const byIssueNumber = new Map<string, number[]>();
  const dated: { index: number; start: number; end: number }[] = [];
  let longestRange = 0;
  englishFiles.forEach((file, index) => {
    const issueNumber = file.newsletter.issue.number;
    if (issueNumber !== null) {
      const indexes = byIssueNumber.get(issueNumber) ?? [];
      indexes.push(index);
      byIssueNumber.set(issueNumber, indexes);
    }
    if (file.range === null) undated.push(index);
    else {
      dated.push({ index, start: file.range[0], end: file.range[1] });
      longestRange = Math.max(longestRange, file.range[1] - file.range[0]);
    }
  });
  dated.sort((left, right) => left.start - right.start);
  const starts = dated.map((file) => file.start);
  const reach = 2 * DATE_TOLERANCE_DAYS;

  const related: RelatedFiles[] = [];
  for (const chineseFile of newsletters.filter((newsletter) => newsletter.lang === 'zh')) {
    const chinese = facts(chineseFile);
    let tested: Iterable<number>;
    if (chinese.range === null) {
      tested = englishFiles.keys();
    } else {
      const indexes = new Set<number>(undated);
      const issueNumber = chineseFile.issue.number;
      for (const index of issueNumber === null ? [] : (byIssueNumber.get(issueNumber) ?? [])) indexes.add(index);
      // Overlap (padded) needs start ≤ chinese end + reach and end ≥ chinese start − reach; end ≤ start + longestRange.
      const [first, last] = chinese.range;
      for (let position = lowerBound(starts, first - reach - longestRange); position < dated.length; position += 1) {
        const file = dated[position];
        if (file === undefined || file.start > last + reach) break;
        if (file.end >= first - reach) indexes.add(file.index);
      }
      tested = [...indexes].sort((left, right) => left - right);
    }
    for (const index of tested) {
      const english = englishFiles[index];
      if (english === undefined) continue;
      const relation = relateFilesWith(chinese, english);
      if (relation !== null) related.push({ chineseFile, englishFile: english.newsletter, relation });
    }
  }
  return related;
}

function pairKey(chineseId: string, englishId: string): string {
  return `${chineseId}\u0000${englishId}`;
}

/**
 * Calls `visit` with every article pair of the related files (Chinese × English), file pair by file pair,
 * each file's articles in order, and the pair's key (see {@link Candidate.key}).
 */
function forEachArticlePair(
  related: readonly RelatedFiles[],
  features: ReadonlyMap<string, ArticleFeatures>,
  numbers: ArticleNumbers,
  visit: (chinese: ArticleFeatures, english: ArticleFeatures, relation: FileRelation, key: number) => void,
): void {
  // Each file's articles' features and numbers, looked up once per file rather than once per pair.
  type Numbered = { readonly feature: ArticleFeatures; readonly number: number } | null;
  const perFile = new Map<ParsedNewsletter, readonly Numbered[]>();
  const articlesOf = (newsletter: ParsedNewsletter): readonly Numbered[] => {
    let found = perFile.get(newsletter);
    if (found === undefined) {
      found = newsletter.articles.map((article): Numbered => {
        const feature = features.get(article.id);
        const number = numbers.of(article.id);
        return feature === undefined || number === undefined ? null : { feature, number };
      });
      perFile.set(newsletter, found);
    }
    return found;
  };
  const count = numbers.count;
  for (const { chineseFile, englishFile, relation } of related) {
    const englishArticles = articlesOf(englishFile);
    for (const left of articlesOf(chineseFile)) {
      if (left === null) continue;
      for (const right of englishArticles) {
        if (right !== null) visit(left.feature, right.feature, relation, left.number * count + right.number);
      }
    }
  }
}

/**
 * The lower median of the similarities within each file pair (most candidate pairs of two editions are
 * different articles, so it is the level of unrelated articles), used as the floor of the similarity term;
 * 0 when a file pair has fewer than 4 candidate pairs, or when the median is negative.
 */
function similarityFloors(
  related: readonly RelatedFiles[],
  features: ReadonlyMap<string, ArticleFeatures>,
  numbers: ArticleNumbers,
  similarities: ReadonlyMap<string, number>,
): Map<FileRelation, number> {
  const byRelation = new Map<FileRelation, number[]>();
  forEachArticlePair(related, features, numbers, (chinese, english, relation) => {
    const value = similarities.get(pairKey(chinese.article.id, english.article.id));
    if (value === undefined) return;
    const values = byRelation.get(relation) ?? [];
    values.push(value);
    byRelation.set(relation, values);
  });
  const floors = new Map<FileRelation, number>();
  for (const [relation, values] of byRelation) {
    const sorted = [...values].sort((left, right) => left - right);
    floors.set(relation, sorted.length >= 4 ? Math.max(0, sorted[Math.floor((sorted.length - 1) / 2)] ?? 0) : 0);
  }
  return floors;
}

function safeSimilarity(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? Math.max(-1, Math.min(1, value)) : undefined;
}

/**
 * One-to-one assignment of eligible candidate pairs, maximising the total score: the Hungarian algorithm
 * on each connected group of candidates (articles linked by eligible pairs), so that its cubic cost stays
 * with the size of a group, not of the corpus.
 */
function assignComponents(edges: readonly { chineseId: string; englishId: string; score: number }[]): [string, string][] {
  const parent = new Map<string, string>();
  const find = (node: string): string => {
    let root = node;
    while ((parent.get(root) ?? root) !== root) root = parent.get(root) ?? root;
    parent.set(node, root);
    return root;
  };
  for (const edge of edges) {
    const chineseKey = `zh:${edge.chineseId}`;
    const englishKey = `en:${edge.englishId}`;
    if (!parent.has(chineseKey)) parent.set(chineseKey, chineseKey);
    if (!parent.has(englishKey)) parent.set(englishKey, englishKey);
    const left = find(chineseKey);
    const right = find(englishKey);
    if (left !== right) parent.set(left, right);
  }
  const groups = new Map<string, { chineseId: string; englishId: string; score: number }[]>();
  for (const edge of edges) {
    const root = find(`zh:${edge.chineseId}`);
    const group = groups.get(root) ?? [];
    group.push(edge);
    groups.set(root, group);
  }
  const assigned: [string, string][] = [];
  for (const group of groups.values()) {
    const chineseIds = [...new Set(group.map((edge) => edge.chineseId))];
    const englishIds = [...new Set(group.map((edge) => edge.englishId))];
    const row = new Map(chineseIds.map((id, index) => [id, index]));
    const column = new Map(englishIds.map((id, index) => [id, index]));
    const matrix: (number | null)[][] = chineseIds.map(() => englishIds.map(() => null));
    for (const edge of group) {
      const cells = matrix[row.get(edge.chineseId) ?? 0];
      if (cells !== undefined) cells[column.get(edge.englishId) ?? 0] = edge.score;
    }
    for (const [rowIndex, columnIndex] of maximumWeightAssignment(matrix)) {
      assigned.push([chineseIds[rowIndex] ?? '', englishIds[columnIndex] ?? '']);
    }
  }
  return assigned;
}

function matchWithSimilarities(
  newsletters: readonly ParsedNewsletter[],
  options: PairEditionsOptions,
  similarities: ReadonlyMap<string, number>,
): EditionPairingReport {
  const minScore = options.minScore ?? MIN_PAIR_SCORE;
  const cache = textFeatureCacheFor(options.names, options.featureMemo);
  const matcher = cache.matcher;
  const featureList = newsletters.flatMap((newsletter) => newsletter.articles.map((article) => featuresOf(article, cache)));
  cache.keepOnlyUsed();
  const features = new Map(featureList.map((feature) => [feature.article.id, feature]));
  const numbers = new ArticleNumbers(featureList);
  const context = buildContext(featureList, matcher);
  const overrides = resolvePairOverrides(options.overrides ?? NO_PAIR_OVERRIDES, newsletters);
  const related = relatedFiles(newsletters);
  const filePairs = related.map((files) => files.relation);
  const floors = similarities.size === 0 ? new Map<FileRelation, number>() : similarityFloors(related, features, numbers, similarities);
  const similarityOf = (chinese: ArticleFeatures, english: ArticleFeatures): number | null =>
    similarities.size === 0 ? null : (similarities.get(pairKey(chinese.article.id, english.article.id)) ?? null);

  // The candidates that dates do not rule out. Of those ruled out only forced pairs are kept (with their
  // ruled-out result): nothing else looks them up. (Whether a pair is ruled out depends on its two articles
  // alone, so all candidates of one key are alike.)
  const forcedKeys = new Set(overrides.forced.map((pair) => numbers.pairOf(pair.chineseId, pair.englishId)));
  const candidates: Candidate[] = [];
  const ruledOutForced = new Map<number, PairScore>();
  forEachArticlePair(related, features, numbers, (chinese, english, relation, key) => {
    const gap = dateGap(chinese, english);
    if (gap === null || gap <= DATE_TOLERANCE_DAYS) candidates.push({ chinese, english, relation, key });
    else if (forcedKeys.has(key)) ruledOutForced.set(key, ruledOut(gap, relation, similarityOf(chinese, english)));
  });

  // Every candidate's score and content score; the full result (evidence) is built only for the pairs and
  // near misses reported, by `resultOf`.
  const scores = new Float64Array(candidates.length);
  const contentScores = new Float64Array(candidates.length);
  /** Candidate pair key → index of its last candidate (as a map from pair to result would keep). */
  const lastCandidate = new Map<number, number>();
  candidates.forEach((candidate, index) => {
    lastCandidate.set(candidate.key, index);
    const { chinese, english, relation } = candidate;
    const values = scoreValues(chinese, english, relation, context, similarityOf(chinese, english), floors.get(relation) ?? 0);
    scores[index] = values === null ? Number.NaN : values.score;
    contentScores[index] = values === null ? 0 : values.contentScore;
  });
  const results = new Map<number, PairScore>();
  const resultOf = (index: number): PairScore | undefined => {
    const candidate = candidates[index];
    if (candidate === undefined) return undefined;
    let result = results.get(index);
    if (result === undefined) {
      const { chinese, english, relation } = candidate;
      result = scoreFeatures(chinese, english, relation, context, similarityOf(chinese, english), floors.get(relation) ?? 0);
      results.set(index, result);
    }
    return result;
  };
  const scoreOf = (chineseId: string, englishId: string): PairScore | undefined => {
    const key = numbers.pairOf(chineseId, englishId);
    if (key === undefined) return undefined;
    const index = lastCandidate.get(key);
    return index === undefined ? ruledOutForced.get(key) : resultOf(index);
  };

  // Articles fixed by overrides take no part in the assignment.
  const fixed = new Set<string>([...overrides.forbidden.keys(), ...overrides.forced.flatMap((pair) => [pair.chineseId, pair.englishId])]);
  const edges: { chineseId: string; englishId: string; score: number }[] = [];
  candidates.forEach((candidate, index) => {
    const score = scores[index] ?? Number.NaN;
    // Eligible: not ruled out (NaN fails both comparisons), above the threshold, with enough content.
    if (!(score >= minScore && (contentScores[index] ?? 0) >= MIN_CONTENT_SCORE)) return;
    const chineseId = candidate.chinese.article.id;
    const englishId = candidate.english.article.id;
    if (!fixed.has(chineseId) && !fixed.has(englishId)) edges.push({ chineseId, englishId, score });
  });
  const assigned = assignComponents(edges);

  // The two best candidates of each article (by score; the earlier candidate first among equals), for
  // margins and near misses: candidate indexes by article number, -1 for none.
  const best = new Int32Array(numbers.count).fill(-1);
  const secondBest = new Int32Array(numbers.count).fill(-1);
  const remember = (article: number, index: number): void => {
    const score = scores[index] ?? 0;
    const first = best[article] ?? -1;
    const second = secondBest[article] ?? -1;
    if (first === -1) best[article] = index;
    else if (score > (scores[first] ?? 0)) {
      secondBest[article] = first;
      best[article] = index;
    } else if (second === -1 || score > (scores[second] ?? 0)) secondBest[article] = index;
  };
  const count = numbers.count;
  candidates.forEach((candidate, index) => {
    if (Number.isNaN(scores[index])) return;
    remember(Math.floor(candidate.key / count), index);
    remember(candidate.key % count, index);
  });
  /** The id of the other article of candidate `index`, seen from article number `article`. */
  const otherId = (article: number, index: number): string => {
    const candidate = candidates[index];
    if (candidate === undefined) return '';
    return Math.floor(candidate.key / count) === article ? candidate.english.article.id : candidate.chinese.article.id;
  };
  const bestOther = (articleId: string, exceptId: string): number => {
    const article = numbers.of(articleId);
    if (article === undefined) return 0;
    for (const index of [best[article] ?? -1, secondBest[article] ?? -1]) {
      if (index !== -1 && otherId(article, index) !== exceptId) return scores[index] ?? 0;
    }
    return 0;
  };

  const pairs: EditionPair[] = [];
  for (const forced of overrides.forced) {
    const result = scoreOf(forced.chineseId, forced.englishId);
    pairs.push({
      chineseId: forced.chineseId,
      englishId: forced.englishId,
      score: result?.score ?? 0,
      confidence: 1,
      origin: 'override',
      overrideLine: forced.line,
      evidence: result?.evidence ?? null,
      terms: result?.terms ?? null,
    });
  }
  for (const [chineseId, englishId] of assigned) {
    const result = scoreOf(chineseId, englishId);
    if (result?.score === null || result === undefined) continue;
    const margin = result.score - Math.max(bestOther(chineseId, englishId), bestOther(englishId, chineseId));
    pairs.push({
      chineseId,
      englishId,
      score: result.score,
      confidence: pairConfidence(result.score, margin),
      origin: 'evidence',
      overrideLine: null,
      evidence: result.evidence,
      terms: result.terms,
    });
  }
  const order = new Map(featureList.map((feature, index) => [feature.article.id, index]));
  pairs.sort((left, right) => (order.get(left.chineseId) ?? 0) - (order.get(right.chineseId) ?? 0));

  // Near misses: unpaired articles whose best candidate scored at least half the threshold.
  const paired = new Set(pairs.flatMap((pair) => [pair.chineseId, pair.englishId]));
  const nearMisses: PairNearMiss[] = [];
  const reported = new Set<string>();
  for (const feature of featureList) {
    const articleId = feature.article.id;
    if (paired.has(articleId)) continue;
    const article = numbers.of(articleId);
    const bestIndex = article === undefined ? -1 : (best[article] ?? -1);
    const result = bestIndex === -1 ? undefined : resultOf(bestIndex);
    if (article === undefined || result === undefined || result.score === null || result.score < minScore / 2) continue;
    const candidateId = otherId(article, bestIndex);
    // Two unpaired articles that are each other's best candidate are reported once.
    const key = [articleId, candidateId].sort().join('\u0000');
    if (reported.has(key)) continue;
    reported.add(key);
    const reason: PairNearMiss['reason'] = overrides.forbidden.has(articleId) || overrides.forbidden.has(candidateId)
      ? 'forbidden'
      : paired.has(candidateId)
        ? 'partner-taken'
        : result.score < minScore
          ? 'below-threshold'
          : 'too-little-content';
    nearMisses.push({
      articleId,
      candidateId,
      score: result.score,
      confidence: pairConfidence(result.score, 0),
      reason,
      evidence: result.evidence,
    });
  }
  nearMisses.sort((left, right) => right.score - left.score);
  return { pairs, nearMisses, filePairs, overrideProblems: overrides.problems, minScore };
}

/** The candidate article pairs that a similarity callback is asked about (ruled-out files excluded). */
function similarityRequests(newsletters: readonly ParsedNewsletter[]): { chinese: Article; english: Article }[] {
  const requests: { chinese: Article; english: Article }[] = [];
  // Each file's articles' source days, computed once per file rather than once per pair.
  const daysByFile = new Map<ParsedNewsletter, readonly (number | null)[]>();
  const daysOf = (newsletter: ParsedNewsletter): readonly (number | null)[] => {
    let days = daysByFile.get(newsletter);
    if (days === undefined) {
      days = newsletter.articles.map((article) => (article.date === null ? null : dayNumber(article.date)));
      daysByFile.set(newsletter, days);
    }
    return days;
  };
  for (const { chineseFile, englishFile } of relatedFiles(newsletters)) {
    const chineseDays = daysOf(chineseFile);
    const englishDays = daysOf(englishFile);
    chineseFile.articles.forEach((chinese, chineseIndex) => {
      const chineseDay = chineseDays[chineseIndex] ?? null;
      englishFile.articles.forEach((english, englishIndex) => {
        const englishDay = englishDays[englishIndex] ?? null;
        if (chineseDay !== null && englishDay !== null && Math.abs(chineseDay - englishDay) > DATE_TOLERANCE_DAYS) return;
        requests.push({ chinese, english });
      });
    });
  }
  return requests;
}

/**
 * Finds the pairs between the Chinese and English articles of `newsletters` (synchronous: a `similarity`
 * callback must return numbers; use {@link matchEditions} for an asynchronous one).
 * @returns the report; its `pairs` in Chinese article order. Never throws on bad overrides (they are
 *   reported in `overrideProblems`).
 */
export function findEditionPairs(newsletters: readonly ParsedNewsletter[], options: PairEditionsOptions = {}): EditionPairingReport {
  const similarities = new Map<string, number>();
  if (options.similarity !== undefined) {
    for (const { chinese, english } of similarityRequests(newsletters)) {
      let value: unknown;
      try {
        value = options.similarity(chinese, english);
      } catch {
        value = undefined;
      }
      const similarity = safeSimilarity(value);
      if (similarity !== undefined) similarities.set(pairKey(chinese.id, english.id), similarity);
    }
  }
  return matchWithSimilarities(newsletters, options, similarities);
}

/**
 * A {@link PairSimilarity} from one embedding per article (e.g. the mean of its chunks' embeddings, which
 * the build computes anyway): the cosine similarity of the two articles' vectors. A pair where either
 * article has no vector, or a vector of zero length, gets no similarity (the callback throws, which
 * {@link matchEditions} and {@link findEditionPairs} count as none).
 * @param vectors - article id → embedding; all of one dimension.
 */
export function similarityFromArticleVectors(vectors: ReadonlyMap<string, readonly number[]>): PairSimilarity {
  return (chinese, english) => {
    const left = vectors.get(chinese.id);
    const right = vectors.get(english.id);
    if (left === undefined || right === undefined || left.length !== right.length) throw new Error('no comparable vectors');
    let dot = 0;
    let leftNorm = 0;
    let rightNorm = 0;
    for (let index = 0; index < left.length; index += 1) {
      const leftValue = left[index] ?? 0;
      const rightValue = right[index] ?? 0;
      dot += leftValue * rightValue;
      leftNorm += leftValue * leftValue;
      rightNorm += rightValue * rightValue;
    }
    if (leftNorm === 0 || rightNorm === 0) throw new Error('zero vector');
    return dot / Math.sqrt(leftNorm * rightNorm);
  };
}

/** Candidate pairs whose similarity {@link matchEditions} requests at once (so a callback can batch them). */
export const SIMILARITY_BATCH_SIZE = 256;

/**
 * {@link findEditionPairs} with an asynchronous `similarity` callback (e.g. embeddings from the app layer),
 * called for every candidate article pair not ruled out by dates, up to {@link SIMILARITY_BATCH_SIZE} calls
 * in flight at once. A rejected call counts as no similarity for that pair.
 */
export async function matchEditions(newsletters: readonly ParsedNewsletter[], options: PairEditionsOptions = {}): Promise<EditionPairingReport> {
  const similarities = new Map<string, number>();
  const callback = options.similarity;
  if (callback !== undefined) {
    const requests = similarityRequests(newsletters);
    for (let start = 0; start < requests.length; start += SIMILARITY_BATCH_SIZE) {
      const batch = requests.slice(start, start + SIMILARITY_BATCH_SIZE);
      const values = await Promise.all(
        batch.map(async ({ chinese, english }) => {
          try {
            return await callback(chinese, english);
          } catch {
            return undefined;
          }
        }),
      );
      batch.forEach(({ chinese, english }, index) => {
        const similarity = safeSimilarity(values[index]);
        if (similarity !== undefined) similarities.set(pairKey(chinese.id, english.id), similarity);
      });
    }
  }
  return matchWithSimilarities(newsletters, options, similarities);
}

/**
 * Reads the pairing inputs named by the configuration: the glossary's bilingual names (`GLOSSARY_FILE`)
 * and the overrides file (`PAIR_OVERRIDES_FILE`). Missing files mean none; override lines that are
 * invalid are returned in `overrides.problems`, not thrown.
 * @throws the read error when the glossary exists but cannot be read.
 */
export async function readPairEditionsOptions(files: {
  readonly glossaryFile: string;
  readonly pairOverridesFile: string;
}): Promise<Required<Pick<PairEditionsOptions, 'names' | 'overrides'>>> {
  const [names, overrides] = await Promise.all([readBilingualNames(files.glossaryFile), readPairOverrides(files.pairOverridesFile)]);
  return { names, overrides };
}

/**
 * Returns the newsletters with `pairId` set on both sides of every pair of `report` (and null elsewhere).
 * When most articles of two files pair with each other (they are two editions of one issue), an edition
 * that does not state its issue takes the issue of the other.
 */
export function applyEditionPairs(newsletters: readonly ParsedNewsletter[], report: Pick<EditionPairingReport, 'pairs'>): readonly ParsedNewsletter[] {
  const partner = new Map<string, string>();
  for (const pair of report.pairs) {
    partner.set(pair.chineseId, pair.englishId);
    partner.set(pair.englishId, pair.chineseId);
  }
  const fileOf = new Map<string, ParsedNewsletter>();
  for (const newsletter of newsletters) for (const article of newsletter.articles) fileOf.set(article.id, newsletter);

  return newsletters.map((newsletter) => {
    const partnerFiles = new Map<ParsedNewsletter, number>();
    for (const article of newsletter.articles) {
      const other = partner.get(article.id);
      const otherFile = other === undefined ? undefined : fileOf.get(other);
      if (otherFile !== undefined) partnerFiles.set(otherFile, (partnerFiles.get(otherFile) ?? 0) + 1);
    }
    let issue = newsletter.issue;
    for (const [otherFile, count] of partnerFiles) {
      const sameIssue = count >= 0.8 * Math.max(newsletter.articles.length, otherFile.articles.length);
      if (sameIssue && issue.number === null && otherFile.issue.number !== null) {
        const label =
          newsletter.lang === 'zh'
            ? `第${otherFile.issue.number}期${otherFile.issue.date === null ? '' : `，${otherFile.issue.date}`}`
            : `No. ${otherFile.issue.number}${otherFile.issue.date === null ? '' : `, ${otherFile.issue.date}`}`;
        issue = { number: otherFile.issue.number, date: otherFile.issue.date, label };
      }
    }
    return {
      ...newsletter,
      issue,
      articles: newsletter.articles.map((article) => ({ ...article, issue, pairId: partner.get(article.id) ?? null })),
    };
  });
}

/**
 * {@link findEditionPairs} then {@link applyEditionPairs}: the newsletters with `pairId` filled in.
 * Synchronous; with no options it pairs by evidence alone (no glossary, overrides or similarity).
 */
export function pairEditions(newsletters: readonly ParsedNewsletter[], options: PairEditionsOptions = {}): readonly ParsedNewsletter[] {
  return applyEditionPairs(newsletters, findEditionPairs(newsletters, options));
}
