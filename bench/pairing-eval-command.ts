/**
 * `npm run eval:pairing -- [--data DIR] [--json]`: how well edition pairing (`pairEditions`) matches each
 * Chinese article with its English edition on general text it was not written against.
 *
 * Corpus: XQuAD's development half (`../shared/eval/external/xquad-dev/`, see its README): the same
 * Wikipedia paragraphs in English and in a professional Chinese translation, aligned by order. Each
 * paragraph becomes one article (title: its first sentence; body: the paragraph) of a Chinese and of an
 * English "issue"; paragraph i of one file is the edition of paragraph i of the other.
 *
 * Split by Wikipedia article, in file order: `tuning` = the first 12 articles' paragraphs (60), the half
 * the pairing policy may be fitted on; `report` = the other 12 (60), whose figures are reported; `all` =
 * the 120 × 120 issue, for timing.
 *
 * Scenarios (each on each half):
 * - `a-same-order`: both files one issue (same number), every item dated with the issue date, same order;
 * - `b-shuffled`: as (a), the English items in a shuffled order;
 * - `c-unmatched`: as (b), with 10 % of the Chinese and another 10 % of the English items removed, so that
 *   20 % of the items have no counterpart (they must stay unpaired);
 * - `d-no-dates`: as (b), no dates and no issue at all;
 * - `e-no-dates-unmatched`: as (c), no dates and no issue (the hardest: content alone, with orphans).
 *
 * Printed per scenario and half: right (a pair found and correct), wrong (a pair found that is not the
 * aligned one, or found for an item without counterpart), missing (a counterpart present but not paired),
 * and the time of `pairEditions` (ms, the first call includes loading the lexicon and is shown apart).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Command } from 'commander';
import type { Article, IssueInfo, Language } from '../src/core';
import { pairEditions, type ParsedNewsletter } from '../src/ingest';
import { REPOSITORY_ROOT } from '../src/cli/cli-support';

/** Wikipedia articles in the tuning half (the first ones in file order); the rest are the report half. */
const TUNING_ARTICLES = 12;
/** Share of items removed on each side in scenario (c). */
const REMOVED_SHARE_PER_SIDE = 0.1;
const ISSUE_DATE = '2024-05-01';

interface SquadFile {
  readonly data: readonly { readonly title: string; readonly paragraphs: readonly { readonly context: string }[] }[];
}

interface Paragraph {
  readonly article: number;
  readonly zh: string;
  readonly en: string;
}

type Scenario = 'a-same-order' | 'b-shuffled' | 'c-unmatched' | 'd-no-dates' | 'e-no-dates-unmatched';
const SCENARIOS: readonly Scenario[] = ['a-same-order', 'b-shuffled', 'c-unmatched', 'd-no-dates', 'e-no-dates-unmatched'];

interface Figures {
  readonly scenario: Scenario;
  readonly half: 'tuning' | 'report' | 'all';
  readonly items: number;
  readonly right: number;
  readonly wrong: number;
  readonly missing: number;
  readonly milliseconds: number;
}

/** A deterministic pseudo-random generator (mulberry32), so that every run shuffles alike. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function shuffled<T>(items: readonly T[], seed: number): T[] {
  const next = random(seed);
  const copy = [...items];
  for (let index = copy.length - 1; index > 0; index -= 1) {
    const other = Math.floor(next() * (index + 1));
    [copy[index], copy[other]] = [copy[other] as T, copy[index] as T];
  }
  return copy;
}

/** The first sentence of a paragraph (at most 120 characters) as its title. */
function titleOf(text: string, lang: Language): string {
  const end = lang === 'zh' ? text.search(/[。！？]/u) : text.search(/[.!?](?:\s|$)/u);
  const sentence = end < 0 ? text : text.slice(0, end + 1);
  return sentence.length > 120 ? `${sentence.slice(0, 120)}…` : sentence;
}

/** One "issue" file of the given paragraphs (by their index in the corpus), in that order. */
function issueFile(lang: Language, paragraphs: readonly Paragraph[], indexes: readonly number[], dated: boolean): ParsedNewsletter {
  const file = `xquad/issue.${lang}.txt`;
  const issue: IssueInfo = dated ? { number: '1', date: ISSUE_DATE, label: 'No. 1' } : { number: null, date: null, label: null };
  const articles: Article[] = indexes.map((corpusIndex, index) => {
    const paragraph = paragraphs[corpusIndex];
    if (paragraph === undefined) throw new Error(`no paragraph ${corpusIndex}`);
    const text = lang === 'zh' ? paragraph.zh : paragraph.en;
    return {
      // The id carries the corpus index so that pairs can be checked.
      id: `${lang}-${corpusIndex}`,
      file,
      position: index + 1,
      title: titleOf(text, lang),
      subtitle: null,
      body: text,
      source: null,
      date: dated ? ISSUE_DATE : null,
      dateSource: dated ? 'issue' : null,
      issue,
      section: null,
      lang,
      pairId: null,
      link: null,
    };
  });
  return { file, lang, issue, articles, report: { masthead: [], issue, contents: [], evidence: [], dropped: [], droppedCount: 0, warnings: [] } };
}

