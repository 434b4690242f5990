/**
 * The masthead: the lines at a file's top that name the newsletter and state its issue (`中国科技通讯`,
 * `2018年第7期（2018年11月30日）`, `The Ministry of Science and Technology`, `N0.299 June 30,2002`). They run
 * from the file's first line to the last front-matter line that states an issue number or date.
 */
import type { Language } from '../../core';
import { parseIssueFacts } from '../../language';
import type { Paragraph } from '../paragraphs';

const ISSUE_OPENING = /^[\W_]*(?:No\b|N0\b|Number\b|Issue\b|Vol(?:ume)?\b|总\s*第|\d{4}\s*年?\s*第|第\s*\d+\s*期)/iu;

/** Masthead lines looked at, at most: the seeds' longest masthead is 5 lines, the archive's 3. */
export const MAX_MASTHEAD_PARAGRAPHS = 8;

/**
 * How many of `front` (the paragraphs before the first body paragraph) form the masthead: up to and
 * including the last of the first {@link MAX_MASTHEAD_PARAGRAPHS} that states an issue number or date, and
 * before any marked title (a level-1 Markdown heading is the newsletter's name); 0 when none states one.
 */
export function mastheadLength(front: readonly Paragraph[], lang: Language): number {
  let length = 0;
  for (const [index, paragraph] of front.slice(0, MAX_MASTHEAD_PARAGRAPHS).entries()) {
    const marker = paragraph.marker;
    const titleMarked = marker.kind === 'diamond' || marker.kind === 'numbered' || marker.kind === 'bookmark' || marker.kind === 'listed';
    if (paragraph.sourceLine !== null || titleMarked || (marker.kind === 'markdown-heading' && marker.level > 1)) break;
    const facts = parseIssueFacts([paragraph.text], lang);
    // A number counts where the line opens with it (`No. 23`, `总第123期`), not inside a title (`Item Number 1 …`).
    if (facts.date !== null || (facts.number !== null && ISSUE_OPENING.test(paragraph.text))) length = index + 1;
  }
  return length;
}
