/**
 * Newsletter-like corpora built from SQuAD-format sets (`src/eval/external/`): the written files must parse,
 * with the project's own parser, into exactly the items written — titles, dates, sources, edition pairs —
 * and near-miss questions must be about left-out text only. Reads the tiny fixture
 * `tests/fixtures/external/squad-mini.{en,zh}.json` (three invented articles of three paragraphs each)
 * and writes to a temporary folder.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AnswerResult } from '../../src/answer';
import { InputError } from '../../src/core';
import {
  answerContainsFact,
  answerOutcome,
  buildExternalCorpus,
  checkCorpusParse,
  keyArticles,
  parseSquadDataset,
  planArticle,
  readSquadFile,
  resolveGold,
  sampleArticles,
  splitByArticle,
  writeExternalCorpus,
  type ExternalCorpus,
  type ExternalPart,
  type ExternalSetSource,
  type SquadDataset,
} from '../../src/eval';
import { findEditionPairs, parseNewsletter, type ParsedNewsletter } from '../../src/ingest';
import { makeTempDir, type TempDir } from '../app/support/seed-assistant';

const FIXTURES = path.resolve(import.meta.dirname, '..', 'fixtures', 'external');

let english: SquadDataset;
let chinese: SquadDataset;
let source: ExternalSetSource;

beforeAll(async () => {
  english = await readSquadFile(path.join(FIXTURES, 'squad-mini.en.json'));
  chinese = await readSquadFile(path.join(FIXTURES, 'squad-mini.zh.json'));
  source = { name: 'xquad', editions: [{ lang: 'en', dataset: english }, { lang: 'zh', dataset: chinese }], rule: 'last-paragraph' };
});

let temp: TempDir;
beforeEach(async () => {
  temp = await makeTempDir('external-corpus-');
});
afterEach(async () => {
  await temp.remove();
});

/** Builds and writes a part, then reads every written newsletter back from disk through the parser. */
async function writeAndParse(part: ExternalPart): Promise<{ corpus: ExternalCorpus; parsed: Map<string, ParsedNewsletter> }> {
  const corpus = buildExternalCorpus(source, { part });
  const written = await writeExternalCorpus(corpus, path.join(temp.directory, part));
  const parsed = new Map<string, ParsedNewsletter>();
  for (const name of (await readdir(written.seedsDir)).sort()) {
    parsed.set(name, parseNewsletter(await readFile(path.join(written.seedsDir, name), 'utf8'), `seeds/${name}`));
  }
  return { corpus, parsed };
}

const summary = (newsletter: ParsedNewsletter | undefined): [string, string | null, string | null][] =>
  (newsletter?.articles ?? []).map((article) => [article.title, article.date, article.source]);

describe('reading SQuAD files', () => {
  it('reads the fixture: three articles of three paragraphs', () => {
    expect(english.data.map((article) => [article.title, article.paragraphs.length])).toEqual([
      ['Tesla_Factory', 3],
      ['Lake_Baikal', 3],
      ['Hangzhou_Metro', 3],
    ]);
  });

  it('rejects a file that is not SQuAD-shaped, naming the field', () => {
    expect(() => parseSquadDataset({ data: [{ title: 'x', paragraphs: [{ qas: [] }] }] }, 'bad.json')).toThrow(InputError);
    expect(() => parseSquadDataset({ data: [{ title: 'x', paragraphs: [{ qas: [] }] }] }, 'bad.json')).toThrow(/bad\.json.*data\.0\.paragraphs\.0\.context/u);
  });
});

describe('split by Wikipedia article', () => {
  it('puts the ⌈n/2⌉ titles with the smallest SHA-256 in calibration, the rest in report', () => {
    const parts = splitByArticle(keyArticles(english.data));
    const hashOrder = english.data
      .map((article) => article.title)
      .sort((left, right) => createHash('sha256').update(left).digest('hex').localeCompare(createHash('sha256').update(right).digest('hex')));
    expect(parts.calibration.map((entry) => entry.key)).toEqual(hashOrder.slice(0, 2));
    expect(parts.report.map((entry) => entry.key)).toEqual(hashOrder.slice(2));
  });

  it('samples deterministically; a larger sample keeps the smaller one', () => {
    const all = keyArticles(english.data);
    const one = sampleArticles(all, 1).map((entry) => entry.key);
    const two = sampleArticles(all, 2).map((entry) => entry.key);
    expect(sampleArticles(all, 2).map((entry) => entry.key)).toEqual(two);
    expect(two).toEqual(expect.arrayContaining(one));
    expect(() => sampleArticles(all, 0)).toThrow(InputError);
  });
});

