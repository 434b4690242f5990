/**
 * Adapter around `wink-bm25-text-search` (BM25F, in memory): the only file that imports it.
 *
 * Scoring, as implemented by wink-bm25-text-search 3.1.2 (`consolidate()`), with our settings:
 * - term frequency is counted per field and multiplied by the field's weight: `title` × 2, `body` × 1 (a
 *   chunk's title is its article's title, so title terms count double in every chunk of the article);
 * - IDF(t) = ln((N − n(t) + 0.5) / (n(t) + 0.5) + 1), where N is the document count and n(t) the number
 *   of documents containing t (the `+ 1` is wink's `k` = 1, which keeps IDF positive, as in Lucene);
 * - a document's term weight = IDF(t) · tf · (k1 + 1) / (tf + k1 · (1 − b + b · length / averageLength)),
 *   with k1 = 1.2 and b = 0.75 (wink's defaults, the usual values from Robertson & Zaragoza, "The
 *   Probabilistic Relevance Framework: BM25 and Beyond", 2009), rounded to 4 decimals;
 * - a query's score for a document is the sum of the weights of the query's terms, once per occurrence in
 *   the query (a term repeated in the query counts twice, as in Lucene's boolean query).
 * Terms come from {@link tokenize} for both documents and queries.
 *
 * Search: wink builds the index and computes every weight (`consolidate()`); the weights are then read into
 * postings lists once (`bm25-postings.ts`: the same weights summed in the same order, so the same scores) and
 * the engine is dropped. Queries are scored over the postings, without wink's per-query object lookups and its
 * sort of every matching document — at 10,000 chunks that sort was most of a search's time (`npm run
 * bench:scale`, see docs/notes/search.md).
 *
 * File (`lexical.json`, format 2): the postings as flat arrays ({@link SerialisedPostings}). Format 1 was wink's
 * export; restoring it held ≈ 85 MiB of wink's structures at 100× the seeds and parsed ≈ 1.6 million objects
 * that were garbage once read, which set the serving process's peak memory.
 *
 * Small corpora: wink refuses to consolidate fewer than 3 documents. A corpus of 1 or 2 documents is padded
 * with empty documents (no terms, so they never match and are never returned); they raise N to 3 and lower
 * the average length, so scores differ from an unpadded BM25 but still rank the real documents. An empty
 * corpus has no engine at all and every search returns an empty list.
 */
import bm25 from 'wink-bm25-text-search';
import type { WinkBm25Engine } from 'wink-bm25-text-search';
import { z } from 'zod';
import { IndexCorruptError, IndexMismatchError, InputError } from '../core';
import { Bm25Postings, type SerialisedPostings } from './bm25-postings';
import { LexicalTokenCache } from './lexical-token-cache';
import type { LexicalIndex, LexicalSearchHit } from './types';
import { TOKENIZER_VERSION, tokenize } from '../language';

/** BM25F parameters this index is built with (see the file's header for the formula and its source). */
export const BM25_PARAMETERS = Object.freeze({
  /** Term-frequency saturation. */
  k1: 1.2,
  /** Length normalisation: 0 none, 1 full. */
  b: 0.75,
  /** Multiplier of a term's frequency in the chunk's title. */
  titleWeight: 2,
  /** Multiplier of a term's frequency in the chunk's text. */
  bodyWeight: 1,
});

/** wink's minimum number of documents for `consolidate()`. */
const MINIMUM_ENGINE_DOCUMENTS = 3;
const PADDING_ID_PREFIX = 'padding-';
/** Version of the {@link Bm25LexicalIndexJson} wrapper. */
const LEXICAL_FORMAT_VERSION = 2;

/** One document to index: a chunk. */
export interface LexicalDocument {
  /** The chunk's 0-based position in the index's `chunks` array; unique, a non-negative integer. */
  readonly label: number;
  /** Weighted ×2. */
  readonly title: string;
  /** Weighted ×1. */
  readonly body: string;
}

/** The serialised form of a {@link Bm25LexicalIndex}, as written to `lexical.json`. */
export interface Bm25LexicalIndexJson {
  readonly formatVersion: number;
  /** {@link TOKENIZER_VERSION} the documents were tokenized with. */
  readonly tokenizerVersion: number;
  /** Number of real documents (padding excluded). */
  readonly size: number;
  /** The term weights; null for an empty corpus. */
  readonly postings: SerialisedPostings | null;
}

/** The wrapper's fields; the postings' large arrays are checked by {@link Bm25Postings.fromSerialised}, not copied by zod. */
const serialisedSchema = z.object({
  formatVersion: z.number().int(),
  tokenizerVersion: z.number().int(),
  size: z.number().int().min(0),
  postings: z.unknown(),
});

const postingsShape = (value: unknown): value is SerialisedPostings => {
  if (typeof value !== 'object' || value === null) return false;
  const { terms, postingCounts, labels, weights } = value as Record<string, unknown>;
  return Array.isArray(terms) && terms.every((term) => typeof term === 'string') && Array.isArray(postingCounts) && Array.isArray(labels) && Array.isArray(weights);
};

/** BM25F search over chunk titles (×2) and texts (×1); see the file's header for scoring details. */
export class Bm25LexicalIndex implements LexicalIndex {
  /** Number of real documents. */
  readonly size: number;
  /** The term weights; null for an empty corpus. */
  private readonly postings: Bm25Postings | null;

