/**
 * BM25 postings read from a consolidated wink engine: for each term, the labels of the documents holding it
 * and the term's weight in each (wink's `consolidate()` output: IDF × saturated, length-normalised term
 * frequency, rounded to 4 decimals). A query's score for a document is the sum of the weights of the query's
 * terms, once per occurrence in the query, added in query order — exactly wink's `search` (same numbers,
 * same order of additions, so bit-identical scores); only the bookkeeping differs: typed arrays instead of
 * per-document objects, and a partial top-k ({@link TopK}) instead of sorting every matching document.
 */
import type { WinkBm25Engine } from 'wink-bm25-text-search';
import { TopK } from './top-k';
import type { LexicalSearchHit } from './types';

/** Term weights of a consolidated engine, by term, as parallel typed arrays. */
export class Bm25Postings {
  /** Term → its number (wink's term numbers). */
  private readonly termNumbers: ReadonlyMap<string, number>;
  /** Per term number: labels of the documents holding the term. */
  private readonly labels: readonly Int32Array[];
  /** Per term number: the term's weight in each of those documents (same order as `labels`). */
  private readonly weights: readonly Float64Array[];
  /** Scratch: accumulated score per label (reset after each search). */
  private readonly scores: Float64Array;
  /** Scratch: whether a label has been scored in the current search. */
  private readonly touched: Uint8Array;

  private constructor(termNumbers: ReadonlyMap<string, number>, labels: Int32Array[], weights: Float64Array[], labelLimit: number) {
    this.termNumbers = termNumbers;
    this.labels = labels;
    this.weights = weights;
    this.scores = new Float64Array(labelLimit);
    this.touched = new Uint8Array(labelLimit);
  }

  /**
   * Reads the postings of a consolidated engine whose real documents have non-negative integer ids (the
   * labels); other ids (the padding documents, which hold no terms) are skipped.
   */
  static fromEngine(engine: WinkBm25Engine): Bm25Postings {
    return Bm25Postings.fromExport(engine.getTokens(), engine.getDocs());
  }

  /**
   * Reads the postings from the two parts of a consolidated engine's export (`exportJSON()`, parsed:
   * element 5, term → term number, and element 2, document id → `{ freq: { termNumber: weight } }`), without
   * importing them into an engine: a served index needs only the postings, and wink's own structures for
   * 10,000 chunks hold ≈ 85 MiB of heap (`npm run bench:scale`, docs/notes/memory.md).
   * @throws {TypeError} when a term number is not a non-negative integer, a document has no `freq` object, a
   *         weight is not a finite number or a document names a term number the term map lacks.
   */
  static fromExport(tokens: Readonly<Record<string, unknown>>, documents: Readonly<Record<string, unknown>>): Bm25Postings {
    const termNumbers = new Map<string, number>();
    let termCount = 0;
    for (const [term, number] of Object.entries(tokens)) {
      if (typeof number !== 'number' || !Number.isInteger(number) || number < 0) throw new TypeError(`term ${JSON.stringify(term)} has no term number`);
      termNumbers.set(term, number);
      termCount = Math.max(termCount, number + 1);
    }
    const realDocuments: { readonly label: number; readonly freq: Readonly<Record<string, unknown>> }[] = [];
    let labelLimit = 0;
    for (const [id, document] of Object.entries(documents)) {
      const freq = typeof document === 'object' && document !== null ? (document as { freq?: unknown }).freq : undefined;
      if (typeof freq !== 'object' || freq === null) throw new TypeError(`document ${id} has no term weights`);
      const label = Number(id);
      if (!Number.isInteger(label) || label < 0 || String(label) !== id) continue;
      realDocuments.push({ label, freq: freq as Readonly<Record<string, unknown>> });
      labelLimit = Math.max(labelLimit, label + 1);
    }
    const lengths = new Int32Array(termCount);
    for (const { label, freq } of realDocuments) {
      for (const [term, weight] of Object.entries(freq)) {
        const number = Number(term);
        if (!(number >= 0 && number < termCount) || !Number.isInteger(number)) throw new TypeError(`document ${label} names unknown term number ${term}`);
        if (typeof weight !== 'number' || !Number.isFinite(weight)) throw new TypeError(`document ${label} has a weight that is not a number`);
        lengths[number] = (lengths[number] as number) + 1;
      }
    }
    const labels = Array.from(lengths, (length) => new Int32Array(length));
    const weights = Array.from(lengths, (length) => new Float64Array(length));
    const filled = new Int32Array(termCount);
    for (const { label, freq } of realDocuments) {
      for (const [term, weight] of Object.entries(freq)) {
        const number = Number(term);
        const slot = filled[number] as number;
        (labels[number] as Int32Array)[slot] = label;
        (weights[number] as Float64Array)[slot] = weight as number;
        filled[number] = slot + 1;
      }
    }
    return new Bm25Postings(termNumbers, labels, weights, labelLimit);
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
      const labels = this.labels[number] as Int32Array;
      const weights = this.weights[number] as Float64Array;
      for (let slot = 0; slot < labels.length; slot += 1) {
        const label = labels[slot] as number;
        if (this.touched[label] === 0) {
          this.touched[label] = 1;
          this.scores[label] = (weights[slot] as number) + 0;
          scored.push(label);
        } else this.scores[label] = (weights[slot] as number) + (this.scores[label] as number);
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
