/**
 * A read-only set of strings held as sorted 53-bit hashes in one `Float64Array`: 8 bytes per member instead of
 * a `Set<string>`'s ≈ 70 (V8: the string's own header and characters plus the hash table's slots). Coverage
 * texts (`./coverage.ts`) hold about a thousand stems, bigrams and trigrams per article; as `Set`s they took
 * ≈ 98 KiB of heap per article at 100× the seeds, as hashes ≈ 20 KiB (`npm run bench:scale`, docs/scale.md).
 *
 * Membership is exact for members and almost exact for others: a non-member is reported present only when its
 * hash equals a member's. With n members and uniformly spread 53-bit hashes that happens with probability at
 * most n / 2^53 per lookup — about 1.2 × 10⁻¹³ for a thousand members, i.e. never in practice.
 *
 * The hash is cyrb53 (bryc, public domain: https://github.com/bryc/code/blob/master/jshash/experimental/cyrb53.js),
 * two 32-bit multiply–xorshift lanes over the UTF-16 code units combined into 53 bits (a double's exact range).
 */

/** 53-bit hash of `text` (cyrb53 with seed 0), an integer in [0, 2^53). */
export function hash53(text: string): number {
  let first = 0xdeadbeef;
  let second = 0x41c6ce57;
  for (let index = 0; index < text.length; index += 1) {
    const unit = text.charCodeAt(index);
    first = Math.imul(first ^ unit, 2654435761);
    second = Math.imul(second ^ unit, 1597334677);
  }
  first = Math.imul(first ^ (first >>> 16), 2246822507);
  first ^= Math.imul(second ^ (second >>> 13), 3266489909);
  second = Math.imul(second ^ (second >>> 16), 2246822507);
  second ^= Math.imul(first ^ (first >>> 13), 3266489909);
  return 4294967296 * (2097151 & second) + (first >>> 0);
}

/** The read-only part of a `Set<string>` that membership checks need. */
export interface StringMembership {
  /** Number of distinct members. */
  readonly size: number;
  has(value: string): boolean;
}

/** A compact, read-only set of strings (see the file's header for the trade-off). */
export class HashedStringSet implements StringMembership {
  readonly #hashes: Float64Array;

  private constructor(hashes: Float64Array) {
    this.#hashes = hashes;
  }

  /** The set of `values` (duplicates counted once). */
  static of(values: Iterable<string>): HashedStringSet {
    const hashes = Float64Array.from(values, hash53).sort();
    let distinct = 0;
    for (let index = 0; index < hashes.length; index += 1) {
      const value = hashes[index] as number;
      if (distinct === 0 || hashes[distinct - 1] !== value) hashes[distinct++] = value;
    }
    return new HashedStringSet(distinct === hashes.length ? hashes : hashes.slice(0, distinct));
  }

  /** Number of distinct hashes (the number of distinct members, unless two members share a hash). */
  get size(): number {
    return this.#hashes.length;
  }

  /** Whether `value` is a member (binary search of its hash; see the header for the false-positive bound). */
  has(value: string): boolean {
    const wanted = hash53(value);
    const hashes = this.#hashes;
    let low = 0;
    let high = hashes.length - 1;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      const found = hashes[middle] as number;
      if (found === wanted) return true;
      if (found < wanted) low = middle + 1;
      else high = middle - 1;
    }
    return false;
  }
}
