/**
 * Paragraph alignment of an article's two editions (Chinese and English, either order), for showing them
 * side by side: which consecutive paragraphs of one edition say what which consecutive paragraphs of the
 * other say.
 *
 * Mechanism: William A. Gale and Kenneth W. Church (1993), "A Program for Aligning Sentences in Bilingual
 * Corpora", Computational Linguistics 19(1):75–102 — dynamic programming over beads (1-1, 1-0, 0-1, 2-1,
 * 1-2, 2-2), each scored by the prior of its shape and by how well the lengths of its two sides agree
 * (δ = (l₂/c − l₁) / √(s²·(l₁ + l₂/c)/2), probability 2·(1 − Φ(|δ|))). Two changes, both documented in
 * {@link PARAGRAPH_ALIGNMENT_POLICY}: the expected length ratio c is estimated from the two texts themselves
 * (total characters), and beads gain or lose by anchors — numbers (`3.5亿` = `350 million`, years, `30%`,
 * months; keys of `numbers.ts`), Latin tokens (`CERC`, `5G`, `ESOF2016`) and, when a lexicon is passed in,
 * CC-CEDICT translations (`translated-terms.ts`) — found in both editions. Each bead lists the anchors its two
 * sides share, so an alignment explains itself.
 *
 * Confidence: the posterior probability of each bead over all alignments (forward–backward over the same
 * lattice), so a bead is trusted when the alternatives are unlikely, not merely when it is the best.
 */
import type { Language } from '../core';
import { InputError } from '../core';
import { detectLanguage } from './detect';
import type { BilingualLexicon } from './lexicon/bilingual-lexicon';
import { numbersInText } from './numbers';
import { translatedTerms } from './translated-terms';

/** The shape of {@link PARAGRAPH_ALIGNMENT_POLICY} (each field is documented there), for tuning with other values. */
export interface ParagraphAlignmentPolicy {
  readonly priors: { readonly oneOne: number; readonly oneZero: number; readonly twoOne: number; readonly twoTwo: number };
  readonly manyToOneDecay: number;
  readonly maxParagraphsPerBead: number;
  readonly maxParagraphsAgainstOne: number;
  readonly lengthVariance: number;
  readonly anchorNats: number;
  readonly oneSidedAnchorFactor: number;
  readonly absentAnchorNats: number;
  readonly minAnchorNumber: number;
  readonly minLatinTokenLength: number;
  readonly termWeight: number;
  readonly minConfidence: number;
  readonly maxCells: number;
}

