/**
 * The build path end to end: seeds → articles (ingest) → chunks → embeddings → HNSW + BM25 index on
 * disk, written atomically. Reports progress through a callback so the CLI can draw a progress bar.
 *
 * Incremental (`reuseEmbeddings`): a seed file is parsed only when its parse result is not stored with the
 * current index (`parsed-files.json`, keyed by parser version, path and SHA-256 of the bytes); all files are
 * then paired and chunked again; a chunk's date terms are found only when they are not memoised
 * (`chunk-date-terms.json`); a chunk is embedded only when no embedding of its exact text
 * ({@link chunkIndexText}) by the same embedder is stored with the current index — the expensive step.
 * The previous HNSW graph is extended: new vectors added, those of chunks that are gone marked deleted
 * (see `IndexWriteData.previousIndex`; rebuilt when too many would be deleted). BM25 is rebuilt from the
 * stored tokens of known texts. Articles, chunks, BM25 and search results equal a fresh build's.
 */
import { createHash } from 'node:crypto';
import { chunkArticle, chunkIndexText } from '../chunk';
import { AssistantError, Checkpoint, TextMemo, type AppConfig, type Article, type Chunk, type Logger } from '../core';
import type { Embedder, EmbedderSelection } from '../embed';
import {
  PAIR_FEATURES_VERSION,
  PARSER_VERSION,
  applyEditionPairs,
  articleWarnings,
  loadNewsletters,
  parsedFileKey,
  matchEditions,
  readPairEditionsOptions,
  similarityFromArticleVectors,
  type LoadedNewsletters,
  type PairEditionsOptions,
  type ParsedFileRecord,
  type ParsedNewsletter,
} from '../ingest';
import type { IndexManifest, StoredEmbeddings, WriteIndexOptions } from '../vector-index';
import { compareSeedFiles, digestSeedFiles, indexInputsHash, pairingInputsDigest, type SeedFileChanges } from './seed-sources';
import { DATE_TERMS_VERSION, chunkDateTerms } from '../language';

/**
 * The index stage, imported on a build's first use: it loads hnswlib-node, wink and LangChain's vector stores, which
 * a process that finds the index current never needs (issue 15: a no-op `npm run index` within 1 s of start-up).
 */
function indexStage(): Promise<typeof import('../vector-index')> {
  return import('../vector-index');
}

/**
 * Progress of a build: the stage and how far it is. `parsing`: newsletter files done of all files (parsed,
 * reused or skipped); `pairing`: the editions being paired (files, all done); `embedding`: new chunk texts
 * embedded of those to embed; `writing`: 0 of the chunks when the index files start being written; `done`:
 * chunks of chunks.
 */
export interface BuildProgress {
  readonly stage: 'parsing' | 'pairing' | 'embedding' | 'writing' | 'done';
  readonly done: number;
  readonly total: number;
}

export interface BuildIndexOptions {
  readonly onProgress?: (progress: BuildProgress) => void;
  /**
   * Reuse the embeddings, parse results and HNSW graph stored with the index in `config.indexDir` (an
   * incremental update): only new or changed files are parsed and only chunks whose embedded text is new
   * are embedded. Default false: every chunk is embedded (a full rebuild).
   * Nothing is reused when that index was built with another embedder (id or dimensions) or its stored
   * embeddings are unreadable (logged).
   */
  readonly reuseEmbeddings?: boolean;
  /** Called after each durable write step ({@link WriteIndexOptions.afterStep}); tests inject crashes here. */
  readonly afterWriteStep?: WriteIndexOptions['afterStep'];
  /**
   * Stops the build (the CLI fires it on SIGTERM/SIGINT): checked between files, articles, chunks, embedding
   * batches and write steps, with the event loop given a turn every `CHECKPOINT_POLICY.sliceMilliseconds`
   * so that a signal handler can run. The build then throws {@link AbortedError} and the previous index
   * stays in place. Default: never.
   */
  readonly signal?: AbortSignal;
}

