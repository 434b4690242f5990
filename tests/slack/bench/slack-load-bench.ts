/**
 * `npm run bench:slack -- [--questions N] [--assistant seeds|fake-stream] [--no-retries] [--replicas 1|2] [--json]`: a load
 * check of the Slack layer, not a timed test. It starts the real Bolt app (HTTP receiver on 127.0.0.1:0) in a
 * child process (`slack-bench-app.ts`, so that the app's CPU work does not delay this process's clocks)
 * against the loopback fake Web API in this process, fires N signed `app_mention` events at once (default 50; each in its own
 * thread, by its own user), plus — unless `--no-retries` — a redelivery of every event with
 * `X-Slack-Retry-Num: 1` while the first deliveries are being answered, and then checks that every question
 * was answered exactly once (one message per thread, one `question` log line per question).
 *
 * Figures, in milliseconds from each event's POST (nearest-rank percentiles, see `nearestRankPercentile`):
 * - acknowledgement: the HTTP 200 of the POST (Slack's 3-second rule);
 * - first visible response: the first status, placeholder, stream or answer call the fake received for the thread;
 * - final answer: the last call that completed the thread's answer (post, update or stream stop).
 *
 * `--replicas 2` starts two app processes sharing one Redis state store (`REDIS_URL` when set, else a
 * `redis-server` this command starts on a free loopback port and stops at the end; a fresh key prefix per run):
 * event i goes to replica i mod 2 and its redelivery to the other one, as Slack does when it retries to
 * whichever replica its load balancer picks. The report adds the number of questions answered exactly once
 * and of duplicates (threads with more than one message).
 *
 * `--assistant seeds` (default) answers with the real extractive assistant over a copy of the seed fixture (`tests/fixtures/seeds`; index built with the
 * hashed n-gram embedder in a temporary folder); `fake-stream` with a fake that streams four sentences
 * 50 ms apart, to load the streaming path. Exit code 1 when any question was not answered exactly once.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { Command, InvalidArgumentError, Option } from 'commander';
import { randomBytes } from 'node:crypto';
import { nearestRankPercentile } from '../../../bench/bench-support';
import { TestRedisServer } from '../../support/redis-server';
import { FakeSlackApi } from '../support/fake-slack-api';
import { TEST_SIGNING_SECRET } from '../support/http-harness';
import { shownAnswers } from '../support/replies';
import { appMentionEvent, eventCallback, postToReceiver } from '../support/slack-events';
import { waitFor } from '../support/wait-for';
import type { BenchChildMessage, BenchParentMessage } from './slack-bench-app';

/** Questions cycled through: the development set's kind (both languages, answerable or not). */
const QUESTIONS: readonly string[] = [
  'What did the two sides discuss at the 7th China-US Innovation Dialogue in Beijing?',
  '青岛中美科技创新园和哪些美国高校合作？',
  'Who attended the CERC steering committee meeting?',
  '第二届中俄创新对话在哪里举行？',
  'What is the Belt and Road science and technology cooperation about?',
  '中国和以色列在创新方面有哪些合作？',
  'Which agreement did China sign with South Africa on mining research?',
  '金砖国家科技创新合作有哪些进展？',
  'What is the weather forecast for Paris tomorrow?',
  'What did the Netherlands director general present at the China-Netherlands exchange?',
];

/** Latency summary in milliseconds. */
interface Summary {
  readonly p50: number;
  readonly p95: number;
  readonly max: number;
}

function summarize(values: readonly number[]): Summary {
  return {
    p50: Math.round(nearestRankPercentile(values, 50)),
    p95: Math.round(nearestRankPercentile(values, 95)),
    max: Math.round(nearestRankPercentile(values, 100)),
  };
}

interface BenchOptions {
  readonly questions: number;
  readonly assistant: 'seeds' | 'fake-stream';
  readonly retries: boolean;
  readonly replicas: 1 | 2;
  readonly json: boolean;
}

/** The forked app process and its messages. */
class BenchApp {
  readonly questionLines: Readonly<Record<string, unknown>>[] = [];
  private readonly child: ChildProcess;
  private readonly waiting = new Map<string, (message: BenchChildMessage) => void>();

