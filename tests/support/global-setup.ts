/**
 * Runs once, in the main vitest process, before any test file: generates the tiny transformers.js models
 * (tests/.generated/models) so that parallel test files never race to write them.
 */
import { generateTestModels } from './tiny-model';

export default async function setup(): Promise<void> {
  await generateTestModels();
}
