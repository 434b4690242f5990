/**
 * The XLM-RoBERTa path (the family of multilingual-e5-small and bge-m3): a tiny generated model with a
 * SentencePiece Unigram tokenizer loads through the real transformers.js path and embeds Chinese and English.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TransformersEmbedder } from '../../src/embed';
import { generateTinyXlmRobertaModel, METASPACE, TINY_XLMR_MODEL_ID, type TinyModel } from '../support/tiny-model';
import { dot } from './vector-math';

const root = mkdtempSync(path.join(os.tmpdir(), 'tiny-xlmr-'));
let model: TinyModel;
let embedder: TransformersEmbedder;

beforeAll(async () => {
  model = await generateTinyXlmRobertaModel({ root, modelId: TINY_XLMR_MODEL_ID, hiddenSize: 16, maxLengthTokens: 64 });
  embedder = await TransformersEmbedder.create({ model: TINY_XLMR_MODEL_ID, modelDir: root, allowRemoteModels: false });
});

afterAll(async () => {
  await embedder.dispose();
  rmSync(root, { recursive: true, force: true });
});

/** The pieces the real transformers.js tokenizer gives for `text` (special tokens included). */
async function pieces(text: string): Promise<string[]> {
  const { AutoTokenizer, env } = await import('@xenova/transformers');
  env.localModelPath = root;
  env.allowRemoteModels = false;
  const tokenizer = await AutoTokenizer.from_pretrained(TINY_XLMR_MODEL_ID);
  const ids = Array.from(tokenizer(text).input_ids.data as BigInt64Array, Number);
  const vocabulary = (JSON.parse(readFileSync(path.join(model.directory, 'tokenizer.json'), 'utf8')) as { model: { vocab: Array<[string, number]> } }).model.vocab;
  return ids.map((id) => vocabulary[id]?.[0] ?? `#${id}`);
}

describe('tiny XLM-RoBERTa-style model', () => {
  it('is an xlm-roberta model with a Unigram tokenizer, as the real multilingual models are', () => {
    const config = JSON.parse(readFileSync(path.join(model.directory, 'config.json'), 'utf8')) as { model_type: string };
    const tokenizer = JSON.parse(readFileSync(path.join(model.directory, 'tokenizer.json'), 'utf8')) as { model: { type: string } };
    const tokenizerConfig = JSON.parse(readFileSync(path.join(model.directory, 'tokenizer_config.json'), 'utf8')) as { tokenizer_class: string };
    expect([config.model_type, tokenizer.model.type, tokenizerConfig.tokenizer_class]).toEqual(['xlm-roberta', 'Unigram', 'XLMRobertaTokenizer']);
  });

  it('tokenizes through transformers.js: <s> … </s>, Metaspace word pieces, Chinese words kept whole by the lattice', async () => {
    expect(await pieces('clean energy research')).toEqual(['<s>', `${METASPACE}clean`, `${METASPACE}energy`, `${METASPACE}research`, '</s>']);
    expect(await pieces('中美清洁能源')).toEqual(['<s>', METASPACE, '中', '美', '清洁', '能源', '</s>']);
    expect(await pieces('Ω')).toEqual(['<s>', METASPACE, '<unk>', '</s>']);
  });

  it('loads through TransformersEmbedder and embeds Chinese and English into unit vectors of the hidden size', async () => {
    expect(embedder.dimensions).toBe(16);
    expect(embedder.maxInputTokens).toBe(64);
    expect(embedder.id).toBe(`transformers:${TINY_XLMR_MODEL_ID}:quantized`);
    const [chinese, english, unknown] = await embedder.embedDocuments(['中美清洁能源联合研究中心', 'China clean energy research centre', 'ΩΩΩ']);
    for (const vector of [chinese, english, unknown]) {
      expect(vector).toHaveLength(16);
      expect(dot(vector ?? [], vector ?? [])).toBeCloseTo(1, 5);
    }
    // Different token ids give different vectors: the Chinese text did not collapse to <unk>.
    expect(dot(chinese ?? [], unknown ?? [])).toBeLessThan(0.99);
    expect(dot(chinese ?? [], english ?? [])).toBeLessThan(0.99);
    // The E5-like id brings the query prefix, which changes the vector of the same text.
    const query = await embedder.embedQuery('清洁能源');
    const [passage] = await embedder.embedDocuments(['清洁能源']);
    expect(dot(query, passage ?? [])).toBeLessThan(0.999);
  });
});
