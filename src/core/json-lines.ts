/**
 * Reading JSON Lines files (one JSON value per line; blank lines skipped), each line validated with a zod
 * schema. Used for question batches and evaluation files.
 */
import { readFile } from 'node:fs/promises';
import type { z } from 'zod';
import { InputError } from './errors';

/**
 * Reads `file` and validates every non-blank line against `schema`.
 * @param what - what a line should be, for error messages (e.g. `{"id", "question"}`).
 * @returns the parsed lines in file order.
 * @throws {InputError} when the file cannot be read, or naming the file and 1-based line of the first
 *         line that is not JSON or does not match `schema`.
 */
export async function readJsonLines<Schema extends z.ZodTypeAny>(file: string, schema: Schema, what: string): Promise<z.output<Schema>[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new InputError(`Cannot read ${file}.`, { cause: error });
  }
  const values: z.output<Schema>[] = [];
  text.split('\n').forEach((line, index) => {
    if (line.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      throw new InputError(`${file}:${index + 1}: not valid JSON; expected ${what}.`, { cause: error });
    }
    const parsed = schema.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new InputError(`${file}:${index + 1}: expected ${what} (${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}).`);
    }
    values.push(parsed.data);
  });
  return values;
}
