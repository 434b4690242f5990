/**
 * Reads a folder of newsletter files (`.txt`, `.md`, `.html`, `.docx`, `.pdf`: one adapter per format in
 * `formats/`), parses each into articles and pairs the two editions. A file that cannot be read or
 * parsed, is larger than `MAX_SEED_FILE_BYTES` or takes longer than `INGEST_FILE_TIME_BUDGET_MS`, is named
 * and skipped with the reason; an article longer than `MAX_ARTICLE_CHARS` is skipped with a warning; the
 * rest is still loaded.
 */
import { createHash } from 'node:crypto';
import { open, readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import {
  AbortedError,
  Checkpoint,
  DEFAULT_INGEST_LIMITS,
  ParseError,
  type Article,
  type IngestLimits,
  type Logger,
  type SkippedFile,
} from '../core';
import { DOCUMENT_EXTENSIONS, extractDocumentBytes, extractDocumentText, type DocumentFormat } from './formats';
import { applyEditionPairs, matchEditions, type EditionPairingReport, type PairEditionsOptions } from './pairing';
import { parseNewsletterSteps, type ParsedNewsletter } from './parse-newsletter';
import { runStepsCooperatively } from './steps';

/** File extensions read as newsletters (lower case, with the dot): text, Markdown, HTML, DOCX and PDF. */
export const NEWSLETTER_EXTENSIONS: readonly string[] = DOCUMENT_EXTENSIONS;

/**
 * Version of the parsing rules (ingest and format adapters). Bump it whenever the same file would parse into
 * different articles: it is part of the seeds hash, so indexes built by the old rules are updated, not queried.
 * 2: Chinese paragraphs cut mid-sentence by a page break are joined.
 * 3: segmentation learned per file (contents lists, punctuated titles after source lines, blank-line items),
 *    more issue forms, `dateSource`.
 * 4: `link` (source-line URLs, link lines left out of the body, an HTML file's canonical URL); a URL in a
 *    source line no longer stays in the outlet.
 */
export const PARSER_VERSION = 4;

/** Everything the build path needs from the seeds. */
export interface LoadedNewsletters {
  readonly newsletters: readonly ParsedNewsletter[];
  /** All articles, file by file in name order, each file's in printed order. */
  readonly articles: readonly Article[];
  readonly skippedFiles: readonly SkippedFile[];
  /** Articles left out for their length (over {@link IngestLimits.maxArticleChars}), in file order. */
  readonly skippedArticles: readonly SkippedArticle[];
  /** SHA-256 (hex) over every newsletter file's name and bytes, in name order; changes when any seed does. */
  readonly seedsHash: string;
  /** The edition pairs found, with their confidence and evidence, near misses and override problems. */
  readonly pairing: EditionPairingReport;
  /**
   * Each file that parsed, in name order, with the SHA-256 (hex) of its bytes and its newsletter *before*
   * pairing (`pairId` null): what a later load may reuse through {@link LoadNewslettersOptions.reuseParsed}.
   */
  readonly parsedFiles: readonly ParsedFileRecord[];
  /** How many of `parsedFiles` were reused rather than parsed (0 without `reuseParsed`). */
  readonly reusedFiles: number;
}

/** An article left out of the index because of its length. */
export interface SkippedArticle {
  /** The file's path as articles name it. */
  readonly file: string;
  /** The article's id (`<file stem>#<position>`) and title as parsed. */
  readonly articleId: string;
  readonly title: string;
  /** Length of its body in characters (UTF-16 code units). */
  readonly characters: number;
  readonly reason: string;
}

/** One seed file's parse result, keyed by its path and content hash (see {@link parsedFileKey}). */
export interface ParsedFileRecord {
  /** The file's path from the repository root (absolute outside it), as articles name it. */
  readonly file: string;
  /** SHA-256 (hex) of the file's bytes. */
  readonly sha256: string;
  /** The file's newsletter as {@link parseNewsletterFile} returns it (unpaired). */
  readonly newsletter: ParsedNewsletter;
}

/**
 * The key a parse result is reused under: {@link PARSER_VERSION}, the file's path (articles carry it) and
 * the SHA-256 (hex) of its bytes. Another parser version or other bytes never match.
 */
export function parsedFileKey(file: string, sha256: string): string {
  return `${PARSER_VERSION}\0${file}\0${sha256}`;
}

export interface LoadNewslettersOptions {
  /** Glossary names, pair overrides and an embedding similarity for pairing (see `readPairEditionsOptions`). */
  readonly pairing?: PairEditionsOptions;
  /**
   * Parse results of an earlier load by {@link parsedFileKey} (e.g. stored with the index): a file whose
   * key is present is not parsed again, its stored newsletter is used as is. The caller vouches that they
   * are what {@link parseNewsletterFile} returned for those bytes. Default: every file is parsed.
   */
  readonly reuseParsed?: ReadonlyMap<string, ParsedNewsletter>;
  /** Size, time and article-length bounds (see {@link IngestLimits}); default {@link DEFAULT_INGEST_LIMITS}. */
  readonly limits?: IngestLimits;
  /**
   * Stops the load between files and between steps of a file when it fires (SIGTERM/SIGINT in the CLI):
   * {@link loadNewsletters} then throws {@link AbortedError}. Default: never.
   */
  readonly signal?: AbortSignal;
  /**
   * Called after each file (parsed, reused or skipped) with the files done so far and the total, then once
   * with `pairing: true` before the editions are paired. For progress displays; must not throw.
   */
  readonly onProgress?: (progress: { readonly done: number; readonly total: number; readonly pairing: boolean }) => void;
}

/**
 * Lists the newsletter files of `seedsDir` in name order.
 * @throws {ParseError} when the folder itself cannot be read.
 */
export async function listNewsletterFiles(seedsDir: string): Promise<readonly string[]> {
  let entries: string[];
  try {
    entries = await readdir(seedsDir);
  } catch (error) {
    throw new ParseError(seedsDir, null, 'cannot read the seeds folder', { cause: error });
  }
  return entries.filter((name) => NEWSLETTER_EXTENSIONS.includes(path.extname(name).toLowerCase())).sort();
}

/** Bytes read at a time when a file is hashed without being parsed (1 MiB: bounded memory, few reads). */
const HASH_READ_BYTES = 1024 * 1024;

/**
 * Feeds the bytes of `absolutePath` into `hash`, `HASH_READ_BYTES` at a time, so that hashing a file never
 * holds it whole (a 50 MB seed over `MAX_SEED_FILE_BYTES` is hashed, not read into memory).
 * @returns the number of bytes hashed.
 * @throws the file system's error when the file cannot be opened or read (some bytes may have been fed).
 */
async function hashFileInto(hash: ReturnType<typeof createHash>, absolutePath: string): Promise<number> {
  const handle = await open(absolutePath, 'r');
  try {
    const buffer = Buffer.allocUnsafe(HASH_READ_BYTES);
    let total = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, HASH_READ_BYTES, null);
      if (bytesRead === 0) return total;
      hash.update(buffer.subarray(0, bytesRead));
      total += bytesRead;
    }
  } finally {
    await handle.close();
  }
}

