/**
 * Chinese word segmentation: the one place that cuts Han text into words. BM25 indexing and querying
 * (`./tokenize.ts`), question terms and coverage (`./question-terms.ts`, `./coverage.ts`) and glossary
 * word boundaries (`./glossary/glossary.ts`) all read words from here, so what counts as a Chinese word is
 * the same wherever a refusal or a ranking depends on it.
 *
 * It is ICU's dictionary-based word break iterator, through `Intl.Segmenter('zh', { granularity: 'word' })`:
 * built into Node (no dependency, no dictionary to ship), deterministic for a given Node/ICU version, and
 * good enough for the bigram-backed matching built on it (ICU splits unknown names into single characters,
 * `休|斯|敦`, which the callers repair). One instance is shared: a segmenter is stateless between calls.
 */

const chineseWordSegmenter = new Intl.Segmenter('zh', { granularity: 'word' });

/** One word (or punctuation/space run) of a Chinese text, as ICU's word break iterator returns it. */
export interface WordSegment {
  /** The segment's text. */
  readonly segment: string;
  /** 0-based UTF-16 offset of the segment in the segmented text. */
  readonly index: number;
  /** True for words (letters, ideographs, digits); false for punctuation and spaces. */
  readonly isWordLike: boolean;
}

/**
 * The word segments of `text` (any text; meant for runs of Han characters), in order; their texts
 * concatenated give `text` back.
 */
export function segmentChineseWords(text: string): WordSegment[] {
  const segments: WordSegment[] = [];
  for (const { segment, index, isWordLike } of chineseWordSegmenter.segment(text)) {
    segments.push({ segment, index, isWordLike: isWordLike === true });
  }
  return segments;
}
