/**
 * A fake Slack Web API on loopback: a real HTTP server that the Bolt app reaches through
 * `clientOptions.slackApiUrl`. It records every call (method, decoded body, Authorization header) and answers
 * like Slack (`ok: true` with plausible payloads), except for methods a test makes fail.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { waitFor, type WaitForOptions } from './wait-for';

/** One Web API call as the fake received it. */
export interface RecordedSlackCall {
  /** Web API method, e.g. `chat.postMessage`. */
  readonly method: string;
  /**
   * The decoded body: form fields (or JSON), with JSON-encoded values (`blocks`, `metadata`, …) parsed, as the
   * Web API client JSON-stringifies object arguments.
   */
  readonly body: Readonly<Record<string, unknown>>;
  /** The `Authorization` header, e.g. `Bearer xoxb-…`. */
  readonly authorization: string | undefined;
  /** The JSON the fake answered with (`ok: false` for failed calls). */
  readonly response: Readonly<Record<string, unknown>>;
  /** The HTTP status the fake answered with. */
  readonly status: number;
  /** When the fake received the call (`performance.now()`, milliseconds). */
  readonly receivedAt: number;
}

/** Builds a method's JSON answer from the call's body. */
export type SlackMethodResponder = (body: Readonly<Record<string, unknown>>) => Record<string, unknown>;

/** How a method fails: Slack's `ok: false` with an error string, or an HTTP status (429 with `Retry-After`). */
export type SlackMethodFailure =
  | { readonly kind: 'platform-error'; readonly error: string }
  | { readonly kind: 'rate-limited'; readonly retryAfterSeconds: number }
  | { readonly kind: 'http-error'; readonly status: number };

/** Identity the fake reports from `auth.test`. */
export interface FakeSlackIdentity {
  readonly teamId: string;
  readonly botUserId: string;
  readonly botId: string;
}

/** Default identity: team `T0TEAM`, bot user `U0BOT`, bot `B0BOT`. */
export const FAKE_SLACK_IDENTITY: FakeSlackIdentity = { teamId: 'T0TEAM', botUserId: 'U0BOT', botId: 'B0BOT' };

interface PendingFailure {
  readonly failure: SlackMethodFailure;
  remaining: number;
}

/** The fake Web API server. Create with {@link FakeSlackApi.start}; close with {@link FakeSlackApi.close}. */
export class FakeSlackApi {
  /** Base URL to pass as `slackApiUrl` (ends in `/api/`). */
  readonly url: string;
  /** Base of `response_url`s that reach this fake (append any id); calls are recorded as method `response_url`. */
  readonly responseUrlBase: string;
  /** WebSocket URL returned by `apps.connections.open`; set it to run Socket Mode against a local server. */
  socketModeUrl: string | undefined;

  private readonly recorded: RecordedSlackCall[] = [];
  private readonly responders = new Map<string, SlackMethodResponder>();
  private readonly failures = new Map<string, PendingFailure>();
  private messageCounter = 0;

  private constructor(
    private readonly server: Server,
    readonly identity: FakeSlackIdentity,
  ) {
    const port = (server.address() as AddressInfo).port;
    this.url = `http://127.0.0.1:${port}/api/`;
    this.responseUrlBase = `http://127.0.0.1:${port}/response_url/`;
    this.installDefaultResponders();
  }

