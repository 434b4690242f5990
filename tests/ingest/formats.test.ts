/**
 * Issue 5, formats: the seed newsletters rendered to PDF (one and two columns), DOCX and HTML yield the
 * same articles as their text versions — titles, outlets, dates, sections, bodies and edition pairs —
 * and match the ground truth (`tests/fixtures/articles.md`).
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSilentLogger, type Article } from '../../src/core';
import { loadNewsletters, type LoadedNewsletters } from '../../src/ingest';
import { readGroundTruth } from '../support/ground-truth';
import { readSourceBlocks, renderDocx, renderHtml, renderPdf, type SourceBlock } from './render-newsletters';
import { SEED_FIXTURE_DIR } from '../support/seed-fixture';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const SEEDS = SEED_FIXTURE_DIR;
const truth = readGroundTruth();
const titles = new Set(truth.map((article) => article.title));

type Rendering = 'pdf' | 'pdf-two-columns' | 'docx' | 'html';
const EXTENSION: Record<Rendering, string> = { pdf: '.pdf', 'pdf-two-columns': '.pdf', docx: '.docx', html: '.html' };

async function render(rendering: Rendering, blocks: readonly SourceBlock[], name: string): Promise<Buffer> {
  switch (rendering) {
    case 'pdf':
      return renderPdf(blocks);
    case 'pdf-two-columns':
      return renderPdf(blocks, { columns: 2 });
    case 'docx':
      return renderDocx(blocks);
    case 'html':
      return Buffer.from(renderHtml(blocks, name), 'utf8');
  }
}

const stem = (file: string): string => path.basename(file).replace(/\.[^.]+$/u, '');
/** What the text and the rendered versions must agree on; ids and pairs by file stem and position. */
function summary(article: Article, all: readonly Article[]): Record<string, unknown> {
  const partner = all.find((other) => other.id === article.pairId);
  return {
    file: stem(article.file),
    position: article.position,
    title: article.title,
    source: article.source,
    date: article.date,
    dateSource: article.dateSource,
    section: article.section,
    issue: article.issue.number,
    lang: article.lang,
    pair: partner === undefined ? null : `${stem(partner.file)}#${partner.position}`,
    body: article.body.replace(/\s+/gu, ''),
  };
}

let textVersion: LoadedNewsletters;
beforeAll(async () => {
  textVersion = await loadNewsletters(SEEDS, ROOT, createSilentLogger());
});

describe.each<Rendering>(['pdf', 'docx', 'html', 'pdf-two-columns'])('the seed newsletters rendered as %s', (rendering) => {
  let directory: string;
  let loaded: LoadedNewsletters;
  const timings: Record<string, number> = {};

  beforeAll(async () => {
    directory = await mkdtemp(path.join(tmpdir(), `newsletter-${rendering}-`));
    const seeds = (await readdir(SEEDS)).filter((name) => name.endsWith('.txt'));
    for (const name of seeds) {
      const blocks = readSourceBlocks(await readFile(path.join(SEEDS, name), 'utf8'), titles);
      await writeFile(path.join(directory, `${stem(name)}${EXTENSION[rendering]}`), await render(rendering, blocks, name));
    }
    const started = performance.now();
    loaded = await loadNewsletters(directory, ROOT, createSilentLogger());
    timings.load = performance.now() - started;
  });

  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('skips no file and finds the 45 articles of the ground truth, file by file', () => {
    expect(loaded.skippedFiles).toEqual([]);
    expect(loaded.articles).toHaveLength(45);
    const count = (files: readonly string[]): Record<string, number> =>
      files.reduce<Record<string, number>>((counts, file) => ({ ...counts, [stem(file)]: (counts[stem(file)] ?? 0) + 1 }), {});
    expect(count(loaded.articles.map((article) => article.file))).toEqual(count(truth.map((article) => article.file)));
  });

  it('gives every article the ground truth title, outlet, source date and pair', () => {
    for (const expected of truth) {
      const label = `${expected.file} #${expected.position}`;
      const article = loaded.articles.find((candidate) => stem(candidate.file) === stem(expected.file) && candidate.position === expected.position);
      expect(article?.title, label).toBe(expected.title);
      expect(article?.source, label).toBe(expected.source);
      if (expected.sourceDate !== null) expect(article?.date, label).toBe(expected.sourceDate);
      const partner = loaded.articles.find((other) => other.id === article?.pairId);
      expect(partner?.title ?? null, label).toBe(expected.pairTitle);
    }
  });

  it('yields the same articles as the text versions: metadata, sections, pairs and bodies', () => {
    const expected = textVersion.articles.map((article) => summary(article, textVersion.articles));
    const actual = loaded.articles.map((article) => summary(article, loaded.articles));
    expect(actual).toEqual(expected);
  });

  it('keeps running headers, footers and page numbers out of the articles', () => {
    const text = loaded.articles.map((article) => `${article.title}\n${article.body}`).join('\n');
    expect(text).not.toMatch(/科技部国际合作司$|China Science and Technology Newsletter$/mu);
    expect(text).not.toMatch(/^- \d+ -$/mu);
    expect(text).not.toContain('Archive');
  });
});
