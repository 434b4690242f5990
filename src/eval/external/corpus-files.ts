/**
 * Writing a generated corpus to disk (a `seeds/` folder the assistant indexes, the question file, a
 * manifest) and checking that the project's own parser reads the written files back into exactly the
 * items that were written.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Article } from '../../core';
import { parseNewsletter } from '../../ingest';
import type { ExternalCorpus } from './external-corpus';
import { titleKey } from './headlines';

/** Where {@link writeExternalCorpus} put things (absolute paths). */
export interface WrittenCorpus {
  /** The newsletter files, and nothing else. */
  readonly seedsDir: string;
  /** JSON Lines, one `ExternalQuestion` per line. */
  readonly questionsFile: string;
  /** `corpus.json`: the counts and every item's file, position, title, date and paragraph, for inspection. */
  readonly manifestFile: string;
}

/**
 * Writes `corpus` under `directory`: `seeds/` (emptied first, so files of an earlier, larger sample do not
 * linger), `questions.jsonl` and `corpus.json`. The same corpus always gives the same bytes, so an index
 * built from an earlier run stays current.
 * @throws the file system's error when a folder cannot be created or a file written.
 */
export async function writeExternalCorpus(corpus: ExternalCorpus, directory: string): Promise<WrittenCorpus> {
  const seedsDir = path.join(directory, 'seeds');
  await rm(seedsDir, { recursive: true, force: true });
  await mkdir(seedsDir, { recursive: true });
  for (const file of corpus.files) await writeFile(path.join(seedsDir, file.name), file.text, 'utf8');
  const questionsFile = path.join(directory, 'questions.jsonl');
  await writeFile(questionsFile, corpus.questions.map((question) => `${JSON.stringify(question)}\n`).join(''), 'utf8');
  const manifestFile = path.join(directory, 'corpus.json');
  const manifest = {
    set: corpus.set,
    part: corpus.part,
    stats: corpus.stats,
    files: corpus.files.map((file) => ({
      name: file.name,
      lang: file.lang,
      items: file.items.map(({ position, title, date, articleKey, paragraphIndex }) => ({ position, title, date, articleKey, paragraphIndex })),
    })),
  };
  await writeFile(manifestFile, `${JSON.stringify(manifest, null, 2)}\n`, 'utf8');
  return { seedsDir, questionsFile, manifestFile };
}

/** One difference between what was written and what the parser read. */
export interface CorpusParseProblem {
  readonly file: string;
  /** `missing`: no parsed article has the item's title; `extra`: a parsed article matches no item. */
  readonly kind: 'missing' | 'extra' | 'position' | 'date' | 'body';
  /** The written item's title (for `extra`, the parsed article's). */
  readonly title: string;
  /** What was written (for `body`: around the first difference, whitespace removed). */
  readonly expected: string;
  /** What the parser read. */
  readonly found: string;
}

const squash = (text: string): string => text.replace(/\s+/gu, '');

/**
 * Parses each written file with `parseNewsletter` (as the index build does, path `seeds/<name>`) and
 * compares its articles with the items, matched by title (whitespace, punctuation and case ignored).
 * @returns every difference, file by file; empty when the parser reads exactly the items written.
 */
export function checkCorpusParse(corpus: ExternalCorpus): CorpusParseProblem[] {
  const problems: CorpusParseProblem[] = [];
  for (const file of corpus.files) {
    const parsed = parseNewsletter(file.text, `seeds/${file.name}`).articles;
    const byTitle = new Map(parsed.map((article) => [titleKey(article.title), article]));
    const expectedKeys = new Set(file.items.map((item) => titleKey(item.title)));
    for (const item of file.items) {
      const article = byTitle.get(titleKey(item.title));
      const problem = (kind: CorpusParseProblem['kind'], expected: string, found: string): void => {
        problems.push({ file: file.name, kind, title: item.title, expected, found });
      };
      if (article === undefined) {
        problem('missing', `item ${item.position}`, parsed[item.position - 1]?.title ?? '(none)');
        continue;
      }
      if (article.position !== item.position) problem('position', String(item.position), String(article.position));
      if (article.date !== item.date) problem('date', item.date, String(article.date));
      const [written, read] = [squash(item.body), squash(article.body)];
      if (written !== read) {
        let at = 0;
        while (at < written.length && written[at] === read[at]) at += 1;
        const around = (text: string): string => `…${text.slice(Math.max(0, at - 30), at + 30)}…`;
        problem('body', around(written), around(read));
      }
    }
    for (const article of parsed) {
      if (!expectedKeys.has(titleKey(article.title))) {
        problems.push({ file: file.name, kind: 'extra', title: article.title, expected: '(no such item)', found: `article ${article.position}` });
      }
    }
  }
  return problems;
}

/** How the index paired the editions of a multi-edition corpus, item by item. */
export interface EditionPairingCheck {
  /** Items of the first edition that have another edition (0 for a one-language corpus). */
  readonly expected: number;
  /** Of those, paired with the item written as their other edition. */
  readonly correct: number;
  /** Paired with another article. */
  readonly wrong: number;
  /** Not paired, or not found among the articles. */
  readonly unpaired: number;
}

/**
 * Compares the indexed articles' `pairId`s with the editions as written (item n of each file is one
 * paragraph); articles are matched to items by file name and title, as gold references are.
 */
export function checkEditionPairs(corpus: ExternalCorpus, articles: readonly Article[]): EditionPairingCheck {
  const byItem = new Map(articles.map((article) => [`${path.basename(article.file)}\u0000${titleKey(article.title)}`, article]));
  const find = (file: string, title: string): Article | undefined => byItem.get(`${file}\u0000${titleKey(title)}`);
  const [first, ...others] = corpus.files;
  let expected = 0;
  let correct = 0;
  let wrong = 0;
  for (const other of others) {
    first?.items.forEach((item, index) => {
      const twin = other.items[index];
      if (twin === undefined) return;
      expected += 1;
      const article = find(item.file, item.title);
      const twinArticle = find(twin.file, twin.title);
      if (article?.pairId === undefined || article.pairId === null || twinArticle === undefined) return;
      if (article.pairId === twinArticle.id) correct += 1;
      else wrong += 1;
    });
  }
  return { expected, correct, wrong, unpaired: expected - correct - wrong };
}
