/**
 * The index's files on disk: the folder layout, durable writes, and reads checked against the manifest's
 * digests. Shared by the write path (`index-writer.ts`) and the read path (`index-reader.ts`).
 *
 * Layout of `indexDir` (e.g. `index/`):
 * - `current/` — the live index: `manifest.json`, `articles.json`, `chunks.json`, `vectors.hnsw`,
 *   `lexical.json` (what the answer path loads), `embeddings.f32`, `embedding-keys.json` (the stored
 *   embeddings, read only by an incremental update through `loadStoredEmbeddings`),
 *   `lexical-tokens.json` (the chunks' lexical tokens, which the next update reuses, see
 *   `lexical-token-cache.ts`);
 *   plus the caller's cache files (e.g. `parsed-files.json`, the parsed seed files an update reuses);
 * - `previous/` — the index `current/` replaced, kept until the next successful build;
 * - `.build-<pid>-<milliseconds>/` — a build in progress (or the leftovers of one that crashed).
 * How a build swaps them atomically is described in `index-writer.ts`.
 */
import { createHash } from 'node:crypto';
import { open, readFile, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { z } from 'zod';
import { IndexCorruptError, InputError } from '../core';
import type { Logger } from '../core';
import { LEXICAL_TOKEN_CACHE_FILE } from './lexical-token-cache';
import { INDEX_DATA_FILES, MANIFEST_FILE } from './manifest';
import type { IndexFileDigest } from './manifest';

/** Name of the live index directory inside `indexDir`. */
export const CURRENT_INDEX_DIR = 'current';
/** Name of the replaced index directory inside `indexDir`. */
export const PREVIOUS_INDEX_DIR = 'previous';
/** Prefix of build directories inside `indexDir`. */
export const BUILD_DIR_PREFIX = '.build-';

/**
 * The directory an index is read from: `current/`, else `previous/` (with a warning: a build was
 * interrupted between its two renames), else null (no index).
 */
export async function locateIndex(indexDir: string, logger: Logger): Promise<string | null> {
  const currentDir = path.join(indexDir, CURRENT_INDEX_DIR);
  if (await exists(currentDir)) return currentDir;
  const previousDir = path.join(indexDir, PREVIOUS_INDEX_DIR);
  if (await exists(previousDir)) {
    logger.warn(
      { indexDir, directory: previousDir },
      'index: current/ is missing (a build was interrupted); using previous/. Rebuild with `npm run index`.',
    );
    return previousDir;
  }
  return null;
}

/**
 * Checks the name of a cache file kept with the index (see `IndexWriteData.cacheFiles`).
 * @throws {InputError} unless it is lower-case letters, digits and `-` ending in `.json`, and not an index file.
 */
export function requireCacheFileName(name: string): void {
  const reserved: readonly string[] = [...INDEX_DATA_FILES, MANIFEST_FILE, LEXICAL_TOKEN_CACHE_FILE];
  if (!/^[a-z0-9-]+\.json$/.test(name) || reserved.includes(name)) {
    throw new InputError(`Index cache file name must be lower-case letters, digits and '-' ending in '.json', and not an index file; found '${name}'.`);
  }
}

/** `rows` (each `dimensions` long) as consecutive little-endian float32 values. */
export function float32LittleEndian(rows: readonly Float32Array[], dimensions: number): Buffer {
  const values = new Float32Array(rows.length * dimensions);
  rows.forEach((row, label) => values.set(row, label * dimensions));
  if (os.endianness() === 'LE') return Buffer.from(values.buffer, values.byteOffset, values.byteLength);
  const bytes = Buffer.alloc(values.byteLength);
  values.forEach((value, position) => bytes.writeFloatLE(value, position * Float32Array.BYTES_PER_ELEMENT));
  return bytes;
}

/** The inverse of {@link float32LittleEndian}: all values, in order (a copy, aligned). */
export function readFloat32LittleEndian(bytes: Buffer): Float32Array {
  if (os.endianness() === 'LE') return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  const values = new Float32Array(bytes.byteLength / Float32Array.BYTES_PER_ELEMENT);
  for (let position = 0; position < values.length; position += 1) values[position] = bytes.readFloatLE(position * Float32Array.BYTES_PER_ELEMENT);
  return values;
}

/**
 * Writes `content` to a new file (`wx`: it must not exist) and fsyncs it.
 * @returns the size and SHA-256 of the bytes written. File-system errors are rethrown as they are.
 */
export async function writeFileDurably(filePath: string, content: string | Buffer): Promise<IndexFileDigest> {
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  const handle = await open(filePath, 'wx');
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } finally {
    await handle.close();
  }
  return digest(bytes);
}

/** fsync a file or a directory (a directory's fsync makes the renames and creations in it durable). */
export async function syncPath(target: string): Promise<void> {
  const handle = await open(target, 'r');
  try {
    await handle.sync();
  } catch (error) {
    // Some platforms (Windows) refuse to fsync a directory; there is nothing more to do there.
    if (!isErrorWithCode(error, ['EISDIR', 'EPERM', 'EINVAL'])) throw error;
  } finally {
    await handle.close();
  }
}

