/**
 * The test suite's tiny transformers.js models: where they live and which ones the global setup generates.
 * The generator itself is `bench/tiny-model.ts` (shared with `npm run bench:scale`); its API is re-exported
 * here so that the tests import it from one place.
 */
import { fileURLToPath } from 'node:url';
import { TINY_BERT_MODEL_ID, TINY_E5_MODEL_ID, generateTinyModel, type TinyModel } from '../../bench/tiny-model';

export { TINY_BERT_MODEL_ID, TINY_E5_MODEL_ID, generateTinyModel, type TinyModel, type TinyModelOptions } from '../../bench/tiny-model';

/** Where the test suite's models live: `tests/.generated/models` (git-ignored). */
export const GENERATED_MODEL_ROOT: string = fileURLToPath(new URL('../.generated/models', import.meta.url));

/**
 * Generates the suite's standard models ({@link TINY_BERT_MODEL_ID} and {@link TINY_E5_MODEL_ID}, hidden size 32)
 * under `root` (default {@link GENERATED_MODEL_ROOT}).
 */
export async function generateTestModels(root: string = GENERATED_MODEL_ROOT): Promise<readonly TinyModel[]> {
  const models: TinyModel[] = [];
  for (const modelId of [TINY_BERT_MODEL_ID, TINY_E5_MODEL_ID]) {
    models.push(await generateTinyModel({ root, modelId }));
  }
  return models;
}

export { generateTinyXlmRobertaModel, METASPACE, TINY_XLMR_CHINESE_WORDS, TINY_XLMR_MODEL_ID } from '../../bench/tiny-xlmr-model';
