/**
 * LLM stage (optional; used by the answer path when `LLM_PROVIDER` is not `none`): LangChain chat models for
 * OpenAI-compatible servers and Ollama behind a small {@link TextGenerator} interface, typed errors
 * (`LlmError`, `LlmUnavailableError` in core), a start-up check of the server, and the prompt library
 * (`prompts/<name>.md`, validated at start-up against {@link REQUIRED_PROMPTS}).
 *
 * Typical wiring:
 * ```ts
 * const prompts = await loadPrompts(config.llm.promptsDir, REQUIRED_PROMPTS);
 * await checkLlmServer(config.llm, logger);
 * const generator = createTextGenerator(await createChatModel(config.llm, logger), logger);
 * const text = await generator.generate(await prompts.render('answer', {question, language, sources, today}));
 * ```
 */
export { createChatModel, NO_API_KEY_PLACEHOLDER, type ChatModelSelection } from './chat-model';
export { createTextGenerator, type GenerateOptions, type TextGenerator, type TextGeneratorOptions } from './text-generator';
export { LlmCircuitBreaker, type LlmCallPermit, type LlmCircuitBreakerOptions, type LlmCircuitSnapshot, type LlmCircuitState } from './circuit-breaker';
export { checkLlmServer, type CheckLlmServerOptions, type LlmServerCheckResult } from './check-llm-server';
export {
  loadPrompts,
  parsePromptFile,
  type PromptDefinition,
  type PromptLibrary,
  type PromptValues,
  type PromptVariables,
} from './prompts';
export { NOT_FOUND_ANSWER, REQUIRED_PROMPTS, type RequiredPromptName } from './required-prompts';