/**
 * Size and SHA-256 (hex) of one file's bytes, read in bounded memory (1 MiB at a time); null when it cannot
 * be read. What `digestSeedFiles` compares between builds.
 */
export async function digestFile(absolutePath: string): Promise<{ readonly bytes: number; readonly sha256: string } | null> {
  const hash = createHash('sha256');
  try {
    const bytes = await hashFileInto(hash, absolutePath);
    return { bytes, sha256: hash.digest('hex') };
  } catch {
    return null;
  }
}

/**
 * SHA-256 (hex) over {@link PARSER_VERSION}, the limits that decide which files and articles are read
 * (`maxSeedFileBytes`, `maxArticleChars`; not the time budget) and the names and bytes of `files` in
 * `seedsDir`, in the given order.
 */
export async function hashNewsletterFiles(
  seedsDir: string,
  files: readonly string[],
  limits: Pick<IngestLimits, 'maxSeedFileBytes' | 'maxArticleChars'> = DEFAULT_INGEST_LIMITS,
): Promise<string> {
  const hash = createHash('sha256');
  // A parser that reads the same files differently makes the index stale too, as do other limits.
  hash.update(`parser ${PARSER_VERSION}\0limits ${limits.maxSeedFileBytes} ${limits.maxArticleChars}\0`);
  for (const name of files) {
    hash.update(name);
    hash.update('\0');
    // The bytes as they are read (bounded memory); a file that cannot be opened hashes as `unreadable`. A read
    // that fails midway leaves its first bytes and `unreadable`: a hash no complete read gives either.
    try {
      await hashFileInto(hash, path.join(seedsDir, name));
    } catch {
      hash.update('unreadable');
    }
    hash.update('\0');
  }
  return hash.digest('hex');
}

