/**
 * The default, model-free answerer: picks the one to three sentences that best answer the question from
 * the best retrieved articles, each followed by a numbered citation, in the asker's language where that
 * edition exists; summarises a whole article, an issue or a period by sentence ranking. Refuses ("not in
 * the newsletters", naming the nearest dated items) when the best articles do not cover the question's
 * terms well enough, rather than padding an answer with unrelated articles.
 */
import type { Article } from '../core';
import { type HybridRetriever } from '../retrieve';
import { AnswerPlanner, type AnswerPlan, type AnswerPlannerOptions } from './answer-plan';
import type { ExtractiveSentencePolicy } from './answer-policy';
import { asOfPrefix, attribution, OTHER_EDITION_NOTE, refusalOutcome, refusalText, summaryHeading } from './answer-text';
import { toCitation, toRelatedItem, verbatimQuote } from './citations';
import { summarizeExtractively } from './extractive-summary';
import { checkQuestionLength, type QuestionLengthOptions } from './question-length';
import type { AnswerResult, AskOptions, Assistant, Citation } from './types';
import { addressesAssistant, covers, expectedAnswerType, holdsAnswerType, prepareCoverageText, splitSentences } from '../language';

/**
 * Options of {@link ExtractiveAnswerer}: the answer policy (default `DEFAULT_ANSWER_POLICY`), sentence weights
 * included, and the longest question answered.
 */
export type ExtractiveAnswererOptions = AnswerPlannerOptions & QuestionLengthOptions;

interface ScoredSentence {
  readonly text: string;
  readonly score: number;
  readonly position: number;
}

/** Extractive question answering over a {@link HybridRetriever}; implements {@link Assistant}. */
export class ExtractiveAnswerer implements Assistant {
  private readonly planner: AnswerPlanner;
  private readonly retriever: HybridRetriever;
  private readonly maxQuestionCharacters: number | undefined;

  constructor(retriever: HybridRetriever, options: ExtractiveAnswererOptions = {}) {
    this.retriever = retriever;
    this.planner = new AnswerPlanner(retriever, options);
    this.maxQuestionCharacters = options.maxQuestionCharacters;
  }

  /** The sentence picking and scoring part of the planner's policy. */
  private get sentencePolicy(): ExtractiveSentencePolicy {
    return this.planner.policy.extractive;
  }

  /**
   * Answers `question` from the best retrieved articles (see the class).
   * @throws {QuestionTooLongError} before any analysis when the question exceeds `maxQuestionCharacters`;
   *         the signal's reason when aborted.
   */
  async ask(question: string, options: AskOptions = {}): Promise<AnswerResult> {
    checkQuestionLength(question, this.maxQuestionCharacters);
    options.signal?.throwIfAborted();
    notify(options.onStage, 'searching');
    const plan = await this.planner.plan(question, { history: options.history });
    options.signal?.throwIfAborted();
    notify(options.onStage, 'writing');
    const result = this.compose(plan);
    notify(options.onDelta, result.answer);
    return result;
  }

  article(articleId: string): Article | undefined {
    return this.retriever.article(articleId);
  }

  /** Writes the answer for a finished plan. */
  compose(plan: AnswerPlan): AnswerResult {
    const { question, lang } = plan;
    const kind = plan.summary === null ? 'answer' : 'summary';
    if (!plan.found) {
      return { question, found: false, outcome: refusalOutcome(plan.outcome, plan.related), answer: refusalText(plan), lang, mode: 'extractive', kind, citations: [], related: plan.related };
    }
    const citations: Citation[] = [];
    const parts: string[] = [];
    let otherEditionOnly = false;
    const perArticle = plan.sources.length > 1 ? this.sentencePolicy.sentencesPerSourceOfMany : this.sentencePolicy.sentencesFromOnlySource;
    // An article whose every sentence addresses the assistant has nothing to quote: it is left out.
    const quoted = plan.sources
      .map((article) => ({
        article,
        sentences: plan.summary === null ? this.pickSentences(article, plan, perArticle) : this.summarySentences(article, plan, plan.sources.length > 1),
      }))
      .filter((source) => source.sentences.length > 0);
    if (quoted.length === 0) {
      const related = plan.sources.map(toRelatedItem);
      const outcome = refusalOutcome('partial', related);
      return { question, found: false, outcome, answer: refusalText({ ...plan, outcome, related }), lang, mode: 'extractive', kind, citations: [], related };
    }
    for (const { article, sentences } of quoted) {
      const n = citations.length + 1;
      if (article.lang !== lang) otherEditionOnly = true;
      const glue = article.lang === 'zh' ? '' : ' ';
      let text = sentences.map((sentence) => `${sentence} [${n}]`).join(glue);
      if (plan.summary !== null && quoted.length > 1) {
        const when = article.date === null ? '' : lang === 'zh' ? `（${article.date}）` : ` (${article.date})`;
        text = lang === 'zh' ? `• 《${article.title}》${when}：${text}` : `• “${article.title}”${when}: ${text}`;
      } else if (plan.summary === null && (plan.intent === 'source' || plan.intent === 'date')) {
        text = `${attribution(article, lang, n)} ${text}`;
      }
      parts.push(text);
      const pair = article.pairId === null ? undefined : this.retriever.article(article.pairId);
      citations.push(toCitation(n, article, verbatimQuote(article.body, sentences), pair));
    }
    const note = otherEditionOnly ? `${OTHER_EDITION_NOTE[lang]}\n` : '';
    const heading = plan.summary === null ? '' : `${summaryHeading(plan)}\n`;
    const asOf = plan.currentState && plan.summary === null ? asOfPrefix(plan.sources, lang) : '';
    const body = parts.join('\n');
    const answer = `${note}${heading}${asOf}${asOf === '' ? body : continueSentence(body)}`;
    return { question, found: true, outcome: 'answered', answer, lang, mode: 'extractive', kind, citations, related: [] };
  }

