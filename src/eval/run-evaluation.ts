/**
 * Scores the assistant on a question file: retrieval (recall@1, recall@5, MRR@10 at article level, with
 * the period the question names, as answering uses it) and answers (fact recall, citation precision,
 * refusals), overall and by language, category and whether the answer exists in the asker's language.
 */
import type { Assistant } from '../answer';
import { type HybridRetriever } from '../retrieve';
import { citationPrecision, factRecall, mean, recallAtK, reciprocalRank } from './metrics';
import { resolveGold, type EvalQuestion } from './question-set';
import { parseQueryPeriod } from '../language';

/** Per-question outcome. */
export interface QuestionOutcome {
  readonly id: string;
  readonly lang: string;
  readonly category: string;
  readonly answerable: boolean;
  /** True when some gold article is in the asker's language. */
  readonly inAskerLanguage: boolean;
  readonly recallAt1: number;
  readonly recallAt5: number;
  readonly reciprocalRank: number;
  readonly found: boolean;
  readonly factRecall: number;
  /** Cited articles that belong to a gold group, over cited articles; null when nothing was cited. */
  readonly citationPrecision: number | null;
  readonly citedIds: readonly string[];
  readonly rankedIds: readonly string[];
  readonly unresolvedGold: readonly string[];
}

/** Aggregated figures over a group of questions. */
export interface MetricSummary {
  readonly questions: number;
  /** Answerable questions in the group (retrieval metrics and fact recall average over these). */
  readonly answerable: number;
  readonly recallAt1: number;
  readonly recallAt5: number;
  readonly mrrAt10: number;
  readonly factRecall: number;
  /** Mean citation precision over answerable questions that cite something (null when none does). */
  readonly citationPrecision: number | null;
  /** Unanswerable questions answered `found: false`, over unanswerable questions (null when none). */
  readonly refusalAccuracy: number | null;
  /** Answerable questions answered `found: false`, over answerable questions (null when none). */
  readonly falseRefusalRate: number | null;
}

export interface EvaluationReport {
  readonly overall: MetricSummary;
  readonly byLanguage: Readonly<Record<string, MetricSummary>>;
  readonly byCategory: Readonly<Record<string, MetricSummary>>;
  /** Keys `same-language` and `other-language-only`. */
  readonly byAnswerLanguage: Readonly<Record<string, MetricSummary>>;
  readonly outcomes: readonly QuestionOutcome[];
}

function summarize(outcomes: readonly QuestionOutcome[]): MetricSummary {
  const answerable = outcomes.filter((outcome) => outcome.answerable);
  const unanswerable = outcomes.filter((outcome) => !outcome.answerable);
  const round = (value: number): number => Number(value.toFixed(4));
  return {
    questions: outcomes.length,
    answerable: answerable.length,
    recallAt1: round(mean(answerable.map((outcome) => outcome.recallAt1))),
    recallAt5: round(mean(answerable.map((outcome) => outcome.recallAt5))),
    mrrAt10: round(mean(answerable.map((outcome) => outcome.reciprocalRank))),
    factRecall: round(mean(answerable.map((outcome) => outcome.factRecall))),
    citationPrecision: (() => {
      const precisions = answerable.map((outcome) => outcome.citationPrecision).filter((value): value is number => value !== null);
      return precisions.length === 0 ? null : round(mean(precisions));
    })(),
    refusalAccuracy: unanswerable.length === 0 ? null : round(unanswerable.filter((outcome) => !outcome.found).length / unanswerable.length),
    falseRefusalRate: answerable.length === 0 ? null : round(answerable.filter((outcome) => !outcome.found).length / answerable.length),
  };
}

function groupBy(outcomes: readonly QuestionOutcome[], key: (outcome: QuestionOutcome) => string | null): Record<string, MetricSummary> {
  const groups = new Map<string, QuestionOutcome[]>();
  for (const outcome of outcomes) {
    const name = key(outcome);
    if (name === null) continue;
    groups.set(name, [...(groups.get(name) ?? []), outcome]);
  }
  return Object.fromEntries([...groups.entries()].sort(([left], [right]) => left.localeCompare(right)).map(([name, group]) => [name, summarize(group)]));
}

/**
 * Runs every question through retrieval (top 10) and the assistant.
 * @returns the report; questions are answered one after another.
 */
export async function runEvaluation(
  questions: readonly EvalQuestion[],
  retriever: HybridRetriever,
  assistant: Assistant,
): Promise<EvaluationReport> {
  const outcomes: QuestionOutcome[] = [];
  for (const question of questions) {
    const { groups, unresolved } = resolveGold(question, retriever.articles);
    const period = parseQueryPeriod(question.question, { newestDate: retriever.newestDate });
    const results = await retriever.search(question.question, { k: 10, period });
    const rankedIds = results.map((result) => result.article.id);
    const answer = await assistant.ask(question.question);
    const citedIds = answer.citations.map((citation) => citation.articleId);
    const lang = question.lang ?? answer.lang;
    const answerable = question.gold.length > 0;
    const goldLanguages = new Set([...groups].flatMap((group) => [...group]).map((id) => retriever.article(id)?.lang));
    outcomes.push({
      id: question.id,
      lang,
      category: question.category,
      answerable,
      inAskerLanguage: goldLanguages.has(lang === 'zh' ? 'zh' : 'en'),
      recallAt1: recallAtK(rankedIds, groups, 1),
      recallAt5: recallAtK(rankedIds, groups, 5),
      reciprocalRank: reciprocalRank(rankedIds, groups, 10),
      found: answer.found,
      factRecall: answerable ? factRecall(answer.answer, question.facts) : 0,
      citationPrecision: answerable ? citationPrecision(citedIds, [...groups]) : null,
      citedIds,
      rankedIds,
      unresolvedGold: unresolved,
    });
  }
  return {
    overall: summarize(outcomes),
    byLanguage: groupBy(outcomes, (outcome) => outcome.lang),
    byCategory: groupBy(outcomes, (outcome) => outcome.category),
    byAnswerLanguage: groupBy(outcomes, (outcome) => (outcome.answerable ? (outcome.inAskerLanguage ? 'same-language' : 'other-language-only') : null)),
    outcomes,
  };
}
