/**
 * Scoring one candidate article pair: the evidence terms (each 0–1, times its weight in
 * {@link PAIR_WEIGHTS}), their sum, the content share, the date rule that excludes a pair, the thresholds a
 * pair must reach, and the confidence of a pair from its score and margin.
 */
import type { Article } from '../../core';
import type { BilingualNameMatcher } from '../../language';
import { createTextFeatureCache, featuresOf, type ArticleFeatures } from './features';
// Named only by a TSDoc link (type-only import: nothing is loaded).
import type { findEditionPairs } from './match-editions';
import { TokenWeights } from './token-weights';
import type { EditionPair, FileRelation, PairEditionsOptions, PairEvidence, PairScore, PairScoreTerms } from './types';

/**
 * The pairing policy: every tuning number of pairing in one frozen object. Values marked "tuning half" were
 * fitted with `npm run eval:pairing` on the tuning half of the XQuAD development set (its first 12
 * Wikipedia articles, 60 paragraph pairs, four scenarios) and checked on the seed newsletters' pairs
 * (`tests/ingest/pair-editions*.test.ts`); the report half was not used to choose them.
 */
export const PAIRING_POLICY = Object.freeze({
  /** Source dates further apart than this (days) rule a pair out; date ranges of files are padded by it. (Seeds: editions' dates differ by at most a few days.) */
  dateToleranceDays: 7,
  /** Minimum score for a pair without a lexicon: e.g. a shared date and some shared content, or shared content and position. (Seeds.) */
  minPairScore: 1.3,
  /**
   * Minimum score for a pair when the lexicon translates Chinese words: the minimum content score, so that
   * content alone can pair two undated articles (the rule that content must be there is
   * `minContentScore`). Tuning half, scenario (d), no dates: right pairs scored from 1.24 up, and no wrong
   * candidate reached the content minimum.
   */
  minPairScoreWithLexicon: 1.0,
  /**
   * Minimum content score (numbers, Latin names, bilingual names, translated terms, transliterated names,
   * similarity) for a pair when Chinese words are translated through the lexicon, so that a date, a
   * position and an issue never pair two articles on their own, and two paragraphs on one topic are not
   * taken for editions. Tuning half, scenario (c): the wrong pairs (items whose counterpart is absent,
   * paired with another paragraph of the same Wikipedia article) had content 0.38–0.65, the right pairs
   * 1.05 and more (the seeds' pairs: 1.79 and more); 1.0 sits between them.
   */
  minContentScore: 1.0,
  /**
   * The same minimum when no lexicon is available (no translated-term evidence: content is numbers and
   * names only). (Seeds, before the lexicon evidence.)
   */
  minContentScoreWithoutLexicon: 0.35,
  /**
   * With the lexicon, a pair must lead the best other candidate of either article by this share of its
   * content score (a ratio test: dates, issue and position, alike for all candidates of one issue, are
   * left out of the scale), else both stay unpaired (`close-runner-up`): two items on one topic whose
   * counterparts are both missing look alike. Tuning half: in a stress test (no dates, a paragraph missing
   * on each side within the same Wikipedia article, 10 removal patterns) the two wrong pairs led by 0.18
   * and 0.32 of their content (1.33, 1.39); 0.35 removes both and, in the bench's tuning scenarios, leaves
   * 4 of 282 right pairs unpaired (0.3 kept one wrong pair).
   */
  minRelativeMarginWithLexicon: 0.35,
  /**
   * Content score from which a pair needs no lead over its runner-up (the ratio test above is for weak
   * pairs): two reports of one event in one issue (the seeds' 7th Innovation Dialogue and the officials'
   * visit it brought) both translate well, and their pairs lead each other by little. Tuning half: no
   * article whose counterpart was removed had a candidate with content above 1.54, wrong pairs 1.39 at
   * most; the seeds' undated pairs have 1.65 and more without the glossary, 2.47 and more with it.
   */
  marginFreeContentScore: 2.0,
  /** Margin (score units) above the best other candidate at which confidence is no longer lowered. (Seeds.) */
  marginScale: 0.8,
  /** Weights of the evidence terms (each term is 0–1 before weighting). */
  weights: Object.freeze({
    /** Same source date, or shared full dates in the texts. (Seeds.) */
    date: 1.2,
    /** Shared numbers. (Seeds.) */
    numbers: 1.5,
    /** Latin-script words of the Chinese text found in the English one. (Seeds.) */
    latinNames: 1.0,
    /** Glossary names both texts mention. (Seeds.) */
    names: 1.0,
    /** Same position in the issue: supporting evidence only. (Seeds.) */
    position: 0.4,
    /** How surely the two files are one issue. (Seeds.) */
    issue: 0.3,
    /** Embedding similarity above the file pair's floor. (Seeds.) */
    similarity: 1.5,
    /** Different (but close) source dates: subtracted. (Seeds.) */
    dateConflict: 1.0,
    /**
     * English stems of the Chinese words' CC-CEDICT senses shared with the English text. Set once, not swept:
     * on the tuning half it gives right pairs a content of 1.05–3+ and articles without a counterpart at most
     * 1.54, which the content and ratio-test thresholds below were fitted to.
     */
    terms: 3.0,
    /** Transliterated names whose phonetic keys match an English name of the other text. Set once (as `names`), not swept. */
    transliterations: 1.0,
  }),
});

