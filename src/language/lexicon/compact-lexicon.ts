/**
 * The compact on-disk form of the bilingual lexicon: built once from the parsed CC-CEDICT data, then
 * looked up on disk so that a process does not hold (or parse) the dictionary whole.
 *
 * Layout of a file (UTF-8): one line of JSON header ({@link CompactLexiconHeader}), then the body: four
 * tables, each a run of `key\tvalue\n` records sorted by key (JavaScript string order, UTF-16 code units):
 * - `headwords`: Chinese headword → its sense phrases joined by `|` (`出席\tto attend|to particip|present`);
 * - `stems`: English stem → the headwords with a sense that has it, joined by `|`;
 * - `phrases`: sense phrase → number of headwords with it;
 * - `english`: lowercase English word of the glosses → empty.
 * Each table is cut into blocks of {@link COMPACT_LEXICON_POLICY}.recordsPerBlock records; the header holds
 * every block's first key, offset and length (the sparse index). A lookup binary-searches the sparse index,
 * reads one block with `fs.readSync` at its offset, and keeps the decoded block in a bounded LRU
 * (`lru-cache`). Only the set of headwords is held in memory as a whole (`has` is called for every 2–4
 * character substring of an article's Chinese text when coverage is prepared: a disk read each would be
 * far too slow), about 4.5 MB of heap.
 *
 * Integrity: the header names the format version, the SHA-256 of the source data file it was built from,
 * and the SHA-256 and length of the body; {@link CompactLexiconTables.open} checks all three (reading the
 * body once, ≈ 7 MB) and throws {@link CompactLexiconError} on any mismatch, so a truncated, edited or stale
 * file is never used. Every block read is checked against its expected first key as well.
 */
import { createHash } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { LRUCache } from 'lru-cache';
import { AssistantError } from '../../core';
import { deriveLexiconIndexes, type LexiconData, type LexiconTables } from './lexicon-tables';

/** Tuning of the compact lexicon's blocks and caches. */
export interface CompactLexiconPolicy {
  /**
   * Records per block. 32 records are 0.7–1.2 KB in the headword and stem tables (CC-CEDICT 1.1.1), one
   * small read; the sparse index is then ≈ 7,400 keys for the four tables (≈ 0.5 MB of header).
   */
  readonly recordsPerBlock: number;
  /**
   * Decoded blocks kept per table (least recently used evicted). With 256, the dev questions' asks read
   * ≈ 28 blocks each on a cold cache (≈ 3 ms on a busy 2-core machine) and none once warm; 1,024 kept
   * ≈ 7 MB of decoded records after an index build (pairing touches much of the stem table), 256 ≈ 2 MB.
   */
  readonly cachedBlocksPerTable: number;
  /**
   * Split values (sense phrases of a headword, headwords of a stem) kept per table, least recently used
   * evicted: the same array for a word's repeated lookups (coverage asks for each dictionary word of an
   * article). 4,096 bounds them to ≈ 1 MB; 32 × 1,024 kept 3.3 MB after a seed build.
   */
  readonly cachedLists: number;
  /** Bytes read at a time when hashing a file (source data or body). */
  readonly hashChunkBytes: number;
}

/** The compact lexicon's tuning (see {@link CompactLexiconPolicy} for where each value comes from). */
export const COMPACT_LEXICON_POLICY: CompactLexiconPolicy = Object.freeze({
  recordsPerBlock: 32,
  cachedBlocksPerTable: 256,
  cachedLists: 4096,
  hashChunkBytes: 1 << 20,
});

/** Format name in the header; files of another format are rejected. */
export const COMPACT_LEXICON_FORMAT = 'newsletter-assistant/compact-lexicon';
/** Version of the layout and of what is kept of a sense: a file of another version is rebuilt. Bump it when `parseCedict` changes. */
export const COMPACT_LEXICON_VERSION = 1;

const TABLES = ['headwords', 'stems', 'phrases', 'english'] as const;
type TableName = (typeof TABLES)[number];

/** One table's place in the body and its sparse index. */
interface TableHeader {
  /** Byte offset of the table in the body. */
  readonly offset: number;
  readonly bytes: number;
  /** Number of records. */
  readonly count: number;
  /** Every block: its first key, byte offset in the body, byte length. */
  readonly blocks: readonly (readonly [string, number, number])[];
}

