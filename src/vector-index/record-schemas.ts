/**
 * zod schemas for the records stored in `articles.json` and `chunks.json`. Annotated with the core types,
 * so a field added to `Article` or `Chunk` in `src/core/types.ts` fails type-checking here until the
 * schema follows.
 */
import { z } from 'zod';
import type { Article, Chunk } from '../core';

const languageSchema = z.enum(['zh', 'en']);

/** An {@link Article} as stored in `articles.json`. */
export const articleSchema: z.ZodType<Article> = z.object({
  id: z.string().min(1),
  file: z.string(),
  position: z.number().int().positive(),
  title: z.string(),
  subtitle: z.string().nullable(),
  body: z.string(),
  source: z.string().nullable(),
  date: z.string().nullable(),
  dateSource: z.enum(['source', 'text', 'issue']).nullable(),
  issue: z.object({ number: z.string().nullable(), date: z.string().nullable(), label: z.string().nullable() }),
  section: z.string().nullable(),
  lang: languageSchema,
  pairId: z.string().nullable(),
  link: z.string().nullable(),
});

/** A {@link Chunk} as stored in `chunks.json`. */
export const chunkSchema: z.ZodType<Chunk> = z.object({
  id: z.string().min(1),
  articleId: z.string().min(1),
  index: z.number().int().nonnegative(),
  text: z.string(),
  title: z.string(),
  lang: languageSchema,
  date: z.string().nullable(),
  source: z.string().nullable(),
  file: z.string(),
});
