/**
 * The composition root: `openAssistant` builds the index when it is missing, reuses a current one, and
 * rebuilds (or, with `build: 'never'`, refuses) one built from other seeds or with another embedder.
 * The seed fixture copied into a temp folder, real hnswlib and BM25, hashed embedder; every index lives in a temp folder.
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openAssistant } from '../../src/app';
import { createSilentLogger, IndexMismatchError, IndexMissingError, type AppConfig } from '../../src/core';
import { readGroundTruth } from '../support/ground-truth';
import { makeConfig, makeTempDir, RecordingEmbedder, selectEmbedder, type TempDir } from './support/seed-assistant';
import { copySeedFixture } from '../support/seed-fixture';
import { caught } from '../support/caught';

const logger = createSilentLogger();
const ARTICLE_COUNT = readGroundTruth().length;

let temp: TempDir;
let config: AppConfig;
beforeEach(async () => {
  temp = await makeTempDir('open-assistant-test-');
  config = makeConfig({ INDEX_DIR: path.join(temp.directory, 'index'), SEEDS_DIR: await copySeedFixture(temp.directory) });
});
afterEach(async () => {
  await temp.remove();
});

describe('a missing index', () => {
  it('is built into INDEX_DIR, and the assistant answers from it', async () => {
    const embedder = new RecordingEmbedder();
    const runtime = await openAssistant(config, logger, { embedder: selectEmbedder(embedder) });
    expect(runtime.rebuilt).toBe(true);
    expect(embedder.documentCalls.reduce((total, count) => total + count, 0)).toBe(runtime.index.chunks.length);
    expect(runtime.index.directory).toBe(path.join(config.indexDir, 'current'));
    expect(await readdir(config.indexDir)).toEqual(['current']);
    expect(runtime.index.manifest).toMatchObject({
      embedder: { id: embedder.id, dimensions: embedder.dimensions },
      counts: { articles: ARTICLE_COUNT, chunks: runtime.index.chunks.length },
      skippedFiles: [],
      fallbackReason: null,
    });
    expect(runtime.retriever.articles).toHaveLength(ARTICLE_COUNT);
    const answer = await runtime.assistant.ask('Who signed the amendment to the CERC protocol?');
    expect(answer.found).toBe(true);
  });

  it('is reported, not built, with build: "never"', async () => {
    const error = await caught(openAssistant(config, logger, { embedder: selectEmbedder(), build: 'never' }));
    expect(error).toBeInstanceOf(IndexMissingError);
    expect((error as IndexMissingError).directory).toBe(config.indexDir);
  });
});

describe('a current index', () => {
  it('is reused: nothing is embedded again and the manifest is the one on disk', async () => {
    const first = await openAssistant(config, logger, { embedder: selectEmbedder(new RecordingEmbedder()) });
    const embedder = new RecordingEmbedder();
    const second = await openAssistant(config, logger, { embedder: selectEmbedder(embedder) });
    expect(second.rebuilt).toBe(false);
    expect(embedder.documentCalls).toEqual([]);
    expect(second.index.manifest).toEqual(first.index.manifest);
  });

  it('is reused with build: "never" too, and rebuilt with build: "always"', async () => {
    const first = await openAssistant(config, logger, { embedder: selectEmbedder() });
    const never = await openAssistant(config, logger, { embedder: selectEmbedder(), build: 'never' });
    expect(never.rebuilt).toBe(false);
    const embedder = new RecordingEmbedder();
    const always = await openAssistant(config, logger, { embedder: selectEmbedder(embedder), build: 'always' });
    expect(always.rebuilt).toBe(true);
    expect(embedder.documentCalls.length).toBeGreaterThan(0);
    expect(always.index.manifest.createdAt >= first.index.manifest.createdAt).toBe(true);
    expect((await readdir(config.indexDir)).sort()).toEqual(['current', 'previous']);
  });
});

describe('changed seeds', () => {
  const FILE = '002_2c1c661e719975d5.txt';
  const OLD_TITLE = '2018 浦江创新论坛在上海召开';
  const NEW_TITLE = '2018 浦江创新论坛在上海隆重召开';

  let seedsConfig: AppConfig;
  beforeEach(async () => {
    const seedsDir = config.seedsDir;
    seedsConfig = config;
    await openAssistant(seedsConfig, logger, { embedder: selectEmbedder() });
    const file = path.join(seedsDir, FILE);
    const text = await readFile(file, 'utf8');
    expect(text).toContain(OLD_TITLE);
    await writeFile(file, text.replace(OLD_TITLE, NEW_TITLE));
  });

  it('trigger a rebuild that indexes the new text', async () => {
    const runtime = await openAssistant(seedsConfig, logger, { embedder: selectEmbedder() });
    expect(runtime.rebuilt).toBe(true);
    const titles = runtime.retriever.articles.map((article) => article.title);
    expect(titles).toContain(NEW_TITLE);
    expect(titles).not.toContain(OLD_TITLE);
  });

  it('with build: "never" throw IndexMismatchError on the seeds hash', async () => {
    const before = JSON.parse(await readFile(path.join(seedsConfig.indexDir, 'current', 'manifest.json'), 'utf8')) as { seedsHash: string };
    const error = await caught(openAssistant(seedsConfig, logger, { embedder: selectEmbedder(), build: 'never' }));
    expect(error).toBeInstanceOf(IndexMismatchError);
    expect(error).toMatchObject({ code: 'INDEX_MISMATCH', field: 'seedsHash', found: before.seedsHash });
    expect((error as IndexMismatchError).expected).not.toBe(before.seedsHash);
  });
});

describe('another embedder', () => {
  beforeEach(async () => {
    await openAssistant(config, logger, { embedder: selectEmbedder(new RecordingEmbedder({ dimensions: 1024 })) });
  });

  it('of other dimensions (and id) triggers a rebuild with it', async () => {
    const embedder = new RecordingEmbedder({ dimensions: 256 });
    const runtime = await openAssistant(config, logger, { embedder: selectEmbedder(embedder) });
    expect(runtime.rebuilt).toBe(true);
    expect(runtime.index.manifest.embedder).toEqual({ id: embedder.id, dimensions: 256 });
    expect(runtime.index.vectorIndex.dimensions).toBe(256);
    expect(embedder.documentCalls.length).toBeGreaterThan(0);
    // The retriever queries the new vectors with the new embedder.
    const [best] = await runtime.retriever.search('CERC steering committee');
    expect(best?.article.title).toMatch(/CERC|清洁能源/u);
  });

  it('with build: "never" throws IndexMismatchError naming the expected and found embedder', async () => {
    const other = new RecordingEmbedder({ dimensions: 256 });
    const error = await caught(openAssistant(config, logger, { embedder: selectEmbedder(other), build: 'never' }));
    expect(error).toBeInstanceOf(IndexMismatchError);
    expect(error).toMatchObject({ field: 'embedder.id', expected: other.id, found: new RecordingEmbedder({ dimensions: 1024 }).id });
    expect((error as Error).message).toContain(other.id);
  });

  it('with the same id but other dimensions is caught on the dimensions', async () => {
    const sameId = new RecordingEmbedder({ dimensions: 256, id: new RecordingEmbedder({ dimensions: 1024 }).id });
    const error = await caught(openAssistant(config, logger, { embedder: selectEmbedder(sameId), build: 'never' }));
    expect(error).toMatchObject({ field: 'embedder.dimensions', expected: '256', found: '1024' });
    const runtime = await openAssistant(config, logger, { embedder: selectEmbedder(sameId) });
    expect(runtime.rebuilt).toBe(true);
    expect(runtime.index.manifest.embedder.dimensions).toBe(256);
  });
});

describe('an unreadable seed file', () => {
  it('is named in manifest.skippedFiles and the rest is indexed', async () => {
    const seedsDir = config.seedsDir;
    await writeFile(path.join(seedsDir, 'bad.txt'), Buffer.from([0x54, 0x69, 0x74, 0x6c, 0x65, 0x00, 0x00, 0x01, 0x0a, 0x42, 0x6f, 0x64, 0x79]));
    const runtime = await openAssistant(config, logger, {
      embedder: selectEmbedder(),
    });
    const manifest = runtime.index.manifest;
    expect(manifest.skippedFiles).toHaveLength(1);
    expect(manifest.skippedFiles[0]?.file).toMatch(/(^|\/)bad\.txt$/u);
    expect(manifest.skippedFiles[0]?.reason).toMatch(/NUL|binary/iu);
    expect(manifest.counts).toMatchObject({ files: 6, articles: ARTICLE_COUNT });
    expect(runtime.retriever.articles.some((article) => article.file.endsWith('bad.txt'))).toBe(false);
  });
});
