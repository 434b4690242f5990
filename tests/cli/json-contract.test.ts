/**
 * The JSON contract of the terminal commands (README, "Terminal"), checked by running the real commands
 * as a user would: `tsx src/cli/<command>.ts …` in the repository, with `INDEX_DIR` pointing at a temp
 * index (built once, up front, by `openAssistant` under the same variables), `EMBEDDER=hashed` and silent
 * logs. The commands run concurrently; each is one process (about 1–2 s of start-up).
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAssistant } from '../../src/app';
import { createSilentLogger, type AppConfig, type Article } from '../../src/core';
import { readManifest } from '../../src/vector-index';
import { appendFeedback, readQuestionFile, type FeedbackRecord } from '../../src/eval';
import { readGroundTruth, type GroundTruthArticle } from '../support/ground-truth';
import { runCliCommand, type CommandRun } from '../support/run-cli';
import {
  CHINESE_ISSUE_FILE,
  ENGLISH_ISSUE_FILE,
  groundTruthEntry,
  makeConfig,
  makeTempDir,
  REPOSITORY_ROOT,
  type TempDir,
} from '../app/support/seed-assistant';
import { copySeedFixture } from '../support/seed-fixture';

/**
 * Variables the commands run under: PATH and HOME from this process, and every setting that decides
 * whether an index is current, taken from `config` — so a developer's `.env` (which the commands load, but
 * which never overrides a variable that is set) cannot make them rebuild or query another index.
 */
function commandEnvironment(config: AppConfig, overrides: Record<string, string> = {}): NodeJS.ProcessEnv {
  const inherited = Object.fromEntries(
    ['PATH', 'HOME', 'TMPDIR', 'SYSTEMROOT'].flatMap((name) => (process.env[name] === undefined ? [] : [[name, process.env[name]]])),
  );
  return {
    ...inherited,
    INDEX_DIR: config.indexDir,
    SEEDS_DIR: config.seedsDir,
    GLOSSARY_FILE: config.glossaryFile,
    PAIR_OVERRIDES_FILE: config.pairOverridesFile,
    EMBEDDER: config.embedder.kind,
    HASHED_EMBEDDING_DIMENSIONS: String(config.embedder.hashedDimensions),
    CHUNK_SIZE: String(config.chunking.size),
    CHUNK_OVERLAP: String(config.chunking.overlap),
    HNSW_EF_SEARCH: String(config.hnsw.efSearch),
    LOG_LEVEL: 'silent',
    ...overrides,
  };
}


/** The one JSON line a successful command printed. */
function parseJsonLines(run: CommandRun): unknown[] {
  expect(run.code, run.stderr).toBe(0);
  expect(run.stdout.endsWith('\n')).toBe(true);
  return run.stdout
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line) as unknown);
}

const sortedKeys = (value: unknown): string[] => Object.keys(value as object).sort();

const SEARCH_RESULT_KEYS = ['rank', 'score', 'articleId', 'title', 'source', 'date', 'issue', 'section', 'lang', 'file', 'text'].sort();
const ASK_KEYS = ['question', 'found', 'outcome', 'answer', 'lang', 'mode', 'citations', 'kind', 'related'].sort();
const CITATION_KEYS = ['n', 'articleId', 'title', 'source', 'date', 'issue', 'lang', 'file', 'quote', 'url', 'link'].sort();
const ARTICLE_KEYS = ['articleId', 'file', 'title', 'source', 'date', 'dateSource', 'issue', 'section', 'lang', 'pairId', 'link', 'warnings'].sort();

/** The temp copy of the seed fixture the commands index (made up front). */
let seedsDir: string;
/**
 * The `file` label of seed file `name` as the commands derive it (`loadNewsletters`): the path from the
 * repository root, or the absolute path of a file outside it — and the seeds copy lies in the OS temp folder.
 */
const seedLabel = (name: string): string => path.join(seedsDir, name);
/** The label of one of the seed newsletters (`NNN_<16 hex digits>.txt`) of the seeds copy. */
const seedFilePattern = (): RegExp => new RegExp(`^${seedsDir.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&')}/\\d{3}_[0-9a-f]{16}\\.txt$`, 'u');

