/**
 * `npm run eval -- [FILE.jsonl] [--json]`: retrieval and answer figures on a question file in the format
 * of `../shared/eval/dev.jsonl` (default: `tests/fixtures/dev.jsonl`, a copy of it).
 */
import path from 'node:path';
import { Command } from 'commander';
import { openAssistant } from '../app';
import { readQuestionFile, runEvaluation, type MetricSummary } from '../eval';
import { createCommandContext, REPOSITORY_ROOT, runCommand } from './cli-support';
import { createBuildProgressReporter } from './progress';

function row(name: string, summary: MetricSummary): string {
  const percent = (value: number | null): string => (value === null ? '   –  ' : value.toFixed(3).padStart(6));
  return `${name.padEnd(22)} ${String(summary.questions).padStart(3)} ${String(summary.answerable).padStart(4)}  ${percent(summary.recallAt1)} ${percent(summary.recallAt5)} ${percent(summary.mrrAt10)} ${percent(summary.factRecall)} ${percent(summary.refusalAccuracy)} ${percent(summary.falseRefusalRate)}`;
}

const program = new Command('eval')
  .description('Score retrieval (recall@1, recall@5, MRR@10) and answers (fact recall, refusals) on a question file.')
  .argument('[file]', 'question file (JSON Lines)', path.join(REPOSITORY_ROOT, 'tests', 'fixtures', 'dev.jsonl'))
  .option('--json', 'print the full report as JSON')
  .option('-v, --verbose', 'list every question with its ranked articles')
  .action(async (file: string, options: { json?: boolean; verbose?: boolean }) => {
    await runCommand(async () => {
      const { config, logger } = createCommandContext();
      const questions = await readQuestionFile(file);
      const runtime = await openAssistant(config, logger, { onProgress: createBuildProgressReporter(logger) });
      const report = await runEvaluation(questions, runtime.retriever, runtime.assistant);
      if (options.json === true) {
        process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
        return;
      }
      const lines = [
        `${questions.length} questions from ${file}; embedder ${runtime.embedder.embedder.id}; answers extractive (no LLM)`,
        `${'group'.padEnd(22)}   n  ans     R@1    R@5 MRR@10  facts refuse falseR`,
        row('all', report.overall),
        ...Object.entries(report.byLanguage).map(([name, summary]) => row(`lang ${name}`, summary)),
        ...Object.entries(report.byAnswerLanguage).map(([name, summary]) => row(name, summary)),
        ...Object.entries(report.byCategory).map(([name, summary]) => row(name, summary)),
      ];
      const unresolved = report.outcomes.flatMap((outcome) => outcome.unresolvedGold.map((gold) => `${outcome.id}: ${gold}`));
      if (unresolved.length > 0) lines.push('', 'gold articles not found in the index:', ...unresolved);
      if (options.verbose === true) {
        lines.push('');
        for (const outcome of report.outcomes) {
          lines.push(`${outcome.id} [${outcome.lang} ${outcome.category}] R@5=${outcome.recallAt5.toFixed(2)} found=${outcome.found} facts=${outcome.factRecall.toFixed(2)} top: ${outcome.rankedIds.slice(0, 5).join(' ')}`);
        }
      }
      process.stdout.write(`${lines.join('\n')}\n`);
    });
  });

await program.parseAsync(process.argv);
