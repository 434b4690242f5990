/**
 * Partial top-k selection shared by the exact vector store and the BM25 index: the best `k` of n scored
 * positions in O(n log k), without sorting all n. "Best" is the higher score, ties going to the lower
 * position, so results are deterministic whatever the order positions are offered in.
 */
/**
 * The `capacity` best (score, position) pairs offered: a binary min-heap whose root is the worst kept
 * (lowest score, then highest position), replaced when a better pair arrives.
 * @param capacity - k, a positive integer (the caller clamps it to the number of candidates).
 */
export class TopK {
  private readonly scores: Float64Array;
  private readonly positions: Int32Array;
  private size = 0;

  constructor(private readonly capacity: number) {
    this.scores = new Float64Array(capacity);
    this.positions = new Int32Array(capacity);
  }

  /** Keeps the pair if it is among the best `capacity` so far. */
  offer(score: number, position: number): void {
    if (this.size < this.capacity) {
      this.scores[this.size] = score;
      this.positions[this.size] = position;
      this.size += 1;
      this.siftUp(this.size - 1);
    } else if (this.worse(0, score, position)) {
      this.scores[0] = score;
      this.positions[0] = position;
      this.siftDown(0);
    }
  }

  /** The kept pairs, best first (highest score, ties by lower position). */
  sorted(): { score: number; position: number }[] {
    const kept: { score: number; position: number }[] = [];
    for (let slot = 0; slot < this.size; slot += 1) kept.push({ score: this.scores[slot] as number, position: this.positions[slot] as number });
    return kept.sort((left, right) => right.score - left.score || left.position - right.position);
  }

  /** Whether the pair in `slot` ranks below (score, position). */
  private worse(slot: number, score: number, position: number): boolean {
    const kept = this.scores[slot] as number;
    return kept < score || (kept === score && (this.positions[slot] as number) > position);
  }

  private swap(left: number, right: number): void {
    const score = this.scores[left] as number;
    const position = this.positions[left] as number;
    this.scores[left] = this.scores[right] as number;
    this.positions[left] = this.positions[right] as number;
    this.scores[right] = score;
    this.positions[right] = position;
  }

  private siftUp(start: number): void {
    let slot = start;
    while (slot > 0) {
      const parent = (slot - 1) >> 1;
      if (!this.worse(slot, this.scores[parent] as number, this.positions[parent] as number)) return;
      this.swap(slot, parent);
      slot = parent;
    }
  }

  private siftDown(start: number): void {
    let slot = start;
    for (;;) {
      const left = 2 * slot + 1;
      const right = left + 1;
      let worst = slot;
      if (left < this.size && this.worse(left, this.scores[worst] as number, this.positions[worst] as number)) worst = left;
      if (right < this.size && this.worse(right, this.scores[worst] as number, this.positions[worst] as number)) worst = right;
      if (worst === slot) return;
      this.swap(slot, worst);
      slot = worst;
    }
  }
}
