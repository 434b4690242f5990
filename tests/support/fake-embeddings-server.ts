/**
 * A loopback embeddings server for tests: a real `node:http` server on 127.0.0.1 (port 0) that speaks
 * - the OpenAI embeddings API: `POST /v1/embeddings` (`{model, input: string | string[], dimensions?,
 *   encoding_format?}` → `{object: 'list', data: [{embedding, index}], model, usage}`);
 * - Ollama's native API: `POST /api/embed` (`{model, input: string | string[]}` → `{model, embeddings}`).
 *
 * Vectors are deterministic and meaningful enough for retrieval: hashed character n-grams of the input
 * (the project's {@link HashedNgramEmbedder}), so similar texts get similar vectors; `dimensions` in the
 * request shortens them (as text-embedding-3 does). Only models in `models` exist (others get 404 in the API's
 * error format); with `apiKey` set, requests without `Authorization: Bearer <apiKey>` get 401. Every request is
 * recorded (path, headers, body, inputs). Tests script failures with {@link FakeEmbeddingsServer.respond}.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HashedNgramEmbedder } from '../../src/embed';

/** One request the server received, in arrival order. */
export interface RecordedEmbeddingsRequest {
  readonly path: string;
  /** Header names lower-cased, as received (the `authorization` header included). */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Record<string, unknown> | null;
  readonly model: string | null;
  /** The input texts, as a list. */
  readonly inputs: readonly string[];
}

/**
 * A scripted answer: `{status}` (an HTTP error in the API's error format, optional headers such as
 * `retry-after`), `{hang: true}` (never answer, until the server closes), or null (the normal answer).
 */
export type FakeEmbeddingsReply =
  | { readonly status: number; readonly message?: string; readonly headers?: Readonly<Record<string, string>> }
  | { readonly hang: true }
  | null;

/** Options of {@link FakeEmbeddingsServer.start}. */
export interface FakeEmbeddingsServerOptions {
  /** Models the server has; default `['fake-embed']`. */
  readonly models?: readonly string[];
  /** When set, the bearer token every request must carry. */
  readonly apiKey?: string;
  /** Width of the vectors when the request names no `dimensions`; default 256. */
  readonly dimensions?: number;
}

export class FakeEmbeddingsServer {
  readonly requests: RecordedEmbeddingsRequest[] = [];
  private responder: (request: RecordedEmbeddingsRequest) => FakeEmbeddingsReply = () => null;
  private readonly hanging = new Set<ServerResponse>();
  private readonly embedders = new Map<number, HashedNgramEmbedder>();

  private constructor(
    private readonly server: Server,
    private readonly options: Required<Pick<FakeEmbeddingsServerOptions, 'models' | 'dimensions'>> & { apiKey?: string },
  ) {}

  /** Starts a server on 127.0.0.1 at a free port. */
  static async start(options: FakeEmbeddingsServerOptions = {}): Promise<FakeEmbeddingsServer> {
    const server = createServer();
    const fake = new FakeEmbeddingsServer(server, {
      models: options.models ?? ['fake-embed'],
      dimensions: options.dimensions ?? 256,
      ...(options.apiKey === undefined ? {} : { apiKey: options.apiKey }),
    });
    server.on('request', (request, response) => void fake.handle(request, response));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return fake;
  }

  /** `http://127.0.0.1:<port>`: the Ollama base URL. */
  get origin(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** `http://127.0.0.1:<port>/v1`: the OpenAI-compatible base URL. */
  get openAiBaseUrl(): string {
    return `${this.origin}/v1`;
  }

  /** Scripts the reply to every following request (null = the normal answer). */
  respond(responder: (request: RecordedEmbeddingsRequest) => FakeEmbeddingsReply): void {
    this.responder = responder;
  }

  /** The texts of every request, flattened, in arrival order. */
  get embeddedTexts(): string[] {
    return this.requests.flatMap((request) => request.inputs);
  }

  async close(): Promise<void> {
    for (const response of this.hanging) response.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    let body: Record<string, unknown> | null;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
    } catch {
      body = null;
    }
    const path = (request.url ?? '').split('?')[0] ?? '';
    const input = body?.input;
    const inputs = typeof input === 'string' ? [input] : Array.isArray(input) ? input.map(String) : [];
    const headers = Object.fromEntries(Object.entries(request.headers).map(([name, value]) => [name, String(value)]));
    const recorded: RecordedEmbeddingsRequest = {
      path,
      headers,
      body,
      model: typeof body?.model === 'string' ? body.model : null,
      inputs,
    };
    this.requests.push(recorded);
    const api = path === '/v1/embeddings' ? 'openai' : path === '/api/embed' ? 'ollama' : null;
    if (api === null || request.method !== 'POST') return this.error(response, api ?? 'openai', 404, `no route ${path}`);
    if (this.options.apiKey !== undefined && headers.authorization !== `Bearer ${this.options.apiKey}`) {
      return this.error(response, api, 401, 'Incorrect API key provided.');
    }
    const scripted = this.responder(recorded);
    if (scripted !== null && 'hang' in scripted) {
      this.hanging.add(response);
      return;
    }
    if (scripted !== null) return this.error(response, api, scripted.status, scripted.message ?? `scripted ${scripted.status}`, scripted.headers);
    if (recorded.model === null || !this.options.models.includes(recorded.model)) {
      const message = api === 'ollama' ? `model "${recorded.model}" not found, try pulling it first` : `The model \`${recorded.model}\` does not exist.`;
      return this.error(response, api, 404, message);
    }
    const dimensions = typeof body?.dimensions === 'number' ? body.dimensions : this.options.dimensions;
    const vectors = await this.embedderOf(dimensions).embedDocuments(inputs);
    const payload =
      api === 'ollama'
        ? { model: recorded.model, embeddings: vectors }
        : {
            object: 'list',
            model: recorded.model,
            data: vectors.map((embedding, index) => ({ object: 'embedding', index, embedding })),
            usage: { prompt_tokens: 0, total_tokens: 0 },
          };
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(payload));
  }

  private embedderOf(dimensions: number): HashedNgramEmbedder {
    let embedder = this.embedders.get(dimensions);
    if (embedder === undefined) {
      embedder = new HashedNgramEmbedder({ dimensions });
      this.embedders.set(dimensions, embedder);
    }
    return embedder;
  }

  private error(
    response: ServerResponse,
    api: 'openai' | 'ollama',
    status: number,
    message: string,
    headers: Readonly<Record<string, string>> = {},
  ): void {
    const body = api === 'ollama' ? { error: message } : { error: { message, type: 'invalid_request_error', code: null } };
    response.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
  }
}
