/**
 * The lexical tokenizer shared by BM25 indexing and BM25 querying over mixed Chinese/English text.
 *
 * Chinese (Han runs): the text is segmented into words by `./segment.ts` (ICU's dictionary),
 * stopword segments are dropped, and the remaining consecutive segments form
 * stretches that are indexed as overlapping character bigrams plus whole words of three or more
 * characters:
 * - bigrams make partial matches possible (自贸区 / 自贸试验区 share 自贸; 休斯敦 / 休斯顿 share 休斯), and they
 *   repair ICU's frequent over-segmentation (休|斯|敦, 自|贸|区 still yield 休斯, 斯敦, 自贸, 贸区);
 * - a two-character word *is* one of the bigrams, so it is emitted once, not twice: on the seed corpus,
 *   emitting both words and bigrams (prefixed or not) doubled the weight of every two-character word without
 *   improving retrieval (see the measurements in `src/vector-index/README.md`);
 * - a word of three or more characters is emitted as well, so an exact long-word match (休斯敦) outscores a
 *   partial one (休斯顿) by one extra term;
 * - a stretch of a single character (e.g. 京 in 在京) is emitted as that character.
 *
 * Latin and other scripts: lowercased words (letters, digits, internal apostrophes) with English stopwords
 * removed and Porter2-stemmed (`wink-porter2-stemmer`), so "cooperation" and "cooperate" share the stem
 * `cooper`. Numbers are kept as tokens ("2016", "78", "714"); thousands separators are removed
 * ("1,000" → "1000"), a decimal stays whole ("3.5"), a dotted date splits ("2016.06.05" → 2016, 06, 05),
 * and a letter-digit mix keeps the whole word and adds its parts ("esof2016" → esof2016, esof, 2016) —
 * except a date term of the chunk stage (`y2016`, `y2016m06`, `y2016m06d05`, see `./dates/date-terms.ts`),
 * which stays one term, so a date query does not also match every "06" and "2016" of the corpus.
 *
 * All text is first normalised with NFKC (full-width `２０１６`, `ＡＢＣ` → `2016`, `abc`).
 */
import stemPorter2 from 'wink-porter2-stemmer';
import { DATE_TERM_PATTERN } from './dates/date-terms';
import { segmentChineseWords } from './segment';

/**
 * Version of the token stream. Bump it whenever {@link tokenize} would produce different tokens for the
 * same text, or the lexical index's input changes (3: chunk date terms join the body; 4: a word is kept
 * whole as a date term only when it is a valid one, `DATE_TERM_PATTERN` — `y2016m13` is now split like
 * any letter-digit word): a lexical index built with another version must be rebuilt, not queried.
 */
export const TOKENIZER_VERSION = 4;

/**
 * English stopwords: the Snowball project's English stop list
 * (https://snowballstem.org/algorithms/english/stop.txt), the list that goes with the Porter2 stemmer.
 * Matched against the lowercased surface form, before stemming.
 */
const ENGLISH_STOPWORDS: ReadonlySet<string> = new Set(
  `i me my myself we our ours ourselves you your yours yourself yourselves he him his himself she her hers
  herself it its itself they them their theirs themselves what which who whom this that these those am is are
  was were be been being have has had having do does did doing would should could ought i'm you're he's she's
  it's we're they're i've you've we've they've i'd you'd he'd she'd we'd they'd i'll you'll he'll she'll we'll
  they'll isn't aren't wasn't weren't hasn't haven't hadn't doesn't don't didn't won't wouldn't shan't
  shouldn't can't cannot couldn't mustn't let's that's who's what's here's there's when's where's why's how's a
  an the and but if or because as until while of at by for with about against between into through during
  before after above below to from up down in out on off over under again further then once here there when
  where why how all any both each few more most other some such no nor not only own same so than too very`
    .split(/\s+/)
    .filter((word) => word.length > 0),
);

/**
 * Chinese single-character function words, dropped when ICU segments them as a word of their own. Kept
 * short on purpose: ICU sometimes isolates a character that belongs to a content word (对|接 in 对接), and
 * dropping such a character would break the word's bigrams, so characters like 对, 向, 以, 为 stay.
 */
const CHINESE_SINGLE_CHARACTER_STOPWORDS: ReadonlySet<string> = new Set([
  ...'的了着过地得在和与及等是也都就又而或并把被于之其吗呢吧啊呀嘛哪这那个些谁啥讲说',
]);

/**
 * Chinese multi-character function words, question words and question filler (queries are questions:
 * "哪些", "什么时候", "概括一下…那篇"), dropped when ICU segments them as one word.
 */
const CHINESE_WORD_STOPWORDS: ReadonlySet<string> = new Set(
  `我们 你们 他们 她们 它们 咱们 这个 那个 这些 那些 这里 那里 这边 那边 哪个 哪些 哪里 哪儿 哪天 哪年 什么
  什么样 什么时候 怎么 怎样 怎么样 如何 为什么 为何 多少 几个 是否 是不是 有没有 一下 一些 这篇 那篇 这次 那次
  这位 那位 关于 以及 或者 还是 但是 而且 并且 因为 所以 如果 虽然 可以 已经 请问 告诉 概括 总结 报道 文章`
    .split(/\s+/)
    .filter((word) => word.length > 0),
);

