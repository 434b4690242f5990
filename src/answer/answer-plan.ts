/**
 * Decides what a question needs before any text is written, for both the extractive and the generated
 * answerer: the asker's language, the intent, the period it names, whether it asks for a summary (of an
 * article, an issue or a period), how a follow-up relates to its thread, which articles answer it (the
 * asker's edition of each, best first) — or that none does, with the nearest dated items instead.
 */
import { type Article, type Language } from '../core';
import { type HybridRetriever, type RetrievedArticle } from '../retrieve';
import { detectIntent, type QuestionIntent } from './question-intent';
import { parseSummaryRequest, type SummaryRequest } from './summary-request';
import { toRelatedItem } from './citations';
import { DEFAULT_ANSWER_POLICY, type AnswerPolicy } from './answer-policy';
import type { ConversationTurn, RelatedItem } from './types';
import { EvidenceReader, type AnswerEvidence } from './answer-evidence';
import { answerProbability } from './answer-gate';
import { detectLanguage, articleInPeriod, parseQueryPeriod, stripPeriod, type QueryPeriod, type QuestionTerm } from '../language';

export interface AnswerPlannerOptions {
  /**
   * The thresholds that decide answer versus refusal and the articles per answer. Default
   * {@link DEFAULT_ANSWER_POLICY}.
   */
  readonly policy?: AnswerPolicy;
}

/** Why a plan found no answer. */
export type NotFoundReason = 'no-match' | 'no-issue' | 'empty-period';

/** Everything the answerers need to write an answer. */
export interface AnswerPlan {
  /** The question as asked. */
  readonly question: string;
  /** The question retrieval ran with: rewritten standalone, or with the thread's topic prepended. */
  readonly searchQuestion: string;
  readonly lang: Language;
  readonly intent: QuestionIntent;
  readonly period: QueryPeriod | null;
  readonly summary: SummaryRequest | null;
  /** The question asks about a current state ("currently", "目前"): the answer says "as of <date>". */
  readonly currentState: boolean;
  /** Content terms of the question as asked. */
  readonly terms: readonly QuestionTerm[];
  /** Content terms of the thread's topic question for a follow-up, else empty. */
  readonly topicTerms: readonly QuestionTerm[];
  /** True when the answer comes from the thread's earlier sources. */
  readonly fromThread: boolean;
  readonly found: boolean;
  readonly notFoundReason: NotFoundReason | null;
  /**
   * The articles to answer from, one edition each (the asker's where it exists): best first, or in date
   * order for period and issue summaries. Empty when not found.
   */
  readonly sources: readonly Article[];
  /** When not found: the nearest dated items (at most {@link AnswerPolicy.maxRelatedItems}). */
  readonly related: readonly RelatedItem[];
  /** The retrieved articles, best first (empty for issue summaries). */
  readonly retrieved: readonly RetrievedArticle[];
  /**
   * What the reply is: `answered` (found); `partial` — the newsletters cover the topic but not the asked
   * fact, so the reply says what they do cover, cited; `not_found` — nearest dated items, no citation.
   */
  readonly outcome: AnswerOutcome;
  /**
   * Sentence-level evidence and P(answerable) for a topic question when the gate read it (`gate: 'model'`,
   * or asked for with {@link PlanOptions.evidence}); null otherwise and for periods, issues and thread answers.
   */
  readonly evidence: PlanEvidence | null;
}

/** What a reply is: answered, partial (topic covered, fact not), or not found. */
export type AnswerOutcome = 'answered' | 'partial' | 'not_found';

/** The evidence a plan's answer-or-refuse decision read. */
export interface PlanEvidence extends AnswerEvidence {
  /** P(answerable) from the answer gate, 0–1. */
  readonly probability: number;
}

export interface PlanOptions {
  readonly history?: readonly ConversationTurn[];
  /** A standalone rewrite of a follow-up (LLM path); replaces thread-topic handling. */
  readonly rewrittenQuestion?: string;
  /** Other phrasings or translations of the question, fused into retrieval. */
  readonly alternativeQueries?: readonly string[];
  /**
   * Read sentence-level evidence even when the policy's gate does not need it (`gate: 'coverage'`), e.g.
   * for calibration. Default false: the coverage gate skips it (it costs ≈ 2 ms a question).
   */
  readonly evidence?: boolean;
}

