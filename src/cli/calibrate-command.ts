/**
 * `npm run calibrate -- [--write] [--out DIR] [--data DIR] [--cmrc-articles N] [--embedder KIND] [--json]`:
 * fits the answer gate (`src/answer/answer-gate.ts`) on the *calibration* parts of the public QA corpora
 * (XQuAD in English and Chinese, CMRC 2018 in Chinese; see `npm run eval:external`) and, with `--write`,
 * writes `src/answer/answer-gate-model.json`.
 *
 * Per question it plans the answer as `ask` does and reads the evidence features; labels are 1 for an
 * answerable question whose item is among the articles read for evidence, 0 for a near-miss question
 * (the topic is indexed, the fact is not). Answerable questions whose item was not retrieved say nothing
 * about the gate and are left out of the fit (but counted when the threshold is chosen). Near misses are
 * repeated so both classes weigh the same. The threshold is the lowest that refuses at least
 * `--min-refused` (default 0.87) of the calibration near misses (see `chooseThreshold`). The report parts and the dev questions are never read here: they measure.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { AnswerPlanner, EVIDENCE_FEATURE_NAMES, type EvidenceFeatures } from '../answer';
import {
  buildExternalCorpus,
  chooseThreshold,
  DEFAULT_CMRC_SAMPLE,
  EXTERNAL_SETS,
  fitLogisticRegression,
  loadExternalSet,
  logisticProbability,
  resolveReferences,
  type ExternalSetName,
} from '../eval';
import { createCommandContext, parsePositiveInteger, REPOSITORY_ROOT, runCommand } from './cli-support';
import { openExternalPart, type ExternalEmbedderKind } from './external-runs';

const MODEL_FILE = path.join(REPOSITORY_ROOT, 'src', 'answer', 'answer-gate-model.json');

interface CalibrateOptions {
  readonly write?: boolean;
  readonly json?: boolean;
  readonly out: string;
  readonly data: string;
  readonly cmrcArticles: number;
  readonly embedder?: ExternalEmbedderKind;
  readonly dump?: string;
  readonly minRefused: number;
}

/** One calibration question's features and label. */
interface CalibrationRow {
  readonly set: ExternalSetName;
  readonly lang: string;
  readonly answerable: boolean;
  /** Answerable: an edition of its item is among the articles read for evidence. */
  readonly reachable: boolean;
  readonly features: readonly number[];
  readonly question: string;
  /** Title of the first retrieved article. */
  readonly top: string;
}

/**
 * Default share of calibration near misses the threshold must refuse: the product's bar (85 %) plus two
 * points of margin, since the held-out parts refuse a little less than the questions a threshold is
 * chosen on.
 */
const DEFAULT_MIN_REFUSED = 0.87;

function parseShare(value: string): number {
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed < 0 || parsed > 1) throw new InvalidArgumentError('expected a share from 0 to 1');
  return parsed;
}

function vector(features: EvidenceFeatures): number[] {
  return EVIDENCE_FEATURE_NAMES.map((name) => features[name]);
}

async function calibrationRows(options: CalibrateOptions): Promise<{ readonly rows: CalibrationRow[]; readonly embedders: ReadonlySet<string> }> {
  const { logger } = createCommandContext();
  const rows: CalibrationRow[] = [];
  const embedders = new Set<string>();
  for (const name of EXTERNAL_SETS) {
    const source = await loadExternalSet(name, options.data);
    const corpus = buildExternalCorpus(source, { part: 'calibration', ...(name === 'cmrc' ? { sampleSize: options.cmrcArticles } : {}) });
    const { runtime } = await openExternalPart(corpus, options.out, options.embedder, logger);
    embedders.add(runtime.embedder.embedder.id);
    const planner = new AnswerPlanner(runtime.retriever, { policy: runtime.answerPolicy });
    for (const question of corpus.questions) {
      const plan = await planner.plan(question.question, { evidence: true });
      if (plan.evidence === null) continue;
      const gold = resolveReferences(question.gold, runtime.retriever.articles).ids;
      const read = plan.retrieved.slice(0, runtime.answerPolicy.evidenceArticles);
      const reachable = read.some((result) => gold.has(result.article.id) || (result.article.pairId !== null && gold.has(result.article.pairId)));
      rows.push({ set: name, lang: question.lang, answerable: question.category === 'fact', reachable, features: vector(plan.evidence.features), question: question.question, top: plan.retrieved[0]?.article.title ?? '' });
    }
    logger.info({ set: name, questions: corpus.questions.length }, 'calibration features read');
  }
  return { rows, embedders };
}

