/**
 * Adapter around `hnswlib-node`'s `HierarchicalNSW` (approximate nearest neighbours, Malkov & Yashunin,
 * "Efficient and robust approximate nearest neighbor search using Hierarchical Navigable Small World
 * graphs", 2016). With `exact-cosine-store.ts` (its `BruteforceSearch`), the only files that import it.
 * The space is always `cosine`: hnswlib normalises every vector on insertion and reports **distance** = 1 − cosine similarity (lower is closer).
 *
 * Removal: {@link HnswVectorIndex.remove} marks an element deleted (hnswlib's `markDelete`): it stays in
 * the graph as a waypoint but is never returned, and the next {@link HnswVectorIndex.add} reuses its slot
 * (hnswlib's `allowReplaceDeleted`, which relinks the slot's neighbours). Deleted elements that no addition
 * has reused yet — *tombstones* — are saved with the graph; by this stage's convention they carry labels at
 * or above the live count, and {@link HnswVectorIndex.load} with `liveCount` marks them deleted again.
 */
import { open } from 'node:fs/promises';
import hnswlib from 'hnswlib-node';
import type { HierarchicalNSW } from 'hnswlib-node';
import { IndexCorruptError, IndexMismatchError, InputError } from '../core';
import type { VectorIndex, VectorSearchHit } from './types';

/** HNSW graph parameters (hnswlib's names). */
export interface HnswParameters {
  /** Graph degree `M`: links per node per layer (2·M on layer 0). More is more accurate and larger. */
  readonly m: number;
  /** Candidate-list size while inserting; more is a better graph and a slower build. */
  readonly efConstruction: number;
  /** Candidate-list size while searching (at least `k` is used); more is better recall and slower. */
  readonly efSearch: number;
}

/** hnswlib's random seed for level assignment: fixed, so one input always builds the same graph. */
const RANDOM_SEED = 100;
const BYTES_PER_DIMENSION = Float32Array.BYTES_PER_ELEMENT;
/** hnswlib's saved-index header starts with six little-endian size_t (8-byte) fields. */
const HEADER_BYTES = 48;

/** HNSW nearest-neighbour index over chunk embeddings, cosine space; labels are chunk positions. */
export class HnswVectorIndex implements VectorIndex {
  readonly dimensions: number;
  private readonly graph: HierarchicalNSW;
  /** Live labels (deleted ones excluded). */
  private readonly labelSet: Set<number>;
  /** Elements marked deleted and not yet reused by an addition (tombstones). */
  private deleted = 0;

  private constructor(graph: HierarchicalNSW, dimensions: number, labels: Iterable<number>) {
    this.graph = graph;
    this.dimensions = dimensions;
    this.labelSet = new Set(labels);
  }

  /**
   * An empty index.
   * @param dimensions - length of every vector it will hold (e.g. 384 for multilingual-e5-small).
   * @param capacity - expected number of vectors; the index grows (doubling) when more are added.
   * @param parameters - graph parameters; `efSearch` applies to later searches.
   * @throws {InputError} when `dimensions` or `capacity` is not a positive integer, or a parameter is not.
   */
  static create(dimensions: number, capacity: number, parameters: HnswParameters): HnswVectorIndex {
    requirePositiveInteger('dimensions', dimensions);
    requirePositiveInteger('capacity', capacity);
    requirePositiveInteger('m', parameters.m);
    requirePositiveInteger('efConstruction', parameters.efConstruction);
    requirePositiveInteger('efSearch', parameters.efSearch);
    const graph = new hnswlib.HierarchicalNSW('cosine', dimensions);
    graph.initIndex(capacity, parameters.m, parameters.efConstruction, RANDOM_SEED, true);
    graph.setEf(parameters.efSearch);
    return new HnswVectorIndex(graph, dimensions, []);
  }