/** {@link PAIRING_POLICY}.dateToleranceDays. */
export const DATE_TOLERANCE_DAYS = PAIRING_POLICY.dateToleranceDays;
/** {@link PAIRING_POLICY}.minPairScore. */
export const MIN_PAIR_SCORE = PAIRING_POLICY.minPairScore;
/** {@link PAIRING_POLICY}.minContentScore (with a lexicon). */
export const MIN_CONTENT_SCORE = PAIRING_POLICY.minContentScore;
/** {@link PAIRING_POLICY}.marginScale. */
export const MARGIN_SCALE = PAIRING_POLICY.marginScale;
/** {@link PAIRING_POLICY}.weights. */
export const PAIR_WEIGHTS = PAIRING_POLICY.weights;

/** The token weights over all articles compared (one {@link TokenWeights} per kind of token), and the names matcher for labels. */
export interface ScoringContext {
  readonly weights: {
    readonly dates: TokenWeights;
    readonly numbers: TokenWeights;
    readonly latin: TokenWeights;
    readonly names: TokenWeights;
    readonly terms: TokenWeights;
    readonly nameKeys: TokenWeights;
  };
  readonly matcher: BilingualNameMatcher | null;
  /** The minimum content score of a pair: {@link PAIRING_POLICY}.minContentScore with a lexicon, else minContentScoreWithoutLexicon. */
  readonly minContentScore: number;
}

/**
 * The scoring context of `features` (every article compared, both languages). Latin-word weights count
 * the Chinese texts' Latin words, and English words only where some Chinese text has them too.
 */
export function buildContext(features: readonly ArticleFeatures[], matcher: BilingualNameMatcher | null, withLexicon = false): ScoringContext {
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
      terms: new TokenWeights(features.map((feature) => feature.terms)),
      nameKeys: new TokenWeights(features.map((feature) => feature.nameKeys)),
    },
    matcher,
    minContentScore: withLexicon ? PAIRING_POLICY.minContentScore : PAIRING_POLICY.minContentScoreWithoutLexicon,
  };
}

/** The 0–1 values of the token overlaps of a pair (see {@link PairScoreTerms}). */
interface OverlapValues {
  readonly dates: number;
  readonly numbers: number;
  readonly latin: number;
  readonly names: number;
  readonly terms: number;
  readonly nameKeys: number;
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
    terms: PAIR_WEIGHTS.terms * overlaps.terms,
    transliterations: PAIR_WEIGHTS.transliterations * overlaps.nameKeys,
    position: PAIR_WEIGHTS.position * (samePosition ? 1 : 0),
    issue: PAIR_WEIGHTS.issue * relation.strength,
    similarity: PAIR_WEIGHTS.similarity * similarityTerm,
    dateConflict: gap !== null && gap > 0 ? -PAIR_WEIGHTS.dateConflict : 0,
  };
}

/** The score: the sum of the terms, in their declared order (as `Object.values(terms)` lists them). */
function totalOf(terms: PairScoreTerms): number {
  return (
    0 +
    terms.date +
    terms.numbers +
    terms.latinNames +
    terms.names +
    terms.terms +
    terms.transliterations +
    terms.position +
    terms.issue +
    terms.similarity +
    terms.dateConflict
  );
}

/** The content share of the score (numbers, Latin names, bilingual names, similarity). */
function contentOf(terms: PairScoreTerms): number {
  return terms.numbers + terms.latinNames + terms.names + terms.terms + terms.transliterations + terms.similarity;
}

/** Days between the two source dates, or null when either is unknown. */
export function dateGap(chinese: ArticleFeatures, english: ArticleFeatures): number | null {
  return chinese.day !== null && english.day !== null ? Math.abs(chinese.day - english.day) : null;
}

/**
 * The full result of a candidate pair: score, content score, terms and evidence (shared tokens rarest
 * first); `score` null when the source dates are more than {@link DATE_TOLERANCE_DAYS} days apart.
 * @param similarity - the cosine similarity of the pair, or null for none.
 * @param similarityFloor - the floor of the similarity term (see {@link PairScoreTerms.similarity}).
 */
export function scoreFeatures(
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
  const translated = context.weights.terms.overlap(chinese.terms, english.terms);
  const keys = context.weights.nameKeys.overlap(chinese.nameKeys, english.nameKeys);
  const terms = termsOf(
    chinese,
    english,
    relation,
    gap,
    { dates: dates.value, numbers: numbers.value, latin: latin.value, names: names.value, terms: translated.value, nameKeys: keys.value },
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
    sharedTerms: translated.shared.map((stem) => `${chinese.terms.get(stem) ?? '?'}→${stem}`),
    sharedTransliterations: keys.shared.map((key) => `${chinese.nameKeys.get(key) ?? '?'}~${english.nameKeys.get(key) ?? '?'} (${key})`),
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
export function scoreValues(
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
      terms: weights.terms.overlapValue(chinese.terms, english.terms),
      nameKeys: weights.nameKeys.overlapValue(chinese.nameKeys, english.nameKeys),
    },
    similarity,
    similarityFloor,
  );
  return { score: totalOf(terms), contentScore: contentOf(terms) };
}

const NO_TERMS: PairScoreTerms = {
  date: 0,
  numbers: 0,
  latinNames: 0,
  names: 0,
  terms: 0,
  transliterations: 0,
  position: 0,
  issue: 0,
  similarity: 0,
  dateConflict: 0,
};

/** A pair whose source dates are too far apart: not scored further. */
export function ruledOut(gap: number, relation: FileRelation, similarity: number | null): PairScore {
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
      sharedTerms: [],
      sharedTransliterations: [],
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
  const cache = createTextFeatureCache(options.names);
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
