/**
 * Every number the segmentation of a newsletter into items uses, in one place. Each field says where its
 * value comes from: the seeds (5 files, 45 items), the older English archive's layout (contents list, no
 * source lines, wrapped titles) and the held-out news-corpus layout described in the task brief.
 */
export const SEGMENTATION_POLICY = Object.freeze({
  /**
   * Longest Chinese title, in code points. Seeds' titles run 9–38 characters; news-corpus headlines with a
   * quotation or a Latin name reach about 50; 60 leaves room without admitting body paragraphs (median
   * about 150 characters in the seeds).
   */
  maxChineseTitleChars: 60,
  /** Longest English title, in words: the seeds' longest is 13 words; news headlines stay under 25. */
  maxEnglishTitleWords: 25,
  /** Longest English title, in code points (25 words of about 6 characters, with room to spare). */
  maxEnglishTitleChars: 160,
  /**
   * A title standing alone between blank lines opens an item only when the paragraph after it is at least
   * this many times as long (the seeds' shortest first paragraph is over 3 times its title's length).
   */
  bodyToTitleRatio: 2,
  /** Lines at the start of a file searched for a contents list (the seeds' longest front matter is 40 lines). */
  maxFrontMatterLines: 200,
  /** Entries a contents list needs, found again later as titles, to count as one (a single match is a coincidence). */
  minContentsEntries: 2,
  /** Normalised characters (letters and digits) a contents entry needs: shorter keys (`图1`) match by chance. */
  minContentsKeyLength: 4,
  /** Source lines a file needs for source lines to be taken as what closes each item (one may be a quotation). */
  minSourceLines: 2,
  /**
   * An item whose body is this many times the file's median item length is reported as possibly two items
   * merged (the seeds' longest item is 3.1 times their files' medians).
   */
  longItemRatio: 4,
  /** Items a file needs before {@link longItemRatio} is applied (a median of two says little). */
  minItemsForLengthWarning: 4,
  /**
   * Code points a title-like line inside a body needs to be reported (`title-in-body`): the seeds' tables
   * print 2–6 character cells (`大飞机`, `新药创制`) between body lines; their shortest title has 9.
   */
  minReportedTitleChars: 8,
  /** Lines of hard-wrapped English: at most this wide at the 90th percentile (PDF text runs 60–100 characters). */
  maxWrappedEnglishWidth: 110,
  /** Share of English lines that must end mid-sentence near that width for a file to count as hard-wrapped. */
  minWrappedEnglishShare: 0.3,
  /** Non-empty lines a file needs before its line widths say anything about wrapping. */
  minLinesForWrapping: 10,
});

/** The type of {@link SEGMENTATION_POLICY}. */
export type SegmentationPolicy = typeof SEGMENTATION_POLICY;