  private constructor(postings: Bm25Postings | null, size: number) {
    this.postings = postings;
    this.size = size;
  }

  /**
   * Indexes `documents` (any number, including 0).
   * @param tokens - where each title's and body's tokens come from: a cache holding the previous index's
   *        tokens (an update), or by default a fresh one (everything tokenized). Either way the index equals
   *        one built by tokenizing every text.
   * @throws {InputError} when a label is not a non-negative integer or appears twice.
   */
  static build(documents: readonly LexicalDocument[], tokens: LexicalTokenCache = LexicalTokenCache.empty()): Bm25LexicalIndex {
    const seen = new Set<number>();
    for (const document of documents) {
      if (!Number.isInteger(document.label) || document.label < 0) {
        throw new InputError(`Lexical index label must be a non-negative integer, found ${document.label}.`);
      }
      if (seen.has(document.label)) throw new InputError(`Lexical index label ${document.label} appears twice.`);
      seen.add(document.label);
    }
    if (documents.length === 0) return new Bm25LexicalIndex(null, 0);
    const engine = createEngine();
    for (const document of documents) {
      engine.addDoc({ title: tokens.tokens(document.title), body: tokens.tokens(document.body) }, document.label);
    }
    for (let padding = documents.length; padding < MINIMUM_ENGINE_DOCUMENTS; padding += 1) {
      engine.addDoc({ title: '', body: '' }, `${PADDING_ID_PREFIX}${padding}`);
    }
    engine.consolidate();
    return new Bm25LexicalIndex(Bm25Postings.fromEngine(engine), documents.length);
  }

  /**
   * Up to `k` chunks matching `query`, best (highest BM25 score) first, ties by ascending label.
   * @param query - free text in either language; tokenized with {@link tokenize}.
   * @param k - maximum number of hits; ≤ 0 returns an empty list.
   * @throws {InputError} when `k` is not an integer.
   */
  search(query: string, k: number, accept?: (label: number) => boolean): readonly LexicalSearchHit[] {
    if (!Number.isInteger(k)) throw new InputError(`Lexical search k must be an integer, found ${k}.`);
    if (this.postings === null || k <= 0) return [];
    return this.postings.search(tokenize(query), k, accept);
  }

  /** The serialised index as JSON text (`lexical.json`), equal to `JSON.stringify(index)`. */
  serialise(): string {
    return JSON.stringify(this);
  }

  /** The serialised index (a plain object, so `JSON.stringify(index)` works). */
  toJSON(): Bm25LexicalIndexJson {
    return {
      formatVersion: LEXICAL_FORMAT_VERSION,
      tokenizerVersion: TOKENIZER_VERSION,
      size: this.size,
      postings: this.postings === null ? null : this.postings.serialise(),
    };
  }

  /**
   * Restores an index from {@link Bm25LexicalIndex.toJSON}'s output (already `JSON.parse`d).
   * @param value - the parsed content of `lexical.json`.
   * @param source - the file it came from, named in errors.
   * @throws {IndexCorruptError} when `value` is not a serialised lexical index or its postings are inconsistent.
   * @throws {IndexMismatchError} (field `lexical.formatVersion` or `lexical.tokenizerVersion`) when it was
   *         written by another version of this adapter or of {@link tokenize}.
   */
  static fromJSON(value: unknown, source = 'lexical.json'): Bm25LexicalIndex {
    const parsed = serialisedSchema.safeParse(value);
    if (!parsed.success) {
      throw new IndexCorruptError(source, `not a serialised lexical index (${parsed.error.issues[0]?.message})`);
    }
    const serialised = parsed.data;
    if (serialised.formatVersion !== LEXICAL_FORMAT_VERSION) {
      throw new IndexMismatchError('lexical.formatVersion', String(LEXICAL_FORMAT_VERSION), String(serialised.formatVersion));
    }
    if (serialised.tokenizerVersion !== TOKENIZER_VERSION) {
      throw new IndexMismatchError('lexical.tokenizerVersion', String(TOKENIZER_VERSION), String(serialised.tokenizerVersion));
    }
    if (serialised.postings === null) {
      if (serialised.size !== 0) throw new IndexCorruptError(source, `declares ${serialised.size} documents but holds no postings`);
      return new Bm25LexicalIndex(null, 0);
    }
    if (!postingsShape(serialised.postings)) throw new IndexCorruptError(source, 'its postings are not term, count, label and weight arrays');
    let postings: Bm25Postings;
    try {
      postings = Bm25Postings.fromSerialised(serialised.postings);
    } catch (error) {
      throw new IndexCorruptError(source, `its postings are inconsistent (${error instanceof Error ? error.message : String(error)})`, { cause: error });
    }
    return new Bm25LexicalIndex(postings, serialised.size);
  }
}

function createEngine(): WinkBm25Engine {
  const engine = bm25();
  engine.defineConfig({
    fldWeights: { title: BM25_PARAMETERS.titleWeight, body: BM25_PARAMETERS.bodyWeight },
    bm25Params: { k1: BM25_PARAMETERS.k1, b: BM25_PARAMETERS.b, k: 1 },
  });
  engine.definePrepTasks([prepare]);
  return engine;
}

/** wink's one prep task: documents arrive already tokenized (see `build`); search texts are tokenized here. */
function prepare(input: string | readonly string[]): string[] {
  return typeof input === 'string' ? tokenize(input) : [...input];
}
