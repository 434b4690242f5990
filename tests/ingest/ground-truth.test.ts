import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createSilentLogger, type Article } from '../../src/core';
import { loadNewsletters, type LoadedNewsletters } from '../../src/ingest';
import { readGroundTruth, type GroundTruthArticle } from '../support/ground-truth';
import { SEED_FIXTURE_DIR, SEED_FIXTURE_ROOT } from '../support/seed-fixture';

describe('seed newsletters against tests/fixtures/articles.md', () => {
  let loaded: LoadedNewsletters;
  const truth = readGroundTruth();
  const find = (expected: GroundTruthArticle): Article | undefined =>
    loaded.articles.find((article) => article.file === `seeds/${expected.file}` && article.position === expected.position);

  beforeAll(async () => {
    loaded = await loadNewsletters(SEED_FIXTURE_DIR, SEED_FIXTURE_ROOT, createSilentLogger());
  });

  it('finds exactly the 45 articles of the ground truth, file by file', () => {
    expect(truth).toHaveLength(45);
    expect(loaded.skippedFiles).toEqual([]);
    const counts = (items: readonly { file: string }[]): Record<string, number> => {
      const result: Record<string, number> = {};
      for (const item of items) {
        const name = path.basename(item.file);
        result[name] = (result[name] ?? 0) + 1;
      }
      return result;
    };
    expect(counts(loaded.articles)).toEqual(counts(truth));
  });

  it('gives every article its printed title', () => {
    for (const expected of truth) expect(find(expected)?.title, `${expected.file} #${expected.position}`).toBe(expected.title);
  });

  it('reads the source outlet of every article from its source line', () => {
    for (const expected of truth) expect(find(expected)?.source, `${expected.file} #${expected.position}`).toBe(expected.source);
  });

  it('dates articles by their source line, else by their own text, never by guess', () => {
    for (const expected of truth) {
      const article = find(expected);
      if (expected.sourceDate !== null) {
        expect(article?.date, `${expected.file} #${expected.position}`).toBe(expected.sourceDate);
        expect(article?.dateSource).toBe('source');
      } else if (article?.date !== null) {
        // No source line: the date must be one the article's own text states in full.
        expect(expected.eventDate, `${expected.file} #${expected.position}`).toContain(article?.date ?? '');
        expect(article?.dateSource).toBe('text');
      }
    }
  });

  it('pairs the 11 Chinese/English articles one-to-one and nothing else', () => {
    const paired = loaded.articles.filter((article) => article.pairId !== null);
    expect(paired).toHaveLength(22);
    for (const expected of truth) {
      const article = find(expected);
      const partner = loaded.articles.find((other) => other.id === article?.pairId);
      expect(partner?.title ?? null, `${expected.file} #${expected.position}`).toBe(expected.pairTitle);
      if (partner !== undefined) expect(partner.pairId).toBe(article?.id);
    }
  });

  it('states the issue where a file prints it, and carries it to the other edition', () => {
    const english = loaded.articles.find((article) => article.file.includes('004_'));
    const chinese = loaded.articles.find((article) => article.file.includes('000_'));
    expect(english?.issue).toMatchObject({ number: '23', date: '2016-12-15' });
    expect(chinese?.issue).toMatchObject({ number: '23', date: '2016-12-15' });
    expect(loaded.articles.find((article) => article.file.includes('003_'))?.issue.number).toBe('824');
    expect(loaded.articles.find((article) => article.file.includes('002_'))?.issue.number).toBeNull();
  });

  it('keeps page footers, contents lists and captions out of article bodies', () => {
    const bodies = loaded.articles.map((article) => article.body).join('\n');
    expect(bodies).not.toContain('Editorial Board');
    expect(bodies).not.toContain('Contact:');
    expect(bodies).not.toContain('[bookmark');
    expect(bodies).not.toContain('**');
    expect(bodies).not.toContain('广州海关所属南沙海关关员在文化保税仓库巡仓');
    const chinaAccelerates = loaded.articles.find((article) => article.title.startsWith('China Accelerates'));
    expect(chinaAccelerates?.body).toContain('scientific and technological cooperation');
  });
});
