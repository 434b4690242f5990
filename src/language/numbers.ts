/**
 * Numbers in both languages, normalised for coverage: `15`, `15th`, `fifteenth`, `fifteen`, `十五` and
 * `第十五届` are all the number key `15`; `二〇一六` is `2016`; `3.5万` and `35,000` are `35000`;
 * `20亿` and `2 billion` are `2000000000`; a month (`June`, `6月`, `六月`) is the key `m6`.
 *
 * Number keys are strings: a decimal number without leading zeros or trailing decimal zeros (`15`, `3.5`),
 * or `m1`…`m12` for a month.

 *
 * This module is the one parser of numbers in the project; every function returns null (or leaves a
 * value out) when text is not a number, never NaN. Why not a library: the npm Chinese-numeral packages
 * convert whole strings of numerals, but reading newsletters also needs to know *when* characters are a
 * number (`一些`, `统一` are not; `两国`, `第十五届`, `首届` are) and to key ordinals, months and magnitudes
 * alike in both languages, which is the bulk of this file; the value arithmetic itself is twenty lines.
 */
import { englishMonthAbbreviationNumber, englishMonthWordNumber, fullEnglishMonthNumber } from './months';


const CHINESE_DIGITS: ReadonlyMap<string, number> = new Map([
  ['〇', 0],
  ['零', 0],
  ['一', 1],
  ['二', 2],
  ['两', 2],
  ['三', 3],
  ['四', 4],
  ['五', 5],
  ['六', 6],
  ['七', 7],
  ['八', 8],
  ['九', 9],
]);
const CHINESE_UNITS: ReadonlyMap<string, number> = new Map([
  ['十', 10],
  ['百', 100],
  ['千', 1000],
]);
const CHINESE_SECTIONS: ReadonlyMap<string, number> = new Map([
  ['万', 10_000],
  ['亿', 100_000_000],
]);

/** Characters of a Chinese numeral. */
const NUMERAL_CHARACTERS = '〇零一二两三四五六七八九十百千万亿';

/**
 * Measure words and nouns that make a bare Chinese numeral a number (`两国`, `五日`, `八次`), where
 * otherwise the character is part of a word (`一些`, `统一`, `一带一路`). Left out because they follow 一
 * in common words: 部 (统一部署), 本 (一本正经), 点 (一点 "a little").
 */
const MEASURE_CHARACTERS = '届次个年月日号期位名项家所国人批轮周天种款件条份倍层座台篇场岁代级类组队支颗只吨';

/**
 * A Chinese numeral expression: an optional ordinal prefix 第, the numeral, and the measure word after it
 * (looked at, not consumed); `首` + a measure word is the ordinal 1 (首届 = the first session).
 */
const CHINESE_NUMBER_PATTERN = new RegExp(
  `(第)?([${NUMERAL_CHARACTERS}]+)(?=([${MEASURE_CHARACTERS}])?)|首(?=[届次批个位])`,
  'gu',
);

/**
 * The value of a Chinese numeral: positional with 十/百/千 and the sections 万/亿 (`十五` → 15,
 * `一百零五` → 105, `三万` → 30000), or digit by digit when it has none of them (`二〇一六` → 2016).
 * @returns null when the characters do not form a numeral (`十十`, empty).
 */
export function chineseNumeralValue(numeral: string): number | null {
  const characters = [...numeral];
  if (characters.length === 0 || !characters.every((character) => NUMERAL_CHARACTERS.includes(character))) return null;
  if (characters.every((character) => CHINESE_DIGITS.has(character))) {
    return Number(characters.map((character) => CHINESE_DIGITS.get(character)).join(''));
  }
  // big: completed 亿 sections; middle: the completed 万 section below them; section: the current 千/百/十 part.
  let big = 0;
  let middle = 0;
  let section = 0;
  let digit: number | null = null;
  let lastUnit = Number.POSITIVE_INFINITY;
  for (const character of characters) {
    const digitValue = CHINESE_DIGITS.get(character);
    const unit = CHINESE_UNITS.get(character);
    if (digitValue !== undefined) {
      if (digit !== null && digit !== 0 && digitValue !== 0) return null;
      digit = digitValue;
    } else if (unit !== undefined) {
      if (unit >= lastUnit) return null;
      section += (digit ?? 1) * unit;
      digit = null;
      lastUnit = unit;
    } else if (character === '万') {
      const value = section + (digit ?? 0);
      middle = (value === 0 ? 1 : value) * 10_000;
      section = 0;
      digit = null;
      lastUnit = Number.POSITIVE_INFINITY;
    } else {
      const value = middle + section + (digit ?? 0);
      big = (big + (value === 0 ? 1 : value)) * 100_000_000;
      middle = 0;
      section = 0;
      digit = null;
      lastUnit = Number.POSITIVE_INFINITY;
    }
  }
  return big + middle + section + (digit ?? 0);
}

