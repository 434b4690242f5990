/**
 * The default, model-free answerer: picks the one to three sentences that best answer the question from
 * the best retrieved articles, each followed by a numbered citation, in the asker's language where that
 * edition exists. Refuses ("not in the newsletters") when the best articles do not cover the question's
 * terms well enough, rather than padding an answer with unrelated articles.
 */
import { detectLanguage, type Article, type Language } from '../core';
import { splitSentences } from '../chunk';
import type { HybridRetriever, RetrievedArticle } from '../retrieve';
import { tokenize } from '../vector-index';
import { detectIntent, type QuestionIntent } from './question-intent';
import type { AnswerResult, AskOptions, Assistant, Citation } from './types';

export interface ExtractiveAnswererOptions {
  /**
   * Minimum share (0–1) of the question's distinct content terms, weighted by inverse document
   * frequency, that the best article (with its other-language edition) must contain for an answer.
   * Default 0.72, set on the development questions.
   */
  readonly minCoverage?: number;
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

const OTHER_EDITION_NOTE: Record<Language, string> = {
  en: 'Only the Chinese edition covers this; quoted in Chinese.',
  zh: '只有英文版报道了此内容，以下为英文原文。',
};

const DATE_PATTERN = /\d{4}\s*年|\d{1,2}\s*月\s*\d{1,2}\s*日|\b\d{1,2}\s+(?:January|February|March|April|May|June|July|August|September|October|November|December)\b|\b(?:January|February|March|April|May|June|July|August|September|October|November|December)\s+\d{1,2}\b/iu;

/** Formats an issue for citations: its label, or null when the file states none. */
function issueLabel(article: Article): string | null {
  return article.issue.label;
}

/** Extractive question answering over a {@link HybridRetriever}; implements {@link Assistant}. */
export class ExtractiveAnswerer implements Assistant {
  private readonly retriever: HybridRetriever;
  private readonly minCoverage: number;
  private readonly candidates: number;
  private readonly documentFrequency = new Map<string, number>();
  private readonly articleTokens = new Map<string, ReadonlySet<string>>();

  constructor(retriever: HybridRetriever, options: ExtractiveAnswererOptions = {}) {
    this.retriever = retriever;
    this.minCoverage = options.minCoverage ?? 0.72;
    this.candidates = options.candidates ?? 8;
    for (const article of retriever.articles) {
      const tokens = new Set(tokenize(`${article.title}\n${article.subtitle ?? ''}\n${article.body}`));
      this.articleTokens.set(article.id, tokens);
      for (const token of tokens) this.documentFrequency.set(token, (this.documentFrequency.get(token) ?? 0) + 1);
    }
  }

  /** Inverse document frequency of a token over articles: ln(1 + N / (1 + df)). */
  private idf(token: string): number {
    const articles = this.articleTokens.size;
    return Math.log(1 + articles / (1 + (this.documentFrequency.get(token) ?? 0)));
  }

  /**
   * Share (0–1) of the question's content terms, IDF-weighted, found in the article or its other edition.
   * Terms unknown to the whole corpus count fully against coverage: asking about something the
   * newsletters never mention is the clearest sign of an unanswerable question.
   */
  coverage(question: string, article: Article): number {
    const terms = [...new Set(tokenize(question))];
    if (terms.length === 0) return 0;
    const tokens = new Set([...(this.articleTokens.get(article.id) ?? [])]);
    if (article.pairId !== null) for (const token of this.articleTokens.get(article.pairId) ?? []) tokens.add(token);
    let total = 0;
    let covered = 0;
    for (const term of terms) {
      const weight = this.idf(term);
      total += weight;
      if (tokens.has(term)) covered += weight;
    }
    return total === 0 ? 0 : covered / total;
  }

