/** The model-free hashed n-gram embedder: determinism, normalisation, and what its features can match. */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core';
import { HashedNgramEmbedder } from '../../src/embed';
import { dot, norm } from './vector-math';
import { SEED_FIXTURE_DIR } from '../support/seed-fixture';

const FLOAT_TOLERANCE = 1e-9;

async function similarity(embedder: HashedNgramEmbedder, left: string, right: string): Promise<number> {
  return dot(await embedder.embedQuery(left), await embedder.embedQuery(right));
}

describe('identity and dimensions', () => {
  it.each([64, 1000, 2048])('returns vectors of the configured length (%i) and names it in the id', async (dimensions) => {
    const embedder = new HashedNgramEmbedder({ dimensions });
    expect(embedder.dimensions).toBe(dimensions);
    expect(embedder.id).toMatch(new RegExp(`^hashed-ngram:v\\d+:${dimensions}$`));
    const vectors = await embedder.embedDocuments(['中美科技合作', 'China-US cooperation', '']);
    for (const vector of vectors) expect(vector).toHaveLength(dimensions);
  });

  it.each([0, -1, 1.5, Number.NaN])('rejects %s dimensions', (dimensions) => {
    expect(() => new HashedNgramEmbedder({ dimensions })).toThrow(InputError);
  });
});

describe('determinism', () => {
  it('gives identical vectors across instances and between embedQuery and embedDocuments', async () => {
    const text = '第七次中美创新对话在京举行 7th China-US Innovation Dialogue';
    const [asDocument] = await new HashedNgramEmbedder().embedDocuments([text]);
    expect(await new HashedNgramEmbedder().embedQuery(text)).toEqual(asDocument);
  });

  // Regression guard: indexes on disk store these vectors under the id `hashed-ngram:v1:1024`. If this fails,
  // the hashing, tokenisation or weights changed: bump FEATURE_VERSION in hashed-ngram-embedder.ts and update this.
  it('keeps the v1 vectors stable', async () => {
    const embedder = new HashedNgramEmbedder({ dimensions: 1024 });
    expect(embedder.id).toBe('hashed-ngram:v1:1024');
    const vector = await embedder.embedQuery('CERC 中美 2016');
    const nonZero = vector.flatMap((value, index) => (value === 0 ? [] : [[index, Math.round(value * 1e4) / 1e4]]));
    expect(nonZero).toEqual([
      [6, -0.2503], [12, 0.5006], [149, -0.5006], [187, 0.1752], [535, 0.1752],
      [614, 0.5006], [629, 0.1752], [660, -0.2503], [910, -0.1752],
    ]);
  });
});

describe('normalisation', () => {
  const embedder = new HashedNgramEmbedder();

  const textsWithLettersOrDigits = [
    '中',
    '7',
    'a',
    'COVID-19疫苗',
    '中美清洁能源联合研究中心指导委员会第八次会议在京召开',
    'the the the the',
    'Ωμέγα кириллица',
  ];
  it.each(textsWithLettersOrDigits)('gives a unit-length vector for %j', async (text) => {
    expect(Math.abs(norm(await embedder.embedQuery(text)) - 1)).toBeLessThan(FLOAT_TOLERANCE);
  });

  const textsWithoutLettersOrDigits = ['', '   \n\t', '！？。……', '🙂🚀', '—'];
  it.each(textsWithoutLettersOrDigits)('gives an all-zeros vector, not NaN, for %j', async (text) => {
    const vector = await embedder.embedQuery(text);
    expect(vector).toHaveLength(embedder.dimensions);
    expect(vector.every((component) => component === 0)).toBe(true);
  });

  it('treats full-width and upper-case Latin like their plain lower-case forms (NFKC, lowercase)', async () => {
    const fullWidth = await embedder.embedQuery('ＣＥＲＣ Ｍｅｅｔｉｎｇ ２０１６');
    expect(fullWidth).toEqual(await embedder.embedQuery('cerc meeting 2016'));
  });
});

