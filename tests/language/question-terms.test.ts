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
