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
 *    glossary (`青岛` ↔ `Qingdao`), translated terms (the English stems of the CC-CEDICT senses of the
 *    Chinese words found in the English text: `疫苗→vaccin`), transliterated names matched by phonetic key
 *    (`默克尔~Merkel`), the same position in the issue, how surely the two files are one issue,
 *    and, when the caller passes one, embedding similarity. Rare tokens weigh more than common ones
 *    (inverse document frequency over the compared articles). Source dates more than
 *    {@link DATE_TOLERANCE_DAYS} days apart rule a pair out; closer but different dates count against it.
 * 3. **One-to-one assignment**: the Hungarian algorithm maximises the total score over each connected
 *    group of eligible candidate pairs; a pair is kept when its score reaches {@link MIN_PAIR_SCORE} and its content evidence (numbers,
 *    names, translated terms, similarity) reaches {@link MIN_CONTENT_SCORE}, so a shared date alone never
 *    pairs two articles. With the lexicon (the default), a weak pair must also lead the best other
 *    candidate of either article clearly (a ratio test), else both stay unpaired: an unpaired article is
 *    better than a wrong pair. Every threshold is in {@link PAIRING_POLICY}.
 * 4. **Overrides** (see `overrides.ts`) win: forced pairs are taken as they are, forbidden articles stay
 *    unpaired, and the rest are assigned around them.
 *
 * Confidence (0–1) = (1 − e^(−score)) × a margin factor that lowers it when either article has a close
 * runner-up (see {@link EditionPair.confidence}).
 *
 * Files: `types.ts` (the shapes), `features.ts` (per-article text features), `token-weights.ts` (rarity
 * weights and overlaps), `candidates.ts` (which files and article pairs are compared), `scoring.ts` (terms,
 * weights, thresholds, confidence), `similarity.ts` (embedding similarity), `scored-candidates.ts`,
 * `assignment.ts` (Hungarian), `report.ts` (pairs, near misses, applying them), `overrides.ts`, and
 * `match-editions.ts` (the entry points). Nothing is cached at module level: each call owns its caches.
 */
export {
  pairEditions,
  findEditionPairs,
  matchEditions,
  readPairEditionsOptions,
  SIMILARITY_BATCH_SIZE,
} from './match-editions';
export { applyEditionPairs } from './report';
export { similarityFromArticleVectors } from './similarity';
export { relateFiles } from './candidates';
export {
  scorePair,
  pairConfidence,
  PAIRING_POLICY,
  MIN_PAIR_SCORE,
  MIN_CONTENT_SCORE,
  MARGIN_SCALE,
  DATE_TOLERANCE_DAYS,
  PAIR_WEIGHTS,
} from './scoring';
export { PAIR_FEATURES_VERSION } from './features';
export type {
  EditionPair,
  EditionPairingReport,
  PairEditionsOptions,
  PairEvidence,
  PairScoreTerms,
  PairScore,
  PairNearMiss,
  PairSimilarity,
  FileRelation,
} from './types';
export {
  parsePairOverrides,
  readPairOverrides,
  resolvePairOverrides,
  NO_PAIR_OVERRIDES,
  type PairOverrides,
  type PairOverrideEntry,
  type PairOverrideProblem,
  type ResolvedPairOverrides,
} from './overrides';
export { maximumWeightAssignment } from './assignment';
