/**
 * The model-download part of the configuration (issue 14): which Hugging Face hub (or mirror) models are fetched
 * from, the access token for gated models, and the HTTP(S) proxy the downloads go through. `config.ts` spreads
 * {@link MODEL_HUB_ENVIRONMENT} into its schema (so these variables are validated, listed in
 * `CONFIG_VARIABLES` and in `.env.example` like every other) and calls {@link modelHubConfig}; this file only
 * keeps `config.ts` under the source-length limit.
 */
import { z } from 'zod';

/** The public Hugging Face hub, the default of `HF_ENDPOINT` (the default of `huggingface_hub` as well). */
export const DEFAULT_HF_ENDPOINT = 'https://huggingface.co';

const httpUrl = z
  .string()
  .trim()
  .url()
  .refine((value) => /^https?:\/\//iu.test(value), 'must be an http:// or https:// URL');

const optionalText = z.string().trim().optional();

/**
 * The variables, as zod schema fields. Names are the ones users already set for other tools: `HF_ENDPOINT` and
 * `HF_TOKEN` as read by `huggingface_hub` / `huggingface-cli`, the proxy variables as read by curl, pip and
 * undici's `EnvHttpProxyAgent` (lower-case wins over upper-case, as in undici and curl).
 */
export const MODEL_HUB_ENVIRONMENT = {
  /** Hub or mirror base URL, e.g. `https://hf-mirror.com`; files are fetched from `<HF_ENDPOINT>/<org>/<name>/resolve/main/<file>`. */
  HF_ENDPOINT: httpUrl.default(DEFAULT_HF_ENDPOINT),
  /** Hugging Face access token (secret), sent as `Authorization: Bearer …` for gated or private models. */
  HF_TOKEN: optionalText,
  HTTPS_PROXY: httpUrl.optional(),
  HTTP_PROXY: httpUrl.optional(),
  NO_PROXY: optionalText,
  https_proxy: httpUrl.optional(),
  http_proxy: httpUrl.optional(),
  no_proxy: optionalText,
} as const;

/** The proxy settings for model downloads, resolved from the upper- and lower-case variables. */
export interface ModelProxyConfig {
  /** Proxy URL for `https://` hubs (`https_proxy`, else `HTTPS_PROXY`, else the HTTP proxy, as undici does). */
  readonly httpsProxy: string | undefined;
  /** Proxy URL for `http://` hubs (`http_proxy`, else `HTTP_PROXY`). */
  readonly httpProxy: string | undefined;
  /** Comma-separated hosts (`host`, `host:port`, `.domain`, `*`) fetched directly (`no_proxy`, else `NO_PROXY`). */
  readonly noProxy: string;
}

/** Where and how model files are downloaded. */
export interface ModelHubConfig {
  /** `HF_ENDPOINT` without a trailing slash, e.g. `https://huggingface.co` or `https://hf-mirror.com`. */
  readonly endpoint: string;
  /** `HF_TOKEN`: secret, never logged; undefined when unset. */
  readonly token: string | undefined;
  readonly proxy: ModelProxyConfig;
}

type ModelHubEnvironment = z.output<z.ZodObject<typeof MODEL_HUB_ENVIRONMENT>>;

/** Resolves the parsed variables into a {@link ModelHubConfig} (lower-case proxy variables win, as in undici). */
export function modelHubConfig(env: ModelHubEnvironment): ModelHubConfig {
  const httpProxy = env.http_proxy ?? env.HTTP_PROXY;
  return {
    endpoint: env.HF_ENDPOINT.replace(/\/+$/u, ''),
    token: env.HF_TOKEN,
    proxy: { httpsProxy: env.https_proxy ?? env.HTTPS_PROXY ?? httpProxy, httpProxy, noProxy: env.no_proxy ?? env.NO_PROXY ?? '' },
  };
}
