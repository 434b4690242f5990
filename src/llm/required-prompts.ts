/**
 * The prompts the assistant's LLM path uses and the variables the code supplies to each: the one source of
 * truth for the answerer and for the start-up check (`loadPrompts(config.llm.promptsDir, REQUIRED_PROMPTS)`).
 */
import type { PromptVariables } from './prompts';

/**
 * Prompt name (file `prompts/<name>.md`) → variables the code supplies, all strings:
 * - `answer`: `question`; `language` (`English` or `Chinese (Simplified)`); `sources` (numbered blocks
 *   `[n] title — outlet, date, issue\n text`); `today` (ISO date of the newest newsletter item: the newsletters' "now"). The model replies {@link NOT_FOUND_ANSWER}
 *   alone when the sources do not answer.
 * - `translate-query`: `question`; `target_language` (the other language's name).
 * - `rewrite-question`: `history` (earlier turns, oldest first); `question` (the follow-up).
 * - `summarize-map`: `language`; `focus` (what to concentrate on); `sources` (numbered as for `answer`).
 * - `summarize-reduce`: `language`; `focus`; `summaries` (the map step's bullet lists).
 */
export const REQUIRED_PROMPTS = {
  answer: ['question', 'language', 'sources', 'today'],
  'translate-query': ['question', 'target_language'],
  'rewrite-question': ['history', 'question'],
  'summarize-map': ['language', 'focus', 'sources'],
  'summarize-reduce': ['language', 'focus', 'summaries'],
} as const satisfies PromptVariables;

/** Names of the {@link REQUIRED_PROMPTS}. */
export type RequiredPromptName = keyof typeof REQUIRED_PROMPTS;

/** The exact single-line reply the `answer` prompt asks for when the sources do not answer the question. */
export const NOT_FOUND_ANSWER = 'NOT_FOUND';
