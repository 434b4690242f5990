/**
 * Incremental indexing at scale (issue 5, "unchanged ones cost nothing"): an update parses only the seed
 * files whose bytes (or the parser version) changed — the others' parse results are reused from
 * `parsed-files.json`, kept with the index — and extends the previous HNSW graph instead of rebuilding it:
 * new vectors are added, those of removed chunks marked deleted (tombstones, up to MAX_TOMBSTONE_SHARE). Articles, chunks and the other files must equal a
 * fresh full build's, and vector search its top 5; a damaged cache is ignored (every file parsed) with a
 * warning. Real seeds (copied into a temp folder), real hnswlib, the hashed embedder.
 */
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { expectedIndexSettings, updateIndex, type BuildIndexResult } from '../../src/app';
import { PAIR_FEATURES_CACHE, PARSED_FILES_CACHE } from '../../src/app/build-index';
import { createSilentLogger, type AppConfig, type Logger } from '../../src/core';
import { PARSER_VERSION } from '../../src/ingest';
import { MAX_TOMBSTONE_SHARE, loadIndex } from '../../src/vector-index';
import { WARN_LEVEL, makeRecordingLogger } from '../vector-index/support/fixtures';
import { SOURCE_ISSUE_FILE, addNewIssue, makeSeedsCopy, type SeedsCopy } from './support/incremental-seeds';
import { RecordingEmbedder, makeConfig, selectEmbedder } from './support/seed-assistant';

const SEED_FILES = 5;
/** The seed file with the second most chunks (16 of 106): removing it leaves more tombstones than allowed. */
const LARGE_REMOVED_FILE = '000_fbe4f82aa1b47969.txt';

let seeds: SeedsCopy;
let config: AppConfig;
let firstChunks: number;
let firstArticles: number;
beforeEach(async () => {
  seeds = await makeSeedsCopy('incremental-reuse-test-');
  config = seeds.config;
  const { counts } = (await updateIndex(config, selectEmbedder(new RecordingEmbedder()), createSilentLogger())).manifest;
  firstChunks = counts.chunks;
  firstArticles = counts.articles;
});
afterEach(async () => {
  await seeds.temp.remove();
});

async function update(logger: Logger = createSilentLogger()): Promise<BuildIndexResult> {
  const result = await updateIndex(config, selectEmbedder(new RecordingEmbedder()), logger);
  if (result.build === null) throw new Error('expected an update');
  return result.build;
}

/** The articles, chunks and data-file digests (the graph's size only) of the index in `indexDir`, as written. */
async function contents(indexDir: string): Promise<unknown> {
  const manifest = JSON.parse(await readFile(path.join(indexDir, 'current', 'manifest.json'), 'utf8')) as {
    files: Record<string, { bytes: number; sha256: string }>;
  };
  const articles = await readFile(path.join(indexDir, 'current', 'articles.json'), 'utf8');
  const chunks = await readFile(path.join(indexDir, 'current', 'chunks.json'), 'utf8');
  // An extended HNSW graph differs from a fresh one (the new points' random levels): compared by search below.
  const { 'vectors.hnsw': _graph, ...files } = manifest.files;
  return { articles, chunks, files };
}

/** The index a fresh full build of the same seeds writes. */
function freshConfig(): AppConfig {
  return makeConfig({ INDEX_DIR: path.join(seeds.temp.directory, 'fresh-index'), SEEDS_DIR: seeds.seedsDir });
}

async function freshBuild(): Promise<unknown> {
  await updateIndex(freshConfig(), selectEmbedder(new RecordingEmbedder()), createSilentLogger(), { force: true });
  return contents(freshConfig().indexDir);
}

/** The chunk labels of the 5 nearest vectors, best first, for queries made of every 5th chunk's title and text. */
async function vectorTop5(indexConfig: AppConfig): Promise<readonly (readonly number[])[]> {
  const selection = selectEmbedder(new RecordingEmbedder());
  const index = await loadIndex(indexConfig.indexDir, await expectedIndexSettings(indexConfig, selection), { efSearch: indexConfig.hnsw.efSearch });
  const queries = index.chunks.filter((_, position) => position % 5 === 0).map((chunk) => `${chunk.title} ${chunk.text.slice(0, 80)}`);
  const top: number[][] = [];
  for (const query of queries) top.push(index.vectorIndex.search(await selection.embedder.embedQuery(query), 5).map((hit) => hit.label));
  return top;
}

