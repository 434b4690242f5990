/**
 * The other-language lexical query of an English question: the Chinese words the corpus writes that the
 * offline bridge links to its terms — CC-CEDICT headwords whose senses have a term's stem (volcano → 火山,
 * inventor → 发明人/发明家, Wales → 威尔士) and transliterated names whose phonetic key matches a name of the
 * question (Merkel → 默克尔, see `./transliteration/`). The retriever searches it with BM25 over articles
 * printed only in Chinese, so that such an article becomes a candidate at all; coverage then reranks.
 *
 * Every word is checked against the corpus (`attested`): a headword no article contains adds nothing but
 * noise to the query.
 */
import type { BilingualLexicon } from './lexicon/bilingual-lexicon';
import type { AttestedText, QuestionTerm } from './question-terms';

/** Tuning of {@link bridgeQueryWords}. Frozen. */
export const BRIDGE_QUERY_POLICY = Object.freeze({
  /**
   * Most Chinese headwords taken per English stem. Chosen on the calibration half of `npm run eval:bridge`
   * (XQuAD, Chinese-only corpus): 3 and 5 gave the same headline top-5 (0.979) and question
   * top-5 (0.952), 5 a slightly better question top-1 (0.787 vs 0.783). Skipping stems with more than 30 or 50
   * headwords (`plan` 99, `total` 78) lowered calibration top-5 to 0.896–0.917, so every non-generic
   * stem is translated.
   */
  maxHeadwordsPerStem: 5,
  /** Most words in the whole query (the first terms of the question win). */
  maxWords: 40,
});

/**
 * Orders the headwords of one stem: those with a sense that is the stem alone first (火山 "volcano" before
 * 活火山 "active volcano"), then by how early the sense with the stem comes in the entry, then shorter first.
 */
function rankHeadwords(stem: string, headwords: readonly string[], lexicon: BilingualLexicon): string[] {
  const score = (headword: string): [number, number, number] => {
    const senses = lexicon.senses(headword);
    const exact = senses.some((sense) => sense.stems.length === 1 && sense.stems[0] === stem) ? 0 : 1;
    const position = senses.findIndex((sense) => sense.stems.includes(stem));
    return [exact, position < 0 ? senses.length : position, [...headword].length];
  };
  const scored = headwords.map((headword) => ({ headword, key: score(headword) }));
  scored.sort((left, right) => left.key[0] - right.key[0] || left.key[1] - right.key[1] || left.key[2] - right.key[2]);
  return scored.map((entry) => entry.headword);
}

/**
 * Chinese words for the English terms of a question, corpus-attested, in question order, distinct.
 * @param terms - from `extractQuestionTerms` with the same lexicon (terms without `glossStems` or
 *   `phoneticKeys` add nothing).
 * @param attested - whether the corpus contains a Han text.
 * @param namesWithKey - the corpus's Chinese transliterated names with a phonetic key
 *   (`TransliterationIndex.namesWithKey`); default none.
 * @returns the words (empty when none); join them with spaces for a lexical query.
 */
export function bridgeQueryWords(
  terms: readonly QuestionTerm[],
  lexicon: BilingualLexicon,
  attested: AttestedText,
  namesWithKey: (key: string) => readonly string[] = () => [],
): readonly string[] {
  const words: string[] = [];
  const seen = new Set<string>();
  const add = (word: string): void => {
    if (seen.has(word) || words.length >= BRIDGE_QUERY_POLICY.maxWords) return;
    seen.add(word);
    words.push(word);
  };
  const questionStems = new Set(terms.flatMap((term) => [...term.stems, ...(term.glossStems ?? [])]).flatMap((stem) => stem.split(' ')));
  // A headword translates the question only when one of its senses is wholly in it: 墨西哥城 "Mexico City"
  // for a question with both words, not 国土 "nation land" for one that only says "landing". Without this
  // rule the seeds' dev eval refused none of its 3 unanswerable questions (1 of 3 with it, as before the
  // bridge query); on the calibration half it costs 0.02 top-1 and no top-5 (headline top-1 0.833 → 0.813).
  const senseInQuestion = (headword: string): boolean => lexicon.senses(headword).some((sense) => sense.stems.every((stem) => questionStems.has(stem)));
  for (const term of terms) {
    for (const key of term.phoneticKeys ?? []) for (const name of namesWithKey(key)) add(name);
    for (const stem of term.glossStems ?? []) {
      const present = lexicon.headwordsWithStem(stem).filter((headword) => senseInQuestion(headword) && attested(headword));
      for (const headword of rankHeadwords(stem, present, lexicon).slice(0, BRIDGE_QUERY_POLICY.maxHeadwordsPerStem)) add(headword);
    }
  }
  return words;
}
