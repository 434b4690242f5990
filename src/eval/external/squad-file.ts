/**
 * Question-answering sets in SQuAD v1.1 JSON (`data[].title`, `data[].paragraphs[].context`,
 * `.qas[].question`, `.qas[].answers[].text`, `answer_start` in characters): XQuAD and CMRC 2018 as kept in
 * `../shared/eval/external/`. One `data[]` entry is one Wikipedia article.
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { InputError } from '../../core';

const answerSchema = z.object({
  text: z.string(),
  /** Offset of the answer in the context, in UTF-16 code units (JavaScript string indices); -1 = not stated (CMRC). */
  answer_start: z.number().int().min(-1),
});

const questionSchema = z.object({
  id: z.union([z.string(), z.number()]).transform(String),
  question: z.string().min(1),
  answers: z.array(answerSchema),
});

const paragraphSchema = z.object({
  context: z.string().min(1),
  qas: z.array(questionSchema),
});

const articleSchema = z.object({
  title: z.string(),
  id: z.union([z.string(), z.number()]).transform(String).optional(),
  paragraphs: z.array(paragraphSchema).min(1),
});

const squadSchema = z.object({
  version: z.string().optional(),
  data: z.array(articleSchema),
});

/** One answer span of a question: the text and its offset in the paragraph (UTF-16 code units). */
export type SquadAnswer = z.output<typeof answerSchema>;
/** One question with its answer spans (SQuAD v1.1 questions always have at least one in practice). */
export type SquadQuestion = z.output<typeof questionSchema>;
/** One paragraph of an article with the questions asked about it. */
export type SquadParagraph = z.output<typeof paragraphSchema>;
/** One Wikipedia article: its title (may be empty in CMRC), optional id, paragraphs in order. */
export type SquadArticle = z.output<typeof articleSchema>;
/** A whole SQuAD-format file. */
export type SquadDataset = z.output<typeof squadSchema>;

/**
 * Validates an already-parsed SQuAD v1.1 value.
 * @param source - what the value came from (a file name), for error messages.
 * @throws {InputError} naming `source` and the path of the first field that does not match the format.
 */
export function parseSquadDataset(value: unknown, source: string): SquadDataset {
  const parsed = squadSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InputError(
      `${source}: not SQuAD v1.1 JSON ({"data": [{"title", "paragraphs": [{"context", "qas": [...]}]}]}); ` +
        `${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}.`,
    );
  }
  return parsed.data;
}

/**
 * Reads and validates a SQuAD v1.1 JSON file.
 * @throws {InputError} when the file cannot be read, is not JSON, or does not match the format.
 */
export async function readSquadFile(file: string): Promise<SquadDataset> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new InputError(`Cannot read ${file}.`, { cause: error });
  }
  let value: unknown;
  try {
    value = JSON.parse(text.replace(/^\uFEFF/u, ''));
  } catch (error) {
    throw new InputError(`${file}: not valid JSON.`, { cause: error });
  }
  return parseSquadDataset(value, file);
}

/**
 * Where `answer` lies in `context`: its own `answer_start` when the text is there, else the occurrence of
 * its text nearest to that offset (CMRC has a few shifted offsets); null when the text is not in `context`.
 * @returns the `[start, end)` span in UTF-16 code units.
 */
export function locateAnswer(context: string, answer: SquadAnswer): readonly [number, number] | null {
  if (answer.text === '') return null;
  if (context.startsWith(answer.text, answer.answer_start)) return [answer.answer_start, answer.answer_start + answer.text.length];
  let best: number | null = null;
  for (let index = context.indexOf(answer.text); index !== -1; index = context.indexOf(answer.text, index + 1)) {
    if (best === null || Math.abs(index - answer.answer_start) < Math.abs(best - answer.answer_start)) best = index;
  }
  return best === null ? null : [best, best + answer.text.length];
}
