/**
 * Content tokens that a Chinese text and its English translation share once both are reduced to English:
 * the English stems of the CC-CEDICT senses of the Chinese words (预算 → `budget`) against the English
 * text's stems, and the phonetic keys of transliterated names (默克尔 → `MKL` ← `Merkel`). Used by edition
 * pairing as evidence; each token keeps what it came from, so a match explains itself (`预算→budget`).
 *
 * {@link loadBilingualLexiconSync} reads the lexicon synchronously (for callers that cannot await, such as
 * the synchronous pairing entry point), once per process.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Language } from '../core';
import { BilingualLexicon, LexiconDataError, loadLexiconCoreSync } from './lexicon/bilingual-lexicon';
import { segmentChineseWords } from './segment';
import { tokenize } from './tokenize';
import { englishNameKeys, transliteratedNames } from './transliteration/phonetic-key';

let shared: BilingualLexicon | null = null;

/**
 * The CC-CEDICT lexicon read synchronously from the installed `cc-cedict` package (without the pinyin
 * romanizer), opened once per process and shared — also with `loadBilingualLexicon`, which adds pinyin to the same tables
 * (its compact on-disk form: ≈ 5 MB of heap; built once per installation on first use; see `loadLexiconCoreSync`). Never throws: when the data cannot be used the lexicon is empty and its
 * `unavailable` says why.
 */
export function loadBilingualLexiconSync(): BilingualLexicon {
  if (shared !== null) return shared;
  let file: string | null = null;
  try {
    // The package does not export `data/all.js`: found on Node's module search path, as `loadBilingualLexicon` does.
    const searchPaths = createRequire(import.meta.url).resolve.paths('cc-cedict') ?? [];
    file = searchPaths.map((directory) => path.join(directory, 'cc-cedict', 'data', 'all.js')).find((candidate) => existsSync(candidate)) ?? null;
    if (file === null) throw new LexiconDataError(null, 'the `cc-cedict` package is not installed (no cc-cedict/data/all.js on the module path)');
    shared = loadLexiconCoreSync(file);
  } catch (error) {
    shared = BilingualLexicon.empty(error instanceof LexiconDataError ? error : new LexiconDataError(file, String(error), { cause: error }));
  }
  return shared;
}

/**
 * English stems standing for the content words of `text`, each with what it came from:
 * - `en`: the text's own stems (the shared tokenizer: lowercase, stopwords removed, Porter2), letters only;
 *   the source is the stem itself;
 * - `zh`: for every segmented Chinese word that is a lexicon headword, the stems of its senses, except
 *   generic stems (`lexicon.isGenericStem`); the source is the first headword that gave the stem.
 * @returns stem → source, in order of first appearance; empty when the lexicon is empty (for `zh`).
 */
export function translatedTerms(text: string, lang: Language, lexicon: BilingualLexicon): ReadonlyMap<string, string> {
  const terms = new Map<string, string>();
  if (lang === 'en') {
    for (const stem of tokenize(text)) if (/^\p{L}{2,}$/u.test(stem) && !terms.has(stem)) terms.set(stem, stem);
    return terms;
  }
  if (lexicon.headwordCount === 0) return terms;
  for (const { segment, isWordLike } of segmentChineseWords(text)) {
    if (!isWordLike || !lexicon.has(segment)) continue;
    for (const sense of lexicon.senses(segment)) {
      for (const stem of sense.stems) if (!terms.has(stem) && !lexicon.isGenericStem(stem)) terms.set(stem, segment);
    }
  }
  return terms;
}

const CAPITALISED_WORD = /\b\p{Lu}[\p{L}'’-]+/gu;

/**
 * Phonetic keys of the foreign names in `text` (see `englishNameKeys`, `transliteratedNames`), each with
 * the name it came from:
 * - `zh`: the transliterated names (runs of transliteration characters);
 * - `en`: every capitalised word (`Merkel`), and each two adjacent ones (`Theresa May`).
 * @returns key → name as written, in order of first appearance.
 */
export function nameKeys(text: string, lang: Language): ReadonlyMap<string, string> {
  const keys = new Map<string, string>();
  if (lang === 'zh') {
    for (const { surface, key } of transliteratedNames(text)) if (!keys.has(key)) keys.set(key, surface);
    return keys;
  }
  const words = [...text.matchAll(CAPITALISED_WORD)];
  words.forEach((match, index) => {
    const names = [match[0]];
    const next = words[index + 1];
    // Two capitalised words written next to each other (one space) are one name too.
    if (next !== undefined && next.index === (match.index ?? 0) + match[0].length + 1) names.push(`${match[0]} ${next[0]}`);
    for (const name of names) for (const key of englishNameKeys(name)) if (!keys.has(key)) keys.set(key, name);
  });
  return keys;
}