/** What a build produced. */
export interface BuildIndexResult {
  readonly manifest: IndexManifest;
  /** Wall-clock build time in milliseconds. */
  readonly elapsedMilliseconds: number;
  /** Texts passed to the embedder (chunks whose embedded text was not stored; duplicates embedded once). */
  readonly embeddedTexts: number;
  /** Chunks whose embedding was reused from the previous index (0 for a full rebuild). */
  readonly reusedChunks: number;
  /** Seed files whose parse result was reused from the previous index rather than parsed (0 for a full rebuild). */
  readonly reusedParsedFiles: number;
  /** The seed files compared with those of the index this build replaced (all `added` when there was none). */
  readonly changes: SeedFileChanges;
  /** Whether a readable index was in place before (replaced by this build); false for a first build. */
  readonly replacedIndex: boolean;
}

/**
 * The key an embedding is stored and reused under: SHA-256 (hex) of the embedder's id, its dimensions and
 * the exact text embedded. A chunk whose key is stored is not embedded again.
 */
export function embeddingKey(embedder: Pick<Embedder, 'id' | 'dimensions'>, text: string): string {
  return createHash('sha256').update(`${embedder.id}\0${embedder.dimensions}\0${text}`).digest('hex');
}

/** The stored embeddings of the current index, or null (logged) when they cannot be reused. */
async function reusableEmbeddings(config: AppConfig, embedder: Embedder, logger: Logger): Promise<StoredEmbeddings | null> {
  try {
    return await (await indexStage()).loadStoredEmbeddings(config.indexDir, embedder, { logger });
  } catch (error) {
    if (!(error instanceof AssistantError)) throw error;
    logger.warn({ code: error.code, reason: error.message }, 'index: stored embeddings cannot be reused; embedding every chunk');
    return null;
  }
}

/** The file the parsed seed files are kept in, with the index, for the next update. */
export const PARSED_FILES_CACHE = 'parsed-files.json';

/**
 * The file the chunks' date terms are memoised in, with the index, for the next update: finding the dates
 * a chunk mentions (chrono-node and our patterns) costs ≈ 0.1 ms a chunk, ≈ 1 s at 10,000 chunks.
 */
export const DATE_TERMS_CACHE = 'chunk-date-terms.json';

/** The memo's version: the date-term code's and the parser's (which dates a chunk holds depends on both). */
const DATE_TERMS_MEMO_VERSION = `date-terms-${DATE_TERMS_VERSION}-parser-${PARSER_VERSION}`;

/**
 * The file the articles' pairing features (dates, numbers, Latin-script words, glossary names of each text)
 * are memoised in, with the index, for the next update: ≈ 1.2 s of an update's pairing at 100× the seeds.
 */
export const PAIR_FEATURES_CACHE = 'pair-features.json';

/** The pairing-feature memo's version: the feature code's, the parser's and the glossary's and overrides' digest. */
function pairFeaturesMemoVersion(pairingDigest: string): string {
  return `pair-features-${PAIR_FEATURES_VERSION}-parser-${PARSER_VERSION}-${pairingDigest}`;
}

/** A memo stored with the current index as `name`, or an empty one (logged when present but unusable). */
async function reusableMemo(config: AppConfig, name: string, version: string, logger: Logger): Promise<TextMemo> {
  const { memo, rejected } = TextMemo.parse(await (await indexStage()).readIndexCacheFile(config.indexDir, name, { logger }), version);
  // Another version is expected after an upgrade or a glossary edit; anything else means a damaged file.
  if (rejected?.startsWith('version') === true) logger.info({ file: name, reason: rejected }, 'index: a stored memo is of another version; deriving its values again');
  else if (rejected !== null) logger.warn({ file: name, reason: rejected }, 'index: a stored memo cannot be reused; deriving its values again');
  return memo;
}

/** The date terms of each chunk, through `memo` (keyed by everything `chunkDateTerms` reads). */
async function memoisedDateTerms(chunks: readonly Chunk[], memo: TextMemo, checkpoint: Checkpoint): Promise<readonly (readonly string[])[]> {
  const terms: (readonly string[])[] = [];
  for (const chunk of chunks) {
    const line = memo.get(`${chunk.lang}\0${chunk.date ?? ''}\0${chunk.title}\n${chunk.text}`, () => chunkDateTerms(chunk).join(' '));
    terms.push(line === '' ? [] : line.split(' '));
    await checkpoint.pass();
  }
  return terms;
}

