/**
 * English glossary names match as whole words, checked in code (src/language/glossary/glossary.ts) rather
 * than by `(?<![\p{L}\p{N}])…(?![\p{L}\p{N}])` in each pattern (those made V8 compile ≈ 11 MB of regular
 * expressions on the first question). The matches must be exactly what the lookaround patterns found: this
 * compares both, name by name, for every English name of the fixture glossary and the country list, in
 * texts that put letters, digits, accents, astral letters, CJK, punctuation and repeats around each name.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Glossary } from '../../src/language';

const GLOSSARY = path.join(import.meta.dirname, '..', 'fixtures', 'seeds', 'glossary.tsv');

/** The pattern as it was written before: the name's body between Unicode word lookarounds. */
function lookaroundPattern(variant: string): RegExp {
  const acronym = /^[A-Z0-9&.-]{2,6}$/u.test(variant);
  const body = variant
    .replace(/[.*+?^${}()|[\]\\]/gu, '\\$&')
    .replace(/\s+/gu, '\\s+')
    .replace(/-/gu, '[-‐–\\s]?');
  return new RegExp(`(?<![\\p{L}\\p{N}])${body}(?![\\p{L}\\p{N}])`, acronym ? 'gu' : 'giu');
}

/** Texts around `name`: every context the boundary check has to get right. */
function contexts(name: string): string[] {
  const around = ['', ' ', 'x', '9', 'é', '𝐀', '中', '.', '-', '(', '\n', "'"];
  const texts: string[] = [];
  for (const before of around) for (const after of around) texts.push(`${before}${name}${after}`);
  texts.push(`${name}${name} ${name}`, `a${name} ${name.toUpperCase()} ${name.toLowerCase()}s ${name}`, `${name.replace(/ /gu, '  ')}, ${name.replace(/-/gu, ' ')}`);
  // The two non-ASCII characters a case-insensitive pattern's ASCII letters also match (CaseFolding.txt):
  // ſ (U+017F) for s and the Kelvin sign (U+212A) for k; the literal pre-check must not skip them.
  // Each alone in its text: a plain copy beside it would pass the pre-check for both.
  texts.push(name.replace(/s/gu, 'ſ'), name.replace(/S/gu, 'ſ'), name.replace(/k/giu, '\u212A'), name.replace(/ /gu, '\u3000'));
  return texts;
}

describe('English glossary names match as whole words', () => {
  it('exactly where the lookaround patterns matched, for every English name', async () => {
    const glossary = await Glossary.load(GLOSSARY);
    const differences: string[] = [];
    let checked = 0;
    for (const entry of glossary.entries) {
      for (const name of entry.english) {
        const single = new Glossary([{ english: [name], chinese: [], line: 1 }]);
        for (const text of contexts(name)) {
          const expected = [...text.matchAll(lookaroundPattern(name))].map((match) => [match.index, match[0]]);
          const found = single.findMatches(text, 'en').map((match) => [match.index, match.surface]);
          checked += 1;
          if (JSON.stringify(found) !== JSON.stringify(expected)) differences.push(`${name} in ${JSON.stringify(text)}: ${JSON.stringify(found)} ≠ ${JSON.stringify(expected)}`);
        }
      }
    }
    // Names that overlap themselves: a match that fails its boundary can hide one that starts inside it.
    for (const [name, text] of [['a b a', 'xa b a b a'], ['U.S.', 'xU.S.U.S. U.S.']] as const) {
      const single = new Glossary([{ english: [name], chinese: [], line: 1 }]);
      const expected = [...text.matchAll(lookaroundPattern(name))].map((match) => [match.index, match[0]]);
      expect(expected.length).toBeGreaterThan(0);
      expect(single.findMatches(text, 'en').map((match) => [match.index, match.surface])).toEqual(expected);
    }
    expect(checked).toBeGreaterThan(10_000);
    expect(differences.slice(0, 10)).toEqual([]);
  }, 120_000);
});
