/**
 * The content terms of a question. A term is a glossary name (with its names in the other language), a
 * Chinese word, a stemmed English word or a number; question words and filler ("what", "哪些", "summarize",
 * "那篇") are not terms. How much of them an article covers is `./coverage.ts`.
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
import type { Glossary } from './glossary/glossary';
import { SYNONYM_PHRASE_HEADWORDS, type BilingualLexicon } from './lexicon/bilingual-lexicon';
import { CHINESE_QUESTION_DIMENSIONS, CHINESE_QUESTION_MEASURE_WORDS } from './answer-types';
import { parsePinyin } from './lexicon/pinyin';
import { englishNameKeys } from './transliteration/phonetic-key';
import { englishNumberKeys, findChineseNumbers, findMagnitudeNumbers, numberKey } from './numbers';
import { segmentChineseWords } from './segment';
import { isStopword, tokenize } from './tokenize';
import stopwordsIso from 'stopwords-iso/stopwords-iso.json' with { type: 'json' };

/**
 * Whether the indexed corpus contains a run of Han characters anywhere: how Chinese question terms are read
 * as the corpus writes them (see `chineseWordTerms`).
 */
export type AttestedText = (text: string) => boolean;

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
  /**
   * Phonetic keys of a Latin-script name as Chinese would transliterate it (`Merkel` → `['MKL', …]`, see
   * `transliteration/phonetic-key.ts`), matched against the keys of the text's transliterated names.
   */
  readonly phoneticKeys?: readonly string[];
}

/**
 * Words that only frame a request ("summarize the article about …", "what is the name of …", "what kind
 * of …", "what is X called") and never need to be covered: they say what is asked, not what it is about.
 */
const REQUEST_WORDS: ReadonlySet<string> = new Set(
  `summar summari summary overview outlin recap articl stori report news newslett item piec mention tell say said
  talk discuss describ explain detail happen featur cover write written publish come came inform know find give
  list show main key point please anyth someth did does done much mani besid besides held hold
  name named call called kind type sort term known refer referred`
    .split(/\s+/u)
    .flatMap((word) => tokenize(word).concat(word)),
);

const CHINESE_REQUEST_WORDS: ReadonlySet<string> = new Set(
  `总结 概括 概述 摘要 归纳 介绍 讲 讲的 提到 说 说了 那是 出自 多少个 报道 文章 新闻 通讯 那篇 这篇 一篇 哪篇 有关 关于 相关 内容 主要 情况 是 有 的 了 吗 呢
  什么 哪些 哪个 哪里 哪儿 哪天 哪年 何时 几 叫 叫做 称作 称为 名为 名叫 名字 名称 又称 别称 简称 多少 谁 怎么 怎样 如何 为什么 是否 时候 什么时候 那次 这次 那个 这个 一下 请 请问 上 中 里 在 和 与 及 等 都 也 又 被 把 对 从 到 去 来 给 向 跟 同 而 并`
    .split(/\s+/u),
);

/**
 * Chinese interrogatives formed by rule rather than listed one by one: 哪 (or 哪一) or 几 with a measure word
 * (哪位, 哪家, 哪一年, 哪所, 哪项, 哪种, 几位, 几项, 几次, 几年), literary 何 with a noun (何种, 何处, 何时, 何人, 何为) and
 * 多 with a dimension (多大, 多长, 多久, 多高, 多远, 多重, 多深, 多宽, 多早): they ask for the answer and are never a
 * term the article must contain.
 */
const CHINESE_INTERROGATIVE = new RegExp(
  `^(?:(?:哪一?|几)[${CHINESE_QUESTION_MEASURE_WORDS}]?|何[种处方为时地人年故]?|多[${CHINESE_QUESTION_DIMENSIONS}]|什么[样时]?)$`,
  'u',
);

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