const program = new Command('calibrate')
  .description('Fit the answer gate on the calibration parts of the public QA corpora; --write saves src/answer/answer-gate-model.json.')
  .option('--write', 'write the fitted model to src/answer/answer-gate-model.json')
  .option('--json', 'print the model and figures as JSON')
  .option('--min-refused <share>', 'share (0–1) of near misses the threshold must refuse on the calibration parts', parseShare, DEFAULT_MIN_REFUSED)
  .option('--dump <file>', 'also write every calibration question\'s features and label as JSON Lines')
  .option('--out <dir>', 'folder for the corpora and indexes', path.join(REPOSITORY_ROOT, '.tmp', 'external-eval'))
  .option('--data <dir>', 'folder holding xquad-dev/ and cmrc2018/', path.resolve(REPOSITORY_ROOT, '..', 'shared', 'eval', 'external'))
  .option('--cmrc-articles <n>', 'CMRC 2018 articles per part (a deterministic sample)', parsePositiveInteger, DEFAULT_CMRC_SAMPLE)
  .addOption(new Option('--embedder <kind>', 'embedder (default: EMBEDDER when set, else hashed)').choices(['auto', 'transformers', 'hashed']))
  .action(async (options: CalibrateOptions) => {
    await runCommand(async () => {
      const { rows, embedders } = await calibrationRows(options);
      if (options.dump !== undefined) await writeFile(options.dump, rows.map((row) => JSON.stringify(row)).join('\n'));
      const unanswerable = rows.filter((row) => !row.answerable);
      const fitted = rows.filter((row) => row.reachable);
      // Balance the classes: repeat the near misses so both weigh about the same in the likelihood.
      const repeats = Math.max(1, Math.round(fitted.length / Math.max(1, unanswerable.length)));
      const training = [...fitted, ...Array.from({ length: repeats }, () => unanswerable).flat()];
      const model = fitLogisticRegression(
        training.map((row) => row.features),
        training.map((row) => (row.answerable ? 1 : 0)),
        { learningRate: 1e-4, steps: 30_000 },
      );
      const scored = rows.map((row) => ({ ...row, probability: logisticProbability(model, row.features) }));
      const choice = chooseThreshold(scored, options.minRefused);
      const figures = {
        questions: rows.length,
        answerable: rows.filter((row) => row.answerable).length,
        answerableReachable: fitted.length,
        nearMisses: unanswerable.length,
        answered: Number(choice.answered.toFixed(3)),
        refused: Number(choice.refused.toFixed(3)),
        balancedAccuracy: Number(choice.balancedAccuracy.toFixed(3)),
        minRefused: options.minRefused,
      };
      const json = {
        version: 1,
        features: [...EVIDENCE_FEATURE_NAMES],
        means: model.means.map((value) => Number(value.toFixed(6))),
        scales: model.scales.map((value) => Number(value.toFixed(6))),
        weights: model.weights.map((value) => Number(value.toFixed(6))),
        bias: Number(model.bias.toFixed(6)),
        threshold: Number(choice.threshold.toFixed(6)),
        trainedOn: `npm run calibrate: calibration parts of XQuAD (en, zh) and CMRC 2018 (${options.cmrcArticles} articles), embedder ${[...embedders].join(', ')}`,
        figures,
      };
      if (options.write === true) await writeFile(MODEL_FILE, `${JSON.stringify(json, null, 2)}\n`);
      process.stdout.write(options.json === true ? `${JSON.stringify(json, null, 2)}\n` : `${EVIDENCE_FEATURE_NAMES.map((name, index) => `${name.padEnd(26)} ${json.weights[index]}`).join('\n')}\nbias ${json.bias}  threshold ${json.threshold}\n${JSON.stringify(figures)}\n${options.write === true ? `written to ${path.relative(REPOSITORY_ROOT, MODEL_FILE)}` : 'not written (--write saves it)'}\n`);
    });
  });

await program.parseAsync(process.argv);
