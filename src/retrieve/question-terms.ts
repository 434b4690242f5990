/**
 * The content terms of a question and how much of them an article covers. A term is a glossary name
 * (with its names in the other language), a Chinese word, a stemmed English word or a number; question
 * words and filler ("what", "哪些", "summarize", "那篇") are not terms.
 *
 * Coverage is the lexical evidence that an article answers a question: the share of the question's terms
 * that the article (with its other-language edition) contains. It reranks fused results and decides
 * whether the newsletters answer a question at all.
 */
import { isStopword, tokenize } from '../vector-index';
import { Glossary } from './glossary';

/** One content term of a question. */
export interface QuestionTerm {
  /** The term as it stands in the question (a glossary name, a word or a number). */
  readonly surface: string;
  /** Forms to look for in article text: lowercase substrings (Chinese words, names, numbers). */
  readonly substrings: readonly string[];
  /** Stemmed English tokens (from the shared tokenizer) to look for among the article's tokens. */
  readonly stems: readonly string[];
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

function chineseTerms(run: string): QuestionTerm[] {
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

/**
 * The content terms of `question`, glossary names first matched as whole names.
 * @returns distinct terms in question order.
 */
export function extractQuestionTerms(question: string, glossary: Glossary): readonly QuestionTerm[] {
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
  for (const match of rest.matchAll(/(\p{Script=Han}+)|([^\p{Script=Han}]+)/gu)) {
    if (match[1] !== undefined) {
      terms.push(...chineseTerms(match[1]));
      continue;
    }
    for (const token of tokenize(match[2] ?? '')) {
      if (REQUEST_WORDS.has(token)) continue;
      if (/^\p{L}{1,2}$/u.test(token)) continue;
      terms.push(/^\d+(?:\.\d+)?$/u.test(token) ? { surface: token, substrings: [token], stems: [] } : { surface: token, substrings: [], stems: [token] });
    }
  }
  const seen = new Set<string>();
  return terms.filter((term) => {
    const key = term.surface.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Article text prepared for coverage checks: lowercase, Chinese spacing removed, and its token set. */
export interface CoverageText {
  readonly text: string;
  /** Stemmed tokens, plus space-joined stem bigrams and trigrams so multi-word names match. */
  readonly stems: ReadonlySet<string>;
}

/** Prepares the texts of one article (and its other edition) for {@link coverage}. */
export function prepareCoverageText(texts: readonly string[]): CoverageText {
  const joined = texts.join('\n').normalize('NFKC').toLowerCase().replace(/(?<=\p{Script=Han})\s+(?=\p{Script=Han})/gu, '');
  const tokens = tokenize(joined);
  const stems = new Set<string>(tokens);
  for (let index = 0; index + 1 < tokens.length; index += 1) {
    stems.add(`${tokens[index]} ${tokens[index + 1]}`);
    if (index + 2 < tokens.length) stems.add(`${tokens[index]} ${tokens[index + 1]} ${tokens[index + 2]}`);
  }
  return { text: joined, stems };
}

/**
 * Whether `text` contains `term`: any of its substrings or stems; a Chinese term of three or more
 * characters also counts when at least two thirds of its character bigrams occur (the segmenter may have
 * glued a word to its neighbour: 抗虫棉占 → 抗虫, 虫棉 present).
 */
export function covers(text: CoverageText, term: QuestionTerm): boolean {
  if (term.substrings.some((substring) => text.text.includes(substring)) || term.stems.some((stem) => text.stems.has(stem))) return true;
  const characters = [...term.surface];
  if (characters.length < 3 || !characters.every((character) => /\p{Script=Han}/u.test(character))) return false;
  let present = 0;
  for (let index = 0; index + 1 < characters.length; index += 1) {
    if (text.text.includes(`${characters[index]}${characters[index + 1]}`)) present += 1;
  }
  return present / (characters.length - 1) >= 2 / 3;
}

/**
 * Share (0–1) of `terms` that `text` contains, each term weighing `weight(term)` (default 1); 0 when
 * there are no terms.
 */
export function coverage(text: CoverageText, terms: readonly QuestionTerm[], weight: (term: QuestionTerm) => number = () => 1): number {
  let total = 0;
  let covered = 0;
  for (const term of terms) {
    const termWeight = weight(term);
    total += termWeight;
    if (covers(text, term)) covered += termWeight;
  }
  return total === 0 ? 0 : covered / total;
}
