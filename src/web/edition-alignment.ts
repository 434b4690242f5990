/**
 * Which paragraphs of an article's two editions stand side by side on its source page.
 */

/** Consecutive paragraphs of the page's article (`left`) and of its other edition (`right`), 0-based. */
export interface EditionRow {
  readonly left: readonly number[];
  readonly right: readonly number[];
}

/**
 * The rows of the side-by-side view, or null when the editions are best shown unaligned (two columns).
 * For now one paragraph per row when both editions have as many paragraphs.
 */
export function alignEditions(left: readonly string[], right: readonly string[]): readonly EditionRow[] | null {
  if (left.length === 0 || left.length !== right.length) return null;
  return left.map((_, index) => ({ left: [index], right: [index] }));
}
