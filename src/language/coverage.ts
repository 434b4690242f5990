/**
 * Coverage: the lexical evidence that an article answers a question — the share of the question's terms
 * (`./question-terms.ts`) that the article (with its other-language edition) contains. It reranks fused
 * results and decides whether the newsletters answer a question at all. With a lexicon, terms are also
 * covered across languages and wordings (see `./question-terms.ts` for the forms).
 */
import { HashedStringSet, type StringMembership } from './hashed-string-set';
import { MAX_HEADWORD_CHARACTERS, type BilingualLexicon } from './lexicon/bilingual-lexicon';
import { numbersInText } from './numbers';
import type { QuestionTerm } from './question-terms';
import { segmentChineseWords } from './segment';
import { tokenize } from './tokenize';
import { transliteratedNames } from './transliteration/phonetic-key';

/**
 * What a lexicon adds to an article's text for coverage (see {@link prepareCoverageText}); its sets are
 * {@link HashedStringSet}s when prepared `compact` (a served index keeps a coverage text per article it reranks).
 */
export interface BridgeText {
  /** English stems of the senses of the text's Chinese words. */
  readonly glossStems: StringMembership;
  /** Sense phrases of the text's Chinese words (`to attend`, `budget`). */
  readonly glossPhrases: StringMembership;
  /** Number keys of the text, both languages (see `numerals.ts`). */
  readonly numbers: StringMembership;
  /** Pinyin of the text's Han characters (`PinyinRomanizer.textPinyin`: ` xu nan ping | … `); empty without pinyin. */
  readonly pinyin: string;
  /** Runs of one to three capitalised Latin words, lowercase and joined without separators (`xunanping`, `nanping`). */
  readonly latinNames: StringMembership;
  /** Phonetic keys of the text's transliterated foreign names (默克尔 → `NKL`, see `transliteration/phonetic-key.ts`). */
  readonly phoneticKeys: StringMembership;
}

/** Article text prepared for coverage checks: lowercase, Chinese spacing removed, and its token set. */
export interface CoverageText {
  readonly text: string;
  /** Stemmed tokens, plus space-joined stem bigrams and trigrams so multi-word names match (hashed). */
  readonly stems: StringMembership;
  /** Present when prepared with a lexicon: what cross-language terms are matched against. */
  readonly bridge?: BridgeText;
}

/**
 * The dictionary words of a run of Han characters: every lexicon headword (2–4 characters) in the run
 * that is made of whole segments of the word segmenter (中|关|村 → 中关村), or is the start or end of one
 * segment (科学家们 → 科学家). A headword that straddles a segment boundary, or sits inside a segment, is
 * not a word of the text (发展|中|国家 has no 中国).
 */
function dictionaryWords(run: string, lexicon: BilingualLexicon, words: Set<string>): void {
  const characters = [...run];
  const boundaries = new Set<number>([0]);
  const segmentOf: number[] = [];
  let count = 0;
  for (const { segment } of segmentChineseWords(run)) {
    const length = [...segment].length;
    for (let offset = 0; offset < length; offset += 1) segmentOf.push(count);
    count += length;
    boundaries.add(count);
  }
  for (let start = 0; start < characters.length; start += 1) {
    let word = characters[start] ?? '';
    for (let end = start + 2; end <= Math.min(characters.length, start + MAX_HEADWORD_CHARACTERS); end += 1) {
      word += characters[end - 1] ?? '';
      if (!lexicon.has(word)) continue;
      const whole = boundaries.has(start) && boundaries.has(end);
      const inOne = segmentOf[start] === segmentOf[end - 1];
      if (whole || (inOne && (boundaries.has(start) || boundaries.has(end)))) words.add(word);
    }
  }
}

