/**
 * Paragraph alignment (src/language/paragraph-alignment.ts): the bead invariants on random input, accuracy
 * on the hand-labelled seed pairs and their edits against the proportional baseline, what anchors decide,
 * the confidence cut, size limits and speed. Figures: `npx tsx tests/language/paragraph-alignment-measure.ts`.
 */
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core';
import {
  alignParagraphs,
  isTrustedBead,
  loadBilingualLexiconSync,
  PARAGRAPH_ALIGNMENT_POLICY,
  type BilingualLexicon,
  type ParagraphBead,
} from '../../src/language';
import {
  AlignmentScore,
  dropParagraph,
  giantParagraph,
  labelledSeedPairs,
  proportionalBaseline,
  truthBeads,
  type AlignedPair,
} from './paragraph-alignment-data';
import { alignPair, withVariants } from './paragraph-alignment-measure';

/** Deterministic PRNG (mulberry32), so a failing case can be replayed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const HAN = '中美科技合作创新研究会议发展国家双方部长举行能源';
const WORDS = ['China', 'science', 'cooperation', 'meeting', 'the', 'of', 'innovation', 'CERC', '5G', 'energy'];

function randomParagraph(next: () => number, lang: 'zh' | 'en'): string {
  const size = Math.floor(next() * 120);
  const parts: string[] = [];
  for (let k = 0; k < size; k += 1) {
    if (next() < 0.05) parts.push(String(Math.floor(next() * 3000)));
    else parts.push(lang === 'zh' ? (HAN[Math.floor(next() * HAN.length)] ?? '') : (WORDS[Math.floor(next() * WORDS.length)] ?? ''));
  }
  return parts.join(lang === 'zh' ? '' : ' ');
}

/** The bead invariants: monotone, consecutive, every paragraph exactly once, no empty bead, confidence in [0, 1]. */
function expectCover(beads: readonly ParagraphBead[], n: number, m: number): void {
  expect(beads.flatMap((bead) => bead.left)).toEqual(Array.from({ length: n }, (_, index) => index));
  expect(beads.flatMap((bead) => bead.right)).toEqual(Array.from({ length: m }, (_, index) => index));
  for (const bead of beads) {
    expect(bead.left.length + bead.right.length).toBeGreaterThan(0);
    expect(bead.confidence).toBeGreaterThanOrEqual(0);
    expect(bead.confidence).toBeLessThanOrEqual(1);
  }
}

describe('alignParagraphs: invariants', () => {
  it('covers both sides exactly once, in order, on random input (200 cases, 0–15 paragraphs a side)', () => {
    const next = random(20261204);
    for (let run = 0; run < 200; run += 1) {
      const n = Math.floor(next() * 16);
      const m = Math.floor(next() * 16);
      const left = Array.from({ length: n }, () => randomParagraph(next, 'zh'));
      const right = Array.from({ length: m }, () => randomParagraph(next, 'en'));
      expectCover(alignParagraphs(left, right), n, m);
      expectCover(alignParagraphs(right, left), m, n);
    }
  });

  it('aligns nothing to nothing, and one side alone as 1-0 or 0-1 beads', () => {
    expect(alignParagraphs([], [])).toEqual([]);
    expect(alignParagraphs(['一段。', '二段。'], []).map((bead) => [bead.left, bead.right])).toEqual([
      [[0], []],
      [[1], []],
    ]);
    expect(alignParagraphs([], ['One.']).map((bead) => [bead.left, bead.right])).toEqual([[[], [0]]]);
  });

  it('aligns one paragraph against many (up to maxParagraphsAgainstOne) as one bead, and beyond it still covers', () => {
    const han = '中美双方在会议上讨论了科技合作。';
    const many = Array.from({ length: PARAGRAPH_ALIGNMENT_POLICY.maxParagraphsAgainstOne }, (_, index) => `Paragraph ${index} on cooperation.`);
    const giant = [han.repeat(many.length * 2)];
    expect(alignParagraphs(giant, many).map((bead) => [bead.left.length, bead.right.length])).toEqual([[1, many.length]]);
    const more = [...many, ...many];
    const start = performance.now();
    expectCover(alignParagraphs(giant, more), 1, more.length);
    expect(performance.now() - start).toBeLessThan(2000);
  });

  it('refuses inputs beyond the policy size with a typed error', () => {
    const side = Array.from({ length: Math.ceil(Math.sqrt(PARAGRAPH_ALIGNMENT_POLICY.maxCells)) }, () => 'x');
    expect(() => alignParagraphs(side, side)).toThrow(InputError);
  });
});

