/**
 * Pinyin for matching Chinese names with their Latin spellings (徐南平 ↔ Xu Nanping, 南宁 ↔ Nanning): the
 * adapter around `pinyin-pro` (the only file that imports it) and a parser that splits a Latin word into
 * pinyin syllables.
 *
 * Syllables are lowercase and toneless; `ü` is written `u`, as names are in English text (吕 → `lu`).
 */

/**
 * The toneless pinyin syllables, as `pinyin-pro` 3 reads the CJK Unified Ideographs U+4E00–U+9FFF (all
 * readings), without the interjections `hng`, `m`, `n`, `ng` (they would split `nanning` into `n an ning`)
 * and without the `ü` forms (`lü`, `lüe`, `nü`, `nüe`), which English text spells `lu`, `lue`, `nu`, `nue`.
 * 407 syllables; `tests/retrieve/pinyin.test.ts` checks the list against the library.
 */
export const PINYIN_SYLLABLES: ReadonlySet<string> = new Set(
  `a ai an ang ao ba bai ban bang bao bei ben beng bi bian biao bie bin bing bo bu ca cai can cang cao ce cen
  ceng cha chai chan chang chao che chen cheng chi chong chou chu chua chuai chuan chuang chui chun chuo ci
  cong cou cu cuan cui cun cuo da dai dan dang dao de dei den deng di dia dian diao die ding diu dong dou du
  duan dui dun duo e ei en eng er fa fan fang fei fen feng fo fou fu ga gai gan gang gao ge gei gen geng gong
  gou gu gua guai guan guang gui gun guo ha hai han hang hao he hei hen heng hong hou hu hua huai huan huang
  hui hun huo ji jia jian jiang jiao jie jin jing jiong jiu ju juan jue jun ka kai kan kang kao ke kei ken keng
  kong kou ku kua kuai kuan kuang kui kun kuo la lai lan lang lao le lei leng li lia lian liang liao lie lin
  ling liu lo long lou lu luan lun luo ma mai man mang mao me mei men meng mi mian miao mie min ming miu mo mou
  mu na nai nan nang nao ne nei nen neng ni nian niang niao nie nin ning niu nong nou nu nuan nuo o ou pa pai
  pan pang pao pei pen peng pi pian piao pie pin ping po pou pu qi qia qian qiang qiao qie qin qing qiong qiu
  qu quan que qun ran rang rao re ren reng ri rong rou ru rua ruan rui run ruo sa sai san sang sao se sen seng
  sha shai shan shang shao she shei shen sheng shi shou shu shua shuai shuan shuang shui shun shuo si song sou
  su suan sui sun suo ta tai tan tang tao te tei teng ti tian tiao tie ting tong tou tu tuan tui tun tuo wa wai
  wan wang wei wen weng wo wu xi xia xian xiang xiao xie xin xing xiong xiu xu xuan xue xun ya yan yang yao ye
  yi yin ying yo yong you yu yuan yue yun za zai zan zang zao ze zei zen zeng zha zhai zhan zhang zhao zhe zhei
  zhen zheng zhi zhong zhou zhu zhua zhuai zhuan zhuang zhui zhun zhuo zi zong zou zu zuan zui zun zuo`
    .split(/\s+/u)
    .filter((syllable) => syllable !== ''),
);

/** The longest syllable (`chuang`, `shuang`, `zhuang`: 6 letters). */
const LONGEST_SYLLABLE = 6;

/**
 * Every way to split `word` into pinyin syllables, each as the syllables joined by single spaces
 * (`xunanping` → `['xu nan ping', 'xun an ping']`), at most `limit` of them, in lexicographic order of
 * syllable lengths (shortest first syllable first). Apostrophes and hyphens are syllable boundaries
 * (`xi'an` → `['xi an']`). Empty when the word is not pinyin (`change` parses, `climate` does not).
 * @param word - one Latin word; case is ignored.
 */
export function parsePinyin(word: string, limit = 8): readonly string[] {
  const parts = word.toLowerCase().split(/['’‐-]/u);
  let parses: string[][] = [[]];
  for (const part of parts) {
    if (!/^[a-z]+$/u.test(part)) return [];
    const partParses = splitSyllables(part, limit);
    if (partParses.length === 0) return [];
    parses = parses.flatMap((prefix) => partParses.map((parse) => [...prefix, ...parse])).slice(0, limit);
  }
  return parses.map((parse) => parse.join(' '));
}

function splitSyllables(letters: string, limit: number): string[][] {
  // ways[position] = the parses of letters.slice(position), built right to left.
  const ways: string[][][] = new Array<string[][]>(letters.length + 1);
  ways[letters.length] = [[]];
  for (let start = letters.length - 1; start >= 0; start -= 1) {
    const found: string[][] = [];
    for (let end = start + 1; end <= Math.min(letters.length, start + LONGEST_SYLLABLE); end += 1) {
      const syllable = letters.slice(start, end);
      if (!PINYIN_SYLLABLES.has(syllable)) continue;
      for (const rest of ways[end] ?? []) {
        if (found.length >= limit) break;
        found.push([syllable, ...rest]);
      }
    }
    ways[start] = found;
  }
  return ways[0] ?? [];
}

/** Turns Chinese text into toneless pinyin syllables. */
export class PinyinRomanizer {
  private readonly convert: (run: string) => readonly string[];

  /**
   * @param convert - the syllables of a run of Han characters, one per character, in context (so that
   *   polyphones read as in the word: 重庆 → `chong qing`).
   */
  constructor(convert: (run: string) => readonly string[]) {
    this.convert = convert;
  }

  /**
   * The syllables of one run of Han characters, one per character (`徐南平` → `['xu', 'nan', 'ping']`),
   * `ü` written `u`; null when the converter does not give one syllable per character.
   */
  syllables(run: string): readonly string[] | null {
    const syllables = this.convert(run).map((syllable) => syllable.replaceAll('ü', 'u').replaceAll('v', 'u'));
    return syllables.length === [...run].length && syllables.every((syllable) => /^[a-z]+$/u.test(syllable)) ? syllables : null;
  }

  /**
   * The Han text of `text` as pinyin: the syllables of each run of Han characters separated by spaces,
   * runs separated by ` | `, with a space at both ends (`'在南宁，徐南平'` → `' zai nan ning | xu nan ping '`),
   * so that a name's syllables can be searched as ` ${syllables} ` without matching across a run.
   */
  textPinyin(text: string): string {
    const runs: string[] = [];
    for (const match of text.matchAll(/\p{Script=Han}+/gu)) {
      const syllables = this.syllables(match[0]);
      if (syllables !== null) runs.push(syllables.join(' '));
    }
    return runs.length === 0 ? '' : ` ${runs.join(' | ')} `;
  }
}

/**
 * Loads `pinyin-pro` (about 90 ms the first time) and wraps it.
 * @throws whatever the dynamic import throws when the package is missing.
 */
export async function loadPinyinRomanizer(): Promise<PinyinRomanizer> {
  const { pinyin } = await import('pinyin-pro');
  return new PinyinRomanizer((run) => pinyin(run, { toneType: 'none', type: 'array' }));
}
