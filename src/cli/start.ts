/**
 * `npm start`: the Slack bot when Slack credentials are set (Socket Mode with SLACK_APP_TOKEN, else the
 * HTTP receiver with SLACK_SIGNING_SECRET, serving a health endpoint and the source pages), otherwise an
 * interactive terminal chat over the same assistant. Outside HTTP mode, the source pages the citations link
 * to are served on WEB_HOST:PORT when PUBLIC_BASE_URL is set. Builds the index first when it is missing or stale, prints the mode, index,
 * embedder and LLM in use, wires the Slack admin commands (`reindex`, `stats`) to the runtime, and on
 * SIGINT/SIGTERM stops the bot gracefully (answers in flight finish first; a second signal exits at once).
 *
 * The assistant is an {@link AssistantHost}: the admin `reindex` (a full rebuild) and, with
 * `WATCH_SEEDS=true`, every settled change in the seeds folder (an incremental update) write the index in
 * a child process (so this process keeps acknowledging Slack events), open and warm up a new runtime while
 * the old one keeps answering, then swap it in for new questions; answers in flight finish on the old
 * one, and a failed update leaves the old one answering.
 */
import readline from 'node:readline/promises';
import { Command } from 'commander';
import {
  AssistantHost,
  llmHealthFacts,
  openAssistant,
  reopenAfterIndexSubprocess,
  reopenFromDisk,
  watchIndexManifest,
  watchSeeds,
  type IndexWatcher,
  type AssistantRuntime,
  type IndexUpdateSummary,
  type SeedsWatcher,
} from '../app';
import { printableUrl, QuestionTooLongError, toAssistantError, type AppConfig, type Logger } from '../core';
import { sourcePageUrl, type ConversationTurn } from '../answer';
import { createSlackApp, createStateStore, slackStateStoreLimits, summarizeIssues } from '../slack';
import { WEB_ROUTE_PATTERNS, type WebServer } from '../web';
import { createCommandContext, runCommand } from './cli-support';
import { formatAnswerText, formatSourcesText } from './present';
import { createBuildProgressReporter } from './progress';
import { serveSourcePages, sourcePagesHandler } from './source-pages';
import { warmUpAssistant } from './warm-up';

const SLACK_HINT =
  'Slack is not configured: set SLACK_BOT_TOKEN and SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET (HTTP) in .env — see README "Slack" (docs/slack.md in detail).';

/**
 * The LLM the runtime generates answers with, or null. Read defensively: runtimes without an `llm`
 * property (extractive-only builds) mean no LLM.
 */
function runtimeLlmId(runtime: AssistantRuntime): string | null {
  const llm = (runtime as { readonly llm?: { readonly id?: unknown } | null }).llm;
  return llm !== null && llm !== undefined && typeof llm.id === 'string' ? llm.id : null;
}

function embedderDescription(runtime: AssistantRuntime): string {
  const id = runtime.index.manifest.embedder.id;
  return runtime.embedder.fallbackReason === null ? id : `${id} (fallback: no embedding model could be loaded)`;
}

/** The start-up summary: mode, index, embedder and LLM, one per line. */
function describeRuntime(mode: string, runtime: AssistantRuntime): string {
  const { counts } = runtime.index.manifest;
  const llm = runtimeLlmId(runtime);
  return [
    `Mode: ${mode}`,
    `Index: ${counts.articles} articles, ${counts.chunks} chunks`,
    `Embedder: ${embedderDescription(runtime)}`,
    `LLM: ${llm === null ? 'none (extractive answers)' : `${llm} (generated answers)`}`,
  ].join('\n');
}

/** Index, embedder and LLM facts for the health endpoint and `/newsletter stats` (no secrets). */
function runtimeFacts(runtime: AssistantRuntime): Record<string, string | number | null> {
  const { counts } = runtime.index.manifest;
  return { articles: counts.articles, chunks: counts.chunks, embedder: embedderDescription(runtime), llm: runtimeLlmId(runtime) };
}

/**
 * The health endpoint's facts: {@link runtimeFacts} and the LLM's circuit breaker (`llmCircuit`: state
 * `closed`/`open`/`half-open`, consecutive failures, when it opened; null without an LLM).
 */
function healthFacts(runtime: AssistantRuntime): Record<string, unknown> {
  return { ...runtimeFacts(runtime), llmCircuit: llmHealthFacts(runtime).llmCircuit };
}

/**
 * With `WATCH_SEEDS=true`: watches the seeds folder and, after each settled change, updates the index
 * incrementally and swaps the host to it. Null when watching is off.
 */
