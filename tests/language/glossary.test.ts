import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core';
import { Glossary, covers, extractQuestionTerms, prepareCoverageText } from '../../src/language';
import { SEED_FIXTURE_GLOSSARY } from '../support/seed-fixture';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const sample = Glossary.parse(
  ['# comment', 'United States|US|U.S.\t美国', 'Ministry of Science and Technology|MOST\t科技部', 'Houston\t休斯敦|休斯顿', 'Yangtze River Delta\t长三角'].join('\n'),
  'sample.tsv',
);

describe('Glossary parsing', () => {
  it('reads the shipped glossary without errors, every entry with both languages', async () => {
    const glossary = await Glossary.load(SEED_FIXTURE_GLOSSARY);
    expect(glossary.entries.length).toBeGreaterThan(100);
    for (const entry of glossary.entries) {
      expect(entry.english.length, `line ${entry.line}`).toBeGreaterThan(0);
      expect(entry.chinese.every((name) => /\p{Script=Han}/u.test(name)), `line ${entry.line}`).toBe(true);
    }
  });

  it('names the line of a malformed entry', () => {
    expect(() => Glossary.parse('Houston\t休斯敦\nno tab here', 'bad.tsv')).toThrow(InputError);
    expect(() => Glossary.parse('Houston\t休斯敦\nno tab here', 'bad.tsv')).toThrow(/bad\.tsv:2/u);
  });

  it('treats a missing file as an empty file: only the country list remains', async () => {
    const glossary = await Glossary.load(path.join(ROOT, 'no-such-glossary.tsv'));
    expect(glossary.entries.every((entry) => entry.line === 0)).toBe(true);
    expect(glossary.translate('Houston')).toBe('');
    expect((await Glossary.load(path.join(ROOT, 'no-such-glossary.tsv'), { countries: false })).entries).toHaveLength(0);
  });
});

describe('Glossary matching', () => {
  it('translates names in both directions', () => {
    expect(sample.translate('When was the conference in Houston?').split(' ')).toEqual(['休斯敦', '休斯顿']);
    expect(sample.translate('休斯顿那个大会')).toBe('Houston');
  });

  it('matches short acronyms only as written, so "us" and "most" stay ordinary words', () => {
    expect(sample.translate('tell us what most people think')).toBe('');
    expect(sample.translate('MOST and the US signed it')).toContain('科技部');
    expect(sample.translate('MOST and the US signed it')).toContain('美国');
  });

  it('prefers the longest name where names overlap', () => {
    const matches = sample.findMatches('the Yangtze River Delta plan');
    expect(matches.map((match) => match.surface)).toEqual(['Yangtze River Delta']);
  });
});

describe('question terms and coverage', () => {
  it('keeps glossary names whole and drops question words and filler', () => {
    const terms = extractQuestionTerms('Summarize the article about the Houston conference of 2016', sample).map((term) => term.surface);
    expect(terms).toEqual(['Houston', 'confer', '2016']);
    const chinese = extractQuestionTerms('总结一下休斯顿那个创新大会的报道', sample).map((term) => term.surface);
    expect(chinese).toContain('休斯顿');
    expect(chinese).not.toContain('总结');
    expect(chinese).not.toContain('报道');
  });

  it('counts a name as covered by its translation in the other edition', () => {
    const [houston] = extractQuestionTerms('Houston', sample);
    expect(houston).toBeDefined();
    if (houston === undefined) return;
    expect(covers(prepareCoverageText(['首届中美创新与投资对接大会在美国休斯顿举办']), houston)).toBe(true);
    expect(covers(prepareCoverageText(['会议在莫斯科举行']), houston)).toBe(false);
  });
});
