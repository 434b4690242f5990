/**
 * The answer stage's public shapes: what the CLI prints (`ask --json`) and what the Slack layer renders.
 */
import type { Article, Language } from '../core';

/** The other-language edition of a cited article. */
export interface PairedEdition {
  readonly articleId: string;
  readonly title: string;
  readonly lang: Language;
  readonly file: string;
  /** Its source page (`PUBLIC_BASE_URL/sources/…`); absent or null when no public base URL is set. */
  readonly url?: string | null;
}

/** One numbered source of an answer; `n` matches the `[n]` markers in the answer text. */
export interface Citation {
  /** 1-based marker number. */
  readonly n: number;
  readonly articleId: string;
  readonly title: string;
  /** Source outlet, null when the newsletter states none. */
  readonly source: string | null;
  /** ISO `YYYY-MM-DD`, null when unknown. */
  readonly date: string | null;
  /** Newsletter issue label, e.g. `No. 23 (2016-12-15)`; null when the file states no issue. */
  readonly issue: string | null;
  readonly lang: Language;
  /** Path from the repository root, e.g. `seeds/004_cefe45b9264134e7.txt`. */
  readonly file: string;
  /** The cited passage, verbatim from the article. */
  readonly quote: string;
  /** The same article in the other language, when both editions exist. */
  readonly pair: PairedEdition | null;
  /**
   * Its source page with the quote highlighted (`PUBLIC_BASE_URL/sources/<id>?hl=…#hl`, see
   * `answer/source-links.ts`); absent or null when no public base URL is set.
   */
  readonly url?: string | null;
  /** The item's own link as published (a URL in its source line, its HTML file's canonical URL); null when none. */
  readonly link?: string | null;
}

/** How the answer was produced. */
export type AnswerMode = 'extractive' | 'llm';

/** What was asked for: an answer to a question, or a summary of an article, an issue or a period/topic. */
export type AnswerKind = 'answer' | 'summary';

/** A dated newsletter item named without being cited: the nearest items when the question is not answered. */
export interface RelatedItem {
  readonly articleId: string;
  readonly title: string;
  readonly source: string | null;
  /** ISO `YYYY-MM-DD`, null when unknown. */
  readonly date: string | null;
  readonly issue: string | null;
  readonly lang: Language;
  readonly file: string;
  /** Its source page; absent or null when no public base URL is set. */
  readonly url?: string | null;
}

/** An answer with its citations, best source first. */
export interface AnswerResult {
  readonly question: string;
  /** False when the newsletters do not answer the question; then `citations` is empty. */
  readonly found: boolean;
  /**
   * `answered` (= `found`); `partial`: the newsletters cover the question's topic but not the asked fact
   * (the nearest items then include that topic's); `not_found`: nothing close. Absent on results made
   * before outcomes existed (treat as `found ? 'answered' : 'not_found'`).
   */
  readonly outcome?: 'answered' | 'partial' | 'not_found';
  /** Plain text (no markup) with `[n]` citation markers. */
  readonly answer: string;
  /** Language of the answer = the asker's language. */
  readonly lang: Language;
  readonly mode: AnswerMode;
  readonly kind: AnswerKind;
  readonly citations: readonly Citation[];
  /**
   * When `found` is false: the nearest dated items the newsletters do have (at most 3, best first), so the
   * asker can rephrase; empty otherwise. Never cited in `answer`.
   */
  readonly related: readonly RelatedItem[];
}

/** A previous turn of the same conversation (Slack thread or terminal chat). */
export interface ConversationTurn {
  readonly question: string;
  readonly answer: AnswerResult;
}

/** What the assistant is doing, for a "thinking" status in chat surfaces. */
export type AnswerStage = 'rewriting' | 'searching' | 'reading' | 'writing';

export interface AskOptions {
  /** Earlier turns of the thread, oldest first; used to keep a follow-up on topic. */
  readonly history?: readonly ConversationTurn[];
  /**
   * Receives the answer text as it is produced, as successive deltas whose concatenation is the final
   * `answer`. Generated answers arrive sentence by sentence, each already citation-checked; extractive
   * answers arrive in one delta. Optional; a throwing callback does not stop the answer.
   */
  readonly onDelta?: (delta: string) => void;
  /** Receives each stage as it starts. Optional. */
  readonly onStage?: (stage: AnswerStage) => void;
  /** Aborts the work (e.g. at shutdown); `ask` then rejects with the signal's reason. */
  readonly signal?: AbortSignal;
}

/** The domain entry point that the Slack layer and the CLI call. */
export interface Assistant {
  /**
   * Answers `question` from the newsletters.
   * @throws {QuestionTooLongError} before any analysis when the question is longer than the configured
   *         maximum (`MAX_QUESTION_CHARS`, in Unicode code points).
   * @throws {InputError} when the question is empty.
   */
  ask(question: string, options?: AskOptions): Promise<AnswerResult>;

  /** An article of the index by id (e.g. to show the original passage of a citation); undefined when unknown. */
  article(articleId: string): Article | undefined;
}
