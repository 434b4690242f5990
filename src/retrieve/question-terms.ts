/**
 * The content terms of a question and how much of them an article covers. A term is a glossary name
 * (with its names in the other language), a Chinese word, a stemmed English word or a number; question
 * words and filler ("what", "哪些", "summarize", "那篇") are not terms.
 *
 * Coverage is the lexical evidence that an article answers a question: the share of the question's terms
 * that the article (with its other-language edition) contains. It reranks fused results and decides
 * whether the newsletters answer a question at all.
 *
 * With a {@link BilingualLexicon} (optional everywhere; without one, matching is literal as before) a term
 * is also covered across languages and wordings:
 * - an English word by a Chinese word of the text with that stem in its dictionary senses (budget → 预算),
 *   unless the stem is generic ({@link BilingualLexicon.isGenericStem});
 * - a Chinese word by an English text that has all the stems of one of its senses (青年 → "young"), and by a
 *   Chinese text with a word that shares a specific sense (a near-synonym, {@link SYNONYM_PHRASE_HEADWORDS});
 * - a Latin-script name that parses as pinyin ("Xu Nanping", "Nanning") by a Chinese text whose pinyin has
 *   its syllables, and a Chinese word by an English text that spells its pinyin as capitalised words;
 * - a number in any form (15, 15th, fifteenth, 十五, 第十五届; June, 6月) by the same number in any form.
 */
import { isStopword, tokenize } from '../vector-index';
import { MAX_HEADWORD_CHARACTERS, SYNONYM_PHRASE_HEADWORDS, type BilingualLexicon } from './bilingual-lexicon';
import { Glossary } from './glossary';
import { englishNumberKeys, findChineseNumbers, findMagnitudeNumbers, numberKey, numbersInText } from './numerals';
import { parsePinyin } from './pinyin';

/** One content term of a question. */
export interface QuestionTerm {
  /** The term as it stands in the question (a glossary name, a word or a number). */
  readonly surface: string;
  /** Forms to look for in article text: lowercase substrings (Chinese words, names, numbers). */
  readonly substrings: readonly string[];
  /** Stemmed English tokens (from the shared tokenizer) to look for among the article's tokens. */
  readonly stems: readonly string[];
  // The fields below are set only when terms are extracted with a lexicon, and are matched only against
  // texts prepared with one.
  /** Number keys the term stands for (`15th`, `十五`, `第十五届` → `['15']`; `June` → `['m6']`; see `numerals.ts`). */
  readonly numbers?: readonly string[];
  /** English stems to look for among the senses of the text's Chinese words (`budget`). */
  readonly glossStems?: readonly string[];
  /** English senses of a Chinese term, each a list of stems that must all occur in the text (`青年` → `[['youth'], ['young']…]`). */
  readonly senses?: readonly (readonly string[])[];
  /** Sense phrases of a Chinese term that a Chinese near-synonym in the text may share (`预算` → `['budget']`). */
  readonly synonymPhrases?: readonly string[];
  /** Pinyin readings of a Latin-script name, syllables space-separated (`Xu Nanping` → `['xu nan ping', 'xun an ping']`). */
  readonly pinyin?: readonly string[];
  /** Latin spellings of a Chinese term: its pinyin, syllables joined, lowercase (`徐南平` → `['xunanping']`). */
  readonly romanized?: readonly string[];
}

/** Words that only frame a request ("summarize the article about …") and never need to be covered. */
const REQUEST_WORDS: ReadonlySet<string> = new Set(
  `summar summari summary overview outlin recap articl stori report news newslett item piec mention tell say said
  talk discuss describ explain detail happen featur cover write written publish come came inform know find give
  list show main key point please anyth someth did does done much mani besid besides held hold`
    .split(/\s+/u)
    .flatMap((word) => tokenize(word).concat(word)),
);

const CHINESE_REQUEST_WORDS: ReadonlySet<string> = new Set(
  `总结 概括 概述 摘要 归纳 介绍 讲 讲的 提到 说 说了 那是 出自 多少个 报道 文章 新闻 通讯 那篇 这篇 一篇 哪篇 有关 关于 相关 内容 主要 情况 是 有 的 了 吗 呢
  什么 哪些 哪个 哪里 哪儿 哪天 哪年 何时 几 多少 谁 怎么 怎样 如何 为什么 是否 时候 什么时候 那次 这次 那个 这个 一下 请 请问 上 中 里 在 和 与 及 等 都 也 又 被 把 对 从 到 去 来 给 向 跟 同 而 并`
    .split(/\s+/u),
);

const segmenter = new Intl.Segmenter('zh', { granularity: 'word' });