describe('alignParagraphs: accuracy on the labelled seed pairs (tests/fixtures/alignment)', () => {
  const seeds = labelledSeedPairs();

  function score(pairs: readonly AlignedPair[], lexicon?: BilingualLexicon): { aligner: AlignmentScore; baseline: AlignmentScore; trusted: number; trustedCorrect: number; correct: number; beads: number } {
    const aligner = new AlignmentScore();
    const baseline = new AlignmentScore();
    let trusted = 0;
    let trustedCorrect = 0;
    let correct = 0;
    let beads = 0;
    for (const pair of pairs) {
      const truth = truthBeads(pair);
      const keys = new Set(truth.map((bead) => `${bead.left.join(',')}|${bead.right.join(',')}`));
      for (const enLeft of [false, true]) {
        const aligned = alignPair(pair, enLeft, PARAGRAPH_ALIGNMENT_POLICY, lexicon);
        aligner.add(aligned.beads, truth);
        aligned.beads.forEach((bead, index) => {
          const right = keys.has(`${bead.left.join(',')}|${bead.right.join(',')}`);
          beads += 1;
          if (right) correct += 1;
          if ((aligned.confidence[index] ?? 0) >= PARAGRAPH_ALIGNMENT_POLICY.minConfidence) {
            trusted += 1;
            if (right) trustedCorrect += 1;
          }
        });
      }
      baseline.add(proportionalBaseline(pair.zh.length, pair.en.length), truth);
      baseline.add(
        proportionalBaseline(pair.en.length, pair.zh.length).map((bead) => ({ left: bead.right, right: bead.left })),
        truth,
      );
    }
    return { aligner, baseline, trusted, trustedCorrect, correct, beads };
  }

  it('labels at least 8 pairs, one of them not 1-1 throughout', () => {
    expect(seeds.length).toBeGreaterThanOrEqual(8);
    expect(seeds.some((pair) => pair.truth.some((bead) => bead.zh.length !== 1 || bead.en.length !== 1))).toBe(true);
  });

  it('finds every labelled bead in both orders, where the proportional baseline does not', () => {
    const { aligner, baseline } = score(seeds);
    expect(aligner.beadAccuracy).toBe(1);
    expect(baseline.beadAccuracy).toBeLessThan(1);
  });

  it('beats the baseline on the edits (merged, split, missing, giant, abridged) by a wide margin', () => {
    const { aligner, baseline } = score(withVariants(seeds));
    // Measured: aligner bead accuracy 0.785, link F1 0.911; baseline 0.594, 0.688.
    expect(aligner.beadAccuracy).toBeGreaterThan(0.75);
    expect(aligner.linkF1).toBeGreaterThan(0.88);
    expect(aligner.linkF1 - baseline.linkF1).toBeGreaterThan(0.15);
  });

  it('is right more often on the beads it trusts than on all beads', () => {
    const { trusted, trustedCorrect, correct, beads } = score(withVariants(seeds));
    expect(trusted).toBeGreaterThan(beads / 2);
    expect(trustedCorrect / trusted).toBeGreaterThan(correct / beads);
  });

  it('does better on the edits with a loaded CC-CEDICT lexicon passed in, and names the translations', () => {
    const lexicon = loadBilingualLexiconSync();
    expect(lexicon.headwordCount).toBeGreaterThan(0);
    const edits = withVariants(seeds);
    // Measured: link F1 0.932 with the lexicon, 0.911 without.
    expect(score(edits, lexicon).aligner.linkF1).toBeGreaterThan(score(edits).aligner.linkF1);
    const pair = seeds[0] as AlignedPair;
    const beads = alignParagraphs(pair.zh, pair.en, { lexicon });
    expect(beads.some((bead) => bead.anchors.some((anchor) => anchor.startsWith('term:')))).toBe(true);
  });

  it('aligns an edition printed as one paragraph as a single bead', () => {
    const pair = seeds.find((candidate) => candidate.zh.length === 5) as AlignedPair;
    const giant = giantParagraph(pair, 'en');
    const beads = alignParagraphs(giant.zh, giant.en);
    expect(beads.map((bead) => [bead.left, bead.right])).toEqual([[[0, 1, 2, 3, 4], [0]]]);
  });

  it('finds a paragraph missing from the middle of a long article', () => {
    // All labelled pairs as one article (36 paragraphs a side), the English 20th left out.
    const long: AlignedPair = {
      name: 'all seed pairs',
      zh: seeds.flatMap((pair) => pair.zh),
      en: seeds.flatMap((pair) => pair.en),
      truth: seeds.flatMap((pair, index) => {
        const zhOffset = seeds.slice(0, index).reduce((sum, previous) => sum + previous.zh.length, 0);
        const enOffset = seeds.slice(0, index).reduce((sum, previous) => sum + previous.en.length, 0);
        return pair.truth.map((bead) => ({ zh: bead.zh.map((k) => k + zhOffset), en: bead.en.map((k) => k + enOffset) }));
      }),
    };
    const edited = dropParagraph(long, 'en', 20);
    const beads = alignParagraphs(edited.zh, edited.en);
    const missing = beads.find((bead) => bead.right.length === 0);
    expect(missing?.left).toEqual([20]);
  });
});