  constructor(private readonly sink: Readonly<Record<string, unknown>>[] = []) {
    this.child = fork(fileURLToPath(new URL('./slack-bench-app.ts', import.meta.url)), [], {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.child.on('message', (message: BenchChildMessage) => {
      if (message.type === 'question') {
        this.questionLines.push(message.line);
        this.sink.push(message.line);
      }
      else this.waiting.get(message.type)?.(message);
      if (message.type === 'failed') this.waiting.get('ready')?.(message);
    });
  }

  /** Sends `message` and waits for the reply of type `reply`. */
  async request<Type extends BenchChildMessage['type']>(message: BenchParentMessage, reply: Type): Promise<BenchChildMessage> {
    const answer = new Promise<BenchChildMessage>((resolve) => this.waiting.set(reply, resolve));
    this.child.send(message);
    return answer;
  }

  kill(): void {
    if (this.child.exitCode === null) this.child.kill();
  }
}

async function runBench(options: BenchOptions): Promise<boolean> {
  const fake = await FakeSlackApi.start();
  let redisServer: TestRedisServer | null = null;
  let redis: { readonly url: string; readonly keyPrefix: string } | undefined;
  if (options.replicas === 2) {
    const configured = process.env['REDIS_URL'];
    if (configured === undefined || configured.trim() === '') {
      redisServer = await TestRedisServer.start();
      process.stderr.write(`Started redis-server on 127.0.0.1:${redisServer.port} for the replicas.\n`);
    }
    redis = { url: redisServer?.url ?? configured ?? '', keyPrefix: `bench-slack-${randomBytes(4).toString('hex')}:` };
  }
  const allQuestionLines: Readonly<Record<string, unknown>>[] = [];
  const apps = Array.from({ length: options.replicas }, () => new BenchApp(allQuestionLines));
  const app = { questionLines: allQuestionLines };
  try {
    if (options.assistant === 'seeds') process.stderr.write('Building the seed index (hashed n-gram embedder) in a temporary folder…\n');
    const eventsUrls: string[] = [];
    // One after the other: each replica builds its own copy of the seed index.
    for (const replica of apps) {
      const ready = await replica.request({ type: 'start', apiUrl: fake.url, assistant: options.assistant, ...(redis === undefined ? {} : { redis }) }, 'ready');
      if (ready.type !== 'ready') throw new Error(`the app process failed to start: ${ready.type === 'failed' ? ready.message : ready.type}`);
      eventsUrls.push(`http://127.0.0.1:${ready.port}/slack/events`);
    }
    const post = (body: unknown, replica: number, retryNumber?: number) =>
      postToReceiver(eventsUrls[replica % eventsUrls.length] ?? '', body, { signingSecret: TEST_SIGNING_SECRET, ...(retryNumber === undefined ? {} : { retryNumber }) });

    const events = Array.from({ length: options.questions }, (_, index) =>
      appMentionEvent({ user: `U0USER${index}`, text: `<@U0BOT> ${QUESTIONS[index % QUESTIONS.length] ?? ''}` }),
    );
    const envelopes = events.map((event) => eventCallback(event));
    const sentAt = new Map<string, number>();
    const acknowledgements: number[] = [];
    const firstDeliveries = envelopes.map(async (envelope, index) => {
      const threadTs = events[index]?.['ts'] as string;
      const start = performance.now();
      sentAt.set(threadTs, start);
      const response = await post(envelope, index);
      acknowledgements.push(performance.now() - start);
      if (response.status !== 200) throw new Error(`event ${index} got HTTP ${response.status}`);
    });
    // The redelivery goes to the other replica (the same one with a single replica).
    const redeliveries = options.retries ? envelopes.map((envelope, index) => post(envelope, index + 1, 1)) : [];
    await Promise.all([...firstDeliveries, ...redeliveries]);
    await waitFor(
      `${options.questions} answered questions`,
      () => (app.questionLines.length >= options.questions ? true : undefined),
      { timeoutMilliseconds: 120_000, intervalMilliseconds: 20 },
    );
    // Let any duplicate that slipped through show itself before counting.
    await new Promise((resolve) => setTimeout(resolve, 500));

    const firstVisible: number[] = [];
    const final: number[] = [];
    const problems: string[] = [];
    let answeredOnce = 0;
    let duplicates = 0;
    for (const event of events) {
      const threadTs = event['ts'] as string;
      const messages = shownAnswers(fake, 'C0GENERAL', threadTs);
      const lines = app.questionLines.filter((line) => line['threadTs'] === threadTs);
      if (messages.length > 1) duplicates += 1;
      if (messages.length === 1 && lines.length === 1) answeredOnce += 1;
      if (messages.length !== 1 || lines.length !== 1) {
        problems.push(`thread ${threadTs}: ${messages.length} message(s), ${lines.length} question line(s)`);
        continue;
      }
      const start = sentAt.get(threadTs) ?? 0;
      const visibleCalls = fake.calls.filter(
        (call) =>
          (call.body['thread_ts'] === threadTs && ['assistant.threads.setStatus', 'chat.postMessage', 'chat.startStream'].includes(call.method)) &&
          call.status === 200,
      );
      firstVisible.push(Math.min(...visibleCalls.map((call) => call.receivedAt)) - start);
      final.push(Math.max(...(messages[0]?.calls ?? []).map((call) => call.receivedAt)) - start);
      const outcome = lines[0]?.['outcome'];
      if (outcome !== 'answered' && outcome !== 'not-found') problems.push(`thread ${threadTs}: outcome ${String(outcome)}`);
    }
    if (app.questionLines.length !== options.questions) problems.push(`${app.questionLines.length} question lines, expected ${options.questions}`);
    const countBy = (key: string): Record<string, number> =>
      app.questionLines.reduce<Record<string, number>>((counts, line) => {
        const value = String(line[key]);
        counts[value] = (counts[value] ?? 0) + 1;
        return counts;
      }, {});
    const report = {
      questions: options.questions,
      redeliveries: redeliveries.length,
      replicas: options.replicas,
      stateStore: options.replicas === 2 ? 'redis' : 'memory',
      assistant: options.assistant,
      answeredExactlyOnce: problems.length === 0,
      answeredExactlyOnceCount: answeredOnce,
      duplicates,
      outcomes: countBy('outcome'),
      deliveries: countBy('delivery'),
      acknowledgementMilliseconds: summarize(acknowledgements),
      firstVisibleResponseMilliseconds: firstVisible.length > 0 ? summarize(firstVisible) : null,
      finalAnswerMilliseconds: final.length > 0 ? summarize(final) : null,
      problems,
    };
    if (options.json) process.stdout.write(`${JSON.stringify(report)}\n`);
    else {
      const row = (label: string, summary: Summary | null): string =>
        summary === null
          ? `${label.padEnd(26)} –`
          : `${label.padEnd(26)} p50 ${String(summary.p50).padStart(6)} ms   p95 ${String(summary.p95).padStart(6)} ms   max ${String(summary.max).padStart(6)} ms`;
      process.stdout.write(
        [
          `Slack load check: ${options.questions} app_mention events at once over the HTTP receiver` +
            `${options.retries ? ` (+${redeliveries.length} redeliveries with X-Slack-Retry-Num: 1${options.replicas === 2 ? ', each to the other replica' : ''})` : ''}, ` +
            `assistant: ${options.assistant}, replicas: ${options.replicas}${options.replicas === 2 ? ' (shared state in Redis)' : ''}`,
          `answered exactly once: ${problems.length === 0 ? 'yes' : `NO — ${problems.join('; ')}`} (${answeredOnce}/${options.questions}), duplicates: ${duplicates}`,
          `outcomes: ${JSON.stringify(report.outcomes)}   delivery: ${JSON.stringify(report.deliveries)}`,
          row('HTTP acknowledgement', report.acknowledgementMilliseconds),
          row('first visible response', report.firstVisibleResponseMilliseconds),
          row('final answer', report.finalAnswerMilliseconds),
          '',
        ].join('\n'),
      );
    }
    return problems.length === 0;
  } finally {
    await Promise.all(apps.map((replica) => Promise.race([replica.request({ type: 'stop' }, 'stopped'), new Promise((resolve) => setTimeout(resolve, 10_000))])));
    for (const replica of apps) replica.kill();
    await fake.close();
    await redisServer?.stop();
  }
}

function positiveInteger(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1 || parsed > 1000) throw new InvalidArgumentError('expected an integer from 1 to 1000');
  return parsed;
}

const program = new Command('bench:slack')
  .description('Load check: N signed Slack events at once over the HTTP receiver, each answered exactly once; p50/p95 latencies.')
  .option('--questions <n>', 'events fired at once', positiveInteger, 50)
  .addOption(new Option('--assistant <kind>', 'who answers').choices(['seeds', 'fake-stream']).default('seeds'))
  .option('--no-retries', 'do not redeliver each event with X-Slack-Retry-Num: 1')
  .addOption(new Option('--replicas <n>', 'app processes; 2 share one Redis (REDIS_URL, else a redis-server started here)').choices(['1', '2']).default('1'))
  .option('--json', 'one JSON object on standard output')
  .action(async (options: { questions: number; assistant: 'seeds' | 'fake-stream'; retries: boolean; replicas: '1' | '2'; json?: boolean }) => {
    const ok = await runBench({ questions: options.questions, assistant: options.assistant, retries: options.retries, replicas: options.replicas === '2' ? 2 : 1, json: options.json === true });
    if (!ok) process.exitCode = 1;
  });

await program.parseAsync(process.argv);