interface SearchResultJson {
  readonly rank: number;
  readonly score: number;
  readonly articleId: string;
  readonly title: string;
  readonly lang: string;
  readonly file: string;
  readonly text: string;
}
interface CitationJson {
  readonly n: number;
  readonly articleId: string;
  readonly title: string;
  readonly source: string | null;
  readonly date: string | null;
  readonly issue: string | null;
  readonly lang: string;
  readonly file: string;
  readonly quote: string;
  readonly pairId?: string | null;
}
interface AskJson {
  readonly id?: string;
  readonly question: string;
  readonly found: boolean;
  readonly answer: string;
  readonly lang: string;
  readonly citations: readonly CitationJson[];
}
interface ArticleJson {
  readonly articleId: string;
  readonly file: string;
  readonly title: string;
  readonly source: string | null;
  readonly date: string | null;
  readonly lang: string;
  readonly pairId: string | null;
}

/** A citation carries exactly the contract's keys, plus optionally `pairId`. */
function expectCitationKeys(citation: unknown): void {
  const keys = sortedKeys(citation).filter((key) => key !== 'pairId');
  expect(keys).toEqual(CITATION_KEYS);
}

/** The indexed article matching a ground-truth row. */
function indexedArticle(articles: readonly Article[], truth: GroundTruthArticle): Article {
  const article = articles.find((candidate) => candidate.file === seedLabel(truth.file) && candidate.title === truth.title);
  if (article === undefined) throw new Error(`not indexed: ${truth.file} ${truth.title}`);
  return article;
}

const SEARCH_QUERY = 'CERC steering committee Joint Work Plan';
const ASK_QUESTION = 'Who signed the amendment to the CERC protocol?';
const BATCH_QUESTIONS = [
  { id: 'zh-agriculture', question: '中美农业科技合作第十四次联合工作组会议在哪里召开？' },
  { id: 7, question: 'What did the newsletter say about the Mars rover landing in 2030?' },
  { id: 'en-qingdao', question: 'When was the China-US Innovation Park in Qingdao launched?' },
] as const;

let temp: TempDir;
let indexDir: string;
let builtAt: string;
let articles: readonly Article[];
let batchFile: string;
let malformedBatchFile: string;
let feedbackLog: string;
let feedbackQuestions: string;
const runs = new Map<string, Promise<CommandRun>>();
const run = (name: string): Promise<CommandRun> => {
  const started = runs.get(name);
  if (started === undefined) throw new Error(`command ${name} was not started`);
  return started;
};

beforeAll(async () => {
  temp = await makeTempDir('cli-contract-test-');
  indexDir = path.join(temp.directory, 'index');
  seedsDir = await copySeedFixture(temp.directory);
  if (!path.relative(REPOSITORY_ROOT, seedsDir).startsWith('..')) throw new Error(`the seeds copy ${seedsDir} must lie outside the repository`);
  // The same variables the commands see, so the commands find this index current and do not rebuild.
  const config = makeConfig({ INDEX_DIR: indexDir, SEEDS_DIR: seedsDir });
  const runtime = await openAssistant(config, createSilentLogger());
  articles = runtime.retriever.articles;
  builtAt = runtime.index.manifest.createdAt;

  batchFile = path.join(temp.directory, 'questions.jsonl');
  await writeFile(batchFile, `${BATCH_QUESTIONS.map((item) => JSON.stringify(item)).join('\n')}\n\n`);
  malformedBatchFile = path.join(temp.directory, 'malformed.jsonl');
  await writeFile(malformedBatchFile, `${JSON.stringify(BATCH_QUESTIONS[0])}\n{"id": "broken", "question": \n`);

  feedbackLog = path.join(temp.directory, 'feedback.jsonl');
  const cited = articles.find((article) => article.lang === 'en');
  if (cited === undefined) throw new Error('no English article');
  const feedbackRecord = (rating: 'helpful' | 'not_helpful', question: string): FeedbackRecord => ({
    time: '2026-01-01T00:00:00.000Z',
    user: 'u_0123456789abcdef',
    rating,
    answerId: `answer-${rating}`,
    question,
    answer: 'An answer [1].',
    lang: 'en',
    mode: 'extractive',
    found: true,
    citations: [{ n: 1, articleId: cited.id, title: cited.title, file: cited.file }],
    surface: 'mention',
  });
  await appendFeedback(feedbackLog, feedbackRecord('helpful', 'A helpful question?'));
  await appendFeedback(feedbackLog, feedbackRecord('not_helpful', 'An unhelpful question?'));
  feedbackQuestions = path.join(temp.directory, 'from-feedback.jsonl');

  const environment = commandEnvironment(config);
  const commands: Record<string, [string, string[], NodeJS.ProcessEnv?]> = {
    fromFeedback: ['eval', ['--from-feedback', feedbackLog, '--out', feedbackQuestions]],
    search: ['search', ['--json', '-k', '3', SEARCH_QUERY]],
    searchWithLogs: ['search', ['--json', '-k', '2', SEARCH_QUERY], commandEnvironment(config, { LOG_LEVEL: 'debug' })],
    ask: ['ask', ['--json', ASK_QUESTION]],
    askLinked: ['ask', ['--json', ASK_QUESTION], commandEnvironment(config, { PUBLIC_BASE_URL: 'https://newsletter.example.org/archive/' })],
    articles: ['articles', ['--json']],
    searchBatch: ['search', ['--batch', batchFile, '-k', '2']],
    askBatch: ['ask', ['--batch', batchFile]],
    malformedBatch: ['ask', ['--batch', malformedBatchFile]],
    searchHelp: ['search', ['--help']],
    askHelp: ['ask', ['--help']],
  };
  for (const [name, [command, args, env]] of Object.entries(commands)) runs.set(name, runCliCommand(command, args, env ?? environment));
  await Promise.all(runs.values());
}, 120_000);

