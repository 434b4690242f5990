/**
 * The one module that reads the environment. {@link loadConfig} validates every variable at start-up
 * (types, bounds, cross-field rules, the kind of thing at each path) and returns a frozen {@link AppConfig}.
 * Every variable is listed, with a comment, in `.env.example`.
 *
 * One rule for blank values: a variable set to the empty string or to spaces (`PORT=`, as copied from
 * `.env.example`) is treated exactly as if it were unset, so its default applies. It is never read as 0, as
 * the empty string or as "off".
 */
import path from 'node:path';
import { z } from 'zod';
import { pathProblems } from './config-paths';
import { ConfigError } from './errors';
import { EMBEDDING_SERVICE_VARIABLES, embeddingServiceConfig, httpUrl, type EmbeddingServiceConfig } from './embedding-service-config';
import { MODEL_HUB_ENVIRONMENT, modelHubConfig, type ModelHubConfig } from './model-hub-config';
import { SHARED_STATE_VARIABLES, sharedStateConfig, type SharedStateConfig } from './shared-state-config';

const booleanString = z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((value) => value === 'true' || value === '1' || value === 'yes');

const optionalSecret = z.string().trim().optional();

/**
 * A comma-separated list of Slack ids (e.g. `C0123ABCD,G0456EFGH`), spaces allowed; empty means none.
 * Ids are upper-case letters and digits, as Slack prints them.
 */
function slackIdList(kind: 'channel' | 'user') {
  return z
    .string()
    .default('')
    .transform((value) => value.split(',').map((item) => item.trim()).filter((item) => item !== ''))
    .refine((ids) => ids.every((id) => /^[A-Z0-9]{2,}$/.test(id)), `must be comma-separated Slack ${kind} ids such as ${kind === 'channel' ? 'C0123ABCD' : 'U0123ABCD'}`);
}

/**
 * Default of `MAX_QUESTION_CHARS`: the longest question answered, in characters (Unicode code points).
 * 2000 is about 18 times the longest development question (111 characters, `tests/fixtures/dev.jsonl`) and
 * holds a pasted paragraph (the "Ask about this message" shortcut) or a whole Chinese news item. Slack lets
 * a message reach 40,000 characters, so the bound must be ours: question analysis holds the event loop for
 * a time growing with the question (measured on the seed index, hashed embedder: 2,000 mixed zh/en
 * characters 0.2–0.3 s, 20,000 characters 1.5 s, 100,000 characters 9 s), and Slack wants every
 * acknowledgement within 3 s. Hence also the variable's upper bound, 20,000.
 */
export const DEFAULT_MAX_QUESTION_CHARACTERS = 2000;

/**
 * Bounds on what one seed file may cost the index build (issue 16). A file over a bound is named and
 * skipped with the reason; an article over {@link IngestLimits.maxArticleChars} is skipped with a warning.
 */
export interface IngestLimits {
  /**
   * `MAX_SEED_FILE_BYTES`: largest seed file read, in bytes on disk. Default 32 MiB: a text issue is tens
   * of KB (the seeds: 9–25 KB), a PDF issue a few MB, so 32 MiB is over 1000 × a text issue and several
   * times a PDF one; the parser reads that much text in ≈ 1.5 s (`npm run index` over the seeds and a
   * 32 MB file: 7.5 s on the 2-core dev machine, issue 16).
   */
  readonly maxSeedFileBytes: number;
  /**
   * `INGEST_FILE_TIME_BUDGET_MS`: milliseconds one file's reading and parsing may take before it is skipped.
   * Default 60,000: a real issue parses in well under a second; the budget only stops pathological input.
   */
  readonly fileTimeBudgetMilliseconds: number;
  /**
   * `MAX_ARTICLE_CHARS`: longest article body kept, in characters (UTF-16 code units, as chunk sizes are).
   * Default 200,000: a newsletter item is 1,000–10,000 characters (the seeds' longest: 4,426); a longer
   * one is a file whose titles the parser did not recognise, glued into one "article" (400 + chunks at the
   * default chunk size; issue 16 saw one of 43,682 chunks).
   */
  readonly maxArticleChars: number;
}

/** The ingest limits when their variables are unset (see {@link IngestLimits} for units and reasons). */
export const DEFAULT_INGEST_LIMITS: IngestLimits = Object.freeze({
  maxSeedFileBytes: 32 * 1024 * 1024,
  fileTimeBudgetMilliseconds: 60_000,
  maxArticleChars: 200_000,
});

