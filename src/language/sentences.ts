/**
 * Sentences, in both languages: the one home of sentence boundaries.
 *
 * - {@link splitSentences} cuts newsletter text into sentences for chunking, extractive answers and
 *   summaries. Chinese sentences end at 。！？； (with a closing quote or bracket after them kept in the
 *   sentence); English ones at . ! ?
 *   followed by a space and an upper-case letter, a digit or a quote, except after common abbreviations
 *   (Dr., U.S., i.e., …). Rules of our own rather than ICU's sentence iterator, because chunk boundaries,
 *   and with them every stored embedding, depend on them: ICU's boundaries change with Node's ICU version
 *   and it does not end a sentence at ；, which Chinese newsletters use between long clauses.
 * - {@link sentenceSegments} gives ICU's sentence boundaries (`Intl.Segmenter`, sentence granularity) with
 *   the whitespace kept, for cutting reply text to a length limit where nothing is stored.
 */

const sentenceSegmenter = new Intl.Segmenter(undefined, { granularity: 'sentence' });

/**
 * ICU's sentences of `text`, each with its trailing whitespace, in order; concatenated they give `text`
 * back. Covers `。！？` as well as `.!?`.
 */
export function sentenceSegments(text: string): string[] {
  return Array.from(sentenceSegmenter.segment(text), (segment) => segment.segment);
}

/**
 * Words written with a period that does not end an English sentence: titles (Dr., Prof.), reference words
 * (No., Vol., pp.), company forms (Co., Inc., Ltd.), Latin (vs., etc., approx.) and month abbreviations
 * (Sept. 20). One list for the batch splitter and the streaming one (`SentenceStream` in the answer stage).
 */
const ABBREVIATION_WORDS: readonly string[] = [
  'Dr', 'Mr', 'Mrs', 'Ms', 'Prof', 'St', 'No', 'Nos', 'Vol', 'pp', 'Gen', 'Sen', 'Rep', 'Jr', 'Sr', 'Co', 'Inc', 'Ltd',
  'vs', 'etc', 'approx', 'Jan', 'Feb', 'Mar', 'Apr', 'Jun', 'Jul', 'Aug', 'Sep', 'Sept', 'Oct', 'Nov', 'Dec',
];

/** An abbreviation's period at the end of a text: a listed word, initials (U.S., J.), i.e., e.g. */
const ABBREVIATIONS = new RegExp(`(?:\\b(?:${ABBREVIATION_WORDS.join('|')})|\\b[A-Z](?:\\.[A-Z])*|\\bi\\.e|\\be\\.g)\\.$`, 'u');

/** Full-width characters that end a Chinese sentence. */
export const CHINESE_SENTENCE_END_CHARACTERS = '。！？；';

/**
 * True when a line of Chinese text ends a sentence: a sentence end (`。！？；`, `!?`) or a closing bracket or
 * quote (`）)」』”`) last. Used to tell a hard-wrapped line from the end of a paragraph.
 */
export function endsChineseSentence(line: string): boolean {
  return /[。！？!?；）)」』”]$/u.test(line);
}

/** Characters that end a sentence in either language, wherever they stand (`.` is not one: see {@link endsWithAbbreviation}). */
export const SENTENCE_END_CHARACTERS = '。！？!?；';

/**
 * True when `text` ends with the period of an abbreviation (`Dr.`, `U.S.`, `No.`, `Sept.`, `e.g.`), which
 * does not end a sentence.
 */
export function endsWithAbbreviation(text: string): boolean {
  return ABBREVIATIONS.test(text);
}

/**
 * Splits `text` into sentences, keeping their punctuation; paragraphs (blank-line separated) always
 * end a sentence. Whitespace around sentences is trimmed; empty pieces are dropped.
 * @returns sentences in text order.
 */
export function splitSentences(text: string): string[] {
  const sentences: string[] = [];
  for (const paragraph of text.split(/\n\s*\n/u)) {
    const pieces = paragraph.replace(/\s*\n\s*/gu, ' ').split(/(?<=[。！？；!?][”’」』）)]?)(?![”’」』）)])|(?<=[.][”’"')]?)\s+(?=[“"'‘(]?[\p{Lu}\d])/u);
    let pending = '';
    for (const piece of pieces) {
      if (piece === undefined) continue;
      const candidate = pending === '' ? piece : `${pending} ${piece}`;
      if (endsWithAbbreviation(piece.trimEnd())) {
        pending = candidate;
        continue;
      }
      pending = '';
      const trimmed = candidate.trim();
      if (trimmed !== '') sentences.push(trimmed);
    }
    const rest = pending.trim();
    if (rest !== '') sentences.push(rest);
  }
  return sentences;
}