afterAll(async () => {
  await temp.remove();
});

describe('the index the commands use', () => {
  it('is the one built under the same variables: no command rebuilt it', async () => {
    expect((await readManifest(indexDir))?.createdAt).toBe(builtAt);
  });
});

describe('search --json', () => {
  it('prints {query, results} with exactly the contract’s keys, best first, one result per article', async () => {
    const search = await run('search');
    expect(search.stderr).toBe('');
    const [output, ...rest] = parseJsonLines(search);
    expect(rest).toEqual([]);
    expect(sortedKeys(output)).toEqual(['query', 'results']);
    const { query, results } = output as { query: string; results: SearchResultJson[] };
    expect(query).toBe(SEARCH_QUERY);
    expect(results).toHaveLength(3);
    for (const result of results) {
      expect(sortedKeys(result)).toEqual(SEARCH_RESULT_KEYS);
      expect(result.file).toMatch(seedFilePattern());
      expect(result.text.length).toBeGreaterThan(0);
    }
    expect(results.map((result) => result.rank)).toEqual([1, 2, 3]);
    expect(new Set(results.map((result) => result.articleId)).size).toBe(3);
    const scores = results.map((result) => result.score);
    expect(scores).toEqual([...scores].sort((left, right) => right - left));
  });

  it('ranks the English edition of the CERC article first, its Chinese edition after it, with their metadata', async () => {
    const [output] = parseJsonLines(await run('search'));
    const [first, second] = (output as { results: SearchResultJson[] }).results;
    const english = indexedArticle(articles, groundTruthEntry(ENGLISH_ISSUE_FILE, 4));
    const chinese = indexedArticle(articles, groundTruthEntry(CHINESE_ISSUE_FILE, 4));
    expect(first).toMatchObject({ articleId: english.id, title: english.title, lang: 'en', file: seedLabel(ENGLISH_ISSUE_FILE) });
    expect(second).toMatchObject({ articleId: chinese.id, title: chinese.title, lang: 'zh', file: seedLabel(CHINESE_ISSUE_FILE) });
  });

  it('keeps standard output to the JSON when logs are on: logs are JSON lines on standard error', async () => {
    const search = await run('searchWithLogs');
    const [output, ...rest] = parseJsonLines(search);
    expect(rest).toEqual([]);
    expect((output as { results: unknown[] }).results).toHaveLength(2);
    const logLines = search.stderr.split('\n').filter((line) => line.trim() !== '');
    expect(logLines.length).toBeGreaterThan(0);
    for (const line of logLines) expect(() => JSON.parse(line) as unknown, line).not.toThrow();
  });
});

