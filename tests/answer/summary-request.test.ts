import { describe, expect, it } from 'vitest';
import { parseSummaryRequest, summarizeExtractively } from '../../src/answer';

describe('parseSummaryRequest', () => {
  it.each([
    ['Summarize issue No. 23', false, { scope: 'issue', issueNumber: '23', currentIssue: false }],
    ['summarise issue 824', false, { scope: 'issue', issueNumber: '824', currentIssue: false }],
    ['总结一下第23期', false, { scope: 'issue', issueNumber: '23', currentIssue: false }],
    ['总第824期讲了什么？', false, { scope: 'issue', issueNumber: '824', currentIssue: false }],
    ['总结一下这一期', false, { scope: 'issue', issueNumber: null, currentIssue: true }],
    ['What is in the latest issue?', false, { scope: 'issue', issueNumber: null, currentIssue: true }],
    ['Summarize the article about the Qingdao innovation park', false, { scope: 'article', issueNumber: null, currentIssue: false }],
    ['概括一下讲南沙综合保税区的那篇', false, { scope: 'article', issueNumber: null, currentIssue: false }],
    ['What happened in China-Africa cooperation in 2016?', true, { scope: 'period', issueNumber: null, currentIssue: false }],
    ['总结一下2016年中美创新合作的进展', true, { scope: 'period', issueNumber: null, currentIssue: false }],
    ['Summarize the 2018 article about the Pujiang forum', true, { scope: 'article', issueNumber: null, currentIssue: false }],
  ] as const)('%s', (question, hasPeriod, expected) => {
    expect(parseSummaryRequest(question, hasPeriod)).toEqual(expected);
  });

  it.each([
    ['Who chaired the 8th CERC Steering Committee Meeting?', false],
    ['青岛中美科技创新园和哪些美国高校合作？', false],
    ['What did China and South Africa agree on in 2018?', true],
    ['Which issue reported the Qingdao park?', false],
  ] as const)('is null for a question that asks for no summary: %s', (question, hasPeriod) => {
    expect(parseSummaryRequest(question, hasPeriod)).toBeNull();
  });
});

describe('summarizeExtractively', () => {
  const body = [
    'The Harbin quantum laboratory opened on 4 May 2020 with twelve research groups.',
    'Its director said the laboratory will study quantum sensing and quantum communication.',
    'Lunch was served.',
    'The laboratory plans joint quantum sensing projects with universities in Russia and Japan.',
    'Quantum sensing research at the laboratory will also support industry in Heilongjiang.',
  ].join(' ');

  it('keeps central sentences in text order and skips filler', () => {
    const sentences = summarizeExtractively(body, { maxSentences: 3 }).map((sentence) => sentence.text);
    expect(sentences).toHaveLength(3);
    expect(sentences).not.toContain('Lunch was served.');
    const positions = sentences.map((sentence) => body.indexOf(sentence));
    expect([...positions].sort((left, right) => left - right)).toEqual(positions);
  });

  it('respects the character budget after the first sentence', () => {
    const sentences = summarizeExtractively(body, { maxSentences: 5, maxCharacters: 100 });
    const total = sentences.reduce((sum, sentence) => sum + sentence.text.length, 0);
    expect(sentences.length).toBeLessThan(5);
    expect(sentences.length === 1 || total <= 100).toBe(true);
  });

  it('prefers sentences with the focus', () => {
    const sentences = summarizeExtractively(body, { maxSentences: 1, isFocused: (sentence) => sentence.includes('Russia') });
    expect(sentences[0]?.text).toContain('Russia');
  });

  it('returns nothing for an empty body', () => {
    expect(summarizeExtractively('')).toEqual([]);
  });
});
