/**
 * Fixture factories and helpers for the vector-index tests. Factories take overrides; vectors come from a
 * seeded generator so every run builds the same index.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, beforeEach } from 'vitest';
import { createLogger } from '../../../src/core';
import type { Article, Chunk, Logger } from '../../../src/core';
import type { ExpectedIndexSettings, IndexWriteData } from '../../../src/vector-index';

/** An article of file `seeds/000_test.txt`; override any field. */
export function makeArticle(overrides: Partial<Article> = {}): Article {
  const position = overrides.position ?? 1;
  return {
    id: `000_test#${position}`,
    file: 'seeds/000_test.txt',
    position,
    title: '第七次中美创新对话在京举行',
    subtitle: null,
    body: '2016年6月5日，第七次中美创新对话在北京举行。',
    source: '科技日报',
    date: '2016-06-05',
    dateSource: 'source',
    issue: { number: '23', date: '2016-12-15', label: 'No. 23, 2016-12-15' },
    section: '中美合作',
    lang: 'zh',
    pairId: null,
    link: null,
    ...overrides,
  };
}

/** A chunk of {@link makeArticle}'s default article; override any field. */
export function makeChunk(overrides: Partial<Chunk> = {}): Chunk {
  const articleId = overrides.articleId ?? '000_test#1';
  const index = overrides.index ?? 0;
  return {
    id: `${articleId}:${index}`,
    articleId,
    index,
    text: '2016年6月5日，第七次中美创新对话在北京举行。',
    title: '第七次中美创新对话在京举行',
    lang: 'zh',
    date: '2016-06-05',
    source: '科技日报',
    file: 'seeds/000_test.txt',
    ...overrides,
  };
}

/** Deterministic pseudo-random numbers in [0, 1) (mulberry32). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = state;
    mixed = Math.imul(mixed ^ (mixed >>> 15), mixed | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  };
}

/** `count` vectors of `dimensions` components in [−1, 1). */
export function randomVectors(count: number, dimensions: number, seed: number): number[][] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, () => Array.from({ length: dimensions }, () => random() * 2 - 1));
}

/** Texts with one distinctive word each, so a lexical search can single a chunk out. */
const CHUNK_TEXTS = [
  '中美清洁能源联合研究中心指导委员会第八次会议在京召开，双方回顾了合作进展。',
  'The China-US Innovation Park was launched in Qingdao with partner universities.',
  '首届中美创新与投资对接大会在美国休斯顿举办，大会围绕生命健康等领域展开。',
  'Young scientists from Japan visited Chinese laboratories under the exchange programme.',
  '滨海-中关村科技园的雏鹰企业数量快速增长。',
  'A quantum communication satellite was discussed at the Pujiang Innovation Forum.',
];

/** The settings {@link makeIndexData} builds for; pass to `loadIndex` to load what it wrote. */
export const TEST_SETTINGS: ExpectedIndexSettings = {
  embedderId: 'hashed:test',
  dimensions: 16,
  chunking: { size: 500, overlap: 100 },
  seedsHash: 'seeds-hash-a',
};

/**
 * Data for `writeIndex`: `chunkCount` chunks (cycling through six distinctive texts) of two articles,
 * with seeded random vectors.
 */
export function makeIndexData(
  options: { chunkCount?: number; seed?: number; seedsHash?: string; dimensions?: number } = {},
): IndexWriteData {
  const chunkCount = options.chunkCount ?? 6;
  const dimensions = options.dimensions ?? TEST_SETTINGS.dimensions;
  const articles = [
    makeArticle({ position: 1 }),
    makeArticle({ position: 2, id: '000_test#2', title: 'China-US Innovation Park Launched in Qingdao', lang: 'en' }),
  ];
  const chunks = Array.from({ length: chunkCount }, (_, position) => {
    const article = articles[position % 2] as Article;
    return makeChunk({
      articleId: article.id,
      index: Math.floor(position / 2),
      title: article.title,
      lang: article.lang,
      text: `${CHUNK_TEXTS[position % CHUNK_TEXTS.length]} (${position})`,
    });
  });
  return {
    manifest: {
      embedder: { id: TEST_SETTINGS.embedderId, dimensions },
      chunking: TEST_SETTINGS.chunking,
      seedsHash: options.seedsHash ?? TEST_SETTINGS.seedsHash,
      seedFileCount: 5,
      skippedFiles: [{ file: 'seeds/broken.txt', reason: 'not UTF-8' }],
      fallbackReason: null,
    },
    articles,
    chunks,
    vectors: randomVectors(chunkCount, dimensions, options.seed ?? 7),
    hnswParameters: { m: 8, efConstruction: 100, efSearch: 50 },
  };
}

/** A fresh directory under the OS temp directory, and its removal. */
export async function makeTempDir(): Promise<{ directory: string; remove: () => Promise<void> }> {
  const directory = await mkdtemp(path.join(os.tmpdir(), 'vector-index-test-'));
  return { directory, remove: () => rm(directory, { recursive: true, force: true }) };
}

/**
 * Registers `beforeEach` / `afterEach` hooks giving each test a fresh temp directory and an `index`
 * folder path inside it (not created); read `folder.indexDir` inside tests.
 */
export function useTempIndexDir(): { readonly directory: string; readonly indexDir: string } {
  let temp: Awaited<ReturnType<typeof makeTempDir>> | undefined;
  const folder = {
    get directory(): string {
      if (temp === undefined) throw new Error('useTempIndexDir: read it inside a test');
      return temp.directory;
    },
    get indexDir(): string {
      return path.join(folder.directory, 'index');
    },
  };
  beforeEach(async () => {
    temp = await makeTempDir();
  });
  afterEach(async () => {
    await temp?.remove();
    temp = undefined;
  });
  return folder;
}

/** One parsed pino log line. */
export interface LogRecord {
  readonly level: number;
  readonly msg: string;
  readonly [key: string]: unknown;
}

/** pino's numeric level of `warn`. */
export const WARN_LEVEL = 40;

/** A real (pino) logger whose lines are recorded, parsed, in `records`. */
export function makeRecordingLogger(): { logger: Logger; records: LogRecord[] } {
  const records: LogRecord[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (line.trim() !== '') records.push(JSON.parse(line) as LogRecord);
      }
      callback();
    },
  });
  return { logger: createLogger('debug', destination), records };
}