/** Tuning of {@link alignParagraphs}. Frozen; every number says where it comes from. */
export const PARAGRAPH_ALIGNMENT_POLICY: ParagraphAlignmentPolicy = Object.freeze({
  /**
   * Prior probability of each bead shape `left-right`. Gale & Church (1993), Table 5 (hand-aligned UBS
   * reports): 1-1 0.89, 1-0/0-1 0.0099, 2-1/1-2 0.089, 2-2 0.011, given to each shape of a category as their
   * program does (so they sum to more than 1; only their ratios matter, posteriors are normalised).
   */
  priors: Object.freeze({ oneOne: 0.89, oneZero: 0.0099, twoOne: 0.089, twoTwo: 0.011 }),
  /**
   * Beads of one paragraph against k ≥ 3 (1-3, 3-1, … up to {@link maxParagraphsPerBead}): not in the
   * paper. Their prior continues the paper's fall from 1-1 to 1-2 geometrically, P(1-k) = P(1-2)·r^(k−2) with
   * r = P(1-2)/P(1-1) = 0.1; an assumption, needed for an edition printed as one giant paragraph.
   */
  manyToOneDecay: 0.089 / 0.89,
  /**
   * Most paragraphs on the long side of a 1-k bead (the DP costs O(n·m·k)): 12, more than any article of the
   * seeds has (5). When one edition is a single paragraph, see `maxParagraphsAgainstOne`.
   */
  maxParagraphsPerBead: 4,
  /**
   * When one edition is a single (giant) paragraph, its bead may take up to this many paragraphs of the
   * other — all of them in any article (the seeds' longest has 5, a whole layout issue 16). Bounds that
   * case's cost, O(k²) bead scores of up to k paragraphs each (60: a few ms).
   */
  maxParagraphsAgainstOne: 60,
  /**
   * s², the variance of the length difference per unit of length, in non-space characters of the Chinese
   * side (of the left side when both are one language); Gale & Church measured 6.8 for German/French–English
   * in characters. On the tuning set (`tests/language/paragraph-alignment-measure.ts`: the invented layout
   * fixtures `tests/fixtures/layouts*`, never the seed test set) the clean 1-1 paragraph pairs give 0.63 (181
   * pairs, c per issue) — translations written for the fixtures are regular. With the edits (merged, split,
   * missing, abridged, giant paragraphs) that tight a variance turns every length surprise into a wrong bead:
   * grid 0.63 / 3 / 6 / 12 / 25 gave link F1 0.88 / 0.93 / 0.94 / 0.95 / 0.95; 12 is the start of the plateau.
   */
  lengthVariance: 12,
  /**
   * Nats a shared anchor adds to a bead (and a one-sided one takes away), times its weight 1/(df_left·df_right)
   * (paragraphs holding it on each side: an anchor in one paragraph of each counts fully, one in every
   * paragraph hardly). Tuning set, with s² 12 and `absentAnchorNats` 2: 0 / 2 / 4 gave link F1 0.940 / 0.950
   * / 0.950, bead accuracy 0.860 / 0.874 / 0.874.
   */
  anchorNats: 2,
  /**
   * How much an anchor only one side of a bead holds (while the other text has it elsewhere) takes away,
   * relative to what a shared one adds. Tuning set: 0.5 and 1 gave the same figures (0.950 link F1); 1
   * keeps the evidence symmetric.
   */
  oneSidedAnchorFactor: 1,
  /**
   * Nats a matched bead (both sides non-empty) loses for each anchor of its paragraphs that the other
   * edition does not hold anywhere (a number, or a Latin token of the Chinese side): evidence that the
   * paragraph has no counterpart, i.e. is missing from the other edition. Tuning set (s² 12, `anchorNats`
   * 2): 0 / 1 / 2 / 3 / 4 / 6 gave link F1 0.941 / 0.944 / 0.950 / 0.948 / 0.944 / 0.933.
   */
  absentAnchorNats: 2,
  /** Number keys below this are not anchors: `one`, `two`, `两`, `首` are too common to pair paragraphs. */
  minAnchorNumber: 3,
  /** Latin tokens shorter than this are not anchors (`a`, `I`); `5G` and `EU` are. */
  minLatinTokenLength: 2,
  /**
   * Weight of one lexicon translation (`预算→budget`) relative to a number or Latin token (only used when a
   * lexicon is passed in): many per paragraph and often generic, so each counts for less. Tuning set with
   * CC-CEDICT (`paragraph-alignment-measure.ts --lexicon`): 0.05 / 0.1 / 0.25 / 0.5 gave link F1 0.950 /
   * 0.951 / 0.948 / 0.940 against 0.950 without the lexicon — the translations add next to nothing where
   * numbers and names are present, so the lexicon stays optional.
   */
  termWeight: 0.1,
  /**
   * Beads whose confidence (posterior) is below this are not shown aligned. Tuning set, policy values
   * (5246 beads, 93.1% correct): cuts 0.5 / 0.7 / 0.8 / 0.9 / 0.95 / 0.99 keep 99 / 96 / 92 / 84 / 73 / 7% of
   * the beads, 93.4 / 93.9 / 94.0 / 94.9 / 94.7 / 93.5% of them correct; 0.9 is the most precise cut that keeps
   * most beads. Nearly all wrong beads above it are one kind: a paragraph missing from a two- or three-paragraph
   * article, read as a merge (the length ratio, taken from the texts, absorbs the missing paragraph).
   */
  minConfidence: 0.9,
  /**
   * Most DP cells (n+1)·(m+1) aligned; larger inputs are refused. 40×40 paragraphs (1681 cells) take ~20 ms
   * (`paragraph-alignment-measure.ts`), so this bound (~500×500) is a few seconds and ~100 MB of bead
   * scores: far beyond any article, and a bound on hostile input.
   */
  maxCells: 250_000,
});

/** One bead: consecutive paragraphs of each edition that say the same thing. */
export interface ParagraphBead {
  /** 0-based indices of consecutive left paragraphs (empty for a 0-1 bead). */
  readonly left: number[];
  /** 0-based indices of consecutive right paragraphs (empty for a 1-0 bead). */
  readonly right: number[];
  /** Posterior probability of this bead over all alignments, in [0, 1]. */
  readonly confidence: number;
  /** The anchors both sides hold (`number:2016`, `latin:cerc`, `term:budget`), for explanation. */
  readonly anchors: readonly string[];
}