/** One newsletter file read through its format adapter and parsed. */
export interface ParsedNewsletterFile {
  readonly newsletter: ParsedNewsletter;
  readonly format: DocumentFormat;
  /** Pages of a PDF; null for other formats. */
  readonly pageCount: number | null;
}

/** Options of {@link parseNewsletterFile}. */
export interface ParseNewsletterFileOptions {
  /**
   * Milliseconds reading and parsing may take (`INGEST_FILE_TIME_BUDGET_MS`); checked after extraction and
   * after each line and paragraph parsed. Default: no budget.
   */
  readonly timeBudgetMilliseconds?: number;
  /**
   * Checked at the same points, the event loop given a turn every `CHECKPOINT_POLICY.sliceMilliseconds`;
   * when fired, {@link AbortedError} is thrown. Default: never.
   */
  readonly signal?: AbortSignal;
  /**
   * The file's bytes when the caller has read them already (`loadNewsletters` reads each file once, to hash
   * and to parse it); default: the file is read here.
   */
  readonly bytes?: Uint8Array;
}

/**
 * Reads one newsletter file of any supported format and parses it into articles (unpaired: `pairId`
 * is null until {@link matchEditions} pairs the editions across all files).
 * @param absolutePath - where to read the file.
 * @param file - its path from the repository root (e.g. `seeds/000_fbe4f82aa1b47969.pdf`); used in ids and errors.
 * @throws {ParseError} when the file cannot be read, its format adapter cannot extract it, it holds
 *   no articles, or reading and parsing it took longer than `options.timeBudgetMilliseconds`;
 *   {@link AbortedError} when `options.signal` fired.
 */
export async function parseNewsletterFile(absolutePath: string, file: string, options: ParseNewsletterFileOptions = {}): Promise<ParsedNewsletterFile> {
  const started = performance.now();
  const budget = options.timeBudgetMilliseconds ?? Number.POSITIVE_INFINITY;
  const stop = new Checkpoint(options.signal, 'Reading the seeds');
  const checkpoint = (): void => {
    const elapsed = performance.now() - started;
    if (elapsed > budget) {
      throw new ParseError(file, null, `reading and parsing took over ${budget} ms; stopped after ${Math.round(elapsed)} ms (raise INGEST_FILE_TIME_BUDGET_MS to index it)`);
    }
  };
  const document = options.bytes === undefined ? await extractDocumentText(absolutePath, file) : await extractDocumentBytes(options.bytes, file);
  checkpoint();
  const newsletter = await runStepsCooperatively(parseNewsletterSteps(document.text, file, { canonicalUrl: document.canonicalUrl ?? null }), checkpoint, stop);
  if (newsletter.articles.length === 0) throw new ParseError(file, null, 'no articles found (no titles followed by text)');
  return { newsletter, format: document.format, pageCount: document.pageCount };
}

/** Bytes as a reader expects them: `33,554,432 bytes (32.0 MiB)`, `30,000 bytes` under 1 MiB. */
function describeBytes(bytes: number): string {
  const mebibytes = bytes / 1024 / 1024;
  return mebibytes < 1 ? `${bytes.toLocaleString('en-US')} bytes` : `${bytes.toLocaleString('en-US')} bytes (${mebibytes.toFixed(1)} MiB)`;
}

/**
 * `newsletter` without the articles longer than `maxArticleChars` (their ids are kept: positions are not
 * renumbered), and those articles.
 */
function withoutOverlongArticles(newsletter: ParsedNewsletter, maxArticleChars: number): { newsletter: ParsedNewsletter; skipped: SkippedArticle[] } {
  const skipped: SkippedArticle[] = [];
  const articles = newsletter.articles.filter((article) => {
    if (article.body.length <= maxArticleChars) return true;
    skipped.push({
      file: newsletter.file,
      articleId: article.id,
      title: article.title,
      characters: article.body.length,
      reason:
        `its body is ${article.body.length.toLocaleString('en-US')} characters, over MAX_ARTICLE_CHARS (${maxArticleChars.toLocaleString('en-US')}): ` +
        'no newsletter item is that long, the file\'s titles were probably not recognised',
    });
    return false;
  });
  return { newsletter: skipped.length === 0 ? newsletter : { ...newsletter, articles }, skipped };
}

/**
 * Loads and parses every newsletter in `seedsDir`, one file at a time, letting the event loop run between
 * files and steps (so that a SIGTERM handler can fire `options.signal`).
 * @param relativeTo - directory that article `file` paths are relative to (the repository root); files
 *   outside it keep their absolute path.
 * @throws {ParseError} only when the folder cannot be read; bad files (unreadable, unparseable, over the
 *   size or time limit) are reported in `skippedFiles`, over-long articles in `skippedArticles`;
 *   {@link AbortedError} when `options.signal` fired.
 */
