/**
 * The archive as the source pages see it: the current index's articles by id, by issue (newsletter file)
 * and newest first. Built once per index (an index swap brings a new articles array) and kept while that
 * index serves.
 */
import { issueKeyOf } from '../answer';
import type { AnswerResult } from '../answer';
import type { Article, Language } from '../core';
import type { RetrievedArticle } from '../retrieve';

/** What the pages need from the running assistant; every call reads its current index. */
export interface SourceArchive {
  /** The current index's articles. */
  articles(): readonly Article[];
  /** Hybrid search over the current index, best first, at most `k` articles. */
  search(query: string, k: number): Promise<readonly RetrievedArticle[]>;
  /**
   * Answers a question as the chat surfaces do.
   * @throws {QuestionTooLongError | InputError} for a question too long or empty.
   */
  ask(question: string): Promise<AnswerResult>;
}

/** One issue: the articles of one newsletter file, in printed order. */
export interface ArchiveIssue {
  /** The file stem, e.g. `004_cefe45b9264134e7` (what article ids start with). */
  readonly key: string;
  readonly file: string;
  readonly lang: Language;
  /** The issue label as printed (`No. 23, 2016-12-15`), null when the file states none. */
  readonly label: string | null;
  /** ISO date of the issue or, failing that, of its newest dated article; null when nothing is dated. */
  readonly date: string | null;
  readonly articles: readonly Article[];
}

/** Lookups over one index's articles. */
export class ArchiveCatalog {
  private readonly byId = new Map<string, Article>();
  private readonly byIssue = new Map<string, ArchiveIssue>();
  /** Issues newest first (undated last, then by key). */
  readonly issues: readonly ArchiveIssue[];
  /** Articles newest first (undated last). */
  readonly newest: readonly Article[];

  constructor(articles: readonly Article[]) {
    const grouped = new Map<string, Article[]>();
    for (const article of articles) {
      this.byId.set(article.id, article);
      const key = issueKeyOf(article.id);
      grouped.set(key, [...(grouped.get(key) ?? []), article]);
    }
    for (const [key, members] of grouped) {
      const ordered = [...members].sort((left, right) => left.position - right.position);
      const first = ordered[0] as Article;
      const dates = ordered.map((article) => article.date).filter((date): date is string => date !== null).sort();
      this.byIssue.set(key, {
        key,
        file: first.file,
        lang: first.lang,
        label: first.issue.label,
        date: first.issue.date ?? dates[dates.length - 1] ?? null,
        articles: ordered,
      });
    }
    this.issues = [...this.byIssue.values()].sort((left, right) => compareNewestFirst(left.date, right.date) || left.key.localeCompare(right.key));
    this.newest = [...articles].sort((left, right) => compareNewestFirst(left.date, right.date) || left.id.localeCompare(right.id));
  }

  article(id: string): Article | undefined {
    return this.byId.get(id);
  }

  issue(key: string): ArchiveIssue | undefined {
    return this.byIssue.get(key);
  }

  /** The issue `article` belongs to. */
  issueOf(article: Article): ArchiveIssue | undefined {
    return this.byIssue.get(issueKeyOf(article.id));
  }

  /**
   * The other-language issues whose items pair with `issue`'s, most shared pairs first: the same issue in
   * the other edition.
   */
  otherEditions(issue: ArchiveIssue): readonly ArchiveIssue[] {
    const counts = new Map<string, number>();
    for (const article of issue.articles) {
      if (article.pairId === null) continue;
      const key = issueKeyOf(article.pairId);
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    return [...counts.entries()]
      .sort((left, right) => right[1] - left[1] || left[0].localeCompare(right[0]))
      .map(([key]) => this.byIssue.get(key))
      .filter((other): other is ArchiveIssue => other !== undefined);
  }
}

/** Newest first; null (undated) after every date. */
function compareNewestFirst(left: string | null, right: string | null): number {
  if (left === right) return 0;
  if (left === null) return 1;
  if (right === null) return -1;
  return right.localeCompare(left);
}

const catalogs = new WeakMap<readonly Article[], ArchiveCatalog>();

/** The catalog of `articles`, built on first use and kept as long as that array (that index) lives. */
export function catalogOf(articles: readonly Article[]): ArchiveCatalog {
  let catalog = catalogs.get(articles);
  if (catalog === undefined) {
    catalog = new ArchiveCatalog(articles);
    catalogs.set(articles, catalog);
  }
  return catalog;
}
