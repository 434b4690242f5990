/**
 * A model-free embedder: signed feature hashing of character and word n-grams. It needs no files and no
 * network, is deterministic across machines and releases (for one {@link HashedNgramEmbedder.id}), and embeds
 * thousands of chunks per second. It matches words, not meanings: it cannot match a Chinese question to an
 * English passage, and it is the fallback when the transformers.js model cannot be loaded.
 */
import { Embeddings } from '@langchain/core/embeddings';
import { InputError } from '../core';
import type { Embedder } from './embedder';

/** Default vector length, the same as the config's `HASHED_EMBEDDING_DIMENSIONS` default. */
export const DEFAULT_HASHED_DIMENSIONS = 1024;

/** Options for {@link HashedNgramEmbedder}. */
export interface HashedNgramEmbedderOptions {
  /**
   * Number of hash buckets, which is the vector length. A positive integer; default
   * {@link DEFAULT_HASHED_DIMENSIONS}. More buckets mean fewer collisions between unrelated n-grams.
   */
  readonly dimensions?: number;
}

/** Version of the feature set and weights below; bump it whenever they change, since vectors change with it. */
const FEATURE_VERSION = 'v1';

/**
 * Feature kinds. Each kind is hashed with its own prefix byte (so the word `ai` and the trigram `ai` land in
 * different buckets) and carries its own weight. Whole-word and Han-bigram matches count most; Han unigrams
 * and Latin trigrams are partial evidence (a shared character, a shared stem such as `innovat`).
 */
const FEATURE_KINDS = [
  { name: 'han-unigram', weight: 0.5 },
  { name: 'han-bigram', weight: 1 },
  { name: 'word', weight: 1 },
  { name: 'word-trigram', weight: 0.35 },
] as const;
const HAN_UNIGRAM = 0;
const HAN_BIGRAM = 1;
const WORD = 2;
const WORD_TRIGRAM = 3;

/**
 * One match per run of Han ideographs (group 1) or per run of other letters, digits and combining marks
 * (group 2, a "word"). Everything else (spaces, punctuation, symbols) separates runs.
 */
const RUN_PATTERN = /(\p{Script=Han}+)|((?:(?!\p{Script=Han})[\p{L}\p{N}\p{M}])+)/gu;
const LETTER_PATTERN = /\p{L}/u;
/** Marks the start and the end of a word in its trigrams (`<ai>` → `<ai`, `ai>`): a space, which no word contains. */
const WORD_BOUNDARY_UNIT = 0x20;

const FNV_OFFSET_BASIS = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** One FNV-1a 32-bit step over a 16-bit unit, fed as two bytes, little-endian. */
function fnvStep(hash: number, unit: number): number {
  hash = Math.imul(hash ^ (unit & 0xff), FNV_PRIME);
  return Math.imul(hash ^ ((unit >>> 8) & 0xff), FNV_PRIME);
}

/** MurmurHash3's fmix32 finaliser: spreads FNV's entropy into every bit (bucket from low bits, sign from bit 31). */
function finalizeHash(hash: number): number {
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash >>> 0;
}

/** Hash of the code units `text[start..end)` under feature kind `kind`. */
function hashSpan(kind: number, text: string, start: number, end: number): number {
  let hash = fnvStep(FNV_OFFSET_BASIS, kind);
  for (let index = start; index < end; index += 1) hash = fnvStep(hash, text.charCodeAt(index));
  return finalizeHash(hash);
}

/** Counts of each distinct feature (keyed by its 32-bit hash), one map per feature kind. */
type FeatureCounts = readonly [Map<number, number>, Map<number, number>, Map<number, number>, Map<number, number>];

function increment(counts: Map<number, number>, hash: number): void {
  counts.set(hash, (counts.get(hash) ?? 0) + 1);
}

/** Han unigrams and bigrams of the run `text[start..end)` (bigrams never cross a non-Han character). */
function addHanFeatures(text: string, start: number, end: number, counts: FeatureCounts): void {
  let previousStart = -1;
  let index = start;
  while (index < end) {
    const width = (text.codePointAt(index) ?? 0) > 0xffff ? 2 : 1;
    increment(counts[HAN_UNIGRAM], hashSpan(HAN_UNIGRAM, text, index, index + width));
    if (previousStart >= 0) increment(counts[HAN_BIGRAM], hashSpan(HAN_BIGRAM, text, previousStart, index + width));
    previousStart = index;
    index += width;
  }
}

