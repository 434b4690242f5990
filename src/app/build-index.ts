/**
 * The build path end to end: seeds → articles (ingest) → chunks → embeddings → HNSW + BM25 index on
 * disk, written atomically. Reports progress through a callback so the CLI can draw a progress bar.
 */
import { chunkArticles, chunkIndexText } from '../chunk';
import type { AppConfig, Logger } from '../core';
import type { Embedder, EmbedderSelection } from '../embed';
import { loadNewsletters } from '../ingest';
import { writeIndex, type IndexManifest } from '../vector-index';

/** Progress of a build: a stage name and, while embedding, chunks done out of total. */
export interface BuildProgress {
  readonly stage: 'parsing' | 'embedding' | 'writing' | 'done';
  readonly done: number;
  readonly total: number;
}

export interface BuildIndexOptions {
  readonly onProgress?: (progress: BuildProgress) => void;
}

/** What a build produced. */
export interface BuildIndexResult {
  readonly manifest: IndexManifest;
  /** Wall-clock build time in milliseconds. */
  readonly elapsedMilliseconds: number;
}

async function embedInBatches(
  embedder: Embedder,
  texts: readonly string[],
  batchSize: number,
  onBatch: (done: number) => void,
): Promise<number[][]> {
  const vectors: number[][] = [];
  for (let start = 0; start < texts.length; start += batchSize) {
    vectors.push(...(await embedder.embedDocuments(texts.slice(start, start + batchSize))));
    onBatch(Math.min(texts.length, start + batchSize));
  }
  return vectors;
}

/**
 * Parses, chunks, embeds and indexes the seeds of `config.seedsDir` into `config.indexDir`.
 * An unreadable seed file is named in the log and in the manifest's `skippedFiles`; the rest is indexed.
 * @throws {ParseError} when the seeds folder cannot be read; errors of {@link writeIndex} otherwise.
 *         A failed build leaves the previous index in place.
 */
export async function buildIndex(
  config: AppConfig,
  selection: EmbedderSelection,
  logger: Logger,
  options: BuildIndexOptions = {},
): Promise<BuildIndexResult> {
  const started = performance.now();
  const report = options.onProgress ?? ((): void => {});
  report({ stage: 'parsing', done: 0, total: 0 });
  const loaded = await loadNewsletters(config.seedsDir, config.rootDir, logger);
  const chunks = chunkArticles(loaded.articles, config.chunking);
  logger.info(
    { files: loaded.newsletters.length, skipped: loaded.skippedFiles.length, articles: loaded.articles.length, chunks: chunks.length },
    'parsed newsletters',
  );
  const embedder = selection.embedder;
  report({ stage: 'embedding', done: 0, total: chunks.length });
  const vectors = await embedInBatches(embedder, chunks.map(chunkIndexText), config.embedder.batchSize, (done) =>
    report({ stage: 'embedding', done, total: chunks.length }),
  );
  report({ stage: 'writing', done: chunks.length, total: chunks.length });
  const manifest = await writeIndex(
    config.indexDir,
    {
      manifest: {
        embedder: { id: embedder.id, dimensions: embedder.dimensions },
        chunking: { size: config.chunking.size, overlap: config.chunking.overlap },
        seedsHash: loaded.seedsHash,
        seedFileCount: loaded.newsletters.length + loaded.skippedFiles.length,
        skippedFiles: loaded.skippedFiles,
        fallbackReason: selection.fallbackReason,
      },
      articles: loaded.articles,
      chunks,
      vectors,
      hnswParameters: config.hnsw,
    },
    { logger },
  );
  report({ stage: 'done', done: chunks.length, total: chunks.length });
  return { manifest, elapsedMilliseconds: performance.now() - started };
}
