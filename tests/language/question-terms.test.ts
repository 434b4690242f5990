/**
 * Issue 11 (question words counted as topic terms): Chinese interrogatives formed with 哪/几 + a measure
 * word or 多 + a dimension ask for the answer; they are never a term the article must contain.
 */
import { describe, expect, it } from 'vitest';
import { extractQuestionTerms, Glossary } from '../../src/language';

const surfaces = (question: string): string[] => extractQuestionTerms(question, Glossary.empty()).map((term) => term.surface);

describe('Chinese interrogatives are not terms', () => {
  it.each([
    ['实验室的主任是哪位教授？', '哪位'],
    ['这个项目由哪家公司承建？', '哪家'],
    ['合作涉及哪国的大学？', '哪国'],
    ['双方签署了几项协议？', '几项'],
    ['示范区建设持续多久？', '多久'],
    ['新建的园区有多大？', '多大'],
  ])('%s leaves out %s', (question, interrogative) => {
    const terms = surfaces(question);
    expect(terms).not.toContain(interrogative);
    expect(terms.length).toBeGreaterThan(0);
  });

  it('keeps the topic words around them', () => {
    expect(surfaces('双方签署了几项协议？')).toEqual(expect.arrayContaining(['签署', '协议']));
  });
});

describe('English question frames are not terms', () => {
  it.each([
    ['What is the name of the property that makes a number prime?', 'name'],
    ['What kind of laboratory did the institute open?', 'kind'],
    ['What is the agreement called?', 'call'],
    ['Which type of reactor was built?', 'type'],
  ])('%s leaves out %s', (question, frame) => {
    const terms = surfaces(question);
    expect(terms).not.toContain(frame);
    expect(terms.length).toBeGreaterThan(0);
  });
});

describe('Chinese terms read as the corpus writes them', () => {
  // A stand-in corpus: the texts an index holds (what `CorpusAttestation` answers over).
  const corpus = '坡鹿是一种鹿。苏州街站位于海淀区。金砖国家技术转移中心在昆明揭牌，中心主任由专家担任。';
  const attested = (text: string): boolean => corpus.includes(text);
  const read = (question: string): string[] => extractQuestionTerms(question, Glossary.empty(), undefined, attested).map((term) => term.surface);

  it('joins what the segmenter cut out of a name and drops what it glued to a function character', () => {
    // Without the corpus the segmenter's words are terms no article contains (鹿又, 站在).
    expect(surfaces('坡鹿又叫什么？')).not.toContain('坡鹿');
    expect(read('坡鹿又叫什么？')).toEqual(['坡鹿']);
    expect(surfaces('苏州街站在什么地方？')).toContain('站在');
    expect(read('苏州街站在什么地方？')).toEqual(expect.arrayContaining(['苏州街站']));
    expect(read('苏州街站在什么地方？')).not.toContain('站在');
  });

  it('keeps a word the corpus lacks when no attested term cuts it: a missing asked thing is evidence', () => {
    expect(read('金砖国家技术转移中心的首任主任是谁？')).toEqual(['金砖国家技术转移中心', '首任', '主任']);
  });
});

describe('Chinese connectives and filler are not terms (stopwords-iso)', () => {
  it.each([
    ['除了公立学校，还有哪些学校？', ['除了', '还有']],
    ['为了改变形象，该地区做了什么？', ['为了']],
    ['这座桥如今有时还开放吗？', ['有时']],
  ])('%s leaves out %j', (question, fillers) => {
    const terms = surfaces(question);
    for (const filler of fillers) expect(terms).not.toContain(filler);
    expect(terms.length).toBeGreaterThan(0);
  });

  it('literary interrogatives (何种, 何处) and naming frames (叫做, 称为) are not terms', () => {
    const terms = surfaces('这种植物在何处生长，又称为什么？');
    expect(terms).not.toContain('何处');
    expect(terms).not.toContain('称为');
    expect(terms).toEqual(expect.arrayContaining(['植物', '生长']));
  });
});
