import { describe, expect, it } from 'vitest';
import { CitationChecker, SentenceStream } from '../../src/answer/citation-check';
import { Glossary } from '../../src/language';

const SOURCES = [
  { n: 1, text: '第八次中美清洁能源联合研究中心指导委员会会议 — 科技日报, 2016-07-01\n美国能源部部长莫尼兹出席会议。双方签署了3项协议，投入资金1.5亿元。' },
  {
    n: 2,
    text: 'China-Japan Young Scientists Exchange Program Launched — Science and Technology Daily, 2016-10-09\nThe first Japanese delegation of 78 young scientists arrived in Beijing on October 9.',
  },
];

describe('CitationChecker', () => {
  const checker = new CitationChecker(SOURCES, 'en', Glossary.parse('莫尼兹\tMoniz\n', 'test glossary'));

  it('keeps a marker whose source contains the sentence facts', () => {
    const result = checker.check('The delegation had 78 young scientists [2]. ');
    expect(result.markers).toEqual([2]);
    expect(result.unsupportedFacts).toEqual([]);
    expect(result.text).toBe('The delegation had 78 young scientists. [2] ');
  });

  it('removes a marker that points to no source', () => {
    const result = checker.check('The delegation arrived in Beijing [7].');
    expect(result.invalidMarkers).toEqual([7]);
    expect(result.text).not.toContain('[7]');
  });

  it('moves a marker to the one source that contains the facts', () => {
    const result = checker.check('The delegation had 78 members [1].');
    expect(result.markers).toEqual([2]);
    expect(result.text).toContain('[2]');
  });

  it('flags a number that no source contains and drops its markers', () => {
    const result = checker.check('The delegation had 95 members [2].');
    expect(result.unsupportedFacts).toEqual(['95']);
    expect(result.markers).toEqual([]);
    expect(result.text).toContain('(not found in the sources)');
    expect(result.text).not.toContain('[2]');
  });

  it('matches scaled numbers across languages and glossary names across scripts', () => {
    expect(checker.check('Funding reached 150 million yuan [1].').markers).toEqual([1]);
    expect(checker.check('US Energy Secretary Moniz attended [1].').unsupportedFacts).toEqual([]);
  });

  it('flags a Latin name missing from an English source', () => {
    expect(checker.check('The delegation was led by Tanaka [2].').unsupportedFacts).toEqual(['Tanaka']);
  });

  it('adds the marker of the one source that supports an uncited factual sentence', () => {
    expect(checker.check('They arrived on October 9.').markers).toEqual([2]);
  });

  it('normalises full-width and grouped markers', () => {
    const zhChecker = new CitationChecker(SOURCES, 'zh');
    const result = zhChecker.check('双方签署了3项协议【1】。');
    expect(result.text).toBe('双方签署了3项协议[1]。');
    expect(checker.check('Both [1, 2] sources exist.').markers).toEqual([1, 2]);
  });
});

describe('CitationChecker: only verified links (issue 16, row 6)', () => {
  const LINKED_SOURCES = [
    ...SOURCES,
    { n: 3, text: 'Science Park Opens — MOST, 2016-11-02\nDetails are at https://www.most.gov.cn/parks/2016?id=7 and on the park site.' },
  ];
  const checker = new CitationChecker(LINKED_SOURCES, 'en');

  it('replaces a Markdown link to a URL no cited source contains with its label, keeping the sentence and its citation', () => {
    const result = checker.check('The delegation had 78 young scientists, see [the programme page](https://evil.example/join) [2]. ');
    expect(result.text).toBe('The delegation had 78 young scientists, see the programme page. [2] ');
    expect(result.unverifiedLinks).toEqual(['https://evil.example/join']);
    expect(result.markers).toEqual([2]);
  });

  it('keeps a link whose URL the cited source contains (with or without scheme and www)', () => {
    const exact = checker.check('Details are online at [the ministry](https://www.most.gov.cn/parks/2016?id=7) [3].');
    expect(exact.text).toContain('[the ministry](https://www.most.gov.cn/parks/2016?id=7)');
    expect(exact.unverifiedLinks).toEqual([]);
    expect(checker.check('See most.gov.cn/parks/2016?id=7 for details [3].').text).toContain('most.gov.cn/parks/2016?id=7');
  });

  it('removes a link whose URL only an uncited source contains', () => {
    const result = checker.check('The delegation had 78 young scientists, see [page](https://www.most.gov.cn/parks/2016?id=7) [2].');
    expect(result.text).toBe('The delegation had 78 young scientists, see page. [2]');
  });

  it('removes Slack links and bare URLs that no cited source contains, and does not read their digits as facts', () => {
    const slack = checker.check('The delegation had 78 young scientists <https://evil.example/9999|official list> [2].');
    expect(slack.text).toBe('The delegation had 78 young scientists official list. [2]');
    expect(slack.unsupportedFacts).toEqual([]);
    const bare = checker.check('The delegation had 78 young scientists https://evil.example/2099/x. [2]');
    expect(bare.text).toBe('The delegation had 78 young scientists. [2]');
    expect(bare.unverifiedLinks).toEqual(['https://evil.example/2099/x']);
    const autolink = checker.check('More at <https://evil.example> on the program [2].');
    expect(autolink.text).not.toContain('evil.example');
  });

  it('removes every link of a sentence that cites nothing', () => {
    expect(checker.check('The details are in [this report](https://www.most.gov.cn/parks/2016?id=7) online.').text).toBe('The details are in this report online.');
  });
});

describe('SentenceStream', () => {
  it('does not end a sentence at a ? or ! inside a link, but does after one', () => {
    const stream = new SentenceStream();
    const emitted = [
      ...stream.push('See [the page](https://example.org/a?'),
      ...stream.push('b=1&c=2!x) for more [1]. Is it https://example.org/q? '),
      ...stream.push('Yes.'),
    ];
    expect(emitted).toEqual(['See [the page](https://example.org/a?b=1&c=2!x) for more [1]. ', 'Is it https://example.org/q? ']);
  });


  it('emits sentences with their trailing markers only once they are complete', () => {
    const stream = new SentenceStream();
    const emitted: string[] = [];
    for (const delta of ['The first ', 'delegation had 78 members', '. [2', '] It arrived on No. 5 ', 'street.\n- Bullet', ' two [1]\n', 'end']) {
      emitted.push(...stream.push(delta));
    }
    emitted.push(stream.end());
    expect(emitted).toEqual(['The first delegation had 78 members. [2] ', 'It arrived on No. 5 street.\n', '- Bullet two [1]\n', 'end']);
  });

  it('splits Chinese sentences and keeps decimals whole', () => {
    const stream = new SentenceStream();
    const emitted = [...stream.push('投入1.5亿元。双方签署协议[1]。'), ...stream.push('完')];
    expect(emitted).toEqual(['投入1.5亿元。', '双方签署协议[1]。']);
    expect(stream.end()).toBe('完');
  });
});
