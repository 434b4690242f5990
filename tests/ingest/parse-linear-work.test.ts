/**
 * Bounded ingest (issue 15): parsing does work proportional to its input — counted, not timed. Every
 * function of the language stage the parser calls is wrapped to add up the characters of the text it is
 * given; a parser that re-read what it has already read (a paragraph growing line by line re-scanned at each
 * line, every article's text re-scanned per article) would show a count per input character that grows
 * with the input. The count per character must stay the same (±15 %) from one size to four times it. (Checked
 * to fail: one call per paragraph over all paragraphs so far multiplies the count by 4 at 4× the input.)
 */
import { describe, expect, it, vi } from 'vitest';
import { parseNewsletterSteps, runSteps } from '../../src/ingest';
import { longLinesText, manyArticlesText } from '../support/hostile-seeds';

/** Characters passed to language-stage functions since the last reset. */
const work = vi.hoisted(() => ({ characters: 0 }));

vi.mock('../../src/language', async (importOriginal) => {
  const actual = await importOriginal<Record<string, unknown>>();
  const counted = (value: unknown): number =>
    typeof value === 'string' ? value.length : Array.isArray(value) ? value.reduce<number>((sum, item) => sum + counted(item), 0) : 0;
  const isClass = (value: (...args: unknown[]) => unknown): boolean => /^class[\s{]/u.test(Function.prototype.toString.call(value));
  return Object.fromEntries(
    Object.entries(actual).map(([name, value]) => {
      if (typeof value !== 'function' || isClass(value as (...args: unknown[]) => unknown)) return [name, value];
      const wrapped = (...args: unknown[]): unknown => {
        work.characters += args.reduce<number>((sum, argument) => sum + counted(argument), 0);
        return (value as (...args: unknown[]) => unknown)(...args);
      };
      return [name, wrapped];
    }),
  );
});

/** Characters of language work per character of `text` parsed. */
function workPerCharacter(text: string): number {
  work.characters = 0;
  runSteps(parseNewsletterSteps(text, 'seeds/generated.md', {}));
  return work.characters / text.length;
}

describe('parse work per input character (issue 15, bounded ingest)', () => {
  it('is counted at all: the wrapped language functions see the text', () => {
    expect(workPerCharacter(manyArticlesText(50, 2000))).toBeGreaterThan(0.5);
  });

  it('stays the same for 4× the articles (Markdown newsletter of ordinary articles)', () => {
    const small = workPerCharacter(manyArticlesText(100, 2000));
    const large = workPerCharacter(manyArticlesText(400, 2000));
    expect(large / small).toBeGreaterThan(0.85);
    expect(large / small).toBeLessThan(1.15);
  });

  it('stays the same for 4× the lines of long lines without blank lines (the shape that was quadratic in issue 16)', () => {
    const small = workPerCharacter(longLinesText(200, 1000));
    const large = workPerCharacter(longLinesText(800, 1000));
    expect(small).toBeGreaterThan(0);
    expect(large / small).toBeGreaterThan(0.85);
    expect(large / small).toBeLessThan(1.15);
  });
});