function startSeedsWatch(config: AppConfig, host: AssistantHost, logger: Logger): SeedsWatcher | null {
  if (!config.watch.enabled) return null;
  if (config.sharedState.indexReadOnly) {
    logger.warn({}, 'WATCH_SEEDS is ignored with INDEX_READ_ONLY=true: the index writer watches the seeds');
    return null;
  }
  const watcher = watchSeeds(config.seedsDir, {
    debounceMilliseconds: config.watch.debounceMilliseconds,
    logger,
    alsoWatch: [config.glossaryFile, config.pairOverridesFile],
    // Changes made while the assistant was starting.
    runAtStart: true,
    onChange: async () => {
      let summary: IndexUpdateSummary | null = null;
      const reload = await host.reload(
        reopenAfterIndexSubprocess(config, {
          environment: process.env,
          logger,
          onSummary: (done) => void (summary = done),
          prepare: (next) => warmUpAssistant(next, logger),
        }),
      );
      if (!reload.swapped) return;
      const done = summary as IndexUpdateSummary | null;
      logger.info(
        { ...runtimeFacts(reload.runtime), embeddedTexts: done?.embeddedTexts, reusedChunks: done?.reusedChunks, changes: done?.changes, updateMilliseconds: done?.elapsedMilliseconds },
        'seeds changed: index updated; new questions use it',
      );
    },
  });
  process.stderr.write(`Watching ${config.seedsDir}: changed newsletters are indexed and swapped in without a restart.\n`);
  return watcher;
}

/**
 * With `INDEX_READ_ONLY=true`: reloads the index when another process replaced it (polling its manifest),
 * without a restart. Null otherwise.
 */
function startIndexWatch(config: AppConfig, host: AssistantHost, logger: Logger): IndexWatcher | null {
  if (!config.sharedState.indexReadOnly) return null;
  return watchIndexManifest({
    indexDir: config.indexDir,
    logger,
    onChange: async () => {
      const reload = await host.reload(reopenFromDisk(config, logger, (next) => warmUpAssistant(next, logger)));
      logger.info(runtimeFacts(reload.runtime), 'index replaced by its writer: new questions use it');
    },
  });
}

async function runSlack(config: AppConfig, host: AssistantHost, logger: Logger): Promise<void> {
  if (config.slack === null) return;
  const { redisUrl, redisKeyPrefix, indexReadOnly } = config.sharedState;
  const stateStore = createStateStore({
    redisUrl,
    keyPrefix: redisKeyPrefix,
    feedbackLog: config.feedbackLog,
    logger,
    limits: slackStateStoreLimits(config.slack),
  });
  if (redisUrl !== null) process.stderr.write(`Shared state: Redis at ${printableUrl(redisUrl)} (key prefix ${redisKeyPrefix}); replicas may run side by side.\n`);
  const slack = createSlackApp({
    stateStore,
    config: config.slack,
    // The host answers with its current runtime; reloads swap it for new questions.
    assistant: host,
    logger,
    feedbackLog: config.feedbackLog,
    userHashSalt: config.userHashSalt,
    maxQuestionCharacters: config.maxQuestionCharacters,
    health: () => healthFacts(host.runtime),
    // HTTP mode: the source pages share the receiver's port (see src/web/).
    pages: { patterns: WEB_ROUTE_PATTERNS, handler: sourcePagesHandler(config, host, logger) },
    sourcePageLink: (articleId, quote) => (config.web.publicBaseUrl === null ? null : sourcePageUrl(config.web.publicBaseUrl, articleId, quote)),
    // The App Home tab: the current runtime's newest issues (grouped by file, memoised per index).
    home: () => summarizeIssues(host.runtime.index.articles),
    admin: {
      // A full rebuild in a child process, swapped in by rename; answers in flight finish on the old index.
      reindex: async () => {
        if (indexReadOnly) throw new Error('this replica loads the index read-only (INDEX_READ_ONLY=true): run `npm run index` where the index is written; replicas pick it up');
        const reload = await host.reload(
          reopenAfterIndexSubprocess(config, { environment: process.env, force: true, logger, prepare: (next) => warmUpAssistant(next, logger) }),
        );
        return { details: runtimeFacts(reload.runtime) };
      },
      stats: () => runtimeFacts(host.runtime),
    },
  });
  const runtime = host.runtime;
  // Before accepting events: the first questions' one-off initialisation must not delay acknowledgements.
  await warmUpAssistant(runtime, logger);
  const started = await slack.start();
  const mode =
    started.mode === 'socket'
      ? 'Slack, Socket Mode'
      : `Slack, HTTP on port ${started.port ?? config.slack.port} (events: /slack/events, health: GET ${config.slack.healthPath}, source pages: GET /)`;
  process.stderr.write(`${describeRuntime(mode, runtime)}\n`);
  // Socket Mode has no HTTP server of its own: the pages the citations link to get one.
  const pages = started.mode === 'socket' ? await serveLinkedPages(config, host, logger) : null;
  const watcher = startSeedsWatch(config, host, logger);
  const indexWatcher = startIndexWatch(config, host, logger);
  await new Promise<void>((resolve) => {
    let stopping = false;
    const shutdown = (signal: NodeJS.Signals): void => {
      if (stopping) {
        process.stderr.write(`${signal} again: exiting without waiting for answers in flight.\n`);
        process.exit(130);
      }
      stopping = true;
      process.stderr.write(
        `Shutting down: finishing answers in flight (up to ${Math.round((config.slack?.shutdownGraceMilliseconds ?? 0) / 1000)} s; press Ctrl-C again to exit now)…\n`,
      );
      void Promise.all([slack.stop(), watcher?.close(), indexWatcher?.close(), pages?.close()]).then(
        () => resolve(),
        (error: unknown) => {
          logger.error({ error: toAssistantError(error).message }, 'Slack app did not stop cleanly');
          resolve();
        },
      );
    };
    process.on('SIGINT', shutdown);
    process.on('SIGTERM', shutdown);
  });
}

