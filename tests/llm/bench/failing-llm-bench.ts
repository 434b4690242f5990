/**
 * Issue 16, row 5: what a stuck and a refusing LLM cost per question with the DEFAULT budgets (no overrides:
 * 5 s connect, 15 s first token, 30 s per question, 2 retries, circuit opens after 3 failures for 60 s), over a
 * copy of the seed fixture against the loopback fake LLM server; and what the start-up check costs against a stuck one.
 * Takes about a minute: `npx tsx tests/llm/bench/failing-llm-bench.ts`. Not part of `npm test`.
 */
import path from 'node:path';
import { openAssistant, llmHealthFacts } from '../../../src/app';
import { loadConfig, createSilentLogger } from '../../../src/core';
import { FakeLlmServer } from '../../support/fake-llm-server';
import { makeEnvironment, makeTempDir, REPOSITORY_ROOT, selectEmbedder } from '../../app/support/seed-assistant';
import { copySeedFixture, seedFolderEnvironment } from '../../support/seed-fixture';

const QUESTION = 'Which universities work with the China-US innovation park in Qingdao?';
const temp = await makeTempDir('measure-');
const seedsDir = await copySeedFixture(temp.directory);
const base = { INDEX_DIR: path.join(temp.directory, 'index'), ...seedFolderEnvironment(seedsDir) };
await openAssistant(loadConfig(makeEnvironment(base), REPOSITORY_ROOT), createSilentLogger(), { embedder: selectEmbedder() });

for (const scenario of ['stuck', 'refusing'] as const) {
  const server = await FakeLlmServer.start();
  const env = makeEnvironment({ ...base, LLM_PROVIDER: 'openai', LLM_BASE_URL: server.openAiBaseUrl, LLM_MODEL: 'fake-model' });
  const config = loadConfig(env, REPOSITORY_ROOT);
  const runtime = await openAssistant(config, createSilentLogger(), { build: 'never', embedder: selectEmbedder() });
  await runtime.extractive.ask(QUESTION); // warm-up, as npm start does
  if (scenario === 'stuck') server.respond(() => ({ hang: true }));
  else await server.close();
  const figures: string[] = [];
  for (let question = 1; question <= 4; question += 1) {
    const startedAt = performance.now();
    const answer = await runtime.assistant.ask(QUESTION);
    figures.push(`Q${question} ${(performance.now() - startedAt).toFixed(0)} ms (${answer.mode}, circuit ${llmHealthFacts(runtime).llmCircuit?.state}, chat requests so far ${server.chatRequests.length})`);
  }
  console.log(scenario, '\n  ' + figures.join('\n  '));
  if (scenario === 'stuck') await server.close();
}
// Start-up check against a stuck server.
{
  const server = await FakeLlmServer.start();
  server.answerNothing();
  const startedAt = performance.now();
  const runtime = await openAssistant(loadConfig(makeEnvironment({ ...base, LLM_PROVIDER: 'openai', LLM_BASE_URL: server.openAiBaseUrl, LLM_MODEL: 'fake-model' }), REPOSITORY_ROOT), createSilentLogger(), { build: 'never', embedder: selectEmbedder() });
  const opened = performance.now() - startedAt;
  const q = performance.now();
  const answer = await runtime.assistant.ask(QUESTION);
  console.log(`start-up against a stuck server: open ${opened.toFixed(0)} ms, circuit ${llmHealthFacts(runtime).llmCircuit?.state}; Q1 ${(performance.now() - q).toFixed(0)} ms (${answer.mode})`);
  await server.close();
}
await temp.remove();
