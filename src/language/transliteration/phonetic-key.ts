/**
 * Matching a foreign name in English (`Merkel`, `Theresa May`, `Wales`) with its Chinese transliteration
 * (默克尔, 特雷莎·梅, 威尔士) by a phonetic key both sides reduce to: the sequence of consonant classes, vowels
 * dropped, repeats collapsed. A match explains itself: `Merkel` → `MKL` ← 默(mo)克(ke)尔(er).
 *
 * Classes (one letter each): P (b p), T (d t th), K (k hard-c q g), S (s z soft-c sh ch j x tz ts; pinyin
 * z c s zh ch sh j q x), F (f ph v w; pinyin f w), L (l r; pinyin l r and the syllable `er` 尔), N (m n ng;
 * pinyin m n and the finals -n -ng). Dropped: h, y, vowels. The English side is read with the spelling
 * rules Xinhua's transliteration follows; where a letter can sound two ways (g and ch before a vowel, an
 * r after a vowel that Chinese often drops: Merkel 默克尔, Martin 马丁), both readings are kept, up to
 * {@link TRANSLITERATION_POLICY}.maxVariants keys. Chinese characters are read from the transliteration
 * table (`transliteration-characters.ts`); only runs of its characters are names.
 */
import { NAME_PART_SEPARATOR, TRANSLITERATION_PINYIN } from './transliteration-characters';

/** Tuning of transliteration matching. Frozen. */
export const TRANSLITERATION_POLICY = Object.freeze({
  /**
   * Fewest consonant classes a key needs to be matched: two-class keys (`May` → `N`, `Peter` → `PT`) match
   * too many unrelated runs of transliteration characters. Three is the shortest that told apart the names
   * of the unit tests (Merkel MKL, Wales FLS) from their decoys.
   */
  minClasses: 3,
  /** Most keys kept for one English name (ambiguous letters double them). */
  maxVariants: 8,
  /** Longest Chinese name considered, in characters (separators not counted): 特雷莎·梅 is 4, 墨西哥城 4. */
  maxNameCharacters: 8,
});

const VOWEL = /[aeiouy]/u;

