/**
 * `npm run articles -- [--json] [--pairs | --report [FILE…]]`: every article the parser finds in the seeds, with its metadata
 * and its other-language edition; `--pairs` reports the pairing of editions instead (every pair with its
 * confidence and evidence, unpaired articles that had a near-miss candidate, and skipped override lines).
 * Parses the seeds directly (no index or embedder needed). Pairs with the glossary's bilingual names and
 * the pair overrides file (`PAIR_OVERRIDES_FILE`); no embedding similarity. An article whose text addresses
 * the assistant (planted instructions, `articleWarnings`) gets a warning line (`warnings` in the JSON).
 * `--report` prints how each file was segmented (masthead, issue, evidence, items with date, dateSource and link,
 * dropped lines with reasons, warnings) for the FILEs given (any path) or, without FILEs, every seed file.
 */
import path from 'node:path';
import { Command } from 'commander';
import { InputError, type Article } from '../core';
import {
  articleWarnings,
  extractDocumentText,
  listNewsletterFiles,
  loadNewsletters,
  parseNewsletter,
  readPairEditionsOptions,
  type ArticleWarning,
  type EditionPairingReport,
  type PairEvidence,
  type ParsedNewsletter,
} from '../ingest';
import { createCommandContext, runCommand } from './cli-support';
import { formatParseReport, toArticleJson, toParseReportJson } from './present';

/** At most `limit` items, then how many more. */
function listed(items: readonly string[], limit = 8): string {
  return items.length <= limit ? items.join(', ') : `${items.slice(0, limit).join(', ')} (+${items.length - limit} more)`;
}

function describeEvidence(evidence: PairEvidence | null): string {
  if (evidence === null) return 'no evidence (files are not candidates)';
  const parts: string[] = [];
  if (evidence.sameDate) parts.push('same source date');
  if (evidence.dateGapDays !== null) parts.push(`source dates ${evidence.dateGapDays} days apart`);
  if (evidence.sharedDates.length > 0) parts.push(`dates ${listed(evidence.sharedDates)}`);
  if (evidence.sharedNumbers.length > 0) parts.push(`numbers ${listed(evidence.sharedNumbers)}`);
  if (evidence.sharedLatinNames.length > 0) parts.push(`Latin names ${listed(evidence.sharedLatinNames)}`);
  if (evidence.sharedNames.length > 0) parts.push(`names ${listed(evidence.sharedNames)}`);
  if (evidence.sharedTerms.length > 0) parts.push(`translated terms ${listed(evidence.sharedTerms)}`);
  if (evidence.sharedTransliterations.length > 0) parts.push(`transliterated names ${listed(evidence.sharedTransliterations)}`);
  if (evidence.samePosition) parts.push('same position');
  parts.push(evidence.fileRelation === 'same-issue' ? 'same issue' : evidence.fileRelation === 'overlapping-dates' ? 'overlapping dates' : 'undated file');
  if (evidence.similarity !== null) parts.push(`similarity ${evidence.similarity.toFixed(3)}`);
  return parts.join('; ');
}

/** A parse-report warning line: `warning: addresses the assistant (override, ignore-previous-instructions): "…"`. */
function describeWarning(warning: ArticleWarning): string {
  const where = warning.position === null ? 'title' : `sentence ${warning.position + 1}`;
  return `warning: ${where} addresses the assistant (${warning.addressKind}, ${warning.pattern}): “${warning.sentence}”`;
}

function articleRef(article: Article | undefined, id: string): { articleId: string; title: string | null; file: string | null; lang: string | null } {
  return { articleId: id, title: article?.title ?? null, file: article?.file ?? null, lang: article?.lang ?? null };
}

function round(value: number): number {
  return Number(value.toFixed(4));
}

function pairingJson(report: EditionPairingReport, byId: ReadonlyMap<string, Article>, overridesFile: string): Record<string, unknown> {
  return {
    minScore: report.minScore,
    overridesFile,
    filePairs: report.filePairs.map((relation) => ({ ...relation, strength: round(relation.strength) })),
    pairs: report.pairs.map((pair) => ({
      chinese: articleRef(byId.get(pair.chineseId), pair.chineseId),
      english: articleRef(byId.get(pair.englishId), pair.englishId),
      score: round(pair.score),
      confidence: round(pair.confidence),
      origin: pair.origin,
      overrideLine: pair.overrideLine,
      evidence: pair.evidence,
    })),
    nearMisses: report.nearMisses.map((miss) => ({
      article: articleRef(byId.get(miss.articleId), miss.articleId),
      candidate: articleRef(byId.get(miss.candidateId), miss.candidateId),
      score: round(miss.score),
      confidence: round(miss.confidence),
      reason: miss.reason,
      evidence: miss.evidence,
    })),
    overrideProblems: report.overrideProblems,
  };
}

