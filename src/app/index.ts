export { buildIndex, type BuildIndexOptions, type BuildIndexResult, type BuildProgress } from './build-index';
export { openAssistant, expectedIndexSettings, type AssistantRuntime, type OpenAssistantOptions } from './open-assistant';
