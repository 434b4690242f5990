/**
 * Date terms: ISO dates written as single lexical-index terms, the same for both editions, so that a
 * Chinese chunk saying `2016年6月5日`, an English one saying `5 June 2016` and a question asking about
 * `June 5, 2016` or `2016年6月` share terms.
 *
 * Form: `y` + year, then `m` + two-digit month, then `d` + two-digit day — `y2016`, `y2016m06`,
 * `y2016m06d05`. A letter first and letters between the numbers keep them from colliding with words or
 * numbers of the text, and the lexical tokenizer (`../tokenize.ts`) keeps a word of exactly
 * this form whole instead of splitting it into letters and digits.
 */
import { InputError, type Chunk } from '../../core';
import { extractDateMentions } from './date-mentions';

/**
 * Version of {@link chunkDateTerms}' output for a given chunk. Bump it whenever it (or `extractDateMentions`,
 * which it calls) would give other terms for the same chunk: terms memoised with an index of another version
 * are then derived again.
 */
export const DATE_TERMS_VERSION = 1;

/** Matches one date term: `y2016`, `y2016m06` or `y2016m06d05`. */
export const DATE_TERM_PATTERN = /^y\d{4}(?:m(?:0[1-9]|1[0-2])(?:d(?:0[1-9]|[12]\d|3[01]))?)?$/u;

const ISO_PATTERN = /^(\d{4})(?:-(0[1-9]|1[0-2])(?:-(0[1-9]|[12]\d|3[01]))?)?$/u;

/**
 * The index terms of an ISO date, from its year down to its own precision:
 * `dateTerms('2016')` → `['y2016']`; `dateTerms('2016-06')` → `['y2016', 'y2016m06']`;
 * `dateTerms('2016-06-05')` → `['y2016', 'y2016m06', 'y2016m06d05']`. A day therefore also matches a
 * question about its month or year.
 * @param iso - `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
 * @returns the terms, coarsest first.
 * @throws {InputError} when `iso` is not one of those forms.
 */
export function dateTerms(iso: string): readonly string[] {
  const match = ISO_PATTERN.exec(iso);
  if (match === null) throw new InputError(`A date term needs an ISO date YYYY, YYYY-MM or YYYY-MM-DD, found "${iso}".`);
  const [, year, month, day] = match;
  const terms = [`y${year}`];
  if (month !== undefined) terms.push(`y${year}m${month}`);
  if (month !== undefined && day !== undefined) terms.push(`y${year}m${month}d${day}`);
  return terms;
}

/**
 * The single most precise term of an ISO date: `2016` → `y2016`, `2016-06-05` → `y2016m06d05`.
 * @throws {InputError} when `iso` is not `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
 */
export function dateTerm(iso: string): string {
  const terms = dateTerms(iso);
  return terms[terms.length - 1] as string;
}

/**
 * The date terms a chunk is indexed with: those of its article's date, then those of every date its title
 * and text mention ({@link extractDateMentions}, year-less mentions dated from the article's date).
 * @returns distinct terms, the article date's first, then in order of mention.
 */
export function chunkDateTerms(chunk: Chunk): readonly string[] {
  const terms = new Set<string>();
  if (chunk.date !== null) for (const term of dateTerms(chunk.date)) terms.add(term);
  for (const mention of extractDateMentions(`${chunk.title}\n${chunk.text}`, chunk.lang, chunk.date)) {
    for (const term of dateTerms(mention.iso)) terms.add(term);
  }
  return [...terms];
}
