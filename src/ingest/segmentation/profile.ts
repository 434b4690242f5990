/**
 * What one file's body paragraphs look like, learned from the file: the length a line must stay under to
 * be taken as a title where only its shape and the blank lines around it say so. A file of short body
 * paragraphs takes only much shorter lines as titles; a file of long ones admits titles up to the policy's
 * maximum.
 */
import type { Language } from '../../core';
import type { Paragraph } from '../paragraphs';
import { SEGMENTATION_POLICY } from './policy';
import { codePointsUpTo } from './title-shape';

/** A file's layout profile. */
export interface FileProfile {
  /** Median length (code points, counted up to 4 × the longest title) of the paragraphs that are not title-sized lines. */
  readonly bodyMedianChars: number;
  /** Longest line (code points) taken as a title on its shape alone in this file. */
  readonly titleLimitChars: number;
}

/**
 * Learns the profile of a file from its paragraphs (linear; each paragraph's length counted up to a bound).
 * @param paragraphs - the file's paragraphs; `headingLike[i]` whether paragraph i looks like a heading.
 */
export function learnProfile(paragraphs: readonly Paragraph[], headingLike: readonly boolean[], lang: Language): FileProfile {
  const longest = lang === 'zh' ? SEGMENTATION_POLICY.maxChineseTitleChars : SEGMENTATION_POLICY.maxEnglishTitleChars;
  const lengths: number[] = [];
  paragraphs.forEach((paragraph, index) => {
    if (headingLike[index] === true || paragraph.sourceLine !== null) return;
    lengths.push(codePointsUpTo(paragraph.text, 4 * longest));
  });
  lengths.sort((left, right) => left - right);
  const median = lengths.length === 0 ? 0 : (lengths[Math.floor(lengths.length / 2)] ?? 0);
  const limit = median === 0 ? longest : Math.min(longest, Math.max(SEGMENTATION_POLICY.minTitleLimitChars, Math.floor(median * SEGMENTATION_POLICY.titleToBodyMedianRatio)));
  return { bodyMedianChars: median, titleLimitChars: limit };
}