/**
 * Defaults of the LLM time budgets and circuit breaker, all in milliseconds except `circuitFailures`.
 * Sized for a chat reply: a Slack user waits seconds, not minutes, and an extractive answer (no LLM) takes
 * well under a second, so a failing LLM must cost a question little and soon cost nothing.
 */
export const LLM_RESILIENCE_DEFAULTS = Object.freeze({
  /** Opening a TCP/TLS connection takes one or a few round trips (≪ 1 s, even across continents); 5 s means the host is not there. */
  connectTimeoutMs: 5_000,
  /**
   * Until the server starts answering (response headers, first streamed chunk) and between two chunks. Hosted APIs
   * start streaming within 0.3–3 s; a local CPU model reading a full 12 000-character prompt may need ~10 s.
   */
  firstTokenTimeoutMs: 15_000,
  /**
   * Every LLM call of one question together (follow-up rewrite, query translation, answer), retries and backoff
   * included: half a minute is about as long as a chat user waits before giving up on a reply.
   */
  totalTimeoutMs: 30_000,
  /** Consecutive failed calls (timeout, connection error, HTTP 5xx) that open the circuit: one question's calls at most. */
  circuitFailures: 3,
  /** How long an open circuit answers extractively before one trial call: a restart of a local server takes about this. */
  circuitCooldownMs: 60_000,
});

/** An LLM time budget variable: 100 ms (tests) to one hour. */
const llmMilliseconds = z.coerce.number().int().min(100).max(3_600_000);

