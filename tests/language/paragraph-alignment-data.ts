/**
 * Data and scoring for the paragraph-alignment tests and measurements: the hand-labelled seed pairs
 * (`tests/fixtures/alignment/seed-paragraph-alignment.json`, test set), the layout fixtures (tuning set:
 * `tests/fixtures/layouts*`, every item 1-1), edits that vary what the fixtures do not (a paragraph merged,
 * split or missing in one edition, an abridged edition, one giant paragraph), bead accuracy, link F1 and the
 * naive proportional baseline.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Language } from '../../src/core';
import { parseNewsletter } from '../../src/ingest';
import { splitSentences } from '../../src/language';
import { readSeedFixture } from '../support/seed-fixture';

const FIXTURES = path.resolve(import.meta.dirname, '..', 'fixtures');

/** A true bead: Chinese paragraph indices, English paragraph indices. */
export interface TrueBead {
  readonly zh: readonly number[];
  readonly en: readonly number[];
}

/** An article's two editions and their true alignment. */
export interface AlignedPair {
  readonly name: string;
  readonly zh: readonly string[];
  readonly en: readonly string[];
  readonly truth: readonly TrueBead[];
}

interface LabelFile {
  readonly articles: readonly {
    readonly zh: string;
    readonly en: string;
    readonly zhParagraphs: number;
    readonly enParagraphs: number;
    readonly beads: readonly (readonly [readonly number[], readonly number[]])[];
  }[];
}

function paragraphsById(files: readonly { readonly name: string; readonly text: string }[]): Map<string, string[]> {
  const byId = new Map<string, string[]>();
  for (const { name, text } of files) {
    for (const article of parseNewsletter(text, `seeds/${name}`).articles) byId.set(article.id, article.body.split('\n\n'));
  }
  return byId;
}

/**
 * The labelled seed pairs (test set), parsed from the frozen seed fixture.
 * @throws Error when the parser's paragraphs no longer match the labels' counts (the labels would be stale).
 */
export function labelledSeedPairs(): AlignedPair[] {
  const labels = JSON.parse(readFileSync(path.join(FIXTURES, 'alignment', 'seed-paragraph-alignment.json'), 'utf8')) as LabelFile;
  const files = [...new Set(labels.articles.flatMap((article) => [article.zh, article.en].map((id) => `${id.split('#')[0]}.txt`)))];
  const byId = paragraphsById(files.map((name) => ({ name, text: readSeedFixture(name) })));
  return labels.articles.map((article) => {
    const zh = byId.get(article.zh) ?? [];
    const en = byId.get(article.en) ?? [];
    if (zh.length !== article.zhParagraphs || en.length !== article.enParagraphs) {
      throw new Error(`${article.zh}/${article.en}: parsed ${zh.length}/${en.length} paragraphs, labelled ${article.zhParagraphs}/${article.enParagraphs}`);
    }
    return { name: article.zh, zh, en, truth: article.beads.map(([zhSide, enSide]) => ({ zh: zhSide, en: enSide })) };
  });
}

function oneToOne(count: number): TrueBead[] {
  return Array.from({ length: count }, (_, index) => ({ zh: [index], en: [index] }));
}

/**
 * The layout fixtures (tuning set): for each layout file pair, every item as a pair, and the whole issue
 * as one long pair (all its items' paragraphs in order). Items are 1-1 paragraph by paragraph.
 */
export function layoutPairs(): { readonly items: AlignedPair[]; readonly issues: AlignedPair[] } {
  const items: AlignedPair[] = [];
  const issues: AlignedPair[] = [];
  for (const folder of ['layouts', 'layouts-2']) {
    const directory = path.join(FIXTURES, folder);
    for (const name of readdirSync(directory).filter((file) => file.endsWith('.zh.txt'))) {
      const layout = name.replace(/\.zh\.txt$/u, '');
      const read = (lang: Language) => parseNewsletter(readFileSync(path.join(directory, `${layout}.${lang}.txt`), 'utf8'), `${folder}/${layout}.${lang}.txt`).articles;
      const zhArticles = read('zh');
      const enArticles = read('en');
      const expected = JSON.parse(readFileSync(path.join(directory, `${layout}.zh.expected.json`), 'utf8')) as { pairs: [number, number][] };
      const issue = { zh: [] as string[], en: [] as string[] };
      for (const [zhIndex, enIndex] of expected.pairs) {
        const zh = zhArticles[zhIndex]?.body.split('\n\n') ?? [];
        const en = enArticles[enIndex]?.body.split('\n\n') ?? [];
        if (zh.length !== en.length || zh.length === 0) continue;
        items.push({ name: `${folder}/${layout}#${zhIndex}`, zh, en, truth: oneToOne(zh.length) });
        issue.zh.push(...zh);
        issue.en.push(...en);
      }
      issues.push({ name: `${folder}/${layout}`, zh: issue.zh, en: issue.en, truth: oneToOne(issue.zh.length) });
    }
  }
  return { items, issues };
}