/** Administrative suffixes dropped for a place name's pinyin (南宁市 → Nanning). */
const PLACE_SUFFIX = /^(\p{Script=Han}{2,})[市省县区镇村]$/u;

/** The lexicon's additions to a Chinese term: senses, near-synonym phrases and pinyin spellings. */
function chineseBridge(word: string, lexicon: BilingualLexicon): Partial<QuestionTerm> {
  const senses = lexicon.senses(word);
  const romanized = new Set<string>();
  for (const form of [word, PLACE_SUFFIX.exec(word)?.[1]]) {
    if (form === undefined) continue;
    const syllables = lexicon.romanizer?.syllables(form) ?? null;
    if (syllables === null || syllables.length < 2) continue;
    const joined = syllables.join('');
    if (joined.length >= MIN_NAME_LETTERS) romanized.add(joined);
  }
  return {
    senses: senses.map((sense) => sense.stems),
    synonymPhrases: senses.map((sense) => sense.phrase).filter((phrase) => lexicon.headwordsWithPhrase(phrase) <= SYNONYM_PHRASE_HEADWORDS),
    romanized: [...romanized],
  };
}

/**
 * Measure words after which a Chinese numeral in a question is one term with it (第十五届, 八次, 六月):
 * ordinals and dates. Other measure words (两国, 三人) are left to the word segmenter.
 */
const QUESTION_NUMBER_MEASURE = /^(?:周年|[届次期月日号年])/u;

/** Splits number expressions (第十五届, 六月, 二〇一六年) out of a Han run: number terms and the remaining pieces. */
function chineseNumberTerms(run: string): { readonly terms: readonly { index: number; term: QuestionTerm }[]; readonly pieces: readonly { index: number; text: string }[] } {
  const terms: { index: number; term: QuestionTerm }[] = [];
  const pieces: { index: number; text: string }[] = [];
  let position = 0;
  for (const match of findChineseNumbers(run)) {
    if (match.index < position) continue;
    const after = run.slice(match.index + match.surface.length);
    const measure = QUESTION_NUMBER_MEASURE.exec(after)?.[0] ?? '';
    const ordinal = match.surface.startsWith('第') || match.surface === '首';
    if (measure === '' && !ordinal && [...match.surface].length < 2) continue;
    const surface = `${match.surface}${measure}`;
    pieces.push({ index: position, text: run.slice(position, match.index) });
    terms.push({ index: match.index, term: { surface, substrings: [surface], stems: [], numbers: match.month ? [`m${match.key}`] : [match.key] } });
    position = match.index + surface.length;
  }
  pieces.push({ index: position, text: run.slice(position) });
  return { terms, pieces };
}

function chineseTerms(run: string, lexicon?: BilingualLexicon): QuestionTerm[] {
  if (lexicon !== undefined) {
    const { terms: numberTerms, pieces } = chineseNumberTerms(run);
    if (numberTerms.length > 0) {
      const ordered = [
        ...numberTerms,
        ...pieces.map((piece) => ({ index: piece.index, terms: chineseTerms(piece.text) })).flatMap(({ index, terms }) => terms.map((term) => ({ index, term }))),
      ].sort((left, right) => left.index - right.index);
      return ordered.map(({ term }) => (term.numbers === undefined ? { ...term, ...chineseBridge(term.surface, lexicon) } : term));
    }
    return chineseTerms(run).map((term) => ({ ...term, ...chineseBridge(term.surface, lexicon) }));
  }
  const terms: QuestionTerm[] = [];
  let single = '';
  const flushSingle = (): void => {
    if ([...single].length >= 2) terms.push({ surface: single, substrings: [single], stems: [] });
    single = '';
  };
  for (const { segment, isWordLike } of segmenter.segment(run)) {
    if (!isWordLike || CHINESE_REQUEST_WORDS.has(segment) || isStopword(segment)) {
      flushSingle();
      continue;
    }
    if ([...segment].length === 1) {
      // ICU splits unknown names into single characters (休|斯|敦): keep such runs together.
      single += segment;
      continue;
    }
    flushSingle();
    terms.push({ surface: segment, substrings: [segment], stems: [] });
  }
  flushSingle();
  return terms;
}

/** A name must have at least this many letters to be matched by its pinyin (`Nanning`, `Xu Nanping`). */
const MIN_NAME_LETTERS = 5;

