/**
 * A large synthetic newsletter corpus generated from the seeds, for the scale benchmark
 * (`npm run bench:scale`). Each copy of the seed files is perturbed consistently across its Chinese and
 * English editions, so that ingest still parses it and still pairs the editions:
 * - years (1990–2030) shifted by one offset per copy, so dates spread over 2010–2025;
 * - issue numbers (`No. 23`, `第 1 期`) and other numbers ≥ 32 that are not years shifted by the copy's index
 *   (days and months stay valid);
 * - a few bilingual glossary names that occur in the seeds swapped for other glossary names, in both languages;
 * - the sentences of long body paragraphs shuffled (source lines, titles and short paragraphs kept).
 * The generator is deterministic: the same seeds, copies and random seed give the same bytes.
 */
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseGlossaryFile } from '../src/language';

/** Options of {@link generateSyntheticCorpus}. */
export interface SyntheticCorpusOptions {
  /** Folder of the seed newsletters (`.txt`, `.md`); other files (the glossary) are not copied. */
  readonly seedsDir: string;
  /** Folder the copies are written to (created; existing files of the same names are overwritten). */
  readonly outputDir: string;
  /** Number of perturbed copies of the seed files (100 = "100×"). */
  readonly copies: number;
  /** Glossary file (`English|variants<TAB>中文|变体`) whose names are swapped. */
  readonly glossaryFile: string;
  /** Seed of the pseudo-random generator (sentence shuffles, name choices). Default 1. */
  readonly randomSeed?: number;
}

/** What {@link generateSyntheticCorpus} wrote. */
export interface SyntheticCorpusResult {
  /** File names written to `outputDir`, sorted. */
  readonly files: readonly string[];
  /** Total characters written. */
  readonly characters: number;
}

/** Earliest and latest year the shifted dates may take. */
export const SYNTHETIC_YEAR_RANGE = { from: 2010, to: 2025 } as const;

/** Extensions of newsletter text copied (the ones generated copies can be written as verbatim). */
const COPIED_EXTENSIONS = ['.txt', '.md'];

/** Glossary names swapped per copy (each swap exchanges two names in both languages). */
const SWAPS_PER_COPY = 3;

/** Paragraphs at least this many characters long, with at least three sentences, have their sentences shuffled. */
const SHUFFLE_MIN_CHARACTERS = 200;

/** mulberry32: a small deterministic 32-bit pseudo-random generator; returns floats in [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** One bilingual glossary name: its first English and first Chinese variant. */
export interface GlossaryName {
  readonly english: string;
  readonly chinese: string;
}

/** The glossary's entries that have both an English name (≥ 4 characters) and a Chinese one (≥ 2 characters). */
export function parseGlossaryNames(glossaryText: string): GlossaryName[] {
  const names: GlossaryName[] = [];
  for (const line of parseGlossaryFile(glossaryText).lines) {
    const english = line.english[0] ?? '';
    const chinese = line.chinese[0] ?? '';
    if (english.length >= 4 && [...chinese].length >= 2) names.push({ english, chinese });
  }
  return names;
}