type Side = 'zh' | 'en';

/** Maps a side's indices with `map` (old → new), then merges beads that came to share a paragraph. */
function remap(truth: readonly TrueBead[], side: Side, map: (index: number) => number | null): TrueBead[] {
  const mapped = truth.map((bead) => {
    const indices = [...new Set(bead[side].map(map).filter((index): index is number => index !== null))];
    return side === 'zh' ? { zh: indices, en: bead.en } : { zh: bead.zh, en: indices };
  });
  const merged: TrueBead[] = [];
  for (const bead of mapped) {
    if (bead.zh.length === 0 && bead.en.length === 0) continue;
    const previous = merged[merged.length - 1];
    if (previous !== undefined && bead[side].some((index) => previous[side].includes(index))) {
      merged[merged.length - 1] = {
        zh: [...new Set([...previous.zh, ...bead.zh])],
        en: [...new Set([...previous.en, ...bead.en])],
      };
    } else merged.push(bead);
  }
  return merged;
}

function withSide(pair: AlignedPair, side: Side, paragraphs: string[], truth: TrueBead[], suffix: string): AlignedPair {
  return { name: `${pair.name} ${suffix}`, zh: side === 'zh' ? paragraphs : pair.zh, en: side === 'en' ? paragraphs : pair.en, truth };
}

/** Paragraphs `k` and `k+1` of `side` printed as one. */
export function mergeParagraphs(pair: AlignedPair, side: Side, k: number): AlignedPair {
  const paragraphs = [...pair[side]];
  paragraphs.splice(k, 2, `${paragraphs[k] ?? ''}${side === 'en' ? ' ' : ''}${paragraphs[k + 1] ?? ''}`);
  return withSide(pair, side, paragraphs, remap(pair.truth, side, (index) => (index <= k ? index : index - 1)), `(${side} ${k}+${k + 1} merged)`);
}

/** Paragraph `k` of `side` printed as two, cut at the sentence end nearest its middle. */
export function splitParagraph(pair: AlignedPair, side: Side, k: number): AlignedPair | null {
  const sentences = splitSentences(pair[side][k] ?? '');
  if (sentences.length < 2) return null;
  const total = sentences.join('').length;
  let cut = 1;
  let before = sentences[0]?.length ?? 0;
  while (cut < sentences.length - 1 && before + (sentences[cut]?.length ?? 0) <= total / 2) before += sentences[cut++]?.length ?? 0;
  const joiner = side === 'en' ? ' ' : '';
  const paragraphs = [...pair[side]];
  paragraphs.splice(k, 1, sentences.slice(0, cut).join(joiner), sentences.slice(cut).join(joiner));
  const shifted = remap(pair.truth, side, (index) => (index <= k ? index : index + 1));
  const truth = shifted.map((bead) => (bead[side].includes(k) ? { ...bead, [side]: [...bead[side], k + 1] } : bead));
  return withSide(pair, side, paragraphs, truth, `(${side} ${k} split)`);
}

/** Paragraph `k` of `side` left out of that edition. */
export function dropParagraph(pair: AlignedPair, side: Side, k: number): AlignedPair {
  const paragraphs = pair[side].filter((_, index) => index !== k);
  const truth = remap(pair.truth, side, (index) => (index === k ? null : index < k ? index : index - 1));
  return withSide(pair, side, paragraphs, truth, `(${side} ${k} missing)`);
}

/** `side` printed as one giant paragraph. */
export function giantParagraph(pair: AlignedPair, side: Side): AlignedPair {
  const all = (paragraphs: readonly string[]): number[] => paragraphs.map((_, index) => index);
  const truth: TrueBead[] = [side === 'zh' ? { zh: [0], en: all(pair.en) } : { zh: all(pair.zh), en: [0] }];
  return withSide(pair, side, [pair[side].join(side === 'en' ? ' ' : '')], truth, `(${side} one paragraph)`);
}