  /**
   * Loads an index written by {@link HnswVectorIndex.save}.
   * @param path - the `vectors.hnsw` file.
   * @param dimensions - the dimensions it must hold (checked against the file's header, which hnswlib
   *        itself does not check: a file of other dimensions would load and return nonsense).
   * @param efSearch - candidate-list size for searches.
   * @param liveCount - when given, the labels `0 … liveCount − 1` are live and every label at or above it is
   *        a tombstone (see the file's header): marked deleted, never returned, not counted in {@link size}.
   *        Default: every saved label is live.
   * @throws {IndexCorruptError} when the file is missing, truncated or unreadable by hnswlib, or holds
   *         vectors of other dimensions.
   */
  static async load(path: string, dimensions: number, efSearch: number, liveCount?: number): Promise<HnswVectorIndex> {
    requirePositiveInteger('dimensions', dimensions);
    requirePositiveInteger('efSearch', efSearch);
    const header = Buffer.alloc(HEADER_BYTES);
    let headerLength: number;
    try {
      const handle = await open(path, 'r');
      try {
        headerLength = (await handle.read(header, 0, HEADER_BYTES, 0)).bytesRead;
      } finally {
        await handle.close();
      }
    } catch (error) {
      throw new IndexCorruptError(path, 'the file cannot be read', { cause: error });
    }
    if (headerLength < HEADER_BYTES) {
      throw new IndexCorruptError(path, `only ${headerLength} bytes, shorter than an hnswlib header`);
    }
    // Header layout (hnswlib HierarchicalNSW::saveIndex): offsetLevel0, maxElements, elementCount,
    // sizeDataPerElement, labelOffset, offsetData; a vector occupies labelOffset − offsetData bytes.
    const vectorBytes = Number(header.readBigUInt64LE(32) - header.readBigUInt64LE(40));
    if (vectorBytes !== dimensions * BYTES_PER_DIMENSION) {
      throw new IndexCorruptError(
        path,
        `holds ${vectorBytes / BYTES_PER_DIMENSION}-dimensional vectors, expected ${dimensions}`,
      );
    }
    const graph = new hnswlib.HierarchicalNSW('cosine', dimensions);
    try {
      await graph.readIndex(path, true);
    } catch (error) {
      throw new IndexCorruptError(path, 'hnswlib cannot read it (truncated or not an hnswlib index)', {
        cause: error,
      });
    }
    graph.setEf(efSearch);
    const labels = graph.getIdsList();
    const index = new HnswVectorIndex(graph, dimensions, liveCount === undefined ? labels : labels.filter((label) => label < liveCount));
    if (liveCount !== undefined) {
      for (const label of labels) if (label >= liveCount) index.markDeleted(label);
    }
    return index;
  }

  /**
   * Makes room for `capacity` vectors in all (hnswlib's `resizeIndex`), so adding up to that many does not
   * double the allocation (which the saved file would carry). Never shrinks.
   * @throws {InputError} when `capacity` is not a positive integer.
   */
  reserve(capacity: number): void {
    requirePositiveInteger('capacity', capacity);
    if (capacity > this.graph.getMaxElements()) this.graph.resizeIndex(capacity);
  }

  /** Number of live vectors in the index (tombstones excluded). */
  get size(): number {
    return this.labelSet.size;
  }

  /** Elements marked deleted whose slots no addition has reused yet (saved with the graph). */
  get tombstones(): number {
    return this.deleted;
  }

  /** The live labels, ascending. */
  labels(): readonly number[] {
    return [...this.labelSet].sort((left, right) => left - right);
  }

  /**
   * Adds `vector` under `label`. The stored copy is normalised to unit length (cosine space).
   * @param label - the chunk's 0-based position; a non-negative integer not already in the index.
   * @throws {IndexMismatchError} (field `vector dimensions`) when `vector.length` ≠ {@link dimensions}.
   * @throws {InputError} when `vector` holds a non-finite number, or `label` is invalid or already present.
   */
  add(vector: readonly number[], label: number): void {
    this.checkVector(vector);
    if (!Number.isInteger(label) || label < 0) {
      throw new InputError(`Vector index label must be a non-negative integer, found ${label}.`);
    }
    // hnswlib would silently replace the vector of an existing label.
    if (this.labelSet.has(label)) throw new InputError(`Vector index label ${label} is already present.`);
    if (this.deleted > 0) {
      // Reuses a tombstone's slot (which one is hnswlib's choice; its label disappears).
      this.graph.addPoint([...vector], label, true);
      this.deleted -= 1;
    } else {
      const capacity = this.graph.getMaxElements();
      if (this.graph.getCurrentCount() >= capacity) this.graph.resizeIndex(Math.max(capacity * 2, 16));
      this.graph.addPoint([...vector], label);
    }
    this.labelSet.add(label);
  }

  /**
   * Removes the vector of `label` from search results (hnswlib's `markDelete`): it becomes a tombstone,
   * kept as a waypoint of the graph until an {@link add} reuses its slot.
   * @throws {InputError} when `label` is not a live label of the index.
   */
  remove(label: number): void {
    if (!this.labelSet.has(label)) throw new InputError(`Vector index label ${label} is not in the index.`);
    this.markDeleted(label);
    this.labelSet.delete(label);
  }

  /** Marks `label` deleted in the graph, tolerating one saved already deleted, and counts the tombstone. */
  private markDeleted(label: number): void {
    try {
      this.graph.markDelete(label);
    } catch (error) {
      if (!/already deleted/iu.test(String(error))) throw error;
    }
    this.deleted += 1;
  }