const environmentSchema = z.object({
  SEEDS_DIR: z.string().default('seeds'),
  INDEX_DIR: z.string().default('index'),
  WATCH_SEEDS: booleanString.default('false'),
  WATCH_DEBOUNCE_MS: z.coerce.number().int().min(100).max(600_000).default(1500),
  GLOSSARY_FILE: z.string().default('seeds/glossary.tsv'),
  PAIR_OVERRIDES_FILE: z.string().min(1).default('seeds/pairs.tsv'),
  EMBEDDER: z.enum(['auto', 'transformers', 'openai', 'ollama', 'hashed']).default('auto'),
  EMBEDDING_MODEL: z.string().min(1).default('Xenova/multilingual-e5-small'),
  MODEL_DIR: z.string().default('models'),
  ALLOW_REMOTE_MODELS: booleanString.default('true'),
  MODEL_QUANTIZED: booleanString.default('true'),
  EMBEDDING_BATCH_SIZE: z.coerce.number().int().min(1).max(512).default(16),
  HASHED_EMBEDDING_DIMENSIONS: z.coerce.number().int().min(64).max(8192).default(1024),
  ...EMBEDDING_SERVICE_VARIABLES, // --- Embedding services (issue 14): EMBEDDINGS_*, OLLAMA_BASE_URL (see that module) ---
  // --- Model download: hub mirror, token, proxy (issue 14); documented in ./model-hub-config.ts ---
  ...MODEL_HUB_ENVIRONMENT,
  CHUNK_SIZE: z.coerce.number().int().min(100).max(8000).default(500),
  CHUNK_OVERLAP: z.coerce.number().int().min(0).max(4000).default(100),
  // --- Ingest limits (issue 16): unset or blank = DEFAULT_INGEST_LIMITS ---
  MAX_SEED_FILE_BYTES: z.coerce.number().int().min(1024).max(2 ** 31 - 1).default(DEFAULT_INGEST_LIMITS.maxSeedFileBytes),
  INGEST_FILE_TIME_BUDGET_MS: z.coerce.number().int().min(100).max(3_600_000).default(DEFAULT_INGEST_LIMITS.fileTimeBudgetMilliseconds),
  MAX_ARTICLE_CHARS: z.coerce.number().int().min(1000).max(100_000_000).default(DEFAULT_INGEST_LIMITS.maxArticleChars),
  HNSW_M: z.coerce.number().int().min(2).max(128).default(16),
  HNSW_EF_CONSTRUCTION: z.coerce.number().int().min(10).max(2000).default(200),
  // --- Search near the limit (issue 15): efSearch 400 keeps recall@10 ≥ 0.99 at 100× the seeds; the
  // measured defaults are VECTOR_SEARCH_POLICY.hnsw (src/vector-index/vector-search-policy.ts; a test
  // keeps these three defaults equal to it).
  HNSW_EF_SEARCH: z.coerce.number().int().min(10).max(2000).default(400),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LLM_PROVIDER: z.enum(['none', 'openai', 'ollama']).default('none'),
  LLM_BASE_URL: httpUrl.optional(),
  LLM_API_KEY: optionalSecret,
  LLM_MODEL: z.string().trim().min(1).optional(),
  LLM_TEMPERATURE: z.coerce.number().min(0).max(2).default(0.1),
  LLM_CONNECT_TIMEOUT_MS: llmMilliseconds.default(LLM_RESILIENCE_DEFAULTS.connectTimeoutMs),
  LLM_FIRST_TOKEN_TIMEOUT_MS: llmMilliseconds.optional(),
  /** Deprecated alias of `LLM_FIRST_TOKEN_TIMEOUT_MS` (used only when that one is unset). */
  LLM_TIMEOUT_MS: llmMilliseconds.optional(),
  LLM_TOTAL_TIMEOUT_MS: llmMilliseconds.default(LLM_RESILIENCE_DEFAULTS.totalTimeoutMs),
  LLM_CIRCUIT_FAILURES: z.coerce.number().int().min(1).max(100).default(LLM_RESILIENCE_DEFAULTS.circuitFailures),
  LLM_CIRCUIT_COOLDOWN_MS: z.coerce.number().int().min(100).max(3_600_000).default(LLM_RESILIENCE_DEFAULTS.circuitCooldownMs),
  LLM_MAX_RETRIES: z.coerce.number().int().min(0).max(10).default(2),
  LLM_CONTEXT_CHARS: z.coerce.number().int().min(1000).max(1_000_000).default(12_000),
  PROMPTS_DIR: z.string().default('prompts'),
  // --- Answer policy: unset or blank = the default of DEFAULT_ANSWER_POLICY (src/answer/answer-policy.ts) ---
  ANSWER_GATE: z.enum(['coverage', 'model']).optional(),
  ANSWER_MIN_COVERAGE: z.coerce.number().min(0).max(1).optional(),
  ANSWER_MIN_WEIGHTED_COVERAGE: z.coerce.number().min(0).max(1).optional(),
  ANSWER_PERIOD_MIN_COVERAGE: z.coerce.number().min(0).max(1).optional(),
  ANSWER_PERIOD_MIN_WEIGHTED_COVERAGE: z.coerce.number().min(0).max(1).optional(),
  ANSWER_MAX_LIST_ARTICLES: z.coerce.number().int().min(1).max(20).optional(),
  ANSWER_MAX_PERIOD_ARTICLES: z.coerce.number().int().min(1).max(100).optional(),
  MAX_QUESTION_CHARS: z.coerce.number().int().min(100).max(20_000).default(DEFAULT_MAX_QUESTION_CHARACTERS),
  SLACK_BOT_TOKEN: optionalSecret,
  SLACK_APP_TOKEN: optionalSecret,
  SLACK_SIGNING_SECRET: optionalSecret,
  SLACK_API_URL: z.string().url().default('https://slack.com/api/'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  // --- Slack experience (issue 4) ---
  SLACK_ALLOWED_CHANNELS: slackIdList('channel'),
  SLACK_ALLOWED_USERS: slackIdList('user'),
  SLACK_ADMIN_USERS: slackIdList('user'),
  SLACK_RATE_LIMIT_QUESTIONS: z.coerce.number().int().min(0).max(10_000).default(10),
  SLACK_RATE_LIMIT_WINDOW_MS: z.coerce.number().int().min(1000).max(86_400_000).default(60_000),
  SLACK_STREAMING: booleanString.default('true'),
  SLACK_SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(600_000).default(15_000),
  SLACK_HEALTH_PATH: z
    .string()
    .regex(/^\/[A-Za-z0-9._~\-/]*$/, 'must be a URL path starting with /')
    .refine((value) => value !== '/slack/events', 'must not be /slack/events (Slack posts events there)')
    .default('/health'),
  SLACK_COMMAND: z
    .string()
    .regex(/^\/[a-z0-9_-]{1,31}$/, 'must be a slash command such as /newsletter (lower case, at most 32 characters)')
    .default('/newsletter'),
  FEEDBACK_LOG: z.string().min(1).default('feedback/feedback.jsonl'),
  // --- Source pages (issue 13) ---
  PUBLIC_BASE_URL: z
    .string()
    .trim()
    .url()
    .refine((value) => /^https?:\/\//i.test(value), 'must be an http:// or https:// URL')
    .refine((value) => !/[?#]/u.test(value), 'must not contain a query or fragment')
    .optional(),
  WEB_HOST: z.string().trim().min(1).default('127.0.0.1'),
  WEB_BASIC_AUTH: optionalSecret.refine(
    (value) => value === undefined || /^[^:\s]+:\S{8,}$/u.test(value),
    'must be user:password, the password at least 8 characters without spaces',
  ),
  USER_HASH_SALT: z.string().default(''),
  // --- Slack AI surface: start-up reachability (issue 14) ---
  SLACK_STARTUP_TIMEOUT_MS: z.coerce.number().int().min(1000).max(600_000).default(30_000),
  // --- Shared state for Slack replicas (issue 15): REDIS_URL, REDIS_KEY_PREFIX, INDEX_READ_ONLY (see ./shared-state-config.ts) ---
  ...SHARED_STATE_VARIABLES,
});

/**
 * Which chat-model client generates answers: `openai` speaks the OpenAI Chat Completions API (OpenAI, DeepSeek,
 * Qwen/DashScope compatible mode, vLLM, llama.cpp server, LM Studio); `ollama` speaks Ollama's native `/api/chat`.
 */
export type LlmProvider = 'openai' | 'ollama';

/** `LLM_BASE_URL` when unset, per provider. */
export const DEFAULT_LLM_BASE_URLS: Readonly<Record<LlmProvider, string>> = Object.freeze({
  openai: 'https://api.openai.com/v1',
  ollama: 'http://127.0.0.1:11434',
});

/** LLM settings; present only when `LLM_PROVIDER` is not `none`. The API key is never logged or printed. */
export interface LlmConfig {
  readonly provider: LlmProvider;
  /**
   * Server base URL without a trailing slash. OpenAI-compatible servers: up to and including the API version,
   * e.g. `https://api.openai.com/v1`, `http://127.0.0.1:8080/v1`. Ollama: the server root, e.g.
   * `http://127.0.0.1:11434`. Never contains credentials.
   */
  readonly baseUrl: string;
  /** Bearer token; undefined for local servers that need none. Secret. */
  readonly apiKey: string | undefined;
  /** Model name as the server knows it, e.g. `gpt-4o-mini`, `deepseek-chat`, `qwen2.5:7b`. */
  readonly model: string;
  /** Sampling temperature, 0–2. */
  readonly temperature: number;
  /**
   * First-token timeout, milliseconds: how long one attempt may wait for the server to start answering (response
   * headers), and a stream for its next chunk. `LLM_FIRST_TOKEN_TIMEOUT_MS` (deprecated alias `LLM_TIMEOUT_MS`).
   */
  readonly timeoutMs: number;
  /**
   * Milliseconds an attempt may take to open its connection, TLS included (`LLM_CONNECT_TIMEOUT_MS`; not retried);
   * also bounds the whole start-up check of the server.
   */
  readonly connectTimeoutMs: number;
  /** Milliseconds all LLM calls of one question may take together, retries included (`LLM_TOTAL_TIMEOUT_MS`). */
  readonly totalTimeoutMs: number;
  /** Consecutive failed calls (timeout, connection error, HTTP 5xx) that open the circuit (`LLM_CIRCUIT_FAILURES`). */
  readonly circuitFailures: number;
  /** Milliseconds an open circuit skips the LLM before letting one trial call through (`LLM_CIRCUIT_COOLDOWN_MS`). */
  readonly circuitCooldownMs: number;
  /**
   * Extra attempts after a failed one (reset connection, HTTP 408/429/5xx; not a timeout or a refused
   * connection), with exponential backoff, within `totalTimeoutMs`.
   */
  readonly maxRetries: number;
  /** Characters (not tokens) of source text that fit one prompt; longer inputs are summarised map-reduce. */
  readonly contextChars: number;
  /** Absolute path of the prompt files folder (`<name>.md` per prompt). */
  readonly promptsDir: string;
}

/**
 * The answer policy fields a deployment may set (`ANSWER_*` variables). Undefined = the default of
 * `DEFAULT_ANSWER_POLICY` (`src/answer/answer-policy.ts`), which documents each field and where its
 * default came from; `app/open-assistant.ts` applies these over it.
 */
export interface AnswerPolicyOverrides {
  /** `ANSWER_GATE`: `coverage` (whole-article term coverage floors) or `model` (the trained evidence gate). */
  readonly gate: 'coverage' | 'model' | undefined;
  /** `ANSWER_MIN_COVERAGE`: minimum share (0–1) of the question's terms the best article must contain for an answer. */
  readonly minTermCoverage: number | undefined;
  /** `ANSWER_MIN_WEIGHTED_COVERAGE`: the same share weighted by IDF (0–1). */
  readonly minWeightedTermCoverage: number | undefined;
  /** `ANSWER_PERIOD_MIN_COVERAGE`: minimum share (0–1) of the topic's terms for an article of a period summary or list. */
  readonly periodMinTermCoverage: number | undefined;
  /** `ANSWER_PERIOD_MIN_WEIGHTED_COVERAGE`: the same share weighted by IDF (0–1). */
  readonly periodMinWeightedTermCoverage: number | undefined;
  /** `ANSWER_MAX_LIST_ARTICLES`: most articles (1–20) a list question is answered from. */
  readonly maxListArticles: number | undefined;
  /** `ANSWER_MAX_PERIOD_ARTICLES`: most articles (1–100) a period summary or list covers. */
  readonly maxPeriodArticles: number | undefined;
}

/** How the Slack app receives events. */
export type SlackMode = 'socket' | 'http';

/** Slack settings; present only when `SLACK_BOT_TOKEN` is set. Secrets are never logged. */
export interface SlackConfig {
  readonly botToken: string;
  readonly mode: SlackMode;
  /** `xapp-…` token, Socket Mode only. */
  readonly appToken: string | undefined;
  /** Request-signing secret, HTTP receiver only. */
  readonly signingSecret: string | undefined;
  /** HTTP receiver port (0 = any free port). */
  readonly port: number;
  /** Web API base URL, ending in `/`. */
  readonly apiUrl: string;
  /**
   * Channels (`C…`/`G…` ids) where the bot answers; empty = every channel it is in. Direct messages are not
   * channels: they are governed by {@link SlackConfig.allowedUsers} only.
   */
  readonly allowedChannels: readonly string[];
  /** Users (`U…`/`W…` ids) the bot answers; empty = everyone. */
  readonly allowedUsers: readonly string[];
  /** Users who may run the admin commands (`reindex`, `stats`); empty = nobody. */
  readonly adminUsers: readonly string[];
  /** Questions one user may ask per {@link SlackConfig.rateLimitWindowMilliseconds}; 0 turns the limit off. */
  readonly rateLimitQuestions: number;
  /** Length of the sliding rate-limit window, in milliseconds. */
  readonly rateLimitWindowMilliseconds: number;
  /** Stream generated answers with `chat.startStream`/`appendStream`/`stopStream` (else placeholder + `chat.update`). */
  readonly streaming: boolean;
  /** On shutdown, how long answers in flight may take to finish before they are aborted, in milliseconds. */
  readonly shutdownGraceMilliseconds: number;
  /** Path of the HTTP receiver's health endpoint (`GET`), e.g. `/health`. HTTP mode only. */
  readonly healthPath: string;
  /** The slash command the app registers in its manifest, e.g. `/newsletter`. */
  readonly command: string;
  /**
   * How long start-up keeps trying to reach Slack's Web API (`auth.test` at {@link SlackConfig.apiUrl})
   * before giving up with `SlackUnavailableError` and exit code 1, in milliseconds (`SLACK_STARTUP_TIMEOUT_MS`,
   * default 30 000: long enough for a network that is still coming up, short enough to notice a blocked one).
   */
  readonly startupTimeoutMilliseconds: number;
}

/** Validated, frozen configuration. Paths are absolute. */
export interface AppConfig {
  readonly rootDir: string;
  readonly seedsDir: string;
  readonly indexDir: string;
  /** Watching `seedsDir` while `npm start` runs (`WATCH_SEEDS`); `npm run index -- --watch` uses the debounce too. */
  readonly watch: {
    /** Update the index and swap the running assistant when newsletter files change. */
    readonly enabled: boolean;
    /** Quiet time after the last change before updating, in milliseconds. */
    readonly debounceMilliseconds: number;
  };
  /** Bilingual glossary (TSV) for cross-language query expansion; a missing file means none. */
  readonly glossaryFile: string;
  /**
   * Pair overrides (TSV: `<zh ref><TAB><en ref>` forces a pair, `<ref><TAB>-` forbids one; see docs/architecture.md
   * "Pairing editions"); a missing file means none.
   */
  readonly pairOverridesFile: string;
  readonly embedder: {
    /** `auto`: the transformers.js model if it loads, else the hashed fallback; `openai`/`ollama`: `service` or fail. */
    readonly kind: 'auto' | 'transformers' | 'openai' | 'ollama' | 'hashed';
    /** Hugging Face model id, e.g. `Xenova/multilingual-e5-small`. */
    readonly model: string;
    /** Local model root: `<modelDir>/<org>/<name>/` holds config.json, tokenizer files and `onnx/`. */
    readonly modelDir: string;
    /** Whether transformers.js may download the model when it is not found locally. */
    readonly allowRemoteModels: boolean;
    /** Load `onnx/model_quantized.onnx` (true) or `onnx/model.onnx` (false). */
    readonly quantized: boolean;
    /** Texts per forward pass. */
    readonly batchSize: number;
    /** Dimensions of the model-free hashed n-gram embedder. */
    readonly hashedDimensions: number;
    /** The embedding service; non-null exactly when `kind` is `openai` or `ollama`. */
    readonly service: EmbeddingServiceConfig | null;
    /** Where models are downloaded from and through: `HF_ENDPOINT`, `HF_TOKEN` (secret), proxy variables. */
    readonly hub: ModelHubConfig;
  };
  /** Bounds on one seed file's size and parse time and on one article's length (`MAX_SEED_FILE_BYTES`, …). */
  readonly ingest: IngestLimits;
  readonly chunking: {
    /** Target chunk length in characters (not tokens). */
    readonly size: number;
    /** Characters of overlap between consecutive chunks of one article. */
    readonly overlap: number;
  };
  readonly hnsw: {
    /** Graph degree (hnswlib `M`). */
    readonly m: number;
    readonly efConstruction: number;
    readonly efSearch: number;
  };
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Overrides of the answer policy's refusal thresholds and answer sizes; undefined fields keep the policy's defaults. */
  readonly answer: AnswerPolicyOverrides;
  /**
   * `MAX_QUESTION_CHARS`: the longest question answered, in characters (Unicode code points), on every
   * surface (Slack, terminal, `npm run ask`); longer ones get a polite "too long" reply before any analysis.
   * Default {@link DEFAULT_MAX_QUESTION_CHARACTERS}.
   */
  readonly maxQuestionCharacters: number;
  /** Null when `LLM_PROVIDER` is `none` (the default): answers are extractive, no LLM is called. */
  readonly llm: LlmConfig | null;
  /** Null when `SLACK_BOT_TOKEN` is unset: the terminal chat runs instead. */
  readonly slack: SlackConfig | null;
  /** JSON Lines file where answer feedback (helpful / not helpful) is appended; `npm run eval` reads it. */
  readonly feedbackLog: string;
  /**
   * Salt mixed into the SHA-256 hash of user ids in logs and the feedback log (`USER_HASH_SALT`); empty =
   * only the app's fixed prefix, which still hides ids from casual reading but not from a dictionary.
   */
  readonly userHashSalt: string;
  /** The source pages (`src/web/`): where they are served and linked from. */
  readonly web: WebConfig;
  /** State shared by Slack replicas (`REDIS_URL`, `REDIS_KEY_PREFIX`) and `INDEX_READ_ONLY`. */
  readonly sharedState: SharedStateConfig;
}

/** Settings of the source pages; the password is never logged. */
export interface WebConfig {
  /**
   * `PUBLIC_BASE_URL` without trailing slashes, e.g. `https://newsletter.example.org`: where users reach the
   * pages; citations in Slack, the terminal and `ask --json` link there. Null = no links.
   */
  readonly publicBaseUrl: string | null;
  /** Interface `npm run web` (and `npm start` outside Slack's HTTP mode) binds: `WEB_HOST`, default `127.0.0.1`. */
  readonly host: string;
  /** Port `npm run web` listens on: `PORT` (the Slack HTTP receiver's port, which serves the pages itself). */
  readonly port: number;
  /** HTTP basic auth every page asks for (`WEB_BASIC_AUTH=user:password`); null = none. Secret. */
  readonly basicAuth: { readonly user: string; readonly password: string } | null;
}

/**
 * Validates `environment` and returns a frozen config.
 * @param environment - usually `process.env` (after `.env` is loaded by the entry point).
 * @param rootDir - the repository root; relative paths are resolved against it.
 * @throws {ConfigError} listing every invalid variable, when any is invalid or a cross-field rule fails.
 */
export function loadConfig(environment: NodeJS.ProcessEnv, rootDir: string = process.cwd()): AppConfig {
  const parsed = environmentSchema.safeParse(withoutBlankValues(environment));
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  const env = parsed.data;
  const problems: string[] = [];
  if (env.CHUNK_OVERLAP >= env.CHUNK_SIZE) {
    problems.push(`CHUNK_OVERLAP (${env.CHUNK_OVERLAP}) must be smaller than CHUNK_SIZE (${env.CHUNK_SIZE})`);
  }
  const llm = llmConfig(env, rootDir, problems);
  const embeddingService = embeddingServiceConfig(env, problems);
  let slack: SlackConfig | null = null;
  if (env.SLACK_BOT_TOKEN !== undefined) {
    if (env.SLACK_APP_TOKEN === undefined && env.SLACK_SIGNING_SECRET === undefined) {
      problems.push('SLACK_BOT_TOKEN is set: also set SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET (HTTP)');
    }
    slack = {
      botToken: env.SLACK_BOT_TOKEN,
      mode: env.SLACK_APP_TOKEN !== undefined ? 'socket' : 'http',
      appToken: env.SLACK_APP_TOKEN,
      signingSecret: env.SLACK_SIGNING_SECRET,
      port: env.PORT,
      apiUrl: env.SLACK_API_URL.endsWith('/') ? env.SLACK_API_URL : `${env.SLACK_API_URL}/`,
      allowedChannels: env.SLACK_ALLOWED_CHANNELS,
      allowedUsers: env.SLACK_ALLOWED_USERS,
      adminUsers: env.SLACK_ADMIN_USERS,
      rateLimitQuestions: env.SLACK_RATE_LIMIT_QUESTIONS,
      rateLimitWindowMilliseconds: env.SLACK_RATE_LIMIT_WINDOW_MS,
      streaming: env.SLACK_STREAMING,
      shutdownGraceMilliseconds: env.SLACK_SHUTDOWN_GRACE_MS,
      healthPath: env.SLACK_HEALTH_PATH,
      command: env.SLACK_COMMAND,
      startupTimeoutMilliseconds: env.SLACK_STARTUP_TIMEOUT_MS,
    };
  }
  const resolve = (value: string): string => path.resolve(rootDir, value);
  problems.push(...pathProblems(env, resolve));
  if (problems.length > 0) throw new ConfigError(problems);
  return deepFreeze({
    rootDir: path.resolve(rootDir),
    seedsDir: resolve(env.SEEDS_DIR),
    indexDir: resolve(env.INDEX_DIR),
    watch: { enabled: env.WATCH_SEEDS, debounceMilliseconds: env.WATCH_DEBOUNCE_MS },
    glossaryFile: resolve(env.GLOSSARY_FILE),
    pairOverridesFile: resolve(env.PAIR_OVERRIDES_FILE),
    embedder: {
      kind: env.EMBEDDER,
      model: env.EMBEDDING_MODEL,
      modelDir: resolve(env.MODEL_DIR),
      allowRemoteModels: env.ALLOW_REMOTE_MODELS,
      quantized: env.MODEL_QUANTIZED,
      batchSize: env.EMBEDDING_BATCH_SIZE,
      hashedDimensions: env.HASHED_EMBEDDING_DIMENSIONS,
      service: embeddingService,
      hub: modelHubConfig(env),
    },
    ingest: { maxSeedFileBytes: env.MAX_SEED_FILE_BYTES, fileTimeBudgetMilliseconds: env.INGEST_FILE_TIME_BUDGET_MS, maxArticleChars: env.MAX_ARTICLE_CHARS },
    chunking: { size: env.CHUNK_SIZE, overlap: env.CHUNK_OVERLAP },
    hnsw: { m: env.HNSW_M, efConstruction: env.HNSW_EF_CONSTRUCTION, efSearch: env.HNSW_EF_SEARCH },
    logLevel: env.LOG_LEVEL,
    answer: {
      gate: env.ANSWER_GATE,
      minTermCoverage: env.ANSWER_MIN_COVERAGE,
      minWeightedTermCoverage: env.ANSWER_MIN_WEIGHTED_COVERAGE,
      periodMinTermCoverage: env.ANSWER_PERIOD_MIN_COVERAGE,
      periodMinWeightedTermCoverage: env.ANSWER_PERIOD_MIN_WEIGHTED_COVERAGE,
      maxListArticles: env.ANSWER_MAX_LIST_ARTICLES,
      maxPeriodArticles: env.ANSWER_MAX_PERIOD_ARTICLES,
    },
    maxQuestionCharacters: env.MAX_QUESTION_CHARS,
    llm,
    slack,
    feedbackLog: resolve(env.FEEDBACK_LOG),
    userHashSalt: env.USER_HASH_SALT,
    web: {
      publicBaseUrl: env.PUBLIC_BASE_URL === undefined ? null : env.PUBLIC_BASE_URL.replace(/\/+$/u, ''),
      host: env.WEB_HOST,
      port: env.PORT,
      basicAuth: basicAuthConfig(env.WEB_BASIC_AUTH),
    },
    sharedState: sharedStateConfig(env),
  });
}

/** `user:password` split at its first colon; null when unset. */
function basicAuthConfig(value: string | undefined): WebConfig['basicAuth'] {
  if (value === undefined) return null;
  const colon = value.indexOf(':');
  return { user: value.slice(0, colon), password: value.slice(colon + 1) };
}

/** The LLM block of {@link loadConfig}: null for provider `none`; pushes cross-field problems to `problems`. */
function llmConfig(env: z.infer<typeof environmentSchema>, rootDir: string, problems: string[]): LlmConfig | null {
  if (env.LLM_PROVIDER === 'none') return null;
  const provider = env.LLM_PROVIDER;
  const baseUrl = (env.LLM_BASE_URL ?? DEFAULT_LLM_BASE_URLS[provider]).replace(/\/+$/u, '');
  const url = new URL(baseUrl);
  if (url.username !== '' || url.password !== '') {
    problems.push('LLM_BASE_URL must not contain credentials: put the key in LLM_API_KEY');
  }
  if (env.LLM_MODEL === undefined) {
    const examples = provider === 'ollama' ? 'qwen2.5:7b, llama3.1:8b' : 'gpt-4o-mini, deepseek-chat, qwen-plus';
    problems.push(`LLM_MODEL is required when LLM_PROVIDER=${provider} (the model name the server knows, e.g. ${examples})`);
  }
  if (provider === 'openai' && url.hostname === 'api.openai.com' && env.LLM_API_KEY === undefined) {
    problems.push(
      `LLM_API_KEY is required for LLM_PROVIDER=openai at ${url.origin} (create one at https://platform.openai.com/api-keys); ` +
        'for a local OpenAI-compatible server, set LLM_BASE_URL to it',
    );
  }
  return {
    provider,
    baseUrl,
    apiKey: env.LLM_API_KEY,
    model: env.LLM_MODEL ?? '',
    temperature: env.LLM_TEMPERATURE,
    timeoutMs: env.LLM_FIRST_TOKEN_TIMEOUT_MS ?? env.LLM_TIMEOUT_MS ?? LLM_RESILIENCE_DEFAULTS.firstTokenTimeoutMs,
    connectTimeoutMs: env.LLM_CONNECT_TIMEOUT_MS,
    totalTimeoutMs: env.LLM_TOTAL_TIMEOUT_MS,
    circuitFailures: env.LLM_CIRCUIT_FAILURES,
    circuitCooldownMs: env.LLM_CIRCUIT_COOLDOWN_MS,
    maxRetries: env.LLM_MAX_RETRIES,
    contextChars: env.LLM_CONTEXT_CHARS,
    promptsDir: path.resolve(rootDir, env.PROMPTS_DIR),
  };
}

/** The environment without its blank values: a blank variable means unset (see the module comment). */
function withoutBlankValues(environment: NodeJS.ProcessEnv): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(environment)) {
    if (value !== undefined && value.trim() !== '') kept[name] = value;
  }
  return kept;
}

/** Names of every environment variable {@link loadConfig} reads, in `.env.example` order. */
export const CONFIG_VARIABLES: readonly string[] = Object.freeze(Object.keys(environmentSchema.shape));

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