/** Consonant classes of one pinyin syllable: initial (h, y dropped; w → F), `er` → L, final -n/-ng → N. */
function syllableKey(syllable: string): string {
  if (syllable === 'er') return 'L';
  const initial = /^(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?/u.exec(syllable)?.[0] ?? '';
  const map: Record<string, string> = { b: 'P', p: 'P', d: 'T', t: 'T', g: 'K', k: 'K', f: 'F', w: 'F', l: 'L', r: 'L', m: 'N', n: 'N' };
  const head = map[initial] ?? (/^(?:zh|ch|sh|[jqxzcs])$/u.test(initial) ? 'S' : '');
  const tail = /ng?$/u.test(syllable.slice(initial.length)) ? 'N' : '';
  // hu + vowel writes an English w (华盛顿 Washington, 怀特 White, 爱德华 Edward).
  return `${/^hu[aio]/u.test(syllable) ? 'F' : head}${tail}`;
}

/** Removes repeated classes (`NNN` → `N`): doubled letters and a nasal final before a nasal initial read once. */
function collapse(key: string): string {
  return key.replace(/(.)\1+/gu, '$1');
}

/**
 * The phonetic key of a Chinese name written in transliteration characters (`默克尔` → `MKL`), separators
 * ignored; null when a character is not in the table.
 */
export function chineseNameKey(name: string): string | null {
  let key = '';
  for (const character of name) {
    if (NAME_PART_SEPARATOR.test(character)) continue;
    const syllable = TRANSLITERATION_PINYIN.get(character);
    if (syllable === undefined) return null;
    key += syllableKey(syllable);
  }
  return collapse(key);
}

/**
 * The phonetic keys of one English name (one word or several, `Theresa May`), one per reading of its
 * ambiguous letters, at most {@link TRANSLITERATION_POLICY}.maxVariants; keys shorter than
 * `minClasses` are dropped. Letters other than a–z are ignored (word boundaries do not matter: 特雷莎·梅 is
 * matched joined).
 */
export function englishNameKeys(name: string): readonly string[] {
  // Doubled letters sound once (Pittsburgh: tt s → ts 兹); `sch` is read as `sh` (Scheele 舍勒).
  const word = name
    .toLowerCase()
    .normalize('NFD')
    .replace(/[^a-z]/gu, '')
    .replace(/([a-z])\1+/gu, '$1')
    .replace(/sch/gu, 'sh');
  let keys: string[] = [''];
  const push = (...options: string[]): void => {
    const next = new Set<string>();
    for (const key of keys) for (const option of options) next.add(key + option);
    keys = [...next].slice(0, TRANSLITERATION_POLICY.maxVariants);
  };
  const at = (index: number): string => word[index] ?? '';
  for (let index = 0; index < word.length; ) {
    const letter = at(index);
    const next = at(index + 1);
    const two = letter + next;
    const vowelAfter = (offset: number): boolean => VOWEL.test(at(index + offset)) && at(index + offset) !== '';
    if (VOWEL.test(letter) || letter === 'h') {
      index += 1;
      continue;
    }
    if (two === 'th') push('T');
    else if (two === 'ph') push('F');
    else if (two === 'sh' || two === 'ts' || two === 'tz') push('S');
    else if (two === 'ch') push('S', 'K');
    else if (two === 'ck' || two === 'qu') push('K');
    else if (two === 'gh') push(index === 0 ? 'K' : '');
    else if (two === 'ng') push('N');
    else if (letter === 'c') push(/[eiy]/u.test(next) ? 'S' : 'K');
    else if (letter === 'g') push(...(/[eiy]/u.test(next) ? ['K', 'S'] : ['K']));
    else if (letter === 'x') push('KS', 'S');
    else if (letter === 'r' || letter === 'l') {
      // Before a vowel r and l are always written (雷, 里, 洛); after one, l is written 尔 and r often dropped.
      if (letter === 'l' || vowelAfter(1) || index === 0) push('L');
      else push('L', '');
    } else if (letter === 'w') push(vowelAfter(1) ? 'F' : '');
    else {
      const map: Record<string, string> = { b: 'P', p: 'P', d: 'T', t: 'T', k: 'K', q: 'K', s: 'S', z: 'S', j: 'S', f: 'F', v: 'F', m: 'N', n: 'N' };
      push(map[letter] ?? '');
    }
    index += ['th', 'ph', 'sh', 'ts', 'tz', 'ch', 'ck', 'qu', 'gh', 'ng'].includes(two) ? 2 : 1;
  }
  return [...new Set(keys.map(collapse))].filter((key) => key.length >= TRANSLITERATION_POLICY.minClasses);
}

const TABLE_CHARACTERS = [...TRANSLITERATION_PINYIN.keys()].join('');
/** A run of two or more table characters, single separators allowed between them. */
const NAME_RUN = new RegExp(`[${TABLE_CHARACTERS}](?:${NAME_PART_SEPARATOR.source}?[${TABLE_CHARACTERS}])+`, 'gu');

/** One transliterated name found in Chinese text. */
export interface TransliteratedName {
  /** As written, separators included (`特雷莎·梅`). */
  readonly surface: string;
  readonly key: string;
}

/**
 * The transliterated names of a Chinese text: in each maximal run of transliteration characters (single
 * separators inside allowed), every stretch of whole name parts (`特雷莎`, `梅`, `特雷莎·梅` in `特雷莎·梅`)
 * of 2 to `maxNameCharacters` characters, with its key, when the key has at least `minClasses` classes.
 * Only whole parts: on the calibration half of `npm run eval:bridge`, also taking stretches inside a part
 * (any substring) matched more wrong names and lowered headline top-5 from 1.000 to 0.979.
 */
export function transliteratedNames(text: string): TransliteratedName[] {
  const names: TransliteratedName[] = [];
  for (const match of text.matchAll(NAME_RUN)) {
    const characters = [...match[0]];
    // A name part ends at the run's ends and at separators: a stretch is one or more whole parts.
    const partEdge = (index: number): boolean =>
      index <= 0 || index >= characters.length || NAME_PART_SEPARATOR.test(characters[index] ?? '') || NAME_PART_SEPARATOR.test(characters[index - 1] ?? '');
    for (let start = 0; start < characters.length; start += 1) {
      if (NAME_PART_SEPARATOR.test(characters[start] ?? '') || !partEdge(start)) continue;
      let count = 0;
      for (let end = start + 1; end <= characters.length; end += 1) {
        const last = characters[end - 1] ?? '';
        if (NAME_PART_SEPARATOR.test(last)) continue;
        count += 1;
        if (count > TRANSLITERATION_POLICY.maxNameCharacters) break;
        if (count < 2) continue;
        if (!partEdge(end)) continue;
        const surface = characters.slice(start, end).join('');
        const key = chineseNameKey(surface);
        if (key !== null && key.length >= TRANSLITERATION_POLICY.minClasses) names.push({ surface, key });
      }
    }
  }
  return names;
}

/** The corpus's transliterated names by key, for turning an English name into the Chinese the corpus writes. */
export class TransliterationIndex {
  readonly #names = new Map<string, Set<string>>();

  /** Adds the names of one text. */
  add(text: string): void {
    for (const { surface, key } of transliteratedNames(text)) {
      const set = this.#names.get(key);
      if (set === undefined) this.#names.set(key, new Set([surface]));
      else set.add(surface);
    }
  }

  /** The Chinese names with this key (`MKL` → `['默克尔']`), separators kept; empty when none. */
  namesWithKey(key: string): readonly string[] {
    return [...(this.#names.get(key) ?? [])];
  }
}