export async function loadNewsletters(
  seedsDir: string,
  relativeTo: string,
  logger: Logger,
  options: LoadNewslettersOptions = {},
): Promise<LoadedNewsletters> {
  const limits = options.limits ?? DEFAULT_INGEST_LIMITS;
  const checkpoint = new Checkpoint(options.signal, 'Reading the seeds');
  const files = await listNewsletterFiles(seedsDir);
  const parsed: ParsedNewsletter[] = [];
  const skippedArticles: SkippedArticle[] = [];
  const parsedFiles: ParsedFileRecord[] = [];
  let reusedFiles = 0;
  const skippedFiles: SkippedFile[] = [];
  // Article ids are `<file name without extension>#<position>`: one file per name is read.
  const stems = new Map<string, string>();
  let done = 0;
  for (const name of files) {
    await checkpoint.pass();
    const absolute = path.join(seedsDir, name);
    // Paths from the repository root; a seeds folder outside it keeps absolute paths.
    const fromRoot = path.relative(relativeTo, absolute);
    const relative = fromRoot.startsWith('..') ? absolute : fromRoot.split(path.sep).join('/');
    try {
      const stem = path.basename(name, path.extname(name));
      const first = stems.get(stem);
      if (first !== undefined) {
        throw new ParseError(relative, null, `same name as ${first} in another format; article ids would collide (keep one file per issue)`);
      }
      stems.set(stem, name);
      // Unreadable here: the parser below reports why.
      const size = await stat(absolute).then((stats) => stats.size, () => 0);
      if (size > limits.maxSeedFileBytes) {
        throw new ParseError(relative, null, `${describeBytes(size)}, over the limit of ${describeBytes(limits.maxSeedFileBytes)}; not read (raise MAX_SEED_FILE_BYTES to index it)`);
      }
      // Read once (under the size limit): hashed for reuse, then parsed from the same bytes.
      let bytes: Buffer;
      try {
        bytes = await readFile(absolute);
      } catch (error) {
        throw new ParseError(relative, null, `cannot read the file (${error instanceof Error ? error.message : String(error)})`, { cause: error });
      }
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      const reused = options.reuseParsed?.get(parsedFileKey(relative, sha256));
      const parsedFile =
        reused ??
        (await parseNewsletterFile(absolute, relative, { timeBudgetMilliseconds: limits.fileTimeBudgetMilliseconds, signal: options.signal, bytes })).newsletter;
      const { newsletter, skipped } = withoutOverlongArticles(parsedFile, limits.maxArticleChars);
      for (const article of skipped) {
        logger.warn({ file: article.file, article: article.articleId, title: article.title, characters: article.characters, reason: article.reason }, 'skipping over-long article');
      }
      if (newsletter.articles.length === 0) {
        throw new ParseError(relative, null, `every article is over the limit of ${limits.maxArticleChars.toLocaleString('en-US')} characters (MAX_ARTICLE_CHARS): ${skipped.slice(0, 3).map((article) => `"${article.title.slice(0, 80)}" (${article.characters.toLocaleString('en-US')})`).join(', ')}${skipped.length > 3 ? ', …' : ''}`);
      }
      skippedArticles.push(...skipped);
      if (reused !== undefined) reusedFiles += 1;
      parsed.push(newsletter);
      parsedFiles.push({ file: relative, sha256, newsletter });
    } catch (error) {
      if (error instanceof AbortedError) throw error;
      const reason = error instanceof ParseError ? error.reason : error instanceof Error ? error.message : String(error);
      logger.warn({ file: relative, reason }, 'skipping newsletter file');
      skippedFiles.push({ file: relative, reason });
    }
    done += 1;
    options.onProgress?.({ done, total: files.length, pairing: false });
  }
  await checkpoint.pass();
  options.onProgress?.({ done, total: files.length, pairing: true });
  const pairing = await matchEditions(parsed, options.pairing);
  for (const problem of pairing.overrideProblems) {
    logger.warn({ line: problem.line, text: problem.text, reason: problem.reason }, 'skipping pair override line');
  }
  const newsletters = applyEditionPairs(parsed, pairing);
  return {
    newsletters,
    articles: newsletters.flatMap((newsletter) => newsletter.articles),
    skippedFiles,
    skippedArticles,
    seedsHash: await hashNewsletterFiles(seedsDir, files, limits),
    pairing,
    parsedFiles,
    reusedFiles,
  };
}
