/**
 * The country list in the glossary (src/retrieve/glossary.ts): every ISO 3166 country with its English
 * and Chinese names from i18n-iso-countries, merged with the glossary file (the file wins), acronyms
 * matched as written, and the list's Chinese names matched on word boundaries only.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { Glossary, extractQuestionTerms, loadCountryNames, type CountryNames } from '../../src/language';
import { SEED_FIXTURE_GLOSSARY } from '../support/seed-fixture';

let countries: readonly CountryNames[];
let glossary: Glossary;
beforeAll(async () => {
  countries = await loadCountryNames();
  glossary = await Glossary.load(SEED_FIXTURE_GLOSSARY);
});

describe('the country list', () => {
  it('has the ISO countries with names in both languages, from the library', () => {
    expect(countries.length).toBeGreaterThan(240);
    expect(countries.find((country) => country.code === 'CY')).toEqual({ code: 'CY', english: ['Cyprus'], chinese: ['塞浦路斯'] });
    expect(countries.find((country) => country.code === 'US')?.english).toEqual(expect.arrayContaining(['United States of America', 'USA', 'US']));
  });

  it('leaves out inverted catalogue names and 中 + one character (中非 reads as China–Africa)', () => {
    expect(countries.flatMap((country) => country.english).filter((name) => name.includes(','))).toEqual([]);
    expect(countries.find((country) => country.code === 'CF')).toBeUndefined();
    expect(countries.find((country) => country.code === 'CN')?.chinese).toEqual(['中国']);
  });
});

describe('countries in the loaded glossary', () => {
  it('translates countries the file does not name, both ways', () => {
    expect(glossary.translate('What about Uruguay and Mozambique?').split(' ')).toEqual(['乌拉圭', '莫桑比克']);
    expect(glossary.translate('乌拉圭')).toBe('Uruguay');
  });

  it('makes a country one question term with its names in both languages', () => {
    const [uruguay] = extractQuestionTerms('Uruguay', glossary);
    expect(uruguay?.substrings).toEqual(['uruguay', '乌拉圭']);
  });

  it('keeps the acronym rule: "US" as written is the United States, "us" is a word', () => {
    expect(glossary.translate('tell us what most people think')).toBe('');
    expect(glossary.translate('the USA and the U.S.').split(' ')).toContain('美国');
  });

  it('matches the list’s Chinese names only as whole words (海地 Haiti is not in 沿海地区, 加纳 Ghana not in 增加纳税)', () => {
    expect(glossary.translate('东南沿海地区')).toBe('');
    expect(glossary.translate('增加纳税')).toBe('');
    expect(glossary.translate('他访问了海地')).toBe('Haiti');
    expect(glossary.translate('加纳共和国')).toBe('Ghana');
  });
});

describe('merging with the file', () => {
  const file = Glossary.parse(['South Korea|Korean\t韩国|中韩', 'Alpha\t甲', 'Alphaland\t阿尔法国'].join('\n'), 'sample.tsv');

  it('adds a country’s other names to the one file entry that shares a name', () => {
    const merged = file.withCountries(countries);
    const korea = merged.entries.find((entry) => entry.line === 1);
    expect(korea?.english).toEqual(['South Korea', 'Korean', 'Republic of Korea']);
    expect(korea?.chinese).toEqual(['韩国', '中韩']);
  });

  it('leaves out a country whose names the file gives to different entries: the file wins', () => {
    const merged = file.withCountries([{ code: 'XA', english: ['Alpha', 'Alphaland'], chinese: ['阿尔法国', '甲国'] }]);
    expect(merged.entries).toHaveLength(3);
    expect(merged.translate('Alpha')).toBe('甲');
    expect(merged.translate('Alphaland')).toBe('阿尔法国');
    expect(merged.translate('甲国')).toBe('Alpha');
  });

  it('adds a country the file does not know as a new entry, with line 0', () => {
    const merged = file.withCountries([{ code: 'XB', english: ['Betaland'], chinese: ['贝塔国'] }]);
    expect(merged.entries.at(-1)).toEqual({ english: ['Betaland'], chinese: ['贝塔国'], line: 0, alignedChinese: ['贝塔国'] });
  });
});