function printPairing(report: EditionPairingReport, byId: ReadonlyMap<string, Article>, overridesFile: string): void {
  const title = (id: string): string => `${id}  ${byId.get(id)?.title ?? '(unknown article)'}`;
  const write = (text: string): void => {
    process.stdout.write(`${text}\n`);
  };
  const confidences = report.pairs.map((pair) => pair.confidence);
  const range = confidences.length === 0 ? '' : `, confidence ${Math.min(...confidences).toFixed(2)}–${Math.max(...confidences).toFixed(2)}`;
  write(`${report.pairs.length} pairs (minimum score ${report.minScore.toFixed(2)}${range})`);
  for (const pair of report.pairs) {
    write(`  ${pair.confidence.toFixed(2)}  ${title(pair.chineseId)}`);
    write(`        ${title(pair.englishId)}`);
    const origin = pair.origin === 'override' ? `forced by override line ${pair.overrideLine ?? '?'}; ` : '';
    write(`        ${origin}score ${pair.score.toFixed(2)}: ${describeEvidence(pair.evidence)}`);
  }
  if (report.nearMisses.length > 0) {
    write(`${report.nearMisses.length} unpaired articles with a near-miss candidate`);
    for (const miss of report.nearMisses) {
      write(`  ${title(miss.articleId)}`);
      write(`    ↔ ${title(miss.candidateId)}`);
      write(`      ${miss.reason}, score ${miss.score.toFixed(2)} (confidence ${miss.confidence.toFixed(2)}): ${describeEvidence(miss.evidence)}`);
    }
  }
  if (report.overrideProblems.length > 0) {
    write(`${report.overrideProblems.length} override lines skipped (${overridesFile})`);
    for (const problem of report.overrideProblems) write(`  line ${problem.line ?? '-'}: ${problem.reason}${problem.text === '' ? '' : `  [${problem.text.replace(/\t/gu, '⇥')}]`}`);
  }
}

/** Parses each file (any format) for its report; `file` names it from `rootDir` when inside it. */
async function parseForReport(files: readonly string[], rootDir: string): Promise<ParsedNewsletter[]> {
  const parsed: ParsedNewsletter[] = [];
  for (const absolutePath of files) {
    const relative = path.relative(rootDir, absolutePath);
    const file = relative.startsWith('..') || path.isAbsolute(relative) ? absolutePath : relative.split(path.sep).join('/');
    const document = await extractDocumentText(absolutePath, file);
    parsed.push(parseNewsletter(document.text, file, { canonicalUrl: document.canonicalUrl ?? null }));
  }
  return parsed;
}

const program = new Command('articles')
  .description('List the articles parsed from the newsletters in seeds/, or (--pairs) how their editions pair.')
  .option('--json', 'print JSON: an array of {articleId, file, title, source, date, dateSource, issue, section, lang, pairId, link, warnings}; with --pairs or --report, that report')
  .option('--pairs', 'report every pair of editions with its confidence and evidence, near misses, and skipped override lines')
  .option('--report', 'report how each file was segmented: masthead, issue, evidence, items, dropped lines, warnings (FILEs, or every seed file)')
  .argument('[files...]', 'with --report: newsletter files to report on (default: every file in SEEDS_DIR)')
  .action(async (files: string[], options: { json?: boolean; pairs?: boolean; report?: boolean }) => {
    await runCommand(async () => {
      const { config, logger } = createCommandContext();
      if (options.report === true) {
        const paths =
          // npm runs scripts from the package root; INIT_CWD is where the user typed the command.
          files.length > 0 ? files.map((file) => path.resolve(process.env.INIT_CWD ?? process.cwd(), file)) : (await listNewsletterFiles(config.seedsDir)).map((name) => path.join(config.seedsDir, name));
        const parsed = await parseForReport(paths, config.rootDir);
        if (options.json === true) process.stdout.write(`${JSON.stringify(parsed.map(toParseReportJson), null, 2)}\n`);
        else process.stdout.write(`${parsed.map(formatParseReport).join('\n\n')}\n`);
        return;
      }
      if (files.length > 0) throw new InputError('FILE arguments go with --report (npm run articles -- --report FILE…)');
      const overridesFile = path.relative(config.rootDir, config.pairOverridesFile).split(path.sep).join('/');
      const loaded = await loadNewsletters(config.seedsDir, config.rootDir, logger, { pairing: await readPairEditionsOptions(config), limits: config.ingest });
      const report = loaded.pairing;
      const articles = loaded.articles;
      const byId = new Map(articles.map((article) => [article.id, article]));
      if (options.pairs === true) {
        if (options.json === true) process.stdout.write(`${JSON.stringify(pairingJson(report, byId, overridesFile), null, 2)}\n`);
        else printPairing(report, byId, overridesFile);
        return;
      }
      const warnings = new Map(articles.map((article) => [article.id, articleWarnings(article)]));
      if (options.json === true) {
        process.stdout.write(`${JSON.stringify(articles.map((article) => toArticleJson(article, warnings.get(article.id))), null, 2)}\n`);
        return;
      }
      for (const article of articles) {
        const details = [article.source, article.date, article.issue.label].filter((part) => part !== null).join(', ');
        process.stdout.write(`${article.id}  [${article.lang}] ${article.title}\n    ${details}${article.pairId === null ? '' : `  ↔ ${article.pairId}`}\n`);
        for (const warning of warnings.get(article.id) ?? []) process.stdout.write(`    ${describeWarning(warning)}\n`);
      }
      const flagged = articles.filter((article) => (warnings.get(article.id)?.length ?? 0) > 0).length;
      if (flagged > 0) process.stdout.write(`${flagged} ${flagged === 1 ? 'article addresses' : 'articles address'} the assistant (warnings above): those sentences are never quoted nor given to a model\n`);
      process.stdout.write(`${articles.length} articles in ${loaded.newsletters.length} files`);
      process.stdout.write(loaded.skippedFiles.length > 0 ? `; skipped: ${loaded.skippedFiles.map((skipped) => skipped.reason).join('; ')}\n` : '\n');
    });
  });

await program.parseAsync(process.argv);
