/**
 * The text generator over the real LangChain clients (`ChatOpenAI`, `ChatOllama`), talking real HTTP to the
 * loopback fake LLM server: whole answers, streamed deltas, HTTP errors, retries, timeouts and aborts — for both
 * providers.
 */
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { HumanMessage, SystemMessage } from '@langchain/core/messages';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LlmError } from '../../src/core';
import { FakeLlmServer } from '../support/fake-llm-server';
import { caught } from '../support/caught';
import { createTextGenerator, LlmCircuitBreaker } from '../../src/llm';
import { buildGenerator, closedPortUrl, collect, llmConfig, PROVIDERS, sleep, TEST_API_KEY } from './support/llm-test-kit';

/** A promise the test opens when it chooses. */
function gate(): { readonly promise: Promise<void>; open(): void } {
  let open: () => void = () => undefined;
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open: () => open() };
}

const MESSAGES = [new SystemMessage('You are terse.'), new HumanMessage('What did the ministry announce on 2016-12-15?')];

describe.each(PROVIDERS)('provider $provider', ({ provider, chatPath, baseUrl }) => {
  let server: FakeLlmServer;
  beforeEach(async () => {
    server = await FakeLlmServer.start();
  });
  afterEach(async () => {
    await server.close();
  });

  const generatorFor = (overrides: Parameters<typeof llmConfig>[2] = {}) => buildGenerator(llmConfig(provider, baseUrl(server), overrides));

  describe('generate', () => {
    it('returns the server’s answer and sends the messages, model and temperature', async () => {
      const reply = `Answer ${Math.random().toString(36).slice(2)} [1]`;
      server.respond(() => reply);
      const { generator } = await generatorFor({ temperature: 0.45 });

      expect(await generator.generate(MESSAGES)).toBe(reply);

      const [request] = server.chatRequests;
      expect(request?.path).toBe(chatPath);
      expect(request?.model).toBe('fake-model');
      expect(request?.messages).toEqual([
        { role: 'system', content: 'You are terse.' },
        { role: 'user', content: 'What did the ministry announce on 2016-12-15?' },
      ]);
      const body = request?.body as { temperature?: number; options?: { temperature?: number } };
      expect(provider === 'openai' ? body.temperature : body.options?.temperature).toBe(0.45);
    });

    it('sends the API key as a bearer token', async () => {
      const { generator } = await generatorFor();
      await generator.generate(MESSAGES);
      expect(server.chatRequests[0]?.headers.authorization).toBe(`Bearer ${TEST_API_KEY}`);
    });

    it('sends no key of ours when none is configured', async () => {
      const { generator } = await generatorFor({ apiKey: undefined });
      await generator.generate(MESSAGES);
      const authorization = server.chatRequests[0]?.headers.authorization;
      expect(authorization ?? '').not.toContain(TEST_API_KEY);
      if (provider === 'ollama') expect(authorization).toBeUndefined();
    });

    it('fails with LlmError (invalid-response) when the answer has no text', async () => {
      server.respond(() => ({ chunks: [] }));
      const error = await caught((await generatorFor()).generator.generate(MESSAGES));
      expect(error).toBeInstanceOf(LlmError);
      expect((error as LlmError).kind).toBe('invalid-response');
    });
  });

  describe('stream', () => {
    it('yields the answer in several deltas whose concatenation is the answer', async () => {
      const chunks = ['China ', 'launched ', 'the ', 'satellite ', 'in 2016 [1].'];
      server.respond(() => ({ chunks }));
      const deltas = await collect((await generatorFor()).generator.stream(MESSAGES));
      expect(deltas.length).toBeGreaterThan(1);
      expect(deltas.join('')).toBe(chunks.join(''));
      expect(server.chatRequests[0]?.stream).toBe(true);
    });

    it('delivers the first delta while the server is still holding back the rest (gate)', async () => {
      let openGate: () => void = () => undefined;
      const gate = new Promise<void>((resolve) => {
        openGate = resolve;
      });
      server.respond(() => ({
        chunks: ['first ', 'second ', 'third'],
        // Hold chunk 1 until the client has seen chunk 0 (or 5 s, so a buffering client fails instead of hanging).
        beforeChunk: (index) => (index === 1 ? Promise.race([gate, sleep(5_000)]) : undefined),
      }));
      const observed: { delta: string; responsesEnded: number; chunksWritten: number }[] = [];
      for await (const delta of (await generatorFor()).generator.stream(MESSAGES)) {
        observed.push({
          delta,
          responsesEnded: server.completedResponses,
          chunksWritten: server.streamEvents.filter((event) => event.type === 'chunk').length,
        });
        openGate();
      }
      expect(observed[0]).toEqual({ delta: 'first ', responsesEnded: 0, chunksWritten: 1 });
      expect(observed.map((entry) => entry.delta).join('')).toBe('first second third');
    });

    it('delivers deltas before the server ends a response that has delays between chunks', async () => {
      server.respond(() => ({ chunks: ['one ', 'two ', 'three ', 'four'], delayMs: 80 }));
      const sequenceAtDelta: number[] = [];
      for await (const delta of (await generatorFor()).generator.stream(MESSAGES)) {
        expect(delta).not.toBe('');
        sequenceAtDelta.push(server.streamEvents.length);
      }
      const end = server.streamEvents.find((event) => event.type === 'end');
      expect(end).toBeDefined();
      // The first delta was seen when fewer stream events had happened than the one that ended the response.
      expect(sequenceAtDelta[0]).toBeLessThan(end?.sequence ?? 0);
      expect(sequenceAtDelta.length).toBeGreaterThan(1);
    });

    it('breaking out of the loop cancels the request', async () => {
      const stalled = new Promise<void>(() => undefined);
      server.respond(() => ({ chunks: ['enough ', 'unwanted'], beforeChunk: (index) => (index === 1 ? stalled : undefined) }));
      const deltas: string[] = [];
      for await (const delta of (await generatorFor()).generator.stream(MESSAGES)) {
        deltas.push(delta);
        break;
      }
      expect(deltas).toEqual(['enough ']);
      await vi.waitFor(() => expect(server.abortedResponses).toBe(1));
    });

    it('fails with LlmError (timeout) when the server stops sending chunks for the timeout', async () => {
      const stalled = new Promise<void>(() => undefined);
      server.respond(() => ({ chunks: ['partial ', 'never sent'], beforeChunk: (index) => (index === 1 ? stalled : undefined) }));
      const deltas: string[] = [];
      const error = await caught(
        (async () => {
          for await (const delta of (await generatorFor({ timeoutMs: 400 })).generator.stream(MESSAGES)) deltas.push(delta);
        })(),
      );
      expect(deltas).toEqual(['partial ']);
      expect(error).toBeInstanceOf(LlmError);
      expect((error as LlmError).kind).toBe('timeout');
      await vi.waitFor(() => expect(server.abortedResponses).toBe(1));
    });
  });

  describe('HTTP errors', () => {
    it('HTTP 500 → LlmError with provider, model and status; the key is in neither the error nor the log', async () => {
      server.respond(() => ({ status: 500 }));
      const { generator, log } = await generatorFor();
      const error = await caught(generator.generate(MESSAGES));
      expect(error).toBeInstanceOf(LlmError);
      const failure = error as LlmError;
      expect([failure.code, failure.kind, failure.status, failure.provider, failure.model]).toEqual([
        'LLM_FAILED',
        'http',
        500,
        provider,
        'fake-model',
      ]);
      expect(failure.message).toContain('HTTP 500');
      expect(failure.message).not.toContain(TEST_API_KEY);
      expect(JSON.stringify(failure)).not.toContain(TEST_API_KEY);
      expect(JSON.stringify(log.records)).not.toContain(TEST_API_KEY);
      expect(log.at('warn').map((record) => record.fields.status)).toEqual([500]);
    });

    it('an error body that echoes the key does not leak it', async () => {
      const body = provider === 'openai' ? { error: { message: `Incorrect API key provided: ${TEST_API_KEY}` } } : { error: `bad key ${TEST_API_KEY}` };
      server.respond(() => ({ status: 401, body }));
      const error = await caught((await generatorFor()).generator.generate(MESSAGES));
      expect((error as LlmError).status).toBe(401);
      expect((error as LlmError).message).toContain('LLM_API_KEY');
      expect(JSON.stringify(error) + String((error as Error).message)).not.toContain(TEST_API_KEY);
    });

    it('HTTP 429 → LlmError with status 429', async () => {
      server.respond(() => ({ status: 429 }));
      const error = await caught((await generatorFor()).generator.generate(MESSAGES));
      expect(error).toBeInstanceOf(LlmError);
      expect((error as LlmError).status).toBe(429);
    });

    it('stream: HTTP 500 → LlmError from the iteration', async () => {
      server.respond(() => ({ status: 500 }));
      const error = await caught(collect((await generatorFor()).generator.stream(MESSAGES)));
      expect(error).toBeInstanceOf(LlmError);
      expect((error as LlmError).status).toBe(500);
    });

    it('retries a failed attempt up to LLM_MAX_RETRIES times', async () => {
      let attempt = 0;
      server.respond(() => {
        attempt += 1;
        return attempt === 1 ? { status: 503 } : 'recovered';
      });
      expect(await (await generatorFor({ maxRetries: 1 })).generator.generate(MESSAGES)).toBe('recovered');
      expect(server.chatRequests).toHaveLength(2);
    });

    it('with no retries, makes exactly one attempt', async () => {
      server.respond(() => ({ status: 503 }));
      await caught((await generatorFor({ maxRetries: 0 })).generator.generate(MESSAGES));
      expect(server.chatRequests).toHaveLength(1);
    });
  });

  describe('timeouts and unreachable servers', () => {
    it('a server that never answers → LlmError (timeout) after the timeout', async () => {
      server.respond(() => ({ hang: true }));
      const error = await caught((await generatorFor({ timeoutMs: 300 })).generator.generate(MESSAGES));
      expect(error).toBeInstanceOf(LlmError);
      expect((error as LlmError).kind).toBe('timeout');
      expect((error as LlmError).status).toBeNull();
      await vi.waitFor(() => expect(server.abortedResponses).toBe(1));
    });

    it('a port where nothing listens → LlmError (connection)', async () => {
      const url = await closedPortUrl();
      const config = llmConfig(provider, provider === 'openai' ? `${url}/v1` : url);
      const error = await caught((await buildGenerator(config)).generator.generate(MESSAGES));
      expect(error).toBeInstanceOf(LlmError);
      expect((error as LlmError).kind).toBe('connection');
      expect((error as LlmError).message).toContain('LLM_BASE_URL');
    });
  });

  describe('the question deadline (LLM_TOTAL_TIMEOUT_MS, issue 16 row 5)', () => {
    it('does not retry a first-token timeout: a stuck server costs one timeout, not (retries + 1) × it', async () => {
      server.respond(() => ({ hang: true }));
      const { generator, log } = await generatorFor({ timeoutMs: 300, maxRetries: 3 });
      const error = await caught(generator.generate(MESSAGES, { deadline: Date.now() + 20_000 }));
      expect((error as LlmError).kind).toBe('timeout');
      expect((error as LlmError).message).toContain('300 ms');
      expect(server.chatRequests).toHaveLength(1);
      await vi.waitFor(() => expect(server.abortedResponses).toBe(1));
      expect(log.at('warn')).toHaveLength(1);
    });

    it('stops retrying when the deadline passes: a failing server costs the budget, not the backoff of every retry', async () => {
      let attempts = 0;
      server.respond(() => {
        attempts += 1;
        return attempts === 1 ? { status: 503 } : { hang: true };
      });
      const { generator } = await generatorFor({ timeoutMs: 20_000, maxRetries: 5 });
      const startedAt = performance.now();
      const error = await caught(generator.generate(MESSAGES, { deadline: Date.now() + 3000 }));
      expect(error).toBeInstanceOf(LlmError);
      expect((error as LlmError).kind).toBe('timeout');
      expect((error as LlmError).message).toContain('LLM_TOTAL_TIMEOUT_MS');
      // The 503 was retried (after 1–2 s of backoff); the retry hung until the deadline, not for 20 s.
      expect(server.chatRequests).toHaveLength(2);
      expect(performance.now() - startedAt).toBeLessThan(10_000);
      await vi.waitFor(() => expect(server.abortedResponses).toBe(1));
    });

    it('a refusing server (closed port) is not retried: the call fails at once, not after the backoff', async () => {
      const url = await closedPortUrl();
      const { generator } = await buildGenerator(llmConfig(provider, provider === 'openai' ? `${url}/v1` : url, { maxRetries: 5 }));
      const startedAt = performance.now();
      const error = await caught(generator.stream(MESSAGES, { deadline: Date.now() + 20_000 })[Symbol.asyncIterator]().next());
      expect(error).toBeInstanceOf(LlmError);
      expect((error as LlmError).kind).toBe('connection');
      // Five retries would back off for about 1 + 2 + 4 + 8 + 16 s (the deadline would end them after 20 s).
      expect(performance.now() - startedAt).toBeLessThan(900);
    });

    it('a call whose deadline has already passed sends nothing', async () => {
      const error = await caught((await generatorFor()).generator.generate(MESSAGES, { deadline: Date.now() - 1 }));
      expect((error as LlmError).kind).toBe('timeout');
      expect(server.chatRequests).toHaveLength(0);
    });

    it('cuts a stream that is still waiting for its first chunk', async () => {
      server.respond(() => ({ hang: true }));
      const error = await caught(collect((await generatorFor({ timeoutMs: 5000 })).generator.stream(MESSAGES, { deadline: Date.now() + 300 })));
      expect((error as LlmError).kind).toBe('timeout');
      await vi.waitFor(() => expect(server.abortedResponses).toBe(1));
    });
  });

  describe('the connect timeout (LLM_CONNECT_TIMEOUT_MS)', () => {
    it('gives up on a connection that never opens (a TLS handshake the server never answers) after the connect budget, without retrying', async () => {
      // A TCP server that accepts and says nothing: an https client waits for the TLS handshake forever.
      let connections = 0;
      const silent = createNetServer(() => {
        connections += 1;
      });
      await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', () => resolve()));
      const { port } = silent.address() as AddressInfo;
      try {
        const origin = `https://127.0.0.1:${port}`;
        const config = llmConfig(provider, provider === 'openai' ? `${origin}/v1` : origin, { connectTimeoutMs: 300, timeoutMs: 20_000, maxRetries: 2 });
        const startedAt = performance.now();
        const error = await caught((await buildGenerator(config)).generator.generate(MESSAGES));
        expect(error).toBeInstanceOf(LlmError);
        expect((error as LlmError).kind).toBe('connection');
        expect((error as LlmError).message).toContain('LLM_CONNECT_TIMEOUT_MS');
        // Without it the call would wait for the 20 s first-token timeout.
        expect(performance.now() - startedAt).toBeLessThan(10_000);
        expect(connections).toBe(1);
      } finally {
        silent.close();
      }
    });

    it('does not limit an open connection: a reply slower than the connect budget still arrives', async () => {
      server.respond(async () => {
        await sleep(500);
        return 'slow but fine';
      });
      expect(await (await generatorFor({ connectTimeoutMs: 200 })).generator.generate(MESSAGES)).toBe('slow but fine');
    });
  });

  describe('circuit breaker', () => {
    const breakerFor = async (failureThreshold: number) => {
      const built = await generatorFor({ timeoutMs: 300 });
      let now = 1_000_000;
      const breaker = new LlmCircuitBreaker({ failureThreshold, cooldownMs: 10_000, llm: built.selection.id, logger: built.logger, now: () => now });
      const generator = createTextGenerator(built.selection, built.logger, { breaker });
      return { ...built, breaker, generator, advance: (milliseconds: number) => void (now += milliseconds) };
    };

    it('opens after the configured consecutive server failures, then refuses calls without a request (kind circuit-open)', async () => {
      server.respond(() => ({ status: 503 }));
      const { generator, breaker, log } = await breakerFor(2);
      await caught(generator.generate(MESSAGES));
      expect(breaker.snapshot()).toMatchObject({ state: 'closed', consecutiveFailures: 1 });
      await caught(generator.generate(MESSAGES));
      expect(breaker.snapshot()).toMatchObject({ state: 'open', consecutiveFailures: 2, retryInMs: 10_000 });
      const refused = await caught(collect(generator.stream(MESSAGES)));
      expect((refused as LlmError).kind).toBe('circuit-open');
      expect(server.chatRequests).toHaveLength(2);
      expect(log.records.filter((record) => record.message.startsWith('LLM circuit open'))).toHaveLength(1);
    });

    it('does not count client errors (HTTP 400) or the caller’s aborts', async () => {
      server.respond(() => ({ status: 400 }));
      const { generator, breaker } = await breakerFor(1);
      await caught(generator.generate(MESSAGES));
      server.respond(() => ({ hang: true }));
      const controller = new AbortController();
      const pending = caught(generator.generate(MESSAGES, { signal: controller.signal }));
      await vi.waitFor(() => expect(server.chatRequests).toHaveLength(2));
      controller.abort(new Error('user left'));
      await pending;
      expect(breaker.snapshot()).toMatchObject({ state: 'closed', consecutiveFailures: 0 });
    });

    it('after the cool-down lets one trial through (others are refused meanwhile); its success closes the circuit, logged once', async () => {
      server.respond(() => ({ status: 500 }));
      const { generator, breaker, advance, log } = await breakerFor(1);
      await caught(generator.generate(MESSAGES));
      advance(10_000);
      expect(breaker.snapshot().state).toBe('half-open');
      const trialGate = gate();
      server.respond(async () => {
        await trialGate.promise;
        return 'back again';
      });
      const trial = generator.generate(MESSAGES);
      await vi.waitFor(() => expect(server.chatRequests).toHaveLength(2));
      expect((await caught(generator.generate(MESSAGES)) as LlmError).kind).toBe('circuit-open');
      trialGate.open();
      expect(await trial).toBe('back again');
      expect(breaker.snapshot()).toMatchObject({ state: 'closed', consecutiveFailures: 0, openedAt: null });
      expect(log.records.filter((record) => record.message.startsWith('LLM circuit closed'))).toHaveLength(1);
    });

    it('a failed trial opens it again for another cool-down, without a second "open" line', async () => {
      server.respond(() => ({ status: 502 }));
      const { generator, breaker, advance, log } = await breakerFor(1);
      await caught(generator.generate(MESSAGES));
      advance(10_000);
      await caught(generator.generate(MESSAGES));
      expect(breaker.snapshot()).toMatchObject({ state: 'open', consecutiveFailures: 2, retryInMs: 10_000 });
      expect(server.chatRequests).toHaveLength(2);
      expect(log.records.filter((record) => record.message.startsWith('LLM circuit open'))).toHaveLength(1);
    });
  });

  describe('abort signal', () => {
    it('rejects with the signal’s reason and closes the request, while the server hangs', async () => {
      server.respond(() => ({ hang: true }));
      const controller = new AbortController();
      const reason = new Error('shutting down');
      const pending = caught((await generatorFor()).generator.generate(MESSAGES, { signal: controller.signal }));
      await vi.waitFor(() => expect(server.chatRequests).toHaveLength(1));
      controller.abort(reason);
      expect(await pending).toBe(reason);
      await vi.waitFor(() => expect(server.abortedResponses).toBe(1));
    });

    it('stops a stream mid-way with the signal’s reason and closes its request', async () => {
      const stalled = new Promise<void>(() => undefined);
      server.respond(() => ({ chunks: ['one ', 'two'], beforeChunk: (index) => (index === 1 ? stalled : undefined) }));
      const controller = new AbortController();
      const reason = new Error('user cancelled');
      const deltas: string[] = [];
      const error = await caught(
        (async () => {
          for await (const delta of (await generatorFor()).generator.stream(MESSAGES, { signal: controller.signal })) {
            deltas.push(delta);
            controller.abort(reason);
          }
        })(),
      );
      expect(deltas).toEqual(['one ']);
      expect(error).toBe(reason);
      await vi.waitFor(() => expect(server.abortedResponses).toBe(1));
    });

    it('aborting one call leaves a concurrent call on the same model running', async () => {
      // Regression: ChatOllama, given the signal, calls client.abort() at its next chunk, which cancels every
      // stream of the shared client.
      const gates = { keep: gate(), cancel: gate() };
      server.respond((request) => {
        const keep = request.messages.at(-1)?.content === 'keep';
        const held = keep ? gates.keep : gates.cancel;
        return { chunks: keep ? ['kept ', 'answer'] : ['cancelled ', 'later'], beforeChunk: (index) => (index === 1 ? held.promise : undefined) };
      });
      const { generator } = await generatorFor();
      const keptDeltas: string[] = [];
      const kept = caught(
        (async () => {
          for await (const delta of generator.stream([new HumanMessage('keep')])) keptDeltas.push(delta);
        })(),
      );
      await vi.waitFor(() => expect(keptDeltas).toEqual(['kept ']));

      const controller = new AbortController();
      const reason = new Error('cancel one');
      const cancelled = caught(
        (async () => {
          for await (const delta of generator.stream([new HumanMessage('cancel')], { signal: controller.signal })) {
            if (delta !== '') controller.abort(reason);
          }
        })(),
      );
      expect(await cancelled).toBe(reason);
      // Let the cancelled response go on (a client that did not close it now reads its next chunk), then the kept one.
      gates.cancel.open();
      await vi.waitFor(() =>
        expect(server.streamEvents.filter((event) => event.type === 'chunk').length + server.abortedResponses).toBeGreaterThanOrEqual(3),
      );
      await sleep(100);
      gates.keep.open();
      expect(await kept).toBeNull();
      expect(keptDeltas.join('')).toBe('kept answer');
    });

    it('an already aborted signal rejects without a request', async () => {
      const controller = new AbortController();
      const reason = new Error('too late');
      controller.abort(reason);
      expect(await caught((await generatorFor()).generator.generate(MESSAGES, { signal: controller.signal }))).toBe(reason);
      expect(await caught(collect((await generatorFor()).generator.stream(MESSAGES, { signal: controller.signal })))).toBe(reason);
      expect(server.chatRequests).toHaveLength(0);
    });
  });
});
