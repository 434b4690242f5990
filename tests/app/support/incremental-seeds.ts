/**
 * Helpers for the incremental-index tests: a temp copy of the seeds with its own index folder, the
 * chunk texts an index embedded, and a "new issue" made from an existing one with changed text.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { chunkIndexText } from '../../../src/chunk';
import type { AppConfig, Chunk } from '../../../src/core';
import { makeConfig, makeTempDir, type RecordingEmbedder, type TempDir } from './seed-assistant';
import { copySeedFixture, readSeedFixture } from '../../support/seed-fixture';

/** The issue the added sixth file is made from (Chinese, 9 articles) and the added file's name. */
export const SOURCE_ISSUE_FILE = '002_2c1c661e719975d5.txt';
export const ADDED_ISSUE_FILE = '005_added_issue.txt';

/**
 * A temp folder holding a copy of the seeds (`<temp>/seeds`, with its glossary; pair overrides would be
 * `<temp>/seeds/pairs.tsv`) and the config indexing it into `<temp>/index`.
 */
export interface SeedsCopy {
  readonly temp: TempDir;
  readonly seedsDir: string;
  readonly config: AppConfig;
}

export async function makeSeedsCopy(prefix: string, env: Record<string, string> = {}): Promise<SeedsCopy> {
  const temp = await makeTempDir(prefix);
  const seedsDir = await copySeedFixture(temp.directory);
  // The copy's glossary and (absent) pair overrides, so a test that edits them never touches the repository's.
  const config = makeConfig({
    INDEX_DIR: path.join(temp.directory, 'index'),
    SEEDS_DIR: seedsDir,
    GLOSSARY_FILE: path.join(seedsDir, 'glossary.tsv'),
    PAIR_OVERRIDES_FILE: path.join(seedsDir, 'pairs.tsv'),
    ...env,
  });
  return { temp, seedsDir, config };
}

/**
 * The text of a new issue made from {@link SOURCE_ISSUE_FILE}: the year 2018 becomes 2019 and 中国 becomes
 * 我国 throughout, so every article's title, date or text — and so every chunk's embedded text — differs.
 */
export async function newIssueText(): Promise<string> {
  const text = readSeedFixture(SOURCE_ISSUE_FILE);
  return text.replaceAll('2018', '2019').replaceAll('中国', '我国');
}

/** Writes the new issue into `seedsDir` as {@link ADDED_ISSUE_FILE}. */
export async function addNewIssue(seedsDir: string): Promise<string> {
  const file = path.join(seedsDir, ADDED_ISSUE_FILE);
  await writeFile(file, await newIssueText());
  return file;
}

/** Total number of texts the embedder was asked to embed as documents. */
export function embeddedTexts(embedder: RecordingEmbedder): number {
  return embedder.documentCalls.reduce((total, count) => total + count, 0);
}

/** The set of texts embedded for `chunks` (what the stored embeddings are keyed by). */
export function indexTexts(chunks: readonly Chunk[]): Set<string> {
  return new Set(chunks.map((chunk) => chunkIndexText(chunk)));
}
