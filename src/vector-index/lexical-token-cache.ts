/**
 * The lexical tokens of texts already indexed, kept with the index so that an update tokenizes only the
 * texts it has not seen ({@link tokenize} is most of a BM25 build: at 100× the seeds, 2.9 s of 4.2 s).
 *
 * A {@link TextMemo} of version `tokenizer-<TOKENIZER_VERSION>`: each text's tokens joined by single
 * spaces (a token never contains white space). A file of another tokenizer version, or one that fails its
 * digest, gives an empty cache (everything tokenized again), never wrong tokens.
 */
import { TextMemo } from '../core';
import { TOKENIZER_VERSION, tokenize } from '../language';

/** File name of the cache inside an index directory. */
export const LEXICAL_TOKEN_CACHE_FILE = 'lexical-tokens.json';

const CACHE_VERSION = `tokenizer-${TOKENIZER_VERSION}`;

function tokenLine(text: string): string {
  return tokenize(text).join(' ');
}

/** Tokens by text: from the entries read with the previous index, else computed with {@link tokenize}. */
export class LexicalTokenCache {
  readonly #memo: TextMemo;
  /** Tokens by exact text within this build (titles repeat in every chunk of an article). */
  readonly #byText = new Map<string, readonly string[]>();

  private constructor(memo: TextMemo) {
    this.#memo = memo;
  }

  /** A cache with nothing stored: every text is tokenized. */
  static empty(): LexicalTokenCache {
    return new LexicalTokenCache(TextMemo.empty(CACHE_VERSION));
  }

  /**
   * Reads the text of a {@link LEXICAL_TOKEN_CACHE_FILE}.
   * @returns the cache, or an empty one when `text` is null, not such a file, of another tokenizer version,
   *          or fails its digest (the reason is then in `rejected`).
   */
  static parse(text: string | null): { readonly cache: LexicalTokenCache; readonly rejected: string | null } {
    const { memo, rejected } = TextMemo.parse(text, CACHE_VERSION);
    return { cache: new LexicalTokenCache(memo), rejected };
  }

  /** The tokens of `text`, as {@link tokenize} gives them. */
  tokens(text: string): readonly string[] {
    const known = this.#byText.get(text);
    if (known !== undefined) return known;
    const line = this.#memo.get(text, tokenLine);
    const tokens = line === '' ? [] : line.split(' ');
    this.#byText.set(text, tokens);
    return tokens;
  }

  /** Distinct texts whose tokens came from the stored entries / were tokenized, so far. */
  get counts(): { readonly reused: number; readonly tokenized: number } {
    const { reused, derived } = this.#memo.counts;
    return { reused, tokenized: derived };
  }

  /** The {@link LEXICAL_TOKEN_CACHE_FILE} text holding the tokens of every text looked up so far. */
  serialise(): string {
    return this.#memo.serialise();
  }
}
