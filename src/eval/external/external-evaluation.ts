/**
 * Asks a generated corpus's questions through the assistant — `ask` as `npm run ask -- --json` does, and
 * `search` with k = 5 as `npm run search -- --json` does — and scores each: article recall@5, whether the
 * question was answered (`found`), the outcome, and whether the answer contains an answer text.
 */
import { z } from 'zod';
import type { AnswerResult, Assistant } from '../../answer';
import type { Article, Language } from '../../core';
import type { HybridRetriever } from '../../retrieve';
import { mean, recallAtK } from '../metrics';
import { resolveGold } from '../question-set';
import type { ExternalQuestion, ItemReference } from './external-corpus';

/** Articles searched per question: recall@5. */
export const EXTERNAL_RECALL_K = 5;
/** Characters of the answer kept in a question row. */
export const ANSWER_EXCERPT_CHARACTERS = 200;

/** What the answer did: answered fully, in part, or said the newsletters do not say. */
export type AnswerOutcome = 'answered' | 'partial' | 'not_found';

const outcomeSchema = z.enum(['answered', 'partial', 'not_found']);

/**
 * The answer's outcome: its `outcome` field when the answer stage sets one, else `answered` when `found`
 * and `not_found` otherwise.
 * @returns the outcome and where it came from (`field` or `found`).
 */
export function answerOutcome(answer: AnswerResult): { readonly outcome: AnswerOutcome; readonly from: 'field' | 'found' } {
  const field = outcomeSchema.safeParse((answer as { readonly outcome?: unknown }).outcome);
  if (field.success) return { outcome: field.data, from: 'field' };
  return { outcome: answer.found ? 'answered' : 'not_found', from: 'found' };
}

/**
 * Text normalised for "answer contains": NFKC, lower case, whitespace runs as one space; with
 * `dropSpaces` (Chinese) no whitespace at all.
 */
export function normalizeForContainment(text: string, dropSpaces: boolean): string {
  const normalized = text.normalize('NFKC').toLowerCase().replace(/\s+/gu, ' ').trim();
  return dropSpaces ? normalized.replace(/ /gu, '') : normalized;
}

/**
 * Whether `answer` contains any of `facts` after {@link normalizeForContainment}; spaces are ignored for
 * Chinese questions and for facts with Han characters. False when there are no facts.
 */
export function answerContainsFact(answer: string, facts: readonly string[], lang: Language): boolean {
  return facts.some((fact) => {
    const dropSpaces = lang === 'zh' || /\p{Script=Han}/u.test(fact);
    const needle = normalizeForContainment(fact, dropSpaces);
    return needle !== '' && normalizeForContainment(answer, dropSpaces).includes(needle);
  });
}

/** One asked question, for inspecting failures. */
export interface ExternalQuestionRow {
  readonly id: string;
  readonly lang: Language;
  readonly category: string;
  readonly question: string;
  /** The answer texts looked for in the answer. */
  readonly facts: readonly string[];
  readonly answerable: boolean;
  /** Ids of the gold item's editions (empty for near misses). */
  readonly goldIds: readonly string[];
  readonly found: boolean;
  readonly outcome: AnswerOutcome;
  readonly outcomeFrom: 'field' | 'found';
  /** Some answer text is contained in the answer (see {@link answerContainsFact}). */
  readonly contained: boolean;
  /** Answerable: 1 when an edition of the gold item is among the first 5 search results, else 0; null for near misses. */
  readonly recallAt5: number | null;
  /** Near misses: 1 when an item of the same Wikipedia article is among the first 5, else 0; null otherwise. */
  readonly topicAt5: number | null;
  /** Search results' article ids, best first (at most 5). */
  readonly topArticleIds: readonly string[];
  /** Articles the answer cites, in marker order. */
  readonly citedIds: readonly string[];
  /** Items named as nearest when not found, best first. */
  readonly relatedIds: readonly string[];
  /** Near misses: whether an answer text occurs in the corpus anyway. */
  readonly answerInCorpus: boolean | null;
  /** Gold or topic references that match no indexed article (a parse problem). */
  readonly unresolved: readonly string[];
  /** The first {@link ANSWER_EXCERPT_CHARACTERS} characters of the answer. */
  readonly answer: string;
}

/** The article ids of `references` (file and title) among `articles`, and the references matching none. */
export function resolveReferences(references: readonly ItemReference[], articles: readonly Article[]): { ids: Set<string>; unresolved: readonly string[] } {
  const { groups, unresolved } = resolveGold({ id: '', category: '', question: '-', gold: [...references], facts: [] }, articles);
  return { ids: new Set(groups.flatMap((group) => [...group])), unresolved };
}

/** Called after each question with its row and 1-based count. */
export type ExternalProgress = (row: ExternalQuestionRow, done: number) => void;

/**
 * Asks `questions` one after another.
 * @returns one row per question, in input order.
 * @throws what `assistant.ask` or `retriever.search` throws (e.g. {@link InputError} for an empty question).
 */