const CURRENT_STATE = /\b(?:current(?:ly)?|now|today|at present|presently|latest|so far|to date)\b|目前|现在|当前|如今|现阶段|迄今|至今|最新/iu;
const ANAPHORA = /\b(?:it|its|they|them|their|this|that|these|those|he|she|his|her|there|the same)\b|它|其|该|此次|这个|那个|这次|那次|他们|她们|他|她|上述|这些|那些/iu;

/** Plans answers over one {@link HybridRetriever}. */
export class AnswerPlanner {
  readonly retriever: HybridRetriever;
  /** The thresholds and counts this planner answers with. */
  readonly policy: AnswerPolicy;
  readonly #evidence: EvidenceReader;

  constructor(retriever: HybridRetriever, options: AnswerPlannerOptions = {}) {
    this.retriever = retriever;
    this.policy = options.policy ?? DEFAULT_ANSWER_POLICY;
    this.#evidence = new EvidenceReader(retriever);
  }

  /** Plans the answer to `question`. @throws {InputError} from the retriever when the question is empty. */
  async plan(question: string, options: PlanOptions = {}): Promise<AnswerPlan> {
    const history = options.history ?? [];
    const lang = detectLanguage(question);
    const intent = detectIntent(question);
    const standalone = options.rewrittenQuestion?.trim() || question;
    const period = parseQueryPeriod(standalone, { newestDate: this.retriever.newestDate });
    const latest = period?.kind === 'latest';
    // "latest"/"最新" is a period, and "currently"/"目前" asks for recency: neither is a word the article
    // must contain.
    const asked = withoutCurrentStateWords(latest && period !== null ? stripPeriod(question, period) : question);
    const summary = parseSummaryRequest(question, period !== null && !latest);
    const terms = this.retriever.questionTerms(asked);
    const scope = options.rewrittenQuestion === undefined ? this.threadScope(question, terms, history) : null;
    const topic = scope === null ? null : this.topicQuestion(history);
    const base = {
      question,
      lang,
      intent,
      period,
      summary,
      currentState: CURRENT_STATE.test(question),
      terms,
      topicTerms: topic === null ? [] : this.retriever.questionTerms(topic),
    };

    if (summary?.scope === 'issue') {
      const sources = this.issueArticles(summary, history, lang);
      return {
        ...base,
        searchQuestion: standalone,
        fromThread: summary.currentIssue && history.length > 0,
        found: sources.length > 0,
        notFoundReason: sources.length > 0 ? null : 'no-issue',
        sources,
        related: [],
        retrieved: [],
        outcome: sources.length > 0 ? 'answered' : 'not_found',
        evidence: null,
      };
    }

    // A follow-up is first answered from the thread's own sources, when they cover it.
    if (scope !== null) {
      // A bare follow-up ("summarize it", "总结一下") has no words of its own to search the thread's sources
      // with: the thread's last answered question supplies them.
      const scopeQuery = terms.length <= 1 ? `${this.lastAnsweredQuestion(history) ?? ''} ${question}`.trim() : question;
      const inScope = await this.retriever.search(scopeQuery, { k: this.policy.candidateArticles, lang, articleIds: scope, period });
      const best = inScope[0];
      if (best !== undefined && (terms.length <= 1 || best.coverage >= this.policy.followUpMinTermCoverage)) {
        return {
          ...base,
          searchQuestion: question,
          fromThread: true,
          found: true,
          notFoundReason: null,
          sources: this.chooseArticles(inScope, summary === null ? intent : 'fact', lang),
          related: [],
          retrieved: inScope,
          outcome: 'answered',
          evidence: null,
        };
      }
    }

    const searchQuestion = withoutCurrentStateWords(
      topic === null ? (latest && period !== null ? stripPeriod(standalone, period) : standalone) : `${topic} ${question}`,
    );
    // "What is the latest news?" names no topic: the newest items are the answer.
    if (latest && period !== null && terms.length === 0 && topic === null) {
      return this.planPeriodSummary({ ...base, summary: { scope: 'period', issueNumber: null, currentIssue: false } }, searchQuestion, period, options);
    }
    // "Summarize X in 2016" and "Which conferences were held in November 2016?" both take every matching
    // article of the period.
    const listsPeriod = summary === null && intent === 'list' && period !== null && period.kind !== 'latest';
    if ((summary?.scope === 'period' || listsPeriod) && period !== null) return this.planPeriodSummary(base, searchQuestion, period, options);

    // A follow-up that names its own topic ("总结一下延庆能源互联网示范区那篇" after another question) is a
    // new question: asked alone first; the thread's topic joins the search only when that finds nothing.
    if (topic !== null) {
      const own = await this.#searchAndJudge({ ...base, topicTerms: [] }, withoutCurrentStateWords(standalone), asked, options);
      if (own.found) return own;
    }
    return this.#searchAndJudge(base, searchQuestion, asked, options);
  }