/** Options of {@link alignParagraphs}. */
export interface AlignParagraphsOptions {
  /** Language of the left edition; detected from its text when absent. */
  readonly leftLanguage?: Language;
  /** Language of the right edition; detected from its text when absent. */
  readonly rightLanguage?: Language;
  /** An already loaded CC-CEDICT lexicon: adds translated terms as weak anchors. Never loaded here. */
  readonly lexicon?: BilingualLexicon;
  /** Other tuning (the measurement script); defaults to {@link PARAGRAPH_ALIGNMENT_POLICY}. */
  readonly policy?: ParagraphAlignmentPolicy;
}

/** Whether the page should show `bead` aligned: its confidence reaches the policy's cut. */
export function isTrustedBead(bead: ParagraphBead, policy: ParagraphAlignmentPolicy = PARAGRAPH_ALIGNMENT_POLICY): boolean {
  return bead.confidence >= policy.minConfidence;
}

/** Characters that count for length: everything but white space (code points). */
function paragraphLength(text: string): number {
  let length = 0;
  for (const character of text) if (!/\s/u.test(character)) length += 1;
  return length;
}

const LATIN_TOKEN = /[\p{Script=Latin}\d][\p{Script=Latin}\d]*/gu;

/** Anchor keys of lexicon translations: weighted by the policy's `termWeight`. */
const TERM_PREFIX = 'term:';

/** Anchor keys of one paragraph: `number:<key>`, `latin:<token>`, `term:<stem>`. */
function paragraphAnchors(text: string, lang: Language, lexicon: BilingualLexicon | undefined, policy: ParagraphAlignmentPolicy): Set<string> {
  const anchors = new Set<string>();
  for (const key of numbersInText(text)) {
    if (key.startsWith('m') || Number(key) >= policy.minAnchorNumber) anchors.add(`number:${key}`);
  }
  for (const match of text.normalize('NFKC').matchAll(LATIN_TOKEN)) {
    const token = match[0];
    if (/^\d+$/u.test(token) || [...token].length < policy.minLatinTokenLength) continue;
    anchors.add(`latin:${token.toLowerCase()}`);
  }
  if (lexicon !== undefined && lexicon.headwordCount > 0) {
    for (const stem of translatedTerms(text, lang, lexicon).keys()) if (!anchors.has(`latin:${stem}`)) anchors.add(`${TERM_PREFIX}${stem}`);
  }
  return anchors;
}

/** log Φ-tail: log(2·(1 − Φ(|z|))), the two-sided normal tail, by the complementary error function. */
function logTwoSidedTail(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  // Abramowitz & Stegun 7.1.26 in log form, accurate to 1.5e-7 and without underflow for large x.
  const t = 1 / (1 + 0.3275911 * x);
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  return Math.log(poly) - x * x;
}

/** logsumexp of two log values. */
function logAdd(a: number, b: number): number {
  if (a === -Infinity) return b;
  if (b === -Infinity) return a;
  return a > b ? a + Math.log1p(Math.exp(b - a)) : b + Math.log1p(Math.exp(a - b));
}

interface Shape {
  readonly a: number;
  readonly b: number;
  readonly logPrior: number;
}

/** The bead shapes tried: the paper's six and 1-k / k-1 for 3 ≤ k ≤ `longest`, with their log priors. */
function beadShapes(policy: ParagraphAlignmentPolicy, longest: number): Shape[] {
  const { oneOne, oneZero, twoOne, twoTwo } = policy.priors;
  const shapes: Shape[] = [
    { a: 1, b: 1, logPrior: Math.log(oneOne) },
    { a: 1, b: 0, logPrior: Math.log(oneZero) },
    { a: 0, b: 1, logPrior: Math.log(oneZero) },
    { a: 2, b: 1, logPrior: Math.log(twoOne) },
    { a: 1, b: 2, logPrior: Math.log(twoOne) },
    { a: 2, b: 2, logPrior: Math.log(twoTwo) },
  ];
  for (let k = 3; k <= longest; k += 1) {
    const logPrior = Math.log(twoOne) + (k - 2) * Math.log(policy.manyToOneDecay);
    shapes.push({ a: k, b: 1, logPrior }, { a: 1, b: k, logPrior });
  }
  return shapes;
}

