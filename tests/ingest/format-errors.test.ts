/**
 * Issue 5, formats: a file that cannot be parsed is reported by name with the reason, and everything
 * else is still loaded (and paired).
 */
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ParseError } from '../../src/core';
import { extractDocumentBytes, loadNewsletters, type LoadedNewsletters } from '../../src/ingest';
import { createRecordingLogger } from '../embed/recording-logger';
import { readGroundTruth } from '../support/ground-truth';
import { readSourceBlocks, renderDocx, renderPdf } from './render-newsletters';
import { storedZip } from './zip-fixture';
import { SEED_FIXTURE_DIR } from '../support/seed-fixture';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const CHINESE = '000_fbe4f82aa1b47969';
const ENGLISH = '004_cefe45b9264134e7';

describe('a folder with broken files among good ones', () => {
  let directory: string;
  let loaded: LoadedNewsletters;
  let warnings: unknown[];

  beforeAll(async () => {
    directory = await mkdtemp(path.join(tmpdir(), 'newsletter-broken-'));
    const titles = new Set(readGroundTruth().map((article) => article.title));
    const english = readSourceBlocks(await readFile(path.join(SEED_FIXTURE_DIR, `${ENGLISH}.txt`), 'utf8'), titles);
    const pdf = await renderPdf(english);
    await copyFile(path.join(SEED_FIXTURE_DIR, `${CHINESE}.txt`), path.join(directory, `${CHINESE}.txt`));
    await writeFile(path.join(directory, `${ENGLISH}.pdf`), pdf);
    // Not a newsletter extension: neither read nor reported.
    await copyFile(path.join(SEED_FIXTURE_DIR, `${CHINESE}.txt`), path.join(directory, 'notes.txt.bak'));
    await writeFile(path.join(directory, `${ENGLISH}.txt`), await readFile(path.join(SEED_FIXTURE_DIR, `${ENGLISH}.txt`)));
    await writeFile(path.join(directory, 'truncated.pdf'), pdf.subarray(0, Math.floor(pdf.length / 2)));
    await writeFile(path.join(directory, 'cut-with-eof.pdf'), Buffer.concat([pdf.subarray(0, 4000), Buffer.from('\n%%EOF\n')]));
    await writeFile(path.join(directory, 'archive.docx'), storedZip({ 'notes.txt': 'not a Word document', 'data/readme.md': '# hello' }));
    await writeFile(path.join(directory, 'renamed.docx'), Buffer.from('%PDF-1.7 this is not a zip'));
    await writeFile(path.join(directory, 'garbage.html'), Buffer.from(Array.from({ length: 4096 }, (_, index) => (index * 7919) % 256)));
    await writeFile(path.join(directory, 'scan.pdf'), await renderPdf([], { pageFurniture: false }));
    await writeFile(path.join(directory, 'good.docx'), await renderDocx(english.slice(0, 0)));
    const { logger, destination } = createRecordingLogger();
    loaded = await loadNewsletters(directory, ROOT, logger);
    warnings = destination.at('warn').map((record) => record.fields);
  });

  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('names each broken file with the reason', () => {
    const reasons = Object.fromEntries(loaded.skippedFiles.map((skipped) => [path.basename(skipped.file), skipped.reason]));
    expect(Object.keys(reasons).sort()).toEqual([
      `${ENGLISH}.txt`,
      'archive.docx',
      'cut-with-eof.pdf',
      'garbage.html',
      'good.docx',
      'renamed.docx',
      'scan.pdf',
      'truncated.pdf',
    ]);
    expect(reasons[`${ENGLISH}.txt`]).toMatch(new RegExp(`same name as ${ENGLISH}\\.pdf.*ids would collide`, 'u'));
    expect(reasons['truncated.pdf']).toMatch(/truncated PDF/u);
    expect(reasons['cut-with-eof.pdf']).toMatch(/not a readable PDF/u);
    expect(reasons['archive.docx']).toMatch(/not a readable DOCX.*main document/u);
    expect(reasons['renamed.docx']).toMatch(/not a DOCX file.*ZIP/u);
    expect(reasons['garbage.html']).toMatch(/binary content/u);
    expect(reasons['scan.pdf']).toMatch(/no text layer/u);
    expect(reasons['good.docx']).toMatch(/no text/u);
    for (const skipped of loaded.skippedFiles) expect(warnings).toContainEqual(expect.objectContaining({ file: skipped.file, reason: skipped.reason }));
  });

  it('still loads and pairs the readable newsletters', () => {
    const byFile = (stem: string): number => loaded.articles.filter((article) => path.basename(article.file).startsWith(stem)).length;
    expect(byFile(CHINESE)).toBe(11);
    expect(byFile(ENGLISH)).toBe(11);
    expect(loaded.articles.filter((article) => article.pairId !== null)).toHaveLength(22);
  });
});

describe('extractDocumentBytes', () => {
  it('throws a ParseError naming the file for an extension no adapter reads', async () => {
    const error: unknown = await extractDocumentBytes(new Uint8Array([1, 2, 3]), 'seeds/newsletter.xlsx').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ParseError);
    expect((error as ParseError).file).toBe('seeds/newsletter.xlsx');
    expect((error as ParseError).reason).toMatch(/unsupported file type "\.xlsx"/u);
  });
});