describe('alignParagraphs: anchors', () => {
  // Three Chinese paragraphs of equal length against two English ones: by length alone any one of the three
  // could be the missing one; the numbers and Latin tokens say it is the first.
  const zh = [
    '2016年9月24日，论坛在上海举行，来自各国的代表出席了会议并发表讲话。',
    'CERC联盟签署了工作计划，双方代表分别汇报了合作进展情况和下一步。',
    '项目总投资3.5亿元，计划到2020年引进150个高新技术企业项目落地。',
  ];
  const en = [
    'The CERC consortia signed the joint work plan, and representatives of both sides reported on progress and next steps.',
    'With a total investment of 350 million yuan, the project plans to bring in 150 high-tech projects by 2020.',
  ];

  it('leave out the paragraph whose numbers and names the other edition does not have', () => {
    const beads = alignParagraphs(zh, en);
    expect(beads.map((bead) => [bead.left, bead.right])).toEqual([
      [[0], []],
      [[1], [0]],
      [[2], [1]],
    ]);
  });

  it('explain a bead: `3.5亿` is `350 million`, `CERC` is `CERC`', () => {
    const beads = alignParagraphs(zh, en);
    expect(beads[1]?.anchors).toContain('latin:cerc');
    expect(beads[2]?.anchors).toEqual(expect.arrayContaining(['number:350000000', 'number:2020', 'number:150']));
  });

  it('decide it: without them the same input aligns otherwise', () => {
    const beads = alignParagraphs(zh, en, { policy: { ...PARAGRAPH_ALIGNMENT_POLICY, anchorNats: 0, absentAnchorNats: 0 } });
    expect(beads.map((bead) => [bead.left, bead.right])).not.toEqual([
      [[0], []],
      [[1], [0]],
      [[2], [1]],
    ]);
  });
});

describe('alignParagraphs: confidence and speed', () => {
  it('trusts a bead at the policy cut', () => {
    const bead = { left: [0], right: [0], confidence: PARAGRAPH_ALIGNMENT_POLICY.minConfidence, anchors: [] };
    expect(isTrustedBead(bead)).toBe(true);
    expect(isTrustedBead({ ...bead, confidence: PARAGRAPH_ALIGNMENT_POLICY.minConfidence - 0.01 })).toBe(false);
  });

  it('aligns 40×40 paragraphs in well under a second (measured ~20 ms)', () => {
    const seeds = labelledSeedPairs();
    const zh = Array.from({ length: 40 }, (_, index) => seeds.flatMap((pair) => pair.zh)[index % 36] ?? '');
    const en = Array.from({ length: 40 }, (_, index) => seeds.flatMap((pair) => pair.en)[index % 36] ?? '');
    alignParagraphs(zh, en);
    const start = performance.now();
    const beads = alignParagraphs(zh, en);
    expect(performance.now() - start).toBeLessThan(500);
    expectCover(beads, 40, 40);
  });
});