/** The word `text[start..end)` and, when it contains a letter, its boundary-marked character trigrams. */
function addWordFeatures(text: string, start: number, end: number, counts: FeatureCounts): void {
  increment(counts[WORD], hashSpan(WORD, text, start, end));
  if (!LETTER_PATTERN.test(text.slice(start, end))) return; // numbers: whole token only
  const unitAt = (position: number): number =>
    position < start || position >= end ? WORD_BOUNDARY_UNIT : text.charCodeAt(position);
  // A word of n code units, marked `<word>`, has n trigrams: positions start-1 … end-2.
  for (let position = start - 1; position <= end - 2; position += 1) {
    let hash = fnvStep(FNV_OFFSET_BASIS, WORD_TRIGRAM);
    for (let offset = 0; offset < 3; offset += 1) hash = fnvStep(hash, unitAt(position + offset));
    increment(counts[WORD_TRIGRAM], finalizeHash(hash));
  }
}

/**
 * Model-free {@link Embedder}: signed feature hashing ("the hashing trick") of
 * - Han ideograph unigrams and bigrams (within runs of consecutive ideographs), and
 * - lowercased words (runs of non-Han letters and digits) and, for words with a letter, their character
 *   trigrams with word-boundary marks (`<solar>` → `<so`, `sol`, `ola`, `lar`, `ar>`), so that inflections
 *   (`innovation` / `innovative`) share most features.
 *
 * Text is NFKC-normalised first (full-width `ＡＩ１２` → `ai12`). Each distinct feature is hashed with FNV-1a
 * 32-bit (then MurmurHash3's fmix32) into one of {@link HashedNgramEmbedder.dimensions} buckets, with a sign
 * from another bit of the hash (signed hashing keeps dot products unbiased, Weinberger et al. 2009), and
 * weighted `kindWeight × (1 + ln tf)` (sublinear term frequency, tf = occurrences in the text). The vector is
 * then L2-normalised, so cosine similarity = dot product.
 *
 * Guarantees: deterministic; a text with at least one letter or digit gets a unit-length vector (if signed
 * collisions happened to cancel every bucket, the first feature's bucket is set to ±1); a text without any
 * (empty, only punctuation or spaces) gets the all-zeros vector, never NaN. `embedDocuments` and `embedQuery`
 * embed identically (the method is symmetric).
 */
export class HashedNgramEmbedder extends Embeddings implements Embedder {
  /** `hashed-ngram:<feature version>:<dimensions>`, e.g. `hashed-ngram:v1:1024`. */
  readonly id: string;
  /** Vector length = number of hash buckets. */
  readonly dimensions: number;
  /** Character n-grams do not match across Chinese and English. */
  readonly crossLingual = false;

  /** @throws {InputError} when `dimensions` is not a positive integer. */
  constructor(options: HashedNgramEmbedderOptions = {}) {
    super({});
    const dimensions = options.dimensions ?? DEFAULT_HASHED_DIMENSIONS;
    if (!Number.isInteger(dimensions) || dimensions < 1) {
      throw new InputError(`Hashed embedder dimensions must be a positive integer, got ${dimensions}.`);
    }
    this.dimensions = dimensions;
    this.id = `hashed-ngram:${FEATURE_VERSION}:${dimensions}`;
  }

  /** @returns one unit-length (or, for texts without letters or digits, all-zeros) vector per text, in input order. */
  async embedDocuments(documents: readonly string[]): Promise<number[][]> {
    return documents.map((document) => this.embedText(document));
  }

  /** @returns the same vector `embedDocuments([query])` returns for the text. */
  async embedQuery(query: string): Promise<number[]> {
    return this.embedText(query);
  }

  private embedText(text: string): number[] {
    const normalized = text.normalize('NFKC').toLowerCase();
    const counts: FeatureCounts = [new Map(), new Map(), new Map(), new Map()];
    for (const match of normalized.matchAll(RUN_PATTERN)) {
      const start = match.index;
      const end = start + match[0].length;
      if (match[1] !== undefined) addHanFeatures(normalized, start, end, counts);
      else addWordFeatures(normalized, start, end, counts);
    }

    const vector = new Float64Array(this.dimensions);
    let firstFeature: number | null = null;
    for (let kind = 0; kind < counts.length; kind += 1) {
      const weight = FEATURE_KINDS[kind]?.weight ?? 0;
      for (const [hash, count] of counts[kind] ?? []) {
        firstFeature ??= hash;
        const bucket = this.bucketOf(hash);
        vector[bucket] = (vector[bucket] ?? 0) + this.signOf(hash) * weight * (1 + Math.log(count));
      }
    }

    let squaredNorm = 0;
    for (const component of vector) squaredNorm += component * component;
    if (squaredNorm === 0) {
      if (firstFeature !== null) vector[this.bucketOf(firstFeature)] = this.signOf(firstFeature);
      return Array.from(vector);
    }
    const norm = Math.sqrt(squaredNorm);
    return Array.from(vector, (component) => component / norm);
  }

  private bucketOf(hash: number): number {
    return (hash & 0x7fffffff) % this.dimensions;
  }

  private signOf(hash: number): number {
    return hash >>> 31 === 1 ? -1 : 1;
  }
}
