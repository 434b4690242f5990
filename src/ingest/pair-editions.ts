/**
 * Pairs each article with its version in the other language's edition, across files, by what the two
 * versions share: the source date, the numbers in the text, Latin-script names, and the position within
 * the issue. File names play no part.
 */
import type { Article } from '../core';
import type { ParsedNewsletter } from './parse-newsletter';

/** A proposed pair with its evidence score (higher is surer; see {@link scorePair}). */
export interface EditionPair {
  readonly chineseId: string;
  readonly englishId: string;
  readonly score: number;
}

const NUMBER = /\d+(?:[.,]\d+)?/gu;
const LATIN_NAME = /\b[A-Z][A-Za-z0-9]{2,}\b/gu;

function numbersIn(text: string): Set<string> {
  return new Set((text.normalize('NFKC').match(NUMBER) ?? []).map((value) => value.replace(/[.,]/gu, '')).filter((value) => value.length >= 2));
}

function latinNamesIn(text: string): Set<string> {
  return new Set((text.match(LATIN_NAME) ?? []).map((value) => value.toLowerCase()));
}

function jaccard(left: ReadonlySet<string>, right: ReadonlySet<string>): number {
  if (left.size === 0 || right.size === 0) return 0;
  let shared = 0;
  for (const value of left) if (right.has(value)) shared += 1;
  return shared / (left.size + right.size - shared);
}

/**
 * Evidence that `chinese` and `english` are one article: 0 when their (known) dates differ; otherwise
 * 1 for an equal date + 2 × Jaccard overlap of numbers + Jaccard overlap of Latin-script names
 * + 0.5 when they stand at the same position in their issues.
 */
export function scorePair(chinese: Article, english: Article): number {
  if (chinese.date !== null && english.date !== null && chinese.date !== english.date) return 0;
  const sameDate = chinese.date !== null && chinese.date === english.date ? 1 : 0;
  const numbers = jaccard(numbersIn(chinese.body), numbersIn(english.body));
  const names = jaccard(latinNamesIn(chinese.body), latinNamesIn(english.body));
  const position = chinese.position === english.position ? 0.5 : 0;
  return sameDate + 2 * numbers + names + position;
}

/** Minimum {@link scorePair} for a pair: a shared date plus some shared numbers or position. */
export const MIN_PAIR_SCORE = 1.4;

/**
 * Finds one-to-one pairs between the Chinese and English articles of `newsletters`: greedy matching on
 * {@link scorePair}, best first, keeping pairs at or above {@link MIN_PAIR_SCORE}.
 * @returns the pairs, best first.
 */
export function findEditionPairs(newsletters: readonly ParsedNewsletter[]): readonly EditionPair[] {
  const chinese = newsletters.filter((newsletter) => newsletter.lang === 'zh').flatMap((newsletter) => newsletter.articles);
  const english = newsletters.filter((newsletter) => newsletter.lang === 'en').flatMap((newsletter) => newsletter.articles);
  const candidates: EditionPair[] = [];
  for (const left of chinese) {
    for (const right of english) {
      const score = scorePair(left, right);
      if (score >= MIN_PAIR_SCORE) candidates.push({ chineseId: left.id, englishId: right.id, score });
    }
  }
  candidates.sort((left, right) => right.score - left.score);
  const used = new Set<string>();
  const pairs: EditionPair[] = [];
  for (const candidate of candidates) {
    if (used.has(candidate.chineseId) || used.has(candidate.englishId)) continue;
    used.add(candidate.chineseId);
    used.add(candidate.englishId);
    pairs.push(candidate);
  }
  return pairs;
}

/**
 * Returns the newsletters with `pairId` filled in on both sides of every pair. When most articles of
 * two files pair with each other (they are two editions of one issue), an edition that does not state
 * its issue takes the issue of the other.
 */
export function pairEditions(newsletters: readonly ParsedNewsletter[]): readonly ParsedNewsletter[] {
  const pairs = findEditionPairs(newsletters);
  const partner = new Map<string, string>();
  for (const pair of pairs) {
    partner.set(pair.chineseId, pair.englishId);
    partner.set(pair.englishId, pair.chineseId);
  }
  const fileOf = new Map<string, ParsedNewsletter>();
  for (const newsletter of newsletters) for (const article of newsletter.articles) fileOf.set(article.id, newsletter);

  return newsletters.map((newsletter) => {
    const partnerFiles = new Map<ParsedNewsletter, number>();
    for (const article of newsletter.articles) {
      const other = partner.get(article.id);
      const otherFile = other === undefined ? undefined : fileOf.get(other);
      if (otherFile !== undefined) partnerFiles.set(otherFile, (partnerFiles.get(otherFile) ?? 0) + 1);
    }
    let issue = newsletter.issue;
    for (const [otherFile, count] of partnerFiles) {
      const sameIssue = count >= 0.8 * Math.max(newsletter.articles.length, otherFile.articles.length);
      if (sameIssue && issue.number === null && otherFile.issue.number !== null) {
        const label =
          newsletter.lang === 'zh'
            ? `第${otherFile.issue.number}期${otherFile.issue.date === null ? '' : `，${otherFile.issue.date}`}`
            : `No. ${otherFile.issue.number}${otherFile.issue.date === null ? '' : `, ${otherFile.issue.date}`}`;
        issue = { number: otherFile.issue.number, date: otherFile.issue.date, label };
      }
    }
    return {
      ...newsletter,
      issue,
      articles: newsletter.articles.map((article) => ({
        ...article,
        issue,
        pairId: partner.get(article.id) ?? null,
      })),
    };
  });
}