/** A capitalised Latin word (not an all-capital acronym), with `'` or `-` joining syllables: `Xi'an`, `Nan-ping`. */
const CAPITALISED_WORD = /(?<![\p{L}\p{N}])\p{Lu}\p{Ll}*(?:['’‐-]\p{Ll}+)*(?![\p{L}\p{N}])/gu;

interface TermSpan {
  readonly index: number;
  readonly length: number;
  readonly term: QuestionTerm;
}

/**
 * Latin-script names in `segment` that read as pinyin: runs of capitalised words, each of which parses
 * into pinyin syllables, with leading English words dropped (`Can Xu Nanping …` → `Xu Nanping`; a
 * single English word such as `Change` or `Panda` is no name); at least two syllables in every reading
 * and {@link MIN_NAME_LETTERS} letters.
 */
function pinyinNameSpans(segment: string, lexicon: BilingualLexicon): TermSpan[] {
  const words = [...segment.matchAll(CAPITALISED_WORD)].map((match) => ({ index: match.index, text: match[0], readings: parsePinyin(match[0]) }));
  const spans: TermSpan[] = [];
  let run: typeof words = [];
  const flush = (): void => {
    while (run.length > 0 && lexicon.isEnglishWord(run[0]?.text ?? '')) run = run.slice(1);
    const first = run[0];
    const last = run[run.length - 1];
    if (first !== undefined && last !== undefined) {
      const surface = segment.slice(first.index, last.index + last.text.length);
      let readings: string[] = [''];
      for (const word of run) readings = readings.flatMap((prefix) => word.readings.map((reading) => `${prefix} ${reading}`.trim())).slice(0, 8);
      const letters = run.reduce((sum, word) => sum + word.text.replace(/['’‐-]/gu, '').length, 0);
      if (letters >= MIN_NAME_LETTERS && readings.every((reading) => reading.split(' ').length >= 2)) {
        const stems = tokenize(surface).join(' ');
        spans.push({
          index: first.index,
          length: surface.length,
          term: { surface, substrings: [surface.toLowerCase()], stems: stems === '' ? [] : [stems], pinyin: readings },
        });
      }
    }
    run = [];
  };
  for (const word of words) {
    const previous = run[run.length - 1];
    const adjacent = previous !== undefined && /^\s+$/u.test(segment.slice(previous.index + previous.text.length, word.index));
    if (!adjacent) flush();
    if (word.readings.length === 0) flush();
    else run.push(word);
  }
  flush();
  return spans;
}

/** Digit ordinals (`15th`) in an English segment, as one term each. */
function englishNumberSpans(segment: string): TermSpan[] {
  const spans: TermSpan[] = [];
  for (const match of segment.matchAll(/(?<![\p{L}\p{N}.,])(\d+)(?:st|nd|rd|th)(?![\p{L}\p{N}])/giu)) {
    spans.push({
      index: match.index,
      length: match[0].length,
      term: { surface: match[0], substrings: [], stems: [match[0].toLowerCase()], numbers: [numberKey(Number(match[1]))] },
    });
  }
  return spans;
}

/** The terms of plain English text (no names or number spans): stems and numbers, with the lexicon's additions. */
function englishTerms(text: string, lexicon: BilingualLexicon | undefined): QuestionTerm[] {
  const numberKeysByStem = new Map<string, readonly string[]>();
  if (lexicon !== undefined) {
    for (const match of text.matchAll(/[\p{L}\p{N}]+/gu)) {
      const keys = englishNumberKeys(match[0]);
      if (keys.length > 0) for (const stem of tokenize(match[0])) numberKeysByStem.set(stem, keys);
    }
  }
  const terms: QuestionTerm[] = [];
  for (const token of tokenize(text)) {
    if (REQUEST_WORDS.has(token)) continue;
    if (/^\p{L}{1,2}$/u.test(token)) continue;
    if (/^\d+(?:\.\d+)?$/u.test(token)) {
      terms.push(lexicon === undefined ? { surface: token, substrings: [token], stems: [] } : { surface: token, substrings: [token], stems: [], numbers: [numberKey(Number(token))] });
      continue;
    }
    if (lexicon === undefined) {
      terms.push({ surface: token, substrings: [], stems: [token] });
      continue;
    }
    const numbers = numberKeysByStem.get(token);
    const bridged = lexicon.headwordsWithStem(token).length > 0 && !lexicon.isGenericStem(token);
    terms.push({
      surface: token,
      substrings: [],
      stems: [token],
      ...(numbers === undefined ? {} : { numbers }),
      ...(bridged ? { glossStems: [token] } : {}),
    });
  }
  return terms;
}

/** The terms of a run of non-Han text: pinyin names and number spans whole, the rest word by word. */
function latinTerms(segment: string, lexicon: BilingualLexicon | undefined): QuestionTerm[] {
  if (lexicon === undefined) return englishTerms(segment, undefined);
  const spans = [...englishNumberSpans(segment), ...pinyinNameSpans(segment, lexicon)].sort((left, right) => left.index - right.index);
  const terms: QuestionTerm[] = [];
  let position = 0;
  for (const span of spans) {
    if (span.index < position) continue;
    terms.push(...englishTerms(segment.slice(position, span.index), lexicon), span.term);
    position = span.index + span.length;
  }
  terms.push(...englishTerms(segment.slice(position), lexicon));
  return terms;
}

/**
 * The content terms of `question`, glossary names first matched as whole names.
 * @param lexicon - adds cross-language forms to the terms (see the file's TSDoc); without it, terms are
 *   matched literally only.
 * @returns distinct terms in question order.
 */
export function extractQuestionTerms(question: string, glossary: Glossary, lexicon?: BilingualLexicon): readonly QuestionTerm[] {
  const normalized = question.normalize('NFKC');
  const terms: QuestionTerm[] = [];
  let rest = '';
  let position = 0;
  for (const match of glossary.findMatches(normalized)) {
    rest += `${normalized.slice(position, match.index)} `;
    position = match.index + match.surface.length;
    const names = [...match.entry.english, ...match.entry.chinese];
    terms.push({
      surface: match.surface,
      substrings: names.map((name) => name.toLowerCase()),
      stems: names.flatMap((name) => (/\p{Script=Han}/u.test(name) ? [] : [tokenize(name).join(' ')])).filter((stem) => stem !== ''),
    });
  }
  rest += normalized.slice(position);
  // With a lexicon, a number with a magnitude is one term, also where it joins digits and Han (20亿).
  const magnitudes = lexicon === undefined ? [] : findMagnitudeNumbers(rest);
  let restPosition = 0;
  for (const magnitude of [...magnitudes, null]) {
    const piece = rest.slice(restPosition, magnitude === null ? rest.length : magnitude.index);
    for (const match of piece.matchAll(/(\p{Script=Han}+)|([^\p{Script=Han}]+)/gu)) {
      if (match[1] !== undefined) terms.push(...chineseTerms(match[1], lexicon));
      else terms.push(...latinTerms(match[2] ?? '', lexicon));
    }
    if (magnitude === null) break;
    terms.push({ surface: magnitude.surface, substrings: [magnitude.surface.toLowerCase()], stems: [], numbers: [magnitude.key] });
    restPosition = magnitude.index + magnitude.surface.length;
  }
  const seen = new Set<string>();
  return terms.filter((term) => {
    const key = term.surface.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** What a lexicon adds to an article's text for coverage (see {@link prepareCoverageText}). */
export interface BridgeText {
  /** English stems of the senses of the text's Chinese words. */
  readonly glossStems: ReadonlySet<string>;
  /** Sense phrases of the text's Chinese words (`to attend`, `budget`). */
  readonly glossPhrases: ReadonlySet<string>;
  /** Number keys of the text, both languages (see `numerals.ts`). */
  readonly numbers: ReadonlySet<string>;
  /** Pinyin of the text's Han characters (`PinyinRomanizer.textPinyin`: ` xu nan ping | … `); empty without pinyin. */
  readonly pinyin: string;
  /** Runs of one to three capitalised Latin words, lowercase and joined without separators (`xunanping`, `nanping`). */
  readonly latinNames: ReadonlySet<string>;
}

/** Article text prepared for coverage checks: lowercase, Chinese spacing removed, and its token set. */
export interface CoverageText {
  readonly text: string;
  /** Stemmed tokens, plus space-joined stem bigrams and trigrams so multi-word names match. */
  readonly stems: ReadonlySet<string>;
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
  for (const { segment } of segmenter.segment(run)) {
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

/**
 * Prepares the texts of one article (and its other edition) for {@link coverage}: once per article, so
 * that {@link covers} only looks things up.
 * @param lexicon - also precomputes what cross-language terms need ({@link BridgeText}): the senses of
 *   the text's Chinese words, its numbers, pinyin and capitalised Latin names. Without it, only literal
 *   matching is possible.
 */
export function prepareCoverageText(texts: readonly string[], lexicon?: BilingualLexicon): CoverageText {
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
  if (lexicon === undefined) return { text: joined, stems };
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
    glossStems,
    glossPhrases,
    numbers: numbersInText(compact),
    pinyin: lexicon.romanizer?.textPinyin(joined) ?? '',
    latinNames: latinNamesOf(compact),
  };
  return { text: joined, stems, bridge };
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
    (term.romanized?.some((spelling) => bridge.latinNames.has(spelling)) ?? false)
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
