/**
 * Streaming generated answers through the real Bolt app (HTTP receiver, loopback): `chat.startStream` /
 * `appendStream` / `stopStream` with the sources attached at the stop, and the fallbacks to post-then-update
 * when a stream fails to start, fails midway, or runs long.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { SLACK_INTERFACE_TEXT } from '../../src/slack/ui-text';
import { answerResultFixture } from './support/fake-assistant';
import { startHttpHarness, type HarnessAppOptions, type HttpHarness } from './support/http-harness';
import { questionLogLines, shownAnswers, waitForAnswer } from './support/replies';
import { appMentionEvent, eventCallback } from './support/slack-events';

let harness: HttpHarness | undefined;

/** A fast stream: start 20 ms after the first delta, no minimum between appends, progress edits every 10 ms. */
async function start(options: HarnessAppOptions = {}): Promise<HttpHarness> {
  harness = await startHttpHarness({
    ...options,
    timing: { streamStartDelayMilliseconds: 20, appendIntervalMilliseconds: 0, updateIntervalMilliseconds: 10, ...options.timing },
  });
  return harness;
}

afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const GENERATED =
  'The 7th China-US Innovation Dialogue was held in Beijing [1]. The two sides discussed **innovation strategies** and the ' +
  'innovation ecosystem [1]. They also covered support for small and micro businesses [1]. Open data was on the agenda too [1].';

async function askStreamed(h: HttpHarness, pauseMilliseconds = 40) {
  h.assistant.answerWith(answerResultFixture({ answer: GENERATED, mode: 'llm' })).streamDeltas(pauseMilliseconds);
  const mention = appMentionEvent();
  expect((await h.post(eventCallback(mention))).status).toBe(200);
  const answer = await waitForAnswer(h.fake, h.log, 'C0GENERAL', mention['ts'] as string);
  return { mention, answer };
}

