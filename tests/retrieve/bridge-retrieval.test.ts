/**
 * The offline bridge through the real retriever: a small corpus of Chinese-only news items written for
 * this test (general news, no newsletter or evaluation text), indexed with the model-free hashed embedder
 * into a temp folder, and English queries that share no word with them. With the lexicon the retriever
 * turns the query into the Chinese words the corpus writes (dictionary senses, transliterated names) and
 * finds the item; without it, the English query cannot reach a Chinese-only item except by chance.
 *
 * The retrievers under test rerank only the first {@link RERANK_DEPTH} fused groups: in this corpus of 8
 * items the default depth (20) would let coverage rerank every item, hiding whether the item became a
 * candidate at all — which is what decides in a corpus of thousands.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAssistant, type AssistantRuntime } from '../../src/app';
import { createSilentLogger } from '../../src/core';
import { renderNewsletter } from '../../src/eval';
import { Glossary, loadBilingualLexicon } from '../../src/language';
import { HybridRetriever } from '../../src/retrieve';
import { makeConfig, makeTempDir, type TempDir } from '../app/support/seed-assistant';

const ITEMS = [
  { title: '冰岛火山再次喷发', body: '冰岛南部一座火山周日再次喷发，大量火山灰飘向欧洲北部，多国机场被迫关闭，数百个航班取消。' },
  { title: '特雷莎·梅访问威尔士', body: '英国首相特雷莎·梅周二抵达威尔士首府卡迪夫，与当地企业代表座谈，讨论脱欧后的贸易安排。' },
  { title: '默克尔出席柏林会议', body: '德国总理默克尔周三在柏林出席数字经济会议，呼吁欧洲各国加强人工智能领域的合作。' },
  { title: '墨西哥城发生强烈地震', body: '墨西哥城当地时间周四发生强烈地震，多栋建筑受损，救援人员连夜搜救被困群众。' },
  { title: '新版年鉴收录发明家生平', body: '新出版的地方年鉴收录了一位发明家的生平，他一生获得四十多项专利，发明了新型电池。' },
  { title: '上海国际车展开幕', body: '上海国际车展周一开幕，多家车企发布电动汽车新品，参观人数创下新高。' },
  { title: '北京推进垃圾分类', body: '北京市今年继续推进垃圾分类，社区志愿者每天在投放点指导居民正确分类。' },
  { title: '科研人员培育耐盐水稻', body: '科研人员培育出一种耐盐水稻，在沿海滩涂试种获得丰收，亩产超过五百公斤。' },
] as const;

const QUERIES = [
  { query: 'Volcano erupts again, ash closes airports', item: 0 },
  { query: 'Theresa May visits Wales', item: 1 },
  { query: 'Merkel speaks at a conference in Berlin', item: 2 },
  { query: 'Strong earthquake hits Mexico City', item: 3 },
  { query: 'Almanac records the life of an inventor', item: 4 },
] as const;

let temp: TempDir;
let runtime: AssistantRuntime;
let bridged: HybridRetriever;
let literal: HybridRetriever;

/** Fused groups the test retrievers rerank by coverage. */
const RERANK_DEPTH = 2;

beforeAll(async () => {
  temp = await makeTempDir('bridge-retrieval-');
  const seedsDir = path.join(temp.directory, 'seeds');
  await mkdir(seedsDir, { recursive: true });
  const items = ITEMS.map((item, index) => ({ ...item, date: `2019-03-${String(index + 1).padStart(2, '0')}` }));
  await writeFile(path.join(seedsDir, 'world-news-zh.txt'), renderNewsletter('zh', 1, 2019, items), 'utf8');
  const glossaryFile = path.join(temp.directory, 'glossary.tsv');
  await writeFile(glossaryFile, '', 'utf8');
  const config = makeConfig({ INDEX_DIR: path.join(temp.directory, 'index'), SEEDS_DIR: seedsDir, GLOSSARY_FILE: glossaryFile, PAIR_OVERRIDES_FILE: path.join(temp.directory, 'pairs.tsv') });
  runtime = await openAssistant(config, createSilentLogger(), { llm: 'none' });
  const lexicon = await loadBilingualLexicon();
  bridged = new HybridRetriever(runtime.index, runtime.embedder.embedder, { glossary: Glossary.empty(), lexicon, rerankDepth: RERANK_DEPTH });
  literal = new HybridRetriever(runtime.index, runtime.embedder.embedder, { glossary: Glossary.empty(), rerankDepth: RERANK_DEPTH });
}, 120_000);
afterAll(async () => {
  await temp?.remove();
});

const titleOf = (item: number): string => ITEMS[item]?.title ?? '';

describe('English queries over Chinese-only items', () => {
  it('indexes every item, all Chinese and unpaired', () => {
    expect(runtime.retriever.articles.map((article) => article.title)).toEqual(ITEMS.map((item) => item.title));
    expect(runtime.retriever.articles.every((article) => article.lang === 'zh' && article.pairId === null)).toBe(true);
  });

  it.each(QUERIES)('finds the item first with the bridge: $query', async ({ query, item }) => {
    const [best] = await bridged.search(query, { k: 3, lang: 'en' });
    expect(best?.article.title, bridged.translation(query)).toBe(titleOf(item));
  });

  it('translates through the dictionary and transliterated names the corpus writes', () => {
    expect(runtime.retriever.translation('Volcano erupts again').split(' ')).toEqual(expect.arrayContaining(['火山', '喷发']));
    expect(runtime.retriever.translation('Theresa May visits Wales').split(' ')).toEqual(expect.arrayContaining(['特雷莎·梅', '威尔士']));
    expect(runtime.retriever.translation('Almanac inventor').split(' ')).toEqual(expect.arrayContaining(['年鉴', '发明家']));
    // No word the corpus does not write (发明人 is a sense of "inventor" too, but no item has it).
    expect(runtime.retriever.translation('Almanac inventor').split(' ')).not.toContain('发明人');
  });

  it('does not reach them as well without the lexicon', async () => {
    let first = 0;
    for (const { query, item } of QUERIES) {
      const [best] = await literal.search(query, { k: 3, lang: 'en' });
      if (best?.article.title === titleOf(item)) first += 1;
    }
    expect(first).toBeLessThanOrEqual(2);
  });

  it('covers a transliterated name in the Chinese item, and not in the others', () => {
    const terms = bridged.questionTerms('Theresa visits');
    const theresa = terms.filter((term) => term.phoneticKeys !== undefined);
    expect(theresa.map((term) => term.surface)).toEqual(['theresa']);
    const covered = bridged.articles.filter((article) => bridged.coveredTerms(article.id, theresa)[0] === true).map((article) => article.title);
    expect(covered).toEqual([titleOf(1)]);
  });
});
