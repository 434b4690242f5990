/**
 * Tests read fixture copies, never the live `seeds/` or `index/` folders: users add newsletters to `seeds/`
 * and build `index/`, and neither may change a test's outcome. The corpus the tests are written against is
 * `tests/fixtures/seeds/` (`tests/support/seed-fixture.ts`); this scan fails on a test file that builds a path
 * into the repository's `seeds/` or `index/`, or runs a terminal command without choosing its seeds folder.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const TESTS = import.meta.dirname;
/** Fixture data (not code), and this file, whose examples below are the very lines the scan looks for. */
const NOT_SCANNED = [path.join(TESTS, 'fixtures'), import.meta.filename];

const LIVE = String.raw`(?:seeds|index)`;
const QUOTE = String.raw`['"\x60]`;
/** Each pattern with what it catches; a line matching one is a reference to a live folder. */
const LIVE_FOLDER_PATTERNS: readonly (readonly [RegExp, string])[] = [
  // path.join(ROOT, 'seeds'), path.resolve(REPOSITORY_ROOT, 'index'), path.join(import.meta.dirname, '..', '..', 'seeds')
  [new RegExp(String.raw`\b\w*(?:ROOT|[Rr]oot|dirname)\s*,\s*(?:'\.\.'\s*,\s*)*${QUOTE}${LIVE}(?:${QUOTE}|/)`, 'u'), 'a root folder joined with seeds/index'],
  // path.join(here, '..', 'seeds')
  [new RegExp(String.raw`'\.\.'\s*,\s*${QUOTE}${LIVE}(?:${QUOTE}|/)`, 'u'), "'..' joined with seeds/index"],
  // new URL('../../seeds/x.txt', import.meta.url), '../index/current'
  [new RegExp(String.raw`${QUOTE}(?:\.\./)+${LIVE}\b`, 'u'), 'a relative path climbing into seeds/index'],
  // `${ROOT}/seeds/x.txt`
  [new RegExp(String.raw`\$\{\s*\w*(?:ROOT|[Rr]oot|dirname)\w*\s*\}/${LIVE}\b`, 'u'), 'a template from a root folder into seeds/index'],
  // readFile('seeds/x.txt'), loadNewsletters('seeds', …), Glossary.load('./seeds/glossary.tsv'): relative to the working directory
  [
    new RegExp(
      String.raw`\b(?:readFile|readFileSync|readdir|readdirSync|copyFile|cp|cpSync|stat|statSync|access|existsSync|createReadStream|load|loadNewsletters|listNewsletterFiles|readManifest|loadIndex)\(\s*${QUOTE}(?:\./)?${LIVE}(?:${QUOTE}|/)`,
      'u',
    ),
    'a file read of a relative seeds/index path',
  ],
  // SEEDS_DIR: 'seeds', GLOSSARY_FILE: 'seeds/glossary.tsv', INDEX_DIR: 'index'
  [new RegExp(String.raw`\b(?:SEEDS_DIR|GLOSSARY_FILE|PAIR_OVERRIDES_FILE|INDEX_DIR)\s*:\s*${QUOTE}(?:\./)?${LIVE}\b`, 'u'), 'a setting naming the live folder'],
];

/** The lines of `text` that reference the live `seeds/` or `index/`, as `<line number>: <why>: <line>`. */
export function liveFolderReferences(text: string): string[] {
  return text.split('\n').flatMap((line, index) =>
    LIVE_FOLDER_PATTERNS.filter(([pattern]) => pattern.test(line)).map(([, why]) => `${index + 1}: ${why}: ${line.trim()}`),
  );
}

/**
 * Whether `text` runs a terminal command (`runCliCommand`, or a spawned `src/cli/…` script) without choosing
 * the seeds folder (`SEEDS_DIR`, or `seedFolderEnvironment`): it would read the live `seeds/` by default.
 */
