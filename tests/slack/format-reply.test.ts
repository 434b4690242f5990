import { describe, expect, it } from 'vitest';
import {
  ANSWER_ACTION_IDS,
  blockTextLength,
  decodeShowOriginalValue,
  encodeShowOriginalValue,
  escapeMrkdwn,
  formatAnswerAttachments,
  formatAnswerReply,
  formatCitationMrkdwn,
  formatFailureReply,
  formatHelpReply,
  formatOriginalReply,
  formatRateLimitedReply,
  formatSourcesReply,
  SLACK_MESSAGE_LIMITS,
  splitAnswerText,
  truncateMrkdwn,
  type SlackReply,
} from '../../src/slack/format-reply';
import { passagesForArticles, passagesForCitations } from '../../src/slack/original-passages';
import { SLACK_INTERFACE_TEXT } from '../../src/slack/ui-text';
import { answerResultFixture, articleFixtures, citationFixture } from './support/fake-assistant';

function sections(reply: SlackReply): string[] {
  return reply.blocks.flatMap((block) => (block.type === 'section' && block.text !== undefined ? [block.text.text] : []));
}

function contextBlocks(reply: SlackReply): string[][] {
  return reply.blocks.flatMap((block) =>
    block.type === 'context' ? [block.elements.map((element) => ('text' in element ? element.text : ''))] : [],
  );
}

