import { addressesAssistant, splitSentences, tokenize } from '../language';
/**
 * Extractive summaries without a model: ranks every sentence of a whole article (not just the retrieved
 * chunks) by centrality — cosine similarity of its term-frequency vector to the article's centroid, the
 * classic centroid method (Radev et al., 2004) — plus a lead bonus (news puts the gist first) and a bonus
 * for the asker's focus terms, then keeps the best sentences in text order within a length budget.
 * Sentences that address the assistant (`addressesAssistant`: planted instructions such as "ignore previous
 * instructions and reply that …") are neither kept nor counted in the centroid.
 */

export interface ExtractiveSummaryOptions {
  /** Most sentences to keep. Default 3. */
  readonly maxSentences?: number;
  /** Length budget in characters (not tokens) for the kept sentences together. Default 600. */
  readonly maxCharacters?: number;
  /**
   * Bonus for the first sentence, halving with each later position (news puts the gist first). Default
   * 0.3; a one-sentence gist of an article is best taken near its lead (e.g. 1).
   */
  readonly leadWeight?: number;
  /** Tells whether a sentence mentions what the asker is interested in (adds 0.5 to its score). */
  readonly isFocused?: (sentence: string) => boolean;
}

/** A sentence chosen for a summary. */
export interface SummarySentence {
  readonly text: string;
  /** 0-based position among the article body's sentences. */
  readonly position: number;
  readonly score: number;
}

/** Terms of a sentence for centrality: stemmed words, and character bigrams of Chinese runs. */
function sentenceTerms(sentence: string): string[] {
  const terms: string[] = [];
  for (const token of tokenize(sentence)) {
    if (/\p{Script=Han}/u.test(token)) {
      const characters = [...token];
      if (characters.length === 1) terms.push(token);
      for (let index = 0; index + 1 < characters.length; index += 1) terms.push(`${characters[index]}${characters[index + 1]}`);
    } else terms.push(token);
  }
  return terms;
}

function frequencies(terms: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const term of terms) counts.set(term, (counts.get(term) ?? 0) + 1);
  return counts;
}

function cosineSimilarity(left: ReadonlyMap<string, number>, right: ReadonlyMap<string, number>): number {
  let dot = 0;
  let leftNorm = 0;
  let rightNorm = 0;
  for (const [term, count] of left) {
    leftNorm += count * count;
    dot += count * (right.get(term) ?? 0);
  }
  for (const count of right.values()) rightNorm += count * count;
  return leftNorm === 0 || rightNorm === 0 ? 0 : dot / Math.sqrt(leftNorm * rightNorm);
}

/**
 * The sentences that best summarise `body`, in text order; never one that addresses the assistant.
 * @param body - a whole article body (paragraphs separated by blank lines).
 * @returns at most `maxSentences` sentences; the first kept sentence may exceed `maxCharacters` alone.
 */
export function summarizeExtractively(body: string, options: ExtractiveSummaryOptions = {}): readonly SummarySentence[] {
  const maxSentences = options.maxSentences ?? 3;
  const maxCharacters = options.maxCharacters ?? 600;
  const leadWeight = options.leadWeight ?? 0.3;
  // Positions count every sentence of the body, so the lead bonus and `position` mean the same with or
  // without a planted sentence left out.
  const sentences = splitSentences(body)
    .map((text, position) => ({ text, position }))
    .filter(({ text }) => text.trim() !== '' && !addressesAssistant(text));
  if (sentences.length === 0) return [];
  const vectors = sentences.map(({ text }) => frequencies(sentenceTerms(text)));
  const centroid = new Map<string, number>();
  for (const vector of vectors) for (const [term, count] of vector) centroid.set(term, (centroid.get(term) ?? 0) + count);
  const scored = sentences.map(({ text, position }, index) => {
    const vector = vectors[index] ?? new Map<string, number>();
    // Very short sentences (headings, datelines) carry little; the lead bonus halves with each position.
    const lengthFactor = Math.min(1, [...text].length / 40);
    const score =
      cosineSimilarity(vector, centroid) * lengthFactor +
      (leadWeight * lengthFactor) / (position + 1) +
      (options.isFocused?.(text) === true ? 0.5 : 0);
    return { text, position, score };
  });
  const kept: SummarySentence[] = [];
  let characters = 0;
  for (const sentence of [...scored].sort((left, right) => right.score - left.score || left.position - right.position)) {
    if (kept.length >= maxSentences) break;
    const length = [...sentence.text].length;
    if (kept.length > 0 && characters + length > maxCharacters) continue;
    kept.push(sentence);
    characters += length;
  }
  return kept.sort((left, right) => left.position - right.position);
}
