/**
 * Sentences in both languages (src/language/sentences.ts): the batch splitter used for chunks, answers and
 * summaries, the abbreviation rule it shares with the streaming splitter, and ICU's segments.
 */
import { describe, expect, it } from 'vitest';
import { SentenceStream } from '../../src/answer/citation-check';
import { endsWithAbbreviation, sentenceSegments, splitSentences } from '../../src/language';

describe('splitSentences', () => {
  it('ends Chinese sentences at 。！？； with a closing quote kept', () => {
    expect(splitSentences('双方签署了协议。会议在京举行；“合作很重要！”他说。')).toEqual(['双方签署了协议。', '会议在京举行；', '“合作很重要！”', '他说。']);
  });

  it('ends English sentences before a capital, a digit or a quote, never after an abbreviation', () => {
    expect(splitSentences('Dr. Wang met Prof. Li in the U.S. They signed. 78 people came on Sept. 20 in Beijing.')).toEqual([
      'Dr. Wang met Prof. Li in the U.S. They signed.',
      '78 people came on Sept. 20 in Beijing.',
    ]);
  });

  it('always ends a sentence at a blank line', () => {
    expect(splitSentences('First line without a stop\n\nSecond paragraph.')).toEqual(['First line without a stop', 'Second paragraph.']);
  });
});

describe('endsWithAbbreviation', () => {
  it.each(['Dr.', 'the U.S.', 'No.', 'on Sept.', 'e.g.', 'Acme Co.'])('%s is an abbreviation', (text) => {
    expect(endsWithAbbreviation(text)).toBe(true);
  });

  it.each(['He left.', 'in 2016.', 'the US', 'Sept'])('%s is not', (text) => {
    expect(endsWithAbbreviation(text)).toBe(false);
  });
});

describe('SentenceStream shares the abbreviation rule', () => {
  it('does not cut streamed text after U.S. or Sept.', () => {
    const stream = new SentenceStream();
    const sentences = [...stream.push('The U.S. delegation came on Sept. 20 [1]. '), ...stream.push('It left. ')];
    expect(sentences).toEqual(['The U.S. delegation came on Sept. 20 [1]. ']);
    expect(stream.end()).toBe('It left. ');
  });
});

describe('sentenceSegments (ICU)', () => {
  it('gives the text back when joined, with both languages cut', () => {
    const text = '会议在京举行。It was held in Beijing. Then it ended!';
    const segments = sentenceSegments(text);
    expect(segments.join('')).toBe(text);
    expect(segments.length).toBe(3);
  });
});
