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
import type { Article, Language } from '../core';
import { maximumWeightAssignment } from './assignment';
import { BilingualNameMatcher, readBilingualNames, type BilingualName } from './bilingual-names';
import { chineseNumberValue } from './date-mentions';
import { findFullDates } from './dates';
import type { ParsedNewsletter } from './parse-newsletter';
import { NO_PAIR_OVERRIDES, readPairOverrides, resolvePairOverrides, type PairOverrideProblem, type PairOverrides } from './pair-overrides';

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
}

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
      for (const part of match.split(/[-&]/u)) words.add(part.toLowerCase());
    }
  }
  return words;
}

function featuresOf(article: Article, matcher: BilingualNameMatcher | null): ArticleFeatures {
  const text = textOf(article);
  const dates = new Set(findFullDates(text, article.lang).map((found) => found.iso));
  if (article.date !== null) dates.add(article.date);
  return {
    article,
    day: article.date === null ? null : dayNumber(article.date),
    dates,
    numbers: numbersIn(text, article.lang),
    latin: latinWordsIn(text, article.lang),
    names: matcher === null ? new Set() : new Set([...matcher.mentionedIn(text, article.lang)].map(String)),
  };
}

/** Inverse document frequency over a set of articles: ln(1 + N / df). */
class TokenWeights {
  readonly #frequency = new Map<string, number>();
  readonly #count: number;
  readonly #sums = new WeakMap<ReadonlySet<string>, number>();

  constructor(sets: readonly ReadonlySet<string>[]) {
    this.#count = Math.max(2, sets.length);
    for (const set of sets) for (const token of set) this.#frequency.set(token, (this.#frequency.get(token) ?? 0) + 1);
  }

