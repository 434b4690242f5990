import { describe, expect, it } from 'vitest';
import { readIncomingMessage, slackTextToPlainText, stripBotMention } from '../../src/slack/incoming-message';
import { appMentionEvent, directMessageEvent } from './support/slack-events';

const BOT = 'U0BOT';

describe('readIncomingMessage', () => {
  it('reads a channel mention: thread of the message itself, mention stripped', () => {
    const event = appMentionEvent({ text: `<@${BOT}> What about CERC?`, ts: '1700000001.000100' });
    expect(readIncomingMessage(event, BOT)).toEqual({
      kind: 'question',
      question: {
        channel: 'C0GENERAL',
        threadTs: '1700000001.000100',
        messageTs: '1700000001.000100',
        inThread: false,
        user: 'U0ASKER',
        team: 'T0TEAM',
        text: 'What about CERC?',
        source: 'mention',
      },
    });
  });

  it('reads a reply in a channel thread as a possible follow-up, and takes the team from the envelope when the event has none', () => {
    const reply = directMessageEvent({ channel_type: 'channel', channel: 'C0GENERAL', ts: '1700000003.000100', thread_ts: '1700000001.000100', team: undefined });
    expect(readIncomingMessage(reply, BOT, 'T0ENVELOPE')).toEqual({
      kind: 'question',
      question: expect.objectContaining({ source: 'thread', threadTs: '1700000001.000100', inThread: true, team: 'T0ENVELOPE' }),
    });
    const privateReply = directMessageEvent({ channel_type: 'group', channel: 'G0PRIVATE', ts: '1700000003.000200', thread_ts: '1700000001.000100' });
    expect(readIncomingMessage(privateReply, BOT).kind).toBe('question');
    const withBotMention = directMessageEvent({ channel_type: 'channel', text: `<@${BOT}> and then?`, ts: '1700000003.000300', thread_ts: '1700000001.000100' });
    expect(readIncomingMessage(withBotMention, BOT)).toMatchObject({ kind: 'question', question: { text: 'and then?', source: 'thread' } });
  });

  it('answers in the existing thread for a reply', () => {
    const result = readIncomingMessage(directMessageEvent({ ts: '1700000002.000100', thread_ts: '1700000001.000100' }), BOT);
    expect(result.kind === 'question' && result.question).toMatchObject({
      threadTs: '1700000001.000100',
      messageTs: '1700000002.000100',
      source: 'direct-message',
    });
  });

  it.each([
    ['an edit', directMessageEvent({ subtype: 'message_changed' }), 'message subtype message_changed'],
    ['a join', directMessageEvent({ subtype: 'channel_join' }), 'message subtype channel_join'],
    ['a bot message', directMessageEvent({ bot_id: 'B0OTHER' }), 'message from a bot'],
    ['its own message', directMessageEvent({ user: BOT }), 'message from this bot'],
    ['a channel message', directMessageEvent({ channel_type: 'channel' }), 'channel message outside a thread'],
    ['a thread parent', directMessageEvent({ channel_type: 'channel', ts: '1700000001.000100', thread_ts: '1700000001.000100' }), 'channel message outside a thread'],
    ['a thread reply to a person', directMessageEvent({ channel_type: 'channel', thread_ts: '1600000000.000100', text: '<@U0ALICE> what do you think?' }), 'thread reply addressed to someone else'],
    ['a group DM', directMessageEvent({ channel_type: 'mpim' }), 'message outside a direct message'],
    ['a message without ts', directMessageEvent({ ts: undefined }), 'event without channel or ts'],
    ['a reaction event', { type: 'reaction_added' }, 'unsupported event type reaction_added'],
    ['null', null, 'event is not an object'],
    ['an array', [], 'event is not an object'],
  ])('ignores %s', (_label, event, reason) => {
    expect(readIncomingMessage(event, BOT)).toEqual({ kind: 'ignored', reason });
  });

  it('treats a missing or non-string text as an empty question', () => {
    const result = readIncomingMessage(directMessageEvent({ text: 42 }), BOT);
    expect(result.kind === 'question' && result.question.text).toBe('');
  });
});

describe('stripBotMention', () => {
  it('removes every mention of the bot, with or without a label, and keeps other mentions', () => {
    expect(stripBotMention(`<@${BOT}> ask <@U0OTHER> and <@${BOT}|assistant>`, BOT)).toBe('  ask <@U0OTHER> and  ');
  });

  it('removes only a leading mention when the bot id is unknown', () => {
    expect(stripBotMention('<@U0SOMEONE> hello <@U0OTHER>', undefined)).toBe(' hello <@U0OTHER>');
  });
});

describe('slackTextToPlainText', () => {
  it('decodes Slack markup and entities', () => {
    expect(slackTextToPlainText('R&amp;D &lt;2016&gt; by <@U0OTHER|li.wei> in <#C0GENERAL|general>, <!here>')).toBe(
      'R&D <2016> by @li.wei in #general, @here',
    );
    expect(slackTextToPlainText('see <https://example.org/a|the report> and <https://example.org/b>')).toBe(
      'see the report (https://example.org/a) and https://example.org/b',
    );
    expect(slackTextToPlainText('<!subteam^S0TEAM|@science>')).toBe('@science');
  });

  it('collapses spaces, keeps line breaks, trims', () => {
    expect(slackTextToPlainText('  first   line \n  second\u00A0line  ')).toBe('first line\nsecond line');
  });
});
