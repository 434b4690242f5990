/**
 * A loopback LLM server for tests: a real `node:http` server on 127.0.0.1 (port 0) that speaks
 * - the OpenAI Chat Completions API: `POST /v1/chat/completions` (JSON, or server-sent events when
 *   `stream: true`: `data: {chunk}` lines ending with `data: [DONE]`), `GET /v1/models`;
 * - Ollama's native API: `POST /api/chat` (JSON, or NDJSON when `stream` is not false — Ollama streams by
 *   default, and `@langchain/ollama` always asks for a stream), `GET /api/tags`.
 *
 * It records every request (method, path, headers — including `authorization`, so tests can assert the key is
 * sent — parsed JSON body, messages, `stream` flag) and never prints anything. Replies are scripted per test
 * with {@link FakeLlmServer.respond}; without a script it echoes the last user message (see
 * {@link defaultFakeReply}).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Which API a request used. */
export type FakeLlmApi = 'openai' | 'ollama';

/** One chat message as the client sent it; array contents (OpenAI content parts) are joined to their text. */
export interface RecordedChatMessage {
  readonly role: string;
  readonly content: string;
}

/** One request the server received, in arrival order. */
export interface RecordedLlmRequest {
  /** 1-based arrival number. */
  readonly sequence: number;
  readonly method: string;
  /** Path without the query string, e.g. `/v1/chat/completions`. */
  readonly path: string;
  /** Header names lower-cased, as received (the `authorization` header included). */
  readonly headers: Readonly<Record<string, string>>;
  /** The parsed JSON body; null when there was none or it was not JSON. */
  readonly body: unknown;
  /** `openai` or `ollama`, by path; null for unknown paths. */
  readonly api: FakeLlmApi | null;
  /** The requested model, null when the body names none. */
  readonly model: string | null;
  readonly messages: readonly RecordedChatMessage[];
  /** Whether the client asked for a streamed answer (Ollama: unless `stream: false`). */
  readonly stream: boolean;
}

/**
 * What the server answers a chat request with:
 * - a string: the assistant's text (streamed requests get it in {@link splitIntoChunks} pieces);
 * - `{chunks}`: the text deltas of a streamed answer (a non-streamed request gets them joined), optionally with
 *   `delayMs` milliseconds before every chunk after the first and `beforeChunk`, awaited before chunk `index`
 *   (0-based) is written — a gate that lets a test observe the client mid-stream;
 * - `{status}`: an HTTP error in the API's own error format (`body` replaces it; `headers`, e.g. `retry-after`);
 * - `{hang: true}`: never answer (until the server closes), to test timeouts and aborts (see also
 *   {@link FakeLlmServer.answerNothing}, which stops listings too).
 */
export type FakeLlmReply =
  | string
  | {
      readonly chunks: readonly string[];
      readonly delayMs?: number;
      readonly beforeChunk?: (index: number) => Promise<void> | void;
    }
  | { readonly status: number; readonly body?: unknown; readonly headers?: Readonly<Record<string, string>> }
  | { readonly hang: true };

/** Scripts the reply to each chat request. */
export type FakeLlmResponder = (request: RecordedLlmRequest) => FakeLlmReply | Promise<FakeLlmReply>;

/** Options of {@link FakeLlmServer.start}. */
export interface FakeLlmServerOptions {
  /** Model names listed by `GET /v1/models` and `GET /api/tags`; default `['fake-model']`. */
  readonly models?: readonly string[];
}

/** One step of a streamed response, for tests that check ordering against the client's events. */
export interface FakeLlmStreamEvent {
  readonly sequence: number;
  /** `chunk` after each chunk is written; `end` after the response is ended. */
  readonly type: 'chunk' | 'end';
  /** Chunk index, 0-based; -1 for `end`. */
  readonly index: number;
}

