/**
 * Reads the corpus ground truth (`tests/fixtures/articles.md`, a copy of `../shared/eval/articles.md`):
 * for each seed file, its articles' titles, outlets, source dates and pairs, as printed in its tables.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

export interface GroundTruthArticle {
  readonly file: string;
  readonly position: number;
  readonly title: string;
  /** Null where the table says "(none stated)". */
  readonly source: string | null;
  /** ISO date, or null where the table says "(none)". */
  readonly sourceDate: string | null;
  /** The event date column as printed (may be prose). */
  readonly eventDate: string;
  /** Title of the paired article in the other file, or null. */
  readonly pairTitle: string | null;
}

export const FIXTURES_DIR = path.resolve(import.meta.dirname, '..', 'fixtures');

export function readGroundTruth(): readonly GroundTruthArticle[] {
  const text = readFileSync(path.join(FIXTURES_DIR, 'articles.md'), 'utf8');
  const articles: GroundTruthArticle[] = [];
  let file: string | null = null;
  for (const line of text.split('\n')) {
    const fileMatch = /^File: `([^`]+)`/u.exec(line);
    if (fileMatch?.[1] !== undefined) {
      file = fileMatch[1];
      continue;
    }
    const cells = line.split('|').map((cell) => cell.trim());
    if (file === null || cells.length < 6 || !/^\d+$/u.test(cells[1] ?? '')) continue;
    const [, position, title, source, sourceDate, eventDate, pair] = cells;
    articles.push({
      file,
      position: Number(position),
      title: title ?? '',
      source: source === undefined || source.startsWith('(') ? null : source,
      sourceDate: sourceDate !== undefined && /^\d{4}-\d{2}-\d{2}$/u.test(sourceDate) ? sourceDate : null,
      eventDate: eventDate ?? '',
      pairTitle: pair === undefined || pair === '' ? null : pair.replace(/^\d+\.\s*/u, ''),
    });
  }
  return articles;
}
