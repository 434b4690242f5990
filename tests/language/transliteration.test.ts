/**
 * Transliteration matching: an English name and its Chinese transliteration reduce to the same phonetic
 * key (Merkel → NKL ← 默克尔), different names do not, names are found inside Chinese sentences, and the
 * character table reads as `pinyin-pro` reads it.
 */
import { pinyin } from 'pinyin-pro';
import { describe, expect, it } from 'vitest';
import { chineseNameKey, englishNameKeys, TRANSLITERATION_PINYIN, transliteratedNames, TransliterationIndex } from '../../src/language';

/** Whether the English name and the Chinese name share a key. */
const matches = (english: string, chinese: string): boolean => {
  const key = chineseNameKey(chinese);
  return key !== null && englishNameKeys(english).includes(key);
};

describe('known transliterations match', () => {
  it.each([
    ['Theresa May', '特雷莎·梅'],
    ['Theresa', '特雷莎'],
    ['Wales', '威尔士'],
    ['Merkel', '默克尔'],
    ['Washington', '华盛顿'],
    ['Pittsburgh', '匹兹堡'],
    ['Jacksonville', '杰克逊维尔'],
    ['Fresno', '弗雷斯诺'],
    ['Mexico', '墨西哥'],
  ])('%s ↔ %s', (english, chinese) => {
    expect(matches(english, chinese), `${englishNameKeys(english).join('/')} vs ${chineseNameKey(chinese)}`).toBe(true);
  });
});

describe('wrong pairs do not', () => {
  it.each([
    ['Peter', '特雷莎'],
    ['Merkel', '威尔士'],
    ['Wales', '默克尔'],
    ['Mary', '特雷莎'],
    ['Theresa May', '默克尔'],
    ['Washington', '匹兹堡'],
  ])('%s ≠ %s', (english, chinese) => {
    expect(matches(english, chinese)).toBe(false);
  });

  it('keeps no key for names too short to tell apart (May, Peter, Luther)', () => {
    for (const name of ['May', 'Lu']) expect(englishNameKeys(name)).toEqual([]);
    expect(chineseNameKey('梅')?.length ?? 0).toBeLessThan(3);
  });

  it('reads only table characters as a name', () => {
    expect(chineseNameKey('发展')).toBeNull();
  });
});

describe('names in Chinese text', () => {
  it('finds whole names and their parts, not stretches cut inside a part', () => {
    const found = transliteratedNames('英国首相特雷莎·梅抵达威尔士，德国总理默克尔表示欢迎。');
    const surfaces = found.map((name) => name.surface);
    expect(surfaces).toEqual(expect.arrayContaining(['特雷莎·梅', '特雷莎', '威尔士', '默克尔']));
    expect(surfaces).not.toContain('雷莎');
    expect(surfaces).not.toContain('克尔');
  });

  it('indexes a corpus by key', () => {
    const index = new TransliterationIndex();
    index.add('德国总理默克尔在柏林发表讲话。');
    index.add('特雷莎·梅访问威尔士。');
    const [merkel] = englishNameKeys('Merkel').filter((key) => index.namesWithKey(key).length > 0);
    expect(merkel === undefined ? [] : index.namesWithKey(merkel)).toEqual(['默克尔']);
    expect(englishNameKeys('Peter').flatMap((key) => index.namesWithKey(key))).toEqual([]);
  });
});

describe('the character table', () => {
  it('gives each character a reading pinyin-pro knows for it', () => {
    const wrong: string[] = [];
    for (const [character, syllable] of TRANSLITERATION_PINYIN) {
      const readings = pinyin(character, { toneType: 'none', type: 'array', multiple: true }).map((reading) => reading.replaceAll('ü', 'u'));
      if (!readings.includes(syllable)) wrong.push(`${character} ${syllable} (${readings.join('/')})`);
    }
    expect(wrong).toEqual([]);
  });
});