const cachePath = (): string => path.join(config.indexDir, 'current', PARSED_FILES_CACHE);

describe('adding one new issue', () => {
  it('parses only that file and writes what a fresh full build writes', async () => {
    await addNewIssue(seeds.seedsDir);
    const firstFeatureEntries = Object.keys(
      (JSON.parse(await readFile(path.join(config.indexDir, 'current', PAIR_FEATURES_CACHE), 'utf8')) as { entries: object }).entries,
    ).length;
    const { logger, records } = makeRecordingLogger();
    const build = await update(logger);
    expect(build.reusedParsedFiles).toBe(SEED_FILES);
    expect(build.changes.added).toHaveLength(1);
    // Only the new issue's chunks get their dates found and their texts tokenized; the rest is reused.
    const newChunks = build.manifest.counts.chunks - firstChunks;
    expect(records.find((record) => record.msg === 'index: chunk date terms reused / derived (distinct chunks)')).toMatchObject({ reused: firstChunks, derived: newChunks });
    const newArticles = build.manifest.counts.articles - firstArticles;
    expect(newArticles).toBeGreaterThan(0);
    // The new issue's articles whose text the 2018 → 2019 and 中国 → 我国 edits changed; the others are reused.
    const features = records.find((record) => record.msg === 'index: pairing features reused / derived (distinct article texts)') as { reused: number; derived: number } | undefined;
    expect(features?.derived).toBeGreaterThan(0);
    expect(features?.derived).toBeLessThanOrEqual(newArticles);
    // Every text the first build memoised is still in the corpus, so every one of them is reused.
    expect(features?.reused).toBe(firstFeatureEntries);
    const tokens = records.find((record) => record.msg === 'index: lexical tokens reused / tokenized (distinct texts)') as { reused: number; tokenized: number } | undefined;
    expect(tokens?.tokenized).toBeGreaterThanOrEqual(newChunks);
    expect(tokens?.tokenized).toBeLessThanOrEqual(2 * newChunks);
    expect(tokens?.reused).toBeGreaterThan(firstChunks);
    expect(await contents(config.indexDir)).toEqual(await freshBuild());
    const cache = JSON.parse(await readFile(cachePath(), 'utf8')) as { parserVersion: number; records: unknown[] };
    expect(cache.parserVersion).toBe(PARSER_VERSION);
    expect(cache.records).toHaveLength(SEED_FILES + 1);
  });
});

describe('the HNSW graph after adding one new issue', () => {
  it('is the previous graph extended with the new vectors only, with the same top 5 as a fresh build', async () => {
    await addNewIssue(seeds.seedsDir);
    const { logger, records } = makeRecordingLogger();
    await update(logger);
    const extended = records.find((record) => record.msg === 'index: previous HNSW graph extended');
    await freshBuild();
    const total = JSON.parse(await readFile(path.join(config.indexDir, 'current', 'manifest.json'), 'utf8')) as { counts: { chunks: number } };
    expect(extended).toMatchObject({ keptVectors: firstChunks, addedVectors: total.counts.chunks - firstChunks });
    const top = await vectorTop5(config);
    expect(top.length).toBeGreaterThan(20);
    expect(top).toEqual(await vectorTop5(freshConfig()));
  });
});

/** The manifest of the index in `indexDir`, as written. */
async function manifestOf(indexDir: string): Promise<{ files: Record<string, unknown>; counts: { chunks: number }; hnsw: { deletedElements?: number } }> {
  return JSON.parse(await readFile(path.join(indexDir, 'current', 'manifest.json'), 'utf8')) as {
    files: Record<string, unknown>;
    counts: { chunks: number };
    hnsw: { deletedElements?: number };
  };
}

