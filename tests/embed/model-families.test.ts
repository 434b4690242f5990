/**
 * The model-family table: every row is well-formed and sourced, and model names as they are written on Hugging
 * Face, in Ollama and in hosted APIs find the right row (order matters: specific rows before general ones).
 */
import { describe, expect, it } from 'vitest';
import { MODEL_FAMILIES, modelFamilyOf } from '../../src/embed';
import { detectInstructionPrefixes } from '../../src/embed/transformers-embedder';

describe('the table', () => {
  it('has unique names, valid patterns and a source URL per row', () => {
    expect(new Set(MODEL_FAMILIES.map((family) => family.name)).size).toBe(MODEL_FAMILIES.length);
    for (const family of MODEL_FAMILIES) {
      expect(() => new RegExp(family.pattern, 'iu')).not.toThrow();
      expect(family.source).toMatch(/^https:\/\/\S+$/u);
    }
  });
});

describe('lookup', () => {
  it.each([
    ['Xenova/multilingual-e5-small', 'e5'],
    ['intfloat/e5-base-v2', 'e5'],
    ['jeffh/intfloat-multilingual-e5-large:f16', 'e5'],
    ['intfloat/multilingual-e5-large-instruct', 'e5-instruct'],
    ['BAAI/bge-m3', 'bge-m3'],
    ['bge-m3:latest', 'bge-m3'],
    ['BAAI/bge-small-en-v1.5', 'bge-en-v1.5'],
    ['BAAI/bge-large-zh-v1.5', 'bge-zh-v1.5'],
    ['nomic-embed-text:latest', 'nomic'],
    ['nomic-ai/nomic-embed-text-v2-moe', 'nomic-v2'],
    ['mxbai-embed-large', 'mxbai'],
    ['Qwen/Qwen3-Embedding-0.6B', 'qwen3-embedding'],
    ['text-embedding-3-small', 'openai-v3'],
    ['text-embedding-v3', 'dashscope'],
    ['all-minilm', 'unknown'],
    ['sentence-transformers/all-MiniLM-L6-v2', 'unknown'],
  ])('%s → %s', (model, family) => {
    expect(modelFamilyOf(model).name).toBe(family);
  });

  it('searches the table it is given', () => {
    const row = { name: 'custom', pattern: '^my-model$', query: 'q> ', passage: 'p> ', multilingual: true, source: 'https://example.org' };
    expect(modelFamilyOf('my-model', [row])).toBe(row);
    expect(modelFamilyOf('my-model-2', [row]).name).toBe('unknown');
  });
});

describe('the transformers embedder reads its prefixes from the table', () => {
  it.each(['Xenova/multilingual-e5-small', 'BAAI/bge-small-en-v1.5', 'Xenova/bge-m3', 'nomic-ai/nomic-embed-text-v1.5'])('%s', (model) => {
    const family = modelFamilyOf(model);
    expect(detectInstructionPrefixes(model)).toEqual({ query: family.query, document: family.passage });
  });
});
