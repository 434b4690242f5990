/**
 * Type declaration for wink-porter2-stemmer, which ships no types of its own (as read from its source,
 * 2.0.1). Only the tokenizer (`./tokenize.ts`) imports it.
 */
declare module 'wink-porter2-stemmer' {
  /** Porter2 (Snowball English) stem of one lowercase word, e.g. `cooperation` → `cooper`. */
  function stem(word: string): string;
  export default stem;
}