describe('streaming a generated answer', () => {
  it('shows the status, streams the sentences, and attaches sources and buttons when the stream stops', async () => {
    const h = await start();
    const { mention, answer } = await askStreamed(h);

    expect(answer.created).toBe('stream');
    expect(answer.updated).toBe(false);
    expect(answer.streamedText).toBe(GENERATED);
    const [startCall] = h.fake.callsTo('chat.startStream');
    expect(startCall?.body).toMatchObject({ channel: 'C0GENERAL', thread_ts: mention['ts'], recipient_user_id: 'U0ASKER', recipient_team_id: 'T0TEAM' });
    expect(h.fake.callsTo('chat.appendStream').length).toBeGreaterThanOrEqual(1);
    expect(answer.blocks.map((block) => block.type)).toEqual(['context', 'actions', 'context_actions']);
    expect(answer.sourceLines[0]).toMatch(/^\[1\] \*7th China-US Innovation Dialogue Held in Beijing\*/);
    // The status came first, and was updated for the writing stage before any text was visible.
    const statuses = h.fake.callsTo('assistant.threads.setStatus');
    expect(statuses[0]?.receivedAt).toBeLessThan(startCall?.receivedAt ?? 0);
    expect(statuses.map((call) => call.body['status'])).toContain(SLACK_INTERFACE_TEXT.en.status.writing);
    // One message: no post or update besides the stream.
    expect(h.fake.callsTo('chat.postMessage')).toHaveLength(0);
    expect(h.fake.callsTo('chat.update')).toHaveLength(0);
    expect(questionLogLines(h.log)[0]).toMatchObject({ delivery: 'stream', mode: 'llm', outcome: 'answered' });
  });

  it('posts an answer that is complete before the stream would start as one Block Kit message', async () => {
    const h = await start({ timing: { streamStartDelayMilliseconds: 5000 } });
    const { answer } = await askStreamed(h, 1);
    expect(answer.created).toBe('post');
    expect(answer.answerTexts).toEqual([GENERATED]);
    expect(answer.blocks.map((block) => block.type)).toEqual(['markdown', 'context', 'actions', 'context_actions']);
    expect(h.fake.callsTo('chat.startStream')).toHaveLength(0);
  });

  it('falls back to post-then-update when the stream cannot start (HTTP 429)', async () => {
    const h = await start();
    h.fake.failNext('chat.startStream', { kind: 'rate-limited', retryAfterSeconds: 0 });
    const { answer } = await askStreamed(h);

    expect(answer.created).toBe('post');
    expect(answer.updated).toBe(true);
    expect(answer.answerTexts).toEqual([GENERATED]);
    expect(answer.blocks.map((block) => block.type)).toEqual(['markdown', 'context', 'actions', 'context_actions']);
    expect(h.log.errors.some((entry) => entry['method'] === 'chat.startStream')).toBe(true);
    expect(questionLogLines(h.log)[0]).toMatchObject({ delivery: 'update', outcome: 'answered' });
  });

  it('stops a stream whose append fails (ok: false) and finishes it with chat.update', async () => {
    const h = await start();
    h.fake.failNext('chat.appendStream', { kind: 'platform-error', error: 'message_not_in_streaming_state' });
    const { answer } = await askStreamed(h);

    expect(answer.created).toBe('stream');
    expect(answer.updated).toBe(true);
    expect(answer.answerTexts).toEqual([GENERATED]);
    expect(answer.sourceLines).toHaveLength(1);
    expect(h.fake.callsTo('chat.stopStream')).toHaveLength(1);
    expect(shownAnswers(h.fake, 'C0GENERAL', answer.calls[0]?.body['thread_ts'] as string)).toHaveLength(1);
  });

  it('stops a stream that runs long and continues with chat.update', async () => {
    const h = await start({ timing: { streamMaximumMilliseconds: 30 } });
    const { answer } = await askStreamed(h, 40);

    expect(answer.created).toBe('stream');
    expect(answer.updated).toBe(true);
    expect(answer.answerTexts).toEqual([GENERATED]);
    const stop = h.fake.callsTo('chat.stopStream')[0];
    expect(stop?.body['blocks']).toBeUndefined();
    expect(h.log.entries.some((entry) => entry.msg === 'stream ran long; continuing with chat.update')).toBe(true);
  });

  it('shows a placeholder when the status is refused, and edits it into the answer', async () => {
    const h = await start();
    h.fake.failNext('assistant.threads.setStatus', { kind: 'platform-error', error: 'missing_scope' });
    const { answer } = await askStreamed(h);

    expect(answer.created).toBe('post');
    expect(answer.calls[0]?.body['text']).toBe(SLACK_INTERFACE_TEXT.en.placeholder);
    expect(answer.updated).toBe(true);
    expect(answer.answerTexts).toEqual([GENERATED]);
    expect(h.fake.callsTo('chat.startStream')).toHaveLength(0);
  });

  it('ends the stream with the apology when the assistant fails midway', async () => {
    const h = await start();
    h.assistant.streamDeltas(30).answerWith(async (question, options) => {
      options?.onDelta?.('The dialogue was held in Beijing [1]. ');
      await new Promise((resolve) => setTimeout(resolve, 80));
      throw new Error(`the model stopped answering ${question.length}`);
    });
    const mention = appMentionEvent();
    await h.post(eventCallback(mention));
    const answer = await waitForAnswer(h.fake, h.log, 'C0GENERAL', mention['ts'] as string);

    expect(answer.created).toBe('stream');
    expect(answer.streamedText).toContain('The dialogue was held in Beijing [1].');
    expect(answer.streamedText).toContain(SLACK_INTERFACE_TEXT.en.failure);
    expect(questionLogLines(h.log)[0]).toMatchObject({ outcome: 'failed', errorCode: 'INTERNAL' });
  });

  it('edits the placeholder as the answer grows when streaming is off', async () => {
    const h = await start({ config: { streaming: false } });
    const { answer } = await askStreamed(h, 40);

    expect(answer.created).toBe('post');
    expect(answer.calls[0]?.body['text']).toBe(SLACK_INTERFACE_TEXT.en.placeholder);
    const updates = h.fake.callsTo('chat.update');
    expect(updates.length).toBeGreaterThanOrEqual(2);
    expect(JSON.stringify(updates[0]?.body['blocks'])).toContain(' …');
    expect(answer.answerTexts).toEqual([GENERATED]);
    expect(h.fake.callsTo('chat.startStream')).toHaveLength(0);
  });
});
