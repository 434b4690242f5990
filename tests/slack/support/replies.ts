/** Reading the bot's replies out of the calls a {@link FakeSlackApi} recorded. */
import type { FakeSlackApi, RecordedSlackCall } from './fake-slack-api';
import { waitFor, type WaitForOptions } from './wait-for';

/** The parts of a Block Kit block the assertions look at. */
export interface RecordedBlock {
  readonly type: string;
  readonly text?: { readonly type: string; readonly text: string };
  readonly elements?: ReadonlyArray<{ readonly type: string; readonly text: string }>;
}

/** The blocks of a recorded `chat.postMessage` / `chat.update` call. */
export function blocksOf(call: RecordedSlackCall): RecordedBlock[] {
  const blocks = call.body['blocks'];
  if (!Array.isArray(blocks)) throw new Error(`${call.method} carried no blocks array: ${JSON.stringify(call.body)}`);
  return blocks as RecordedBlock[];
}

/** The `section` texts of a call, in order. */
export function sectionTexts(call: RecordedSlackCall): string[] {
  return blocksOf(call)
    .filter((block) => block.type === 'section')
    .map((block) => block.text?.text ?? '');
}

/** The `context` element texts of a call (the source lines), in order. */
export function sourceLines(call: RecordedSlackCall): string[] {
  return blocksOf(call)
    .filter((block) => block.type === 'context')
    .flatMap((block) => (block.elements ?? []).map((element) => element.text));
}

/** `chat.postMessage` calls into one thread. */
export function postsInThread(fake: FakeSlackApi, channel: string, threadTs: string): RecordedSlackCall[] {
  return fake.callsTo('chat.postMessage').filter((call) => call.body['channel'] === channel && call.body['thread_ts'] === threadTs);
}

/** A reply shown through a placeholder: the placeholder post and the `chat.update` that replaced it. */
export interface PlaceholderReply {
  readonly placeholder: RecordedSlackCall;
  readonly update: RecordedSlackCall;
}

/** Waits for a placeholder post in the thread and the first `chat.update` of that message. */
export async function waitForUpdatedReply(
  fake: FakeSlackApi,
  channel: string,
  threadTs: string,
  options?: WaitForOptions,
): Promise<PlaceholderReply> {
  return waitFor(
    `a placeholder in ${channel}/${threadTs} replaced by chat.update`,
    () => {
      for (const placeholder of postsInThread(fake, channel, threadTs)) {
        const update = fake
          .callsTo('chat.update')
          .find((call) => call.body['channel'] === channel && call.body['ts'] === placeholder.response['ts']);
        if (update !== undefined) return { placeholder, update };
      }
      return undefined;
    },
    options,
  );
}

/** Waits for a `chat.postMessage` into the thread and returns the first. */
export async function waitForPostInThread(
  fake: FakeSlackApi,
  channel: string,
  threadTs: string,
  options?: WaitForOptions,
): Promise<RecordedSlackCall> {
  return waitFor(`a chat.postMessage in ${channel}/${threadTs}`, () => postsInThread(fake, channel, threadTs)[0], options);
}
