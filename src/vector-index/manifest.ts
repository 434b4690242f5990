/**
 * The index manifest (`manifest.json`): what an index was built from and with, and the size and SHA-256
 * digest of each of its data files. It is written last, so a build directory with a valid manifest is
 * complete; an index whose manifest does not match the running configuration is rebuilt, never queried.
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { IndexCorruptError, IndexMismatchError } from '../core';
import type { SkippedFile } from '../core';
import type { HnswParameters } from './hnsw-vector-index';
import { TOKENIZER_VERSION } from '../language';

/**
 * Version of the on-disk layout (file set, manifest shape, JSON shapes). Bump on any change.
 * 2: stored embeddings (`embeddings.f32`, `embedding-keys.json`) and per-file seed digests (`sources`).
 * 3: articles carry `dateSource` (`source` | `text` | `issue` | null) instead of `dateOrigin`.
 * 4: articles carry `link` (the item's own URL, or null).
 * 5: `lexical.json` holds BM25 postings as flat arrays (its format 2), not wink's export.
 */
export const INDEX_FORMAT_VERSION = 5;

/**
 * The index's data files, besides `manifest.json`: the four the answer path queries
 * ({@link INDEX_QUERY_FILES}), then the stored embeddings an incremental update reuses
 * ({@link INDEX_EMBEDDING_FILES}).
 */
export const INDEX_DATA_FILES = [
  'articles.json',
  'chunks.json',
  'vectors.hnsw',
  'lexical.json',
  'embeddings.f32',
  'embedding-keys.json',
] as const;

/** The data files `loadIndex` reads and checks: what the answer path needs. */
export const INDEX_QUERY_FILES = ['articles.json', 'chunks.json', 'vectors.hnsw', 'lexical.json'] as const;

/**
 * The stored embeddings, read only by an incremental update (`loadStoredEmbeddings`):
 * - `embeddings.f32`: chunk `i`'s embedding at row `i`, `dimensions` little-endian float32 values per row;
 * - `embedding-keys.json`: a JSON array of strings, entry `i` the embedding key of chunk `i` (the caller's
 *   content hash of embedder id and embedded text; an empty string is never reused).
 */
export const INDEX_EMBEDDING_FILES = ['embeddings.f32', 'embedding-keys.json'] as const;

/** The name of one of the index's data files. */
export type IndexDataFile = (typeof INDEX_DATA_FILES)[number];

/** The manifest's own file name. */
export const MANIFEST_FILE = 'manifest.json';

/** Size and digest of one data file, checked before the file is parsed. */
export interface IndexFileDigest {
  /** File size in bytes. */
  readonly bytes: number;
  /** Lowercase hexadecimal SHA-256 of the file's bytes. */
  readonly sha256: string;
}

/** Size and content hash of one seed (source) file, as read by the build. */
export interface SourceFileDigest {
  /** The file's path as articles name it (from the repository root, e.g. `seeds/004_cefe45b9264134e7.txt`). */
  readonly file: string;
  /** File size in bytes. */
  readonly bytes: number;
  /** Lowercase hexadecimal SHA-256 of the file's bytes. */
  readonly sha256: string;
}

/** The content of `manifest.json`. */
export interface IndexManifest {
  /** {@link INDEX_FORMAT_VERSION} of the code that wrote it. */
  readonly formatVersion: number;
  /** Build time, ISO 8601 (UTC), e.g. `2026-11-21T13:10:40.482Z`. */
  readonly createdAt: string;
  readonly embedder: {
    /** Embedder identity as reported by the embed stage, e.g. `transformers:Xenova/multilingual-e5-small`. */
    readonly id: string;
    /** Length of every stored vector. */
    readonly dimensions: number;
  };
  readonly chunking: {
    /** Target chunk length in characters (not tokens). */
    readonly size: number;
    /** Overlap between consecutive chunks of one article, in characters. */
    readonly overlap: number;
  };
  /** Hash of the seed files the index was built from, computed by the caller (the build command). */
  readonly seedsHash: string;
  readonly counts: {
    /** Seed files read, skipped ones included. */
    readonly files: number;
    /** Length of `articles.json`. */
    readonly articles: number;
    /** Length of `chunks.json`, and the number of vectors and of lexical documents. */
    readonly chunks: number;
  };
  /** Seed files that could not be read or parsed; the others were indexed. */
  readonly skippedFiles: readonly SkippedFile[];
  /**
   * Every seed file the build read (skipped ones included), in name order, with its content hash: what an
   * incremental update compares to report added, changed and removed files.
   */
  readonly sources: readonly SourceFileDigest[];
  /** Why the model-free fallback embedder was used; null when the configured embedder was. */
  readonly fallbackReason: string | null;
  /**
   * HNSW parameters the graph was built with (`efSearch` is the build-time default; load may override), and
   * `deletedElements`: tombstones saved in `vectors.hnsw` (elements of removed chunks that no later
   * addition reused, labelled at or above the chunk count; see `hnsw-vector-index.ts`). Absent means 0.
   */
  readonly hnsw: HnswParameters & { readonly deletedElements?: number };
  readonly lexical: {
    /** {@link TOKENIZER_VERSION} the lexical index was built with. */
    readonly tokenizerVersion: number;
  };
  /** Size and SHA-256 of each data file. */
  readonly files: Readonly<Record<IndexDataFile, IndexFileDigest>>;
}