/** Size in bytes and SHA-256 (hex) of `bytes`. */
export function digest(bytes: Buffer): IndexFileDigest {
  return { bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
}

/**
 * Reads a file and checks it against its manifest digest.
 * @throws {IndexCorruptError} when the file is missing, unreadable, of another size or another SHA-256.
 */
export async function readVerified(filePath: string, expected: IndexFileDigest): Promise<Buffer> {
  let bytes: Buffer;
  try {
    bytes = await readFile(filePath);
  } catch (error) {
    const reason = isErrorWithCode(error, ['ENOENT']) ? 'the file is missing' : 'the file cannot be read';
    throw new IndexCorruptError(filePath, reason, { cause: error });
  }
  requireDigest(filePath, digest(bytes), expected);
  return bytes;
}

/** @throws {IndexCorruptError} when `found` differs from `expected` in size (first) or SHA-256. */
function requireDigest(filePath: string, found: IndexFileDigest, expected: IndexFileDigest): void {
  if (found.bytes !== expected.bytes) {
    const state = found.bytes < expected.bytes ? 'truncated' : 'longer than written';
    throw new IndexCorruptError(filePath, `${state}: ${found.bytes} bytes, the manifest says ${expected.bytes}`);
  }
  if (found.sha256 !== expected.sha256) {
    throw new IndexCorruptError(filePath, `SHA-256 ${found.sha256} differs from the manifest's ${expected.sha256}`);
  }
}

/** Bytes read at a time by {@link verifyFile} (1 MiB: a few reads per file, little memory). */
const VERIFY_CHUNK_BYTES = 1 << 20;

/**
 * Checks a file against its manifest digest without holding it in memory (read and hashed 1 MiB at a time):
 * for a file another reader opens itself (the HNSW graph, which hnswlib reads from its path). Index
 * directories are never written after their manifest, so what was checked is what that reader reads.
 * @throws {IndexCorruptError} when the file is missing, unreadable, of another size or another SHA-256.
 */
export async function verifyFile(filePath: string, expected: IndexFileDigest): Promise<void> {
  const hash = createHash('sha256');
  let size = 0;
  try {
    const handle = await open(filePath, 'r');
    try {
      const buffer = Buffer.allocUnsafe(VERIFY_CHUNK_BYTES);
      for (;;) {
        const { bytesRead } = await handle.read(buffer, 0, buffer.length, size);
        if (bytesRead === 0) break;
        hash.update(buffer.subarray(0, bytesRead));
        size += bytesRead;
      }
    } finally {
      await handle.close();
    }
  } catch (error) {
    const reason = isErrorWithCode(error, ['ENOENT']) ? 'the file is missing' : 'the file cannot be read';
    throw new IndexCorruptError(filePath, reason, { cause: error });
  }
  requireDigest(filePath, { bytes: size, sha256: hash.digest('hex') }, expected);
}

/**
 * Parses an index file's JSON text.
 * @throws {IndexCorruptError} naming `filePath` when it is not valid JSON.
 */
export function parseJson(filePath: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new IndexCorruptError(filePath, 'not valid JSON', { cause: error });
  }
}

/**
 * Parses an index file holding a JSON array of records, each checked against `schema`.
 * @throws {IndexCorruptError} naming `filePath` when it is not valid JSON, not an array, or a record is invalid.
 */
export function parseRecords<T>(filePath: string, text: string, schema: z.ZodType<T>): T[] {
  const value = parseJson(filePath, text);
  if (!Array.isArray(value)) throw new IndexCorruptError(filePath, 'not a JSON array');
  return value.map((record, position) => {
    const parsed = schema.safeParse(record);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new IndexCorruptError(
        filePath,
        `record ${position} is invalid: ${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`,
      );
    }
    return parsed.data;
  });
}

/**
 * Checks a count read from an index file.
 * @throws {IndexCorruptError} naming `filePath` when `found` differs from `expected`.
 */
export function requireCount(filePath: string, what: string, found: number, expected: number): void {
  if (found !== expected) throw new IndexCorruptError(filePath, `holds ${found} ${what}, expected ${expected}`);
}

/**
 * Whether `target` exists.
 * @throws its `stat` error when that is not ENOENT.
 */
export async function exists(target: string): Promise<boolean> {
  try {
    await stat(target);
    return true;
  } catch (error) {
    if (isErrorWithCode(error, ['ENOENT'])) return false;
    throw error;
  }
}

/** Whether `error` is a Node system error with one of `codes` (e.g. `ENOENT`). */
export function isErrorWithCode(error: unknown, codes: readonly string[]): boolean {
  return error instanceof Error && 'code' in error && typeof error.code === 'string' && codes.includes(error.code);
}
