/**
 * Adapts the LLM stage (LangChain chat model + prompt files) to the answer stage's {@link PromptedModel}:
 * prompts are loaded and checked against `REQUIRED_PROMPTS` here, at start-up, so a prompt file with a
 * missing or extra variable fails before any question is asked.
 */
import type { AnswerPromptName, PromptedModel } from '../answer';
import type { LlmConfig, Logger } from '../core';
import { createChatModel, createTextGenerator, loadPrompts, REQUIRED_PROMPTS, type PromptValues } from '../llm';

/**
 * Loads the prompts and builds the chat model.
 * @throws {PromptError} when a prompt file is missing or its variables do not match `REQUIRED_PROMPTS`.
 */
export async function createPromptedModel(config: LlmConfig, logger: Logger): Promise<PromptedModel> {
  const prompts = await loadPrompts(config.promptsDir, REQUIRED_PROMPTS);
  const generator = createTextGenerator(createChatModel(config, logger), logger);
  const render = (name: AnswerPromptName, values: Readonly<Record<string, string>>) =>
    prompts.render(name, values as PromptValues<(typeof REQUIRED_PROMPTS)[typeof name]>);
  return {
    id: generator.id,
    contextCharacters: config.contextChars,
    async complete(name, values, signal) {
      return generator.generate(await render(name, values), { signal });
    },
    async *stream(name, values, signal) {
      yield* generator.stream(await render(name, values), { signal });
    },
  };
}