  async ask(question: string, options: AskOptions = {}): Promise<AnswerResult> {
    const lang = detectLanguage(question);
    const intent = detectIntent(question);
    const history = options.history ?? [];
    const lastTurn = history[history.length - 1];
    // A short follow-up ("and who attended?") is read in the context of the thread's previous question.
    const followUp = lastTurn !== undefined && tokenize(question).length <= 4;
    const query = followUp ? `${lastTurn.question} ${question}` : question;

    const retrieved = await this.retriever.search(query, { k: this.candidates, lang });
    const best = retrieved[0];
    const coverageQuery = followUp ? query : question;
    if (best === undefined || this.coverage(coverageQuery, best.article) < this.minCoverage) {
      return { question, found: false, answer: NOT_FOUND[lang], lang, mode: 'extractive', citations: [] };
    }

    const chosen = this.chooseArticles(retrieved, coverageQuery, intent, lang);
    const queryTerms = new Set(tokenize(coverageQuery));
    const citations: Citation[] = [];
    const parts: string[] = [];
    let otherEditionOnly = false;
    for (const article of chosen) {
      const n = citations.length + 1;
      const sentences = this.pickSentences(article, queryTerms, intent, chosen.length > 1 ? 1 : 3);
      if (article.lang !== lang) otherEditionOnly = true;
      const quote = sentences.join(article.lang === 'zh' ? '' : ' ');
      let text = sentences.map((sentence) => `${sentence} [${n}]`).join(article.lang === 'zh' ? '' : ' ');
      if (intent === 'source' || intent === 'date') text = `${this.attribution(article, lang, n)} ${text}`;
      parts.push(text);
      const pair = article.pairId === null ? undefined : this.retriever.article(article.pairId);
      citations.push({
        n,
        articleId: article.id,
        title: article.title,
        source: article.source,
        date: article.date,
        issue: issueLabel(article),
        lang: article.lang,
        file: article.file,
        quote,
        pair: pair === undefined ? null : { articleId: pair.id, title: pair.title, lang: pair.lang, file: pair.file },
      });
    }
    const note = otherEditionOnly ? `${OTHER_EDITION_NOTE[lang === 'en' ? 'en' : 'zh']}\n` : '';
    return { question, found: true, answer: `${note}${parts.join('\n')}`, lang, mode: 'extractive', citations };
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
   * list questions — every other article whose coverage also passes and whose score is at least half the
   * best's.
   */
  private chooseArticles(
    retrieved: readonly RetrievedArticle[],
    question: string,
    intent: QuestionIntent,
    lang: Language,
  ): Article[] {
    const seenGroups = new Set<string>();
    const chosen: Article[] = [];
    const topScore = retrieved[0]?.score ?? 0;
    const limit = intent === 'list' ? 4 : 1;
    for (const result of retrieved) {
      if (chosen.length >= limit) break;
      const article = result.article;
      const groupKey = article.pairId !== null && article.pairId < article.id ? article.pairId : article.id;
      if (seenGroups.has(groupKey)) continue;
      if (chosen.length > 0 && (result.score < topScore * 0.5 || this.coverage(question, article) < this.minCoverage)) continue;
      seenGroups.add(groupKey);
      const pair = article.pairId === null ? undefined : this.retriever.article(article.pairId);
      chosen.push(article.lang !== lang && pair !== undefined && pair.lang === lang ? pair : article);
    }
    return chosen;
  }

  /** The best `limit` sentences of `article` for the question, in text order. */
  private pickSentences(article: Article, queryTerms: ReadonlySet<string>, intent: QuestionIntent, limit: number): string[] {
    const sentences = splitSentences(article.body);
    const scored: ScoredSentence[] = sentences.map((text, position) => {
      let score = 0;
      for (const token of new Set(tokenize(text))) if (queryTerms.has(token)) score += this.idf(token);
      if (intent === 'date' && DATE_PATTERN.test(text)) score *= 1.5;
      if (intent === 'summary') score += position === 0 ? 3 : 1 / (position + 1);
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
