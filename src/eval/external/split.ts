/**
 * A deterministic split of a question-answering set by Wikipedia article into two parts of (about) equal
 * size — `calibration`, for fitting thresholds, and `report`, for figures they were not fitted to — and a
 * deterministic sample within a part. Both depend only on the articles' titles (their ids or positions when
 * a title is empty), never on a random generator or the machine.
 */
import { createHash } from 'node:crypto';
import { InputError } from '../../core';
import type { SquadArticle } from './squad-file';

/** The two parts of a split. */
export const EXTERNAL_PARTS = ['calibration', 'report'] as const;

/** `calibration`: thresholds may be fitted on it; `report`: figures are reported on it, nothing is fitted. */
export type ExternalPart = (typeof EXTERNAL_PARTS)[number];

/** An article of a dataset with its position in `data[]` (0-based) and the key it is split by. */
export interface KeyedArticle {
  readonly article: SquadArticle;
  /** 0-based position in the dataset's `data[]`. */
  readonly position: number;
  /** The title; `#<id>` or `#<position>` when the title is empty (two CMRC articles have none). */
  readonly key: string;
  /** SHA-256 (hex) of `key` in UTF-8. */
  readonly hash: string;
}

/** The key an article is split by: its title, else `#<id>`, else `#<position>`. */
export function articleSplitKey(article: SquadArticle, position: number): string {
  if (article.title.trim() !== '') return article.title;
  return `#${article.id ?? position}`;
}

/** Every article of `articles` with its key and hash, in dataset order. */
export function keyArticles(articles: readonly SquadArticle[]): KeyedArticle[] {
  return articles.map((article, position) => {
    const key = articleSplitKey(article, position);
    return { article, position, key, hash: createHash('sha256').update(key, 'utf8').digest('hex') };
  });
}

function byHash(left: KeyedArticle, right: KeyedArticle): number {
  return left.hash < right.hash ? -1 : left.hash > right.hash ? 1 : left.position - right.position;
}

/**
 * Splits articles by the SHA-256 of their key: in hash order, the first ⌈n/2⌉ are `calibration`, the rest
 * `report`. The same titles always give the same parts; the parts differ in size by at most one.
 * @returns each part's articles in hash order.
 */
export function splitByArticle(articles: readonly KeyedArticle[]): Readonly<Record<ExternalPart, readonly KeyedArticle[]>> {
  const ordered = [...articles].sort(byHash);
  const half = Math.ceil(ordered.length / 2);
  return { calibration: ordered.slice(0, half), report: ordered.slice(half) };
}

/**
 * The first `size` articles of a part in hash order (all of them when `size` is undefined or larger),
 * returned in dataset order. A larger `size` keeps every article of a smaller one.
 * @throws {InputError} when `size` is not a whole number ≥ 1.
 */
export function sampleArticles(articles: readonly KeyedArticle[], size: number | undefined): KeyedArticle[] {
  if (size !== undefined && (!Number.isInteger(size) || size < 1)) throw new InputError(`The sample size must be a whole number ≥ 1, got ${size}.`);
  const chosen = [...articles].sort(byHash).slice(0, size ?? articles.length);
  return chosen.sort((left, right) => left.position - right.position);
}
