/**
 * The parse report of one file: what the segmentation saw (masthead, issue, contents list), which of the
 * file's structures it relied on, which lines it left out and why, and what looks doubtful.
 */
import type { IssueInfo } from '../../core';
import { SEGMENTATION_POLICY } from './policy';

/** A structure of the file that decided where items start. */
export type SegmentationEvidence = 'source lines' | 'contents list' | 'title markers' | 'blank-line items' | 'short title lines';

/** Why a line is not part of any item. */
export type DropReason =
  | 'masthead'
  | 'contents entry'
  | 'section heading'
  | 'caption'
  | 'page furniture'
  | "editor's introduction"
  | 'empty item'
  /** A link line (`原文链接：https://…`) before any item: no item to give the link to. */
  | 'link line';

/** A line (or paragraph, by its first line) left out of every item. */
export interface DroppedLine {
  /** 1-based line number in the file's text. */
  readonly lineNumber: number;
  readonly text: string;
  readonly reason: DropReason;
}

/** Something the segmentation did that may be wrong. */
export interface ParseWarning {
  /**
   * `long-item`: an item much longer than the file's others (two items merged?); `title-in-body`: a line
   * shaped like a title inside an item's body; `missing-contents-title`: a contents entry never found as an item.
   */
  readonly kind: 'long-item' | 'title-in-body' | 'missing-contents-title';
  readonly message: string;
  readonly lineNumber?: number;
  readonly articleId?: string;
}

/** Diagnostics of one parse (`npm run articles -- --report`). */
export interface ParseReport {
  /** Masthead lines, as printed (cleaned). */
  readonly masthead: readonly string[];
  readonly issue: IssueInfo;
  /** Contents-list entries (a wrapped entry joined), in printed order; empty when the file has none. */
  readonly contents: readonly string[];
  /** Which structures decided where items start, strongest first. */
  readonly evidence: readonly SegmentationEvidence[];
  /**
   * Lines left out of every item, in file order: at most {@link SEGMENTATION_POLICY.maxReportedLines}, each
   * text cut at {@link SEGMENTATION_POLICY.maxReportedLineChars} code points (with `…`).
   */
  readonly dropped: readonly DroppedLine[];
  /** How many dropped lines there were in all (more than `dropped` holds when the list was cut). */
  readonly droppedCount: number;
  readonly warnings: readonly ParseWarning[];
}

/** Median of `values` (0 for none). */
function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((left, right) => left - right);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/**
 * Warnings for items whose body is over {@link SEGMENTATION_POLICY.longItemRatio} times the file's median
 * body length (in files of at least {@link SEGMENTATION_POLICY.minItemsForLengthWarning} items).
 */
export function longItemWarnings(items: readonly { id: string; lineNumber: number; length: number }[]): ParseWarning[] {
  if (items.length < SEGMENTATION_POLICY.minItemsForLengthWarning) return [];
  const middle = median(items.map((item) => item.length));
  if (middle === 0) return [];
  return items
    .filter((item) => item.length > SEGMENTATION_POLICY.longItemRatio * middle)
    .map((item) => ({
      kind: 'long-item' as const,
      message: `item is ${(item.length / middle).toFixed(1)} times the file's median item length (${Math.round(middle)} characters): two items merged?`,
      lineNumber: item.lineNumber,
      articleId: item.id,
    }));
}

/** `dropped` in file order, cut to the policy's number of lines and line length (see {@link ParseReport.dropped}). */
export function reportedDropped(dropped: readonly DroppedLine[]): DroppedLine[] {
  return [...dropped]
    .sort((left, right) => left.lineNumber - right.lineNumber)
    .slice(0, SEGMENTATION_POLICY.maxReportedLines)
    .map((line) => {
      if (line.text.length <= SEGMENTATION_POLICY.maxReportedLineChars) return line;
      const points = [...line.text.slice(0, 2 * SEGMENTATION_POLICY.maxReportedLineChars)];
      return points.length <= SEGMENTATION_POLICY.maxReportedLineChars ? line : { ...line, text: `${points.slice(0, SEGMENTATION_POLICY.maxReportedLineChars).join('')}…` };
    });
}