describe('ask --json', () => {
  it('prints the answer with exactly the contract’s keys, citations carrying at most an extra pairId', async () => {
    const ask = await run('ask');
    expect(ask.stderr).toBe('');
    const [output, ...rest] = parseJsonLines(ask);
    expect(rest).toEqual([]);
    expect(sortedKeys(output)).toEqual(ASK_KEYS);
    const answer = output as AskJson & { mode: string };
    expect(answer).toMatchObject({ question: ASK_QUESTION, found: true, outcome: 'answered', lang: 'en', mode: 'extractive' });
    expect(answer.citations.length).toBeGreaterThan(0);
    answer.citations.forEach((citation, index) => {
      expectCitationKeys(citation);
      expect(citation.n).toBe(index + 1);
      expect(answer.answer).toContain(`[${citation.n}]`);
      expect(citation.file).toMatch(seedFilePattern());
    });
  });

  it('gives each citation url null without PUBLIC_BASE_URL, and its source page (quote highlighted) with it', async () => {
    const [plain] = parseJsonLines(await run('ask'));
    for (const citation of (plain as { citations: { url: unknown }[] }).citations) expect(citation.url).toBeNull();
    const linkedRun = await run('askLinked');
    const [linked] = parseJsonLines(linkedRun);
    const citations = (linked as { citations: { articleId: string; quote: string; url: string; link: unknown }[] }).citations;
    expect(citations.length).toBeGreaterThan(0);
    for (const citation of citations) {
      const url = new URL(citation.url);
      expect(`${url.origin}${url.pathname}`).toBe(`https://newsletter.example.org/archive/sources/${encodeURIComponent(citation.articleId)}`);
      expect(citation.quote.replace(/\s+/gu, ' ').startsWith(url.searchParams.get('hl') ?? '-')).toBe(true);
      expect(url.hash).toBe('#hl');
      // The seeds print no links of their own.
      expect(citation.link).toBeNull();
    }
  });

  it('cites the No. 23 article it answers from with its title, outlet, date and file, and its other edition', async () => {
    const [output] = parseJsonLines(await run('ask'));
    const [citation] = (output as AskJson).citations;
    const truth = groundTruthEntry(ENGLISH_ISSUE_FILE, 4);
    const english = indexedArticle(articles, truth);
    const chinese = indexedArticle(articles, groundTruthEntry(CHINESE_ISSUE_FILE, 4));
    expect(citation).toMatchObject({
      articleId: english.id,
      title: truth.title,
      source: truth.source,
      date: truth.sourceDate,
      lang: 'en',
      file: seedLabel(truth.file),
      pairId: chinese.id,
    });
    expect(english.body).toContain(citation?.quote);
  });
});

describe('--batch FILE.jsonl', () => {
  it('search prints one {id, query, results} line per question, in order, ids as strings', async () => {
    const search = await run('searchBatch');
    const lines = parseJsonLines(search) as { id: string; query: string; results: SearchResultJson[] }[];
    expect(lines.map((line) => line.id)).toEqual(BATCH_QUESTIONS.map((item) => String(item.id)));
    lines.forEach((line, index) => {
      expect(sortedKeys(line)).toEqual(['id', 'query', 'results']);
      expect(line.query).toBe(BATCH_QUESTIONS[index]?.question);
      expect(line.results).toHaveLength(2);
      for (const result of line.results) expect(sortedKeys(result)).toEqual(SEARCH_RESULT_KEYS);
    });
  });

  it('ask prints one answer line per question, with its id, in order', async () => {
    const ask = await run('askBatch');
    const lines = parseJsonLines(ask) as AskJson[];
    expect(lines.map((line) => line.id)).toEqual(BATCH_QUESTIONS.map((item) => String(item.id)));
    lines.forEach((line, index) => {
      expect(sortedKeys(line)).toEqual(['id', ...ASK_KEYS].sort());
      expect(line.question).toBe(BATCH_QUESTIONS[index]?.question);
      for (const citation of line.citations) expectCitationKeys(citation);
    });
  });

  it('ask cites each answer’s article with the outlet and date the newsletter prints, and refuses the unanswerable', async () => {
    const [agriculture, mars, qingdao] = parseJsonLines(await run('askBatch')) as AskJson[];
    const chineseTruth = groundTruthEntry(CHINESE_ISSUE_FILE, 6);
    expect(agriculture).toMatchObject({ found: true, lang: 'zh' });
    expect(agriculture?.citations[0]).toMatchObject({
      title: chineseTruth.title,
      source: chineseTruth.source,
      date: chineseTruth.sourceDate,
      lang: 'zh',
      file: seedLabel(CHINESE_ISSUE_FILE),
      pairId: indexedArticle(articles, groundTruthEntry(ENGLISH_ISSUE_FILE, 6)).id,
    });

    expect(mars).toMatchObject({ found: false, outcome: 'not_found', citations: [] });

    const englishTruth = groundTruthEntry(ENGLISH_ISSUE_FILE, 5);
    expect(qingdao?.citations[0]).toMatchObject({ title: englishTruth.title, source: englishTruth.source, date: englishTruth.sourceDate, lang: 'en' });
    expect(qingdao?.answer).toContain(englishTruth.source ?? '(no source)');
    expect(qingdao?.answer).toContain(englishTruth.sourceDate ?? '(no date)');
  });

  it('rejects a malformed file: non-zero exit, file and line on standard error, nothing on standard output', async () => {
    const malformed = await run('malformedBatch');
    expect(malformed.code).not.toBe(0);
    expect(malformed.stdout).toBe('');
    expect(malformed.stderr).toContain(`${malformedBatchFile}:2`);
    expect(malformed.stderr).toMatch(/^error INPUT_INVALID:/mu);
  });
});