/** The header line of a compact lexicon file. */
export interface CompactLexiconHeader {
  readonly format: string;
  readonly version: number;
  /** The data file the lexicon was built from: its SHA-256 (hex) and size. */
  readonly source: { readonly sha256: string; readonly bytes: number };
  readonly headwordCount: number;
  /** The body after the header line: its length and SHA-256 (hex). */
  readonly body: { readonly bytes: number; readonly sha256: string };
  readonly tables: Readonly<Record<TableName, TableHeader>>;
}

/**
 * A compact lexicon file cannot be used: missing, unreadable, of another format or version, built from
 * other data, or damaged (checksum or block mismatch). The loader then rebuilds it from the source data.
 */
export class CompactLexiconError extends AssistantError {
  readonly file: string;
  /** What is wrong, without the file name. */
  readonly reason: string;
  /** True when the file does not exist (nothing is wrong with it: it was never built). */
  readonly missing: boolean;
  constructor(file: string, reason: string, options?: { cause?: unknown; missing?: boolean }) {
    super('PARSE_FAILED', `Cannot use the compact lexicon ${file}: ${reason}. It is rebuilt from the CC-CEDICT data.`, options);
    this.file = file;
    this.reason = reason;
    this.missing = options?.missing === true;
  }
}

/**
 * SHA-256 (hex) and size of a file, read in {@link COMPACT_LEXICON_POLICY}.hashChunkBytes pieces (never
 * whole in memory). Throws Node's file system errors.
 */
export function hashFileSync(file: string, from = 0): { sha256: string; bytes: number } {
  const hash = createHash('sha256');
  const buffer = Buffer.allocUnsafe(COMPACT_LEXICON_POLICY.hashChunkBytes);
  const fd = openSync(file, 'r');
  let bytes = 0;
  try {
    for (;;) {
      const read = readSync(fd, buffer, 0, buffer.length, from + bytes);
      if (read === 0) break;
      hash.update(buffer.subarray(0, read));
      bytes += read;
    }
  } finally {
    closeSync(fd);
  }
  return { sha256: hash.digest('hex'), bytes };
}

const SEPARATORS = /[\t\n|]/u;

/** The records of one table, sorted, as body bytes with the table's sparse index. */
function tableBytes(records: Map<string, string>, offset: number, file: string): { buffer: Buffer; header: TableHeader } {
  const keys = [...records.keys()].sort((left, right) => (left < right ? -1 : left > right ? 1 : 0));
  const blocks: [string, number, number][] = [];
  const parts: Buffer[] = [];
  let position = offset;
  for (let start = 0; start < keys.length; start += COMPACT_LEXICON_POLICY.recordsPerBlock) {
    const lines: string[] = [];
    for (const key of keys.slice(start, start + COMPACT_LEXICON_POLICY.recordsPerBlock)) {
      const value = records.get(key) ?? '';
      if (key === '' || SEPARATORS.test(key) || /[\t\n]/u.test(value)) throw new CompactLexiconError(file, `a key or value holds a separator (${JSON.stringify(key)})`);
      lines.push(`${key}\t${value}\n`);
    }
    const block = Buffer.from(lines.join(''), 'utf8');
    blocks.push([keys[start] ?? '', position, block.length]);
    parts.push(block);
    position += block.length;
  }
  const buffer = Buffer.concat(parts);
  return { buffer, header: { offset, bytes: buffer.length, count: keys.length, blocks } };
}

/**
 * Writes the compact form of `data` to `file` atomically (a temporary file in the same folder, then a
 * rename: a concurrent reader sees the old file or the new one, never half of one). Creates the folder.
 * @param source - SHA-256 and size of the data file `data` was parsed from (checked when the file is opened).
 * @throws {CompactLexiconError} when a key or value holds a record separator; Node's file system errors.
 */