/** The year offset of copy `copy`: cycles so that seed years 2016–2021 land in {@link SYNTHETIC_YEAR_RANGE}. */
export function yearOffset(copy: number): number {
  const lowest = SYNTHETIC_YEAR_RANGE.from - 2016;
  const highest = SYNTHETIC_YEAR_RANGE.to - 2021;
  return lowest + (copy % (highest - lowest + 1));
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');

/**
 * Shifts years by `offset` and other numbers ≥ 32 (and issue numbers) by `shift`, in one pass so that a
 * shifted value is never shifted again. Digits inside longer digit runs or decimals are left alone.
 */
export function perturbNumbers(text: string, offset: number, shift: number): string {
  return text
    .replace(/(No\.\s*|第\s*)(\d{1,3})(?=\s*(?:期|\*|\s|$))/gu, (_match, prefix: string, digits: string) => `${prefix}${Number(digits) + shift}`)
    .replace(/(?<![\d.,])\d+(?![\d]|[.,]\d)/gu, (digits) => {
      const value = Number(digits);
      if (digits.length === 4 && value >= 1990 && value <= 2030) return String(value + offset);
      if (value >= 32 && value < 1990) return String(value + shift);
      return digits;
    });
}

/** Exchanges each name of `swaps` with its partner (English names on whole words, Chinese as substrings). */
export function swapNames(text: string, swaps: ReadonlyMap<string, string>): string {
  if (swaps.size === 0) return text;
  const names = [...swaps.keys()].sort((left, right) => right.length - left.length).map(escapeRegExp);
  const pattern = new RegExp(names.map((name) => (/^[\p{Script=Latin}\d]/u.test(name) ? `(?<![\\p{L}\\p{N}])${name}(?![\\p{L}\\p{N}])` : name)).join('|'), 'gu');
  return text.replace(pattern, (name) => swaps.get(name) ?? name);
}

/** Shuffles the sentences of long paragraphs (Chinese `。！？`, English `. ! ?` followed by a space). */
export function shuffleSentences(text: string, random: () => number): string {
  return text
    .split('\n')
    .map((line) => {
      if (line.length < SHUFFLE_MIN_CHARACTERS || /来源|Source/iu.test(line)) return line;
      const sentences = line.match(/[^。！？!?]+[。！？]|.+?[.!?](?:\s+|$)|.+$/gu) ?? [line];
      if (sentences.length < 3) return line;
      // Keep the first sentence (it often carries the event date) and shuffle the rest (Fisher–Yates).
      const rest = sentences.slice(1);
      for (let index = rest.length - 1; index > 0; index -= 1) {
        const other = Math.floor(random() * (index + 1));
        [rest[index], rest[other]] = [rest[other] as string, rest[index] as string];
      }
      const english = !/\p{Script=Han}/u.test(line);
      return [sentences[0], ...rest].map((sentence) => (english ? `${(sentence ?? '').trim()} ` : sentence)).join('').trimEnd();
    })
    .join('\n');
}

/**
 * Writes `copies` perturbed copies of every seed newsletter into `outputDir`, named `c<copy>_<seed file>`.
 * @throws the file system's errors (unreadable seeds, unwritable output).
 */
export async function generateSyntheticCorpus(options: SyntheticCorpusOptions): Promise<SyntheticCorpusResult> {
  const seedFiles = (await readdir(options.seedsDir)).filter((name) => COPIED_EXTENSIONS.includes(path.extname(name).toLowerCase())).sort();
  const seedTexts = await Promise.all(seedFiles.map((name) => readFile(path.join(options.seedsDir, name), 'utf8')));
  const allText = seedTexts.join('\n');
  const present = parseGlossaryNames(await readFile(options.glossaryFile, 'utf8')).filter(
    (name) => allText.includes(name.chinese) && new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(name.english)}(?![\\p{L}\\p{N}])`, 'u').test(allText),
  );
  const random = seededRandom(options.randomSeed ?? 1);
  await mkdir(options.outputDir, { recursive: true });
  const files: string[] = [];
  let characters = 0;
  const width = String(Math.max(1, options.copies - 1)).length;
  for (let copy = 0; copy < options.copies; copy += 1) {
    const swaps = new Map<string, string>();
    for (let swap = 0; swap < SWAPS_PER_COPY && present.length >= 2; swap += 1) {
      const first = present[Math.floor(random() * present.length)] as GlossaryName;
      const second = present[Math.floor(random() * present.length)] as GlossaryName;
      if (first === second || swaps.has(first.english) || swaps.has(second.english)) continue;
      swaps.set(first.english, second.english).set(second.english, first.english);
      swaps.set(first.chinese, second.chinese).set(second.chinese, first.chinese);
    }
    const shuffleSeed = Math.floor(random() * 2 ** 32);
    for (const [index, name] of seedFiles.entries()) {
      // The copy's shuffles use one stream per file, so both editions are perturbed independently of file order.
      const text = shuffleSentences(swapNames(perturbNumbers(seedTexts[index] ?? '', yearOffset(copy), copy), swaps), seededRandom(shuffleSeed + index));
      const fileName = `c${String(copy).padStart(width, '0')}_${name}`;
      await writeFile(path.join(options.outputDir, fileName), text);
      files.push(fileName);
      characters += text.length;
    }
  }
  return { files: files.sort(), characters };
}
