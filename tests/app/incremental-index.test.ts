/**
 * Issue 5, incremental indexing: an update embeds only chunk texts that are new (content hashes of
 * embedder + embedded text), removed files leave the index, an unchanged corpus costs nothing, a file that
 * cannot be parsed is named with its reason while the rest is indexed, and an update killed mid-write
 * leaves the previous index queryable. Real seeds (copied into a temp folder), real hnswlib and BM25,
 * the hashed embedder wrapped in a RecordingEmbedder that counts what it embeds.
 */
import { execFile } from 'node:child_process';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { expectedIndexSettings, openAssistant, updateIndex, type AssistantRuntime } from '../../src/app';
import { chunkIndexText } from '../../src/chunk';
import { createSilentLogger, type AppConfig } from '../../src/core';
import { loadIndex, type IndexWriteStep } from '../../src/vector-index';
import { caught } from '../support/caught';
import { WARN_LEVEL, makeRecordingLogger } from '../vector-index/support/fixtures';
import {
  ADDED_ISSUE_FILE,
  SOURCE_ISSUE_FILE,
  addNewIssue,
  embeddedTexts,
  indexTexts,
  makeSeedsCopy,
  type SeedsCopy,
} from './support/incremental-seeds';
import { RecordingEmbedder, makeConfig, selectEmbedder } from './support/seed-assistant';

const logger = createSilentLogger();

let seeds: SeedsCopy;
let config: AppConfig;
let first: AssistantRuntime;
beforeEach(async () => {
  seeds = await makeSeedsCopy('incremental-index-test-');
  config = seeds.config;
  first = await openAssistant(config, logger, { embedder: selectEmbedder(new RecordingEmbedder()) });
});
afterEach(async () => {
  await seeds.temp.remove();
});

/** The path articles and the manifest name a seed file by (the copy lies outside the repository: absolute). */
function seedPath(name: string): string {
  return path.join(seeds.seedsDir, name);
}

async function reopen(embedder: RecordingEmbedder, options: { build?: 'always' } = {}): Promise<AssistantRuntime> {
  return openAssistant(config, logger, { embedder: selectEmbedder(embedder), ...options });
}

describe('adding one new issue to an indexed corpus', () => {
  it('re-embeds only that issue, and reuses every other chunk embedding', async () => {
    expect(first.build?.embeddedTexts).toBe(indexTexts(first.index.chunks).size);
    await addNewIssue(seeds.seedsDir);
    const embedder = new RecordingEmbedder();
    const second = await reopen(embedder);

    expect(second.rebuilt).toBe(true);
    const added = second.index.chunks.filter((chunk) => chunk.file === seedPath(ADDED_ISSUE_FILE));
    expect(added.length).toBeGreaterThan(5);
    // Every chunk of the new issue has new text (2018 → 2019, 中国 → 我国), and only those were embedded.
    const known = indexTexts(first.index.chunks);
    expect(added.filter((chunk) => known.has(chunkIndexText(chunk)))).toEqual([]);
    expect(embeddedTexts(embedder)).toBe(indexTexts(added).size);
    expect(second.build).toMatchObject({
      embeddedTexts: indexTexts(added).size,
      reusedChunks: second.index.chunks.length - added.length,
      changes: { added: [seedPath(ADDED_ISSUE_FILE)], changed: [], removed: [], unchanged: 5 },
    });
    expect(second.index.manifest.counts.files).toBe(6);
    expect(second.index.manifest.sources.map((source) => source.file)).toContain(seedPath(ADDED_ISSUE_FILE));
    expect(second.index.articles.length).toBeGreaterThan(first.index.articles.length);
  });

  it('gives the same articles, chunks, index files and search results as a fresh full build', async () => {
    await addNewIssue(seeds.seedsDir);
    const incremental = await reopen(new RecordingEmbedder());
    const freshConfig = makeConfig({ INDEX_DIR: path.join(seeds.temp.directory, 'fresh-index'), SEEDS_DIR: seeds.seedsDir });
    const fresh = await openAssistant(freshConfig, logger, { embedder: selectEmbedder(new RecordingEmbedder()), build: 'always' });

    expect(incremental.index.articles).toEqual(fresh.index.articles);
    expect(incremental.index.chunks).toEqual(fresh.index.chunks);
    // vectors.hnsw differs: the update extends the previous graph (hnswlib's random levels of the new points
    // differ from a fresh build's); tests/app/parsed-files-cache.test.ts compares its search results.
    const { 'vectors.hnsw': incrementalGraph, ...incrementalFiles } = incremental.index.manifest.files;
    const { 'vectors.hnsw': freshGraph, ...freshFiles } = fresh.index.manifest.files;
    expect(incrementalFiles).toEqual(freshFiles);
    expect([incrementalGraph.bytes, freshGraph.bytes].every((bytes) => bytes > 0)).toBe(true);
    for (const query of ['2019年金砖国家科技创新', 'CERC steering committee', '我国与沿线国家的科技合作', 'innovation park in Qingdao']) {
      const summary = async (runtime: AssistantRuntime): Promise<unknown> =>
        (await runtime.retriever.search(query)).map((result) => [result.article.id, result.score]);
      expect(await summary(incremental)).toEqual(await summary(fresh));
    }
  });
});

