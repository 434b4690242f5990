/**
 * Sentence-level evidence that the newsletters answer a question, and the features the answer gate
 * (`./answer-gate.ts`) decides on.
 *
 * Coverage over a whole article says the article is *about* the question's topic; it does not say the
 * article states the asked fact. A near miss — the forum is reported, the attendance is not — covers most
 * of the question's terms somewhere in the article, but no one passage holds them together. So the
 * evidence is read per sentence window (a sentence with its neighbours): how much of the question, weighted
 * by how rare each term is (IDF), one window covers, and whether the rarest term of the question is
 * missing — a missing rare name ("Baghdad") is decisive, a missing common relation word ("reside") is not.
 * Sentences that address the assistant (planted instructions, never quoted) are not read as evidence.
 */
import { LRUCache } from 'lru-cache';
import type { Article } from '../core';
import { addressesAssistant, covers, detectLanguage, prepareCoverageText, splitSentences, tokenize, type CoverageText, type QuestionTerm } from '../language';
import type { HybridRetriever, RetrievedArticle } from '../retrieve';

/** Sentences on each side of a sentence that its window takes in. */
export const EVIDENCE_WINDOW_NEIGHBOURS = 1;
/** Prepared sentence texts kept between questions (least recently used evicted first). */
export const SENTENCE_CACHE_SIZE = 4096;

/** The numbers the answer gate reads, each in [0, 1]. */
export interface EvidenceFeatures {
  /** Share of the question's terms the best article (with its other edition) covers. */
  readonly articleCoverage: number;
  /** The same share, each term weighted by its IDF. */
  readonly articleWeightedCoverage: number;
  /** IDF-weighted share of the terms that the best sentence window of the top articles covers. */
  readonly windowWeightedCoverage: number;
  /** IDF of the rarest term the best article lacks ÷ IDF of the question's rarest term; 0 when it lacks none. */
  readonly articleMissingRarest: number;
  /** The same for the best sentence window. */
  readonly windowMissingRarest: number;
  /** 1 ÷ the number of question terms (0 without terms): coverage of few terms says less. */
  readonly inverseTermCount: number;
  /**
   * Share of the question's distinct lexical tokens (`tokenize`: Chinese character bigrams, English
   * stems) that the best article's better edition contains — robust where word segmentation splits a name
   * (北|土城|站) or a question term is paraphrased. When no edition is in the question's language, tokens
   * cannot match and {@link articleCoverage} (bridged across languages) stands in.
   */
  readonly articleTokenShare: number;
  /**
   * The same share for the best sentence window (by this share) of the articles read; with no edition in
   * the question's language, {@link windowWeightedCoverage} stands in.
   */
  readonly windowTokenShare: number;
}

/** The feature names in a fixed order (the order of a gate model's weights). */
export const EVIDENCE_FEATURE_NAMES = [
  'articleCoverage',
  'articleWeightedCoverage',
  'windowWeightedCoverage',
  'articleMissingRarest',
  'windowMissingRarest',
  'inverseTermCount',
  'articleTokenShare',
  'windowTokenShare',
] as const satisfies readonly (keyof EvidenceFeatures)[];

/** The best passage for a question: a sentence window of one article edition. */
export interface EvidencePassage {
  readonly article: Article;
  /** The window's sentences, in text order. */
  readonly sentences: readonly string[];
  /** IDF-weighted share (0–1) of the question's terms the window covers. */
  readonly weightedCoverage: number;
}

/** Evidence for one question: its features and the best passage (null when nothing was retrieved). */
export interface AnswerEvidence {
  readonly features: EvidenceFeatures;
  readonly passage: EvidencePassage | null;
}

const NO_FEATURES: EvidenceFeatures = {
  articleCoverage: 0,
  articleWeightedCoverage: 0,
  windowWeightedCoverage: 0,
  articleMissingRarest: 1,
  windowMissingRarest: 1,
  inverseTermCount: 0,
  articleTokenShare: 0,
  windowTokenShare: 0,
};

/** Reads sentence-level evidence over a retriever's articles; one per retriever (it caches sentence texts). */
export class EvidenceReader {
  readonly #retriever: HybridRetriever;
  readonly #sentenceTexts = new LRUCache<string, CoverageText>({ max: SENTENCE_CACHE_SIZE });
  readonly #sentenceTokens = new LRUCache<string, ReadonlySet<string>>({ max: SENTENCE_CACHE_SIZE });

  constructor(retriever: HybridRetriever) {
    this.#retriever = retriever;
  }