  /** Retrieves for `searchQuestion` and decides answer, partial or not found (the topic-question path). */
  async #searchAndJudge(
    base: Omit<AnswerPlan, 'searchQuestion' | 'fromThread' | 'found' | 'notFoundReason' | 'sources' | 'related' | 'retrieved' | 'outcome' | 'evidence'>,
    searchQuestion: string,
    asked: string,
    options: PlanOptions,
  ): Promise<AnswerPlan> {
    const { lang, period, summary, intent, terms } = base;
    const retrieved = await this.retriever.search(searchQuestion, {
      k: this.policy.candidateArticles,
      lang,
      period,
      alternativeQueries: options.alternativeQueries,
    });
    const ranked = base.currentState ? newestAmongEquals(retrieved, this.policy.currentStateTieWeightedCoverage) : retrieved;
    const best = ranked[0];
    const model = this.policy.gate === 'model';
    let evidence: PlanEvidence | null = null;
    if (model || options.evidence === true) {
      const read = this.#evidence.read(asked, terms, ranked, this.policy.evidenceArticles);
      evidence = { ...read, probability: answerProbability(read.features, this.policy.answerGate) };
    }
    const passes =
      model && evidence !== null
        ? summary !== null || evidence.probability >= this.policy.answerGate.threshold
        : best !== undefined && best.coverage >= this.policy.minTermCoverage && best.weightedCoverage >= this.policy.minWeightedTermCoverage;
    const found = best !== undefined && passes;
    const partial = !found && best !== undefined && best.weightedCoverage >= this.policy.partialMinWeightedTermCoverage;
    return {
      ...base,
      searchQuestion,
      fromThread: false,
      found,
      notFoundReason: found ? null : 'no-match',
      sources: found ? this.chooseArticles(ranked, summary === null ? intent : 'fact', lang) : [],
      // A partial reply names only the items on the question's topic; a plain refusal, the nearest ones.
      related: found ? [] : this.relatedItems(partial ? ranked.filter((result) => result.weightedCoverage >= this.policy.partialMinWeightedTermCoverage) : ranked, lang),
      retrieved: ranked,
      outcome: found ? 'answered' : partial ? 'partial' : 'not_found',
      evidence,
    };
  }

  /** A summary of what the newsletters report on a topic within a period: matching articles in date order. */
  private async planPeriodSummary(
    base: Omit<AnswerPlan, 'searchQuestion' | 'fromThread' | 'found' | 'notFoundReason' | 'sources' | 'related' | 'retrieved' | 'outcome' | 'evidence'>,
    searchQuestion: string,
    period: QueryPeriod,
    options: PlanOptions,
  ): Promise<AnswerPlan> {
    const topic = stripPeriod(searchQuestion, period);
    const topicTerms = this.retriever.questionTerms(topic);
    const retrieved =
      topicTerms.length === 0
        ? []
        : await this.retriever.search(topic, { k: this.policy.periodCandidateArticles, lang: base.lang, period, alternativeQueries: options.alternativeQueries });
    const seen = new Set<string>();
    const matching: Article[] = [];
    for (const result of retrieved) {
      const article = this.askerEdition(result.article, base.lang);
      if (seen.has(article.id) || !articleInPeriod(result.article.date, period)) continue;
      // The period already narrows the field, and a period's topic words are generic ("conferences",
      // "合作"): a lower bar than a question's (see AnswerPolicy.periodMinTermCoverage).
      if (result.coverage < this.policy.periodMinTermCoverage || result.weightedCoverage < this.policy.periodMinWeightedTermCoverage) continue;
      seen.add(article.id);
      matching.push(article);
    }
    // Without topic words ("what happened in 2016?") every article of the period qualifies.
    if (topicTerms.length === 0) {
      for (const article of this.retriever.articles) {
        const edition = this.askerEdition(article, base.lang);
        if (!seen.has(edition.id) && articleInPeriod(article.date, period)) {
          seen.add(edition.id);
          matching.push(edition);
        }
      }
    }
    // By date: oldest first for a period, newest first for "latest".
    const byDate = (left: Article, right: Article): number => (left.date ?? '').localeCompare(right.date ?? '');
    const sources =
      period.kind === 'latest'
        ? [...matching].sort((left, right) => byDate(right, left)).slice(0, this.policy.maxPeriodArticles)
        : matching.slice(0, this.policy.maxPeriodArticles).sort(byDate);
    return {
      ...base,
      searchQuestion: topic,
      fromThread: false,
      found: sources.length > 0,
      notFoundReason: sources.length > 0 ? null : 'empty-period',
      sources,
      related: sources.length > 0 ? [] : this.relatedItems(retrieved, base.lang),
      retrieved,
      outcome: sources.length > 0 ? 'answered' : 'not_found',
      evidence: null,
    };
  }

  /**
   * The thread's earlier sources (with their other editions) when `question` reads as a follow-up —
   * it has few content terms or refers back ("it", "that forum", "它") — else null.
   */
  private threadScope(question: string, terms: readonly QuestionTerm[], history: readonly ConversationTurn[]): ReadonlySet<string> | null {
    if (history.length === 0) return null;
    if (terms.length > 3 && !ANAPHORA.test(question)) return null;
    for (let index = history.length - 1; index >= 0; index -= 1) {
      const turn = history[index];
      if (turn === undefined || !turn.answer.found || turn.answer.citations.length === 0) continue;
      const ids = new Set<string>();
      for (const citation of turn.answer.citations) {
        ids.add(citation.articleId);
        if (citation.pair !== null) ids.add(citation.pair.articleId);
      }
      return ids;
    }
    return null;
  }

  /**
   * The question of the conversation's most recent answered turn (with citations) that has words of its
   * own (more than one content term: not itself a bare follow-up), or null.
   */
  private lastAnsweredQuestion(history: readonly ConversationTurn[]): string | null {
    for (let index = history.length - 1; index >= 0; index -= 1) {
      const turn = history[index];
      if (turn === undefined || !turn.answer.found || turn.answer.citations.length === 0) continue;
      if (this.retriever.questionTerms(turn.question).length > 1) return turn.question;
    }
    return null;
  }

  /** The most recent earlier question of the conversation with more than three content terms, or null. */
  private topicQuestion(history: readonly ConversationTurn[]): string | null {
    for (let index = history.length - 1; index >= 0; index -= 1) {
      const turn = history[index];
      if (turn !== undefined && this.retriever.questionTerms(turn.question).length > 3) return turn.question;
    }
    return null;
  }

  /** The articles of the issue asked for, one edition each (the asker's), in printed order. */
  private issueArticles(summary: SummaryRequest, history: readonly ConversationTurn[], lang: Language): Article[] {
    const articles = this.retriever.articles;
    let matches: (article: Article) => boolean;
    if (summary.issueNumber !== null) {
      const number = summary.issueNumber;
      // "No. 23", "第23期" or "总第824期" in the label; the issue number field as printed.
      const inLabel = new RegExp(`(?:第|No\\.?\\s*)${number}(?!\\d)`, 'iu');
      matches = (article) => article.issue.number === number || (article.issue.label !== null && inLabel.test(article.issue.label));
    } else {
      const threadIssue = this.threadIssueKey(history);
      const key = threadIssue ?? this.newestIssueKey();
      if (key === null) return [];
      matches = (article) => issueKey(article) === key;
    }
    const seenGroups = new Set<string>();
    const result: Article[] = [];
    for (const article of articles) {
      if (!matches(article)) continue;
      const group = editionGroup(article);
      if (seenGroups.has(group)) continue;
      seenGroups.add(group);
      result.push(this.askerEdition(article, lang));
    }
    return result;
  }

  private threadIssueKey(history: readonly ConversationTurn[]): string | null {
    for (let index = history.length - 1; index >= 0; index -= 1) {
      const citation = history[index]?.answer.citations[0];
      if (citation === undefined) continue;
      const article = this.retriever.article(citation.articleId);
      if (article !== undefined && issueKey(article) !== null) return issueKey(article);
    }
    return null;
  }

  private newestIssueKey(): string | null {
    let newest: Article | null = null;
    for (const article of this.retriever.articles) {
      if (issueKey(article) === null) continue;
      if (newest === null || (article.issue.date ?? article.date ?? '') > (newest.issue.date ?? newest.date ?? '')) newest = article;
    }
    return newest === null ? null : issueKey(newest);
  }

  /**
   * The articles to answer from, one edition each (the asker's where it exists): the best, plus — for
   * list questions, up to {@link AnswerPolicy.maxListArticles} in all — further ones whose coverage also
   * passes and whose score is at least {@link AnswerPolicy.listMinShareOfBestScore} of the best's.
   */
  private chooseArticles(retrieved: readonly RetrievedArticle[], intent: QuestionIntent, lang: Language): Article[] {
    const seenGroups = new Set<string>();
    const chosen: Article[] = [];
    const topScore = retrieved[0]?.score ?? 0;
    const limit = intent === 'list' ? this.policy.maxListArticles : 1;
    for (const result of retrieved) {
      if (chosen.length >= limit) break;
      const article = result.article;
      const groupKey = editionGroup(article);
      if (seenGroups.has(groupKey)) continue;
      if (chosen.length > 0 && (result.score < topScore * this.policy.listMinShareOfBestScore || result.coverage < this.policy.listMinTermCoverage)) continue;
      seenGroups.add(groupKey);
      chosen.push(this.askerEdition(article, lang));
    }
    return chosen;
  }

  /**
   * The nearest dated items among `retrieved` (articles sharing at least one term with the question): at
   * most {@link AnswerPolicy.maxRelatedItems}, one edition each (the asker's), best first.
   */
  relatedItems(retrieved: readonly RetrievedArticle[], lang: Language): RelatedItem[] {
    const seen = new Set<string>();
    const items: RelatedItem[] = [];
    for (const result of retrieved) {
      if (items.length >= this.policy.maxRelatedItems) break;
      const article = this.askerEdition(result.article, lang);
      const groupKey = editionGroup(article);
      if (seen.has(groupKey) || result.weightedCoverage === 0) continue;
      seen.add(groupKey);
      items.push(toRelatedItem(article));
    }
    return items;
  }

  /** `article`, or its other edition when that one is in `lang`. */
  askerEdition(article: Article, lang: Language): Article {
    if (article.lang === lang || article.pairId === null) return article;
    const pair = this.retriever.article(article.pairId);
    return pair !== undefined && pair.lang === lang ? pair : article;
  }
}

