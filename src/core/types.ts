/**
 * Domain types shared by every pipeline stage (build path: ingest → chunk → embed → vector-index;
 * answer path: slack/cli → answer → retrieve → vector-index → embed).
 */

/** The two editions of the newsletter. */
export type Language = 'zh' | 'en';

/** Where an article's `date` came from: its source line (`source`), its own text (`text`) or the issue's masthead (`issue`). */
export type DateSource = 'source' | 'text' | 'issue';

/** The newsletter issue an article belongs to, as far as its file states it. */
export interface IssueInfo {
  /** Issue number as printed, e.g. `"23"` or `"2021-1"`; null when the file does not state one. */
  readonly number: string | null;
  /** Issue date, ISO `YYYY-MM-DD` (or `YYYY-MM`/`YYYY` when only that is printed); null when not stated. */
  readonly date: string | null;
  /** Human-readable label, e.g. `"No. 23, 2016-12-15"` or `"2021 第1期 (总第824期)"`; null when unknown. */
  readonly label: string | null;
}

/** One newsletter item: the unit that answers cite. */
export interface Article {
  /** Stable id: `<file stem>#<position>`, e.g. `000_fbe4f82aa1b47969#3`. */
  readonly id: string;
  /** Path from the repository root, e.g. `seeds/004_cefe45b9264134e7.txt`. */
  readonly file: string;
  /** 1-based position of the article within its file. */
  readonly position: number;
  readonly title: string;
  /** Subtitle printed under the title, if any. */
  readonly subtitle: string | null;
  /** Body text, paragraphs separated by `\n\n`; source line, captions and page furniture removed. */
  readonly body: string;
  /** Source outlet as printed (e.g. `科技日报`, `Science and Technology Daily`); null when not stated. */
  readonly source: string | null;
  /** ISO `YYYY-MM-DD`; null when neither the source line, the body nor the issue states a full date. */
  readonly date: string | null;
  readonly dateSource: DateSource | null;
  readonly issue: IssueInfo;
  /** Section heading the article sits under (e.g. `中美合作`), or null. */
  readonly section: string | null;
  readonly lang: Language;
  /** Id of the same article in the other language's edition, when both are present. */
  readonly pairId: string | null;
  /**
   * The item's own link as published: a URL printed in its source line or in a link line closing it
   * (`原文链接：https://…`), else its file's canonical URL (HTML `<link rel="canonical">` or `og:url`), else
   * null. Always an absolute `http:`/`https:` address, normalised by the WHATWG URL parser.
   */
  readonly link: string | null;
}

/** A piece of one article's text; chunks never cross an article boundary. */
export interface Chunk {
  /** `<articleId>:<index>`. */
  readonly id: string;
  readonly articleId: string;
  /** 0-based position within the article. */
  readonly index: number;
  /** The chunk's own body text (without the title). */
  readonly text: string;
  /** Article metadata travelling with the chunk. */
  readonly title: string;
  readonly lang: Language;
  readonly date: string | null;
  readonly source: string | null;
  readonly file: string;
}

/** A file that could not be read or parsed; the rest of the seeds are still indexed. */
export interface SkippedFile {
  readonly file: string;
  readonly reason: string;
}
