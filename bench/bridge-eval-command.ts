/**
 * `npm run eval:bridge -- [--part calibration|report|all] [--out DIR] [--data DIR] [--json]`: how well the
 * offline bilingual bridge (CC-CEDICT senses, glossary, pinyin, transliterated names) lets an English query
 * reach an article written only in Chinese.
 *
 * Corpus: XQuAD's development half (`../shared/eval/external/xquad-dev/`, see its README) built by the
 * external-eval corpus builder (`src/eval/external/`), keeping only the Chinese newsletter file: one
 * Chinese-only article per paragraph (the last paragraph of each Wikipedia article left out, as there).
 * Queries, in English, for each Chinese item:
 * - `headline`: the aligned English item's headline (Wikipedia title – first words of the paragraph), the
 *   proxy of the held-out test's news headlines;
 * - `question`: each English question of the paragraph.
 * Scored: the Chinese item is the first result (top-1) or among the first 5 (top-5) of
 * `HybridRetriever.search(query, { lang: 'en' })`, with the hashed embedder (`EMBEDDER=hashed`, forced).
 *
 * Split: the external split by Wikipedia article (`splitByArticle`, SHA-256 of the title): `calibration`
 * (12 articles) is the half the bridge may be tuned on; `report` (12 articles) is the held-out half whose
 * figures are reported. RSS (`process.memoryUsage().rss`) is printed after the index and lexicon are open.
 */
import path from 'node:path';
import { Command, Option } from 'commander';
import { createCommandContext, REPOSITORY_ROOT, runCommand } from '../src/cli/cli-support';
import { openExternalPart } from '../src/cli/external-runs';
import { buildExternalCorpus, EXTERNAL_PARTS, loadExternalSet, titleKey, type ExternalCorpus, type ExternalPart } from '../src/eval';
import { BYTES_PER_MEBIBYTE } from './bench-support';

/** Results asked for per query; top-5 is the reported figure. */
const RESULTS_PER_QUERY = 5;

interface BridgeQuery {
  readonly kind: 'headline' | 'question';
  readonly query: string;
  /** Title key of the Chinese item that should be found. */
  readonly goldKey: string;
}

interface KindFigures {
  readonly kind: BridgeQuery['kind'];
  readonly queries: number;
  readonly top1: number;
  readonly top5: number;
}

interface PartFigures {
  readonly part: ExternalPart;
  readonly articles: number;
  readonly items: number;
  readonly figures: readonly KindFigures[];
  readonly rssMebibytes: number;
  readonly misses: readonly { readonly query: string; readonly gold: string; readonly top: readonly string[] }[];
}

/** The English queries of a two-edition corpus, each with the title key of its aligned Chinese item. */
function bridgeQueries(corpus: ExternalCorpus): BridgeQuery[] {
  const english = corpus.files.find((file) => file.lang === 'en');
  const chinese = corpus.files.find((file) => file.lang === 'zh');
  if (english === undefined || chinese === undefined) throw new Error('the XQuAD corpus needs both editions');
  const queries: BridgeQuery[] = english.items.map((item, index) => ({ kind: 'headline', query: item.title, goldKey: titleKey(chinese.items[index]?.title ?? '') }));
  const chineseTitles = new Set(chinese.items.map((item) => titleKey(item.title)));
  for (const question of corpus.questions) {
    if (question.lang !== 'en' || question.category !== 'fact') continue;
    const gold = question.gold.map((reference) => titleKey(reference.title)).find((key) => chineseTitles.has(key));
    if (gold !== undefined) queries.push({ kind: 'question', query: question.question, goldKey: gold });
  }
  return queries;
}

