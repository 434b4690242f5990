/**
 * `npm run search -- [--json] [-k N] [--batch FILE.jsonl] "query"`: hybrid search, one result per
 * article, best first.
 */
import { Command } from 'commander';
import { openAssistant } from '../app';
import { InputError } from '../core';
import { createCommandContext, parsePositiveInteger, printJsonLine, readBatchFile, runCommand } from './cli-support';
import { formatSearchText, toSearchResultJson } from './present';
import { createBuildProgressReporter } from './progress';


const program = new Command('search')
  .description('Search the newsletters: hybrid (HNSW + BM25) retrieval, one result per article, best first.')
  .argument('[query...]', 'search terms or a question, in English or Chinese')
  .option('--json', 'print {"query", "results": [...]} as JSON')
  .option('-k, --k <number>', 'number of articles to return', parsePositiveInteger, 5)
  .option('--batch <file>', 'JSON Lines file of {"id", "question"}; prints one JSON line per input line')
  .action(async (words: string[], options: { json?: boolean; k: number; batch?: string }) => {
    await runCommand(async () => {
      const { config, logger } = createCommandContext();
      const query = words.join(' ').trim();
      if (options.batch === undefined && query === '') throw new InputError('Give a query, e.g. npm run search -- "CERC steering committee".');
      // Read the batch first: a malformed file is reported before any index is built.
      const batch = options.batch === undefined ? null : await readBatchFile(options.batch);
      const runtime = await openAssistant(config, logger, { onProgress: createBuildProgressReporter(logger) });
      if (batch !== null) {
        for (const item of batch) {
          const results = await runtime.retriever.search(item.question, { k: options.k });
          printJsonLine({ id: item.id, query: item.question, results: results.map(toSearchResultJson) });
        }
        return;
      }
      const results = await runtime.retriever.search(query, { k: options.k });
      if (options.json === true) printJsonLine({ query, results: results.map(toSearchResultJson) });
      else process.stdout.write(`${formatSearchText(results)}\n`);
    });
  });

await program.parseAsync(process.argv);
