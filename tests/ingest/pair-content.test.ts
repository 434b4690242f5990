/**
 * Content evidence of edition pairing: translated terms (CC-CEDICT senses of the Chinese words against the
 * English text's stems), transliterated names (phonetic keys), and the ratio test that keeps two look-alike
 * items apart — on hand-written editions, and on the tuning half of the XQuAD development set (read from
 * `../shared/eval/external/`, skipped when absent) as `npm run eval:pairing` builds it.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Language } from '../../src/core';
import { findEditionPairs } from '../../src/ingest/pairing';
import { makeNewsletter } from './pairing-fixtures';

const undated = (title: string, body: string) => ({ title, body });

/** Three undated items per edition without numbers, Latin words or glossary names: only translation links them. */
const chinese = makeNewsletter('zh.txt', 'zh', [
  undated('两国签署农业合作协议', '双方同意在水稻育种和灌溉技术方面开展合作，并交流农民培训经验。'),
  undated('默克尔访问清华大学', '德国总理默克尔参观了实验室，与学生讨论了气候变化和可再生能源。'),
  undated('新型疫苗进入临床试验', '研究人员报告说，这种疫苗在动物实验中安全有效，医院将招募志愿者。'),
]);
const english = makeNewsletter('en.md', 'en', [
  undated('New vaccine enters clinical trials', 'Researchers report that the vaccine was safe and effective in animal experiments; hospitals will recruit volunteers.'),
  undated('The two countries sign an agricultural cooperation agreement', 'Both sides agreed to cooperate on rice breeding and irrigation technology and to exchange experience in training farmers.'),
  undated('Merkel visits Tsinghua University', 'German Chancellor Merkel toured the laboratory and discussed climate change and renewable energy with students.'),
]);

describe('translated terms and transliterated names', () => {
  it('pair undated translations that share no number, Latin word or glossary name, and say why', () => {
    const report = findEditionPairs([chinese, english]);
    expect(report.pairs.map((pair) => [pair.chineseId, pair.englishId])).toEqual([
      ['zh#1', 'en#2'],
      ['zh#2', 'en#3'],
      ['zh#3', 'en#1'],
    ]);
    const vaccine = report.pairs.find((pair) => pair.chineseId === 'zh#3');
    expect(vaccine?.evidence?.sharedTerms).toEqual(expect.arrayContaining(['疫苗→vaccin']));
    expect(vaccine?.terms?.terms).toBeGreaterThan(0);
    const merkel = report.pairs.find((pair) => pair.chineseId === 'zh#2');
    expect(merkel?.evidence?.sharedTransliterations.some((name) => name.startsWith('默克尔~Merkel'))).toBe(true);
  });

  it('pair none of them without the lexicon (numbers and names alone are not there)', () => {
    const report = findEditionPairs([chinese, english], { lexicon: null });
    expect(report.pairs).toEqual([]);
  });

  it('leave an item unpaired when its counterpart is missing, even on the same date', () => {
    const dated = (newsletter: typeof chinese, drop: number) =>
      makeNewsletter(
        newsletter.file,
        newsletter.lang,
        newsletter.articles.filter((_article, index) => index !== drop).map((article) => ({ title: article.title, body: article.body, date: '2021-03-01' })),
      );
    // The vaccine item is missing in English, the agriculture item in Chinese.
    const report = findEditionPairs([dated(chinese, 0), dated(english, 0)]);
    expect(report.pairs.map((pair) => [pair.chineseId, pair.englishId])).toEqual([['zh#1', 'en#2']]);
  });
});

const XQUAD = path.resolve(__dirname, '..', '..', '..', 'shared', 'eval', 'external', 'xquad-dev');
const haveXquad = existsSync(path.join(XQUAD, 'xquad.zh.dev.json'));

/** The first `articles` Wikipedia articles' paragraphs of XQuAD in one language (the tuning half: 12). */
function paragraphs(lang: Language, articles: number): string[] {
  const data = JSON.parse(readFileSync(path.join(XQUAD, `xquad.${lang}.dev.json`), 'utf8')) as { data: { paragraphs: { context: string }[] }[] };
  return data.data.slice(0, articles).flatMap((article) => article.paragraphs.map((paragraph) => paragraph.context));
}

describe.skipIf(!haveXquad)('XQuAD tuning half as two undated editions', () => {
  it('pairs at least 95 % right and none wrong, with 10 % of each side missing its counterpart', () => {
    const zh = paragraphs('zh', 12);
    const en = paragraphs('en', 12);
    const keptChinese = zh.map((_text, index) => index).filter((index) => index % 10 !== 3);
    const keptEnglish = en.map((_text, index) => index).filter((index) => index % 10 !== 8).reverse();
    const edition = (lang: Language, texts: string[], kept: number[]) =>
      makeNewsletter(`xquad.${lang}`, lang, kept.map((index) => ({ id: `${lang}-${index}`, title: (texts[index] ?? '').slice(0, 30), body: texts[index] ?? '' })));
    const report = findEditionPairs([edition('zh', zh, keptChinese), edition('en', en, keptEnglish)]);
    const wrong = report.pairs.filter((pair) => pair.chineseId.slice(3) !== pair.englishId.slice(3));
    const expected = keptChinese.filter((index) => keptEnglish.includes(index)).length;
    expect(wrong).toEqual([]);
    expect(report.pairs.length).toBeGreaterThanOrEqual(Math.ceil(0.95 * expected));
  });
});
