/**
 * Sentences, in both languages: the one home of sentence boundaries.
 *
 * - {@link splitSentences} cuts newsletter text into sentences for chunking, extractive answers and
 *   summaries. Chinese sentences end at 。！？； (and a closing quote after them); English ones at . ! ?
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

/** Abbreviations after which a period does not end an English sentence. */
const ABBREVIATIONS = /(?:\b(?:Dr|Mr|Mrs|Ms|Prof|St|No|Vol|Gen|Sen|Rep|Jr|Sr|Co|Inc|Ltd|vs|etc|approx)|\b[A-Z](?:\.[A-Z])*|\bi\.e|\be\.g)\.$/u;

/**
 * Splits `text` into sentences, keeping their punctuation; paragraphs (blank-line separated) always
 * end a sentence. Whitespace around sentences is trimmed; empty pieces are dropped.
 * @returns sentences in text order.
 */
export function splitSentences(text: string): string[] {
  const sentences: string[] = [];
  for (const paragraph of text.split(/\n\s*\n/u)) {
    const pieces = paragraph.replace(/\s*\n\s*/gu, ' ').split(/(?<=[。！？；!?][”’」』）)]?)|(?<=[.][”’"')]?)\s+(?=[“"'‘(]?[\p{Lu}\d])/u);
    let pending = '';
    for (const piece of pieces) {
      if (piece === undefined) continue;
      const candidate = pending === '' ? piece : `${pending} ${piece}`;
      if (ABBREVIATIONS.test(piece.trimEnd()) && /\.$/u.test(piece.trimEnd())) {
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