/** Everything the bead scores read, prepared once per call. */
class AlignmentLattice {
  private readonly leftPrefix: number[];
  private readonly rightPrefix: number[];
  /** Right lengths are divided by this to be in left units (total right / total left). */
  private readonly ratio: number;
  /** Prefix sums of each paragraph's anchors that the other text does not hold at all. */
  private readonly leftAbsentPrefix: number[];
  private readonly rightAbsentPrefix: number[];
  /** Per paragraph, the ids of its anchors that occur in both texts. */
  private readonly leftIds: Int32Array[];
  private readonly rightIds: Int32Array[];
  /** Anchor id → key, and → its weight divided by df_left·df_right. */
  private readonly keys: string[] = [];
  private readonly weights: number[] = [];
  /** Marks of the anchors seen on each side of the bead being scored (by generation, no clearing). */
  private readonly seenRight: Int32Array;
  private readonly countedLeft: Int32Array;
  private readonly countedRight: Int32Array;
  private generation = 0;

  constructor(
    leftLengths: readonly number[],
    rightLengths: readonly number[],
    leftAnchors: readonly Set<string>[],
    rightAnchors: readonly Set<string>[],
    leftAbsentable: (key: string) => boolean,
    rightAbsentable: (key: string) => boolean,
    private readonly policy: ParagraphAlignmentPolicy,
  ) {
    this.leftPrefix = prefixSums(leftLengths);
    this.rightPrefix = prefixSums(rightLengths);
    const leftTotal = this.leftPrefix[leftLengths.length] ?? 0;
    const rightTotal = this.rightPrefix[rightLengths.length] ?? 0;
    this.ratio = leftTotal > 0 && rightTotal > 0 ? rightTotal / leftTotal : 1;
    const frequency = (side: readonly Set<string>[]): Map<string, number> => {
      const counts = new Map<string, number>();
      for (const anchors of side) for (const key of anchors) counts.set(key, (counts.get(key) ?? 0) + 1);
      return counts;
    };
    const rightFrequency = frequency(rightAnchors);
    const ids = new Map<string, number>();
    for (const [key, count] of frequency(leftAnchors)) {
      const other = rightFrequency.get(key);
      if (other === undefined) continue;
      ids.set(key, this.keys.length);
      this.keys.push(key);
      this.weights.push((key.startsWith(TERM_PREFIX) ? policy.termWeight : 1) / (count * other));
    }
    const leftAll = new Set(leftAnchors.flatMap((anchors) => [...anchors]));
    const rightAll = new Set(rightAnchors.flatMap((anchors) => [...anchors]));
    const absent = (anchors: Set<string>, other: Set<string>, absentable: (key: string) => boolean): number =>
      [...anchors].filter((key) => absentable(key) && !other.has(key)).length;
    this.leftAbsentPrefix = prefixSums(leftAnchors.map((anchors) => absent(anchors, rightAll, leftAbsentable)));
    this.rightAbsentPrefix = prefixSums(rightAnchors.map((anchors) => absent(anchors, leftAll, rightAbsentable)));
    const toIds = (anchors: Set<string>): Int32Array => Int32Array.from([...anchors].flatMap((key) => ids.get(key) ?? []));
    this.leftIds = leftAnchors.map(toIds);
    this.rightIds = rightAnchors.map(toIds);
    this.seenRight = new Int32Array(this.keys.length);
    this.countedLeft = new Int32Array(this.keys.length);
    this.countedRight = new Int32Array(this.keys.length);
  }

  /** log P(δ | match) of left paragraphs [i0, i1) against right [j0, j1), both sides non-empty. */
  logLengthMatch(i0: number, i1: number, j0: number, j1: number): number {
    const l1 = (this.leftPrefix[i1] ?? 0) - (this.leftPrefix[i0] ?? 0);
    const l2 = ((this.rightPrefix[j1] ?? 0) - (this.rightPrefix[j0] ?? 0)) / this.ratio;
    const mean = (l1 + l2) / 2;
    if (mean === 0) return 0;
    return logTwoSidedTail((l2 - l1) / Math.sqrt(this.policy.lengthVariance * mean));
  }

