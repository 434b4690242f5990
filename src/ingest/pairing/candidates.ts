/**
 * Which files and articles are compared: the Chinese × English file pairs that may be two editions of one
 * issue ({@link relateFiles}, found through a date window rather than by testing every pair), and the
 * article pairs of those files, with a number per article and per article pair for compact keys.
 */
import type { Article } from '../../core';
import type { ParsedNewsletter } from '../parse-newsletter';
import { dayNumber, type ArticleFeatures } from './features';
import { DATE_TOLERANCE_DAYS } from './scoring';
import type { FileRelation } from './types';

/**
 * First and last source day (days since 1970-01-01) of the file's articles; the issue date's day when no
 * article states a date; null when the file is undated.
 */
function dateRange(newsletter: ParsedNewsletter): readonly [number, number] | null {
  const days = newsletter.articles.map((article) => (article.date === null ? null : dayNumber(article.date))).filter((day): day is number => day !== null);
  if (days.length === 0 && newsletter.issue.date !== null) {
    const issueDay = dayNumber(newsletter.issue.date);
    if (issueDay !== null) days.push(issueDay);
  }
  if (days.length === 0) return null;
  return [Math.min(...days), Math.max(...days)];
}

/** What {@link relateFilesWith} needs of a file, computed once per file. */
interface FileFacts {
  readonly newsletter: ParsedNewsletter;
  /** The file's article date range (days since 1970-01-01), see {@link dateRange}; null when undated. */
  readonly range: readonly [number, number] | null;
  /** The stated issue date (days since 1970-01-01), or null. */
  readonly issueDay: number | null;
}

function factsOf(newsletter: ParsedNewsletter): FileFacts {
  return { newsletter, range: dateRange(newsletter), issueDay: newsletter.issue.date === null ? null : dayNumber(newsletter.issue.date) };
}

/**
 * Whether two files may hold editions of the same articles, and how surely: the same issue number (unless
 * both state issue dates more than 31 days apart), else
 * overlapping date ranges (padded by {@link DATE_TOLERANCE_DAYS}), else `undated` when either states no date.
 * @returns null when they cannot (different dates, or different issue numbers and different dates).
 */
export function relateFiles(chinese: ParsedNewsletter, english: ParsedNewsletter): FileRelation | null {
  return relateFilesWith(factsOf(chinese), factsOf(english));
}

function relateFilesWith(chineseFacts: FileFacts, englishFacts: FileFacts): FileRelation | null {
  const chinese = chineseFacts.newsletter;
  const english = englishFacts.newsletter;
  const left = chineseFacts.range;
  const right = englishFacts.range;
  const base = { chineseFile: chinese.file, englishFile: english.file };
  const chineseIssueDay = chineseFacts.issueDay;
  const englishIssueDay = englishFacts.issueDay;
  // The same number in different years (e.g. `第1期` of 2021 and `No. 1` of 2016) is not the same issue.
  const issueDatesDiffer = chineseIssueDay !== null && englishIssueDay !== null && Math.abs(chineseIssueDay - englishIssueDay) > 31;
  if (chinese.issue.number !== null && chinese.issue.number === english.issue.number && !issueDatesDiffer) {
    return { ...base, kind: 'same-issue', strength: 1 };
  }
  if (left === null || right === null) return { ...base, kind: 'undated', strength: 0 };
  const start = Math.max(left[0], right[0]) - DATE_TOLERANCE_DAYS;
  const end = Math.min(left[1], right[1]) + DATE_TOLERANCE_DAYS;
  if (end < start) return null;
  const shorter = Math.min(left[1] - left[0], right[1] - right[0]) + 2 * DATE_TOLERANCE_DAYS;
  return { ...base, kind: 'overlapping-dates', strength: Math.min(1, (end - start) / Math.max(1, shorter)) };
}

/** Two files that may be two editions of one issue, and how surely. */
export interface RelatedFiles {
  readonly chineseFile: ParsedNewsletter;
  readonly englishFile: ParsedNewsletter;
  readonly relation: FileRelation;
}