/**
 * With `PUBLIC_BASE_URL` set, serves the source pages the citations link to (on `WEB_HOST`:`PORT`); null
 * without it (run `npm run web` to read the archive anyway).
 */
async function serveLinkedPages(config: AppConfig, host: AssistantHost, logger: Logger): Promise<WebServer | null> {
  return config.web.publicBaseUrl === null ? null : serveSourcePages(config, host, logger);
}

async function runTerminalChat(config: AppConfig, host: AssistantHost, logger: Logger): Promise<void> {
  process.stdout.write(
    `China Science & Technology Newsletter assistant — ask in English or Chinese.\n${describeRuntime('terminal chat', host.runtime)}\n${SLACK_HINT}\n` +
      'Commands: /new starts a new conversation, /quit leaves. Follow-up questions use the conversation so far.\n\n',
  );
  const pages = await serveLinkedPages(config, host, logger);
  const watcher = startSeedsWatch(config, host, logger);
  const terminal = readline.createInterface({ input: process.stdin, output: process.stdout, terminal: process.stdin.isTTY });
  let history: ConversationTurn[] = [];
  terminal.setPrompt('> ');
  terminal.prompt();
  for await (const line of terminal) {
    const question = line.trim();
    if (question === '/quit' || question === '/exit') break;
    if (question === '/new') {
      history = [];
      process.stdout.write('New conversation.\n');
    } else if (question !== '') {
      try {
        // Generated answers stream sentence by sentence (each already citation-checked); the sources follow.
        let streamed = '';
        process.stdout.write('\n');
        const answer = await host.ask(question, {
          history,
          onDelta: (delta) => {
            streamed += delta;
            process.stdout.write(delta);
          },
        });
        history = [...history, { question, answer }].slice(-8);
        const rest = streamed.trim() === answer.answer.trim() ? formatSourcesText(answer) : `\n${formatAnswerText(answer)}`;
        process.stdout.write(`${rest}\n\n`);
      } catch (error) {
        const wrapped = toAssistantError(error);
        // Too long is the asker's to fix, not a failure: say what to do, log nothing.
        if (error instanceof QuestionTooLongError) process.stdout.write(`${error.message}\n\n`);
        else {
          logger.error({ code: wrapped.code, message: wrapped.message }, 'question failed');
          process.stdout.write(`Sorry, that failed (${wrapped.code}): ${wrapped.message}\n`);
        }
      }
    }
    terminal.prompt();
  }
  terminal.close();
  await Promise.all([watcher?.close(), pages?.close()]);
}

const program = new Command('start')
  .description('Start the assistant: the Slack bot when Slack is configured, else a terminal chat.')
  .action(async () => {
    await runCommand(async () => {
      const { config, logger } = createCommandContext();
      // A read-only replica never builds: it opens what the index writer built (and fails clearly without one).
      const runtime = await openAssistant(config, logger, {
        onProgress: createBuildProgressReporter(logger),
        ...(config.sharedState.indexReadOnly ? { build: 'never' as const } : {}),
      });
      const host = new AssistantHost(runtime, logger);
      if (config.slack !== null) await runSlack(config, host, logger);
      else await runTerminalChat(config, host, logger);
    });
  });

await program.parseAsync(process.argv);
