/** Small vector helpers for embedding tests (vectors are plain `number[]`). */

/** Dot product; for unit-length vectors this is the cosine similarity, in [-1, 1], higher = more similar. */
export function dot(left: readonly number[], right: readonly number[]): number {
  if (left.length !== right.length) throw new Error(`length mismatch: ${left.length} vs ${right.length}`);
  let sum = 0;
  for (let index = 0; index < left.length; index += 1) sum += (left[index] ?? 0) * (right[index] ?? 0);
  return sum;
}

/** Euclidean (L2) length. */
export function norm(vector: readonly number[]): number {
  return Math.sqrt(dot(vector, vector));
}

/** Largest absolute component-wise difference. */
export function maxAbsoluteDifference(left: readonly number[], right: readonly number[]): number {
  if (left.length !== right.length) return Number.POSITIVE_INFINITY;
  let largest = 0;
  for (let index = 0; index < left.length; index += 1) {
    largest = Math.max(largest, Math.abs((left[index] ?? 0) - (right[index] ?? 0)));
  }
  return largest;
}
