/**
 * The corpus the tests are written against: `tests/fixtures/seeds/`, a frozen copy of the five seed
 * newsletters and their glossary. Tests read this copy (or a temp copy of it), never the live `seeds/`
 * folder, so that a user adding a newsletter to `seeds/` cannot change a test's outcome.
 */
import { cp, mkdtemp } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** The committed fixture folder (read-only: copy it with {@link copySeedFixture} before changing files). */
export const SEED_FIXTURE_DIR = path.resolve(import.meta.dirname, '..', 'fixtures', 'seeds');

/**
 * The folder holding {@link SEED_FIXTURE_DIR} (`tests/fixtures`). Given to `loadNewsletters` as the root
 * paths are taken from, it labels the fixture's files `seeds/<file>`, as the repository root labels the live ones.
 */
export const SEED_FIXTURE_ROOT = path.dirname(SEED_FIXTURE_DIR);

/** The fixture's glossary (`glossary.tsv`). */
export const SEED_FIXTURE_GLOSSARY = path.join(SEED_FIXTURE_DIR, 'glossary.tsv');

/** The five newsletter files of the fixture, in name order (Chinese 000–003, English 004). */
export const SEED_NEWSLETTER_FILES: readonly string[] = [
  '000_fbe4f82aa1b47969.txt',
  '001_37b9a76959784536.txt',
  '002_2c1c661e719975d5.txt',
  '003_7cf65abead2505ed.txt',
  '004_cefe45b9264134e7.txt',
];

/** The UTF-8 text of fixture file `name` (e.g. `004_cefe45b9264134e7.txt` or `glossary.tsv`). */
export function readSeedFixture(name: string): string {
  return readFileSync(path.join(SEED_FIXTURE_DIR, name), 'utf8');
}

/**
 * Copies the fixture into `<into>/seeds` and returns that folder; without `into`, into a fresh folder
 * under the OS temp directory (the caller removes `path.dirname` of the result).
 */
export async function copySeedFixture(into?: string): Promise<string> {
  const directory = into ?? (await mkdtemp(path.join(os.tmpdir(), 'seed-fixture-')));
  const seedsDir = path.join(directory, 'seeds');
  await cp(SEED_FIXTURE_DIR, seedsDir, { recursive: true });
  return seedsDir;
}

/**
 * The variables that point the app at the seeds folder `seedsDir` (a copy of the fixture): `SEEDS_DIR`,
 * and `GLOSSARY_FILE` and `PAIR_OVERRIDES_FILE` inside it — their defaults would name the live `seeds/`.
 */
export function seedFolderEnvironment(seedsDir: string): { SEEDS_DIR: string; GLOSSARY_FILE: string; PAIR_OVERRIDES_FILE: string } {
  return { SEEDS_DIR: seedsDir, GLOSSARY_FILE: path.join(seedsDir, 'glossary.tsv'), PAIR_OVERRIDES_FILE: path.join(seedsDir, 'pairs.tsv') };
}
