/** Reading the bot's replies out of the calls a {@link FakeSlackApi} recorded, as the asker would see them. */
import type { FakeSlackApi, RecordedSlackCall } from './fake-slack-api';
import type { LogEntry, RecordingLogger } from './recording-logger';
import { waitFor, type WaitForOptions } from './wait-for';

/** The parts of a Block Kit block the assertions look at. */
export interface RecordedBlock {
  readonly type: string;
  readonly text?: { readonly type: string; readonly text: string };
  readonly elements?: ReadonlyArray<{ readonly type: string; readonly text: string }>;
}

/** `chat.postMessage` calls into one thread. */
export function postsInThread(fake: FakeSlackApi, channel: string, threadTs: string): RecordedSlackCall[] {
  return fake.callsTo('chat.postMessage').filter((call) => call.body['channel'] === channel && call.body['thread_ts'] === threadTs);
}

/** An answer as the asker ends up seeing it in a thread, reconstructed from the fake's recorded calls. */
export interface ShownAnswer {
  /** How the message was created: streamed (`chat.startStream`) or posted (`chat.postMessage`). */
  readonly created: 'stream' | 'post';
  /** Whether a `chat.update` replaced the message's content afterwards. */
  readonly updated: boolean;
  /** `ts` of the message. */
  readonly ts: string;
  /** For streams: the Markdown streamed (start + appends + stop), in order; else null. */
  readonly streamedText: string | null;
  /** The final blocks (for a stream without update: the blocks `chat.stopStream` appended). */
  readonly blocks: RecordedBlock[];
  /** Texts of the final `section` and `markdown` blocks, in order. */
  readonly answerTexts: string[];
  /** The final `context` lines (sources, footer). */
  readonly sourceLines: string[];
  /** The final top-level `text` (null for a stream without update). */
  readonly text: string | null;
  /** Every call that concerned this message, in order. */
  readonly calls: RecordedSlackCall[];
}

/** The `markdown` and `section` texts of recorded blocks. */
export function answerTextsOf(blocks: readonly RecordedBlock[]): string[] {
  return blocks.flatMap((block) => {
    if (block.type === 'section') return [block.text?.text ?? ''];
    if (block.type === 'markdown') return [(block as unknown as { text: string }).text];
    return [];
  });
}

function contextLinesOf(blocks: readonly RecordedBlock[]): string[] {
  return blocks.filter((block) => block.type === 'context').flatMap((block) => (block.elements ?? []).map((element) => element.text));
}

function recordedBlocks(call: RecordedSlackCall): RecordedBlock[] {
  const blocks = call.body['blocks'];
  return Array.isArray(blocks) ? (blocks as RecordedBlock[]) : [];
}

/** The messages the bot created in a thread, with how each ends up, oldest first. */
export function shownAnswers(fake: FakeSlackApi, channel: string, threadTs: string): ShownAnswer[] {
  const created = fake.calls.filter(
    (call) =>
      (call.method === 'chat.postMessage' || call.method === 'chat.startStream') &&
      call.body['channel'] === channel &&
      call.body['thread_ts'] === threadTs &&
      call.response['ok'] === true,
  );
  return created.map((creation) => {
    const ts = String(creation.response['ts']);
    const calls = fake.calls.filter((call) => call === creation || (call.body['channel'] === channel && call.body['ts'] === ts));
    const updates = calls.filter((call) => call.method === 'chat.update' && call.response['ok'] === true);
    const lastUpdate = updates.at(-1);
    const isStream = creation.method === 'chat.startStream';
    const stop = calls.find((call) => call.method === 'chat.stopStream' && call.response['ok'] === true);
    const streamedText = isStream
      ? calls
          .filter((call) => ['chat.startStream', 'chat.appendStream', 'chat.stopStream'].includes(call.method) && call.response['ok'] === true)
          .map((call) => (typeof call.body['markdown_text'] === 'string' ? call.body['markdown_text'] : ''))
          .join('')
      : null;
    const final = lastUpdate ?? (isStream ? stop : creation);
    const blocks = final === undefined ? [] : recordedBlocks(final);
    return {
      created: isStream ? 'stream' : 'post',
      updated: lastUpdate !== undefined,
      ts,
      streamedText,
      blocks,
      answerTexts: answerTextsOf(blocks),
      sourceLines: contextLinesOf(blocks),
      text: final !== undefined && typeof final.body['text'] === 'string' ? final.body['text'] : null,
      calls,
    };
  });
}

/** The `question` log lines (one per question), optionally for one thread. */
export function questionLogLines(log: RecordingLogger, threadTs?: string): LogEntry[] {
  return log.entries.filter((entry) => entry.msg === 'question' && (threadTs === undefined || entry['threadTs'] === threadTs));
}

/**
 * Waits until the bot has finished `count` questions in the thread (their `question` log lines are written
 * after the last Web API call of each), then returns the thread's latest message as shown.
 */
export async function waitForAnswer(
  fake: FakeSlackApi,
  log: RecordingLogger,
  channel: string,
  threadTs: string,
  options: WaitForOptions & { readonly count?: number } = {},
): Promise<ShownAnswer> {
  const count = options.count ?? 1;
  await waitFor(`${count} finished question(s) in ${channel}/${threadTs}`, () => (questionLogLines(log, threadTs).length >= count ? true : undefined), options);
  const answers = shownAnswers(fake, channel, threadTs);
  const latest = answers.at(-1);
  if (latest === undefined) throw new Error(`No message in ${channel}/${threadTs}; calls: ${fake.calls.map((call) => call.method).join(', ')}`);
  return latest;
}
