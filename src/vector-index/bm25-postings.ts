/**
 * BM25 postings read from a consolidated wink engine: for each term, the labels of the documents holding it
 * and the term's weight in each (wink's `consolidate()` output: IDF × saturated, length-normalised term
 * frequency, rounded to 4 decimals). A query's score for a document is the sum of the weights of the query's
 * terms, once per occurrence in the query, added in query order — exactly wink's `search` (same numbers,
 * same order of additions, so bit-identical scores); only the bookkeeping differs: typed arrays instead of
 * per-document objects, and a partial top-k ({@link TopK}) instead of sorting every matching document.
 *
 * The postings are also what `lexical.json` stores ({@link SerialisedPostings}): a served index parses a few
 * flat arrays instead of wink's export, whose ≈ 1.6 million per-document objects at 100× the seeds (≈ 85 MiB
 * of heap, all garbage once read) set the serving process's peak memory (`npm run bench:scale`, docs/scale.md).
 */
import type { WinkBm25Engine } from 'wink-bm25-text-search';
import { TopK } from './top-k';
import type { LexicalSearchHit } from './types';

/**
 * The postings as plain arrays (the body of `lexical.json`): term `i` is `terms[i]`; its postings are the
 * `postingCounts[i]` entries of `labels` and `weights` that follow those of terms `0…i−1`. Labels ascend within
 * a term. Weights are JSON numbers, which round-trip doubles exactly.
 */
export interface SerialisedPostings {
  readonly terms: readonly string[];
  readonly postingCounts: readonly number[];
  readonly labels: readonly number[];
  readonly weights: readonly number[];
}

/** Term weights by term, as flat typed arrays. */
export class Bm25Postings {
  /** Term → its position in `offsets`. */
  private readonly termNumbers: ReadonlyMap<string, number>;
  /** Per term number: where its postings start in `labels`/`weights`; one more entry, the total. */
  private readonly offsets: Int32Array;
  /** Labels of the documents holding each term, term after term. */
  private readonly labels: Int32Array;
  /** The term's weight in each of those documents (same order as `labels`). */
  private readonly weights: Float64Array;
  /** Scratch: accumulated score per label (reset after each search). */
  private readonly scores: Float64Array;
  /** Scratch: whether a label has been scored in the current search. */
  private readonly touched: Uint8Array;

  private constructor(termNumbers: ReadonlyMap<string, number>, offsets: Int32Array, labels: Int32Array, weights: Float64Array) {
    this.termNumbers = termNumbers;
    this.offsets = offsets;
    this.labels = labels;
    this.weights = weights;
    let labelLimit = 0;
    for (const label of labels) labelLimit = Math.max(labelLimit, label + 1);
    this.scores = new Float64Array(labelLimit);
    this.touched = new Uint8Array(labelLimit);
  }

  /**
   * Reads the postings of a consolidated engine whose real documents have non-negative integer ids (the
   * labels); other ids (the padding documents, which hold no terms) are skipped.
   */
  static fromEngine(engine: WinkBm25Engine): Bm25Postings {
    const tokens = engine.getTokens();
    const documents = engine.getDocs();
    const termNumbers = new Map<string, number>();
    let termCount = 0;
    for (const [term, number] of Object.entries(tokens)) {
      termNumbers.set(term, number);
      termCount = Math.max(termCount, number + 1);
    }
    const realDocuments: { readonly label: number; readonly freq: Readonly<Record<string, number>> }[] = [];
    for (const [id, document] of Object.entries(documents)) {
      const label = Number(id);
      if (Number.isInteger(label) && label >= 0 && String(label) === id) realDocuments.push({ label, freq: document.freq });
    }
    const offsets = new Int32Array(termCount + 1);
    for (const { freq } of realDocuments) for (const term of Object.keys(freq)) offsets[Number(term) + 1] = (offsets[Number(term) + 1] as number) + 1;
    for (let number = 0; number < termCount; number += 1) offsets[number + 1] = (offsets[number + 1] as number) + (offsets[number] as number);
    const labels = new Int32Array(offsets[termCount] as number);
    const weights = new Float64Array(labels.length);
    const filled = offsets.slice(0, termCount);
    for (const { label, freq } of realDocuments) {
      for (const [term, weight] of Object.entries(freq)) {
        const number = Number(term);
        const slot = filled[number] as number;
        labels[slot] = label;
        weights[slot] = weight;
        filled[number] = slot + 1;
      }
    }
    return new Bm25Postings(termNumbers, offsets, labels, weights);
  }