describe('written XQuAD-style corpus (last paragraph of each article left out)', () => {
  it('calibration: the parser reads the written items, titles, dates and source, in both editions', async () => {
    const { corpus, parsed } = await writeAndParse('calibration');
    expect([...parsed.keys()]).toEqual(['xquad-calibration-en.txt', 'xquad-calibration-zh.txt']);
    expect(summary(parsed.get('xquad-calibration-en.txt'))).toEqual([
      ['Lake Baikal – Lake Baikal is the deepest lake', '2019-01-01', 'Science and Technology Daily'],
      ['Lake Baikal – More than 1,700 species of plants and animals', '2019-01-02', 'Science and Technology Daily'],
      ['Hangzhou Metro – Hangzhou Metro opened its first line in 2012', '2019-01-03', 'Science and Technology Daily'],
      ['Hangzhou Metro – Line 1 runs 48 kilometres from Xianghu', '2019-01-04', 'Science and Technology Daily'],
    ]);
    expect(summary(parsed.get('xquad-calibration-zh.txt'))).toEqual([
      ['贝加尔湖是世界上最深的湖泊', '2019-01-01', '科技日报'],
      ['湖中生活着1700多种动植物', '2019-01-02', '科技日报'],
      ['杭州地铁于2012年开通首条线路', '2019-01-03', '科技日报'],
      ['1号线全长48公里', '2019-01-04', '科技日报'],
    ]);
    expect(parsed.get('xquad-calibration-en.txt')?.articles[1]?.body).toBe(english.data[1]?.paragraphs[1]?.context);
    expect(checkCorpusParse(corpus)).toEqual([]);
  });

  it('report: a Chinese paragraph whose first clause has a number and Latin names keeps them in its title', async () => {
    const { parsed } = await writeAndParse('report');
    expect(summary(parsed.get('xquad-report-zh.txt'))).toEqual([
      ['2015年Tesla在Fremont', '2019-01-01', '科技日报'],
      ['该工厂雇用了10000名工人', '2019-01-02', '科技日报'],
    ]);
    expect(summary(parsed.get('xquad-report-en.txt')).map(([title]) => title)).toEqual([
      'Tesla Factory – In 2015 Tesla built 50,000 Model S cars',
      'Tesla Factory – The factory employs 10,000 workers and covers 370',
    ]);
  });

  it.each(['calibration', 'report'] as const)('%s: the pairing stage pairs item n of one edition with item n of the other', async (part) => {
    const { parsed } = await writeAndParse(part);
    const newsletters = [...parsed.values()];
    const [en, zh] = [newsletters.find((item) => item.lang === 'en'), newsletters.find((item) => item.lang === 'zh')];
    const pairs = findEditionPairs(newsletters).pairs.map((pair) => [pair.englishId, pair.chineseId]);
    const expected = (en?.articles ?? []).map((article, index) => [article.id, zh?.articles[index]?.id]);
    expect(expected.length).toBeGreaterThan(0);
    expect(pairs.sort()).toEqual(expected.sort());
  });

  it('asks near misses only about the left-out last paragraphs, in both languages, and they are not written', async () => {
    const { corpus, parsed } = await writeAndParse('calibration');
    const lastParagraphIds = ['Lake_Baikal', 'Hangzhou_Metro'].flatMap((title) => {
      const article = english.data.find((candidate) => candidate.title === title);
      return article?.paragraphs.at(-1)?.qas.map((question) => question.id) ?? [];
    });
    const nearMisses = corpus.questions.filter((question) => question.category === 'unanswerable-near-miss');
    expect(nearMisses.map((question) => question.id).sort()).toEqual(lastParagraphIds.flatMap((id) => [`${id}-en`, `${id}-zh`]).sort());
    expect(nearMisses.every((question) => question.gold.length === 0 && (question.topic?.length ?? 0) === 4)).toBe(true);
    const written = [...parsed.values()].flatMap((newsletter) => newsletter.articles.map((article) => article.body)).join('\n');
    expect(written).not.toContain('frozen for five months');
    expect(written).not.toContain('冰层厚度');
    expect(corpus.questions.filter((question) => question.id.startsWith('tf-'))).toEqual([]);
  });

  it('gives answerable questions gold that resolves to the parsed items, asker language first', async () => {
    const { corpus, parsed } = await writeAndParse('calibration');
    const articles = [...parsed.values()].flatMap((newsletter) => newsletter.articles);
    const facts = corpus.questions.filter((question) => question.category === 'fact');
    expect(facts).toHaveLength(10);
    for (const question of facts) {
      const { groups, unresolved } = resolveGold({ ...question, gold: [...question.gold], facts: [...question.facts] }, articles);
      expect(unresolved).toEqual([]);
      expect(groups).toHaveLength(2);
      expect(question.gold[0]?.file).toBe(`xquad-calibration-${question.lang}.txt`);
    }
    expect(facts.find((question) => question.id === 'hm-2-zh')).toMatchObject({
      lang: 'zh',
      question: '杭州地铁1号线有多长？',
      gold: [{ file: 'xquad-calibration-zh.txt', title: '1号线全长48公里' }, { file: 'xquad-calibration-en.txt', title: 'Hangzhou Metro – Line 1 runs 48 kilometres from Xianghu' }],
      facts: ['48公里'],
      date: '2019-01-04',
    });
  });
});

