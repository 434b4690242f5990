/**
 * Measurements behind `PARAGRAPH_ALIGNMENT_POLICY` and the figures of its README row:
 * `npx tsx tests/language/paragraph-alignment-measure.ts [--lexicon]`.
 *
 * - length variance s² on the tuning set (the layout fixtures' 1-1 paragraph pairs, c per issue);
 * - anchor weight and confidence cut on the tuning set (layout items, whole issues and their edits);
 * - bead accuracy and link F1 on the test set (the labelled seed pairs and their edits), against the
 *   proportional baseline, both orders (zh left, en left);
 * - time of a 40×40 alignment.
 */
import { performance } from 'node:perf_hooks';
import { alignParagraphs, loadBilingualLexiconSync, PARAGRAPH_ALIGNMENT_POLICY, type ParagraphAlignmentPolicy } from '../../src/language';
import type { BilingualLexicon } from '../../src/language';
import {
  AlignmentScore,
  labelledSeedPairs,
  layoutPairs,
  proportionalBaseline,
  truthBeads,
  variants,
  type AlignedPair,
  type Bead,
} from './paragraph-alignment-data';

const length = (text: string): number => [...text].filter((character) => !/\s/u.test(character)).length;

/** Aligns `pair` in one order and returns the beads with left = zh, and each bead's confidence. */
export function alignPair(pair: AlignedPair, enLeft: boolean, policy: ParagraphAlignmentPolicy, lexicon?: BilingualLexicon): { beads: Bead[]; confidence: number[] } {
  const options = lexicon === undefined ? { policy } : { policy, lexicon };
  const beads = enLeft ? alignParagraphs(pair.en, pair.zh, options) : alignParagraphs(pair.zh, pair.en, options);
  return {
    beads: beads.map((bead) => (enLeft ? { left: bead.right, right: bead.left } : { left: bead.left, right: bead.right })),
    confidence: beads.map((bead) => bead.confidence),
  };
}

/** The set with its edits (seeded by position), each in both orders. */
export function withVariants(pairs: readonly AlignedPair[]): AlignedPair[] {
  return pairs.flatMap((pair, index) => [pair, ...variants(pair, index)]);
}

function evaluate(pairs: readonly AlignedPair[], policy: ParagraphAlignmentPolicy, lexicon?: BilingualLexicon) {
  const aligner = new AlignmentScore();
  const baseline = new AlignmentScore();
  const confidences: { confidence: number; correct: boolean }[] = [];
  for (const pair of pairs) {
    const truth = truthBeads(pair);
    const trueKeys = new Set(truth.map((bead) => `${bead.left.join(',')}|${bead.right.join(',')}`));
    for (const enLeft of [false, true]) {
      const { beads, confidence } = alignPair(pair, enLeft, policy, lexicon);
      aligner.add(beads, truth);
      beads.forEach((bead, index) => confidences.push({ confidence: confidence[index] ?? 0, correct: trueKeys.has(`${bead.left.join(',')}|${bead.right.join(',')}`) }));
      const base = enLeft
        ? proportionalBaseline(pair.en.length, pair.zh.length).map((bead) => ({ left: bead.right, right: bead.left }))
        : proportionalBaseline(pair.zh.length, pair.en.length);
      baseline.add(base, truth);
    }
  }
  return { aligner, baseline, confidences };
}

const format = (value: number): string => value.toFixed(3);

