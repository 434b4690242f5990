/**
 * `npm run eval -- [FILE.jsonl] [--json]`: retrieval and answer figures on a question file in the format
 * of `../shared/eval/dev.jsonl` (default: `tests/fixtures/dev.jsonl`, a copy of it).
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Command, Option } from 'commander';
import { openAssistant } from '../app';
import { ConfigError } from '../core';
import { feedbackToQuestions, readFeedbackLog, readQuestionFile, runEvaluation, type EvaluationReport, type MetricSummary } from '../eval';
import { createCommandContext, REPOSITORY_ROOT, runCommand } from './cli-support';
import { createBuildProgressReporter } from './progress';

function row(name: string, summary: MetricSummary): string {
  const percent = (value: number | null): string => (value === null ? '   –  ' : value.toFixed(3).padStart(6));
  return `${name.padEnd(22)} ${String(summary.questions).padStart(3)} ${String(summary.answerable).padStart(4)}  ${percent(summary.recallAt1)} ${percent(summary.recallAt5)} ${percent(summary.mrrAt10)} ${percent(summary.factRecall)} ${percent(summary.citationPrecision)} ${percent(summary.refusalAccuracy)} ${percent(summary.falseRefusalRate)}`;
}

function table(title: string, report: EvaluationReport): string[] {
  return [
    title,
    `${'group'.padEnd(22)}   n  ans     R@1    R@5 MRR@10  facts citeP. refuse falseR`,
    row('all', report.overall),
    ...Object.entries(report.byLanguage).map(([name, summary]) => row(`lang ${name}`, summary)),
    ...Object.entries(report.byAnswerLanguage).map(([name, summary]) => row(name, summary)),
    ...Object.entries(report.byCategory).map(([name, summary]) => row(name, summary)),
  ];
}

type EvalMode = 'extractive' | 'llm' | 'both';

const program = new Command('eval')
  .description('Score retrieval (recall@1, recall@5, MRR@10) and answers (fact recall, refusals) on a question file.')
  .argument('[file]', 'question file (JSON Lines)', path.join(REPOSITORY_ROOT, 'tests', 'fixtures', 'dev.jsonl'))
  .option('--json', 'print the full report as JSON')
  .option('-v, --verbose', 'list every question with its ranked articles')
  .addOption(
    new Option('--mode <mode>', 'answers to score: extractive, llm (needs LLM_PROVIDER) or both (default: both when an LLM is configured)').choices([
      'extractive',
      'llm',
      'both',
    ]),
  )
  .option(
    '--from-feedback [log]',
    'instead of scoring, turn the Slack feedback log (default FEEDBACK_LOG) into question-file lines: "helpful" answers become questions with their sources as gold, "not helpful" ones are marked needsReview',
  )
  .option('--out <file>', 'with --from-feedback: write the questions to this file instead of standard output')
  .action(async (file: string, options: { json?: boolean; verbose?: boolean; mode?: EvalMode; fromFeedback?: string | true; out?: string }) => {
    await runCommand(async () => {
      const { config, logger } = createCommandContext();
      if (options.fromFeedback !== undefined) {
        const log = options.fromFeedback === true ? config.feedbackLog : path.resolve(options.fromFeedback);
        const questions = feedbackToQuestions(await readFeedbackLog(log));
        const lines = questions.map((question) => `${JSON.stringify(question)}\n`).join('');
        if (options.out === undefined) process.stdout.write(lines);
        else {
          await writeFile(options.out, lines);
          process.stderr.write(`${questions.length} questions from ${log} written to ${options.out}; review the needsReview ones before scoring\n`);
        }
        return;
      }
      const questions = await readQuestionFile(file);
      const mode: EvalMode = options.mode ?? (config.llm === null ? 'extractive' : 'both');
      if (mode !== 'extractive' && config.llm === null) {
        throw new ConfigError(['--mode llm needs an LLM: set LLM_PROVIDER, LLM_MODEL (and LLM_BASE_URL / LLM_API_KEY); see the README']);
      }
      const runtime = await openAssistant(config, logger, { onProgress: createBuildProgressReporter(logger) });
      const reports: { readonly name: string; readonly report: EvaluationReport }[] = [];
      if (mode !== 'llm') reports.push({ name: 'extractive (no LLM)', report: await runEvaluation(questions, runtime.retriever, runtime.extractive) });
      if (mode !== 'extractive') reports.push({ name: `LLM ${runtime.llm?.id ?? ''}`, report: await runEvaluation(questions, runtime.retriever, runtime.assistant) });
      if (options.json === true) {
        process.stdout.write(`${JSON.stringify(Object.fromEntries(reports.map(({ name, report }) => [name, report])), null, 2)}\n`);
        return;
      }
      const lines = [`${questions.length} questions from ${file}; embedder ${runtime.embedder.embedder.id}`];
      for (const { name, report } of reports) lines.push('', ...table(`answers: ${name}`, report));
      const report = reports.at(-1)?.report;
      if (report === undefined) return;
      const unresolved = report.outcomes.flatMap((outcome) => outcome.unresolvedGold.map((gold) => `${outcome.id}: ${gold}`));
      if (unresolved.length > 0) lines.push('', 'gold articles not found in the index:', ...unresolved);
      if (options.verbose === true) {
        lines.push('');
        for (const outcome of report.outcomes) {
          lines.push(
            `${outcome.id} [${outcome.lang} ${outcome.category}] R@5=${outcome.recallAt5.toFixed(2)} found=${outcome.found} facts=${outcome.factRecall.toFixed(2)} cited: ${outcome.citedIds.join(' ') || '–'} top: ${outcome.rankedIds.slice(0, 5).join(' ')}`,
          );
        }
      }
      process.stdout.write(`${lines.join('\n')}\n`);
    });
  });

await program.parseAsync(process.argv);