export function runsCommandOnDefaultSeeds(text: string): boolean {
  const runsCommand = /(?<!function )\brunCliCommand\(/u.test(text) || /'src',\s*'cli',\s*'[\w-]+-command\.ts'/u.test(text);
  return runsCommand && !/\bSEEDS_DIR\b|\bseedFolderEnvironment\(/u.test(text);
}

function testFiles(directory: string): string[] {
  return readdirSync(directory).flatMap((name) => {
    const full = path.join(directory, name);
    if (NOT_SCANNED.includes(full)) return [];
    if (statSync(full).isDirectory()) return testFiles(full);
    return /\.(?:ts|mts|js|mjs)$/u.test(name) ? [full] : [];
  });
}

describe('the live-folder scan', () => {
  it('flags paths built into the repository’s seeds/ or index/', () => {
    const planted = [
      "loaded = await loadNewsletters(path.join(ROOT, 'seeds'), ROOT, logger);",
      "const glossary = await Glossary.load(path.join(ROOT, 'seeds', 'glossary.tsv'));",
      "const manifest = await readManifest(path.resolve(REPOSITORY_ROOT, 'index'));",
      "const text = await readFile(path.join(import.meta.dirname, '..', '..', '..', 'seeds', FILE), 'utf8');",
      "const text = await readFile(fileURLToPath(new URL(`../../seeds/${file}`, import.meta.url)), 'utf8');",
      'const file = `${ROOT}/seeds/000_a.txt`;',
      "const names = await readdir('seeds');",
      "const env = { SEEDS_DIR: 'seeds', GLOSSARY_FILE: 'seeds/glossary.tsv' };",
    ];
    expect(planted.map((line) => liveFolderReferences(line).length > 0)).toEqual(planted.map(() => true));
  });

  it('passes temp copies, the fixture and article labels', () => {
    const fine = [
      "const config = makeConfig({ INDEX_DIR: path.join(temp.directory, 'index'), SEEDS_DIR: seedsDir });",
      "const seedsDir = path.join(directory, 'seeds');",
      "INDEX_DIR: path.join(path.dirname(seedsDir), 'index'),",
      "loaded = await loadNewsletters(SEED_FIXTURE_DIR, SEED_FIXTURE_ROOT, createSilentLogger());",
      "const { articles } = parseNewsletter(text, 'seeds/sample.txt');",
      "expect(filePairs).toContain('seeds/000_fbe4f82aa1b47969.txt seeds/004_cefe45b9264134e7.txt');",
      "skippedFiles: [{ file: 'seeds/broken.txt', reason: 'not UTF-8' }],",
    ];
    expect(fine.flatMap(liveFolderReferences)).toEqual([]);
  });

  it('flags a terminal command run without a seeds folder', () => {
    expect(runsCommandOnDefaultSeeds("const run = await runCliCommand('articles', ['--json'], { PATH: '' });")).toBe(true);
    expect(runsCommandOnDefaultSeeds("spawn(process.execPath, ['--import', 'tsx', path.join('src', 'cli', 'index-command.ts')]);")).toBe(true);
    expect(runsCommandOnDefaultSeeds("runCliCommand('ask', [], { ...seedFolderEnvironment(seedsDir) });")).toBe(false);
    expect(runsCommandOnDefaultSeeds("runCliCommand('ask', [], { SEEDS_DIR: seedsDir });")).toBe(false);
    expect(runsCommandOnDefaultSeeds("const seeds = parseSeeds();")).toBe(false);
    expect(runsCommandOnDefaultSeeds("import { warmUpAssistant } from '../../../src/cli/warm-up';")).toBe(false);
  });
});

describe('test files', () => {
  const files = testFiles(TESTS).map((file) => ({ file: path.relative(TESTS, file), text: readFileSync(file, 'utf8') }));

  it('are found by the scan (a broken walk would pass anything)', () => {
    expect(files.length).toBeGreaterThan(50);
    expect(files.map(({ file }) => file)).toContain(path.join('cli', 'json-contract.test.ts'));
  });

  it('build no path into the live seeds/ or index/ folder (use tests/support/seed-fixture.ts)', () => {
    expect(files.flatMap(({ file, text }) => liveFolderReferences(text).map((reference) => `${file}:${reference}`))).toEqual([]);
  });

  it('run terminal commands only with SEEDS_DIR chosen (a copy of the fixture)', () => {
    expect(files.filter(({ text }) => runsCommandOnDefaultSeeds(text)).map(({ file }) => file)).toEqual([]);
  });
});
