/**
 * The other-language lexical query of an English question (`bridgeQueryWords`), over a small lexicon
 * written for the test: only corpus-attested headwords, only those with a leading sense wholly in the
 * question, and transliterated names by phonetic key.
 */
import { describe, expect, it } from 'vitest';
import { BilingualLexicon, BRIDGE_QUERY_POLICY, bridgeQueryWords, englishNameKeys, extractQuestionTerms, Glossary } from '../../src/language';

/** Sense phrases as the lexicon stores them (stemmed, `to ` for verbs), leading senses first. */
const lexicon = new BilingualLexicon(
  {
    senses: new Map<string, readonly string[]>([
      ['火山', ['volcano']],
      ['活火山', ['activ volcano']],
      ['喷发', ['to erupt', 'erupt']],
      ['落地', ['to fall ground', 'to set ground', 'to reach ground', 'to born', 'to land']],
      ['陆地', ['land']],
      ['国土', ['nation land']],
      ['墨西哥', ['mexico']],
      ['墨西哥城', ['mexico citi']],
    ]),
    englishWords: new Set(['volcano', 'erupt', 'land', 'city', 'active']),
  },
  null,
);

const everything = (): boolean => true;
const words = (question: string, attested: (text: string) => boolean = everything, names: (key: string) => readonly string[] = () => []): readonly string[] =>
  bridgeQueryWords(extractQuestionTerms(question, Glossary.empty(), lexicon), lexicon, attested, names);

describe('dictionary words', () => {
  it('translates a word by the headwords with that sense, the sense alone first', () => {
    expect(words('volcano erupts')).toEqual(['火山', '喷发']);
    expect(words('active volcano')).toEqual(['活火山', '火山']);
  });

  it('takes a headword only when a whole sense is in the question', () => {
    expect(words('Mexico')).toEqual(['墨西哥']);
    expect(words('Mexico City')).toEqual(expect.arrayContaining(['墨西哥', '墨西哥城']));
    expect(words('landing')).not.toContain('国土');
  });

  it(`takes only a headword's first ${BRIDGE_QUERY_POLICY.leadingSenses} senses`, () => {
    expect(words('landing')).toEqual(['陆地']);
  });

  it('leaves out what the corpus does not write', () => {
    expect(words('volcano erupts', (text) => text !== '火山')).toEqual(['喷发']);
  });
});

describe('transliterated names', () => {
  it('adds the corpus names whose key an English name has', () => {
    const corpus = new Map([[englishNameKeys('Merkel').at(-1) ?? '', ['默克尔']]]);
    expect(words('Merkel visits', everything, (key) => corpus.get(key) ?? [])).toEqual(['默克尔']);
    expect(words('Peter visits', everything, (key) => corpus.get(key) ?? [])).toEqual([]);
  });
});