function main(): void {
  const lexicon = process.argv.includes('--lexicon') ? loadBilingualLexiconSync() : undefined;
  const { items, issues } = layoutPairs();

  // s² on the tuning set: issues (c per issue), 1-1 pairs.
  let sum = 0;
  let pairs = 0;
  for (const issue of issues) {
    const ratio = issue.en.map(length).reduce((a, b) => a + b, 0) / issue.zh.map(length).reduce((a, b) => a + b, 0);
    issue.zh.forEach((zh, index) => {
      const l1 = length(zh);
      const l2 = length(issue.en[index] ?? '') / ratio;
      sum += (l2 - l1) ** 2 / ((l1 + l2) / 2);
      pairs += 1;
    });
  }
  console.log(`tuning: ${items.length} items, ${issues.length} issues, ${pairs} 1-1 paragraph pairs; s² = ${format(sum / pairs)}`);

  const tuning = [...withVariants(items), ...withVariants(issues)];
  console.log(`tuning set with edits: ${tuning.length} pairs`);
  const grid = process.argv.includes('--grid');
  for (const lengthVariance of grid ? [0.63, 3, 6, 12, 25] : [PARAGRAPH_ALIGNMENT_POLICY.lengthVariance]) {
    for (const anchorNats of grid ? [0, 2, 4] : [0, PARAGRAPH_ALIGNMENT_POLICY.anchorNats]) {
      for (const oneSidedAnchorFactor of anchorNats === 0 ? [0] : [0.5, 1]) {
        for (const absentAnchorNats of grid ? [0, 1, 2, 3] : [0, PARAGRAPH_ALIGNMENT_POLICY.absentAnchorNats]) {
          const policy = { ...PARAGRAPH_ALIGNMENT_POLICY, lengthVariance, anchorNats, oneSidedAnchorFactor, absentAnchorNats };
          const { aligner } = evaluate(tuning, policy, lexicon);
          console.log(
            `  s² ${lengthVariance}, anchorNats ${anchorNats}, one-sided ×${oneSidedAnchorFactor}, absent ${absentAnchorNats}: ` +
              `bead accuracy ${format(aligner.beadAccuracy)}, link F1 ${format(aligner.linkF1)}`,
          );
        }
      }
    }
  }
  if (lexicon !== undefined) {
    for (const termWeight of [0.05, 0.1, 0.25, 0.5]) {
      const { aligner } = evaluate(tuning, { ...PARAGRAPH_ALIGNMENT_POLICY, termWeight }, lexicon);
      console.log(`  with the lexicon, termWeight ${termWeight}: bead accuracy ${format(aligner.beadAccuracy)}, link F1 ${format(aligner.linkF1)}`);
    }
  }
  const tuned = evaluate(tuning, PARAGRAPH_ALIGNMENT_POLICY, lexicon);
  console.log(`tuning (policy): aligner bead ${format(tuned.aligner.beadAccuracy)} F1 ${format(tuned.aligner.linkF1)}; baseline bead ${format(tuned.baseline.beadAccuracy)} F1 ${format(tuned.baseline.linkF1)}`);
  for (const cut of [0, 0.3, 0.5, 0.7, 0.8, 0.9, 0.95, 0.99]) {
    const kept = tuned.confidences.filter((entry) => entry.confidence >= cut);
    const correct = kept.filter((entry) => entry.correct).length;
    console.log(`  cut ${cut}: keeps ${kept.length}/${tuned.confidences.length} beads, ${format(kept.length === 0 ? 1 : correct / kept.length)} correct`);
  }

  const seeds = labelledSeedPairs();
  for (const [label, set] of [
    ['test: labelled seed pairs', seeds],
    ['test: seed pairs with edits', withVariants(seeds)],
  ] as const) {
    const { aligner, baseline, confidences } = evaluate(set, PARAGRAPH_ALIGNMENT_POLICY, lexicon);
    const kept = confidences.filter((entry) => entry.confidence >= PARAGRAPH_ALIGNMENT_POLICY.minConfidence);
    console.log(
      `${label} (${set.length} pairs × 2 orders): aligner bead ${format(aligner.beadAccuracy)} F1 ${format(aligner.linkF1)}; ` +
        `baseline bead ${format(baseline.beadAccuracy)} F1 ${format(baseline.linkF1)}; ` +
        `all beads ${format(confidences.filter((entry) => entry.correct).length / Math.max(1, confidences.length))} correct, ` +
        `trusted ${kept.length}/${confidences.length} beads, ${format(kept.filter((entry) => entry.correct).length / Math.max(1, kept.length))} correct`,
    );
  }

  // 40×40: the seed items' paragraphs repeated to 40 on each side.
  const zh = Array.from({ length: 40 }, (_, index) => seeds.flatMap((pair) => pair.zh)[index % 36] ?? '');
  const en = Array.from({ length: 40 }, (_, index) => seeds.flatMap((pair) => pair.en)[index % 36] ?? '');
  alignParagraphs(zh, en);
  const runs = 20;
  const start = performance.now();
  for (let run = 0; run < runs; run += 1) alignParagraphs(zh, en);
  console.log(`40×40: ${format((performance.now() - start) / runs)} ms per alignment`);
}

if (process.argv[1]?.endsWith('paragraph-alignment-measure.ts') === true) main();
