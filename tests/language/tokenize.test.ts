import { describe, expect, it } from 'vitest';
import { isStopword, tokenize } from '../../src/language';

function shared(left: string, right: string): string[] {
  const rightTokens = new Set(tokenize(right));
  return [...new Set(tokenize(left))].filter((token) => rightTokens.has(token));
}

describe('tokenize: Chinese', () => {
  it('emits the character bigrams of a Han run, each two-character word once', () => {
    // ICU segments 中美|清洁|能源|联合|研究|中心: every word is also a bigram, so nothing is doubled.
    expect(tokenize('中美清洁能源联合研究中心')).toEqual([
      '中美', '美清', '清洁', '洁能', '能源', '源联', '联合', '合研', '研究', '究中', '中心',
    ]);
    expect(tokenize('能源')).toEqual(['能源']);
  });

  it('adds ICU words of three or more characters to their bigrams', () => {
    expect(tokenize('共和国')).toEqual(['共和', '和国', '共和国']);
  });

  it('lets partial names share terms through bigrams', () => {
    expect(shared('自贸区', '广东自贸试验区')).toContain('自贸');
    expect(shared('休斯敦', '休斯顿')).toEqual(['休斯']);
  });

  it('drops single-character function words and breaks bigrams at them', () => {
    const tokens = tokenize('中国的科技和美国的高校');
    expect(tokens).not.toContain('的');
    expect(tokens).not.toContain('和');
    expect(tokens).not.toContain('国的');
    expect(tokens).not.toContain('技和');
    expect(tokens).toEqual(expect.arrayContaining(['中国', '科技', '美国', '高校']));
  });

  it('drops question words and filler, since queries are questions', () => {
    const tokens = tokenize('概括一下讲南沙综合保税区的那篇，有哪些什么');
    for (const filler of ['概括', '一下', '那篇', '哪些', '什么', '讲', '讲南']) expect(tokens).not.toContain(filler);
    expect(tokens).toEqual(expect.arrayContaining(['南沙', '综合', '保税']));
  });

  it('keeps an isolated character that is not a stopword', () => {
    expect(tokenize('在京')).toEqual(['在京']);
    expect(tokenize('中美，美')).toEqual(['中美', '美']);
  });

  it('normalises full-width digits and letters (NFKC)', () => {
    expect(tokenize('２０１６年，ＣＥＲＣ会议')).toEqual(['2016', '年', 'cerc', '会议']);
  });
});

describe('tokenize: English', () => {
  it('stems with Porter2, so cooperation and cooperate share a term', () => {
    expect(tokenize('cooperation')).toEqual(tokenize('cooperate'));
    expect(tokenize('Scientists')).toEqual(tokenize('scientist'));
  });

  it('removes English stopwords and lowercases', () => {
    expect(tokenize('The Minister of Science and Technology')).toEqual(['minist', 'scienc', 'technolog']);
  });

  it('keeps numbers, joins thousands separators and keeps decimals whole', () => {
    expect(tokenize('78 projects, 714 platforms and 1,000 teams in 2016; growth of 3.5%')).toEqual([
      '78', 'project', '714', 'platform', '1000', 'team', '2016', 'growth', '3.5',
    ]);
  });

  it('splits dotted dates and letter-digit words into their parts as well', () => {
    expect(tokenize('2016.06.05')).toEqual(['2016', '06', '05']);
    expect(tokenize('ESOF2016')).toEqual(['esof2016', 'esof', '2016']);
  });

  it('strips possessives and typographic apostrophes', () => {
    expect(tokenize('China’s')).toEqual(['china']);
    expect(tokenize("China's")).toEqual(['china']);
  });

  it('drops single letters', () => {
    expect(tokenize('Plan B x')).toEqual(['plan']);
  });
});

describe('tokenize: mixed text', () => {
  it('handles Latin and Han runs in one string, in text order', () => {
    expect(tokenize('CERC第八次指导委员会 meeting in 2016')).toEqual([
      'cerc', '第八', '八次', '次指', '指导', '导委', '委员', '员会', 'meet', '2016',
    ]);
  });

  it('returns nothing for empty, punctuation-only or stopword-only text', () => {
    expect(tokenize('')).toEqual([]);
    expect(tokenize('，。！？—— …')).toEqual([]);
    expect(tokenize('what is the 什么 的')).toEqual([]);
  });
});

describe('isStopword', () => {
  it('recognises English and Chinese stopwords, not content words', () => {
    for (const word of ['the', "don't", '的', '了', '哪些', '一下']) expect(isStopword(word)).toBe(true);
    for (const word of ['china', 'us', '中美', '科技', '美']) expect(isStopword(word)).toBe(false);
  });
});