describe('CMRC-style corpus (last sentence holding an answer left out)', () => {
  const dataset = parseSquadDataset(
    {
      data: [
        {
          title: '示例湖',
          paragraphs: [
            {
              context: '示例湖位于北部山区。湖面面积为120平方公里。湖中有一座名为青岛的小岛，岛上有120户居民。',
              qas: [
                { id: 'q1', question: '示例湖位于哪里？', answers: [{ text: '北部山区', answer_start: 5 }] },
                // Offset 25 is off by five, as a few CMRC offsets are: the nearest occurrence (30) is taken.
                { id: 'q2', question: '湖中的小岛叫什么？', answers: [{ text: '青岛', answer_start: 25 }] },
                { id: 'q3', question: '岛上有多少户居民？', answers: [{ text: '120', answer_start: 39 }] },
              ],
            },
          ],
        },
      ],
    },
    'inline',
  );

  it('writes the paragraph without its last answer sentence; questions about that sentence become near misses', () => {
    const [plan] = planArticle(dataset.data[0]!, 'last-answer-sentence');
    expect(plan?.body).toBe('示例湖位于北部山区。湖面面积为120平方公里。');
    expect(plan?.questions.map((planned) => [planned.question.id, planned.role])).toEqual([
      ['q1', 'answerable'],
      ['q2', 'near-miss'],
    ]);
    // q3's answer text `120` is still written (the lake's area), so it is neither answerable nor a near miss.
    expect(plan?.dropped).toBe(1);
  });
});

describe('scoring an answer', () => {
  it('finds an answer text after NFKC, case and whitespace normalisation; ignores spaces for Chinese', () => {
    expect(answerContainsFact('The network had 12   Lines [1].', ['12 lines'], 'en')).toBe(true);
    expect(answerContainsFact('黑豹队只丢了 308 分。', ['308分'], 'zh')).toBe(true);
    expect(answerContainsFact('ＡＢＣ began in 1943.', ['abc'], 'en')).toBe(true);
    expect(answerContainsFact('The network had 12 lines.', ['twelve'], 'en')).toBe(false);
  });

  it('derives the outcome from found until answers carry one', () => {
    const answer = { found: false } as AnswerResult;
    expect(answerOutcome(answer)).toEqual({ outcome: 'not_found', from: 'found' });
    expect(answerOutcome({ ...answer, found: true, outcome: 'partial' } as AnswerResult)).toEqual({ outcome: 'partial', from: 'field' });
  });
});
