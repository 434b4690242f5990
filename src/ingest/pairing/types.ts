/**
 * The shapes pairing takes and gives: its options, how two files relate, the evidence and score terms of an
 * article pair, and the report (pairs, near misses). The code that fills them is in the folder's other
 * files; `index.ts` describes the method.
 */
import type { Article, TextMemo } from '../../core';
import type { BilingualLexicon, BilingualName } from '../../language';
// Values named here only by the TSDoc links below (type-only imports: nothing is loaded).
import type { PAIR_FEATURES_VERSION } from './features';
import type { findEditionPairs, matchEditions, pairEditions } from './match-editions';
import type { PairOverrideProblem, PairOverrides } from './overrides';
import type { MARGIN_SCALE, MIN_PAIR_SCORE, PAIR_WEIGHTS } from './scoring';

/**
 * Embedding similarity of two articles: cosine *similarity* (−1..1, higher is closer), e.g. of their
 * multilingual embeddings. Called once per candidate article pair.
 */
export type PairSimilarity = (chinese: Article, english: Article) => Promise<number> | number;

/** Options of {@link matchEditions} / {@link findEditionPairs} / {@link pairEditions}. */
export interface PairEditionsOptions {
  /** Bilingual names (e.g. the glossary, see `readBilingualNames`) used as evidence. Default: none. */
  readonly names?: readonly BilingualName[];
  /**
   * The CC-CEDICT lexicon that turns Chinese words into English stems (translated-term evidence). Default
   * (undefined): the installed lexicon, read once per process (`loadBilingualLexiconSync`); null: none.
   */
  readonly lexicon?: BilingualLexicon | null;
  /** The user's corrections (see `readPairOverrides`). Default: none. */
  readonly overrides?: PairOverrides;
  /**
   * Embedding similarity, one more evidence term. Synchronous callers ({@link findEditionPairs},
   * {@link pairEditions}) must pass a function that returns a number; {@link matchEditions} also awaits
   * promises. A callback that throws or returns a non-finite number counts as no similarity for that pair.
   */
  readonly similarity?: PairSimilarity;
  /** Minimum score for a pair (default `PAIRING_POLICY.minPairScoreWithLexicon` with a lexicon, else {@link MIN_PAIR_SCORE}). */
  readonly minScore?: number;
  /**
   * Where the text features of articles (the dates, numbers, Latin-script words and bilingual names their
   * text states — most of pairing's cost) are kept between builds, e.g. with the index. Its version must
   * change with {@link PAIR_FEATURES_VERSION} and with `names` (a name is stored as its position in the
   * list): e.g. include a digest of the glossary. Default: none (features computed in memory).
   *
   * It is also the only thing that carries features from one call to the next: each call of
   * {@link findEditionPairs} / {@link matchEditions} keeps its features in a cache of its own, dropped
   * when it returns (a text met twice in one call is read once). A caller that pairs the same articles
   * more than once passes the same memo each time, as the index build does for its two pairings (without
   * and then with embedding similarity): the later calls then derive no text's features again. Without a
   * memo, every call derives them all.
   */
  readonly featureMemo?: TextMemo;
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
  /**
   * English stems that a Chinese word's CC-CEDICT senses and the English text share, as `word→stem`
   * (`预算→budget`), rarest first.
   */
  readonly sharedTerms: readonly string[];
  /** Transliterated names matched by phonetic key, as `Chinese~English (KEY)` (`默克尔~Merkel (MKL)`), rarest first. */
  readonly sharedTransliterations: readonly string[];
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
  /** Overlap of the English stems of the Chinese words' dictionary senses with the English text's stems. */
  readonly terms: number;
  /** Overlap of the phonetic keys of transliterated names (Chinese) and capitalised names (English). */
  readonly transliterations: number;
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
  readonly reason: 'below-threshold' | 'too-little-content' | 'partner-taken' | 'close-runner-up' | 'forbidden';
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