/** The question without its "currently"/"now"/"目前" words (they ask for recency, not for a term). */
function withoutCurrentStateWords(question: string): string {
  return question.replace(new RegExp(CURRENT_STATE.source, 'giu'), ' ').replace(/\s+/gu, ' ').trim();
}

/**
 * For a question about the current state: among the articles that answer it as well as the best one
 * (IDF-weighted coverage within `tieWeightedCoverage` of it, see
 * {@link AnswerPolicy.currentStateTieWeightedCoverage}), the newest comes first.
 */
function newestAmongEquals(retrieved: readonly RetrievedArticle[], tieWeightedCoverage: number): readonly RetrievedArticle[] {
  const best = retrieved[0];
  if (best === undefined) return retrieved;
  const equals = retrieved.filter((result) => result.coverage >= best.coverage && result.weightedCoverage >= best.weightedCoverage - tieWeightedCoverage);
  const newest = [...equals].sort((left, right) => (right.article.date ?? '').localeCompare(left.article.date ?? ''))[0];
  if (newest === undefined || newest === best) return retrieved;
  return [newest, ...retrieved.filter((result) => result !== newest)];
}

/** One key for both editions of an article: the smaller of its id and its pair's id. */
export function editionGroup(article: Article): string {
  return article.pairId !== null && article.pairId < article.id ? article.pairId : article.id;
}

/** Identifies an article's issue across both editions: the issue number, else the label. */
function issueKey(article: Article): string | null {
  return article.issue.number ?? article.issue.label;
}
