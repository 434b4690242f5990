/**
 * The real assistant over the seed corpus, for the retrieve, answer, app and CLI tests: the config comes from
 * `loadConfig` (explicit variables only, never the developer's environment), the seeds are a temp copy of
 * the frozen fixture (`tests/support/seed-fixture.ts`) — never the live `seeds/` — and the index is built
 * with the model-free hashed n-gram embedder into a fresh folder under the OS temp directory — never into `index/`.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { openAssistant, type AssistantRuntime, type OpenAssistantOptions } from '../../../src/app';
import { createSilentLogger, loadConfig, type AppConfig, type Article, type Logger } from '../../../src/core';
import { HashedNgramEmbedder, type Embedder, type EmbedderSelection } from '../../../src/embed';
import { readGroundTruth, type GroundTruthArticle } from '../../support/ground-truth';
import { copySeedFixture, seedFolderEnvironment } from '../../support/seed-fixture';

/** The repository root: `loadConfig` resolves relative paths (prompts, defaults) against it. */
export const REPOSITORY_ROOT = path.resolve(import.meta.dirname, '..', '..', '..');

/** A fresh folder under the OS temp directory, and its removal. */
export interface TempDir {
  readonly directory: string;
  remove(): Promise<void>;
}

export async function makeTempDir(prefix = 'assistant-test-'): Promise<TempDir> {
  const directory = await mkdtemp(path.join(os.tmpdir(), prefix));
  return { directory, remove: () => rm(directory, { recursive: true, force: true }) };
}

/**
 * The variables the tests run under (hashed embedder, silent logs); override any. Only these reach
 * `loadConfig`, so a developer's `.env` or Slack tokens cannot change a test.
 */
export function makeEnvironment(overrides: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { EMBEDDER: 'hashed', LOG_LEVEL: 'silent', ...overrides };
}

/**
 * A validated config for the repository, with `INDEX_DIR` and `SEEDS_DIR` (both required: the defaults name
 * the live `index/` and `seeds/`) and any other variables given. `GLOSSARY_FILE` and `PAIR_OVERRIDES_FILE`
 * default to `glossary.tsv` and `pairs.tsv` inside `SEEDS_DIR`.
 */
export function makeConfig(overrides: Record<string, string> & { INDEX_DIR: string; SEEDS_DIR: string }): AppConfig {
  return loadConfig(makeEnvironment({ ...seedFolderEnvironment(overrides.SEEDS_DIR), ...overrides }), REPOSITORY_ROOT);
}

/**
 * A real {@link HashedNgramEmbedder} that records its calls. `id` may be overridden to model an embedder
 * whose id does not change with its width.
 */
export class RecordingEmbedder implements Embedder {
  readonly id: string;
  readonly dimensions: number;
  readonly crossLingual = false;
  /** Number of texts per `embedDocuments` call, in call order. */
  readonly documentCalls: number[] = [];
  /** Every `embedQuery` text, in call order. */
  readonly queries: string[] = [];
  private readonly inner: HashedNgramEmbedder;

  constructor(options: { dimensions?: number; id?: string } = {}) {
    this.inner = new HashedNgramEmbedder(options.dimensions === undefined ? {} : { dimensions: options.dimensions });
    this.id = options.id ?? this.inner.id;
    this.dimensions = this.inner.dimensions;
  }

  async embedDocuments(documents: readonly string[]): Promise<number[][]> {
    this.documentCalls.push(documents.length);
    return this.inner.embedDocuments(documents);
  }

  async embedQuery(query: string): Promise<number[]> {
    this.queries.push(query);
    return this.inner.embedQuery(query);
  }
}

/** An embedder selection as `createEmbedder` returns it, for `openAssistant`'s `embedder` option. */
export function selectEmbedder(embedder: Embedder = new HashedNgramEmbedder()): EmbedderSelection {
  return { embedder, fallbackReason: null };
}

/** What {@link openSeedAssistant} opened, and how to clean up after it. */
export interface SeedAssistant {
  readonly runtime: AssistantRuntime;
  readonly config: AppConfig;
  readonly temp: TempDir;
}

/**
 * Builds (or opens) an index of the seeds in a fresh temp folder and opens the assistant over it.
 * @param options.env - extra variables; `INDEX_DIR` defaults to `<temp>/index`, `SEEDS_DIR` to a copy of
 *   the seed fixture in `<temp>/seeds` (its glossary, no pair overrides).
 */
export async function openSeedAssistant(
  options: { env?: Record<string, string>; embedder?: Embedder; logger?: Logger; open?: OpenAssistantOptions } = {},
): Promise<SeedAssistant> {
  const temp = await makeTempDir();
  const seedsDir = options.env?.SEEDS_DIR ?? (await copySeedFixture(temp.directory));
  const config = makeConfig({ INDEX_DIR: path.join(temp.directory, 'index'), SEEDS_DIR: seedsDir, ...options.env });
  const runtime = await openAssistant(config, options.logger ?? createSilentLogger(), {
    ...options.open,
    embedder: selectEmbedder(options.embedder),
  });
  return { runtime, config, temp };
}

/** The ground-truth entry of `file` (e.g. `000_fbe4f82aa1b47969.txt`) at 1-based `position`. */
export function groundTruthEntry(file: string, position: number): GroundTruthArticle {
  const entry = readGroundTruth().find((candidate) => candidate.file === file && candidate.position === position);
  if (entry === undefined) throw new Error(`no ground-truth article ${file} #${position}`);
  return entry;
}

/** The indexed article with this exact title. */
export function articleTitled(articles: readonly Article[], title: string): Article {
  const article = articles.find((candidate) => candidate.title === title);
  if (article === undefined) throw new Error(`no article titled ${title}`);
  return article;
}

/** The Chinese file of newsletter No. 23 and its English edition (their 11 articles pair one-to-one). */
export const CHINESE_ISSUE_FILE = '000_fbe4f82aa1b47969.txt';
export const ENGLISH_ISSUE_FILE = '004_cefe45b9264134e7.txt';

/**
 * The two editions of article `position` of newsletter No. 23, as indexed: found by their ground-truth
 * titles, so the test does not depend on how ids are spelled.
 */
export function pairedEditions(articles: readonly Article[], position: number): { readonly zh: Article; readonly en: Article } {
  const truth = groundTruthEntry(CHINESE_ISSUE_FILE, position);
  if (truth.pairTitle === null) throw new Error(`${CHINESE_ISSUE_FILE} #${position} has no pair`);
  return { zh: articleTitled(articles, truth.title), en: articleTitled(articles, truth.pairTitle) };
}