/** Index of the first element of ascending `values` that is ≥ `target` (`values.length` when none). */
function lowerBound(values: readonly number[], target: number): number {
  let low = 0;
  let high = values.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((values[middle] ?? 0) < target) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * Every Chinese × English file pair that {@link relateFiles} does not rule out, Chinese files in input order
 * and each one's English files in input order. Only English files that can relate are tested: the same issue
 * number, undated, or dated within reach (their first dates sorted, so that a window of
 * ±({@link DATE_TOLERANCE_DAYS} × 2 + the longest English range) days is found by binary search).
 */
export function relatedFiles(newsletters: readonly ParsedNewsletter[]): readonly RelatedFiles[] {
  const factsByFile = new Map<ParsedNewsletter, FileFacts>();
  const facts = (newsletter: ParsedNewsletter): FileFacts => {
    let found = factsByFile.get(newsletter);
    if (found === undefined) {
      found = factsOf(newsletter);
      factsByFile.set(newsletter, found);
    }
    return found;
  };
  const englishFiles = newsletters.filter((newsletter) => newsletter.lang === 'en').map(facts);
  // English files (by their index in `englishFiles`) that every Chinese file must be tested against, by issue number, and by date.
  const undated: number[] = [];
  const byIssueNumber = new Map<string, number[]>();
  const dated: { index: number; start: number; end: number }[] = [];
  let longestRange = 0;
  englishFiles.forEach((file, index) => {
    const issueNumber = file.newsletter.issue.number;
    if (issueNumber !== null) {
      const indexes = byIssueNumber.get(issueNumber) ?? [];
      indexes.push(index);
      byIssueNumber.set(issueNumber, indexes);
    }
    if (file.range === null) undated.push(index);
    else {
      dated.push({ index, start: file.range[0], end: file.range[1] });
      longestRange = Math.max(longestRange, file.range[1] - file.range[0]);
    }
  });
  dated.sort((left, right) => left.start - right.start);
  const starts = dated.map((file) => file.start);
  const reach = 2 * DATE_TOLERANCE_DAYS;

  const related: RelatedFiles[] = [];
  for (const chineseFile of newsletters.filter((newsletter) => newsletter.lang === 'zh')) {
    const chinese = facts(chineseFile);
    let tested: Iterable<number>;
    if (chinese.range === null) {
      tested = englishFiles.keys();
    } else {
      const indexes = new Set<number>(undated);
      const issueNumber = chineseFile.issue.number;
      for (const index of issueNumber === null ? [] : (byIssueNumber.get(issueNumber) ?? [])) indexes.add(index);
      // Overlap (padded) needs start ≤ chinese end + reach and end ≥ chinese start − reach; end ≤ start + longestRange.
      const [first, last] = chinese.range;
      for (let position = lowerBound(starts, first - reach - longestRange); position < dated.length; position += 1) {
        const file = dated[position];
        if (file === undefined || file.start > last + reach) break;
        if (file.end >= first - reach) indexes.add(file.index);
      }
      tested = [...indexes].sort((left, right) => left - right);
    }
    for (const index of tested) {
      const english = englishFiles[index];
      if (english === undefined) continue;
      const relation = relateFilesWith(chinese, english);
      if (relation !== null) related.push({ chineseFile, englishFile: english.newsletter, relation });
    }
  }
  return related;
}

/** A candidate article pair: the two articles' features and how their files relate. */
export interface Candidate {
  readonly chinese: ArticleFeatures;
  readonly english: ArticleFeatures;
  readonly relation: FileRelation;
  /** The pair as one number: chinese article number × article count + english article number (see {@link ArticleNumbers}). */
  readonly key: number;
}

/** A number per distinct article id (0, 1, …, in order of first appearance): numeric keys for ids and id pairs. */
export class ArticleNumbers {
  readonly #numbers = new Map<string, number>();

  /** Numbers the ids of `features` in order of first appearance. */
  constructor(features: readonly ArticleFeatures[]) {
    for (const feature of features) if (!this.#numbers.has(feature.article.id)) this.#numbers.set(feature.article.id, this.#numbers.size);
  }

  /** How many distinct ids. */
  get count(): number {
    return this.#numbers.size;
  }

  /** The number of `articleId`, or undefined when no article has it. */
  of(articleId: string): number | undefined {
    return this.#numbers.get(articleId);
  }

  /** The key of the pair (`chineseId`, `englishId`), or undefined when either id is unknown. */
  pairOf(chineseId: string, englishId: string): number | undefined {
    const chinese = this.#numbers.get(chineseId);
    const english = this.#numbers.get(englishId);
    return chinese === undefined || english === undefined ? undefined : chinese * this.count + english;
  }
}

/** A string key of an article pair (Chinese id, NUL, English id), e.g. of the similarity of the pair. */
export function pairKey(chineseId: string, englishId: string): string {
  return `${chineseId}\u0000${englishId}`;
}

/**
 * Calls `visit` with every article pair of the related files (Chinese × English), file pair by file pair,
 * each file's articles in order, and the pair's key (see {@link Candidate.key}).
 */
export function forEachArticlePair(
  related: readonly RelatedFiles[],
  features: ReadonlyMap<string, ArticleFeatures>,
  numbers: ArticleNumbers,
  visit: (chinese: ArticleFeatures, english: ArticleFeatures, relation: FileRelation, key: number) => void,
): void {
  // Each file's articles' features and numbers, looked up once per file rather than once per pair.
  type Numbered = { readonly feature: ArticleFeatures; readonly number: number } | null;
  const perFile = new Map<ParsedNewsletter, readonly Numbered[]>();
  const articlesOf = (newsletter: ParsedNewsletter): readonly Numbered[] => {
    let found = perFile.get(newsletter);
    if (found === undefined) {
      found = newsletter.articles.map((article): Numbered => {
        const feature = features.get(article.id);
        const number = numbers.of(article.id);
        return feature === undefined || number === undefined ? null : { feature, number };
      });
      perFile.set(newsletter, found);
    }
    return found;
  };
  const count = numbers.count;
  for (const { chineseFile, englishFile, relation } of related) {
    const englishArticles = articlesOf(englishFile);
    for (const left of articlesOf(chineseFile)) {
      if (left === null) continue;
      for (const right of englishArticles) {
        if (right !== null) visit(left.feature, right.feature, relation, left.number * count + right.number);
      }
    }
  }
}

/**
 * The candidate article pairs that a similarity callback is asked about (ruled-out files excluded, and
 * pairs whose source dates are more than {@link DATE_TOLERANCE_DAYS} days apart), file pair by file pair.
 */
export function similarityRequests(newsletters: readonly ParsedNewsletter[]): readonly { readonly chinese: Article; readonly english: Article }[] {
  const requests: { chinese: Article; english: Article }[] = [];
  // Each file's articles' source days, computed once per file rather than once per pair.
  const daysByFile = new Map<ParsedNewsletter, readonly (number | null)[]>();
  const daysOf = (newsletter: ParsedNewsletter): readonly (number | null)[] => {
    let days = daysByFile.get(newsletter);
    if (days === undefined) {
      days = newsletter.articles.map((article) => (article.date === null ? null : dayNumber(article.date)));
      daysByFile.set(newsletter, days);
    }
    return days;
  };
  for (const { chineseFile, englishFile } of relatedFiles(newsletters)) {
    const chineseDays = daysOf(chineseFile);
    const englishDays = daysOf(englishFile);
    chineseFile.articles.forEach((chinese, chineseIndex) => {
      const chineseDay = chineseDays[chineseIndex] ?? null;
      englishFile.articles.forEach((english, englishIndex) => {
        const englishDay = englishDays[englishIndex] ?? null;
        if (chineseDay !== null && englishDay !== null && Math.abs(chineseDay - englishDay) > DATE_TOLERANCE_DAYS) return;
        requests.push({ chinese, english });
      });
    });
  }
  return requests;
}
