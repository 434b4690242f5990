/**
 * Whether the indexed corpus contains a piece of text anywhere: what Chinese question terms are read
 * against (`AttestedText` in `src/language/question-terms.ts`), so a term is a string the newsletters write
 * rather than a word the segmenter cut across a boundary (站在, 鹿又).
 *
 * Built on first use from every article's title, subtitle, body and source line: an inverted index from
 * each Han character bigram to the articles holding it. A text is attested when every one of its Han
 * bigrams occurs somewhere and one article holding its rarest bigram contains it whole (a substring test, case
 * folded). Memory is one posting per distinct bigram per article; see `npm run bench:scale`.
 */
import { LRUCache } from 'lru-cache';
import type { Article } from '../core';

/** Answers kept between questions (least recently used evicted first). */
export const ATTESTATION_CACHE_SIZE = 8192;

/** Two Han characters: the only bigrams indexed (Latin text is rarely asked this way and would multiply the postings). */
const HAN_BIGRAM = /^\p{Script=Han}{2}$/u;

function articleText(article: Article): string {
  return [article.title, article.subtitle ?? '', article.body, article.source ?? ''].join('\n').toLowerCase();
}

/** Substring attestation over a fixed set of articles. */
export class CorpusAttestation {
  readonly #articles: readonly Article[];
  #texts: readonly string[] | null = null;
  #postings: Map<string, number[]> | null = null;
  readonly #answers = new LRUCache<string, boolean>({ max: ATTESTATION_CACHE_SIZE });

  constructor(articles: readonly Article[]) {
    this.#articles = articles;
  }

  /**
   * Whether some article contains `text` (compared lower case). Texts shorter than two characters are
   * never attested (a single character says nothing).
   */
  attests(text: string): boolean {
    const needle = text.toLowerCase();
    const characters = [...needle];
    if (characters.length < 2) return false;
    const cached = this.#answers.get(needle);
    if (cached !== undefined) return cached;
    const answer = this.#search(needle, characters);
    this.#answers.set(needle, answer);
    return answer;
  }

  #search(needle: string, characters: readonly string[]): boolean {
    const { texts, postings } = this.#index();
    let rarest: readonly number[] | undefined;
    for (let index = 0; index + 1 < characters.length; index += 1) {
      const bigram = `${characters[index] ?? ''}${characters[index + 1] ?? ''}`;
      if (!HAN_BIGRAM.test(bigram)) continue;
      const list = postings.get(bigram);
      if (list === undefined) return false;
      if (rarest === undefined || list.length < rarest.length) rarest = list;
    }
    // Without a Han bigram to narrow by, every article is read.
    if (rarest === undefined) return texts.some((text) => text.includes(needle));
    return rarest.some((article) => texts[article]?.includes(needle) === true);
  }

  #index(): { readonly texts: readonly string[]; readonly postings: ReadonlyMap<string, readonly number[]> } {
    if (this.#texts === null || this.#postings === null) {
      const texts = this.#articles.map(articleText);
      const postings = new Map<string, number[]>();
      texts.forEach((text, article) => {
        const characters = [...text];
        const seen = new Set<string>();
        for (let index = 0; index + 1 < characters.length; index += 1) {
          const bigram = `${characters[index] ?? ''}${characters[index + 1] ?? ''}`;
          if (seen.has(bigram) || !HAN_BIGRAM.test(bigram)) continue;
          seen.add(bigram);
          const list = postings.get(bigram);
          if (list === undefined) postings.set(bigram, [article]);
          else list.push(article);
        }
      });
      this.#texts = texts;
      this.#postings = postings;
    }
    return { texts: this.#texts, postings: this.#postings };
  }
}
