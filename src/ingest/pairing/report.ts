/**
 * The report of a pairing: the pairs (forced, then assigned, with confidence from their margins) in Chinese
 * article order, the near misses (unpaired articles with a candidate near the threshold, and why), and
 * {@link applyEditionPairs}, which writes the pairs into the newsletters.
 */
import type { ParsedNewsletter } from '../parse-newsletter';
import type { ResolvedPairOverrides } from './overrides';
import type { ScoredCandidates } from './scored-candidates';
import { pairConfidence } from './scoring';
import type { EditionPair, EditionPairingReport, PairNearMiss } from './types';

/**
 * The pairs: the forced ones first (confidence 1; their computed score, or 0 when their files are not
 * candidates), then the assigned ones (any without a score skipped), each with the
 * confidence of its margin over the best other candidate of either article; sorted by the Chinese
 * article's place in `order` (a stable sort: forced before assigned among equals). An assigned pair whose
 * margin is below `ratioTest.minRelativeMargin` × its content score, and whose content score is below
 * `ratioTest.marginFreeContent`, is left out, and its two articles are added to `closeRunnerUp`.
 * @param order - article id → its index in the input (file by file, by position).
 * @param ratioTest - share of its content score by which a pair must lead the best other candidate of either
 *   article (0: no test), and the content score from which no lead is asked.
 * @param closeRunnerUp - receives the ids of the articles of pairs left out for their margin.
 */
export function reportedPairs(
  forced: ResolvedPairOverrides['forced'],
  assigned: readonly (readonly [string, string])[],
  candidates: ScoredCandidates,
  order: ReadonlyMap<string, number>,
  ratioTest: { readonly minRelativeMargin: number; readonly marginFreeContent: number } = { minRelativeMargin: 0, marginFreeContent: 0 },
  closeRunnerUp: Set<string> = new Set(),
): readonly EditionPair[] {
  const pairs: EditionPair[] = [];
  for (const pair of forced) {
    const result = candidates.scoreOf(pair.chineseId, pair.englishId);
    pairs.push({
      chineseId: pair.chineseId,
      englishId: pair.englishId,
      score: result?.score ?? 0,
      confidence: 1,
      origin: 'override',
      overrideLine: pair.line,
      evidence: result?.evidence ?? null,
      terms: result?.terms ?? null,
    });
  }
  for (const [chineseId, englishId] of assigned) {
    const result = candidates.scoreOf(chineseId, englishId);
    if (result?.score === null || result === undefined) continue;
    const margin = result.score - Math.max(candidates.bestOther(chineseId, englishId), candidates.bestOther(englishId, chineseId));
    if (result.contentScore < ratioTest.marginFreeContent && margin < ratioTest.minRelativeMargin * result.contentScore) {
      closeRunnerUp.add(chineseId);
      closeRunnerUp.add(englishId);
      continue;
    }
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
  pairs.sort((left, right) => (order.get(left.chineseId) ?? 0) - (order.get(right.chineseId) ?? 0));
  return pairs;
}

/**
 * Near misses: the unpaired articles whose best candidate scored at least half of `minScore`, in
 * `articleIds` order before sorting, then best first (a stable sort); two unpaired articles that are each
 * other's best candidate are reported once. Confidence is that of a zero margin.
 * @param articleIds - every article compared, in input order.
 * @param closeRunnerUp - articles whose assigned pair was left out for too small a margin.
 */
export function nearMissesOf(
  articleIds: readonly string[],
  pairs: readonly EditionPair[],
  candidates: ScoredCandidates,
  forbidden: ResolvedPairOverrides['forbidden'],
  minScore: number,
  closeRunnerUp: ReadonlySet<string> = new Set(),
): readonly PairNearMiss[] {
  const paired = new Set(pairs.flatMap((pair) => [pair.chineseId, pair.englishId]));
  const nearMisses: PairNearMiss[] = [];
  const reported = new Set<string>();
  for (const articleId of articleIds) {
    if (paired.has(articleId)) continue;
    const best = candidates.bestCandidate(articleId);
    if (best === undefined || best.result.score === null || best.result.score < minScore / 2) continue;
    const { candidateId, result } = best;
    const score = best.result.score;
    // Two unpaired articles that are each other's best candidate are reported once.
    const key = [articleId, candidateId].sort().join('\u0000');
    if (reported.has(key)) continue;
    reported.add(key);
    const reason: PairNearMiss['reason'] = forbidden.has(articleId) || forbidden.has(candidateId)
      ? 'forbidden'
      : paired.has(candidateId)
        ? 'partner-taken'
        : closeRunnerUp.has(articleId)
          ? 'close-runner-up'
          : score < minScore
          ? 'below-threshold'
          : 'too-little-content';
    nearMisses.push({
      articleId,
      candidateId,
      score,
      confidence: pairConfidence(score, 0),
      reason,
      evidence: result.evidence,
    });
  }
  nearMisses.sort((left, right) => right.score - left.score);
  return nearMisses;
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