/** The reply when no responder is set: the last user message, echoed with a fixed prefix. */
export function defaultFakeReply(request: RecordedLlmRequest): string {
  const lastUser = [...request.messages].reverse().find((message) => message.role === 'user');
  return `Echo: ${lastUser?.content ?? ''}`;
}

/**
 * Cuts `text` into streaming deltas: runs of at most 8 non-space characters with their leading spaces, so
 * English splits by words and Chinese every 8 characters. Joining the pieces gives `text` back.
 */
export function splitIntoChunks(text: string): string[] {
  const pieces = text.match(/\s*\S{1,8}|\s+$/gu);
  return pieces === null ? [text] : pieces;
}

/** The fake server. Start with {@link FakeLlmServer.start}; close in `afterEach`/`afterAll`. */
export class FakeLlmServer {
  /** Every request received, in arrival order. */
  readonly requests: RecordedLlmRequest[] = [];
  /** Streamed-response progress, in order (see {@link FakeLlmStreamEvent}). */
  readonly streamEvents: FakeLlmStreamEvent[] = [];
  readonly #server: Server;
  readonly #models: readonly string[];
  #responder: FakeLlmResponder = defaultFakeReply;
  #eventSequence = 0;
  #completedResponses = 0;
  #abortedResponses = 0;
  #listingStatus = 200;
  #silent = false;

  private constructor(server: Server, models: readonly string[]) {
    this.#server = server;
    this.#models = models;
  }

  /** Starts a server on 127.0.0.1 with an OS-chosen port. */
  static async start(options: FakeLlmServerOptions = {}): Promise<FakeLlmServer> {
    const server = createServer();
    const fake = new FakeLlmServer(server, options.models ?? ['fake-model']);
    server.on('request', (request: IncomingMessage, response: ServerResponse) => {
      fake.#handle(request, response).catch((error: unknown) => {
        if (!response.headersSent) response.writeHead(599, { 'content-type': 'text/plain' });
        response.end(`fake server failure: ${error instanceof Error ? error.message : String(error)}`);
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    return fake;
  }

  /** `http://127.0.0.1:<port>` — Ollama's base URL. */
  get origin(): string {
    const address = this.#server.address() as AddressInfo;
    return `http://127.0.0.1:${address.port}`;
  }

  /** `http://127.0.0.1:<port>/v1` — an OpenAI-compatible base URL. */
  get openAiBaseUrl(): string {
    return `${this.origin}/v1`;
  }

  /** Chat requests (either API) received so far, in order. */
  get chatRequests(): readonly RecordedLlmRequest[] {
    return this.requests.filter((request) => request.path === '/v1/chat/completions' || request.path === '/api/chat');
  }

  /** Chat responses fully written and ended so far. */
  get completedResponses(): number {
    return this.#completedResponses;
  }

  /** Chat responses whose connection the client closed before the response ended (aborts, timeouts). */
  get abortedResponses(): number {
    return this.#abortedResponses;
  }

  /** Makes `GET /v1/models` and `GET /api/tags` answer `status` (an error in the API's format unless 200). */
  setModelListingStatus(status: number): void {
    this.#listingStatus = status;
  }

  /**
   * With `true`, the server accepts connections and reads requests — every request is still recorded — but
   * never answers any, model listings included: a server that is up but stuck. `false` restores answers.
   */
  answerNothing(silent = true): void {
    this.#silent = silent;
  }

  /** Sets the reply script for the following chat requests; `respond()` restores the echo default. */
  respond(responder: FakeLlmResponder = defaultFakeReply): void {
    this.#responder = responder;
  }

  /** Closes the server, cutting hanging and open connections. */
  async close(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.#server.close(() => resolve());
      this.#server.closeAllConnections();
    });
  }