  /**
   * The `k` nearest stored vectors to `vector`, best (lowest cosine distance) first, ties by ascending
   * label. `k` is clamped to {@link size}; `k` ≤ 0 returns an empty list. Approximate: recall depends on
   * `efSearch`.
   * @param accept - when given, only labels it accepts are returned (hnswlib's filtered search: the graph is
   *        still walked through the others, so up to `k` accepted labels come back, not `k` minus rejects).
   * @returns hits whose `distance` is cosine distance (1 − cosine similarity), not a similarity.
   * @throws {IndexMismatchError} (field `vector dimensions`) when `vector.length` ≠ {@link dimensions}.
   * @throws {InputError} when `vector` holds a non-finite number or `k` is not an integer.
   */
  search(vector: readonly number[], k: number, accept?: (label: number) => boolean): readonly VectorSearchHit[] {
    this.checkVector(vector);
    if (!Number.isInteger(k)) throw new InputError(`Vector search k must be an integer, found ${k}.`);
    const count = Math.min(k, this.size);
    if (count <= 0) return [];
    const result = accept === undefined ? this.graph.searchKnn([...vector], count) : this.graph.searchKnn([...vector], count, accept);
    const hits = result.neighbors.map((label, position) => ({
      label,
      distance: result.distances[position] ?? Number.POSITIVE_INFINITY,
    }));
    return hits.sort((left, right) => left.distance - right.distance || left.label - right.label);
  }

  /**
   * Writes the index to `path` in hnswlib's binary format (in place, not atomically, not fsynced: the
   * index store writes it into a fresh build directory and syncs it).
   */
  async save(path: string): Promise<void> {
    await this.graph.writeIndex(path);
  }

  private checkVector(vector: readonly number[]): void {
    if (vector.length !== this.dimensions) {
      throw new IndexMismatchError('vector dimensions', String(this.dimensions), String(vector.length));
    }
    const position = vector.findIndex((value) => !Number.isFinite(value));
    if (position >= 0) {
      throw new InputError(`Vector holds a non-finite number (${vector[position]}) at position ${position}.`);
    }
  }
}

/** Bytes of hnswlib's saved-index header (six size_t, two int, five size_t/double fields) before the level-0 data. */
const FULL_HEADER_BYTES = HEADER_BYTES + 4 + 4 + 8 * 5;

/**
 * A copy of a saved hnswlib index (the bytes {@link HnswVectorIndex.save} writes) with every label `l`
 * replaced by `newLabel(l)` (or `newLabel[l]` for an array), called once per element in storage order: the
 * graph, its deleted marks and its vectors stay, so reloading it and adding vectors avoids re-inserting the
 * kept ones. Layout per hnswlib `saveIndex` (0.8): header, then `maxElements` level-0 records of
 * `sizeDataPerElement` bytes, each holding its label (size_t, little-endian) at `labelOffset`.
 * @throws {IndexCorruptError} (naming `file`) when the bytes are not such an index or a label has no new
 *         label (undefined).
 */
export function relabelSavedIndex(
  bytes: Buffer,
  newLabel: readonly number[] | ((label: number) => number | undefined),
  file: string,
): Buffer {
  const lookup = typeof newLabel === 'function' ? newLabel : (label: number): number | undefined => newLabel[label];
  if (bytes.length < FULL_HEADER_BYTES) throw new IndexCorruptError(file, 'shorter than an hnswlib header');
  const maxElements = Number(bytes.readBigUInt64LE(8));
  const count = Number(bytes.readBigUInt64LE(16));
  const recordBytes = Number(bytes.readBigUInt64LE(24));
  const labelOffset = Number(bytes.readBigUInt64LE(32));
  if (count > maxElements || labelOffset + 8 > recordBytes || FULL_HEADER_BYTES + maxElements * recordBytes > bytes.length) {
    throw new IndexCorruptError(file, 'header inconsistent with the file size');
  }
  const copy = Buffer.from(bytes);
  for (let element = 0; element < count; element += 1) {
    const at = FULL_HEADER_BYTES + element * recordBytes + labelOffset;
    const old = Number(copy.readBigUInt64LE(at));
    const label = lookup(old);
    if (label === undefined) throw new IndexCorruptError(file, `element ${element} has label ${old}, which has no new label`);
    copy.writeBigUInt64LE(BigInt(label), at);
  }
  return copy;
}

function requirePositiveInteger(name: string, value: number): void {
  if (!Number.isInteger(value) || value <= 0) {
    throw new InputError(`HNSW ${name} must be a positive integer, found ${value}.`);
  }
}
