/**
 * Warms the answer path before a long-running entry point (the Slack bot) accepts questions. The first
 * question in each language pays one-off initialisation (on a 2-core machine about 0.8 s for English and
 * 0.45 s for Chinese, then ~20 ms per question); paid inside a listener it would block the event loop and
 * delay every other event's acknowledgement towards Slack's 3-second limit.
 */
import type { Assistant } from '../answer';
import type { AssistantRuntime } from '../app';
import { toAssistantError, type Logger } from '../core';

/** One question per language, answered from the seed newsletters. */
export const WARM_UP_QUESTIONS: readonly string[] = [
  'What did the two sides discuss at the China-US Innovation Dialogue?',
  '中美创新对话讨论了什么？',
];

/**
 * The model-free answerer of `runtime`, which warms retrieval and answering without calling an LLM: the
 * runtime's `extractive` answerer when it has one, else its assistant when no LLM is configured, else none.
 */
function modelFreeAssistant(runtime: AssistantRuntime): Assistant | undefined {
  const { extractive, llm } = runtime as { readonly extractive?: Assistant; readonly llm?: unknown };
  if (extractive !== undefined) return extractive;
  return llm === undefined || llm === null ? runtime.assistant : undefined;
}

/**
 * Asks {@link WARM_UP_QUESTIONS} of the model-free answerer (never the LLM) and logs how long it took.
 * Failures are logged and ignored: the bot still starts, and the real question will show the error.
 * @returns the time taken, in milliseconds.
 */
export async function warmUpAssistant(runtime: AssistantRuntime, logger: Logger): Promise<number> {
  const startedAt = performance.now();
  const assistant = modelFreeAssistant(runtime);
  if (assistant === undefined) return 0;
  for (const question of WARM_UP_QUESTIONS) {
    try {
      await assistant.ask(question);
    } catch (error) {
      logger.warn({ error: toAssistantError(error).message }, 'warm-up question failed');
    }
  }
  const milliseconds = Math.round(performance.now() - startedAt);
  logger.info({ durationMilliseconds: milliseconds }, 'answer path warmed up');
  return milliseconds;
}
