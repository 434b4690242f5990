/**
 * Pinyin for names (src/retrieve/pinyin.ts): the syllable list against pinyin-pro itself, parsing Latin
 * words into syllables, and the pinyin of Chinese text.
 */
import { pinyin } from 'pinyin-pro';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadPinyinRomanizer, parsePinyin, PINYIN_SYLLABLES, type PinyinRomanizer } from '../../src/language';

let romanizer: PinyinRomanizer;
beforeAll(async () => {
  romanizer = await loadPinyinRomanizer();
});

describe('PINYIN_SYLLABLES', () => {
  it('is what pinyin-pro reads for the CJK Unified Ideographs, minus the interjections and ü forms', () => {
    const fromLibrary = new Set<string>();
    for (let codePoint = 0x4e00; codePoint <= 0x9fff; codePoint += 1) {
      for (const syllable of pinyin(String.fromCodePoint(codePoint), { toneType: 'none', type: 'array', multiple: true })) {
        if (/^[a-z]+$/u.test(syllable)) fromLibrary.add(syllable);
      }
    }
    for (const left of ['hng', 'm', 'n', 'ng']) fromLibrary.delete(left);
    expect([...PINYIN_SYLLABLES].sort()).toEqual([...fromLibrary].sort());
  });
});

describe('parsePinyin', () => {
  it('splits names into syllables, every reading', () => {
    expect(parsePinyin('Nanning')).toEqual(['nan ning']);
    expect(parsePinyin('Zhongguancun')).toEqual(expect.arrayContaining(['zhong guan cun', 'zhong gu an cun']));
    expect(parsePinyin('xunanping')).toEqual(expect.arrayContaining(['xu nan ping', 'xun an ping']));
  });

  it("treats an apostrophe or a hyphen as a syllable boundary (Xi'an is not xian)", () => {
    expect(parsePinyin("Xi'an")).toEqual(['xi an']);
    expect(parsePinyin('Nan-ping')).toEqual(['nan ping']);
  });

  it('rejects words that are not pinyin', () => {
    for (const word of ['Climate', 'Houston', 'research', 'CERC', 'Nan2ning']) expect(parsePinyin(word), word).toEqual([]);
  });
});

describe('PinyinRomanizer', () => {
  it('reads each Han character in context, ü written u', () => {
    expect(romanizer.syllables('徐南平')).toEqual(['xu', 'nan', 'ping']);
    expect(romanizer.syllables('重庆')).toEqual(['chong', 'qing']);
    expect(romanizer.syllables('吕')).toEqual(['lu']);
  });

  it('gives the text pinyin with runs kept apart, so names do not match across punctuation', () => {
    const text = romanizer.textPinyin('在南宁，徐南平 said');
    expect(text).toBe(' zai nan ning | xu nan ping ');
    expect(text.includes(' ning xu ')).toBe(false);
  });
});