/**
 * True when `word` is a stopword: an English stopword (lowercase surface form, e.g. `the`, `don't`) or a
 * Chinese function word, question word or filler (e.g. `的`, `哪些`, `一下`).
 * @param word - one word, already lowercased and NFKC-normalised.
 */
export function isStopword(word: string): boolean {
  if (ENGLISH_STOPWORDS.has(word)) return true;
  return [...word].length === 1 ? CHINESE_SINGLE_CHARACTER_STOPWORDS.has(word) : CHINESE_WORD_STOPWORDS.has(word);
}

/**
 * A Han run, or a word of other scripts: letters, combining marks and digits, joined by internal
 * apostrophes (china's) or by dots between digits (3.5, 2016.06.05).
 */
const RUN_PATTERN =
  /(\p{Script=Han}+)|((?:(?!\p{Script=Han})[\p{L}\p{M}\p{Nd}])+(?:(?:'|(?<=\p{Nd})\.(?=\p{Nd}))(?:(?!\p{Script=Han})[\p{L}\p{M}\p{Nd}])+)*)/gu;
const THOUSANDS_SEPARATOR = /(?<=\p{Nd}),(?=\p{Nd}{3}(?!\p{Nd}))/gu;
const TYPOGRAPHIC_APOSTROPHE = /[\u2018\u2019\u02bc]/g;
const DIGITS_ONLY = /^\p{Nd}+$/u;
const HAS_DIGIT = /\p{Nd}/u;
const HAS_LETTER = /\p{L}/u;
const LETTER_OR_DIGIT_RUNS = /\p{L}[\p{L}\p{M}]*|\p{Nd}+/gu;

/**
 * Splits mixed Chinese/English text into BM25 terms.
 *
 * @param text - any text (a chunk, a title, a question); may be empty.
 * @returns the terms in text order, duplicates kept (BM25 counts them): Han character bigrams, Han words of
 *          three or more characters and isolated Han characters; stemmed lowercase Latin words; numbers.
 *          Stopwords never appear. Example: `tokenize('中美清洁能源联合研究中心')` →
 *          `[中美, 美清, 清洁, 洁能, 能源, 源联, 联合, 合研, 研究, 究中, 中心]`;
 *          `tokenize('China-US cooperation in 2016')` → `[china, us, cooper, 2016]`.
 */
export function tokenize(text: string): string[] {
  const tokens: string[] = [];
  const normalised = text
    .normalize('NFKC')
    .toLowerCase()
    .replace(TYPOGRAPHIC_APOSTROPHE, "'")
    .replace(THOUSANDS_SEPARATOR, '');
  for (const match of normalised.matchAll(RUN_PATTERN)) {
    const hanRun = match[1];
    const word = match[2];
    if (hanRun !== undefined) addHanRun(hanRun, tokens);
    else if (word !== undefined) addWord(word, tokens);
  }
  return tokens;
}

function addHanRun(run: string, tokens: string[]): void {
  let stretch: string[] = [];
  for (const segment of segmentChineseWords(run)) {
    if (isStopword(segment.segment)) {
      addHanStretch(stretch, tokens);
      stretch = [];
    } else {
      stretch.push(segment.segment);
    }
  }
  addHanStretch(stretch, tokens);
}

/** Emits the bigrams of consecutive non-stopword segments, plus their words of three or more characters. */
function addHanStretch(words: readonly string[], tokens: string[]): void {
  const characters = [...words.join('')];
  if (characters.length === 0) return;
  if (characters.length === 1) {
    tokens.push(characters[0] as string);
    return;
  }
  for (let position = 0; position + 1 < characters.length; position += 1) {
    tokens.push(`${characters[position]}${characters[position + 1]}`);
  }
  for (const word of words) {
    if ([...word].length >= 3) tokens.push(word);
  }
}

function addWord(word: string, tokens: string[]): void {
  if (isStopword(word)) return;
  if (word.includes('.')) {
    // Only digit.digit joins survive the pattern: one dot is a decimal, more are a date or version.
    const parts = word.split('.');
    if (parts.length === 2) tokens.push(word);
    else for (const part of parts) addWord(part, tokens);
    return;
  }
  if (DIGITS_ONLY.test(word)) {
    tokens.push(word);
    return;
  }
  if (DATE_TERM_PATTERN.test(word)) {
    tokens.push(word);
    return;
  }
  if (HAS_DIGIT.test(word) && HAS_LETTER.test(word)) {
    tokens.push(word.replaceAll("'", ''));
    for (const part of word.match(LETTER_OR_DIGIT_RUNS) ?? []) addWord(part, tokens);
    return;
  }
  const stem = stemPorter2(word).replaceAll("'", '');
  if (stem.length >= 2) tokens.push(stem);
}