async function measurePart(part: ExternalPart, options: BridgeEvalOptions): Promise<PartFigures> {
  const { logger } = createCommandContext();
  const source = await loadExternalSet('xquad', options.data);
  const corpus = buildExternalCorpus(source, { part });
  const queries = bridgeQueries(corpus);
  const chineseOnly: ExternalCorpus = { ...corpus, set: corpus.set, files: corpus.files.filter((file) => file.lang === 'zh'), questions: [] };
  const { runtime } = await openExternalPart(chineseOnly, path.join(options.out, 'zh-only'), 'hashed', logger);
  const rssMebibytes = process.memoryUsage().rss / BYTES_PER_MEBIBYTE;
  const counts = new Map<BridgeQuery['kind'], { queries: number; top1: number; top5: number }>();
  const misses: { query: string; gold: string; top: string[] }[] = [];
  for (const query of queries) {
    const results = await runtime.retriever.search(query.query, { k: RESULTS_PER_QUERY, lang: 'en' });
    const keys = results.map((result) => titleKey(result.article.title));
    const count = counts.get(query.kind) ?? { queries: 0, top1: 0, top5: 0 };
    count.queries += 1;
    if (keys[0] === query.goldKey) count.top1 += 1;
    if (keys.includes(query.goldKey)) count.top5 += 1;
    else if (query.kind === 'headline') misses.push({ query: query.query, gold: query.goldKey, top: results.slice(0, 3).map((result) => result.article.title) });
    counts.set(query.kind, count);
  }
  return {
    part,
    articles: corpus.stats.articles,
    items: corpus.stats.items,
    figures: [...counts.entries()].map(([kind, count]) => ({ kind, ...count })),
    rssMebibytes: Number(rssMebibytes.toFixed(0)),
    misses,
  };
}

interface BridgeEvalOptions {
  readonly part: ExternalPart | 'all';
  readonly out: string;
  readonly data: string;
  readonly json?: boolean;
  readonly misses?: boolean;
}

const program = new Command('eval:bridge')
  .description('English queries against a Chinese-only XQuAD corpus with the hashed embedder: top-1/top-5 of the aligned Chinese item.')
  .addOption(new Option('--part <part>', 'calibration (tuned on) or report (held out)').choices([...EXTERNAL_PARTS, 'all']).default('all'))
  .option('--out <dir>', 'folder for the corpora and indexes', path.join(REPOSITORY_ROOT, '.tmp', 'bridge-eval'))
  .option('--data <dir>', 'folder holding xquad-dev/', path.resolve(REPOSITORY_ROOT, '..', 'shared', 'eval', 'external'))
  .option('--json', 'print the figures as JSON')
  .option('--misses', 'list the headline queries whose item is not in the top 5')
  .action(async (options: BridgeEvalOptions) => {
    await runCommand(async () => {
      const parts = options.part === 'all' ? EXTERNAL_PARTS : [options.part];
      const reports: PartFigures[] = [];
      for (const part of parts) reports.push(await measurePart(part, { ...options, out: path.join(options.out, part) }));
      if (options.json === true) {
        process.stdout.write(`${JSON.stringify(reports, null, 2)}\n`);
        return;
      }
      const lines = [`${'part'.padEnd(12)}${'queries'.padEnd(10)}${'n'.padStart(5)}${'top-1'.padStart(8)}${'top-5'.padStart(8)}`];
      for (const report of reports) {
        for (const figure of report.figures) {
          lines.push(
            `${report.part.padEnd(12)}${figure.kind.padEnd(10)}${String(figure.queries).padStart(5)}${(figure.top1 / figure.queries).toFixed(3).padStart(8)}${(figure.top5 / figure.queries).toFixed(3).padStart(8)}`,
          );
        }
        lines.push(`${report.part}: ${report.articles} articles, ${report.items} Chinese-only items, RSS ${report.rssMebibytes} MiB after opening`);
        if (options.misses === true) for (const miss of report.misses) lines.push(`  miss: ${miss.query}  →  ${miss.top.join(' | ')}`);
      }
      lines.push('calibration: the half the bridge may be tuned on; report: held out (figures to quote).');
      process.stdout.write(`${lines.join('\n')}\n`);
    });
  });

await program.parseAsync(process.argv);
