import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SERVING_NODE_FLAGS, measureServingProcess } from '../../bench/serving-process';
import { buildIndex } from '../../src/app';
import { createSilentLogger, loadConfig, type AppConfig } from '../../src/core';
import { createEmbedder } from '../../src/embed';
import { copySeedFixture, seedFolderEnvironment } from '../support/seed-fixture';
import { makeTempDir, type TempDir } from '../app/support/seed-assistant';

let temp: TempDir;
let config: AppConfig;

beforeAll(async () => {
  temp = await makeTempDir('serving-process-');
  const seedsDir = await copySeedFixture(temp.directory);
  config = loadConfig({ ...seedFolderEnvironment(seedsDir), INDEX_DIR: path.join(temp.directory, 'index'), EMBEDDER: 'hashed' });
  const logger = createSilentLogger();
  await buildIndex(config, await createEmbedder(config.embedder, logger), logger);
}, 120_000);

afterAll(async () => {
  await temp.remove();
});

describe('the serving process of the benchmarks', () => {
  it('opens the built index in a separate process, answers every query and reports its own memory', async () => {
    const figures = await measureServingProcess(config, ['CERC steering committee', '中美清洁能源联合研究中心'], 5);
    expect(figures.queries).toBe(2);
    expect([figures.search.count, figures.ask.count]).toEqual([5, 5]);
    expect(figures.ask.p95).toBeGreaterThan(0);
    expect(figures.ask.max).toBeGreaterThanOrEqual(figures.ask.p50);
    // A Node process that has loaded the index and the answer path holds tens of MiB at least; its peak is never below its end.
    expect(figures.peakRssMebibytes).toBeGreaterThan(50);
    expect(figures.peakRssMebibytes).toBeGreaterThanOrEqual(figures.rssMebibytes);
    expect(figures.openMilliseconds).toBeGreaterThan(0);
  }, 120_000);

  it('fails with the child\'s error when the index does not match the seeds it is told about', async () => {
    const elsewhere = { ...config, seedsDir: path.join(temp.directory, 'no-such-seeds') };
    await expect(measureServingProcess(elsewhere, ['anything'])).rejects.toThrow(/serving process exited with 1/u);
  }, 120_000);

  it('runs with the Node flags the serving commands (npm start, npm run web) run with', () => {
    const scripts = (JSON.parse(readFileSync(path.resolve(import.meta.dirname, '..', '..', 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    expect(SERVING_NODE_FLAGS.length).toBeGreaterThan(0);
    for (const name of ['start', 'web']) {
      const words = (scripts[name] ?? '').split(/\s+/u);
      for (const flag of SERVING_NODE_FLAGS) expect(words.slice(0, words.findIndex((word) => word.endsWith('.ts'))), `${name}: ${scripts[name]}`).toContain(flag);
    }
  });
});