function chineseTerms(run: string, lexicon?: BilingualLexicon, attested?: AttestedText): QuestionTerm[] {
  if (lexicon !== undefined) {
    const { terms: numberTerms, pieces } = chineseNumberTerms(run);
    if (numberTerms.length > 0) {
      const ordered = [
        ...numberTerms,
        ...pieces
          .map((piece) => ({ index: piece.index, terms: chineseWordTerms(piece.text, attested) }))
          .flatMap(({ index, terms }) => terms.map((term) => ({ index, term }))),
      ].sort((left, right) => left.index - right.index);
      return ordered.map(({ term }) => (term.numbers === undefined ? { ...term, ...chineseBridge(term.surface, lexicon) } : term));
    }
    return chineseWordTerms(run, attested).map((term) => ({ ...term, ...chineseBridge(term.surface, lexicon) }));
  }
  return chineseWordTerms(run, attested);
}

/**
 * Chinese function words of two characters or more from the stopwords-iso Chinese list (MIT,
 * github.com/stopwords-iso/stopwords-iso, 794 entries): connectives and filler such as 除了, 还有, 为了, 有时,
 * 自己, 之类. Its single characters are left out: the segmenter isolates characters of content words too.
 */
const CHINESE_FUNCTION_WORDS: ReadonlySet<string> = new Set(stopwordsIso.zh.filter((word) => /^\p{Script=Han}{2,}$/u.test(word)));

/** Whether a Chinese function or question word, never a term (`的`, `哪些`, `哪位`, `多少`, `除了`). */
function isChineseFunctionWord(segment: string): boolean {
  return CHINESE_REQUEST_WORDS.has(segment) || CHINESE_INTERROGATIVE.test(segment) || isStopword(segment) || CHINESE_FUNCTION_WORDS.has(segment);
}

/** The longest a corpus-attested Chinese term may be, in characters. */
const MAX_ATTESTED_CHARACTERS = 12;

/**
 * The word terms of a Han run. Without `attested`: the word segmenter's words, function words dropped and
 * runs of single characters joined (ICU splits unknown names: 休|斯|敦). With `attested`, each stretch of
 * content words is read as the corpus writes it: from left to right, the longest substring of at least
 * two characters that the corpus contains is a term (苏州|街|站在 → 苏州街站, 坡|鹿又 → 坡鹿), so a word the
 * segmenter glued to a function character or cut out of a name is not a term no article can contain.
 * Of the characters no attested substring takes, the segmenter's words that no attested term cuts stay
 * terms (首任 in 首任|主任: a missing asked thing is evidence); the remnants of cut words (在 of 站在) do not.
 */
function chineseWordTerms(run: string, attested: AttestedText | undefined): QuestionTerm[] {
  if (attested === undefined) return segmentedTerms(run.length === 0 ? [] : [...segmentChineseWords(run)]);
  const terms: QuestionTerm[] = [];
  let stretch: { segment: string; isWordLike: boolean }[] = [];
  const flushStretch = (): void => {
    const characters = stretch.flatMap(({ segment }) => [...segment]);
    // Where each segment starts, in characters.
    const segmentStart: number[] = [];
    let offset = 0;
    for (const { segment } of stretch) {
      segmentStart.push(offset);
      offset += [...segment].length;
    }
    const taken = characters.map(() => false);
    const found: { start: number; term: QuestionTerm }[] = [];
    for (let start = 0; start < characters.length; ) {
      let end = Math.min(characters.length, start + MAX_ATTESTED_CHARACTERS);
      for (; end >= start + 2; end -= 1) if (attested(characters.slice(start, end).join(''))) break;
      if (end < start + 2) {
        start += 1;
        continue;
      }
      const surface = characters.slice(start, end).join('');
      found.push({ start, term: { surface, substrings: [surface], stems: [] } });
      for (let index = start; index < end; index += 1) taken[index] = true;
      start = end;
    }
    // Segments untouched by any attested term keep their word terms, in place.
    const untouched = stretch.map(({ segment }, index) => [...segment].every((_, offset) => !taken[(segmentStart[index] ?? 0) + offset]));
    let group: { segment: string; isWordLike: boolean }[] = [];
    let groupStart = 0;
    const flushGroup = (): void => {
      for (const term of segmentedTerms(group)) found.push({ start: groupStart, term });
      group = [];
    };
    stretch.forEach((segment, index) => {
      if (!untouched[index]) return flushGroup();
      if (group.length === 0) groupStart = segmentStart[index] ?? 0;
      group.push(segment);
    });
    flushGroup();
    terms.push(...found.sort((left, right) => left.start - right.start).map(({ term }) => term));
    stretch = [];
  };
  for (const segment of segmentChineseWords(run)) {
    if (!segment.isWordLike || isChineseFunctionWord(segment.segment)) flushStretch();
    else stretch.push(segment);
  }
  flushStretch();
  return terms;
}

