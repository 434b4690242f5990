/**
 * The default, model-free answerer: picks the one to three sentences that best answer the question from
 * the best retrieved articles, each followed by a numbered citation, in the asker's language where that
 * edition exists. Refuses ("not in the newsletters") when the best articles do not cover the question's
 * terms well enough, rather than padding an answer with unrelated articles.
 */
import { detectLanguage, type Article, type Language } from '../core';
import { splitSentences } from '../chunk';
import { covers, prepareCoverageText, type HybridRetriever, type QuestionTerm, type RetrievedArticle } from '../retrieve';
import { detectIntent, type QuestionIntent } from './question-intent';
import type { AnswerResult, AskOptions, Assistant, Citation, ConversationTurn } from './types';

export interface ExtractiveAnswererOptions {
  /**
   * Minimum share (0–1) of the question's content terms (see `extractQuestionTerms`) that the best
   * article, with its other-language edition, must contain for an answer; below it the answer is
   * "not in the newsletters". Default 0.7.
   */
  readonly minCoverage?: number;
  /**
   * Minimum IDF-weighted share (0–1) of the question's terms in the best article: a question whose
   * rarest name (a country, a person) is missing is not answered from an article about something else.
   * Default 0.5.
   */
  readonly minWeightedCoverage?: number;
  /** Articles retrieved per question. Default 8. */
  readonly candidates?: number;
}

interface ScoredSentence {
  readonly text: string;
  readonly score: number;
  readonly position: number;
}

const NOT_FOUND: Record<Language, string> = {
  en: 'I could not find this in the newsletters.',
  zh: '新闻通讯中没有找到相关内容。',
};

/** Said when the answer quotes the other language's edition because the asker's does not exist. */
const OTHER_EDITION_NOTE: Record<Language, string> = {
  en: 'Only the Chinese edition of the newsletter covers this; quoted in Chinese.',
  zh: '只有英文版通讯报道了此内容，以下引用英文原文。',
};

const DATE_PATTERN = /\d{4}\s*年|\d{1,2}\s*月\s*\d{1,2}\s*日|\b\d{1,2}\s+(?:January|February|March|April|May|June|July|August|September|October|November|December)\b|\b(?:January|February|March|April|May|June|July|August|September|October|November|December)\s+\d{1,2}\b/iu;

/** Extractive question answering over a {@link HybridRetriever}; implements {@link Assistant}. */
export class ExtractiveAnswerer implements Assistant {
  private readonly retriever: HybridRetriever;
  private readonly minCoverage: number;
  private readonly minWeightedCoverage: number;
  private readonly candidates: number;

  constructor(retriever: HybridRetriever, options: ExtractiveAnswererOptions = {}) {
    this.retriever = retriever;
    this.minCoverage = options.minCoverage ?? 0.7;
    this.minWeightedCoverage = options.minWeightedCoverage ?? 0.5;
    this.candidates = options.candidates ?? 8;
  }

  async ask(question: string, options: AskOptions = {}): Promise<AnswerResult> {
    const lang = detectLanguage(question);
    const intent = detectIntent(question);
    const questionTerms = this.retriever.questionTerms(question);
    // A short follow-up ("and who attended?", "它的主题是什么？") is read in the context of the thread:
    // the most recent earlier question that stood on its own names the topic.
    const topic = questionTerms.length <= 3 ? this.topicQuestion(options.history ?? []) : null;
    const query = topic === null ? question : `${topic} ${question}`;

    const retrieved = await this.retriever.search(query, { k: this.candidates, lang });
    const best = retrieved[0];
    if (best === undefined || best.coverage < this.minCoverage || best.weightedCoverage < this.minWeightedCoverage) {
      return { question, found: false, answer: NOT_FOUND[lang], lang, mode: 'extractive', kind: 'answer', citations: [], related: [] };
    }

    const topicTerms = topic === null ? [] : this.retriever.questionTerms(topic);
    const chosen = this.chooseArticles(retrieved, intent, lang);
    const citations: Citation[] = [];
    const parts: string[] = [];
    let otherEditionOnly = false;
    for (const article of chosen) {
      const n = citations.length + 1;
      const sentences = this.pickSentences(article, questionTerms, topicTerms, intent, chosen.length > 1 ? 1 : 3);
      if (article.lang !== lang) otherEditionOnly = true;
      const glue = article.lang === 'zh' ? '' : ' ';
      let text = sentences.map((sentence) => `${sentence} [${n}]`).join(glue);
      if (intent === 'source' || intent === 'date') text = `${this.attribution(article, lang, n)} ${text}`;
      parts.push(text);
      const pair = article.pairId === null ? undefined : this.retriever.article(article.pairId);
      citations.push({
        n,
        articleId: article.id,
        title: article.title,
        source: article.source,
        date: article.date,
        issue: article.issue.label,
        lang: article.lang,
        file: article.file,
        quote: verbatimQuote(article.body, sentences),
        pair: pair === undefined ? null : { articleId: pair.id, title: pair.title, lang: pair.lang, file: pair.file },
      });
    }
    const note = otherEditionOnly ? `${OTHER_EDITION_NOTE[lang]}\n` : '';
    return { question, found: true, answer: `${note}${parts.join('\n')}`, lang, mode: 'extractive', kind: 'answer', citations, related: [] };
  }

