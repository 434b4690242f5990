/**
 * The indexed `BilingualNameMatcher` (first-word index for English, first-two-units index for Chinese) finds
 * exactly the names that testing every name against the text finds — the straightforward matcher it
 * replaced, kept here as the reference — on varied texts: case, acronyms, whole-word boundaries, Unicode
 * case folding (`K`, `ſ`, `İ`), astral letters, overlapping Chinese names, and the seed glossary over the
 * seed newsletters.
 */
import { describe, expect, it } from 'vitest';
import { parseSeeds, readSeedGlossary } from '../ingest/pairing-fixtures';
import { BilingualNameMatcher, parseBilingualNames, type BilingualName } from '../../src/language';

/** The matcher before indexing: every name's substring check and whole-word patterns against every text. */
class ReferenceNameMatcher {
  readonly #english: readonly (readonly RegExp[])[];
  readonly #englishLower: readonly (readonly string[])[];
  readonly #chinese: readonly (readonly string[])[];

  constructor(names: readonly BilingualName[]) {
    const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');
    const ACRONYM = /^[A-Z][A-Z.&]{0,4}$/u;
    const wholeWords = (variants: readonly string[], flags: string): RegExp[] =>
      variants.length === 0 ? [] : [new RegExp(`(?<![\\p{L}\\p{N}])(?:${variants.map(escape).join('|')})(?![\\p{L}\\p{N}])`, flags)];
    this.#english = names.map((name) => {
      const variants = name.english.filter((variant) => /\p{L}/u.test(variant));
      return [...wholeWords(variants.filter((variant) => ACRONYM.test(variant)), 'u'), ...wholeWords(variants.filter((variant) => !ACRONYM.test(variant)), 'iu')];
    });
    this.#englishLower = names.map((name) => name.english.map((variant) => variant.toLowerCase()));
    this.#chinese = names.map((name) => name.chinese.filter((variant) => [...variant].length >= 2));
  }

  mentionedIn(text: string, lang: 'zh' | 'en'): number[] {
    const found: number[] = [];
    if (lang === 'en') {
      const lower = text.toLowerCase();
      this.#english.forEach((patterns, index) => {
        const mayMatch = this.#englishLower[index]?.some((variant) => lower.includes(variant)) ?? false;
        if (mayMatch && patterns.some((pattern) => pattern.test(text))) found.push(index);
      });
    } else {
      this.#chinese.forEach((variants, index) => {
        if (variants.some((variant) => text.includes(variant))) found.push(index);
      });
    }
    return found;
  }
}

const NAMES: readonly BilingualName[] = [
  { english: ['United States', 'US', 'U.S.', 'USA', 'America'], chinese: ['美国', '美方'] },
  { english: ['Science and Technology Daily', 'S&T Daily'], chinese: ['科技日报'] },
  { english: ['science'], chinese: ['科学'] },
  { english: ['CAST', 'China Association for Science and Technology'], chinese: ['中国科协', '科协'] },
  { english: ['Kiel', 'Swiss'], chinese: ['基尔', '瑞士'] },
  { english: ['Zürich', 'Zurich'], chinese: ['苏黎世'] },
  { english: ['.NET', '5G'], chinese: ['五G'] },
  { english: ['EU', 'Europe'], chinese: ['欧盟', '欧洲', '中欧'] },
  { english: ['2016', '--'], chinese: ['中'] },
  { english: ['Istanbul'], chinese: ['伊斯坦布尔'] },
  { english: ['𝐀lpha', 'Beta'], chinese: ['𠀀𠀁', '阿尔法'] },
  { english: ['China'], chinese: ['中国', '中国科学院'] },
];

const ENGLISH_TEXTS: readonly string[] = [
  'The United States and the US signed; so did the U.S. and the USA.',
  'the united states met us in america', // lower case: acronyms must be written as capitals
  'USAF, USB and AUS are not the US; nor is USA-ish? (USA-ish is a whole word USA then ish.)',
  'Science and Technology Daily reported; S&T Daily too; S&Tdaily not.',
  'Scientific progress, neuroscience, sciences — but Science!',
  'CAST, Cast, cast, CASTING, the China Association for Science and Technology.',
  'Zürich, ZÜRICH, zurich, Zurichsee, Züricher.',
  'Use .NET and 5G; 5GHz is not 5G; .NETwork is not .NET.',
  'Europe, European, EU, EUR, eu.',
  '2016 and 20160 and x2016 and --',
  'İstanbul and Istanbul and ISTANBUL and İSTANBUL.', // İ lower-cases to two units
  'The \u212Aiel canal (Kelvin sign) and the \u017Fwiss (long s) delegation; Kiel; swiss.',
  '\u{1D400}lpha and alpha and 𝐀lphabet and Beta and 𝐁eta; x𝐀lpha.',
  'China, CHINA, china, Chinas, Chinese, Indochina.',
  'United\nStates, United  States, United-States.',
  '',
  'usa',
  'USA',
];

