/**
 * Which paragraphs of an article's two editions stand side by side on its source page: the paragraph
 * alignment of `src/language/` (Gale & Church lengths with number and name anchors), shown where it is
 * trusted. Consecutive beads it does not trust are merged into one row, so the page stays in reading
 * order on both sides and never claims a correspondence it is unsure of: "aligned where they can be".
 */
import { InputError, type Language } from '../core';
import { alignParagraphs, isTrustedBead } from '../language';

/** Consecutive paragraphs of the page's article (`left`) and of its other edition (`right`), 0-based. */
export interface EditionRow {
  readonly left: readonly number[];
  readonly right: readonly number[];
  /** True when the row is one trusted bead (its paragraphs translate each other); false for a merged, unaligned run. */
  readonly aligned: boolean;
}

/**
 * The rows of the side-by-side view: every paragraph of both editions exactly once, in order. One row
 * holding everything (unaligned) when nothing can be aligned, including editions too long to align
 * (`PARAGRAPH_ALIGNMENT_POLICY.maxCells`).
 */
export function alignEditions(left: readonly string[], right: readonly string[], languages: { readonly left: Language; readonly right: Language }): readonly EditionRow[] {
  const everything: EditionRow = { left: left.map((_, index) => index), right: right.map((_, index) => index), aligned: false };
  let beads;
  try {
    beads = alignParagraphs(left, right, { leftLanguage: languages.left, rightLanguage: languages.right });
  } catch (error) {
    if (error instanceof InputError) return [everything];
    throw error;
  }
  const rows: EditionRow[] = [];
  let pending: { left: number[]; right: number[] } | null = null;
  const flush = (): void => {
    if (pending !== null) rows.push({ ...pending, aligned: false });
    pending = null;
  };
  for (const bead of beads) {
    if (isTrustedBead(bead) && bead.left.length > 0 && bead.right.length > 0) {
      flush();
      rows.push({ left: bead.left, right: bead.right, aligned: true });
    } else {
      pending ??= { left: [], right: [] };
      pending.left.push(...bead.left);
      pending.right.push(...bead.right);
    }
  }
  flush();
  return rows.length === 0 ? [everything] : rows;
}
