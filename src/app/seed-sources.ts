/**
 * Content hashes of the seed files, per file: what an incremental index update compares with the
 * manifest's `sources` to report which files were added, changed or removed.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { AppConfig } from '../core';
import { digestFile, hashNewsletterFiles, listNewsletterFiles } from '../ingest';
import type { SourceFileDigest } from '../vector-index';

/** Which seed files differ between two builds; each list holds file paths as articles name them, in name order. */
export interface SeedFileChanges {
  readonly added: readonly string[];
  readonly changed: readonly string[];
  readonly removed: readonly string[];
  /** Number of files whose bytes are the same. */
  readonly unchanged: number;
}

/**
 * The path an article of `absolute` carries: from `relativeTo` (the repository root) with `/` separators,
 * or the absolute path when the file lies outside it — the same rule as `loadNewsletters`.
 */
export function seedFilePath(absolute: string, relativeTo: string): string {
  const fromRoot = path.relative(relativeTo, absolute);
  return fromRoot.startsWith('..') ? absolute : fromRoot.split(path.sep).join('/');
}

/** SHA-256 (hex) of no bytes: the digest of a file that cannot be read. */
const EMPTY_SHA256 = createHash('sha256').digest('hex');

/**
 * Size and SHA-256 of every newsletter file of `seedsDir` (the files `loadNewsletters` reads), in name
 * order, each read in bounded memory (`digestFile`: 1 MiB at a time, so a 50 MB file is never held whole).
 * A file that vanishes or cannot be read between listing and reading is hashed as empty, so it counts as
 * changed and its read error is reported by the loader.
 * @throws {ParseError} when the folder itself cannot be read.
 */
export async function digestSeedFiles(seedsDir: string, relativeTo: string): Promise<readonly SourceFileDigest[]> {
  const digests: SourceFileDigest[] = [];
  for (const name of await listNewsletterFiles(seedsDir)) {
    const absolute = path.join(seedsDir, name);
    const digest = (await digestFile(absolute)) ?? { bytes: 0, sha256: EMPTY_SHA256 };
    digests.push({ file: seedFilePath(absolute, relativeTo), ...digest });
  }
  return digests;
}

/** Compares the seed files an index was built from (`before`) with the ones on disk now (`after`). */
export function compareSeedFiles(before: readonly SourceFileDigest[], after: readonly SourceFileDigest[]): SeedFileChanges {
  const previous = new Map(before.map((source) => [source.file, source.sha256]));
  const current = new Set(after.map((source) => source.file));
  const added: string[] = [];
  const changed: string[] = [];
  let unchanged = 0;
  for (const source of after) {
    const hash = previous.get(source.file);
    if (hash === undefined) added.push(source.file);
    else if (hash !== source.sha256) changed.push(source.file);
    else unchanged += 1;
  }
  const removed = before.map((source) => source.file).filter((file) => !current.has(file));
  return { added, changed, removed, unchanged };
}

/**
 * SHA-256 (hex) over the two files besides the newsletters that the articles depend on: the glossary (its
 * bilingual names are pairing evidence) and the pair overrides. A missing file hashes differently from an
 * empty one. Read before the files are used, so an edit made meanwhile leaves the index out of date rather
 * than marked current.
 * @throws the read error when one of those files exists but cannot be read.
 */
export async function pairingInputsDigest(config: Pick<AppConfig, 'glossaryFile' | 'pairOverridesFile'>): Promise<string> {
  const hash = createHash('sha256');
  for (const [name, file] of [['glossary', config.glossaryFile], ['pair overrides', config.pairOverridesFile]] as const) {
    let bytes: Buffer | null;
    try {
      bytes = await readFile(file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      bytes = null;
    }
    hash.update(`${name}\0${bytes === null ? 'absent' : `${bytes.length}\0`}`);
    if (bytes !== null) hash.update(bytes);
  }
  return hash.digest('hex');
}

/**
 * The index's `seedsHash`: SHA-256 (hex) of the newsletter files' hash (`hashNewsletterFiles`) and
 * {@link pairingInputsDigest}, so that editing the glossary or the pair overrides makes the index out of
 * date and the next `npm run index`, start or watch run updates it.
 */
export function indexInputsHash(newslettersHash: string, pairingDigest: string): string {
  return createHash('sha256').update(`newsletters\0${newslettersHash}\0pairing\0${pairingDigest}`).digest('hex');
}

/**
 * The `seedsHash` an index built now from `config`'s seeds would record ({@link indexInputsHash} of the newsletter
 * files, hashed as at build time, and {@link pairingInputsDigest}).
 * @throws {ParseError} when the seeds folder cannot be read; the read error of the glossary or overrides file.
 */
export async function currentSeedsHash(config: Pick<AppConfig, 'seedsDir' | 'ingest' | 'glossaryFile' | 'pairOverridesFile'>): Promise<string> {
  const files = await listNewsletterFiles(config.seedsDir);
  return indexInputsHash(await hashNewsletterFiles(config.seedsDir, files, config.ingest), await pairingInputsDigest(config));
}
