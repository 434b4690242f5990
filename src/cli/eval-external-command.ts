/**
 * `npm run eval:external -- [--set xquad|cmrc|all] [--part calibration|report|all] [--out DIR] [--json]
 * [--limit N] [--cmrc-articles N] [--data DIR] [--embedder KIND]`: builds newsletter-like corpora and
 * question files from the public QA sets in `../shared/eval/external/` (XQuAD in English and Chinese, CMRC
 * 2018 in Chinese), indexes each set × part in its own folder, asks every question as `npm run ask -- --json`
 * does, and reports article recall@5, answered and refused shares and "answer contains the answer text"
 * per set × part × language × category.
 */
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Command, Option } from 'commander';
import type { AppConfig, Logger } from '../core';
import {
  askExternalQuestions,
  buildExternalCorpus,
  checkCorpusParse,
  checkEditionPairs,
  DEFAULT_CMRC_SAMPLE,
  EXTERNAL_PARTS,
  EXTERNAL_SETS,
  loadExternalSet,
  summarizeExternalRows,
  type CorpusParseProblem,
  type EditionPairingCheck,
  type ExternalCorpus,
  type ExternalGroupSummary,
  type ExternalPart,
  type ExternalQuestionRow,
  type ExternalSetName,
} from '../eval';
import { createCommandContext, parsePositiveInteger, REPOSITORY_ROOT, runCommand } from './cli-support';
import { openExternalPart } from './external-runs';

/** One set × part of the run. */
interface PartReport {
  readonly set: ExternalSetName;
  readonly part: ExternalPart;
  readonly directory: string;
  /** The embedder's id, e.g. `hashed-ngram:v1:1024`. */
  readonly embedder: string;
  /** `extractive`, or the LLM's id when answers are generated. */
  readonly answers: string;
  readonly corpus: ExternalCorpus['stats'];
  readonly questionsWritten: number;
  readonly questionsAsked: number;
  readonly parseProblems: readonly CorpusParseProblem[];
  readonly pairing: EditionPairingCheck;
  readonly openSeconds: number;
  readonly askSeconds: number;
  readonly summary: readonly ExternalGroupSummary[];
  readonly rows: readonly ExternalQuestionRow[];
}

interface ExternalEvalOptions {
  readonly set: ExternalSetName | 'all';
  readonly part: ExternalPart | 'all';
  readonly out: string;
  readonly json?: boolean;
  readonly limit?: number;
  readonly cmrcArticles: number;
  readonly data: string;
  readonly embedder?: AppConfig['embedder']['kind'];
}

/** At most `limit` of `items`, evenly spaced through them (so every language and category keeps its share). */
function spread<Item>(items: readonly Item[], limit: number | undefined): readonly Item[] {
  if (limit === undefined || limit >= items.length) return items;
  return Array.from({ length: limit }, (_, index) => items[Math.floor((index * items.length) / limit)] as Item);
}

async function runPart(corpus: ExternalCorpus, options: ExternalEvalOptions, logger: Logger): Promise<PartReport> {
  const parseProblems = checkCorpusParse(corpus);
  const { directory, runtime, openSeconds } = await openExternalPart(corpus, options.out, options.embedder, logger);
  const questions = spread(corpus.questions, options.limit);
  const askStarted = performance.now();
  const rows = await askExternalQuestions(questions, runtime.retriever, runtime.assistant, (_, done) => {
    if (done % 200 === 0) logger.info({ set: corpus.set, part: corpus.part, done, total: questions.length }, 'asking');
  });
  return {
    set: corpus.set,
    part: corpus.part,
    directory,
    embedder: runtime.embedder.embedder.id,
    answers: runtime.llm?.id ?? 'extractive',
    corpus: corpus.stats,
    questionsWritten: corpus.questions.length,
    questionsAsked: rows.length,
    parseProblems,
    pairing: checkEditionPairs(corpus, runtime.retriever.articles),
    openSeconds: Number(openSeconds.toFixed(1)),
    askSeconds: Number(((performance.now() - askStarted) / 1000).toFixed(1)),
    summary: summarizeExternalRows(rows),
    rows,
  };
}