describe('what the features match', () => {
  const embedder = new HashedNgramEmbedder();

  it('scores Chinese texts that share bigrams above unrelated Chinese text', async () => {
    const query = '中美清洁能源联合研究中心';
    const sharing = await similarity(embedder, query, '清洁能源研究中心在京召开会议');
    const unrelated = await similarity(embedder, query, '日本青年科学家交流计划启动');
    expect(sharing).toBeGreaterThan(unrelated + 0.2);
  });

  it('scores Chinese bigram order: the same characters in another order match less', async () => {
    const query = '能源合作';
    const reordered = await similarity(embedder, query, '作合源能');
    expect(await similarity(embedder, query, '能源合作')).toBeGreaterThan(reordered);
  });

  it('relates English inflections through character trigrams', async () => {
    const related = await similarity(embedder, 'innovation', 'innovative');
    const unrelated = await similarity(embedder, 'innovation', 'agriculture');
    expect(related).toBeGreaterThan(unrelated + 0.2);
  });

  it('weights repeated terms sublinearly: a fourfold word does not drown the others', async () => {
    // With linear tf, `solar` ×4 would make `wind` a sixteenth of the squared mass; with 1 + ln 4 ≈ 2.39 it keeps more.
    const withWind = await similarity(embedder, 'wind', 'solar solar solar solar wind');
    const windAlone = await similarity(embedder, 'wind', 'solar wind');
    expect(withWind).toBeGreaterThan(0.6 * windAlone);
    expect(withWind).toBeLessThan(windAlone);
  });
});

/** Splits a seed newsletter into its longer paragraphs. */
async function seedParagraphs(file: string, isLong: (paragraph: string) => boolean): Promise<string[]> {
  const text = await readFile(path.join(SEED_FIXTURE_DIR, file), 'utf8');
  return text
    .split(/\n\s*\n/)
    .map((paragraph) => paragraph.trim())
    .filter(isLong);
}

/** recall@1: the share of queries whose own paragraph is the most similar of all paragraphs. */
async function recallAtOne(
  embedder: HashedNgramEmbedder,
  paragraphs: readonly string[],
  queries: readonly string[],
): Promise<number> {
  const paragraphVectors = await embedder.embedDocuments(paragraphs);
  const queryVectors = await embedder.embedDocuments(queries);
  let hits = 0;
  queryVectors.forEach((queryVector, index) => {
    const similarities = paragraphVectors.map((paragraphVector) => dot(queryVector, paragraphVector));
    if (similarities.indexOf(Math.max(...similarities)) === index) hits += 1;
  });
  return hits / queries.length;
}

describe('finding a seed paragraph from a phrase of it (golden corpus)', () => {
  const embedder = new HashedNgramEmbedder();

  it('finds Chinese paragraphs from 12 consecutive characters', async () => {
    const paragraphs = await seedParagraphs('000_fbe4f82aa1b47969.txt', (paragraph) => paragraph.length >= 80);
    expect(paragraphs.length).toBeGreaterThan(10);
    const queries = paragraphs.map((paragraph) => {
      const middle = Math.floor(paragraph.length / 2);
      return paragraph.slice(middle, middle + 12);
    });
    expect(await recallAtOne(embedder, paragraphs, queries)).toBeGreaterThanOrEqual(0.95);
  });

  it('finds English paragraphs from 10 consecutive words', async () => {
    const paragraphs = await seedParagraphs('004_cefe45b9264134e7.txt', (paragraph) => paragraph.split(/\s+/).length >= 40);
    expect(paragraphs.length).toBeGreaterThan(10);
    const queries = paragraphs.map((paragraph) => {
      const words = paragraph.split(/\s+/);
      const middle = Math.floor(words.length / 2);
      return words.slice(middle, middle + 10).join(' ');
    });
    expect(await recallAtOne(embedder, paragraphs, queries)).toBeGreaterThanOrEqual(0.9);
  });
});