  weight(token: string): number {
    return Math.log(1 + this.#count / Math.max(1, this.#frequency.get(token) ?? 1));
  }

  /** Weight of a token two articles share and no other article has: the damping pseudo-count. */
  get pairWeight(): number {
    return Math.log(1 + this.#count / 2);
  }

  /**
   * Weighted overlap: Σ weight(shared) / (min(Σ weight(left), Σ weight(right)) + {@link pairWeight}); 0–1.
   * The pseudo-count keeps one shared token between two tiny sets from counting as a full match.
   */
  overlap(left: ReadonlySet<string>, right: ReadonlySet<string>, leftOnly = false): { value: number; shared: string[] } {
    const shared = [...left].filter((token) => right.has(token));
    if (shared.length === 0) return { value: 0, shared };
    const sum = (tokens: Iterable<string>): number => {
      let total = 0;
      for (const token of tokens) total += this.weight(token);
      return total;
    };
    const setSum = (set: ReadonlySet<string>): number => {
      const cached = this.#sums.get(set);
      if (cached !== undefined) return cached;
      const total = sum(set);
      this.#sums.set(set, total);
      return total;
    };
    const denominator = (leftOnly ? setSum(left) : Math.min(setSum(left), setSum(right))) + this.pairWeight;
    return { value: Math.min(1, sum(shared) / denominator), shared: shared.sort((left, right) => this.weight(right) - this.weight(left) || left.localeCompare(right)) };
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

/**
 * Whether two files may hold editions of the same articles, and how surely: the same issue number (unless
 * both state issue dates more than 31 days apart), else
 * overlapping date ranges (padded by {@link DATE_TOLERANCE_DAYS}), else `undated` when either states no date.
 * @returns null when they cannot (different dates, or different issue numbers and different dates).
 */
export function relateFiles(chinese: ParsedNewsletter, english: ParsedNewsletter): FileRelation | null {
  return relateFilesWith(chinese, english, dateRange(chinese), dateRange(english));
}

function relateFilesWith(
  chinese: ParsedNewsletter,
  english: ParsedNewsletter,
  left: readonly [number, number] | null,
  right: readonly [number, number] | null,
): FileRelation | null {
  const base = { chineseFile: chinese.file, englishFile: english.file };
  const chineseIssueDay = chinese.issue.date === null ? null : dayNumber(chinese.issue.date);
  const englishIssueDay = english.issue.date === null ? null : dayNumber(english.issue.date);
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

function scoreFeatures(
  chinese: ArticleFeatures,
  english: ArticleFeatures,
  relation: FileRelation,
  context: ScoringContext,
  similarity: number | null,
  similarityFloor: number,
): PairScore {
  const left = chinese.article;
  const right = english.article;
  const leftDay = chinese.day;
  const rightDay = english.day;
  const gap = leftDay !== null && rightDay !== null ? Math.abs(leftDay - rightDay) : null;
  if (gap !== null && gap > DATE_TOLERANCE_DAYS) return ruledOut(gap, relation, similarity);
  const sameDate = gap === 0;
  const dates = context.weights.dates.overlap(chinese.dates, english.dates);
  const numbers = context.weights.numbers.overlap(chinese.numbers, english.numbers);
  const latin = context.weights.latin.overlap(chinese.latin, english.latin, true);
  const names = context.weights.names.overlap(chinese.names, english.names);
  const samePosition = left.position === right.position;
  const similarityTerm =
    similarity === null ? 0 : Math.max(0, Math.min(1, (similarity - similarityFloor) / Math.max(1e-6, 1 - similarityFloor)));
  const terms: PairScoreTerms = {
    date: PAIR_WEIGHTS.date * (sameDate ? 1 : dates.value),
    numbers: PAIR_WEIGHTS.numbers * numbers.value,
    latinNames: PAIR_WEIGHTS.latinNames * latin.value,
    names: PAIR_WEIGHTS.names * names.value,
    position: PAIR_WEIGHTS.position * (samePosition ? 1 : 0),
    issue: PAIR_WEIGHTS.issue * relation.strength,
    similarity: PAIR_WEIGHTS.similarity * similarityTerm,
    dateConflict: gap !== null && gap > 0 ? -PAIR_WEIGHTS.dateConflict : 0,
  };
  const evidence: PairEvidence = {
    sameDate,
    dateGapDays: gap !== null && gap > 0 ? gap : null,
    sharedDates: dates.shared,
    sharedNumbers: numbers.shared,
    sharedLatinNames: latin.shared,
    sharedNames: names.shared.map((index) => context.matcher?.label(Number(index)) ?? index),
    samePosition,
    fileRelation: relation.kind,
    similarity,
  };
  const contentScore = terms.numbers + terms.latinNames + terms.names + terms.similarity;
  const total = Object.values(terms).reduce((sum, value) => sum + value, 0);
  return { score: total, contentScore, terms, evidence };
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
  const matcher = options.names === undefined || options.names.length === 0 ? null : new BilingualNameMatcher(options.names);
  const features = [featuresOf(chinese, matcher), featuresOf(english, matcher)] as const;
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
}

/** Every Chinese × English file pair that {@link relateFiles} does not rule out (date ranges computed once per file). */
function relatedFiles(newsletters: readonly ParsedNewsletter[]): { chineseFile: ParsedNewsletter; englishFile: ParsedNewsletter; relation: FileRelation }[] {
  const ranges = new Map(newsletters.map((newsletter) => [newsletter, dateRange(newsletter)]));
  const related: { chineseFile: ParsedNewsletter; englishFile: ParsedNewsletter; relation: FileRelation }[] = [];
  for (const chineseFile of newsletters.filter((newsletter) => newsletter.lang === 'zh')) {
    for (const englishFile of newsletters.filter((newsletter) => newsletter.lang === 'en')) {
      const relation = relateFilesWith(chineseFile, englishFile, ranges.get(chineseFile) ?? null, ranges.get(englishFile) ?? null);
      if (relation !== null) related.push({ chineseFile, englishFile, relation });
    }
  }
  return related;
}

function pairKey(chineseId: string, englishId: string): string {
  return `${chineseId}\u0000${englishId}`;
}

function candidatesOf(newsletters: readonly ParsedNewsletter[], features: ReadonlyMap<string, ArticleFeatures>): { candidates: Candidate[]; filePairs: FileRelation[] } {
  const candidates: Candidate[] = [];
  const filePairs: FileRelation[] = [];
  for (const { chineseFile, englishFile, relation } of relatedFiles(newsletters)) {
    filePairs.push(relation);
    for (const left of chineseFile.articles) {
      for (const right of englishFile.articles) {
        const chinese = features.get(left.id);
        const english = features.get(right.id);
        if (chinese !== undefined && english !== undefined) candidates.push({ chinese, english, relation });
      }
    }
  }
  return { candidates, filePairs };
}

/**
 * The lower median of the similarities within each file pair (most candidate pairs of two editions are
 * different articles, so it is the level of unrelated articles), used as the floor of the similarity term;
 * 0 when a file pair has fewer than 4 candidate pairs, or when the median is negative.
 */
function similarityFloors(candidates: readonly Candidate[], similarities: ReadonlyMap<string, number>): Map<FileRelation, number> {
  const byRelation = new Map<FileRelation, number[]>();
  for (const candidate of candidates) {
    const value = similarities.get(pairKey(candidate.chinese.article.id, candidate.english.article.id));
    if (value === undefined) continue;
    const values = byRelation.get(candidate.relation) ?? [];
    values.push(value);
    byRelation.set(candidate.relation, values);
  }
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
  const matcher = options.names === undefined || options.names.length === 0 ? null : new BilingualNameMatcher(options.names);
  const featureList = newsletters.flatMap((newsletter) => newsletter.articles.map((article) => featuresOf(article, matcher)));
  const features = new Map(featureList.map((feature) => [feature.article.id, feature]));
  const context = buildContext(featureList, matcher);
  const overrides = resolvePairOverrides(options.overrides ?? NO_PAIR_OVERRIDES, newsletters);
  const { candidates, filePairs } = candidatesOf(newsletters, features);
  const floors = similarityFloors(candidates, similarities);

  const scored = candidates.map((candidate) => ({
    candidate,
    result: scoreFeatures(
      candidate.chinese,
      candidate.english,
      candidate.relation,
      context,
      similarities.get(pairKey(candidate.chinese.article.id, candidate.english.article.id)) ?? null,
      floors.get(candidate.relation) ?? 0,
    ),
  }));
  const scoreOf = new Map(scored.map((entry) => [pairKey(entry.candidate.chinese.article.id, entry.candidate.english.article.id), entry.result]));

  // Articles fixed by overrides take no part in the assignment.
  const fixed = new Set<string>([...overrides.forbidden.keys(), ...overrides.forced.flatMap((pair) => [pair.chineseId, pair.englishId])]);
  const eligible = (result: PairScore): boolean => result.score !== null && result.score >= minScore && result.contentScore >= MIN_CONTENT_SCORE;
  const assigned = assignComponents(
    scored
      .filter((entry) => eligible(entry.result) && !fixed.has(entry.candidate.chinese.article.id) && !fixed.has(entry.candidate.english.article.id))
      .map((entry) => ({ chineseId: entry.candidate.chinese.article.id, englishId: entry.candidate.english.article.id, score: entry.result.score ?? 0 })),
  );

  // The two best candidates of each article (by score), for margins and near misses.
  const ranked = new Map<string, { candidateId: string; result: PairScore }[]>();
  const remember = (articleId: string, candidateId: string, result: PairScore): void => {
    const list = ranked.get(articleId) ?? [];
    list.push({ candidateId, result });
    list.sort((left, right) => (right.result.score ?? 0) - (left.result.score ?? 0));
    if (list.length > 2) list.length = 2;
    ranked.set(articleId, list);
  };
  for (const entry of scored) {
    if (entry.result.score === null) continue;
    remember(entry.candidate.chinese.article.id, entry.candidate.english.article.id, entry.result);
    remember(entry.candidate.english.article.id, entry.candidate.chinese.article.id, entry.result);
  }
  const bestOther = (articleId: string, exceptId: string): number =>
    ranked.get(articleId)?.find((entry) => entry.candidateId !== exceptId)?.result.score ?? 0;

  const pairs: EditionPair[] = [];
  for (const forced of overrides.forced) {
    const result = scoreOf.get(pairKey(forced.chineseId, forced.englishId));
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
    const result = scoreOf.get(pairKey(chineseId, englishId));
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
    const best = ranked.get(articleId)?.[0] ?? null;
    if (best === null || best.result.score === null || best.result.score < minScore / 2) continue;
    // Two unpaired articles that are each other's best candidate are reported once.
    const key = [articleId, best.candidateId].sort().join('\u0000');
    if (reported.has(key)) continue;
    reported.add(key);
    const reason: PairNearMiss['reason'] = overrides.forbidden.has(articleId) || overrides.forbidden.has(best.candidateId)
      ? 'forbidden'
      : paired.has(best.candidateId)
        ? 'partner-taken'
        : best.result.score < minScore
          ? 'below-threshold'
          : 'too-little-content';
    nearMisses.push({
      articleId,
      candidateId: best.candidateId,
      score: best.result.score,
      confidence: pairConfidence(best.result.score, 0),
      reason,
      evidence: best.result.evidence,
    });
  }
  nearMisses.sort((left, right) => right.score - left.score);
  return { pairs, nearMisses, filePairs, overrideProblems: overrides.problems, minScore };
}

/** The candidate article pairs that a similarity callback is asked about (ruled-out files excluded). */
function similarityRequests(newsletters: readonly ParsedNewsletter[]): { chinese: Article; english: Article }[] {
  const requests: { chinese: Article; english: Article }[] = [];
  for (const { chineseFile, englishFile } of relatedFiles(newsletters)) {
    for (const chinese of chineseFile.articles) {
      for (const english of englishFile.articles) {
        const chineseDay = chinese.date === null ? null : dayNumber(chinese.date);
        const englishDay = english.date === null ? null : dayNumber(english.date);
        if (chineseDay !== null && englishDay !== null && Math.abs(chineseDay - englishDay) > DATE_TOLERANCE_DAYS) continue;
        requests.push({ chinese, english });
      }
    }
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
