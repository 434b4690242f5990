/**
 * Issue 10: `src/language/` is the only place that segments Chinese, parses numerals, names months, splits
 * sentences or reads the glossary file. This scans every other source file for the tell-tale code of each
 * and names the offenders, so a second copy cannot grow back unnoticed.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const SOURCE = path.resolve(import.meta.dirname, '..', '..', 'src');
const LANGUAGE = path.join(SOURCE, 'language');

function sourceFiles(directory: string): string[] {
  return readdirSync(directory).flatMap((name) => {
    const full = path.join(directory, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return name.endsWith('.ts') ? [full] : [];
  });
}

/** Source lines without comments (TSDoc may name what it does not do). */
function codeOf(text: string): string {
  return text
    .replace(/\/\*[\s\S]*?\*\//gu, '')
    .split('\n')
    .map((line) => line.replace(/(^|[^:'"`])\/\/.*$/u, '$1'))
    .join('\n');
}

/** What only the language stage may contain, each with a pattern that finds a copy of it. */
const OWNED: readonly { readonly what: string; readonly pattern: RegExp }[] = [
  { what: 'a word or sentence segmenter (Intl.Segmenter)', pattern: /Intl\.Segmenter/u },
  { what: 'an English month table', pattern: /January|February|\bSeptember\b|['"]sept?['"]|['"]jan['"]/iu },
  { what: 'a Chinese month or day grammar', pattern: /十\[一二\]|二十\[一二三/u },
  { what: 'a Chinese numeral table', pattern: /['"]〇['"]|['"]零['"]\s*[,:]|〇零一二|零〇一二|零一二三|一二三四五六七八九/u },
  { what: 'a calendar-day validity check', pattern: /function\s+(?:isValidDay|daysInMonth)\b/u },
  { what: 'a sentence splitter on 。！？', pattern: /\[\^?。！？|。！？[!?；]?['"]\.includes|split\([^)]*。/u },
  { what: 'a glossary file parser (variants split at |)', pattern: /split\(['"]\|['"]\)/u },
  { what: 'the Porter2 stemmer or its stopword list', pattern: /wink-porter2-stemmer|\bourselves\b/u },
];

describe('src/language/ owns bilingual text handling (issue 10)', () => {
  const files = sourceFiles(SOURCE).filter((file) => !file.startsWith(LANGUAGE + path.sep));
  const code = new Map(files.map((file) => [path.relative(SOURCE, file), codeOf(readFileSync(file, 'utf8'))]));

  it('scans the other stages', () => {
    expect(code.size).toBeGreaterThan(50);
    expect([...code.keys()].some((file) => file.startsWith('answer/'))).toBe(true);
  });

  it.each(OWNED)('no stage but language/ has $what', ({ pattern }) => {
    const offenders = [...code].filter(([, text]) => pattern.test(text)).map(([file]) => file);
    expect(offenders).toEqual([]);
  });

  it('the patterns find what they look for (in language/ itself)', () => {
    const language = sourceFiles(LANGUAGE)
      .map((file) => codeOf(readFileSync(file, 'utf8')))
      .join('\n');
    for (const { what, pattern } of OWNED) {
      expect(pattern.test(language), what).toBe(true);
    }
  });
});
