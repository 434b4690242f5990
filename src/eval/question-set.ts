/**
 * Evaluation question files (`../shared/eval/dev.jsonl` format): one JSON object per line with `id`,
 * `lang`, `category`, `question`, `gold` (the articles that answer it, by file and title), `facts`
 * (strings a correct answer contains) and `date`.
 */
import { z } from 'zod';
import { readJsonLines, type Article } from '../core';

const questionSchema = z.object({
  id: z.union([z.string(), z.number()]).transform(String),
  lang: z.enum(['zh', 'en']).optional(),
  category: z.string().default('uncategorised'),
  question: z.string().min(1),
  gold: z.array(z.object({ file: z.string(), title: z.string() })).default([]),
  facts: z.array(z.string()).default([]),
  date: z.string().nullable().optional(),
});

/** One evaluation question. An empty `gold` marks an unanswerable question. */
export type EvalQuestion = z.infer<typeof questionSchema>;

/**
 * Reads and validates a question file.
 * @throws {InputError} naming the file and line of the first malformed line.
 */
export async function readQuestionFile(file: string): Promise<readonly EvalQuestion[]> {
  return readJsonLines(file, questionSchema, 'a question object {"id", "question", "gold", ...}');
}

function normalizeTitle(title: string): string {
  return title.replace(/[\s\p{P}]/gu, '').toLowerCase();
}

/**
 * Resolves gold `{file, title}` references to article ids, grouped so that the two editions of one
 * article form one gold group (finding either edition finds the article).
 * @returns one set of article ids per gold group; references that match no article are returned in `unresolved`.
 */
export function resolveGold(
  question: EvalQuestion,
  articles: readonly Article[],
): { readonly groups: readonly ReadonlySet<string>[]; readonly unresolved: readonly string[] } {
  const groups: Set<string>[] = [];
  const unresolved: string[] = [];
  for (const reference of question.gold) {
    const fileName = reference.file.replace(/^.*\//u, '');
    const article = articles.find(
      (candidate) => candidate.file.endsWith(`/${fileName}`) && normalizeTitle(candidate.title) === normalizeTitle(reference.title),
    );
    if (article === undefined) {
      unresolved.push(`${reference.file}: ${reference.title}`);
      continue;
    }
    const existing = groups.find((group) => group.has(article.id) || (article.pairId !== null && group.has(article.pairId)));
    if (existing !== undefined) existing.add(article.id);
    else groups.push(new Set([article.id, ...(article.pairId === null ? [] : [article.pairId])]));
  }
  return { groups, unresolved };
}
