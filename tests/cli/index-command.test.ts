/**
 * `npm run index` as a user runs it (the real CLI over a temp seeds copy and index, hashed embedder): the first
 * run builds, the second finds the index current and says where it is, and writes nothing.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, type TempDir } from '../app/support/seed-assistant';
import { inheritedBasics, runCliCommand, type CommandRun } from '../support/run-cli';
import { copySeedFixture, seedFolderEnvironment } from '../support/seed-fixture';

let temp: TempDir;
let first: CommandRun;
let second: CommandRun;
let manifestBefore: number;
let manifestAfter: number;

beforeAll(async () => {
  temp = await makeTempDir('index-command-');
  const seedsDir = await copySeedFixture(temp.directory);
  const environment = { ...inheritedBasics(), ...seedFolderEnvironment(seedsDir), INDEX_DIR: path.join(temp.directory, 'index'), EMBEDDER: 'hashed', LOG_LEVEL: 'warn' };
  first = await runCliCommand('index', [], environment);
  const manifest = path.join(temp.directory, 'index', 'current', 'manifest.json');
  manifestBefore = (await stat(manifest)).mtimeMs;
  second = await runCliCommand('index', [], environment);
  manifestAfter = (await stat(manifest)).mtimeMs;
}, 120_000);

afterAll(async () => {
  await temp.remove();
});

describe('npm run index', () => {
  it('builds the index on the first run and says what it holds and where', () => {
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^Built \(5 file\(s\) added, 0 changed, 0 removed; embedded 106 chunk text\(s\), reused 0 embedding\(s\)\): 45 articles, 106 chunks from 5 files/mu);
    expect(first.stdout).toContain(`→ ${path.join(temp.directory, 'index', 'current')}`);
  });

  it('finds it current on the second run, writes nothing and names the same folder', () => {
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/^Index already current: 45 articles, 106 chunks from 5 files with hashed-ngram/mu);
    expect(second.stdout).toContain(`→ ${path.join(temp.directory, 'index', 'current')}`);
    expect(manifestAfter).toBe(manifestBefore);
  });
});