/** The content words among `segments` (the segmenter's output), runs of single characters joined. */
function segmentedTerms(segments: readonly { readonly segment: string; readonly isWordLike: boolean }[]): QuestionTerm[] {
  const terms: QuestionTerm[] = [];
  let single = '';
  const flushSingle = (): void => {
    if ([...single].length >= 2) terms.push({ surface: single, substrings: [single], stems: [] });
    single = '';
  };
  for (const { segment, isWordLike } of segments) {
    if (!isWordLike || isChineseFunctionWord(segment)) {
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

/**
 * Phonetic keys of the foreign names of an English segment, by lowercase word and by stem: each
 * capitalised word that is neither a stopword nor an English word of the glosses (`Merkel`, `Wales`; not
 * `Oxygen`, `The`) gets its own keys and those of the run of capitalised words it stands in (`Theresa May`).
 */
function phoneticKeysOf(segment: string, lexicon: BilingualLexicon): ReadonlyMap<string, readonly string[]> {
  const keys = new Map<string, string[]>();
  const words = [...segment.matchAll(CAPITALISED_WORD)];
  let run: RegExpExecArray[] = [];
  const flush = (): void => {
    const names = run.filter((word) => !isStopword(word[0].toLowerCase()) && !lexicon.isEnglishWord(word[0]));
    const joined = run.length > 1 ? englishNameKeys(run.map((word) => word[0]).join(' ')) : [];
    for (const word of names) {
      const own = [...new Set([...englishNameKeys(word[0]), ...joined])];
      if (own.length === 0) continue;
      for (const form of [word[0].toLowerCase(), ...tokenize(word[0])]) keys.set(form, [...(keys.get(form) ?? []), ...own]);
    }
    run = [];
  };
  for (const word of words) {
    const previous = run[run.length - 1];
    if (previous !== undefined && !/^\s+$/u.test(segment.slice(previous.index + previous[0].length, word.index))) flush();
    if (isStopword(word[0].toLowerCase())) {
      flush();
      continue;
    }
    run.push(word);
  }
  flush();
  return keys;
}

/** `term` with the phonetic keys of its words (see {@link phoneticKeysOf}), when it has any. */
function withPhoneticKeys(term: QuestionTerm, keysByWord: ReadonlyMap<string, readonly string[]>): QuestionTerm {
  if (term.numbers !== undefined) return term;
  const forms = [...term.surface.toLowerCase().split(/\s+/u), ...term.stems];
  const keys = new Set(forms.flatMap((form) => keysByWord.get(form) ?? []));
  return keys.size === 0 ? term : { ...term, phoneticKeys: [...keys] };
}

/** The terms of a run of non-Han text: pinyin names and number spans whole, the rest word by word. */
function latinTerms(segment: string, lexicon: BilingualLexicon | undefined): QuestionTerm[] {
  if (lexicon === undefined) return englishTerms(segment, undefined);
  const keysByWord = phoneticKeysOf(segment, lexicon);
  return plainLatinTerms(segment, lexicon).map((term) => (keysByWord.size === 0 ? term : withPhoneticKeys(term, keysByWord)));
}

function plainLatinTerms(segment: string, lexicon: BilingualLexicon): QuestionTerm[] {
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
 * @param attested - whether the corpus contains a text: Chinese terms are then read as the corpus writes
 *   them (see `chineseWordTerms`); without it, they are the word segmenter's words.
 * @returns distinct terms in question order.
 */
export function extractQuestionTerms(
  question: string,
  glossary: Glossary,
  lexicon?: BilingualLexicon,
  attested?: AttestedText,
): readonly QuestionTerm[] {
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
      if (match[1] !== undefined) terms.push(...chineseTerms(match[1], lexicon, attested));
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

