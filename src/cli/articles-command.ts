/**
 * `npm run articles -- [--json]`: every article the parser finds in the seeds, with its metadata and its
 * other-language edition. Parses the seeds directly (no index or embedder needed).
 */
import { Command } from 'commander';
import { loadNewsletters } from '../ingest';
import { createCommandContext, runCommand } from './cli-support';
import { toArticleJson } from './present';

const program = new Command('articles')
  .description('List the articles parsed from the newsletters in seeds/.')
  .option('--json', 'print a JSON array of {articleId, file, title, source, date, issue, section, lang, pairId}')
  .action(async (options: { json?: boolean }) => {
    await runCommand(async () => {
      const { config, logger } = createCommandContext();
      const loaded = await loadNewsletters(config.seedsDir, config.rootDir, logger);
      if (options.json === true) {
        process.stdout.write(`${JSON.stringify(loaded.articles.map(toArticleJson), null, 2)}\n`);
        return;
      }
      for (const article of loaded.articles) {
        const details = [article.source, article.date, article.issue.label].filter((part) => part !== null).join(', ');
        process.stdout.write(`${article.id}  [${article.lang}] ${article.title}\n    ${details}${article.pairId === null ? '' : `  ↔ ${article.pairId}`}\n`);
      }
      process.stdout.write(`${loaded.articles.length} articles in ${loaded.newsletters.length} files`);
      process.stdout.write(loaded.skippedFiles.length > 0 ? `; skipped: ${loaded.skippedFiles.map((skipped) => skipped.reason).join('; ')}\n` : '\n');
    });
  });

await program.parseAsync(process.argv);