  async #handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const rawBody = await readBody(request);
    const path = (request.url ?? '/').split('?')[0] ?? '/';
    const body = parseJson(rawBody);
    const api: FakeLlmApi | null = path.startsWith('/v1/') ? 'openai' : path.startsWith('/api/') ? 'ollama' : null;
    const fields = isRecord(body) ? body : {};
    const recorded: RecordedLlmRequest = {
      sequence: this.requests.length + 1,
      method: request.method ?? 'GET',
      path,
      headers: flattenHeaders(request),
      body,
      api,
      model: typeof fields.model === 'string' ? fields.model : null,
      messages: Array.isArray(fields.messages) ? fields.messages.map(toRecordedMessage) : [],
      stream: api === 'ollama' ? fields.stream !== false : fields.stream === true,
    };
    this.requests.push(recorded);
    if (this.#silent) return;

    if (recorded.method === 'GET' && (path === '/v1/models' || path === '/api/tags') && this.#listingStatus !== 200) {
      sendError(response, api ?? 'openai', this.#listingStatus, undefined, {});
      return;
    }
    if (recorded.method === 'GET' && path === '/v1/models') {
      sendJson(response, 200, {
        object: 'list',
        data: this.#models.map((id) => ({ id, object: 'model', created: 1_700_000_000, owned_by: 'fake' })),
      });
      return;
    }
    if (recorded.method === 'GET' && path === '/api/tags') {
      sendJson(response, 200, {
        models: this.#models.map((name) => ({
          name: name.includes(':') ? name : `${name}:latest`,
          model: name.includes(':') ? name : `${name}:latest`,
          modified_at: '2026-01-01T00:00:00Z',
          size: 1_000_000,
          digest: 'fake',
          details: { format: 'gguf', family: 'fake', parameter_size: '1B', quantization_level: 'Q4_0' },
        })),
      });
      return;
    }
    const isChat = recorded.method === 'POST' && (path === '/v1/chat/completions' || path === '/api/chat');
    if (!isChat || api === null) {
      sendJson(response, 404, api === 'ollama' ? { error: `no route ${path}` } : { error: { message: `no route ${path}` } });
      return;
    }

    response.on('close', () => {
      if (!response.writableFinished) this.#abortedResponses += 1;
    });
    const reply = await this.#responder(recorded);
    if (typeof reply === 'object' && 'hang' in reply) return;
    if (typeof reply === 'object' && 'status' in reply) {
      sendError(response, api, reply.status, reply.body, reply.headers ?? {});
      this.#completedResponses += 1;
      return;
    }
    const chunks = typeof reply === 'string' ? splitIntoChunks(reply) : [...reply.chunks];
    const model = recorded.model ?? 'fake-model';
    if (!recorded.stream) {
      const text = chunks.join('');
      sendJson(response, 200, api === 'openai' ? openAiCompletion(model, text) : ollamaFinal(model, text));
      this.#completedResponses += 1;
      return;
    }
    const delayMs = typeof reply === 'string' ? 0 : (reply.delayMs ?? 0);
    const beforeChunk = typeof reply === 'string' ? undefined : reply.beforeChunk;
    await this.#stream(response, api, model, chunks, delayMs, beforeChunk, isRecord(fields.stream_options) && fields.stream_options.include_usage === true);
  }

  async #stream(
    response: ServerResponse,
    api: FakeLlmApi,
    model: string,
    chunks: readonly string[],
    delayMs: number,
    beforeChunk: ((index: number) => Promise<void> | void) | undefined,
    includeUsage: boolean,
  ): Promise<void> {
    const id = `chatcmpl-fake${Date.now().toString(36)}`;
    const created = Math.floor(Date.now() / 1000);
    if (api === 'openai') {
      response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
      writeSse(response, openAiChunk(id, created, model, { role: 'assistant', content: '' }, null));
    } else {
      response.writeHead(200, { 'content-type': 'application/x-ndjson' });
    }
    response.flushHeaders();
    for (const [index, text] of chunks.entries()) {
      if (index > 0 && delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
      await beforeChunk?.(index);
      if (response.destroyed) return;
      if (api === 'openai') writeSse(response, openAiChunk(id, created, model, { content: text }, null));
      else response.write(`${JSON.stringify(ollamaChunk(model, text))}\n`);
      this.#record('chunk', index);
    }
    if (api === 'openai') {
      writeSse(response, openAiChunk(id, created, model, {}, 'stop'));
      if (includeUsage) {
        const usage = usageFor(chunks.join(''));
        writeSse(response, { id, object: 'chat.completion.chunk', created, model, choices: [], usage });
      }
      response.write('data: [DONE]\n\n');
    } else {
      response.write(`${JSON.stringify({ ...ollamaFinal(model, chunks.join('')), message: { role: 'assistant', content: '' } })}\n`);
    }
    response.end();
    this.#completedResponses += 1;
    this.#record('end', -1);
  }

  #record(type: FakeLlmStreamEvent['type'], index: number): void {
    this.#eventSequence += 1;
    this.streamEvents.push({ sequence: this.#eventSequence, type, index });
  }
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    request.on('data', (part: Buffer) => parts.push(part));
    request.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
    request.on('error', reject);
  });
}

