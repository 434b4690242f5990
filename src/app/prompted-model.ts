/**
 * Adapts the LLM stage (LangChain chat model + prompt files) to the answer stage's {@link PromptedModel}:
 * prompts are loaded and checked against `REQUIRED_PROMPTS` here, at start-up, so a prompt file with a
 * missing or extra variable fails before any question is asked.
 */
import type { AnswerPromptName, PromptedModel } from '../answer';
import type { LlmConfig, Logger } from '../core';
import { createChatModel, createTextGenerator, LlmCircuitBreaker, loadPrompts, REQUIRED_PROMPTS, type PromptValues } from '../llm';

/** The prompted model and the circuit breaker all its calls go through (for the health endpoint). */
export interface PromptedLlm extends PromptedModel {
  readonly circuit: LlmCircuitBreaker;
}

/**
 * Loads the prompts and builds the chat model, its circuit breaker (`LLM_CIRCUIT_FAILURES`,
 * `LLM_CIRCUIT_COOLDOWN_MS`; `circuit` when given, to keep one's state) and the per-question budget
 * (`LLM_TOTAL_TIMEOUT_MS`).
 * @throws {PromptError} when a prompt file is missing or its variables do not match `REQUIRED_PROMPTS`.
 */
export async function createPromptedModel(config: LlmConfig, logger: Logger, circuit?: LlmCircuitBreaker): Promise<PromptedLlm> {
  const prompts = await loadPrompts(config.promptsDir, REQUIRED_PROMPTS);
  const selection = await createChatModel(config, logger);
  circuit ??= new LlmCircuitBreaker({ failureThreshold: config.circuitFailures, cooldownMs: config.circuitCooldownMs, llm: selection.id, logger });
  const generator = createTextGenerator(selection, logger, { breaker: circuit });
  const render = (name: AnswerPromptName, values: Readonly<Record<string, string>>) =>
    prompts.render(name, values as PromptValues<(typeof REQUIRED_PROMPTS)[typeof name]>);
  return {
    id: generator.id,
    circuit,
    contextCharacters: config.contextChars,
    questionBudgetMs: config.totalTimeoutMs,
    async complete(name, values, call = {}) {
      return generator.generate(await render(name, values), call);
    },
    async *stream(name, values, call = {}) {
      yield* generator.stream(await render(name, values), call);
    },
  };
}