  /** Nats a matched bead of left [i0, i1) and right [j0, j1) loses for anchors the other edition lacks. */
  absentNats(i0: number, i1: number, j0: number, j1: number): number {
    const left = (this.leftAbsentPrefix[i1] ?? 0) - (this.leftAbsentPrefix[i0] ?? 0);
    const right = (this.rightAbsentPrefix[j1] ?? 0) - (this.rightAbsentPrefix[j0] ?? 0);
    return -this.policy.absentAnchorNats * (left + right);
  }

  /**
   * Anchor evidence (nats) of left paragraphs [i0, i1) against right [j0, j1): + weight for each anchor both
   * sides hold, − weight·`oneSidedAnchorFactor` for each anchor only one side holds (the other text has it
   * elsewhere); with `shared`, the keys both sides hold are pushed to it.
   */
  anchorNats(i0: number, i1: number, j0: number, j1: number, shared?: string[]): number {
    if (this.keys.length === 0) return 0;
    this.generation += 1;
    const generation = this.generation;
    for (let j = j0; j < j1; j += 1) for (const id of this.rightIds[j] ?? []) this.seenRight[id] = generation;
    let matched = 0;
    let oneSided = 0;
    for (let i = i0; i < i1; i += 1) {
      for (const id of this.leftIds[i] ?? []) {
        if (this.countedLeft[id] === generation) continue;
        this.countedLeft[id] = generation;
        const weight = this.weights[id] ?? 0;
        if (this.seenRight[id] === generation) {
          matched += weight;
          shared?.push(this.keys[id] ?? '');
        } else oneSided += weight;
      }
    }
    for (let j = j0; j < j1; j += 1) {
      for (const id of this.rightIds[j] ?? []) {
        if (this.countedRight[id] === generation || this.countedLeft[id] === generation) continue;
        this.countedRight[id] = generation;
        oneSided += this.weights[id] ?? 0;
      }
    }
    return this.policy.anchorNats * (matched - this.policy.oneSidedAnchorFactor * oneSided);
  }
}

function prefixSums(values: readonly number[]): number[] {
  const sums = [0];
  for (const value of values) sums.push((sums[sums.length - 1] ?? 0) + value);
  return sums;
}

/**
 * Aligns the paragraphs of two editions of one article (Gale & Church 1993, with anchors; see the file's
 * comment).
 * @param left - paragraphs of one edition, in order (Chinese or English).
 * @param right - paragraphs of the other edition, in order.
 * @returns beads in order, monotone, covering every paragraph of both sides exactly once; shapes 1-1,
 *   1-0, 0-1, 2-1, 1-2, 2-2 and 1-k / k-1 (k ≤ `maxParagraphsPerBead`). Empty when both sides are empty.
 * @throws InputError when (left.length+1)·(right.length+1) exceeds the policy's `maxCells`.
 */