const CHINESE_TEXTS: readonly string[] = [
  '美国和美方', '中国科协和科协', '中国科学院的科学家', '中欧和欧盟、欧洲', '科技日报报道', '基尔与瑞士', '苏黎世',
  '𠀀𠀁与阿尔法', '𠀀与𠀁', '中', '', '伊斯坦布尔和五G', '科', '协科协',
];

describe('BilingualNameMatcher: the same names as testing every name against the text', () => {
  const matcher = new BilingualNameMatcher(NAMES);
  const reference = new ReferenceNameMatcher(NAMES);

  it.each(ENGLISH_TEXTS)('English: %j', (text) => {
    expect([...matcher.mentionedIn(text, 'en')]).toEqual(reference.mentionedIn(text, 'en'));
  });

  it.each(CHINESE_TEXTS)('Chinese: %j', (text) => {
    expect([...matcher.mentionedIn(text, 'zh')]).toEqual(reference.mentionedIn(text, 'zh'));
  });

  it('finds what the rules say on a few texts (so that the reference itself is checked)', () => {
    expect([...matcher.mentionedIn('the united states met us', 'en')]).toEqual([0]);
    expect([...matcher.mentionedIn('USAF and neuroscience', 'en')]).toEqual([]);
    expect([...matcher.mentionedIn('The \u212Aiel canal', 'en')]).toEqual([4]); // the Kelvin sign lower-cases to k
    expect([...matcher.mentionedIn('the \u017Fwiss', 'en')]).toEqual([]); // the pattern matches ſ as s, the substring check does not
    expect([...matcher.mentionedIn('İstanbul', 'en')]).toEqual([]);
    expect([...matcher.mentionedIn('中国科学院', 'zh')]).toEqual([2, 11]);
  });

  it('agrees on random mixtures of variants, near misses and separators', () => {
    const fragments = [
      ...NAMES.flatMap((name) => [...name.english, ...name.chinese]),
      ...NAMES.flatMap((name) => name.english.map((variant) => variant.toUpperCase())),
      ...NAMES.flatMap((name) => name.english.map((variant) => variant.toLowerCase())),
      'x', '9', 'é', 'İ', '\u212A', '\u017F', '𝐀', '-', '&', '.', ' ', '\n', '，', 'ς', 'Σ', '科', '协', '中',
    ];
    let seed = 12_345;
    const random = (limit: number): number => {
      seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0;
      return (seed >>> 16) % limit;
    };
    for (let round = 0; round < 2_000; round += 1) {
      const parts: string[] = [];
      for (let count = random(8) + 1; count > 0; count -= 1) parts.push(fragments[random(fragments.length)] ?? '');
      const text = parts.join(random(2) === 0 ? ' ' : '');
      for (const lang of ['en', 'zh'] as const) {
        expect([...matcher.mentionedIn(text, lang)], `${lang}: ${JSON.stringify(text)}`).toEqual(reference.mentionedIn(text, lang));
      }
    }
  });

  it('agrees with the seed glossary on the seed newsletters', () => {
    const names = parseBilingualNames(readSeedGlossary());
    const seedMatcher = new BilingualNameMatcher(names);
    const seedReference = new ReferenceNameMatcher(names);
    let found = 0;
    for (const article of parseSeeds().flatMap((newsletter) => newsletter.articles)) {
      const text = [article.title, article.subtitle ?? '', article.body].join('\n').normalize('NFKC');
      const expected = seedReference.mentionedIn(text, article.lang);
      expect([...seedMatcher.mentionedIn(text, article.lang)], article.id).toEqual(expected);
      found += expected.length;
    }
    expect(found).toBeGreaterThan(50);
  });
});