  article(articleId: string): Article | undefined {
    return this.retriever.article(articleId);
  }

  /** The most recent earlier question of the conversation with more than three content terms, or null. */
  private topicQuestion(history: readonly ConversationTurn[]): string | null {
    for (let index = history.length - 1; index >= 0; index -= 1) {
      const turn = history[index];
      if (turn !== undefined && this.retriever.questionTerms(turn.question).length > 3) return turn.question;
    }
    return null;
  }

  /** Who reported it and when, as a lead-in for source and date questions. */
  private attribution(article: Article, lang: Language, n: number): string {
    const source = article.source ?? (lang === 'zh' ? '（未注明来源）' : '(no source stated)');
    const date = article.date ?? (lang === 'zh' ? '日期不详' : 'an unstated date');
    return lang === 'zh'
      ? `这篇报道《${article.title}》出自${source}，日期为${date} [${n}]。`
      : `“${article.title}” was reported by ${source} on ${date} [${n}].`;
  }

  /**
   * The articles to answer from, one edition each (the asker's where it exists): the best, plus — for
   * list questions — up to three more whose coverage also passes and whose score is at least 80% of the
   * best's.
   */
  private chooseArticles(retrieved: readonly RetrievedArticle[], intent: QuestionIntent, lang: Language): Article[] {
    const seenGroups = new Set<string>();
    const chosen: Article[] = [];
    const topScore = retrieved[0]?.score ?? 0;
    const limit = intent === 'list' ? 4 : 1;
    for (const result of retrieved) {
      if (chosen.length >= limit) break;
      const article = result.article;
      const groupKey = article.pairId !== null && article.pairId < article.id ? article.pairId : article.id;
      if (seenGroups.has(groupKey)) continue;
      if (chosen.length > 0 && (result.score < topScore * 0.8 || result.coverage < this.minCoverage)) continue;
      seenGroups.add(groupKey);
      const pair = article.pairId === null ? undefined : this.retriever.article(article.pairId);
      chosen.push(article.lang !== lang && pair !== undefined && pair.lang === lang ? pair : article);
    }
    return chosen;
  }

  /**
   * The best `limit` sentences of `article` for the question, in text order. A sentence scores by the
   * question's terms it contains (a thread's topic terms count 0.3); terms that are also in the title
   * count less (they name the topic, the answer is in the other terms).
   */
  private pickSentences(
    article: Article,
    terms: readonly QuestionTerm[],
    topicTerms: readonly QuestionTerm[],
    intent: QuestionIntent,
    limit: number,
  ): string[] {
    const title = prepareCoverageText([article.title]);
    const sentences = splitSentences(article.body);
    const scored: ScoredSentence[] = sentences.map((text, position) => {
      const prepared = prepareCoverageText([text]);
      let score = 0;
      for (const term of terms) if (covers(prepared, term)) score += covers(title, term) ? 0.4 : 1;
      for (const term of topicTerms) if (covers(prepared, term)) score += 0.3;
      if (intent === 'date' && DATE_PATTERN.test(text)) score += 1;
      if (intent === 'summary') score += position === 0 ? 2 : 1 / (position + 1);
      return { text, score, position };
    });
    const ranked = [...scored].sort((left, right) => right.score - left.score || left.position - right.position);
    const top = ranked[0];
    if (top === undefined) return [];
    const picked = ranked
      .slice(0, intent === 'summary' ? Math.max(limit, 3) : limit)
      .filter((sentence) => sentence === top || sentence.score >= top.score * 0.5);
    return picked.sort((left, right) => left.position - right.position).map((sentence) => sentence.text);
  }
}

/** Longest quote (characters) made of the span between the first and the last quoted sentence. */
const MAX_SPAN_QUOTE = 600;

/**
 * A verbatim quote from `body` for `sentences` (in text order): the body's span from the first sentence
 * to the last when they stand together or the span is short, else the first sentence alone.
 */
export function verbatimQuote(body: string, sentences: readonly string[]): string {
  const first = sentences[0];
  const last = sentences[sentences.length - 1];
  if (first === undefined || last === undefined) return '';
  const start = body.indexOf(first);
  const end = body.indexOf(last, start === -1 ? 0 : start);
  if (start === -1) return first;
  if (end === -1) return first;
  const span = body.slice(start, end + last.length);
  return span.length <= MAX_SPAN_QUOTE ? span : first;
}