function latinNamesOf(text: string): Set<string> {
  const names = new Set<string>();
  const words = [...text.matchAll(/(?<![\p{L}\p{N}])\p{Lu}[\p{L}]*(?:['’‐-]\p{L}+)*(?![\p{L}\p{N}])/gu)];
  for (let index = 0; index < words.length; index += 1) {
    let joined = '';
    let end = -1;
    for (let next = index; next < Math.min(words.length, index + 3); next += 1) {
      const word = words[next];
      if (word === undefined || (end >= 0 && !/^\s+$/u.test(text.slice(end, word.index)))) break;
      joined += word[0].toLowerCase().replace(/['’‐-]/gu, '');
      end = word.index + word[0].length;
      names.add(joined);
    }
  }
  return names;
}

/** How {@link prepareCoverageText} holds its sets. */
export interface PrepareCoverageOptions {
  /**
   * Hold the sets as {@link HashedStringSet}s (≈ 8 bytes a member instead of ≈ 70, slower to build): for texts
   * kept long, as the retriever keeps an article's. Default false: `Set`s, for texts prepared and dropped
   * within one answer (its sentences).
   */
  readonly compact?: boolean;
}

/**
 * Prepares the texts of one article (and its other edition) for {@link coverage}: once per article, so
 * that {@link covers} only looks things up.
 * @param lexicon - also precomputes what cross-language terms need ({@link BridgeText}): the senses of
 *   the text's Chinese words, its numbers, pinyin and capitalised Latin names. Without it, only literal
 *   matching is possible.
 */
export function prepareCoverageText(texts: readonly string[], lexicon?: BilingualLexicon, options: PrepareCoverageOptions = {}): CoverageText {
  const members = (values: Iterable<string>): StringMembership => (options.compact === true ? HashedStringSet.of(values) : values instanceof Set ? (values as Set<string>) : new Set(values));
  const original = texts.join('\n').normalize('NFKC');
  const joined = original.toLowerCase().replace(/(?<=\p{Script=Han})\s+(?=\p{Script=Han})/gu, '');
  // Case kept for months and names (June, Xu Nanping); Chinese spacing removed (PDF text: 第 十五 届).
  const compact = original.replace(/(?<=\p{Script=Han})\s+(?=\p{Script=Han})/gu, '');
  const tokens = tokenize(joined);
  const stems = new Set<string>(tokens);
  for (let index = 0; index + 1 < tokens.length; index += 1) {
    stems.add(`${tokens[index]} ${tokens[index + 1]}`);
    if (index + 2 < tokens.length) stems.add(`${tokens[index]} ${tokens[index + 1]} ${tokens[index + 2]}`);
  }
  if (lexicon === undefined) return { text: joined, stems: members(stems) };
  const words = new Set<string>();
  for (const match of joined.matchAll(/\p{Script=Han}+/gu)) dictionaryWords(match[0], lexicon, words);
  const glossStems = new Set<string>();
  const glossPhrases = new Set<string>();
  for (const word of words) {
    for (const phrase of lexicon.phrases(word)) {
      if (glossPhrases.has(phrase)) continue;
      glossPhrases.add(phrase);
      for (const stem of (phrase.startsWith('to ') ? phrase.slice(3) : phrase).split(' ')) glossStems.add(stem);
    }
  }
  const bridge: BridgeText = {
    glossStems: members(glossStems),
    glossPhrases: members(glossPhrases),
    numbers: members(numbersInText(compact)),
    pinyin: lexicon.romanizer?.textPinyin(joined) ?? '',
    latinNames: members(latinNamesOf(compact)),
    phoneticKeys: members(transliteratedNames(compact).map((name) => name.key)),
  };
  return { text: joined, stems: members(stems), bridge };
}

/** How a term is covered: as written (or by the glossary's other names), through the lexicon, or not. */
export type TermMatch = 'literal' | 'bridge' | null;

/**
 * Whether `text` contains `name`: anywhere for a name with Chinese characters, as a whole word for a
 * Latin-script one ("us" for US must not match inside "business", "eu" inside "Europe").
 */
function containsName(text: string, name: string): boolean {
  if (/\p{Script=Han}/u.test(name)) return text.includes(name);
  const wordCharacter = /[\p{Script=Latin}\p{N}]/u;
  for (let index = text.indexOf(name); index !== -1; index = text.indexOf(name, index + 1)) {
    const before = text[index - 1];
    const after = text[index + name.length];
    if ((before === undefined || !wordCharacter.test(before)) && (after === undefined || !wordCharacter.test(after))) return true;
  }
  return false;
}

function literalMatch(text: CoverageText, term: QuestionTerm): boolean {
  if (term.substrings.some((substring) => containsName(text.text, substring)) || term.stems.some((stem) => text.stems.has(stem))) return true;
  const characters = [...term.surface];
  if (characters.length < 3 || !characters.every((character) => /\p{Script=Han}/u.test(character))) return false;
  let present = 0;
  for (let index = 0; index + 1 < characters.length; index += 1) {
    if (text.text.includes(`${characters[index]}${characters[index + 1]}`)) present += 1;
  }
  return present / (characters.length - 1) >= 2 / 3;
}

function bridgeMatch(bridge: BridgeText, text: CoverageText, term: QuestionTerm): boolean {
  return (
    (term.numbers?.some((key) => bridge.numbers.has(key)) ?? false) ||
    (term.glossStems?.some((stem) => bridge.glossStems.has(stem)) ?? false) ||
    (term.senses?.some((sense) => sense.every((stem) => text.stems.has(stem))) ?? false) ||
    (term.synonymPhrases?.some((phrase) => bridge.glossPhrases.has(phrase)) ?? false) ||
    (term.pinyin?.some((reading) => bridge.pinyin.includes(` ${reading} `)) ?? false) ||
    (term.romanized?.some((spelling) => bridge.latinNames.has(spelling)) ?? false) ||
    (term.phoneticKeys?.some((key) => bridge.phoneticKeys.has(key)) ?? false)
  );
}

/**
 * How `text` covers `term`: `literal` when it contains any of the term's substrings or stems (a Chinese
 * term of three or more characters also counts when at least two thirds of its character bigrams occur:
 * the segmenter may have glued a word to its neighbour, 抗虫棉占 → 抗虫, 虫棉 present); `bridge` when only
 * the lexicon's forms match (text and term both prepared with a lexicon); null when not covered.
 */
export function matchTerm(text: CoverageText, term: QuestionTerm): TermMatch {
  if (literalMatch(text, term)) return 'literal';
  return text.bridge !== undefined && bridgeMatch(text.bridge, text, term) ? 'bridge' : null;
}

/** Whether `text` contains `term`, literally or through the lexicon ({@link matchTerm}). */
export function covers(text: CoverageText, term: QuestionTerm): boolean {
  return matchTerm(text, term) !== null;
}

/**
 * Share (0–1) of `terms` that `text` contains, each term weighing `weight(term)` (default 1); 0 when
 * there are no terms.
 * @param bridgeCredit - the share (0–1) of its weight a term covered only through the lexicon earns.
 *   Default 1: on the development questions a credit of 0.8 or 0.9 left every retrieval and refusal
 *   figure unchanged and only narrowed the margin between the lowest answerable best-article coverage
 *   (0.75 → 0.72) and the highest unanswerable one (0.67).
 */
export function coverage(
  text: CoverageText,
  terms: readonly QuestionTerm[],
  weight: (term: QuestionTerm) => number = () => 1,
  bridgeCredit = 1,
): number {
  let total = 0;
  let covered = 0;
  for (const term of terms) {
    const termWeight = weight(term);
    total += termWeight;
    const match = matchTerm(text, term);
    if (match === 'literal') covered += termWeight;
    else if (match === 'bridge') covered += termWeight * bridgeCredit;
  }
  return total === 0 ? 0 : covered / total;
}