describe('eval --from-feedback', () => {
  it('turns feedback into question lines the evaluation reads: helpful ones with their sources as gold', async () => {
    const result = await run('fromFeedback');
    expect(result.code, result.stderr).toBe(0);
    const questions = await readQuestionFile(feedbackQuestions);
    expect(questions.map((question) => question.question)).toEqual(['A helpful question?', 'An unhelpful question?']);
    const helpful = articles.find((article) => article.lang === 'en');
    expect(questions[0]?.gold.map((gold) => gold.title)).toEqual([helpful?.title]);
    expect(questions[1]?.gold).toEqual([]);
  });
});

describe('articles --json', () => {
  const truth = readGroundTruth();
  let listed: ArticleJson[];
  beforeAll(async () => {
    const articlesRun = await run('articles');
    expect(articlesRun.stderr).toBe('');
    listed = JSON.parse(articlesRun.stdout) as ArticleJson[];
  });

  const listedFor = (expected: GroundTruthArticle): ArticleJson | undefined =>
    listed.find((article) => article.file === seedLabel(expected.file) && article.articleId.endsWith(`#${expected.position}`));

  it('lists every article of the ground truth once, with exactly the contract’s keys', () => {
    expect(listed).toHaveLength(truth.length);
    expect(new Set(listed.map((article) => article.articleId)).size).toBe(truth.length);
    for (const article of listed) {
      expect(sortedKeys(article)).toEqual(ARTICLE_KEYS);
      expect(article.file).toMatch(seedFilePattern());
    }
  });

  it('gives each article its printed title, source outlet and source date', () => {
    for (const expected of truth) {
      const article = listedFor(expected);
      const where = `${expected.file} #${expected.position}`;
      expect(article?.title, where).toBe(expected.title);
      expect(article?.source, where).toBe(expected.source);
      if (expected.sourceDate !== null) expect(article?.date, where).toBe(expected.sourceDate);
    }
  });

  it('pairs the Chinese and English editions of No. 23 with each other, and nothing else', () => {
    const pairedInTruth = truth.filter((expected) => expected.pairTitle !== null);
    expect(listed.filter((article) => article.pairId !== null)).toHaveLength(pairedInTruth.length);
    for (const expected of truth) {
      const article = listedFor(expected);
      const partner = listed.find((candidate) => candidate.articleId === article?.pairId);
      expect(partner?.title ?? null, `${expected.file} #${expected.position}`).toBe(expected.pairTitle);
      if (partner !== undefined) {
        expect(partner.pairId).toBe(article?.articleId);
        expect([article?.file, partner.file].sort()).toEqual([seedLabel(CHINESE_ISSUE_FILE), seedLabel(ENGLISH_ISSUE_FILE)]);
        expect(partner.lang).not.toBe(article?.lang);
      }
    }
  });
});

describe('--help', () => {
  it.each([
    ['searchHelp', 'search', ['--json', '-k', '--batch']],
    ['askHelp', 'ask', ['--json', '--batch']],
  ] as const)('%s: exits 0 and documents the options on standard output', async (name, command, options) => {
    const help = await run(name);
    expect(help.code).toBe(0);
    expect(help.stderr).toBe('');
    expect(help.stdout).toMatch(new RegExp(`^Usage: ${command} `, 'u'));
    for (const option of options) expect(help.stdout).toContain(option);
  });
});