/** Every article's chunks, in article order ({@link chunkArticle}), passing `checkpoint` after each article. */
async function chunkEveryArticle(articles: readonly Article[], chunking: AppConfig['chunking'], checkpoint: Checkpoint): Promise<Chunk[]> {
  const chunks: Chunk[] = [];
  for (const article of articles) {
    chunks.push(...chunkArticle(article, chunking));
    await checkpoint.pass();
  }
  return chunks;
}

/**
 * Shape of {@link PARSED_FILES_CACHE}: `sha256` is the SHA-256 (hex) of `JSON.stringify(records)`; the
 * records hold no article longer than `maxArticleChars` (the limit they were loaded under).
 */
interface ParsedFilesCache {
  readonly parserVersion: number;
  readonly maxArticleChars: number;
  readonly sha256: string;
  readonly records: readonly ParsedFileRecord[];
}

function parsedFilesCache(records: readonly ParsedFileRecord[], maxArticleChars: number): string {
  const text = JSON.stringify(records);
  return `{"parserVersion":${PARSER_VERSION},"maxArticleChars":${maxArticleChars},"sha256":"${createHash('sha256').update(text).digest('hex')}","records":${text}}`;
}

/**
 * The parse results stored with the current index by {@link parsedFileKey}; empty (logged when present but
 * unusable) when there are none, they were written by another parser version, or their digest does not match.
 */
async function reusableParsedFiles(config: AppConfig, logger: Logger): Promise<ReadonlyMap<string, ParsedNewsletter>> {
  const text = await (await indexStage()).readIndexCacheFile(config.indexDir, PARSED_FILES_CACHE, { logger });
  const reusable = new Map<string, ParsedNewsletter>();
  if (text === null) return reusable;
  let cache: Partial<ParsedFilesCache>;
  try {
    cache = JSON.parse(text) as Partial<ParsedFilesCache>;
  } catch {
    logger.warn({ file: PARSED_FILES_CACHE }, 'index: stored parse results are unreadable; parsing every seed file');
    return reusable;
  }
  if (cache.parserVersion !== PARSER_VERSION || cache.maxArticleChars !== config.ingest.maxArticleChars) return reusable;
  const records = cache.records;
  if (!Array.isArray(records) || createHash('sha256').update(JSON.stringify(records)).digest('hex') !== cache.sha256) {
    logger.warn({ file: PARSED_FILES_CACHE }, 'index: stored parse results fail their digest; parsing every seed file');
    return reusable;
  }
  for (const record of records) reusable.set(parsedFileKey(record.file, record.sha256), record.newsletter);
  return reusable;
}

/** The manifest of the index in `indexDir`, or null when there is none or it cannot be read. */
async function previousManifest(indexDir: string): Promise<IndexManifest | null> {
  try {
    return await (await indexStage()).readManifest(indexDir);
  } catch (error) {
    if (error instanceof AssistantError) return null;
    throw error;
  }
}

async function embedInBatches(
  embedder: Embedder,
  texts: readonly string[],
  batchSize: number,
  onBatch: (done: number) => void,
  checkpoint: Checkpoint,
): Promise<number[][]> {
  const vectors: number[][] = [];
  for (let start = 0; start < texts.length; start += batchSize) {
    await checkpoint.pass();
    vectors.push(...(await embedder.embedDocuments(texts.slice(start, start + batchSize))));
    onBatch(Math.min(texts.length, start + batchSize));
  }
  return vectors;
}

/**
 * Parses, chunks, embeds and indexes the seeds of `config.seedsDir` into `config.indexDir` — every chunk,
 * or with `reuseEmbeddings` only the chunks whose text is new (see the file's header).
 * An unreadable seed file is named in the log and in the manifest's `skippedFiles`; the rest is indexed.
 * One writer at a time: it holds the index folder's write lock throughout, waiting for another writer first
 * (`withIndexWriteLock`).
 * @throws {ParseError} when the seeds folder cannot be read; {@link IndexBusyError} when another writer
 *         holds the lock for too long; {@link AbortedError} when `options.signal` fired; errors of
 *         {@link writeIndex} otherwise. A failed or stopped build leaves the previous index in place.
 */