  /**
   * Restores postings from {@link serialise}'s output.
   * @throws {TypeError} when the arrays disagree in length, a count or label is not a non-negative integer, a
   *         weight is not a finite number, or a term appears twice.
   */
  static fromSerialised(value: SerialisedPostings): Bm25Postings {
    const { terms, postingCounts, labels, weights } = value;
    if (postingCounts.length !== terms.length) throw new TypeError(`${terms.length} terms but ${postingCounts.length} posting counts`);
    if (weights.length !== labels.length) throw new TypeError(`${labels.length} labels but ${weights.length} weights`);
    const termNumbers = new Map<string, number>();
    const offsets = new Int32Array(terms.length + 1);
    terms.forEach((term, number) => {
      if (termNumbers.has(term)) throw new TypeError(`term ${JSON.stringify(term)} appears twice`);
      termNumbers.set(term, number);
      const count = postingCounts[number] as number;
      if (!Number.isInteger(count) || count < 0) throw new TypeError(`term ${JSON.stringify(term)} has no posting count`);
      offsets[number + 1] = (offsets[number] as number) + count;
    });
    if (offsets[terms.length] !== labels.length) throw new TypeError(`the posting counts sum to ${offsets[terms.length]}, not ${labels.length}`);
    const labelArray = new Int32Array(labels.length);
    const weightArray = new Float64Array(weights.length);
    for (let slot = 0; slot < labels.length; slot += 1) {
      const label = labels[slot] as number;
      const weight = weights[slot] as number;
      if (!Number.isInteger(label) || label < 0 || label > 0x7fffffff) throw new TypeError(`posting ${slot} has label ${String(label)}`);
      if (typeof weight !== 'number' || !Number.isFinite(weight)) throw new TypeError(`posting ${slot} has a weight that is not a number`);
      labelArray[slot] = label;
      weightArray[slot] = weight;
    }
    return new Bm25Postings(termNumbers, offsets, labelArray, weightArray);
  }

  /** The postings as plain arrays, terms in term-number order ({@link fromSerialised} reads them back). */
  serialise(): SerialisedPostings {
    const terms: string[] = new Array<string>(this.offsets.length - 1).fill('');
    for (const [term, number] of this.termNumbers) terms[number] = term;
    const postingCounts = Array.from(terms, (_, number) => (this.offsets[number + 1] as number) - (this.offsets[number] as number));
    return { terms, postingCounts, labels: Array.from(this.labels), weights: Array.from(this.weights) };
  }

  /**
   * Up to `k` documents (k ≥ 1) sharing a term with `terms`, highest score first, ties by ascending label.
   * @param terms - the query's tokens (repeats count again; unknown terms are ignored).
   * @param accept - when given, only labels it accepts are ranked.
   */
  search(terms: readonly string[], k: number, accept?: (label: number) => boolean): LexicalSearchHit[] {
    const scored: number[] = [];
    for (const term of terms) {
      const number = this.termNumbers.get(term);
      if (number === undefined) continue;
      const end = this.offsets[number + 1] as number;
      for (let slot = this.offsets[number] as number; slot < end; slot += 1) {
        const label = this.labels[slot] as number;
        if (this.touched[label] === 0) {
          this.touched[label] = 1;
          this.scores[label] = (this.weights[slot] as number) + 0;
          scored.push(label);
        } else this.scores[label] = (this.weights[slot] as number) + (this.scores[label] as number);
      }
    }
    const candidates = accept === undefined ? scored : scored.filter(accept);
    const best = new TopK(Math.max(1, Math.min(k, candidates.length)));
    for (const label of candidates) best.offer(this.scores[label] as number, label);
    const hits = candidates.length === 0 ? [] : best.sorted().map(({ score, position }) => ({ label: position, score }));
    for (const label of scored) this.touched[label] = 0;
    return hits;
  }
}
