/**
 * Numbers in both languages normalised to one key (src/retrieve/numerals.ts): Chinese numerals, digit and
 * word ordinals, numbers with a magnitude, months.
 */
import { describe, expect, it } from 'vitest';
import { chineseNumeralValue, englishNumberKeys, findChineseNumbers, numbersInText, numericValues, parseNumber } from '../../src/language';

describe('chineseNumeralValue', () => {
  it.each([
    ['十五', 15],
    ['十', 10],
    ['二十', 20],
    ['一百零五', 105],
    ['两千', 2000],
    ['三万五千', 35_000],
    ['十万', 100_000],
    ['一亿二千万', 120_000_000],
    ['二〇一六', 2016],
    ['八', 8],
  ])('reads %s as %d', (numeral, value) => {
    expect(chineseNumeralValue(numeral)).toBe(value);
  });

  it.each(['', '十十', '十三五', '五五五x'])('rejects %j', (numeral) => {
    expect(chineseNumeralValue(numeral)).toBeNull();
  });
});

describe('findChineseNumbers', () => {
  it('finds ordinals, numbers before a measure word and multi-character numerals', () => {
    const found = findChineseNumbers('第十五届大会、第八次会议、两国、二〇一六年、十五位专家、首届论坛');
    expect(found.map((match) => match.key)).toEqual(['15', '8', '2', '2016', '15', '1']);
  });

  it('leaves numeral characters inside words alone', () => {
    expect(findChineseNumbers('统一部署，一些专家进一步推进一带一路，十分重要')).toEqual([]);
  });

  it('marks a month', () => {
    const [june] = findChineseNumbers('六月');
    expect(june).toMatchObject({ key: '6', month: true });
  });
});

describe('englishNumberKeys', () => {
  it.each([
    ['15th', ['15']],
    ['fifteenth', ['15']],
    ['fifteen', ['15']],
    ['eighth', ['8']],
    ['Eighth', ['8']],
    ['twentieth', ['20']],
    ['June', ['m6']],
    ['june', ['m6']],
    ['May', ['m5']],
    ['Sept', ['m9']],
  ])('%s → %j', (word, keys) => {
    expect(englishNumberKeys(word)).toEqual(keys);
  });

  it('does not read the verbs may and march, or ordinary words, as numbers', () => {
    for (const word of ['may', 'march', 'mar', 'budget', 'fifth-generation']) expect(englishNumberKeys(word), word).toEqual([]);
  });
});

describe('numbersInText', () => {
  it('gives "15th", "fifteenth", "第十五届", "十五" and "15" the same key', () => {
    for (const text of ['the 15th expo', 'the fifteenth expo', '第十五届博览会', '十五个国家', 'in 15 countries']) {
      expect(numbersInText(text).has('15'), text).toBe(true);
    }
  });

  it('reads magnitudes, thousands separators, decimals and months in both languages', () => {
    const keys = numbersInText('总投资20亿元，3.5万人；35,000 visitors and 2 billion yuan on June 5；2016年6月；9 月 12 日；十二月');
    for (const key of ['2000000000', '35000', '3.5', '5', '2016', 'm6', 'm9', '12', 'm12']) expect(keys.has(key), key).toBe(true);
  });

  it('has no number where there is none', () => {
    expect([...numbersInText('统一推进一带一路建设 and may march on')]).toEqual([]);
  });
});

describe('numericValues (the facts a citation check compares)', () => {
  it('reads digits, scales, Chinese numerals, ordinals and month names', () => {
    const values = numericValues('1.5亿元, 第十五届, 3,200 people, the eighth meeting, in October');
    for (const value of [1.5, 150_000_000, 15, 3200, 8, 10]) expect(values.has(value)).toBe(true);
    expect(values.has(7)).toBe(false);
  });
});

describe('parseNumber: one failure convention', () => {
  it('reads Arabic digits (full-width too) and Chinese numerals', () => {
    expect(parseNumber('2016')).toBe(2016);
    expect(parseNumber('２０１６')).toBe(2016);
    expect(parseNumber('二〇一六')).toBe(2016);
    expect(parseNumber('十二')).toBe(12);
    expect(parseNumber('三十一')).toBe(31);
  });

  it('returns null, never NaN, for what is not a number', () => {
    for (const text of ['', '中美', '十十', '12a', '3.5']) expect(parseNumber(text)).toBeNull();
  });
});
