/** Pure helpers of the Slack layer: Markdown splitting and neutralising, slash command parsing, user hashes. */
import { describe, expect, it } from 'vitest';
import { neutralizeSlackControls, splitMarkdown } from '../../src/slack/markdown-text';
import { parseSlashCommand } from '../../src/slack/slash-command';
import { hashUserId } from '../../src/slack/user-hash';

describe('splitMarkdown', () => {
  it('keeps short Markdown whole and packs paragraphs up to the limit', () => {
    expect(splitMarkdown('**A** [1].\n\nB [2].', 3000)).toEqual(['**A** [1].\n\nB [2].']);
    const paragraphs = ['a'.repeat(60), 'b'.repeat(60), 'c'.repeat(60)];
    expect(splitMarkdown(paragraphs.join('\n\n'), 130)).toEqual([`${paragraphs[0]}\n\n${paragraphs[1]}`, paragraphs[2]]);
  });

  it('never breaks a fenced code block that fits, even when it holds blank lines', () => {
    const fence = '```python\nx = 1\n\n\ny = 2\n```';
    const pieces = splitMarkdown(`${'p'.repeat(50)}\n\n${fence}\n\n${'q'.repeat(50)}`, 70);
    expect(pieces).toContain(fence);
    for (const piece of pieces) expect((piece.match(/```/g) ?? []).length % 2).toBe(0);
  });

  it('closes and reopens an over-long fence at line boundaries, with its language', () => {
    const lines = Array.from({ length: 30 }, (_, index) => `line ${index} ${'z'.repeat(20)}`);
    const pieces = splitMarkdown(`~~~ts\n${lines.join('\n')}\n~~~`, 200);
    expect(pieces.length).toBeGreaterThan(3);
    for (const piece of pieces) {
      expect(piece.length).toBeLessThanOrEqual(200);
      expect(piece.startsWith('~~~ts\n')).toBe(true);
      expect(piece.endsWith('\n~~~')).toBe(true);
    }
    expect(pieces.map((piece) => piece.split('\n').slice(1, -1).join('\n')).join('\n')).toBe(lines.join('\n'));
  });

  it('closes an unterminated fence', () => {
    expect(splitMarkdown('```\ncode without end', 100)).toEqual(['```\ncode without end\n```']);
  });

  it('cuts a long paragraph at sentence boundaries, English and Chinese', () => {
    const english = 'The dialogue was held in Beijing [1]. Both sides discussed innovation policy [2]. They agreed to meet again [3].';
    expect(splitMarkdown(english, 60)).toEqual(['The dialogue was held in Beijing [1].', 'Both sides discussed innovation policy [2].', 'They agreed to meet again [3].']);
    const chinese = '第七次中美创新对话在京举行[1]。双方就创新战略交换了意见[2]。会议取得积极成果[3]。';
    expect(splitMarkdown(chinese, 20)).toEqual(['第七次中美创新对话在京举行[1]。', '双方就创新战略交换了意见[2]。', '会议取得积极成果[3]。']);
  });

  it('returns nothing for blank text and rejects a limit too small for a fence', () => {
    expect(splitMarkdown('  \n\n ', 100)).toEqual([]);
    expect(() => splitMarkdown('x', 5)).toThrow(RangeError);
  });
});

describe('neutralizeSlackControls', () => {
  it('defuses broadcasts, mentions, channel links and labelled links, and leaves Markdown alone', () => {
    const out = neutralizeSlackControls('Hi <!channel> <@U123> <#C1|general> <https://evil.example|safe.example> <https://ok.example> **b** a<b');
    expect(out).not.toMatch(/<[!@#]/);
    expect(out).not.toMatch(/<https:\/\/evil/);
    expect(out).toContain('<https://ok.example>');
    expect(out).toContain('**b** a<b');
    expect(out.replace(/\u200B/g, '')).toBe('Hi <!channel> <@U123> <#C1|general> <https://evil.example|safe.example> <https://ok.example> **b** a<b');
  });
});

describe('parseSlashCommand', () => {
  it.each([
    ['', { kind: 'help', argument: '' }],
    ['help', { kind: 'help', argument: '' }],
    ['帮助', { kind: 'help', argument: '' }],
    ['ask What was discussed?', { kind: 'ask', argument: 'What was discussed?' }],
    ['ASK:  spaced ', { kind: 'ask', argument: 'spaced' }],
    ['What was discussed?', { kind: 'ask', argument: 'What was discussed?' }],
    ['summarize', { kind: 'summarize', argument: '' }],
    ['summarise China-US cooperation', { kind: 'summarize', argument: 'China-US cooperation' }],
    ['总结 中美合作', { kind: 'summarize', argument: '中美合作' }],
    ['sources CERC\nmeeting', { kind: 'sources', argument: 'CERC\nmeeting' }],
    ['来源 中美创新对话', { kind: 'sources', argument: '中美创新对话' }],
    ['reindex', { kind: 'reindex', argument: '' }],
    ['stats', { kind: 'stats', argument: '' }],
    ['asking about stats', { kind: 'ask', argument: 'asking about stats' }],
  ])('parses %j', (text, expected) => {
    expect(parseSlashCommand(text)).toEqual(expected);
  });
});

describe('hashUserId', () => {
  it('is stable per id and salt, differs across ids and salts, and never contains the id', () => {
    const hash = hashUserId('U0ASKER', 'pepper');
    expect(hash).toMatch(/^u_[0-9a-f]{16}$/);
    expect(hashUserId('U0ASKER', 'pepper')).toBe(hash);
    expect(hashUserId('U0OTHER', 'pepper')).not.toBe(hash);
    expect(hashUserId('U0ASKER', 'salt')).not.toBe(hash);
    expect(hash).not.toContain('U0ASKER');
    expect(hashUserId(null, 'pepper')).toBeNull();
  });
});