export function writeCompactLexicon(data: LexiconData, file: string, source: { sha256: string; bytes: number }): void {
  const { headwordsByStem, phraseHeadwords } = deriveLexiconIndexes(data);
  const sources: Record<TableName, Map<string, string>> = {
    headwords: new Map([...data.senses].map(([headword, phrases]) => {
      if (phrases.some((phrase) => phrase.includes('|'))) throw new CompactLexiconError(file, `a phrase of ${headword} holds "|"`);
      return [headword, phrases.join('|')];
    })),
    stems: new Map([...headwordsByStem].map(([stem, headwords]) => [stem, headwords.join('|')])),
    phrases: new Map([...phraseHeadwords].map(([phrase, count]) => [phrase, String(count)])),
    english: new Map([...data.englishWords].map((word) => [word, ''])),
  };
  const parts: Buffer[] = [];
  const tables = {} as Record<TableName, TableHeader>;
  let offset = 0;
  for (const table of TABLES) {
    const { buffer, header } = tableBytes(sources[table], offset, file);
    parts.push(buffer);
    tables[table] = header;
    offset += buffer.length;
  }
  const body = Buffer.concat(parts);
  const header: CompactLexiconHeader = {
    format: COMPACT_LEXICON_FORMAT,
    version: COMPACT_LEXICON_VERSION,
    source,
    headwordCount: data.senses.size,
    body: { bytes: body.length, sha256: createHash('sha256').update(body).digest('hex') },
    tables,
  };
  mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.${Date.now()}.tmp`;
  try {
    writeFileSync(temporary, Buffer.concat([Buffer.from(`${JSON.stringify(header)}\n`, 'utf8'), body]));
    renameSync(temporary, file);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

/** Counters of a compact lexicon's block reads, for measurement. */
export interface CompactLexiconStats {
  /** Lookups that went through a table's blocks (not `has`). */
  readonly lookups: number;
  /** Blocks read from disk (cache misses). */
  readonly blockReads: number;
  /** Time spent reading and decoding blocks, milliseconds. */
  readonly readMilliseconds: number;
}

/** Reads the header line of an open file. */
function readHeader(fd: number, file: string): { header: CompactLexiconHeader; bodyStart: number } {
  const chunks: Buffer[] = [];
  let position = 0;
  for (;;) {
    const chunk = Buffer.allocUnsafe(64 * 1024);
    const read = readSync(fd, chunk, 0, chunk.length, position);
    if (read === 0) throw new CompactLexiconError(file, 'the file ends before its header line');
    const newline = chunk.subarray(0, read).indexOf(0x0a);
    chunks.push(chunk.subarray(0, newline < 0 ? read : newline));
    if (newline >= 0) {
      position += newline + 1;
      break;
    }
    position += read;
  }
  let header: CompactLexiconHeader;
  try {
    header = JSON.parse(Buffer.concat(chunks).toString('utf8')) as CompactLexiconHeader;
  } catch (error) {
    throw new CompactLexiconError(file, 'the header line is not JSON', { cause: error });
  }
  if (header?.format !== COMPACT_LEXICON_FORMAT) throw new CompactLexiconError(file, `not a compact lexicon (format ${JSON.stringify(header?.format)})`);
  if (header.version !== COMPACT_LEXICON_VERSION) throw new CompactLexiconError(file, `format version ${header.version}, expected ${COMPACT_LEXICON_VERSION}`);
  return { header, bodyStart: position };
}

/** Decoded records of one block: key → value. */
type Block = ReadonlyMap<string, string>;

/** A compact lexicon file opened for lookups (see the file's TSDoc for the layout). */
export class CompactLexiconTables implements LexiconTables {
  readonly headwordCount: number;
  /** The file's header (format, source, checksums, sparse indexes). */
  readonly header: CompactLexiconHeader;
  private readonly file: string;
  private readonly fd: number;
  private readonly bodyStart: number;
  private readonly headwordSet: ReadonlySet<string>;
  private readonly blocks: Record<TableName, LRUCache<number, Block>>;
  private readonly parsedLists = new Map<TableName, LRUCache<string, readonly string[]>>();
  private counters = { lookups: 0, blockReads: 0, readMilliseconds: 0 };

  private constructor(file: string, fd: number, header: CompactLexiconHeader, bodyStart: number) {
    this.file = file;
    this.fd = fd;
    this.header = header;
    this.bodyStart = bodyStart;
    this.headwordCount = header.headwordCount;
    const cache = (): LRUCache<number, Block> => new LRUCache<number, Block>({ max: COMPACT_LEXICON_POLICY.cachedBlocksPerTable });
    this.blocks = { headwords: cache(), stems: cache(), phrases: cache(), english: cache() };
    const table = header.tables.headwords;
    const keys = new Set<string>();
    const text = this.readBytes(table.offset, table.bytes).toString('utf8');
    for (let start = 0; start < text.length; ) {
      const tab = text.indexOf('\t', start);
      const end = text.indexOf('\n', start);
      if (tab < 0 || end < tab) throw new CompactLexiconError(file, 'a headword record has no value');
      keys.add(text.slice(start, tab));
      start = end + 1;
    }
    if (keys.size !== table.count || keys.size !== header.headwordCount) throw new CompactLexiconError(file, `${keys.size} headwords, the header says ${header.headwordCount}`);
    this.headwordSet = keys;
  }

  /**
   * Opens `file` and checks its format, version, source and body checksum.
   * @param sourceSha256 - SHA-256 (hex) of the data file it must have been built from; null: any.
   * @throws {CompactLexiconError} when the file is missing (`missing` true), unreadable, of another format or
   *   version, built from other data, or damaged.
   */
  static open(file: string, sourceSha256: string | null): CompactLexiconTables {
    let fd: number;
    try {
      fd = openSync(file, 'r');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new CompactLexiconError(file, `the file cannot be opened (${code ?? String(error)})`, { cause: error, missing: code === 'ENOENT' || code === 'ENOTDIR' });
    }
    try {
      const { header, bodyStart } = readHeader(fd, file);
      if (sourceSha256 !== null && header.source?.sha256 !== sourceSha256) throw new CompactLexiconError(file, 'it was built from other CC-CEDICT data');
      const body = hashFileSync(file, bodyStart);
      if (body.bytes !== header.body?.bytes) throw new CompactLexiconError(file, `the body is ${body.bytes} bytes, the header says ${header.body?.bytes}`);
      if (body.sha256 !== header.body.sha256) throw new CompactLexiconError(file, 'the body does not match its checksum');
      return new CompactLexiconTables(file, fd, header, bodyStart);
    } catch (error) {
      closeSync(fd);
      throw error;
    }
  }

  /** Closes the file; lookups that need a block afterwards throw. */
  close(): void {
    closeSync(this.fd);
  }

  /** Lookups and block reads so far. */
  stats(): CompactLexiconStats {
    return { ...this.counters };
  }

  has(headword: string): boolean {
    return this.headwordSet.has(headword);
  }

  phrases(headword: string): readonly string[] {
    return this.headwordSet.has(headword) ? this.list('headwords', headword) : [];
  }

  headwordsWithStem(stem: string): readonly string[] {
    return this.list('stems', stem);
  }

  headwordsWithPhrase(phrase: string): number {
    const value = this.lookup('phrases', phrase);
    return value === undefined ? 0 : Number(value);
  }

  isEnglishWord(word: string): boolean {
    return this.lookup('english', word) !== undefined;
  }

  /** The `|`-separated value of `key` as a list, the same (frozen) array for repeated lookups while cached. */
  private list(table: TableName, key: string): readonly string[] {
    let cache = this.parsedLists.get(table);
    if (cache === undefined) {
      cache = new LRUCache<string, readonly string[]>({ max: COMPACT_LEXICON_POLICY.cachedLists });
      this.parsedLists.set(table, cache);
    }
    const cached = cache.get(key);
    if (cached !== undefined) return cached;
    const value = this.lookup(table, key);
    const list: readonly string[] = value === undefined ? [] : Object.freeze(value.split('|'));
    if (value !== undefined) cache.set(key, list);
    return list;
  }

  /** The value of `key` in `table`, or undefined. */
  private lookup(table: TableName, key: string): string | undefined {
    this.counters.lookups += 1;
    const blocks = this.header.tables[table].blocks;
    let low = 0;
    let high = blocks.length - 1;
    if (high < 0 || key < (blocks[0]?.[0] ?? '')) return undefined;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if ((blocks[middle]?.[0] ?? '') <= key) low = middle;
      else high = middle - 1;
    }
    return this.block(table, low).get(key);
  }

  private block(table: TableName, index: number): Block {
    const cache = this.blocks[table];
    const cached = cache.get(index);
    if (cached !== undefined) return cached;
    const started = performance.now();
    const [firstKey, offset, bytes] = this.header.tables[table].blocks[index] ?? ['', 0, 0];
    const text = this.readBytes(offset, bytes).toString('utf8');
    const block = new Map<string, string>();
    for (let start = 0; start < text.length; ) {
      const tab = text.indexOf('\t', start);
      const end = text.indexOf('\n', start);
      if (tab < 0 || end < tab) break;
      block.set(text.slice(start, tab), text.slice(tab + 1, end));
      start = end + 1;
    }
    if (!block.has(firstKey)) throw new CompactLexiconError(this.file, `block ${index} of the ${table} table does not start with its indexed key (the file changed after it was opened)`);
    cache.set(index, block);
    this.counters.blockReads += 1;
    this.counters.readMilliseconds += performance.now() - started;
    return block;
  }

  private readBytes(offset: number, bytes: number): Buffer {
    const buffer = Buffer.allocUnsafe(bytes);
    let done = 0;
    while (done < bytes) {
      const read = readSync(this.fd, buffer, done, bytes - done, this.bodyStart + offset + done);
      if (read === 0) throw new CompactLexiconError(this.file, 'the file is shorter than its header says');
      done += read;
    }
    return buffer;
  }
}
