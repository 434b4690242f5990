/**
 * Whether the indexed corpus contains a piece of Chinese text anywhere: what Chinese question terms are read
 * against (`AttestedText` in `src/language/question-terms.ts`), so a term is a string the newsletters write
 * rather than a word the segmenter cut across a boundary (站在, 鹿又).
 *
 * Built on first use from every article's title, subtitle, body and source line: an inverted index from
 * each Han character bigram to the articles holding it. A text is attested when every one of its bigrams
 * occurs somewhere and one article holding its rarest bigram contains it whole (a substring test). Memory is one posting per distinct bigram per article; see `npm run bench:scale`.
 */
import { LRUCache } from 'lru-cache';
import type { Article } from '../core';
import { TransliterationIndex } from '../language';

/** Answers kept between questions (least recently used evicted first). */
export const ATTESTATION_CACHE_SIZE = 8192;

/** Two Han characters: the only bigrams indexed (question terms read this way are Han runs). */
const HAN_BIGRAM = /^\p{Script=Han}{2}$/u;
/** A run of at least two Han characters: what can be attested. */
const HAN_TEXT = /^\p{Script=Han}{2,}$/u;

function articleText(article: Article): string {
  return [article.title, article.subtitle ?? '', article.body, article.source ?? ''].join('\n');
}

/** Substring attestation over a fixed set of articles. */
export class CorpusAttestation {
  readonly #articles: readonly Article[];
  /** Texts of the articles with Han text; null for the others (no posting points at them). */
  #texts: readonly (string | null)[] | null = null;
  #postings: Map<string, number[]> | null = null;
  readonly #answers = new LRUCache<string, boolean>({ max: ATTESTATION_CACHE_SIZE });
  #names: TransliterationIndex | null = null;

  constructor(articles: readonly Article[]) {
    this.#articles = articles;
  }

  /**
   * Whether some article contains `text`, a run of Han characters (the index holds Han bigrams only). A
   * text with fewer than two characters, or with a character that is not Han, is never attested.
   */
  attests(text: string): boolean {
    if (!HAN_TEXT.test(text)) return false;
    const cached = this.#answers.get(text);
    if (cached !== undefined) return cached;
    const answer = this.#search(text, [...text]);
    this.#answers.set(text, answer);
    return answer;
  }

  /**
   * The corpus's transliterated foreign names with a phonetic key (`NKL` → `['默克尔']`), from the same
   * texts; the index of names is built on first use.
   */
  namesWithKey(key: string): readonly string[] {
    if (this.#names === null) {
      const names = new TransliterationIndex();
      const { texts } = this.#index();
      for (const text of texts) if (text !== null) names.add(text);
      this.#names = names;
    }
    return this.#names.namesWithKey(key);
  }

  #search(needle: string, characters: readonly string[]): boolean {
    const { texts, postings } = this.#index();
    let rarest: readonly number[] = [];
    for (let index = 0; index + 1 < characters.length; index += 1) {
      const list = postings.get(`${characters[index] ?? ''}${characters[index + 1] ?? ''}`);
      if (list === undefined) return false;
      if (index === 0 || list.length < rarest.length) rarest = list;
    }
    return rarest.some((article) => texts[article]?.includes(needle) === true);
  }

  #index(): { readonly texts: readonly (string | null)[]; readonly postings: ReadonlyMap<string, readonly number[]> } {
    if (this.#texts === null || this.#postings === null) {
      const postings = new Map<string, number[]>();
      const texts = this.#articles.map((entry, article) => {
        const text = articleText(entry);
        if (!/\p{Script=Han}/u.test(text)) return null;
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
        return text;
      });
      this.#texts = texts;
      this.#postings = postings;
    }
    return { texts: this.#texts, postings: this.#postings };
  }
}