/** Digits made ASCII, same length (full-width `２０１６` → `2016`; each is one UTF-16 unit). */
export function asciiDigits(text: string): string {
  return text.replace(/[０-９]/gu, (digit) => String.fromCharCode(digit.charCodeAt(0) - 0xfee0));
}

/**
 * The value of a number written in Arabic digits (`2016`, full-width `２０１６`) or Chinese numerals
 * ({@link chineseNumeralValue}: `二〇一六`, `十二`, `三万`).
 * @returns the value; null when `text` is neither (empty, mixed, `十十`).
 */
export function parseNumber(text: string): number | null {
  const ascii = asciiDigits(text);
  if (/^\d+$/u.test(ascii)) return Number(ascii);
  return chineseNumeralValue(text);
}

const ENGLISH_DIGIT_ORDINAL = /\b(\d+)(?:st|nd|rd|th)\b/gu;
/** 第 + a number of occasions or sessions (第七次, 第15届, 第二期, 第三轮); other measure words are not counted. */
const CHINESE_ORDINAL = /第([0-9零〇一二两三四五六七八九十]+)(?=[次届期个轮批])/gu;

/**
 * The ordinal numbers `text` states, in order, duplicates kept: digit ordinals in English (`7th` → 7), and
 * 第 + a numeral before 次/届/期/个/轮/批 in Chinese (`第七次` → 7, `第15届` → 15) — the forms an edition's
 * sessions and meetings are numbered in, compared across languages when pairing editions.
 * @param lang - which language's form to read.
 */
export function ordinalValues(text: string, lang: 'zh' | 'en'): number[] {
  const values: number[] = [];
  for (const match of text.matchAll(lang === 'en' ? ENGLISH_DIGIT_ORDINAL : CHINESE_ORDINAL)) {
    const value = parseNumber(match[1] ?? '');
    if (value !== null) values.push(value);
  }
  return values;
}

/** A number key for a value (`3.5`, `35000`), rounded to six decimals to drop floating-point noise. */
export function numberKey(value: number): string {
  return String(Number(value.toFixed(6)));
}

/** A Chinese numeral expression found in text. */
export interface ChineseNumberMatch {
  /** The expression as written, without the measure word (`第十五`, `十五`, `首`). */
  readonly surface: string;
  /** 0-based UTF-16 offset. */
  readonly index: number;
  /** Its number key (`15`). */
  readonly key: string;
  /** Whether a month follows (`六月`): the key is then also `m6`. */
  readonly month: boolean;
}

/**
 * The Chinese numeral expressions of `text` that stand for a number: after 第 or 首, before a measure word
 * (`两国`, `八次`), or of two or more characters with a unit or zero (`十五`, `二〇一六`). Bare characters
 * inside words (`一些`, `统一`, `十分`) are not numbers.
 */
export function findChineseNumbers(text: string): readonly ChineseNumberMatch[] {
  const found: ChineseNumberMatch[] = [];
  for (const match of text.matchAll(CHINESE_NUMBER_PATTERN)) {
    const [surface, ordinal, numeral, measure] = match;
    if (numeral === undefined) {
      found.push({ surface, index: match.index, key: '1', month: false });
      continue;
    }
    const long = [...numeral].length >= 2 && /[十百千万亿〇零]/u.test(numeral);
    if (ordinal === undefined && measure === undefined && !long) continue;
    const value = chineseNumeralValue(numeral);
    if (value === null) continue;
    found.push({ surface, index: match.index, key: numberKey(value), month: measure === '月' && value >= 1 && value <= 12 });
  }
  return found;
}

const ENGLISH_CARDINALS: readonly string[] = [
  'zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen',
  'seventeen eighteen nineteen',
]
  .join(' ')
  .split(' ');
const ENGLISH_ORDINALS: readonly string[] = [
  '_ first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth fourteenth',
  'fifteenth sixteenth seventeenth eighteenth nineteenth',
]
  .join(' ')
  .split(' ');