function parseJson(text: string): unknown {
  if (text.trim() === '') return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function flattenHeaders(request: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

function toRecordedMessage(message: unknown): RecordedChatMessage {
  if (!isRecord(message)) return { role: 'unknown', content: '' };
  const role = typeof message.role === 'string' ? message.role : 'unknown';
  const content = message.content;
  if (typeof content === 'string') return { role, content };
  if (Array.isArray(content)) {
    const text = content.map((part) => (isRecord(part) && typeof part.text === 'string' ? part.text : '')).join('');
    return { role, content: text };
  }
  return { role, content: '' };
}

function sendJson(response: ServerResponse, status: number, body: unknown, headers: Readonly<Record<string, string>> = {}): void {
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(JSON.stringify(body));
}

function sendError(
  response: ServerResponse,
  api: FakeLlmApi,
  status: number,
  body: unknown,
  headers: Readonly<Record<string, string>>,
): void {
  const message = `fake server error ${status}`;
  const defaultBody =
    api === 'openai'
      ? { error: { message, type: status === 429 ? 'rate_limit_exceeded' : 'server_error', param: null, code: null } }
      : { error: message };
  sendJson(response, status, body ?? defaultBody, headers);
}

function writeSse(response: ServerResponse, data: unknown): void {
  response.write(`data: ${JSON.stringify(data)}\n\n`);
}

function usageFor(text: string): { prompt_tokens: number; completion_tokens: number; total_tokens: number } {
  const completion = Math.max(1, Math.ceil(text.length / 4));
  return { prompt_tokens: 10, completion_tokens: completion, total_tokens: 10 + completion };
}

function openAiCompletion(model: string, text: string): unknown {
  return {
    id: `chatcmpl-fake${Date.now().toString(36)}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [{ index: 0, message: { role: 'assistant', content: text, refusal: null }, logprobs: null, finish_reason: 'stop' }],
    usage: usageFor(text),
    system_fingerprint: 'fp_fake',
  };
}

function openAiChunk(
  id: string,
  created: number,
  model: string,
  delta: Readonly<Record<string, string>>,
  finishReason: string | null,
): unknown {
  return {
    id,
    object: 'chat.completion.chunk',
    created,
    model,
    system_fingerprint: 'fp_fake',
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
  };
}

function ollamaChunk(model: string, text: string): unknown {
  return { model, created_at: new Date().toISOString(), message: { role: 'assistant', content: text }, done: false };
}

function ollamaFinal(model: string, text: string): Record<string, unknown> {
  return {
    model,
    created_at: new Date().toISOString(),
    message: { role: 'assistant', content: text },
    done: true,
    done_reason: 'stop',
    total_duration: 1_000_000,
    load_duration: 100_000,
    prompt_eval_count: 10,
    prompt_eval_duration: 200_000,
    eval_count: Math.max(1, Math.ceil(text.length / 4)),
    eval_duration: 700_000,
  };
}
