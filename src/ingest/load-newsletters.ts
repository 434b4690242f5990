/**
 * Reads a folder of newsletter files, parses each into articles and pairs the two editions. A file that
 * cannot be read or parsed is named and skipped; the rest is still loaded.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { ParseError, type Article, type Logger, type SkippedFile } from '../core';
import { pairEditions } from './pair-editions';
import { parseNewsletter, type ParsedNewsletter } from './parse-newsletter';

/** File extensions read as newsletters (text conversions). */
export const NEWSLETTER_EXTENSIONS: readonly string[] = ['.txt', '.md'];

/** Everything the build path needs from the seeds. */
export interface LoadedNewsletters {
  readonly newsletters: readonly ParsedNewsletter[];
  /** All articles, file by file in name order, each file's in printed order. */
  readonly articles: readonly Article[];
  readonly skippedFiles: readonly SkippedFile[];
  /** SHA-256 (hex) over every newsletter file's name and bytes, in name order; changes when any seed does. */
  readonly seedsHash: string;
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

/** SHA-256 (hex) over the names and bytes of `files` in `seedsDir`, in the given order. */
export async function hashNewsletterFiles(seedsDir: string, files: readonly string[]): Promise<string> {
  const hash = createHash('sha256');
  for (const name of files) {
    hash.update(name);
    hash.update('\0');
    try {
      hash.update(await readFile(path.join(seedsDir, name)));
    } catch {
      hash.update('unreadable');
    }
    hash.update('\0');
  }
  return hash.digest('hex');
}

function decode(bytes: Buffer, file: string): string {
  if (bytes.includes(0)) throw new ParseError(file, null, 'binary content (NUL bytes); expected a UTF-8 text file');
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  const replacements = (text.match(/\uFFFD/gu) ?? []).length;
  if (replacements > Math.max(5, text.length * 0.01)) {
    throw new ParseError(file, null, `not valid UTF-8 (${replacements} undecodable sequences)`);
  }
  return text;
}

/**
 * Loads and parses every newsletter in `seedsDir`.
 * @param relativeTo - directory that article `file` paths are relative to (the repository root); files
 *   outside it keep their absolute path.
 * @throws {ParseError} only when the folder cannot be read; bad files are reported in `skippedFiles`.
 */
export async function loadNewsletters(seedsDir: string, relativeTo: string, logger: Logger): Promise<LoadedNewsletters> {
  const files = await listNewsletterFiles(seedsDir);
  const parsed: ParsedNewsletter[] = [];
  const skippedFiles: SkippedFile[] = [];
  for (const name of files) {
    const absolute = path.join(seedsDir, name);
    // Paths from the repository root; a seeds folder outside it keeps absolute paths.
    const fromRoot = path.relative(relativeTo, absolute);
    const relative = fromRoot.startsWith('..') ? absolute : fromRoot.split(path.sep).join('/');
    try {
      const text = decode(await readFile(absolute), relative);
      const newsletter = parseNewsletter(text, relative);
      if (newsletter.articles.length === 0) throw new ParseError(relative, null, 'no articles found (no titles followed by text)');
      parsed.push(newsletter);
    } catch (error) {
      const reason = error instanceof ParseError ? error.reason : error instanceof Error ? error.message : String(error);
      logger.warn({ file: relative, reason }, 'skipping newsletter file');
      skippedFiles.push({ file: relative, reason });
    }
  }
  const newsletters = pairEditions(parsed);
  return {
    newsletters,
    articles: newsletters.flatMap((newsletter) => newsletter.articles),
    skippedFiles,
    seedsHash: await hashNewsletterFiles(seedsDir, files),
  };
}