function run(scenario: Scenario, half: Figures['half'], paragraphs: readonly Paragraph[], selected: readonly number[]): Figures {
  const seed = selected.length * 31 + SCENARIOS.indexOf(scenario);
  let chineseIndexes = [...selected];
  let englishIndexes = scenario === 'a-same-order' ? [...selected] : shuffled(selected, seed);
  if (scenario === 'c-unmatched' || scenario === 'e-no-dates-unmatched') {
    const removed = shuffled(selected, seed + 1);
    const count = Math.round(selected.length * REMOVED_SHARE_PER_SIDE);
    const noChinese = new Set(removed.slice(0, count));
    const noEnglish = new Set(removed.slice(count, 2 * count));
    chineseIndexes = chineseIndexes.filter((index) => !noChinese.has(index));
    englishIndexes = englishIndexes.filter((index) => !noEnglish.has(index));
  }
  const dated = scenario !== 'd-no-dates' && scenario !== 'e-no-dates-unmatched';
  const files = [issueFile('zh', paragraphs, chineseIndexes, dated), issueFile('en', paragraphs, englishIndexes, dated)];
  const start = performance.now();
  const paired = pairEditions(files);
  const milliseconds = performance.now() - start;
  const englishPresent = new Set(englishIndexes);
  let right = 0;
  let wrong = 0;
  let missing = 0;
  for (const article of paired[0]?.articles ?? []) {
    const corpusIndex = Number(article.id.slice(3));
    const expected = englishPresent.has(corpusIndex) ? `en-${corpusIndex}` : null;
    if (article.pairId === null) missing += expected === null ? 0 : 1;
    else if (article.pairId === expected) right += 1;
    else {
      wrong += 1;
      if (expected !== null) missing += 1;
    }
  }
  // English items paired wrongly from a Chinese item whose counterpart is absent are counted above.
  return { scenario, half, items: chineseIndexes.length, right, wrong, missing, milliseconds };
}

async function readParagraphs(directory: string): Promise<Paragraph[]> {
  const [english, chinese] = await Promise.all(
    ['xquad.en.dev.json', 'xquad.zh.dev.json'].map(async (name) => JSON.parse(await readFile(path.join(directory, name), 'utf8')) as SquadFile),
  );
  if (english === undefined || chinese === undefined) throw new Error('XQuAD files missing');
  const paragraphs: Paragraph[] = [];
  english.data.forEach((article, articleIndex) => {
    const other = chinese.data[articleIndex];
    if (other === undefined || other.paragraphs.length !== article.paragraphs.length) throw new Error(`XQuAD article ${article.title} is not aligned`);
    article.paragraphs.forEach((paragraph, index) => {
      paragraphs.push({ article: articleIndex, en: paragraph.context, zh: other.paragraphs[index]?.context ?? '' });
    });
  });
  return paragraphs;
}

async function main(argv: readonly string[]): Promise<void> {
  const options = new Command('eval:pairing')
    .option('--data <dir>', 'XQuAD development half', path.join(REPOSITORY_ROOT, '..', 'shared', 'eval', 'external', 'xquad-dev'))
    .option('--json', 'print JSON lines')
    .parse([...argv], { from: 'user' })
    .opts<{ data: string; json?: boolean }>();
  const paragraphs = await readParagraphs(options.data);
  const all = paragraphs.map((_paragraph, index) => index);
  const halves = {
    tuning: all.filter((index) => (paragraphs[index]?.article ?? 0) < TUNING_ARTICLES),
    report: all.filter((index) => (paragraphs[index]?.article ?? 0) >= TUNING_ARTICLES),
    all,
  } as const;
  // Warm-up: the first call loads what pairing loads once per process.
  const warm = performance.now();
  pairEditions([issueFile('zh', paragraphs, [0], true), issueFile('en', paragraphs, [0], true)]);
  const warmUp = performance.now() - warm;
  if (!options.json) console.log(`first call (loading once per process): ${warmUp.toFixed(0)} ms`);
  const results: Figures[] = [];
  for (const half of ['tuning', 'report', 'all'] as const) {
    for (const scenario of SCENARIOS) {
      const figures = run(scenario, half, paragraphs, halves[half]);
      results.push(figures);
      if (options.json) console.log(JSON.stringify(figures));
      else
        console.log(
          `${half.padEnd(6)} ${scenario.padEnd(20)} items ${String(figures.items).padStart(3)}  right ${String(figures.right).padStart(3)}  wrong ${String(figures.wrong).padStart(2)}  missing ${String(figures.missing).padStart(3)}  ${figures.milliseconds.toFixed(0)} ms`,
        );
    }
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
