/**
 * Content hashes of the seed files, per file: what an incremental index update compares with the
 * manifest's `sources` to report which files were added, changed or removed.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { listNewsletterFiles } from '../ingest';
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

/**
 * Size and SHA-256 of every newsletter file of `seedsDir` (the files `loadNewsletters` reads), in name
 * order. A file that vanishes or cannot be read between listing and reading is hashed as empty, so it
 * counts as changed and its read error is reported by the loader.
 * @throws {ParseError} when the folder itself cannot be read.
 */
export async function digestSeedFiles(seedsDir: string, relativeTo: string): Promise<readonly SourceFileDigest[]> {
  const digests: SourceFileDigest[] = [];
  for (const name of await listNewsletterFiles(seedsDir)) {
    const absolute = path.join(seedsDir, name);
    let bytes: Buffer;
    try {
      bytes = await readFile(absolute);
    } catch {
      bytes = Buffer.alloc(0);
    }
    digests.push({ file: seedFilePath(absolute, relativeTo), bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') });
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
