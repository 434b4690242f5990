/**
 * `npm run web`: serves the source pages (every newsletter item in full, both editions side by side, the
 * issues, search and answers with links) on `WEB_HOST`:`PORT` (default 127.0.0.1:3000) until SIGINT/SIGTERM.
 * In Slack's HTTP mode `npm start` serves the same pages on the bot's port; this command is for Socket Mode
 * and for reading the archive without Slack. Builds the index first when it is missing or stale.
 */
import { Command } from 'commander';
import { AssistantHost, openAssistant } from '../app';
import { createCommandContext, runCommand } from './cli-support';
import { createBuildProgressReporter } from './progress';
import { serveSourcePages } from './source-pages';

const program = new Command('web')
  .description('Serve the source pages: each newsletter item with its other edition, the issues, search and answers.')
  .action(async () => {
    await runCommand(async () => {
      const { config, logger } = createCommandContext();
      const runtime = await openAssistant(config, logger, { onProgress: createBuildProgressReporter(logger) });
      const server = await serveSourcePages(config, new AssistantHost(runtime, logger), logger);
      await new Promise<void>((resolve) => {
        const stop = (): void => {
          void server.close().finally(resolve);
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    });
  });

await program.parseAsync(process.argv);