function formatTable(reports: readonly PartReport[]): string[] {
  const share = (value: number | null): string => (value === null ? '–' : value.toFixed(3)).padStart(8);
  const lines = [
    `${'set'.padEnd(6)}${'part'.padEnd(12)}${'lang'.padEnd(5)}${'category'.padEnd(24)}${'n'.padStart(5)}${'R@5'.padStart(8)}${'topic@5'.padStart(8)}${'answered'.padStart(9)}${'refused'.padStart(8)}${'contain'.padStart(8)}  outcomes a/p/nf`,
  ];
  for (const report of reports) {
    for (const group of report.summary) {
      const outcomes = `${group.outcomes.answered}/${group.outcomes.partial}/${group.outcomes.not_found}${group.outcomeFrom === 'found' ? ' (from found)' : ''}`;
      lines.push(
        `${report.set.padEnd(6)}${report.part.padEnd(12)}${group.lang.padEnd(5)}${group.category.padEnd(24)}${String(group.questions).padStart(5)}` +
          `${share(group.recallAt5)}${share(group.topicRecallAt5)}${share(group.answered).padStart(9)}${share(group.refused)}${share(group.contained)}  ${outcomes}`,
      );
    }
  }
  lines.push('', 'R@5: an edition of the gold item among the first 5 search results; topic@5 (near misses): an item of the same');
  lines.push('Wikipedia article there; answered: found over answerable; refused: not found over near misses; contain: the answer');
  lines.push('contains an answer text (NFKC, lower case, spaces collapsed; ignored for Chinese).');
  for (const report of reports) {
    const pairing = report.pairing.expected === 0 ? '' : `; editions paired ${report.pairing.correct}/${report.pairing.expected} (wrong ${report.pairing.wrong})`;
    lines.push(
      `${report.set} ${report.part}: ${report.corpus.articles} articles, ${report.corpus.items} items per language, ${report.questionsAsked}/${report.questionsWritten} questions asked; ` +
        `${report.embedder}, ${report.answers} answers; opening (index build or load, lexicon) ${report.openSeconds} s, asking ${report.askSeconds} s; parse problems ${report.parseProblems.length}${pairing}; ${report.directory}`,
    );
    for (const problem of report.parseProblems.slice(0, 10)) {
      lines.push(`  parse ${problem.kind} in ${problem.file}: "${problem.title}" expected ${problem.expected}, found ${problem.found}`);
    }
  }
  return lines;
}

const program = new Command('eval:external')
  .description('Build newsletter-like corpora from XQuAD and CMRC 2018, index them, ask their questions and score answers and refusals.')
  .addOption(new Option('--set <set>', 'question-answering set').choices([...EXTERNAL_SETS, 'all']).default('all'))
  .addOption(new Option('--part <part>', 'part of the split by Wikipedia article').choices([...EXTERNAL_PARTS, 'all']).default('all'))
  .option('--out <dir>', 'folder for the corpora, question files and indexes', path.join(REPOSITORY_ROOT, '.tmp', 'external-eval'))
  .option('--json', 'print the full report, with one row per question, as JSON')
  .option('--limit <n>', 'ask at most N questions per set × part, evenly spaced through its question file', parsePositiveInteger)
  .option('--cmrc-articles <n>', 'CMRC 2018 articles per part (a deterministic sample)', parsePositiveInteger, DEFAULT_CMRC_SAMPLE)
  .option('--data <dir>', 'folder holding xquad-dev/ and cmrc2018/', path.resolve(REPOSITORY_ROOT, '..', 'shared', 'eval', 'external'))
  .addOption(new Option('--embedder <kind>', 'embedder (default: EMBEDDER when set, else hashed)').choices(['auto', 'transformers', 'hashed']))
  .action(async (options: ExternalEvalOptions) => {
    await runCommand(async () => {
      const started = performance.now();
      const { logger } = createCommandContext();
      const sets = options.set === 'all' ? EXTERNAL_SETS : [options.set];
      const parts = options.part === 'all' ? EXTERNAL_PARTS : [options.part];
      const reports: PartReport[] = [];
      for (const name of sets) {
        const source = await loadExternalSet(name, options.data);
        for (const part of parts) {
          const corpus = buildExternalCorpus(source, { part, ...(name === 'cmrc' ? { sampleSize: options.cmrcArticles } : {}) });
          reports.push(await runPart(corpus, options, logger));
        }
      }
      const runtimeSeconds = Number(((performance.now() - started) / 1000).toFixed(1));
      if (options.json === true) {
        process.stdout.write(`${JSON.stringify({ runtimeSeconds, data: options.data, out: path.resolve(options.out), parts: reports }, null, 2)}\n`);
        return;
      }
      process.stdout.write(`${[...formatTable(reports), `runtime ${runtimeSeconds} s`].join('\n')}\n`);
    });
  });

await program.parseAsync(process.argv);