/**
 * What the index was built for, as the running configuration sees it; {@link checkManifest} compares a
 * manifest against it.
 */
export interface ExpectedIndexSettings {
  /** The configured embedder's id (see {@link IndexManifest.embedder}). */
  readonly embedderId: string;
  /** The configured embedder's vector length. */
  readonly dimensions: number;
  /** Configured chunk size and overlap, in characters. */
  readonly chunking: { readonly size: number; readonly overlap: number };
  /** Hash of the current seed files, computed the same way as at build time. */
  readonly seedsHash: string;
}

const positiveInteger = z.number().int().positive();
const nonNegativeInteger = z.number().int().nonnegative();
const fileDigestSchema = z.object({
  bytes: nonNegativeInteger,
  sha256: z.string().regex(/^[0-9a-f]{64}$/, 'a lowercase hexadecimal SHA-256'),
});

const manifestSchema = z.object({
  formatVersion: z.literal(INDEX_FORMAT_VERSION),
  createdAt: z.string().datetime(),
  embedder: z.object({ id: z.string().min(1), dimensions: positiveInteger }),
  chunking: z.object({ size: positiveInteger, overlap: nonNegativeInteger }),
  seedsHash: z.string(),
  counts: z.object({ files: nonNegativeInteger, articles: nonNegativeInteger, chunks: nonNegativeInteger }),
  skippedFiles: z.array(z.object({ file: z.string(), reason: z.string() })),
  sources: z.array(z.object({ file: z.string(), bytes: nonNegativeInteger, sha256: z.string().regex(/^[0-9a-f]{64}$/, 'a lowercase hexadecimal SHA-256') })),
  fallbackReason: z.string().nullable(),
  hnsw: z.object({ m: positiveInteger, efConstruction: positiveInteger, efSearch: positiveInteger, deletedElements: nonNegativeInteger.optional() }),
  lexical: z.object({ tokenizerVersion: z.number().int() }),
  files: z.object({
    'articles.json': fileDigestSchema,
    'chunks.json': fileDigestSchema,
    'vectors.hnsw': fileDigestSchema,
    'lexical.json': fileDigestSchema,
    'embeddings.f32': fileDigestSchema,
    'embedding-keys.json': fileDigestSchema,
  }),
}) satisfies z.ZodType<IndexManifest>;

/**
 * Validates a parsed `manifest.json`.
 * @param value - the parsed JSON.
 * @param source - the file it came from, named in errors.
 * @throws {IndexMismatchError} (field `formatVersion`) when it was written by another format version,
 *         whose shape this code does not know.
 * @throws {IndexCorruptError} when it does not have the manifest's shape.
 */
export function parseManifest(value: unknown, source: string): IndexManifest {
  const version = z.object({ formatVersion: z.number() }).safeParse(value);
  if (version.success && version.data.formatVersion !== INDEX_FORMAT_VERSION) {
    throw new IndexMismatchError('formatVersion', String(INDEX_FORMAT_VERSION), String(version.data.formatVersion));
  }
  const parsed = manifestSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new IndexCorruptError(source, `invalid manifest: ${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`);
  }
  return parsed.data;
}

/**
 * Throws on the first difference between `manifest` and the running configuration, checked in this order:
 * `formatVersion`, `lexical.tokenizerVersion`, `embedder.id`, `embedder.dimensions`, `chunking.size`,
 * `chunking.overlap`, `seedsHash`.
 * @throws {IndexMismatchError} carrying the field name and the expected and found values (as strings).
 */
export function checkManifest(manifest: IndexManifest, expected: ExpectedIndexSettings): void {
  const comparisons: ReadonlyArray<readonly [string, string | number, string | number]> = [
    ['formatVersion', INDEX_FORMAT_VERSION, manifest.formatVersion],
    ['lexical.tokenizerVersion', TOKENIZER_VERSION, manifest.lexical.tokenizerVersion],
    ['embedder.id', expected.embedderId, manifest.embedder.id],
    ['embedder.dimensions', expected.dimensions, manifest.embedder.dimensions],
    ['chunking.size', expected.chunking.size, manifest.chunking.size],
    ['chunking.overlap', expected.chunking.overlap, manifest.chunking.overlap],
    ['seedsHash', expected.seedsHash, manifest.seedsHash],
  ];
  for (const [field, expectedValue, foundValue] of comparisons) {
    if (expectedValue !== foundValue) throw new IndexMismatchError(field, String(expectedValue), String(foundValue));
  }
}

/**
 * Reads and validates one `manifest.json`.
 * @throws {IndexCorruptError} when it is missing, not JSON or not a manifest.
 * @throws {IndexMismatchError} (field `formatVersion`) when it has another format version.
 */
export async function readManifestFile(manifestPath: string): Promise<IndexManifest> {
  let text: string;
  try {
    text = await readFile(manifestPath, 'utf8');
  } catch (error) {
    throw new IndexCorruptError(manifestPath, 'the manifest cannot be read', { cause: error });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new IndexCorruptError(manifestPath, 'the manifest is not valid JSON', { cause: error });
  }
  return parseManifest(value, manifestPath);
}