describe('an unchanged corpus', () => {
  it('embeds nothing and does not rewrite the index', async () => {
    const manifestPath = path.join(config.indexDir, 'current', 'manifest.json');
    const before = await readFile(manifestPath, 'utf8');
    const embedder = new RecordingEmbedder();
    const second = await reopen(embedder);
    expect(second.rebuilt).toBe(false);
    expect(second.build).toBeUndefined();
    const update = await updateIndex(config, selectEmbedder(embedder), logger);
    expect(update).toMatchObject({ status: 'current', build: null });
    expect(embedder.documentCalls).toEqual([]);
    expect(await readFile(manifestPath, 'utf8')).toBe(before);
    expect(await readdir(config.indexDir)).toEqual(['current']);
  });
});

describe('an edited pair overrides file (or glossary)', () => {
  it('makes the index out of date; the update applies it without embedding anything', async () => {
    const paired = first.index.articles.find((article) => article.pairId !== null);
    expect(paired).toBeDefined();
    await writeFile(config.pairOverridesFile, `${path.basename(paired?.file ?? '')}#${paired?.position}\t-\n`);
    const embedder = new RecordingEmbedder();
    const update = await updateIndex(config, selectEmbedder(embedder), logger);
    expect(update.status).toBe('updated');
    expect(embeddedTexts(embedder)).toBe(0);
    const index = await loadIndex(config.indexDir, await expectedIndexSettings(config, selectEmbedder(embedder)), { efSearch: config.hnsw.efSearch });
    expect(index.articles.find((article) => article.id === paired?.id)?.pairId).toBeNull();
    // Now current; a glossary edit makes it out of date again.
    expect((await updateIndex(config, selectEmbedder(embedder), logger)).status).toBe('current');
    await writeFile(config.glossaryFile, `${await readFile(config.glossaryFile, 'utf8')}\nZhongguancun\t中关村\n`);
    expect((await updateIndex(config, selectEmbedder(embedder), logger)).status).toBe('updated');
  });
});

describe('two updates of one index at once (e.g. `npm run index` while the watch runs)', () => {
  it('run one after the other: both succeed, the new issue is embedded once, the index loads', async () => {
    await addNewIssue(seeds.seedsDir);
    const embedder = new RecordingEmbedder();
    const [one, two] = await Promise.all([updateIndex(config, selectEmbedder(embedder), logger), updateIndex(config, selectEmbedder(embedder), logger)]);
    const built = [one, two].map((update) => update.build?.embeddedTexts ?? 0);
    expect(Math.min(...built)).toBe(0);
    expect(Math.max(...built)).toBe(one.manifest.counts.chunks - first.index.manifest.counts.chunks);
    const index = await loadIndex(config.indexDir, await expectedIndexSettings(config, selectEmbedder(embedder)), { efSearch: config.hnsw.efSearch });
    expect(index.manifest.counts.chunks).toBe(one.manifest.counts.chunks);
    expect(await readdir(config.indexDir)).toEqual(['current', 'previous']);
  });
});

describe('a removed file', () => {
  it('leaves the index with its articles and chunks; nothing is embedded', async () => {
    const removed = '004_cefe45b9264134e7.txt';
    expect(first.index.articles.some((article) => article.file === seedPath(removed))).toBe(true);
    await rm(seedPath(removed));
    const embedder = new RecordingEmbedder();
    const second = await reopen(embedder);
    expect(second.index.articles.filter((article) => article.file === seedPath(removed))).toEqual([]);
    expect(second.index.chunks.filter((chunk) => chunk.file === seedPath(removed))).toEqual([]);
    expect(second.retriever.articles.some((article) => article.file === seedPath(removed))).toBe(false);
    expect(embedder.documentCalls).toEqual([]);
    expect(second.build).toMatchObject({ embeddedTexts: 0, changes: { added: [], changed: [], removed: [seedPath(removed)], unchanged: 4 } });
    expect(second.index.manifest.counts.files).toBe(4);
  });
});

describe('a changed file', () => {
  it("re-embeds only the chunks whose text changed (one article's)", async () => {
    const oldTitle = '2018 浦江创新论坛在上海召开';
    const newTitle = '2018 浦江创新论坛在上海隆重召开';
    const text = await readFile(seedPath(SOURCE_ISSUE_FILE), 'utf8');
    expect(text).toContain(oldTitle);
    await writeFile(seedPath(SOURCE_ISSUE_FILE), text.replace(oldTitle, newTitle));
    const embedder = new RecordingEmbedder();
    const second = await reopen(embedder);
    const retitled = second.index.chunks.filter((chunk) => chunk.title === newTitle);
    expect(retitled.length).toBeGreaterThan(0);
    expect(embeddedTexts(embedder)).toBe(retitled.length);
    expect(second.build?.changes).toEqual({ added: [], changed: [seedPath(SOURCE_ISSUE_FILE)], removed: [], unchanged: 4 });
    expect(second.index.articles.map((article) => article.title)).not.toContain(oldTitle);
  });
});

