export {
  buildIndex,
  embeddingKey,
  type BuildIndexOptions,
  type BuildIndexResult,
  type BuildProgress,
} from './build-index';
export { openAssistant, expectedIndexSettings, llmHealthFacts, type AssistantRuntime, type LlmHealthFacts, type OpenAssistantOptions } from './open-assistant';
export { updateIndex, type UpdateIndexOptions, type UpdateIndexResult } from './update-index';
export { digestSeedFiles, compareSeedFiles, type SeedFileChanges } from './seed-sources';
export {
  AssistantHost,
  reopenAfterSeedsChange,
  reopenAfterIndexSubprocess,
  reopenFromDisk,
  type IndexSubprocessReopenOptions,
  type ReopenAssistant,
  type AssistantReloadResult,
} from './assistant-host';
export { watchSeeds, type WatchSeedsOptions, type SeedsWatcher } from './seeds-watcher';
export { runIndexSubprocess, toIndexUpdateSummary, type IndexSubprocessOptions, type IndexUpdateSummary } from './index-subprocess';
export { watchIndexManifest, INDEX_WATCH_POLICY, type IndexWatcher, type WatchIndexOptions } from './index-watcher';
