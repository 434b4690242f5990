/**
 * Type declarations for wink-bm25-text-search, which ships no types of its own. Only the members this
 * stage calls are declared, as read from its source (3.1.2). The stemmer's are in `src/language/`.
 */

declare module 'wink-bm25-text-search' {
  /** A field name → weight map; a field missing here is ignored. */
  export interface WinkBm25Config {
    fldWeights: Record<string, number>;
    /** `k1` (term-frequency saturation), `b` (length normalisation), `k` (IDF smoothing). */
    bm25Params?: { k1?: number; b?: number; k?: number };
    ovFldNames?: string[];
  }

  /** One BM25F engine (wink calls it `bm25fIMS`); every member throws a plain `Error` on misuse. */
  export interface WinkBm25Engine {
    defineConfig(config: WinkBm25Config): boolean;
    /** Field-less call: the default pipeline, used for every field and for the search text. */
    /** Tasks get what `addDoc` was given for the field (or the search text) and return its tokens. */
    definePrepTasks(tasks: Array<(input: string | readonly string[]) => string[]>, field?: string): number;
    /** A field's value is passed to the prep tasks as it is: text, or tokens when the tasks accept them. */
    addDoc(document: Record<string, string | readonly string[]>, id: string | number): number;
    /** Throws when fewer than 3 documents were added, or when called twice. */
    consolidate(frequencyPrecision?: number): boolean;
    /** `[id, score]` pairs, highest score first; `limit` defaults to 10 (and 0 also means 10). */
    search(text: string, limit?: number): Array<[string, number]>;
    exportJSON(): string;
    importJSON(json: string): boolean;
    /** Document id → its length and term-number → weight map (after `consolidate`, the term's BM25 weight). */
    getDocs(): Record<string, { readonly freq: Record<string, number> }>;
    /** The live term → term-number map (not a copy). */
    getTokens(): Record<string, number>;
    getTotalDocs(): number;
    getConfig(): WinkBm25Config | null;
  }

  function bm25(): WinkBm25Engine;
  export default bm25;
}