export async function buildIndex(
  config: AppConfig,
  selection: EmbedderSelection,
  logger: Logger,
  options: BuildIndexOptions = {},
): Promise<BuildIndexResult> {
  const { withIndexWriteLock } = await indexStage();
  return withIndexWriteLock(config.indexDir, () => buildIndexLocked(config, selection, logger, options), {
    logger,
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  });
}

/** {@link buildIndex} once it holds the index's write lock. */
async function buildIndexLocked(
  config: AppConfig,
  selection: EmbedderSelection,
  logger: Logger,
  options: BuildIndexOptions,
): Promise<BuildIndexResult> {
  const started = performance.now();
  const report = options.onProgress ?? ((): void => {});
  const embedder = selection.embedder;
  const checkpoint = new Checkpoint(options.signal, 'Index build');
  checkpoint.check();
  report({ stage: 'parsing', done: 0, total: 0 });
  const stored = options.reuseEmbeddings === true ? await reusableEmbeddings(config, embedder, logger) : null;
  const before = stored?.manifest ?? (await previousManifest(config.indexDir));
  const sources = await digestSeedFiles(config.seedsDir, config.rootDir);
  const changes = compareSeedFiles(before?.sources ?? [], sources);
  const pairingDigest = await pairingInputsDigest(config);
  const featuresVersion = pairFeaturesMemoVersion(pairingDigest);
  const featureMemo = options.reuseEmbeddings === true ? await reusableMemo(config, PAIR_FEATURES_CACHE, featuresVersion, logger) : TextMemo.empty(featuresVersion);
  const pairingOptions = { ...(await readPairEditionsOptions(config)), featureMemo };
  const reuseParsed = options.reuseEmbeddings === true ? await reusableParsedFiles(config, logger) : new Map<string, ParsedNewsletter>();
  const loaded = await loadNewsletters(config.seedsDir, config.rootDir, logger, {
    onProgress: (files) => report({ stage: files.pairing ? 'pairing' : 'parsing', done: files.done, total: files.total }),
    pairing: pairingOptions,
    reuseParsed,
    limits: config.ingest,
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  });
  const chunks = await chunkEveryArticle(loaded.articles, config.chunking, checkpoint);
  logger.info(
    {
      files: loaded.newsletters.length,
      reusedParsedFiles: loaded.reusedFiles,
      skipped: loaded.skippedFiles.length,
      skippedArticles: loaded.skippedArticles.length,
      articles: loaded.articles.length,
      chunks: chunks.length,
    },
    'parsed newsletters',
  );
  logArticleWarnings(loaded.articles, logger);

  // Reuse what is stored; embed each new text once.
  const dateTermsMemo = options.reuseEmbeddings === true ? await reusableMemo(config, DATE_TERMS_CACHE, DATE_TERMS_MEMO_VERSION, logger) : TextMemo.empty(DATE_TERMS_MEMO_VERSION);
  const dateTerms = await memoisedDateTerms(chunks, dateTermsMemo, checkpoint);
  const texts = chunks.map((chunk, position) => chunkIndexText(chunk, dateTerms[position]));
  logger.info(dateTermsMemo.counts, 'index: chunk date terms reused / derived (distinct chunks)');
  logger.info(featureMemo.counts, 'index: pairing features reused / derived (distinct article texts)');
  const keys = texts.map((text) => embeddingKey(embedder, text));
  const known = new Map<string, readonly number[]>();
  let reusedChunks = 0;
  for (const key of keys) {
    const vector = stored?.vectors.get(key);
    if (vector === undefined) continue;
    reusedChunks += 1;
    if (!known.has(key)) known.set(key, Array.from(vector));
  }
  const missing = new Map<string, string>();
  keys.forEach((key, position) => {
    if (!known.has(key) && !missing.has(key)) missing.set(key, texts[position] ?? '');
  });
  report({ stage: 'embedding', done: 0, total: missing.size });
  const embedded = await embedInBatches(
    embedder,
    [...missing.values()],
    config.embedder.batchSize,
    (done) => report({ stage: 'embedding', done, total: missing.size }),
    checkpoint,
  );
  [...missing.keys()].forEach((key, position) => known.set(key, embedded[position] ?? []));
  const vectors = keys.map((key) => known.get(key) ?? []);
  const articles = embedder.crossLingual ? await pairWithEmbeddings(loaded, chunks, vectors, pairingOptions) : loaded.articles;
  logger.info(
    { embeddedTexts: missing.size, reusedChunks, added: changes.added, changed: changes.changed, removed: changes.removed },
    options.reuseEmbeddings === true ? 'index update: embedded only new chunk texts' : 'index build: embedded every chunk',
  );
  report({ stage: 'writing', done: 0, total: chunks.length });
  const manifest = await (await indexStage()).writeIndex(
    config.indexDir,
    {
      manifest: {
        embedder: { id: embedder.id, dimensions: embedder.dimensions },
        chunking: { size: config.chunking.size, overlap: config.chunking.overlap },
        seedsHash: indexInputsHash(loaded.seedsHash, pairingDigest),
        seedFileCount: loaded.newsletters.length + loaded.skippedFiles.length,
        skippedFiles: loaded.skippedFiles,
        sources,
        fallbackReason: selection.fallbackReason,
      },
      articles,
      chunks,
      vectors,
      embeddingKeys: keys,
      hnswParameters: config.hnsw,
      chunkDateTerms: dateTerms,
      cacheFiles: [
        { name: PARSED_FILES_CACHE, content: parsedFilesCache(loaded.parsedFiles, config.ingest.maxArticleChars) },
        { name: DATE_TERMS_CACHE, content: dateTermsMemo.serialise() },
        { name: PAIR_FEATURES_CACHE, content: featureMemo.serialise() },
      ],
      ...(stored === null ? {} : { previousIndex: stored }),
    },
    {
      logger,
      ...(options.afterWriteStep === undefined ? {} : { afterStep: options.afterWriteStep }),
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    },
  );
  report({ stage: 'done', done: chunks.length, total: chunks.length });
  return { manifest, elapsedMilliseconds: performance.now() - started, embeddedTexts: missing.size, reusedChunks, reusedParsedFiles: loaded.reusedFiles, changes, replacedIndex: before !== null };
}