export async function askExternalQuestions(
  questions: readonly ExternalQuestion[],
  retriever: HybridRetriever,
  assistant: Assistant,
  onProgress?: ExternalProgress,
): Promise<ExternalQuestionRow[]> {
  const rows: ExternalQuestionRow[] = [];
  for (const question of questions) {
    const gold = resolveReferences(question.gold, retriever.articles);
    const topic = resolveReferences(question.topic ?? [], retriever.articles);
    const results = await retriever.search(question.question, { k: EXTERNAL_RECALL_K });
    const topArticleIds = results.map((result) => result.article.id);
    const answer = await assistant.ask(question.question);
    const answerable = question.gold.length > 0;
    const { outcome, from } = answerOutcome(answer);
    const row: ExternalQuestionRow = {
      id: question.id,
      lang: question.lang,
      category: question.category,
      question: question.question,
      facts: question.facts,
      answerable,
      goldIds: [...gold.ids],
      found: answer.found,
      outcome,
      outcomeFrom: from,
      contained: answerContainsFact(answer.answer, question.facts, question.lang),
      recallAt5: answerable ? recallAtK(topArticleIds, [gold.ids], EXTERNAL_RECALL_K) : null,
      topicAt5: answerable || topic.ids.size === 0 ? null : recallAtK(topArticleIds, [topic.ids], EXTERNAL_RECALL_K),
      topArticleIds,
      citedIds: answer.citations.map((citation) => citation.articleId),
      relatedIds: answer.related.map((item) => item.articleId),
      answerInCorpus: question.answerInCorpus ?? null,
      unresolved: [...gold.unresolved, ...topic.unresolved],
      answer: answer.answer.slice(0, ANSWER_EXCERPT_CHARACTERS),
    };
    rows.push(row);
    onProgress?.(row, rows.length);
  }
  return rows;
}

/** Figures over one language × category of one set and part. Shares are 0–1, rounded to 4 decimals. */
export interface ExternalGroupSummary {
  readonly lang: Language;
  readonly category: string;
  readonly questions: number;
  /** Mean article recall@5 over answerable questions; null for near misses. */
  readonly recallAt5: number | null;
  /** Near misses: share whose search found an item of the same Wikipedia article in the top 5; else null. */
  readonly topicRecallAt5: number | null;
  /** Answerable questions answered (`found: true`), over answerable questions; null for near misses. */
  readonly answered: number | null;
  /** Near misses refused (`found: false`), over near misses; null for answerable questions. */
  readonly refused: number | null;
  /** Questions whose answer contains an answer text. */
  readonly contained: number;
  /** Near misses whose answer text occurs elsewhere in the corpus (may rightly be answered); null otherwise. */
  readonly answerInCorpus: number | null;
  readonly outcomes: Readonly<Record<AnswerOutcome, number>>;
  /** `field` when every answer had an `outcome` field, `found` when every outcome was derived, else `mixed`. */
  readonly outcomeFrom: 'field' | 'found' | 'mixed';
}

const round = (value: number): number => Number(value.toFixed(4));

/**
 * Groups rows by language and category.
 * @returns one summary per group, ordered by language, then category (`fact` before near misses).
 */
export function summarizeExternalRows(rows: readonly ExternalQuestionRow[]): ExternalGroupSummary[] {
  const groups = new Map<string, ExternalQuestionRow[]>();
  for (const row of rows) {
    const key = `${row.lang}\u0000${row.category}`;
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  return [...groups.entries()]
    .sort(([left], [right]) => left.localeCompare(right))
    .map(([, group]): ExternalGroupSummary => {
      const first = group[0] as ExternalQuestionRow;
      const answerable = group.filter((row) => row.answerable);
      const nearMisses = group.filter((row) => !row.answerable);
      const share = (list: readonly ExternalQuestionRow[], test: (row: ExternalQuestionRow) => boolean): number | null =>
        list.length === 0 ? null : round(list.filter(test).length / list.length);
      const topic = nearMisses.map((row) => row.topicAt5).filter((value): value is number => value !== null);
      const sources = new Set(group.map((row) => row.outcomeFrom));
      return {
        lang: first.lang,
        category: first.category,
        questions: group.length,
        recallAt5: answerable.length === 0 ? null : round(mean(answerable.map((row) => row.recallAt5 ?? 0))),
        topicRecallAt5: topic.length === 0 ? null : round(mean(topic)),
        answered: share(answerable, (row) => row.found),
        refused: share(nearMisses, (row) => !row.found),
        contained: round(group.filter((row) => row.contained).length / group.length),
        answerInCorpus: share(nearMisses, (row) => row.answerInCorpus === true),
        outcomes: {
          answered: group.filter((row) => row.outcome === 'answered').length,
          partial: group.filter((row) => row.outcome === 'partial').length,
          not_found: group.filter((row) => row.outcome === 'not_found').length,
        },
        outcomeFrom: sources.size === 1 ? (sources.has('field') ? 'field' : 'found') : 'mixed',
      };
    });
}
