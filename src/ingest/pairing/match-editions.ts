/**
 * Pairing's entry points: {@link findEditionPairs} (synchronous), {@link matchEditions} (awaits the
 * similarity callback, in batches of {@link SIMILARITY_BATCH_SIZE}), {@link pairEditions} and
 * {@link readPairEditionsOptions}. One call: the article features (through a cache the call owns), the
 * candidate files and article pairs, their scores, the one-to-one assignment, then the report.
 */
import { loadBilingualLexiconSync, readBilingualNames } from '../../language';
import type { ParsedNewsletter } from '../parse-newsletter';
import { assignComponents } from './assignment';
import { ArticleNumbers, pairKey, relatedFiles, similarityRequests } from './candidates';
import { createTextFeatureCache, featuresOf } from './features';
import { NO_PAIR_OVERRIDES, readPairOverrides, resolvePairOverrides } from './overrides';
import { applyEditionPairs, nearMissesOf, reportedPairs } from './report';
import { ScoredCandidates } from './scored-candidates';
import { MIN_PAIR_SCORE, PAIRING_POLICY, buildContext } from './scoring';
import { safeSimilarity, similarityFloors } from './similarity';
import type { EditionPairingReport, FileRelation, PairEditionsOptions } from './types';

/**
 * The pairing of `newsletters`, given the similarities already collected (by `pairKey`; empty for none).
 * The text features are kept in a cache created here for this call alone and dropped when it returns;
 * they reach a later call only through `options.featureMemo` (see {@link PairEditionsOptions.featureMemo}).
 */
function matchWithSimilarities(
  newsletters: readonly ParsedNewsletter[],
  options: PairEditionsOptions,
  similarities: ReadonlyMap<string, number>,
): EditionPairingReport {
  const lexicon = options.lexicon === undefined ? loadBilingualLexiconSync() : options.lexicon;
  const withLexicon = lexicon !== null && lexicon.headwordCount > 0;
  const minScore = options.minScore ?? (withLexicon ? PAIRING_POLICY.minPairScoreWithLexicon : MIN_PAIR_SCORE);
  const cache = createTextFeatureCache(options.names, options.featureMemo, lexicon);
  const featureList = newsletters.flatMap((newsletter) => newsletter.articles.map((article) => featuresOf(article, cache)));
  const features = new Map(featureList.map((feature) => [feature.article.id, feature]));
  const numbers = new ArticleNumbers(featureList);
  const context = buildContext(featureList, cache.matcher, withLexicon);
  const overrides = resolvePairOverrides(options.overrides ?? NO_PAIR_OVERRIDES, newsletters);
  const related = relatedFiles(newsletters);
  const filePairs = related.map((files) => files.relation);
  const floors = similarities.size === 0 ? new Map<FileRelation, number>() : similarityFloors(related, features, numbers, similarities);
  const candidates = new ScoredCandidates(related, features, numbers, overrides.forced, { context, similarities, floors });

  // Articles fixed by overrides take no part in the assignment.
  const fixed = new Set<string>([...overrides.forbidden.keys(), ...overrides.forced.flatMap((pair) => [pair.chineseId, pair.englishId])]);
  const assigned = assignComponents(candidates.eligibleEdges(minScore, fixed));
  const order = new Map(featureList.map((feature, index) => [feature.article.id, index]));
  const closeRunnerUp = new Set<string>();
  const ratioTest = withLexicon
    ? { minRelativeMargin: PAIRING_POLICY.minRelativeMarginWithLexicon, marginFreeContent: PAIRING_POLICY.marginFreeContentScore }
    : { minRelativeMargin: 0, marginFreeContent: 0 };
  const pairs = reportedPairs(overrides.forced, assigned, candidates, order, ratioTest, closeRunnerUp);
  const nearMisses = nearMissesOf(
    featureList.map((feature) => feature.article.id),
    pairs,
    candidates,
    overrides.forbidden,
    minScore,
    closeRunnerUp,
  );
  return { pairs, nearMisses, filePairs, overrideProblems: overrides.problems, minScore };
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
 * {@link findEditionPairs} then {@link applyEditionPairs}: the newsletters with `pairId` filled in.
 * Synchronous; with no options it pairs by evidence alone (no glossary, overrides or similarity).
 */
export function pairEditions(newsletters: readonly ParsedNewsletter[], options: PairEditionsOptions = {}): readonly ParsedNewsletter[] {
  return applyEditionPairs(newsletters, findEditionPairs(newsletters, options));
}