/**
 * One warning line per article with text that addresses the assistant (`articleWarnings`), naming its
 * file, title, the first flagged sentence and the pattern it matched. The article is indexed as usual;
 * answers never quote those sentences and models never read them.
 */
function logArticleWarnings(articles: readonly Article[], logger: Logger): void {
  for (const article of articles) {
    const warnings = articleWarnings(article);
    const first = warnings[0];
    if (first === undefined) continue;
    logger.warn(
      { file: article.file, articleId: article.id, title: article.title, kind: first.addressKind, pattern: first.pattern, sentence: first.sentence, flaggedSentences: warnings.length },
      'index: an article addresses the assistant (planted instructions?); its flagged sentences are never quoted nor given to a model — check the seed file',
    );
  }
}

/**
 * With a cross-lingual embedder, pairs the editions again with the similarity of their mean chunk
 * embeddings as one more piece of evidence (no extra embedding: the chunk vectors are reused). The hashed
 * embedder's vectors mean nothing across languages, so it never gets here.
 */
async function pairWithEmbeddings(
  loaded: LoadedNewsletters,
  chunks: readonly Chunk[],
  vectors: readonly (readonly number[])[],
  pairingOptions: PairEditionsOptions,
): Promise<readonly Article[]> {
  const articleVectors = new Map<string, number[]>();
  chunks.forEach((chunk, position) => {
    const vector = vectors[position] ?? [];
    const sum = articleVectors.get(chunk.articleId);
    if (sum === undefined) articleVectors.set(chunk.articleId, [...vector]);
    else vector.forEach((value, index) => (sum[index] = (sum[index] ?? 0) + value));
  });
  const pairing = await matchEditions(loaded.newsletters, { ...pairingOptions, similarity: similarityFromArticleVectors(articleVectors) });
  return applyEditionPairs(loaded.newsletters, pairing).flatMap((newsletter) => newsletter.articles);
}