export function alignParagraphs(left: readonly string[], right: readonly string[], options: AlignParagraphsOptions = {}): ParagraphBead[] {
  const policy = options.policy ?? PARAGRAPH_ALIGNMENT_POLICY;
  const n = left.length;
  const m = right.length;
  const width = m + 1;
  if ((n + 1) * width > policy.maxCells) {
    throw new InputError(`Cannot align ${n}×${m} paragraphs: more than ${policy.maxCells} cells (PARAGRAPH_ALIGNMENT_POLICY.maxCells).`);
  }
  const leftLanguage = options.leftLanguage ?? detectLanguage(left.join('\n'));
  const rightLanguage = options.rightLanguage ?? detectLanguage(right.join('\n'));
  // Lengths are compared in units of the Chinese side (the unit the variance was measured in): swap when
  // the right edition is the Chinese one.
  const swap = rightLanguage === 'zh' && leftLanguage !== 'zh';
  const anchorsOf = (texts: readonly string[], lang: Language): Set<string>[] =>
    texts.map((text) => paragraphAnchors(text, lang, options.lexicon, policy));
  const leftLengths = left.map(paragraphLength);
  const rightLengths = right.map(paragraphLength);
  // Anchors whose absence from the other edition counts: numbers, and Latin tokens written in Chinese text
  // (in English text every word is Latin).
  const absentable = (lang: Language) => (key: string) => key.startsWith('number:') || (lang === 'zh' && key.startsWith('latin:'));
  const lattice = swap
    ? new AlignmentLattice(rightLengths, leftLengths, anchorsOf(right, rightLanguage), anchorsOf(left, leftLanguage), absentable(rightLanguage), absentable(leftLanguage), policy)
    : new AlignmentLattice(leftLengths, rightLengths, anchorsOf(left, leftLanguage), anchorsOf(right, rightLanguage), absentable(leftLanguage), absentable(rightLanguage), policy);
  // An edition of one paragraph against many: that paragraph may be one bead with all of them (O(m²) cells·shapes).
  const longest = Math.min(n, m) === 1 ? Math.max(policy.maxParagraphsPerBead, Math.min(Math.max(n, m), policy.maxParagraphsAgainstOne)) : policy.maxParagraphsPerBead;
  const shapes = beadShapes(policy, longest);
  const score = (i0: number, i1: number, j0: number, j1: number, shape: Shape): number => {
    const [a0, a1, b0, b1] = swap ? [j0, j1, i0, i1] : [i0, i1, j0, j1];
    const length = shape.a > 0 && shape.b > 0 ? lattice.logLengthMatch(a0, a1, b0, b1) + lattice.absentNats(a0, a1, b0, b1) : 0;
    return shape.logPrior + length + lattice.anchorNats(a0, a1, b0, b1);
  };

  // Bead scores, cached per (end cell, shape): the forward, backward and best-path passes all read them.
  const cells = (n + 1) * width;
  const beadScore = new Float64Array(cells * shapes.length).fill(Number.NaN);
  const scoreAt = (i: number, j: number, s: number): number => {
    const index = (i * width + j) * shapes.length + s;
    const cached = beadScore[index] ?? Number.NaN;
    if (!Number.isNaN(cached)) return cached;
    const shape = shapes[s] as Shape;
    const value = score(i - shape.a, i, j - shape.b, j, shape);
    beadScore[index] = value;
    return value;
  };
  const forward = new Float64Array(cells).fill(-Infinity);
  const best = new Float64Array(cells).fill(-Infinity);
  const back = new Int32Array(cells).fill(-1);
  forward[0] = 0;
  best[0] = 0;
  for (let i = 0; i <= n; i += 1) {
    for (let j = 0; j <= m; j += 1) {
      if (i === 0 && j === 0) continue;
      let sum = -Infinity;
      let top = -Infinity;
      let topShape = -1;
      shapes.forEach((shape, s) => {
        if (shape.a > i || shape.b > j) return;
        const from = (i - shape.a) * width + (j - shape.b);
        const bead = scoreAt(i, j, s);
        sum = logAdd(sum, (forward[from] ?? -Infinity) + bead);
        const candidate = (best[from] ?? -Infinity) + bead;
        if (candidate > top) {
          top = candidate;
          topShape = s;
        }
      });
      forward[i * width + j] = sum;
      best[i * width + j] = top;
      back[i * width + j] = topShape;
    }
  }
  const backward = new Float64Array(cells).fill(-Infinity);
  backward[cells - 1] = 0;
  for (let i = n; i >= 0; i -= 1) {
    for (let j = m; j >= 0; j -= 1) {
      if (i === n && j === m) continue;
      let sum = -Infinity;
      shapes.forEach((shape, s) => {
        if (i + shape.a > n || j + shape.b > m) return;
        sum = logAdd(sum, scoreAt(i + shape.a, j + shape.b, s) + (backward[(i + shape.a) * width + j + shape.b] ?? -Infinity));
      });
      backward[i * width + j] = sum;
    }
  }
  const total = forward[cells - 1] ?? 0;
  const beads: ParagraphBead[] = [];
  let i = n;
  let j = m;
  while (i > 0 || j > 0) {
    const s = back[i * width + j] ?? -1;
    const shape = shapes[s];
    if (shape === undefined) throw new Error(`alignParagraphs: no path to cell ${i},${j}`);
    const from = (i - shape.a) * width + (j - shape.b);
    const posterior = Math.exp((forward[from] ?? -Infinity) + scoreAt(i, j, s) + (backward[i * width + j] ?? -Infinity) - total);
    const [a0, a1, b0, b1] = swap ? [j - shape.b, j, i - shape.a, i] : [i - shape.a, i, j - shape.b, j];
    const anchors: string[] = [];
    lattice.anchorNats(a0, a1, b0, b1, anchors);
    beads.push({ left: range(i - shape.a, i), right: range(j - shape.b, j), confidence: Math.min(1, Math.max(0, posterior)), anchors });
    i -= shape.a;
    j -= shape.b;
  }
  return beads.reverse();
}

function range(start: number, end: number): number[] {
  return Array.from({ length: end - start }, (_, index) => start + index);
}
