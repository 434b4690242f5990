/**
 * The app side of `npm run bench:slack`, run as a child process (forked with `--import tsx`) so that its
 * event loop — Bolt, the Slack layer and the assistant's CPU work — is not the one that sends the events and
 * times the fake Web API's calls. Talks to the parent over IPC:
 * - parent → child: `{type: 'start', apiUrl, assistant, redis?}`, later `{type: 'stop'}` (`redis`: the URL and
 *   key prefix of the shared state store that replicas share; absent = in-process state);
 * - child → parent: `{type: 'ready', port}`, one `{type: 'question', line}` per `question` log line,
 *   `{type: 'stopped'}`, or `{type: 'failed', message}`.
 */
import { Writable } from 'node:stream';
import type { Assistant } from '../../../src/answer/types';
import { warmUpAssistant } from '../../../src/cli/warm-up';
import { createLogger, createSilentLogger } from '../../../src/core';
import { createSlackApp, type SlackApp } from '../../../src/slack';
import { createStateStore } from '../../../src/slack/shared-state';
import { openSeedAssistant, type SeedAssistant } from '../../app/support/seed-assistant';
import { answerResultFixture, FakeAssistant } from '../support/fake-assistant';
import { slackConfigFixture } from '../support/http-harness';

/** Messages from the parent. */
export type BenchParentMessage =
  | { readonly type: 'start'; readonly apiUrl: string; readonly assistant: 'seeds' | 'fake-stream'; readonly redis?: { readonly url: string; readonly keyPrefix: string } }
  | { readonly type: 'stop' };

/** Messages to the parent. */
export type BenchChildMessage =
  | { readonly type: 'ready'; readonly port: number }
  | { readonly type: 'question'; readonly line: Readonly<Record<string, unknown>> }
  | { readonly type: 'stopped' }
  | { readonly type: 'failed'; readonly message: string };

function send(message: BenchChildMessage): void {
  process.send?.(message);
}

let slackApp: SlackApp | undefined;
let seed: SeedAssistant | undefined;

async function start(apiUrl: string, kind: 'seeds' | 'fake-stream', redis: { readonly url: string; readonly keyPrefix: string } | undefined): Promise<void> {
  let assistant: Assistant;
  if (kind === 'seeds') {
    seed = await openSeedAssistant();
    assistant = seed.runtime.assistant;
    // As `npm start` does before it accepts events.
    await warmUpAssistant(seed.runtime, createSilentLogger());
  } else {
    assistant = new FakeAssistant()
      .answerWith(
        answerResultFixture({
          mode: 'llm',
          answer: 'The dialogue was held in Beijing [1]. Both sides discussed innovation policy [1]. Small businesses were on the agenda [1]. So was open data [1].',
        }),
      )
      .streamDeltas(50);
  }
  // Question lines go to the parent; everything else (info and up) is dropped.
  const destination = new Writable({
    write(chunk: Buffer | string, _encoding, callback): void {
      for (const text of chunk.toString().split('\n')) {
        if (!text.includes('"msg":"question"')) continue;
        send({ type: 'question', line: JSON.parse(text) as Record<string, unknown> });
      }
      callback();
    },
  });
  const config = slackConfigFixture({ apiUrl });
  const logger = createLogger('info', destination);
  const stateStore =
    redis === undefined
      ? undefined
      : createStateStore({
          redisUrl: redis.url,
          keyPrefix: redis.keyPrefix,
          feedbackLog: 'unused.jsonl',
          logger,
          limits: { rateLimitQuestions: config.rateLimitQuestions, rateLimitWindowMilliseconds: config.rateLimitWindowMilliseconds, maximumTurnsPerThread: 8, maximumThreads: 1000, maximumAnswers: 2000, maximumClaims: 10_000 },
        });
  slackApp = createSlackApp({
    config,
    ...(stateStore === undefined ? {} : { stateStore }),
    assistant,
    logger,
    host: '127.0.0.1',
    webApiRetries: 0,
  });
  const started = await slackApp.start();
  send({ type: 'ready', port: started.port ?? 0 });
}

process.on('message', (message: BenchParentMessage) => {
  if (message.type === 'start') {
    start(message.apiUrl, message.assistant, message.redis).catch((error: unknown) => send({ type: 'failed', message: error instanceof Error ? error.stack ?? error.message : String(error) }));
  } else {
    void (async () => {
      await slackApp?.stop();
      await seed?.temp.remove();
      send({ type: 'stopped' });
      process.disconnect();
    })();
  }
});
