/**
 * `npm start`: the Slack bot when Slack credentials are set (Socket Mode with SLACK_APP_TOKEN, else the
 * HTTP receiver with SLACK_SIGNING_SECRET), otherwise an interactive terminal chat over the same
 * assistant. Builds the index first when it is missing or stale.
 */
import readline from 'node:readline/promises';
import { Command } from 'commander';
import type { ConversationTurn } from '../answer';
import { openAssistant, type AssistantRuntime } from '../app';
import { toAssistantError, type AppConfig, type Logger } from '../core';
import { createSlackApp } from '../slack';
import { createCommandContext, runCommand } from './cli-support';
import { formatAnswerText } from './present';
import { createBuildProgressReporter } from './progress';

const SLACK_HINT =
  'Slack is not configured: set SLACK_BOT_TOKEN and SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET (HTTP) in .env — see README "Connect Slack".';

function describeRuntime(runtime: AssistantRuntime): string {
  const manifest = runtime.index.manifest;
  const embedder = runtime.embedder.fallbackReason === null ? manifest.embedder.id : `${manifest.embedder.id} (fallback: no embedding model could be loaded)`;
  return `index: ${manifest.counts.articles} articles, ${manifest.counts.chunks} chunks · embedder: ${embedder} · answers: extractive (no LLM)`;
}

async function runSlack(config: AppConfig, runtime: AssistantRuntime, logger: Logger): Promise<void> {
  if (config.slack === null) return;
  const slack = createSlackApp({ config: config.slack, assistant: runtime.assistant, logger });
  const started = await slack.start();
  process.stderr.write(
    `Slack bot running in ${started.mode === 'socket' ? 'Socket Mode' : `HTTP mode on port ${started.port ?? config.slack.port} (/slack/events)`}\n${describeRuntime(runtime)}\n`,
  );
  await new Promise<void>((resolve) => {
    const shutdown = (): void => {
      process.stderr.write('Shutting down…\n');
      void slack.stop().then(resolve, resolve);
    };
    process.once('SIGINT', shutdown);
    process.once('SIGTERM', shutdown);
  });
}

async function runTerminalChat(runtime: AssistantRuntime, logger: Logger): Promise<void> {
  process.stdout.write(
    `China Science & Technology Newsletter assistant — ask in English or Chinese.\n${describeRuntime(runtime)}\n${SLACK_HINT}\n` +
      'Commands: /new starts a new conversation, /quit leaves. Follow-up questions use the conversation so far.\n\n',
  );
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
        const answer = await runtime.assistant.ask(question, { history });
        history = [...history, { question, answer }].slice(-8);
        process.stdout.write(`\n${formatAnswerText(answer)}\n\n`);
      } catch (error) {
        const wrapped = toAssistantError(error);
        logger.error({ code: wrapped.code, message: wrapped.message }, 'question failed');
        process.stdout.write(`Sorry, that failed (${wrapped.code}): ${wrapped.message}\n`);
      }
    }
    terminal.prompt();
  }
  terminal.close();
}

const program = new Command('start')
  .description('Start the assistant: the Slack bot when Slack is configured, else a terminal chat.')
  .action(async () => {
    await runCommand(async () => {
      const { config, logger } = createCommandContext();
      const runtime = await openAssistant(config, logger, { onProgress: createBuildProgressReporter(logger) });
      if (config.slack !== null) await runSlack(config, runtime, logger);
      else await runTerminalChat(runtime, logger);
    });
  });

await program.parseAsync(process.argv);