describe('removing a file whose chunks are at most MAX_TOMBSTONE_SHARE of the rest', () => {
  it('marks its vectors deleted in the previous graph: same top 5 as a fresh build, tombstones in the manifest', async () => {
    await rm(path.join(seeds.seedsDir, SOURCE_ISSUE_FILE));
    const { logger, records } = makeRecordingLogger();
    await update(logger);
    const { counts, hnsw } = await manifestOf(config.indexDir);
    const removed = firstChunks - counts.chunks;
    expect(removed).toBeGreaterThan(0);
    expect(removed).toBeLessThanOrEqual(MAX_TOMBSTONE_SHARE * counts.chunks);
    expect(records.find((record) => record.msg === 'index: previous HNSW graph extended')).toMatchObject({
      keptVectors: counts.chunks,
      addedVectors: 0,
      removedVectors: removed,
      tombstones: removed,
    });
    expect(hnsw.deletedElements).toBe(removed);
    await freshBuild();
    const top = await vectorTop5(config);
    expect(top.length).toBeGreaterThan(15);
    expect(top).toEqual(await vectorTop5(freshConfig()));
  });

  it('and adding a new issue afterwards reuses the tombstones\' slots', async () => {
    await rm(path.join(seeds.seedsDir, SOURCE_ISSUE_FILE));
    await update();
    const tombstones = (await manifestOf(config.indexDir)).hnsw.deletedElements ?? 0;
    await addNewIssue(seeds.seedsDir);
    const { logger, records } = makeRecordingLogger();
    await update(logger);
    const extended = records.find((record) => record.msg === 'index: previous HNSW graph extended') as { addedVectors: number; tombstones: number } | undefined;
    expect(extended?.addedVectors).toBeGreaterThan(0);
    expect(extended?.tombstones).toBe(Math.max(0, tombstones - (extended?.addedVectors ?? 0)));
    expect((await manifestOf(config.indexDir)).hnsw.deletedElements).toBe(extended?.tombstones);
    await freshBuild();
    expect(await vectorTop5(config)).toEqual(await vectorTop5(freshConfig()));
  });
});

describe('removing a file whose chunks are more than MAX_TOMBSTONE_SHARE of the rest', () => {
  it('builds the graph afresh: byte for byte what a fresh build writes', async () => {
    await rm(path.join(seeds.seedsDir, LARGE_REMOVED_FILE));
    const { logger, records } = makeRecordingLogger();
    await update(logger);
    const { counts } = await manifestOf(config.indexDir);
    expect(firstChunks - counts.chunks).toBeGreaterThan(MAX_TOMBSTONE_SHARE * counts.chunks);
    expect(records.some((record) => record.msg === 'index: previous HNSW graph extended')).toBe(false);
    await freshBuild();
    expect((await manifestOf(config.indexDir)).files).toEqual((await manifestOf(freshConfig().indexDir)).files);
  });
});

describe('a changed file', () => {
  it('is parsed again; the others are reused', async () => {
    const changed = path.join(seeds.seedsDir, SOURCE_ISSUE_FILE);
    await writeFile(changed, (await readFile(changed, 'utf8')).replaceAll('2018', '2017'));
    const build = await update();
    expect(build.reusedParsedFiles).toBe(SEED_FILES - 1);
    expect(build.changes.changed).toEqual([changed]);
    expect(await contents(config.indexDir)).toEqual(await freshBuild());
  });
});

describe('a damaged parse cache', () => {
  it('is ignored with a warning: every file is parsed and the index equals a fresh build', async () => {
    // Valid JSON, altered content: only the digest can tell.
    const text = await readFile(cachePath(), 'utf8');
    const altered = text.replace(/"title":"[^"]+"/u, '"title":"altered title"');
    expect(altered).not.toBe(text);
    await writeFile(cachePath(), altered);
    await addNewIssue(seeds.seedsDir);
    const { logger, records } = makeRecordingLogger();
    const build = await update(logger);
    expect(build.reusedParsedFiles).toBe(0);
    expect(records.some((record) => record.level === WARN_LEVEL && String(record.msg).includes('digest'))).toBe(true);
    expect(await contents(config.indexDir)).toEqual(await freshBuild());
  });
});
