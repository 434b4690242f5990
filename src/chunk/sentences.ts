/**
 * Sentence splitting for Chinese and English newsletter text. Chinese sentences end at 。！？； (and a
 * closing quote after them); English ones at . ! ? followed by a space and an upper-case letter, a digit
 * or a quote, except after common abbreviations (Dr., U.S., i.e., …).
 */

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
