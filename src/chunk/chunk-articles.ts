/**
 * Chunking: each article's body is cut into chunks of whole sentences, about `size` characters long,
 * consecutive chunks sharing up to `overlap` characters of trailing sentences. Chunks never cross an
 * article boundary and carry the article's metadata (the title travels with each chunk).
 */
import type { Article, Chunk } from '../core';
import { chunkDateTerms, splitSentences } from '../language';

/** Chunking settings; lengths are in characters (UTF-16 code units of the text), not tokens. */
export interface ChunkingOptions {
  /** Target chunk length in characters; a single longer sentence is cut at this length. */
  readonly size: number;
  /** Characters of trailing sentences repeated at the start of the next chunk. Must be < `size`. */
  readonly overlap: number;
}

function cutLongSentence(sentence: string, size: number): string[] {
  if (sentence.length <= size) return [sentence];
  const parts: string[] = [];
  for (let start = 0; start < sentence.length; start += size) parts.push(sentence.slice(start, start + size));
  return parts;
}

function joinSentences(sentences: readonly string[]): string {
  let text = '';
  for (const sentence of sentences) {
    const glue = text === '' || /[\p{Script=Han}。！？；，、：“”（）]$/u.test(text) ? '' : ' ';
    text += glue + sentence;
  }
  return text;
}

/**
 * Cuts one article into chunks.
 * @returns the article's chunks in order, ids `<articleId>:<index>`; at least one chunk for a non-empty body.
 */
export function chunkArticle(article: Article, options: ChunkingOptions): Chunk[] {
  const sentences = splitSentences(article.body).flatMap((sentence) => cutLongSentence(sentence, options.size));
  const groups: string[][] = [];
  let current: string[] = [];
  let length = 0;
  for (const sentence of sentences) {
    if (current.length > 0 && length + sentence.length > options.size) {
      groups.push(current);
      const carried: string[] = [];
      let carriedLength = 0;
      for (let index = current.length - 1; index >= 0; index -= 1) {
        const previous = current[index] ?? '';
        if (carriedLength + previous.length > options.overlap) break;
        carried.unshift(previous);
        carriedLength += previous.length;
      }
      current = carried;
      length = carriedLength;
    }
    current.push(sentence);
    length += sentence.length;
  }
  if (current.length > 0) groups.push(current);
  return groups.map((group, index) => ({
    id: `${article.id}:${index}`,
    articleId: article.id,
    index,
    text: joinSentences(group),
    title: article.title,
    lang: article.lang,
    date: article.date,
    source: article.source,
    file: article.file,
  }));
}

/** Chunks every article, in article order. */
export function chunkArticles(articles: readonly Article[], options: ChunkingOptions): Chunk[] {
  return articles.flatMap((article) => chunkArticle(article, options));
}

/**
 * The text embedded and indexed for a chunk: title, date and source outlet, then the chunk text, so a
 * chunk is found by its article's title even when its own sentences do not repeat it; then, on a last
 * line, its date terms ({@link chunkDateTerms}: `y2016 y2016m06 y2016m06d05 …`), so the Chinese and English
 * editions of an article, and a question naming a date in either language, share the same date terms.
 * The last line is absent when the chunk has no date and mentions none.
 * @param terms - the chunk's date terms when the caller has them already (e.g. memoised); default
 *        `chunkDateTerms(chunk)`.
 */
export function chunkIndexText(chunk: Chunk, terms: readonly string[] = chunkDateTerms(chunk)): string {
  const header = [chunk.title, chunk.date, chunk.source].filter((part): part is string => part !== null && part !== '').join(' · ');
  return terms.length === 0 ? `${header}\n${chunk.text}` : `${header}\n${chunk.text}\n${terms.join(' ')}`;
}
