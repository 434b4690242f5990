/**
 * The one module that reads the environment. {@link loadConfig} validates every variable at start-up
 * (types, bounds, cross-field rules) and returns a frozen {@link AppConfig}. Every variable is listed,
 * with a comment, in `.env.example`.
 */
import path from 'node:path';
import { z } from 'zod';
import { ConfigError } from './errors';

const booleanString = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

const optionalSecret = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional();

const environmentSchema = z.object({
  SEEDS_DIR: z.string().default('seeds'),
  INDEX_DIR: z.string().default('index'),
  GLOSSARY_FILE: z.string().default('seeds/glossary.tsv'),
  EMBEDDER: z.enum(['auto', 'transformers', 'hashed']).default('auto'),
  EMBEDDING_MODEL: z.string().min(1).default('Xenova/multilingual-e5-small'),
  MODEL_DIR: z.string().default('models'),
  ALLOW_REMOTE_MODELS: booleanString.default('true'),
  MODEL_QUANTIZED: booleanString.default('true'),
  EMBEDDING_BATCH_SIZE: z.coerce.number().int().min(1).max(512).default(16),
  HASHED_EMBEDDING_DIMENSIONS: z.coerce.number().int().min(64).max(8192).default(1024),
  CHUNK_SIZE: z.coerce.number().int().min(100).max(8000).default(500),
  CHUNK_OVERLAP: z.coerce.number().int().min(0).max(4000).default(100),
  HNSW_M: z.coerce.number().int().min(2).max(128).default(16),
  HNSW_EF_CONSTRUCTION: z.coerce.number().int().min(10).max(2000).default(200),
  HNSW_EF_SEARCH: z.coerce.number().int().min(10).max(2000).default(100),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SLACK_BOT_TOKEN: optionalSecret,
  SLACK_APP_TOKEN: optionalSecret,
  SLACK_SIGNING_SECRET: optionalSecret,
  SLACK_API_URL: z.string().url().default('https://slack.com/api/'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
});

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
}

/** Validated, frozen configuration. Paths are absolute. */
export interface AppConfig {
  readonly rootDir: string;
  readonly seedsDir: string;
  readonly indexDir: string;
  /** Bilingual glossary (TSV) for cross-language query expansion; a missing file means none. */
  readonly glossaryFile: string;
  readonly embedder: {
    /** `auto`: the transformers.js model when it loads, else the hashed n-gram fallback. */
    readonly kind: 'auto' | 'transformers' | 'hashed';
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
  };
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
  /** Null when `SLACK_BOT_TOKEN` is unset: the terminal chat runs instead. */
  readonly slack: SlackConfig | null;
}

/**
 * Validates `environment` and returns a frozen config.
 * @param environment - usually `process.env` (after `.env` is loaded by the entry point).
 * @param rootDir - the repository root; relative paths are resolved against it.
 * @throws {ConfigError} listing every invalid variable, when any is invalid or a cross-field rule fails.
 */
export function loadConfig(environment: NodeJS.ProcessEnv, rootDir: string = process.cwd()): AppConfig {
  const parsed = environmentSchema.safeParse(environment);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  const env = parsed.data;
  const problems: string[] = [];
  if (env.CHUNK_OVERLAP >= env.CHUNK_SIZE) {
    problems.push(`CHUNK_OVERLAP (${env.CHUNK_OVERLAP}) must be smaller than CHUNK_SIZE (${env.CHUNK_SIZE})`);
  }
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
    };
  }
  if (problems.length > 0) throw new ConfigError(problems);
  const resolve = (value: string): string => path.resolve(rootDir, value);
  return deepFreeze({
    rootDir: path.resolve(rootDir),
    seedsDir: resolve(env.SEEDS_DIR),
    indexDir: resolve(env.INDEX_DIR),
    glossaryFile: resolve(env.GLOSSARY_FILE),
    embedder: {
      kind: env.EMBEDDER,
      model: env.EMBEDDING_MODEL,
      modelDir: resolve(env.MODEL_DIR),
      allowRemoteModels: env.ALLOW_REMOTE_MODELS,
      quantized: env.MODEL_QUANTIZED,
      batchSize: env.EMBEDDING_BATCH_SIZE,
      hashedDimensions: env.HASHED_EMBEDDING_DIMENSIONS,
    },
    chunking: { size: env.CHUNK_SIZE, overlap: env.CHUNK_OVERLAP },
    hnsw: { m: env.HNSW_M, efConstruction: env.HNSW_EF_CONSTRUCTION, efSearch: env.HNSW_EF_SEARCH },
    logLevel: env.LOG_LEVEL,
    slack,
  });
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