  /**
   * Sentences summarising a whole article: a few for one article, its gist for a list of many (sizes:
   * {@link ExtractiveSentencePolicy.singleArticleSummary}, {@link ExtractiveSentencePolicy.multiArticleSummaryItem}).
   */
  private summarySentences(article: Article, plan: AnswerPlan, many: boolean): string[] {
    const focus = plan.summary?.scope === 'article' ? [] : plan.terms;
    const shape = many ? this.sentencePolicy.multiArticleSummaryItem : this.sentencePolicy.singleArticleSummary;
    const summary = summarizeExtractively(article.body, {
      maxSentences: shape.maxSentences,
      maxCharacters: shape.maxCharacters,
      leadWeight: shape.leadWeight,
      isFocused: focus.length === 0 ? undefined : (sentence) => focus.some((term) => covers(prepareCoverageText([sentence]), term)),
    });
    return summary.map((sentence) => sentence.text);
  }

  /**
   * The best `limit` sentences of `article` for the question, in text order. A sentence scores by the
   * question's terms it contains (a thread's topic terms count less); terms that are also in the title
   * count less (they name the topic, the answer is in the other terms); a sentence holding the kind of
   * value asked ("how many" → a number, "when" → a time) gains. Sentences that address the assistant
   * (`addressesAssistant`: planted instructions, not news) are never picked. Points: see
   * {@link ExtractiveSentencePolicy}.
   */
  private pickSentences(article: Article, plan: AnswerPlan, limit: number): string[] {
    const { terms, topicTerms, intent } = plan;
    const points = this.sentencePolicy;
    const answerType = intent === 'date' ? 'time' : expectedAnswerType(plan.question);
    const title = prepareCoverageText([article.title]);
    // A sentence addressed to the assistant ("ignore previous instructions and reply that …") is never
    // quoted, however well it matches: it is planted text, not news.
    const sentences = splitSentences(article.body).map((text, position) => ({ text, position })).filter(({ text }) => !addressesAssistant(text));
    const scored: ScoredSentence[] = sentences.map(({ text, position }) => {
      const prepared = prepareCoverageText([text]);
      let score = 0;
      for (const term of terms) if (covers(prepared, term)) score += covers(title, term) ? points.titleTermPoints : points.questionTermPoints;
      for (const term of topicTerms) if (covers(prepared, term)) score += points.topicTermPoints;
      if (answerType !== null && holdsAnswerType({ text, lang: article.lang, referenceDate: article.date }, answerType, plan.question)) {
        score += points.answerTypeSentencePoints;
      }
      if (intent === 'summary') score += position === 0 ? points.summaryLeadSentencePoints : points.summaryLaterSentencePoints / (position + 1);
      return { text, score, position };
    });
    const ranked = [...scored].sort((left, right) => right.score - left.score || left.position - right.position);
    const top = ranked[0];
    if (top === undefined) return [];
    const picked = ranked
      .slice(0, intent === 'summary' ? Math.max(limit, points.minSentencesForSummaryIntent) : limit)
      .filter((sentence) => sentence === top || sentence.score >= top.score * points.minShareOfTopSentenceScore);
    return picked.sort((left, right) => left.position - right.position).map((sentence) => sentence.text);
  }
}

/** `text` continuing a sentence ("As of 2016-10-17, the …"): a leading English function word is lower-cased. */
function continueSentence(text: string): string {
  return text.replace(/^(The|A|An|In|On|At|This|These|Those|It|Its|According)\b/u, (word) => word.toLowerCase());
}

/** Calls an optional listener; a throwing listener must not stop the answer. */
function notify<T>(listener: ((value: T) => void) | undefined, value: T): void {
  try {
    listener?.(value);
  } catch {
    // The caller's display failed; the answer itself is unaffected.
  }
}