  /** Starts a fake on 127.0.0.1 and a free port (or `port`, e.g. one a client is already trying). */
  static async start(identity: FakeSlackIdentity = FAKE_SLACK_IDENTITY, port: number = 0): Promise<FakeSlackApi> {
    let fake: FakeSlackApi | undefined;
    const server = createServer((request, response) => {
      if (fake === undefined) {
        response.writeHead(503).end();
        return;
      }
      fake.handle(request, response).catch((error: unknown) => {
        response.writeHead(500, { 'content-type': 'text/plain' }).end(String(error));
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    fake = new FakeSlackApi(server, identity);
    return fake;
  }

  /** Every call so far, in arrival order. */
  get calls(): readonly RecordedSlackCall[] {
    return [...this.recorded];
  }

  /** The calls to `method`, in arrival order. */
  callsTo(method: string): RecordedSlackCall[] {
    return this.recorded.filter((call) => call.method === method);
  }

  /** Replaces the answer of `method` (for calls that do not fail). */
  respondTo(method: string, responder: SlackMethodResponder): void {
    this.responders.set(method, responder);
  }

  /** Makes the next `times` calls to `method` fail (they are still recorded). `Infinity` for every call. */
  failNext(method: string, failure: SlackMethodFailure, times: number = 1): void {
    this.failures.set(method, { failure, remaining: times });
  }

  /** Waits until at least `count` calls to `method` arrived and returns them (all of them, in order). */
  async waitForCalls(method: string, count: number, options?: WaitForOptions): Promise<RecordedSlackCall[]> {
    return waitFor(
      `${count} call(s) to ${method} (received: ${this.recorded.map((call) => call.method).join(', ') || 'none'})`,
      () => {
        const calls = this.callsTo(method);
        return calls.length >= count ? calls : undefined;
      },
      options,
    );
  }

  /** Closes the server and every open connection. */
  async close(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const raw = await readBody(request);
    const receivedAt = performance.now();
    const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
    if (path.startsWith('/response_url/')) {
      // What Bolt's respond() posts: JSON to the payload's response_url. Recorded as method `response_url`.
      const body = decodeBody(raw, 'application/json');
      const pending = this.failures.get('response_url');
      let status = 200;
      if (pending !== undefined && pending.remaining > 0) {
        pending.remaining -= 1;
        status = pending.failure.kind === 'http-error' ? pending.failure.status : 500;
      }
      this.recorded.push({ method: 'response_url', body: { ...body, response_url: path }, authorization: request.headers.authorization, response: {}, status, receivedAt });
      response.writeHead(status).end(status === 200 ? 'ok' : 'fake failure');
      return;
    }
    if (!path.startsWith('/api/')) {
      response.writeHead(404).end();
      return;
    }
    const method = path.slice('/api/'.length);
    const body = decodeBody(raw, request.headers['content-type']);
    const { status, answer, headers } = this.answer(method, body);
    this.recorded.push({ method, body, authorization: request.headers.authorization, response: answer, status, receivedAt });
    response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers }).end(JSON.stringify(answer));
  }

  private answer(
    method: string,
    body: Readonly<Record<string, unknown>>,
  ): { status: number; answer: Record<string, unknown>; headers: Record<string, string> } {
    const pending = this.failures.get(method);
    if (pending !== undefined && pending.remaining > 0) {
      pending.remaining -= 1;
      const { failure } = pending;
      if (failure.kind === 'platform-error') return { status: 200, answer: { ok: false, error: failure.error }, headers: {} };
      if (failure.kind === 'rate-limited') {
        return {
          status: 429,
          answer: { ok: false, error: 'ratelimited' },
          headers: { 'retry-after': String(failure.retryAfterSeconds) },
        };
      }
      return { status: failure.status, answer: { ok: false, error: 'fake_http_error' }, headers: {} };
    }
    const responder = this.responders.get(method);
    if (responder === undefined) return { status: 200, answer: { ok: false, error: 'unknown_method' }, headers: {} };
    return { status: 200, answer: responder(body), headers: {} };
  }

  private nextMessageTs(): string {
    this.messageCounter += 1;
    return `1800000000.${String(this.messageCounter).padStart(6, '0')}`;
  }

  private installDefaultResponders(): void {
    const { teamId, botUserId, botId } = this.identity;
    this.responders.set('auth.test', () => ({
      ok: true,
      url: 'https://fake-workspace.slack.com/',
      team: 'Fake Workspace',
      user: 'newsletter-assistant',
      team_id: teamId,
      user_id: botUserId,
      bot_id: botId,
      is_enterprise_install: false,
    }));
    this.responders.set('chat.postMessage', (body) => {
      const ts = this.nextMessageTs();
      return {
        ok: true,
        channel: body['channel'],
        ts,
        message: { type: 'message', text: body['text'], user: botUserId, bot_id: botId, ts, thread_ts: body['thread_ts'] },
      };
    });
    this.responders.set('chat.update', (body) => ({ ok: true, channel: body['channel'], ts: body['ts'], text: body['text'] }));
    this.responders.set('chat.postEphemeral', () => ({ ok: true, message_ts: this.nextMessageTs() }));
    this.responders.set('chat.startStream', (body) => ({ ok: true, channel: body['channel'], ts: this.nextMessageTs() }));
    this.responders.set('chat.appendStream', (body) => ({ ok: true, channel: body['channel'], ts: body['ts'] }));
    this.responders.set('chat.stopStream', (body) => ({ ok: true, channel: body['channel'], ts: body['ts'] }));
    this.responders.set('assistant.threads.setStatus', () => ({ ok: true }));
    this.responders.set('assistant.threads.setSuggestedPrompts', () => ({ ok: true }));
    this.responders.set('assistant.threads.setTitle', () => ({ ok: true }));
    this.responders.set('views.publish', (body) => ({ ok: true, view: { id: 'V0HOME', type: 'home', blocks: (body['view'] as { blocks?: unknown } | undefined)?.blocks ?? [] } }));
    this.responders.set('reactions.add', () => ({ ok: true }));
    this.responders.set('reactions.remove', () => ({ ok: true }));
    this.responders.set('conversations.replies', () => ({ ok: true, messages: [], has_more: false }));
    this.responders.set('apps.connections.open', () =>
      this.socketModeUrl === undefined ? { ok: false, error: 'socket_mode_not_configured_in_fake' } : { ok: true, url: this.socketModeUrl },
    );
  }
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function decodeBody(raw: string, contentType: string | undefined): Record<string, unknown> {
  if (raw === '') return {};
  if (contentType?.includes('application/json') === true) return JSON.parse(raw) as Record<string, unknown>;
  const body: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(raw)) body[key] = decodeJsonValue(value);
  return body;
}

function decodeJsonValue(value: string): unknown {
  if (!/^[[{]/.test(value)) return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}
