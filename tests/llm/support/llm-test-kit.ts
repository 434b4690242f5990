/**
 * Fixture factories for the LLM stage's tests: configurations pointing at the loopback fake server, and the
 * real chat model + text generator built from them.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LlmConfig, LlmProvider, Logger } from '../../../src/core';
import { createChatModel, createTextGenerator, type ChatModelSelection, type TextGenerator } from '../../../src/llm';
import type { FakeLlmServer } from '../../support/fake-llm-server';
import { createRecordingLogger, type RecordingLogDestination } from '../../embed/recording-logger';

/** A fake API key: tests assert that it is sent and that it never shows up in errors or logs. */
export const TEST_API_KEY = 'sk-test-secret-7f3a9c1e5b2d4680';

/** Both providers, with how each reaches the fake server. */
export const PROVIDERS: readonly { readonly provider: LlmProvider; readonly chatPath: string; baseUrl(server: FakeLlmServer): string }[] = [
  { provider: 'openai', chatPath: '/v1/chat/completions', baseUrl: (server) => server.openAiBaseUrl },
  { provider: 'ollama', chatPath: '/api/chat', baseUrl: (server) => server.origin },
];

/** An {@link LlmConfig} for `provider` at `baseUrl`: key set, no retries, 5 s timeout; with overrides. */
export function llmConfig(provider: LlmProvider, baseUrl: string, overrides: Partial<LlmConfig> = {}): LlmConfig {
  return {
    provider,
    baseUrl,
    apiKey: TEST_API_KEY,
    model: 'fake-model',
    temperature: 0.3,
    timeoutMs: 5_000,
    connectTimeoutMs: 5_000,
    totalTimeoutMs: 30_000,
    circuitFailures: 3,
    circuitCooldownMs: 60_000,
    maxRetries: 0,
    contextChars: 6_000,
    promptsDir: '/nonexistent/prompts',
    ...overrides,
  };
}

/** The real chat model and text generator for `config`, logging into a recording destination. */
export async function buildGenerator(config: LlmConfig): Promise<{
  readonly selection: ChatModelSelection;
  readonly generator: TextGenerator;
  readonly logger: Logger;
  readonly log: RecordingLogDestination;
}> {
  const { logger, destination } = createRecordingLogger();
  const selection = await createChatModel(config, logger);
  return { selection, generator: createTextGenerator(selection, logger), logger, log: destination };
}

/** Every delta of `stream`, in order. */
export async function collect(stream: AsyncIterable<string>): Promise<string[]> {
  const deltas: string[] = [];
  for await (const delta of stream) deltas.push(delta);
  return deltas;
}

/** A loopback URL on which nothing listens (a port just released). */
export async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

/** Resolves after `milliseconds`. */
export function sleep(milliseconds: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, milliseconds));
}