/** Undoes {@link escapeMrkdwn}, to compare escaped output with the original text. */
function unescape(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

describe('escapeMrkdwn', () => {
  it('escapes exactly &, < and >, ampersand first', () => {
    expect(escapeMrkdwn('a & b < c > d &amp; [1] *x* _y_')).toBe('a &amp; b &lt; c &gt; d &amp;amp; [1] *x* _y_');
  });
});

describe('truncateMrkdwn', () => {
  it('leaves short text alone and ends cut text with an ellipsis within the limit', () => {
    expect(truncateMrkdwn('short', 10)).toBe('short');
    const cut = truncateMrkdwn('abcdefghijklmnop', 10);
    expect(cut).toBe('abcdefghi…');
    expect(cut.length).toBe(10);
  });

  it('never cuts an entity or a surrogate pair in half', () => {
    expect(truncateMrkdwn('abcdef&amp;ghij', 9)).toBe('abcdef…');
    expect(truncateMrkdwn('abcdefg😀hij', 9)).toBe('abcdefg…');
  });
});

describe('splitAnswerText', () => {
  it('keeps a short answer in one piece', () => {
    expect(splitAnswerText('One paragraph [1].\n\nAnother [2].', 3000)).toEqual(['One paragraph [1].\n\nAnother [2].']);
  });

  it('breaks between paragraphs first', () => {
    const paragraphs = ['a'.repeat(60), 'b'.repeat(60), 'c'.repeat(60)];
    expect(splitAnswerText(paragraphs.join('\n\n'), 130)).toEqual([`${paragraphs[0]}\n\n${paragraphs[1]}`, paragraphs[2]]);
  });

  it('breaks a long paragraph between sentences, English and Chinese', () => {
    const english = 'The dialogue was held in Beijing [1]. Both sides discussed innovation policy [2]. They agreed to meet again [3].';
    const englishPieces = splitAnswerText(english, 60);
    expect(englishPieces).toEqual([
      'The dialogue was held in Beijing [1].',
      'Both sides discussed innovation policy [2].',
      'They agreed to meet again [3].',
    ]);
    const chinese = '第七次中美创新对话在京举行[1]。双方就创新战略交换了意见[2]。会议取得积极成果[3]。';
    const chinesePieces = splitAnswerText(chinese, 20);
    expect(chinesePieces).toEqual(['第七次中美创新对话在京举行[1]。', '双方就创新战略交换了意见[2]。', '会议取得积极成果[3]。']);
  });

  it('hard-splits a sentence longer than the limit at spaces, never inside a [n] marker', () => {
    const sentence = Array.from({ length: 40 }, (_, index) => `word${index} [${index}]`).join(' ');
    const pieces = splitAnswerText(sentence, 50);
    for (const piece of pieces) {
      expect(piece.length).toBeLessThanOrEqual(50);
      expect(piece).not.toMatch(/\[\d*$/);
      expect(piece).not.toMatch(/^\d*\]/);
    }
    expect(pieces.join(' ')).toBe(sentence);
  });

  it('measures the escaped length, so escaping never pushes a piece over the limit', () => {
    const text = '&'.repeat(100);
    const pieces = splitAnswerText(text, 30);
    for (const piece of pieces) expect(piece.length).toBeLessThanOrEqual(30);
    expect(unescape(pieces.join(''))).toBe(text);
    expect(pieces.join('')).not.toMatch(/&(?!amp;)/);
  });

  it('returns nothing for blank text', () => {
    expect(splitAnswerText('  \n\n ', 3000)).toEqual([]);
  });
});

describe('formatCitationMrkdwn', () => {
  it('lists title, outlet, date and issue, then the paired edition', () => {
    expect(formatCitationMrkdwn(citationFixture())).toBe(
      '[1] *7th China-US Innovation Dialogue Held in Beijing* — Science and Technology Daily, 2016-06-05, No. 23 (2016-12-15) · 中文版: 第七次中美创新对话在京举行',
    );
  });

  it('names the English edition for a Chinese citation and leaves out unknown fields', () => {
    const citation = citationFixture({
      n: 4,
      title: '第七次中美创新对话在京举行',
      source: '科技日报',
      issue: null,
      lang: 'zh',
      pair: { articleId: '004_cefe45b9264134e7#2', title: '7th China-US Innovation Dialogue Held in Beijing', lang: 'en', file: 'seeds/004_cefe45b9264134e7.txt' },
    });
    expect(formatCitationMrkdwn(citation)).toBe(
      '[4] *第七次中美创新对话在京举行* — 科技日报, 2016-06-05 · English edition: 7th China-US Innovation Dialogue Held in Beijing',
    );
    expect(formatCitationMrkdwn(citationFixture({ source: null, date: null, issue: null, pair: null }))).toBe(
      '[1] *7th China-US Innovation Dialogue Held in Beijing*',
    );
  });

  it('stays within the element limit for an absurdly long title', () => {
    const line = formatCitationMrkdwn(citationFixture({ title: 'Very long title '.repeat(300) }), 2000);
    expect(line.length).toBeLessThanOrEqual(2000);
    expect(line.endsWith('…')).toBe(true);
  });
});

describe('formatAnswerReply', () => {
  it('puts the answer in a section and the sources, ordered by marker, in a context block', () => {
    const reply = formatAnswerReply(
      answerResultFixture({
        answer: 'Answer citing [2] and [1].',
        citations: [citationFixture({ n: 2, title: 'Second' }), citationFixture({ n: 1, title: 'First', pair: null })],
      }),
    );
    expect(reply.blocks.map((block) => block.type)).toEqual(['section', 'context']);
    expect(sections(reply)).toEqual(['Answer citing [2] and [1].']);
    expect(contextBlocks(reply)[0]?.map((line) => line.slice(0, 12))).toEqual(['[1] *First* ', '[2] *Second*']);
    expect(reply.text).toBe(
      'Answer citing [2] and [1].\n\nSources:\n' +
        '[1] First — Science and Technology Daily, 2016-06-05, No. 23 (2016-12-15)\n' +
        '[2] Second — Science and Technology Daily, 2016-06-05, No. 23 (2016-12-15) · 中文版: 第七次中美创新对话在京举行',
    );
  });

  it('labels the fallback sources in Chinese for a Chinese answer', () => {
    const reply = formatAnswerReply(answerResultFixture({ lang: 'zh', answer: '双方交换了意见[1]。' }));
    expect(reply.text).toContain(`\n\n${SLACK_INTERFACE_TEXT.zh.sourcesLabel}:\n[1] `);
  });

  it('shows no sources when the answer was not found, even if citations are present', () => {
    const reply = formatAnswerReply(answerResultFixture({ found: false, answer: 'Not in the newsletters.' }));
    expect(reply.blocks.map((block) => block.type)).toEqual(['section']);
    expect(reply.text).toBe('Not in the newsletters.');
  });

  it('spreads more than ten sources over several context blocks of at most ten', () => {
    const citations = Array.from({ length: 23 }, (_, index) => citationFixture({ n: index + 1, title: `Article ${index + 1}` }));
    const reply = formatAnswerReply(answerResultFixture({ citations }));
    expect(contextBlocks(reply).map((elements) => elements.length)).toEqual([10, 10, 3]);
    expect(contextBlocks(reply).flat().at(-1)).toMatch(/^\[23\] \*Article 23\*/);
  });

  it('respects every limit for a huge answer: sections, block count, total text, and says it was shortened', () => {
    const answer = Array.from({ length: 4000 }, (_, index) => `Sentence ${index} [1].`).join(' ');
    const reply = formatAnswerReply(answerResultFixture({ answer }));
    const texts = sections(reply);
    for (const text of texts) expect(text.length).toBeLessThanOrEqual(SLACK_MESSAGE_LIMITS.sectionTextCharacters);
    expect(reply.blocks.length).toBeLessThanOrEqual(SLACK_MESSAGE_LIMITS.blocksPerMessage);
    const totalBlockText = [...texts, ...contextBlocks(reply).flat()].join('').length;
    expect(totalBlockText).toBeLessThanOrEqual(SLACK_MESSAGE_LIMITS.totalBlockTextCharacters);
    expect(texts.at(-1)).toContain(SLACK_INTERFACE_TEXT.en.truncationNote);
    expect(reply.blocks.at(-1)?.type).toBe('context');
    expect(reply.text.length).toBeLessThanOrEqual(SLACK_MESSAGE_LIMITS.messageTextCharacters);
    expect(answer.startsWith(texts[0]?.slice(0, 200) ?? '-')).toBe(true);
  });

  it('keeps to the block limit when only the block count binds', () => {
    const limits = { ...SLACK_MESSAGE_LIMITS, blocksPerMessage: 4, sectionTextCharacters: 100, totalBlockTextCharacters: 100_000 };
    const answer = Array.from({ length: 20 }, (_, index) => `Paragraph ${index} has a few words in it [1].`).join('\n\n');
    const reply = formatAnswerReply(answerResultFixture({ answer }), limits);
    expect(reply.blocks.map((block) => block.type)).toEqual(['section', 'section', 'section', 'context']);
    for (const text of sections(reply)) expect(text.length).toBeLessThanOrEqual(100);
    expect(sections(reply).at(-1)).toContain(SLACK_INTERFACE_TEXT.en.truncationNote);
  });

  it('never sends an empty section for an empty answer', () => {
    const reply = formatAnswerReply(answerResultFixture({ answer: '' }));
    expect(sections(reply)[0]?.length).toBeGreaterThan(0);
  });
});

describe('notices', () => {
  it('formats help in both languages by default, and in one when asked', () => {
    const help = formatHelpReply();
    expect(sections(help)).toHaveLength(2);
    expect(help.text).toContain(SLACK_INTERFACE_TEXT.en.exampleQuestions[0]);
    expect(help.text).toContain(SLACK_INTERFACE_TEXT.zh.exampleQuestions[0]);
    expect(help.text).toContain('Science &amp; Technology');
    const chineseOnly = formatHelpReply('zh');
    expect(sections(chineseOnly)).toHaveLength(1);
    expect(chineseOnly.text).not.toContain(SLACK_INTERFACE_TEXT.en.exampleQuestions[0]);
  });

  it('formats the apology in the requested language', () => {
    expect(formatFailureReply('zh').text).toBe(SLACK_INTERFACE_TEXT.zh.failure);
    expect(sections(formatFailureReply('en'))).toEqual([SLACK_INTERFACE_TEXT.en.failure]);
  });
});

describe('answer decorations and generated answers', () => {
  it('adds Show original and feedback buttons carrying the answer id, and Share first for private replies', () => {
    const reply = formatAnswerReply(answerResultFixture(), SLACK_MESSAGE_LIMITS, { answerId: 'ans1', share: true, footer: 'Shared by <@U1>' });
    expect(reply.blocks.map((block) => block.type)).toEqual(['section', 'context', 'context', 'actions', 'context_actions']);
    const actions = reply.blocks.at(-2);
    if (actions?.type !== 'actions') throw new Error('no actions block');
    expect(actions.elements.map((element) => ('action_id' in element ? element.action_id : ''))).toEqual([ANSWER_ACTION_IDS.share, ANSWER_ACTION_IDS.showOriginal]);
    const feedback = reply.blocks.at(-1);
    if (feedback?.type !== 'context_actions') throw new Error('no context_actions block');
    expect(feedback.elements).toEqual([
      expect.objectContaining({
        type: 'feedback_buttons',
        action_id: ANSWER_ACTION_IDS.feedback,
        positive_button: expect.objectContaining({ value: 'helpful:ans1' }),
        negative_button: expect.objectContaining({ value: 'not_helpful:ans1' }),
      }),
    ]);
    const showOriginal = actions.elements[1];
    expect(decodeShowOriginalValue(showOriginal !== undefined && 'value' in showOriginal ? showOriginal.value : undefined)).toEqual({
      id: 'ans1',
      articles: ['004_cefe45b9264134e7#2'],
    });
    expect(contextBlocks(reply)[1]).toEqual(['Shared by <@U1>']);
  });

  it('keeps the Show original value within 2000 characters by dropping article ids, and rejects foreign values', () => {
    const encoded = encodeShowOriginalValue({ id: 'a', articles: Array.from({ length: 200 }, (_, index) => `article-${index}#12`) });
    expect(encoded.length).toBeLessThanOrEqual(2000);
    expect(decodeShowOriginalValue(encoded)?.articles.length).toBeGreaterThan(50);
    expect(decodeShowOriginalValue('not json')).toBeUndefined();
    expect(decodeShowOriginalValue('{"id": 3}')).toBeUndefined();
  });

  it('renders a generated answer in markdown blocks, defusing Slack broadcasts, and the stream attachments separately', () => {
    const result = answerResultFixture({ mode: 'llm', answer: '## Summary\n\n**Both sides** met [1]. <!channel>' });
    const reply = formatAnswerReply(result, SLACK_MESSAGE_LIMITS, { answerId: 'a' });
    expect(reply.blocks.map((block) => block.type)).toEqual(['markdown', 'context', 'actions', 'context_actions']);
    const markdown = reply.blocks[0];
    expect(markdown?.type === 'markdown' && markdown.text).toBe('## Summary\n\n**Both sides** met [1]. <\u200B!channel>');
    expect(formatAnswerAttachments(result, SLACK_MESSAGE_LIMITS, { answerId: 'a' }).map((block) => block.type)).toEqual(['context', 'actions', 'context_actions']);
    expect(formatAnswerReply(result, SLACK_MESSAGE_LIMITS, { style: 'mrkdwn' }).blocks.map((block) => block.type)).toEqual(['section', 'context']);
  });

  it('drops whole Markdown pieces, never cutting one, when a generated answer exceeds the budget', () => {
    const limits = { ...SLACK_MESSAGE_LIMITS, sectionTextCharacters: 100, totalBlockTextCharacters: 650 };
    const answer = Array.from({ length: 12 }, (_, index) => `**Point ${index}** ${'word '.repeat(14).trim()} [1].`).join('\n\n');
    const reply = formatAnswerReply(answerResultFixture({ mode: 'llm', answer }), limits);
    const texts = reply.blocks.flatMap((block) => (block.type === 'markdown' ? [block.text] : []));
    expect(texts.at(-1)).toBe(`_${SLACK_INTERFACE_TEXT.en.truncationNote}_`);
    for (const text of texts.slice(0, -1)) {
      expect(answer).toContain(text);
      expect(text.length).toBeLessThanOrEqual(100);
    }
    expect(blockTextLength(reply.blocks)).toBeLessThanOrEqual(650);
  });
});

describe('original passages', () => {
  const articles = new Map(articleFixtures().map((article) => [article.id, article]));
  const lookup = (id: string) => articles.get(id);

  it('pairs the cited quote with the paragraph at the same position of the other edition', () => {
    const second = citationFixture({ n: 2, quote: 'The two sides exchanged views on innovation strategies' });
    const passages = passagesForCitations([second, citationFixture()], lookup);
    expect(passages.map((passage) => [passage.n, passage.passage, passage.pair?.passage])).toEqual([
      [1, 'The 7th China-US Innovation Dialogue was held in Beijing on 5 June 2016.', '2016年6月5日，第七次中美创新对话在北京举行。'],
      [2, 'The two sides exchanged views on innovation strategies', '双方就创新战略、创新生态系统等议题交换了意见。'],
    ]);
    const reply = formatOriginalReply(passages, 'zh');
    expect(sections(reply)[0]).toBe(`*${SLACK_INTERFACE_TEXT.zh.originalHeading}*`);
    expect(sections(reply)[2]).toBe('中文版: *第七次中美创新对话在京举行*\n> 2016年6月5日，第七次中美创新对话在北京举行。');
  });

  it('says so when an article is gone, and shows lead paragraphs for bare article ids', () => {
    const gone = passagesForCitations([citationFixture({ pair: { articleId: 'gone#1', title: 'Gone', lang: 'zh', file: 'x' } })], lookup);
    expect(gone[0]?.pair).toEqual({ title: 'Gone', lang: 'zh', passage: null, url: null });
    expect(sections(formatOriginalReply(gone, 'en'))[2]).toBe(`中文版: *Gone*\n_${SLACK_INTERFACE_TEXT.en.originalUnavailable}_`);
    const bare = passagesForArticles(['000_fbe4f82aa1b47969#2', 'unknown#1'], lookup);
    expect(bare).toHaveLength(1);
    expect(bare[0]).toMatchObject({ n: null, title: '第七次中美创新对话在京举行', issue: '第23期', pair: { lang: 'en', passage: 'The 7th China-US Innovation Dialogue was held in Beijing on 5 June 2016.' } });
  });

  it('lists sources with their quotes for /newsletter sources, or says nothing covers the question', () => {
    const reply = formatSourcesReply(answerResultFixture());
    expect(sections(reply)[1]).toContain('> The 7th China-US Innovation Dialogue was held in Beijing on 5 June 2016.');
    expect(sections(formatSourcesReply(answerResultFixture({ found: false, citations: [], lang: 'zh' })))).toEqual([SLACK_INTERFACE_TEXT.zh.noSources]);
  });
});

describe('rate limit notice', () => {
  it('rounds the wait up to whole seconds, in the asker’s language', () => {
    expect(formatRateLimitedReply('en', 1200).text).toBe('You are asking faster than I can keep up with. Please wait about 2 s and ask again.');
    expect(formatRateLimitedReply('zh', 1).text).toBe('您提问的速度有点快，请等待约 1 秒后再问。');
  });
});