const ENGLISH_TENS: readonly string[] = ['twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];
const ENGLISH_TENS_ORDINALS: readonly string[] = ['twentieth', 'thirtieth', 'fortieth', 'fiftieth', 'sixtieth', 'seventieth', 'eightieth', 'ninetieth'];
/** English number words and their values (`eight`, `eighth`, `twentieth`). */
const ENGLISH_NUMBER_WORDS: ReadonlyMap<string, number> = new Map([
  ...ENGLISH_CARDINALS.map((word, value): [string, number] => [word, value]),
  ...ENGLISH_ORDINALS.map((word, value): [string, number] => [word, value]).filter(([word]) => word !== '_'),
  ...ENGLISH_TENS.map((word, index): [string, number] => [word, (index + 2) * 10]),
  ...ENGLISH_TENS_ORDINALS.map((word, index): [string, number] => [word, (index + 2) * 10]),
]);

const MAGNITUDES: ReadonlyMap<string, number> = new Map([
  ['thousand', 1e3],
  ['million', 1e6],
  ['billion', 1e9],
  ['trillion', 1e12],
]);

/**
 * The number keys of one English word: a number word (`eighth` → `8`), a digit ordinal (`15th` → `15`)
 * or a month (`June`, `Sept` → `m6`, `m9`). `May`, `March` and the abbreviations count as months only
 * when capitalised (the verbs *may* and *march*, the word *mar*).
 * @param word - one word as written (case matters only for months).
 */
export function englishNumberKeys(word: string): readonly string[] {
  const lower = word.toLowerCase();
  const value = ENGLISH_NUMBER_WORDS.get(lower);
  if (value !== undefined) return [numberKey(value)];
  const ordinal = /^(\d+)(?:st|nd|rd|th)$/u.exec(lower);
  if (ordinal !== null) return [numberKey(Number(ordinal[1]))];
  const capitalised = /^\p{Lu}/u.test(word);
  const month = fullEnglishMonthNumber(lower);
  if (month !== null && ((lower !== 'may' && lower !== 'march') || capitalised)) return [`m${month}`];
  const abbreviation = englishMonthAbbreviationNumber(lower);
  if (abbreviation !== null && capitalised) return [`m${abbreviation}`];
  return [];
}

/**
 * Numbers with a magnitude in text: `2 billion`, `3.5 million` (English) and `3.5万`, `20亿` (Chinese),
 * with their keys (`2000000000`, `3500000`, `35000`, `2000000000`).
 */
export function findMagnitudeNumbers(text: string): readonly { readonly surface: string; readonly index: number; readonly key: string }[] {
  const found: { surface: string; index: number; key: string }[] = [];
  for (const match of text.matchAll(/(\d+(?:[.,]\d+)*)\s*(thousand|million|billion|trillion|万|亿)(?![a-z])/giu)) {
    const digits = Number((match[1] ?? '').replace(/,(?=\d{3}(?!\d))/gu, ''));
    const unit = (match[2] ?? '').toLowerCase();
    const magnitude = MAGNITUDES.get(unit) ?? CHINESE_SECTIONS.get(unit);
    if (!Number.isFinite(digits) || magnitude === undefined) continue;
    found.push({ surface: match[0], index: match.index, key: numberKey(digits * magnitude) });
  }
  return found;
}

/**
 * Every number key in `text` (any mix of Chinese and English): Arabic numbers (`1,000` → `1000`), digit
 * ordinals, English number words, Chinese numeral expressions ({@link findChineseNumbers}), numbers with a
 * magnitude ({@link findMagnitudeNumbers}) and months (`June`, `6月`, `六月`).
 */
export function numbersInText(text: string): ReadonlySet<string> {
  const keys = new Set<string>();
  const normalized = text.normalize('NFKC');
  for (const match of normalized.matchAll(/\d+(?:,\d{3}(?!\d))*(?:\.\d+)?/gu)) keys.add(numberKey(Number(match[0].replaceAll(',', ''))));
  for (const match of normalized.matchAll(/[\p{L}\d]*\p{L}[\p{L}\d]*/gu)) for (const key of englishNumberKeys(match[0])) keys.add(key);
  for (const match of normalized.matchAll(/(?<![\d.])(\d{1,2})\s*月/gu)) {
    const month = Number(match[1]);
    if (month >= 1 && month <= 12) keys.add(`m${month}`);
  }
  for (const match of findChineseNumbers(normalized)) {
    keys.add(match.key);
    if (match.month) keys.add(`m${match.key}`);
  }
  for (const match of findMagnitudeNumbers(normalized)) keys.add(match.key);
  return keys;
}

/** Scale words after a number (`3.5万`, `2 billion`) and their factors. */
const SCALES: Readonly<Record<string, number>> = {
  万: 1e4,
  亿: 1e8,
  千: 1e3,
  百万: 1e6,
  千万: 1e7,
  thousand: 1e3,
  million: 1e6,
  billion: 1e9,
  trillion: 1e12,
};

/**
 * The factor of a scale word after a number: `万` 10⁴, `亿` 10⁸, `千` 10³, `百万` 10⁶, `千万` 10⁷, `thousand`,
 * `million`, `billion`, `trillion` (any case).
 * @returns the factor; null for any other word.
 */
export function scaleFactor(word: string): number | null {
  return SCALES[word.toLowerCase()] ?? null;
}

/** The value of an English ordinal word (`eighth` → 8, `twentieth` → 20); null for any other word. */
function englishOrdinalValue(word: string): number | null {
  const ordinal = ENGLISH_ORDINALS.indexOf(word);
  if (ordinal > 0) return ordinal;
  const tens = ENGLISH_TENS_ORDINALS.indexOf(word);
  return tens >= 0 ? (tens + 2) * 10 : null;
}

/**
 * Every numeric value stated in `text`, as plain numbers (for checking that a sentence's numbers occur in
 * its sources): digits with their scaled value too (`3.5万` → 3.5 and 35000; `1,000` → 1000), Chinese numerals
 * of two or more characters or of value ≥ 3 (a lone 一/二 is usually part of a word: 一带一路, 一期), English
 * ordinal words, month names and abbreviations of three or more letters except `may` and `mar` (verbs and
 * words), and the month and day of ISO dates (`2016-06-05` → 6, 5).
 */
export function numericValues(text: string): Set<number> {
  const values = new Set<number>();
  const normalized = text.normalize('NFKC');
  for (const match of normalized.matchAll(/(\d+(?:[.,]\d+)*)\s*(百万|千万|万|亿|thousand|million|billion|trillion)?/giu)) {
    const raw = match[1] ?? '';
    const value = Number(/^\d{1,3}(?:,\d{3})+(?:\.\d+)?$/u.test(raw) ? raw.replaceAll(',', '') : raw.replace(',', '.'));
    if (!Number.isFinite(value)) continue;
    values.add(value);
    const scale = match[2] === undefined ? undefined : SCALES[match[2].toLowerCase()];
    if (scale !== undefined) values.add(Number((value * scale).toPrecision(12)));
  }
  for (const match of normalized.matchAll(/[零〇一二两三四五六七八九十百千万亿]+/gu)) {
    const value = chineseNumeralValue(match[0]);
    if (value !== null && (match[0].length > 1 || value >= 3)) values.add(value);
  }
  for (const match of normalized.toLowerCase().matchAll(/\b[a-z]+\b/gu)) {
    const word = match[0];
    const month = englishMonthWordNumber(word);
    if (month !== null && word.length >= 3 && word !== 'may' && word !== 'mar') values.add(month);
    const ordinal = englishOrdinalValue(word);
    if (ordinal !== null) values.add(ordinal);
  }
  for (const match of normalized.matchAll(/\b(\d{4})-(\d{2})(?:-(\d{2}))?\b/gu)) {
    values.add(Number(match[2]));
    if (match[3] !== undefined) values.add(Number(match[3]));
  }
  return values;
}

/** A list number in Chinese numerals opening a line (`一、`, `十二．`): at most three numeral characters. */
const CHINESE_LIST_NUMBER = new RegExp(`^([${NUMERAL_CHARACTERS}]{1,3})\\s*[、.．]\\s*(?=\\S)`, 'u');

/**
 * The Chinese-numeral list number a line opens with (`一、中美合作` → value 1, length 2).
 * @returns its value and the code units it takes (with the `、` and spaces after it), or null when the line
 *   opens with none.
 */
export function chineseListNumber(line: string): { readonly value: number; readonly length: number } | null {
  const match = CHINESE_LIST_NUMBER.exec(line);
  if (match?.[1] === undefined) return null;
  const value = chineseNumeralValue(match[1]);
  return value === null || value === 0 ? null : { value, length: match[0].length };
}