describe("build: 'always' (npm run index -- --force)", () => {
  it('embeds every chunk again, reusing nothing', async () => {
    const embedder = new RecordingEmbedder();
    const rebuilt = await reopen(embedder, { build: 'always' });
    expect(rebuilt.build).toMatchObject({ reusedChunks: 0, embeddedTexts: indexTexts(rebuilt.index.chunks).size });
    expect(embeddedTexts(embedder)).toBe(indexTexts(rebuilt.index.chunks).size);
  });
});

describe('a corrupted or truncated file', () => {
  it('is named in a warning with the reason, and everything else is indexed — at every later update too', async () => {
    const seedText = await readFile(seedPath(SOURCE_ISSUE_FILE));
    // Cut inside a multi-byte character, before the first article: nothing parseable is left.
    await writeFile(seedPath('006_truncated.txt'), seedText.subarray(0, 61));
    await writeFile(seedPath('007_garbage.txt'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00, 0x1a, 0x0a, 0xff, 0xfe]));
    await addNewIssue(seeds.seedsDir);
    const { logger: recording, records } = makeRecordingLogger();
    const embedder = new RecordingEmbedder();
    const runtime = await openAssistant(config, recording, { embedder: selectEmbedder(embedder) });

    const skipped = runtime.index.manifest.skippedFiles;
    expect(skipped.map((file) => file.file)).toEqual([seedPath('006_truncated.txt'), seedPath('007_garbage.txt')]);
    expect(skipped[0]?.reason).toMatch(/no articles/iu);
    expect(skipped[1]?.reason).toMatch(/NUL|binary/iu);
    const warnings = records.filter((record) => record.level === WARN_LEVEL);
    for (const file of skipped) expect(warnings).toContainEqual(expect.objectContaining({ file: file.file, reason: file.reason }));
    // The rest: the old corpus (reused) and the new issue (embedded).
    const added = runtime.index.chunks.filter((chunk) => chunk.file === seedPath(ADDED_ISSUE_FILE));
    expect(embeddedTexts(embedder)).toBe(indexTexts(added).size);
    expect(runtime.index.manifest.counts.files).toBe(8);
    expect(runtime.index.articles.length).toBe(first.index.articles.length + new Set(added.map((chunk) => chunk.articleId)).size);

    // A later update for another change still names them.
    await rm(seedPath('004_cefe45b9264134e7.txt'));
    const again = makeRecordingLogger();
    const update = await updateIndex(config, selectEmbedder(new RecordingEmbedder()), again.logger);
    expect(update.status).toBe('updated');
    expect(update.manifest.skippedFiles).toEqual(skipped);
    expect(again.records.filter((record) => record.level === WARN_LEVEL).map((record) => record.file)).toEqual(skipped.map((file) => file.file));
  });
});

describe('an incremental update killed with SIGKILL mid-write', () => {
  const execFileAsync = promisify(execFile);
  const crashUpdater = fileURLToPath(new URL('./support/crash-updater.ts', import.meta.url));

  it.each(['embeddings.f32', 'current-retired'] as const satisfies readonly IndexWriteStep[])(
    'after %s leaves the previous index queryable, and the next update completes reusing its embeddings',
    async (step) => {
      const before = await expectedIndexSettings(config, selectEmbedder());
      await addNewIssue(seeds.seedsDir);
      const error = await caught(
        execFileAsync(process.execPath, ['--import', 'tsx', crashUpdater, config.indexDir, seeds.seedsDir, step], {
          cwd: path.resolve(path.dirname(crashUpdater), '../../..'),
        }),
      );
      expect(error).toMatchObject({ signal: 'SIGKILL' });

      const previous = await loadIndex(config.indexDir, before, { efSearch: config.hnsw.efSearch });
      expect(previous.articles).toEqual(first.index.articles);
      expect(previous.vectorIndex.search(Array.from({ length: previous.vectorIndex.dimensions }, () => 1), 3)).toHaveLength(3);

      const embedder = new RecordingEmbedder();
      const updated = await reopen(embedder);
      const added = updated.index.chunks.filter((chunk) => chunk.file === seedPath(ADDED_ISSUE_FILE));
      expect(added.length).toBeGreaterThan(0);
      expect(embeddedTexts(embedder)).toBe(indexTexts(added).size);
      expect((await readdir(config.indexDir)).filter((entry) => entry.startsWith('.build-'))).toEqual([]);
    },
  );
});
