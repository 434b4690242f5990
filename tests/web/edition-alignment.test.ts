/**
 * The side-by-side rows of a source page: trusted beads of the paragraph alignment become rows of their
 * own, untrusted runs are merged, and every paragraph of both editions appears exactly once, in order.
 */
import { describe, expect, it } from 'vitest';
import { alignEditions } from '../../src/web/edition-alignment';
import { pairedEditions, openSeedAssistant } from '../app/support/seed-assistant';
import { bodyParagraphs } from '../../src/web/page-models';

function covered(rows: ReturnType<typeof alignEditions>): { left: number[]; right: number[] } {
  return { left: rows.flatMap((row) => [...row.left]), right: rows.flatMap((row) => [...row.right]) };
}

describe('alignEditions', () => {
  it('aligns the seed pairs paragraph by paragraph, covering both editions in order', async () => {
    const seed = await openSeedAssistant();
    try {
      let alignedRows = 0;
      for (let position = 1; position <= 11; position += 1) {
        const { zh, en } = pairedEditions(seed.runtime.index.articles, position);
        const left = bodyParagraphs(en);
        const right = bodyParagraphs(zh);
        const rows = alignEditions(left, right, { left: 'en', right: 'zh' });
        expect(covered(rows)).toEqual({ left: left.map((_, index) => index), right: right.map((_, index) => index) });
        alignedRows += rows.filter((row) => row.aligned).length;
      }
      // 11 pairs with 1–5 paragraphs each: most rows are trusted beads.
      expect(alignedRows).toBeGreaterThan(20);
    } finally {
      await seed.temp.remove();
    }
  }, 60_000);

  it('merges what it cannot align into one unaligned row instead of guessing', () => {
    const left = ['The laboratory opened in 2020 with 300 researchers.', 'It studies quantum sensing.', 'Funding comes from the CAS.'];
    const right = ['该实验室于2020年启用，拥有300名研究人员，研究量子传感，经费来自中国科学院，并与多所大学合作开展联合培养项目。'];
    const rows = alignEditions(left, right, { left: 'en', right: 'zh' });
    expect(covered(rows)).toEqual({ left: [0, 1, 2], right: [0] });
    expect(rows).toHaveLength(1);
  });

  it('shows editions too long to align as one unaligned row', () => {
    const left = Array.from({ length: 600 }, (_, index) => `Paragraph ${index} of a very long report.`);
    const right = Array.from({ length: 600 }, (_, index) => `第${index}段。`);
    const rows = alignEditions(left, right, { left: 'en', right: 'zh' });
    expect(rows).toEqual([{ left: left.map((_, index) => index), right: right.map((_, index) => index), aligned: false }]);
  });
});
