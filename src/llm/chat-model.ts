/**
 * Builds the configured LangChain chat model — `ChatOpenAI` for any OpenAI-compatible endpoint, `ChatOllama`
 * for Ollama — with the connect and first-token timeouts, retries and temperature from the configuration. The only module that
 * imports the LLM client packages, and only the configured one, when the model is built (dynamic `import()`:
 * `@langchain/openai` takes about 1.2 s to load, `@langchain/ollama` 0.9 s, so commands without an LLM never pay
 * for them; issue 15).
 */
import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import type { BaseMessage } from '@langchain/core/messages';
import type { CallbackManagerForLLMRun } from '@langchain/core/callbacks/manager';
import type { ChatGenerationChunk } from '@langchain/core/outputs';
import { printableUrl, redactSecrets, type LlmConfig, type LlmProvider, type Logger } from '../core';
import { withConnectTimeout } from './connect-timeout';
import { createOllamaFetch } from './ollama-fetch';
import { retryFailedAttempt } from './retry-policy';
import { iterateWithRequestSignal } from './request-signal';

/**
 * Bearer token sent to OpenAI-compatible servers when `LLM_API_KEY` is unset: the OpenAI client refuses to
 * start without a key, and local servers (vLLM, llama.cpp, LM Studio) ignore it. Not a secret.
 */
export const NO_API_KEY_PLACEHOLDER = 'no-key-configured';

/**
 * Tokens of Ollama context window reserved beyond the source text for instructions, question and answer.
 * Ollama silently drops the start of a prompt longer than its window (default 2048–4096 tokens).
 */
const OLLAMA_CONTEXT_RESERVE_TOKENS = 4096;

/** The configured chat model and what callers print or need for error messages; never the API key. */
export interface ChatModelSelection {
  /**
   * The LangChain chat model. Pass `{signal}` in the call options of `invoke`/`stream` to cancel a call; with
   * Ollama the signal cancels that call's HTTP request only.
   */
  readonly model: BaseChatModel;
  /** Printable identity, `<provider>:<model>@<baseUrl>`, e.g. `openai:gpt-4o-mini@https://api.openai.com/v1`. */
  readonly id: string;
  readonly provider: LlmProvider;
  /** Model name as configured. */
  readonly modelName: string;
  /** Base URL without credentials or query string. */
  readonly baseUrl: string;
  /**
   * First-token timeout: milliseconds an attempt waits for response headers (and a stream for its next chunk, see
   * the text generator). A timed-out attempt is not retried.
   */
  readonly timeoutMs: number;
  /** Extra attempts after a failed one. */
  readonly maxRetries: number;
  /** Removes the API key (and any bearer token) from `text`, for messages and logs. */
  readonly redact: (text: string) => string;
}

/**
 * Creates the chat model for `config`:
 * - `openai`: `ChatOpenAI` with `configuration.baseURL = config.baseUrl`, `timeout` (the first-token timeout,
 *   milliseconds per attempt, up to the response headers) and `maxRetries` (LangChain's `AsyncCaller`:
 *   exponential backoff; HTTP 400–409 and 413 and timeouts are not retried, see `retryFailedAttempt`).
 *   Without a key it sends {@link NO_API_KEY_PLACEHOLDER}.
 * - `ollama`: `ChatOllama` with `baseUrl`, the same timeout and retry semantics through its `fetch` (see
 *   `ollama-fetch.ts`), `Authorization: Bearer <key>` when a key is set, and a context window (`num_ctx`, in
 *   tokens) of `config.contextChars + 4096` rounded up to 1024 — one token per character is the worst case
 *   (Chinese) — so that a full prompt is never silently truncated.
 * Environment variables the client libraries read (`OPENAI_API_KEY`, `OPENAI_BASE_URL`, `OLLAMA_BASE_URL`) are
 * overridden by the configuration. Logs one `info` line with the id. Makes no request; loads the provider's
 * client package on first use.
 */
export async function createChatModel(config: LlmConfig, logger: Logger): Promise<ChatModelSelection> {
  const baseUrl = printableUrl(config.baseUrl);
  const secrets = config.apiKey === undefined ? [] : [config.apiKey];
  const model = config.provider === 'openai' ? await openAiModel(config) : await ollamaModel(config, logger);
  const selection: ChatModelSelection = {
    model,
    id: `${config.provider}:${config.model}@${baseUrl}`,
    provider: config.provider,
    modelName: config.model,
    baseUrl,
    timeoutMs: config.timeoutMs,
    maxRetries: config.maxRetries,
    redact: (text) => redactSecrets(text, secrets),
  };
  logger.info(
    {
      llm: selection.id,
      temperature: config.temperature,
      timeoutMs: config.timeoutMs,
      totalTimeoutMs: config.totalTimeoutMs,
      maxRetries: config.maxRetries,
      apiKeySet: config.apiKey !== undefined,
    },
    'chat model ready',
  );
  return selection;
}

/** The global fetch (read at call time) with the configured connect timeout. */
function connectingFetch(config: LlmConfig): typeof fetch {
  return withConnectTimeout((input, init) => globalThis.fetch(input, init), config.connectTimeoutMs);
}

async function openAiModel(config: LlmConfig): Promise<BaseChatModel> {
  const { ChatOpenAI } = await import('@langchain/openai');
  return new ChatOpenAI({
    model: config.model,
    temperature: config.temperature,
    timeout: config.timeoutMs,
    maxRetries: config.maxRetries,
    onFailedAttempt: retryFailedAttempt,
    apiKey: config.apiKey ?? NO_API_KEY_PLACEHOLDER,
    configuration: { baseURL: config.baseUrl, fetch: connectingFetch(config) },
  });
}

async function ollamaModel(config: LlmConfig, logger: Logger): Promise<BaseChatModel> {
  const SignalScopedChatOllama = await signalScopedChatOllama();
  return new SignalScopedChatOllama({
    model: config.model,
    baseUrl: config.baseUrl,
    temperature: config.temperature,
    numCtx: Math.ceil((config.contextChars + OLLAMA_CONTEXT_RESERVE_TOKENS) / 1024) * 1024,
    headers: config.apiKey === undefined ? undefined : { Authorization: `Bearer ${config.apiKey}` },
    fetch: createOllamaFetch({ timeoutMs: config.timeoutMs, maxRetries: config.maxRetries, logger, fetch: connectingFetch(config) }),
  });
}

/** The {@link signalScopedChatOllama} class, defined once the package is loaded. */
let scopedOllamaClass: Promise<typeof import('@langchain/ollama').ChatOllama> | null = null;

/**
 * `ChatOllama` whose call signal cancels that call's HTTP request (through the request-signal scope that
 * `createOllamaFetch` reads) instead of reaching `ChatOllama`, which on abort would call `client.abort()` and
 * cancel every concurrent stream of the shared client. Defined after `@langchain/ollama` is loaded (once).
 */
function signalScopedChatOllama(): Promise<typeof import('@langchain/ollama').ChatOllama> {
  scopedOllamaClass ??= import('@langchain/ollama').then(({ ChatOllama }) => {
    class SignalScopedChatOllama extends ChatOllama {
      override async *_streamResponseChunks(
        messages: BaseMessage[],
        options: this['ParsedCallOptions'],
        runManager?: CallbackManagerForLLMRun,
      ): AsyncGenerator<ChatGenerationChunk> {
        const { signal, ...rest } = options;
        yield* iterateWithRequestSignal(signal, () => super._streamResponseChunks(messages, rest, runManager));
      }
    }
    return SignalScopedChatOllama;
  });
  return scopedOllamaClass;
}