/** `side` abridged to the first sentence of each paragraph (an edition much shorter than the other). */
export function abridge(pair: AlignedPair, side: Side): AlignedPair {
  return withSide(pair, side, pair[side].map((paragraph) => splitSentences(paragraph)[0] ?? paragraph), [...pair.truth], `(${side} abridged)`);
}

/**
 * The edits of one pair: each of merge, split and drop at a position chosen from `seed` on each side, plus a
 * giant paragraph and an abridged edition on each side. Pairs with one paragraph get only what applies.
 */
export function variants(pair: AlignedPair, seed: number): AlignedPair[] {
  const out: AlignedPair[] = [];
  for (const [offset, side] of (['zh', 'en'] as const).entries()) {
    const count = pair[side].length;
    const k = (seed + offset * 3) % Math.max(1, count);
    if (count >= 2) out.push(mergeParagraphs(pair, side, Math.min(k, count - 2)));
    const split = splitParagraph(pair, side, k);
    if (split !== null) out.push(split);
    if (count >= 2) out.push(dropParagraph(pair, side, k));
    if (count >= 2) out.push(giantParagraph(pair, side));
    out.push(abridge(pair, side));
  }
  return out;
}

/** A predicted or true bead in one orientation (left = zh). */
export interface Bead {
  readonly left: readonly number[];
  readonly right: readonly number[];
}

/** The true beads as left/right, left being Chinese. */
export function truthBeads(pair: AlignedPair): Bead[] {
  return pair.truth.map((bead) => ({ left: bead.zh, right: bead.en }));
}

/** Links of beads: `l:r` for each pair of a bead's sides, `l:-` / `-:r` for 1-0 and 0-1. */
export function links(beads: readonly Bead[]): Set<string> {
  const out = new Set<string>();
  for (const bead of beads) {
    if (bead.right.length === 0) for (const l of bead.left) out.add(`${l}:-`);
    else if (bead.left.length === 0) for (const r of bead.right) out.add(`-:${r}`);
    else for (const l of bead.left) for (const r of bead.right) out.add(`${l}:${r}`);
  }
  return out;
}

const beadKey = (bead: Bead): string => `${bead.left.join(',')}|${bead.right.join(',')}`;

/** Counts for bead accuracy (true beads found exactly) and link precision/recall, summed over pairs. */
export class AlignmentScore {
  trueBeads = 0;
  foundBeads = 0;
  predictedLinks = 0;
  trueLinks = 0;
  correctLinks = 0;

  add(predicted: readonly Bead[], truth: readonly Bead[]): void {
    const predictedKeys = new Set(predicted.map(beadKey));
    this.trueBeads += truth.length;
    this.foundBeads += truth.filter((bead) => predictedKeys.has(beadKey(bead))).length;
    const predictedLinks = links(predicted);
    const trueLinks = links(truth);
    this.predictedLinks += predictedLinks.size;
    this.trueLinks += trueLinks.size;
    this.correctLinks += [...predictedLinks].filter((link) => trueLinks.has(link)).length;
  }

  /** Share of true beads found exactly. */
  get beadAccuracy(): number {
    return this.trueBeads === 0 ? 1 : this.foundBeads / this.trueBeads;
  }

  /** Harmonic mean of link precision and recall. */
  get linkF1(): number {
    const precision = this.predictedLinks === 0 ? 0 : this.correctLinks / this.predictedLinks;
    const recall = this.trueLinks === 0 ? 0 : this.correctLinks / this.trueLinks;
    return precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  }
}

/**
 * The naive baseline: left paragraph i ↦ right paragraph round(i·m/n); consecutive left paragraphs mapped to
 * one right paragraph form one bead, right paragraphs no left one maps to are 0-1 beads.
 */
export function proportionalBaseline(n: number, m: number): Bead[] {
  if (n === 0) return Array.from({ length: m }, (_, r) => ({ left: [], right: [r] }));
  if (m === 0) return Array.from({ length: n }, (_, l) => ({ left: [l], right: [] }));
  const beads: { left: number[]; right: number[] }[] = [];
  let nextRight = 0;
  for (let l = 0; l < n; l += 1) {
    const r = Math.round((l * m) / n);
    const last = beads[beads.length - 1];
    if (last !== undefined && last.right.includes(r)) {
      last.left.push(l);
      continue;
    }
    while (nextRight < r) beads.push({ left: [], right: [nextRight++] });
    beads.push({ left: [l], right: [r] });
    nextRight = r + 1;
  }
  while (nextRight < m) beads.push({ left: [], right: [nextRight++] });
  return beads;
}
