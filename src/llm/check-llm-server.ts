/**
 * The start-up check of the configured LLM server: is it reachable, does it accept the key, does it serve the
 * model? One cheap listing request (`GET <baseUrl>/models` for OpenAI-compatible servers, `GET <baseUrl>/api/tags`
 * for Ollama), so a wrong URL, key or model stops the assistant at start-up instead of failing in a user's thread.
 */
import { LlmUnavailableError, printableUrl, redactSecrets, type LlmConfig, type Logger } from '../core';

/** What the server said about its models. */
export interface LlmServerCheckResult {
  /** Model names the server lists, in its order; empty when it does not list them. */
  readonly models: readonly string[];
  /**
   * Whether the configured model is among them; null when the server does not list models (some
   * OpenAI-compatible servers and proxies answer 404 to `/models`).
   */
  readonly modelListed: boolean | null;
}

/** Options of {@link checkLlmServer}. */
export interface CheckLlmServerOptions {
  readonly signal?: AbortSignal;
  /** The fetch to use; the global one by default. */
  readonly fetch?: typeof fetch;
}

/**
 * Lists the server's models with one request, waiting at most `config.connectTimeoutMs` milliseconds
 * (`LLM_CONNECT_TIMEOUT_MS`) for the whole request, without retries: a healthy server lists its models in
 * milliseconds, so a server that takes longer is as good as unreachable, and start-up does not wait a
 * generation timeout for it.
 * An OpenAI-compatible server that does not list the model gets a `warn` log (listings are sometimes
 * incomplete); an Ollama server that does not have it fails the check.
 * @throws {LlmUnavailableError} when the server cannot be reached or does not answer in time, rejects the key
 *   (HTTP 401/403), answers an error status (Ollama: any; OpenAI-compatible: other than 404), or — Ollama — has
 *   not pulled the model. The message names the variable to fix and never contains the key.
 * @throws the signal's reason when `options.signal` aborts.
 */
export async function checkLlmServer(
  config: LlmConfig,
  logger: Logger,
  options: CheckLlmServerOptions = {},
): Promise<LlmServerCheckResult> {
  const baseUrl = printableUrl(config.baseUrl);
  const details = { provider: config.provider, model: config.model, baseUrl, status: null };
  const secrets = config.apiKey === undefined ? [] : [config.apiKey];
  const url = config.provider === 'openai' ? `${config.baseUrl}/models` : `${config.baseUrl}/api/tags`;
  const headers: Record<string, string> = { accept: 'application/json' };
  if (config.apiKey !== undefined) headers.authorization = `Bearer ${config.apiKey}`;
  const timeout = AbortSignal.timeout(config.connectTimeoutMs);
  const signal = options.signal === undefined ? timeout : AbortSignal.any([options.signal, timeout]);

  let response: Response;
  let body: unknown;
  try {
    response = await (options.fetch ?? globalThis.fetch)(url, { headers, signal });
    body = await response.json().catch(() => null);
  } catch (error) {
    if (options.signal?.aborted === true) throw options.signal.reason;
    const reason = timeout.aborted
      ? `no answer within ${config.connectTimeoutMs} ms (LLM_CONNECT_TIMEOUT_MS)`
      : redactSecrets(describeFetchError(error), secrets);
    throw new LlmUnavailableError(details, `cannot reach the server: ${reason}. Check LLM_BASE_URL and that the server is running.`);
  }

  const failed = { ...details, status: response.status };
  if (response.status === 401 || response.status === 403) {
    throw new LlmUnavailableError(failed, `the server rejected the credentials (HTTP ${response.status}). Check LLM_API_KEY.`);
  }
  if (!response.ok) {
    if (config.provider === 'ollama') {
      throw new LlmUnavailableError(
        failed,
        `GET /api/tags answered HTTP ${response.status}; is this an Ollama server? LLM_BASE_URL must be its root, e.g. http://127.0.0.1:11434.`,
      );
    }
    if (response.status !== 404) {
      throw new LlmUnavailableError(failed, `GET /models answered HTTP ${response.status}. Check LLM_BASE_URL (it usually ends in /v1).`);
    }
    logger.warn({ llm: baseUrl, status: response.status }, 'The LLM server does not list its models; the model name is not checked.');
    return { models: [], modelListed: null };
  }

  const models = config.provider === 'openai' ? openAiModelNames(body) : ollamaModelNames(body);
  const modelListed = models.some((name) => name === config.model || name === `${config.model}:latest`);
  if (!modelListed) {
    if (config.provider === 'ollama') {
      throw new LlmUnavailableError(
        failed,
        `the server has no model ${config.model} (it has: ${models.join(', ') || 'none'}). Pull it with \`ollama pull ${config.model}\` or fix LLM_MODEL.`,
      );
    }
    logger.warn(
      { llm: baseUrl, model: config.model, listed: models.slice(0, 20) },
      `The LLM server does not list model ${config.model}; requests may fail. Check LLM_MODEL.`,
    );
  }
  return { models, modelListed };
}

function openAiModelNames(body: unknown): string[] {
  const data = isRecord(body) && Array.isArray(body.data) ? body.data : [];
  return data.flatMap((entry) => (isRecord(entry) && typeof entry.id === 'string' ? [entry.id] : []));
}

function ollamaModelNames(body: unknown): string[] {
  const entries = isRecord(body) && Array.isArray(body.models) ? body.models : [];
  return entries.flatMap((entry) => {
    if (!isRecord(entry)) return [];
    const name = typeof entry.name === 'string' ? entry.name : typeof entry.model === 'string' ? entry.model : null;
    return name === null ? [] : [name];
  });
}

function describeFetchError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause;
  const code = typeof cause === 'object' && cause !== null && 'code' in cause && typeof cause.code === 'string' ? cause.code : null;
  return code === null ? error.message : `${error.message} (${code})`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