  /**
   * The evidence for `terms` in the retrieved articles: article features from the best one, the best
   * sentence window among the first `articles` (both editions of each).
   * @param retrieved - retrieval results, best first.
   * @param articles - how many of them to read sentence by sentence (≥ 1).
   */
  read(question: string, terms: readonly QuestionTerm[], retrieved: readonly RetrievedArticle[], articles: number): AnswerEvidence {
    const best = retrieved[0];
    if (best === undefined || terms.length === 0) return { features: { ...NO_FEATURES, inverseTermCount: terms.length === 0 ? 0 : 1 / terms.length }, passage: null };
    const questionTokens = [...new Set(tokenize(question))];
    const weights = terms.map((term) => this.#retriever.inverseDocumentFrequency(term));
    const rarest = Math.max(...weights, Number.MIN_VALUE);
    const articleCovered = this.#retriever.coveredTerms(best.article.id, terms);
    let articleTokenShare = 0;
    let windowTokenShare = 0;
    let passage: EvidencePassage | null = null;
    let passageCovered: readonly boolean[] = terms.map(() => false);
    const lang = detectLanguage(question);
    let bestInLanguage = false;
    let anyInLanguage = false;
    for (const [rank, result] of retrieved.slice(0, Math.max(1, articles)).entries()) {
      for (const edition of this.#editions(result.article)) {
        if (edition.lang === lang) {
          anyInLanguage = true;
          if (rank === 0) bestInLanguage = true;
        }
        // Split once per edition: the term windows and the token windows read the same sentences. A
        // sentence addressed to the assistant is no evidence: the answer never quotes it.
        const sentences = [edition.title, ...splitSentences(edition.body).filter((sentence) => !addressesAssistant(sentence))];
        const rows = windowRows(sentences.length);
        const window = this.#bestWindow(edition, sentences, rows, terms, weights);
        if (passage === null || window.passage.weightedCoverage > passage.weightedCoverage) {
          passage = window.passage;
          passageCovered = window.covered;
        }
        const shares = this.#tokenShares(sentences, rows, questionTokens);
        if (rank === 0) articleTokenShare = Math.max(articleTokenShare, shares.article);
        windowTokenShare = Math.max(windowTokenShare, shares.window);
      }
    }
    return {
      features: {
        articleCoverage: best.coverage,
        articleWeightedCoverage: best.weightedCoverage,
        windowWeightedCoverage: passage?.weightedCoverage ?? 0,
        articleMissingRarest: missingRarest(articleCovered, weights, rarest),
        windowMissingRarest: missingRarest(passageCovered, weights, rarest),
        inverseTermCount: 1 / terms.length,
        // Token shares compare the question's own words; with no edition in its language they would read 0
        // for an answer in the other language, so the term coverage, which bridges languages, stands in.
        articleTokenShare: bestInLanguage ? articleTokenShare : best.coverage,
        windowTokenShare: anyInLanguage ? windowTokenShare : (passage?.weightedCoverage ?? 0),
      },
      passage,
    };
  }

  #editions(article: Article): Article[] {
    const pair = article.pairId === null ? undefined : this.#retriever.article(article.pairId);
    return pair === undefined ? [article] : [article, pair];
  }

  /** The window of `article` whose covered terms weigh most (the first such). */
  #bestWindow(
    article: Article,
    sentences: readonly string[],
    rows: readonly (readonly number[])[],
    terms: readonly QuestionTerm[],
    weights: readonly number[],
  ): { readonly passage: EvidencePassage; readonly covered: readonly boolean[] } {
    const perSentence = sentences.map((sentence) => {
      const text = this.#sentenceText(sentence);
      return terms.map((term) => covers(text, term));
    });
    const total = weights.reduce((sum, weight) => sum + weight, 0);
    let best: { passage: EvidencePassage; covered: boolean[] } | null = null;
    for (const window of rows) {
      const covered = terms.map((_, term) => window.some((row) => perSentence[row]?.[term] === true));
      const weight = covered.reduce((sum, isCovered, term) => sum + (isCovered ? (weights[term] ?? 0) : 0), 0);
      const weightedCoverage = total === 0 ? 0 : weight / total;
      if (best === null || weightedCoverage > best.passage.weightedCoverage) {
        const body = window.filter((row) => row > 0);
        best = { passage: { article, sentences: body.map((row) => sentences[row] ?? ''), weightedCoverage }, covered };
      }
    }
    // windowRows always gives at least one window.
    return best as { passage: EvidencePassage; covered: boolean[] };
  }

  /** Shares (0–1) of `questionTokens` in the whole edition and in its best window. */
  #tokenShares(sentences: readonly string[], rows: readonly (readonly number[])[], questionTokens: readonly string[]): { readonly article: number; readonly window: number } {
    if (questionTokens.length === 0) return { article: 0, window: 0 };
    const present = sentences.map((sentence) => {
      const tokens = this.#tokensOf(sentence);
      return questionTokens.map((token) => tokens.has(token));
    });
    const share = (window: readonly number[]): number =>
      questionTokens.filter((_, token) => window.some((row) => present[row]?.[token] === true)).length / questionTokens.length;
    return { article: share(sentences.map((_, index) => index)), window: Math.max(...rows.map(share)) };
  }

  #tokensOf(sentence: string): ReadonlySet<string> {
    let tokens = this.#sentenceTokens.get(sentence);
    if (tokens === undefined) {
      tokens = new Set(tokenize(sentence));
      this.#sentenceTokens.set(sentence, tokens);
    }
    return tokens;
  }

  #sentenceText(sentence: string): CoverageText {
    let text = this.#sentenceTexts.get(sentence);
    if (text === undefined) {
      text = prepareCoverageText([sentence], this.#retriever.lexicon);
      this.#sentenceTexts.set(sentence, text);
    }
    return text;
  }
}

/**
 * The sentence windows of a text of `count` sentences whose first is the headline: for each body sentence,
 * the headline with that sentence and its {@link EVIDENCE_WINDOW_NEIGHBOURS} neighbours on each side (row
 * numbers ascending; a headline frames every window, naming the topic its sentences leave implicit). A
 * text without body sentences has the one window of its headline.
 */
function windowRows(count: number): number[][] {
  if (count <= 1) return [[0]];
  const rows: number[][] = [];
  for (let centre = 1; centre < count; centre += 1) {
    const window = [0];
    for (let row = Math.max(1, centre - EVIDENCE_WINDOW_NEIGHBOURS); row <= Math.min(count - 1, centre + EVIDENCE_WINDOW_NEIGHBOURS); row += 1) window.push(row);
    rows.push(window);
  }
  return rows;
}

/** IDF of the rarest uncovered term ÷ `rarest`; 0 when every term is covered. */
function missingRarest(covered: readonly boolean[], weights: readonly number[], rarest: number): number {
  let missing = 0;
  covered.forEach((isCovered, index) => {
    if (!isCovered) missing = Math.max(missing, weights[index] ?? 0);
  });
  return missing / rarest;
}
