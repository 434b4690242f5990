/**
 * Issue 5, the running assistant's hot swap: `AssistantHost` answers with its current runtime and swaps
 * in the one a reload opens — questions in flight finish on the old runtime, a failed reload keeps it,
 * reloads run one at a time — and, end to end without Slack, a file dropped into a watched seeds folder
 * is indexed incrementally and answered from after the swap.
 */
import { writeFile, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AnswerResult, AskOptions } from '../../src/answer';
import {
  AssistantHost,
  openAssistant,
  reopenAfterSeedsChange,
  watchSeeds,
  type AssistantReloadResult,
  type AssistantRuntime,
  type SeedsWatcher,
} from '../../src/app';
import { createSilentLogger } from '../../src/core';
import { ADDED_ISSUE_FILE, SOURCE_ISSUE_FILE, addNewIssue, embeddedTexts, indexTexts, makeSeedsCopy, type SeedsCopy } from './support/incremental-seeds';
import { RecordingEmbedder, selectEmbedder } from './support/seed-assistant';

const logger = createSilentLogger();

/** A promise and its resolution, for answers that finish when the test says so. */
function deferred<Value>(): { promise: Promise<Value>; resolve: (value: Value) => void } {
  let resolve: (value: Value) => void = () => undefined;
  const promise = new Promise<Value>((settle) => {
    resolve = settle;
  });
  return { promise, resolve };
}

/** A stand-in runtime whose assistant records the questions it is asked and answers through `answer`. */
function fakeRuntime(name: string, answer: (question: string) => Promise<AnswerResult>): AssistantRuntime & { asked: string[] } {
  const asked: string[] = [];
  const runtime = {
    asked,
    assistant: {
      ask: (question: string, _options?: AskOptions) => {
        asked.push(question);
        return answer(question);
      },
      article: () => undefined,
    },
    index: { manifest: { counts: { articles: 1, chunks: 1 } }, directory: name },
  };
  return runtime as unknown as AssistantRuntime & { asked: string[] };
}

function answerFrom(name: string): AnswerResult {
  return { answer: name } as unknown as AnswerResult;
}

describe('AssistantHost.reload', () => {
  it('swaps the runtime for new questions while a question in flight finishes on the old one', async () => {
    const slow = deferred<AnswerResult>();
    const old = fakeRuntime('old', () => slow.promise);
    const fresh = fakeRuntime('new', async () => answerFrom('new'));
    const host = new AssistantHost(old, logger);

    const inFlight = host.ask('first question');
    const reload = await host.reload(async () => fresh);
    expect(reload).toEqual({ swapped: true, runtime: fresh });
    expect(host.runtime).toBe(fresh);
    expect(await host.ask('second question')).toEqual(answerFrom('new'));
    slow.resolve(answerFrom('old'));
    expect(await inFlight).toEqual(answerFrom('old'));
    expect(old.asked).toEqual(['first question']);
    expect(fresh.asked).toEqual(['second question']);
  });

  it('keeps the current runtime when the reopen fails or finds nothing to do', async () => {
    const old = fakeRuntime('old', async () => answerFrom('old'));
    const host = new AssistantHost(old, logger);
    const failure = new Error('disk full');
    await expect(host.reload(async () => Promise.reject(failure))).rejects.toBe(failure);
    expect(host.runtime).toBe(old);
    expect(await host.reload(async () => null)).toEqual({ swapped: false, runtime: old });
    expect(await host.ask('still there?')).toEqual(answerFrom('old'));
  });

  it('runs reloads one at a time, in order, each seeing the runtime the previous one installed', async () => {
    const first = fakeRuntime('first', async () => answerFrom('first'));
    const second = fakeRuntime('second', async () => answerFrom('second'));
    const third = fakeRuntime('third', async () => answerFrom('third'));
    const host = new AssistantHost(first, logger);
    const gate = deferred<void>();
    const seen: string[] = [];
    const one = host.reload(async (current) => {
      seen.push(`one saw ${current.index.directory}`);
      await gate.promise;
      return second;
    });
    const two = host.reload(async (current) => {
      seen.push(`two saw ${current.index.directory}`);
      return third;
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(seen).toEqual(['one saw first']);
    gate.resolve();
    await Promise.all([one, two]);
    expect(seen).toEqual(['one saw first', 'two saw second']);
    expect(host.runtime).toBe(third);
  });
});

describe('a file dropped into the watched seeds folder', () => {
  let seeds: SeedsCopy | undefined;
  let watcher: SeedsWatcher | undefined;
  afterEach(async () => {
    await watcher?.close();
    await seeds?.temp.remove();
  });

  async function waitFor(condition: () => boolean, milliseconds: number): Promise<void> {
    const deadline = Date.now() + milliseconds;
    while (!condition()) {
      if (Date.now() > deadline) throw new Error(`condition not met within ${milliseconds} ms`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  it('is indexed incrementally and swapped in; unchanged bytes and other file types change nothing', async () => {
    seeds = await makeSeedsCopy('assistant-host-test-');
    const { config, seedsDir } = seeds;
    const embedder = new RecordingEmbedder();
    const initial = await openAssistant(config, logger, { embedder: selectEmbedder(embedder) });
    const builtTexts = embeddedTexts(embedder);
    const host = new AssistantHost(initial, logger);
    const reloads: AssistantReloadResult[] = [];
    watcher = watchSeeds(seedsDir, {
      debounceMilliseconds: 200,
      logger,
      onChange: async () => {
        reloads.push(await host.reload(reopenAfterSeedsChange(config, logger)));
      },
    });

    // Not a newsletter type: ignored. Same bytes rewritten: an update that finds the index current.
    await writeFile(path.join(seedsDir, 'notes.tsv'), 'a\tb\n');
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(reloads).toEqual([]);
    const same = path.join(seedsDir, SOURCE_ISSUE_FILE);
    await writeFile(same, await readFile(same));
    await waitFor(() => reloads.length === 1, 10_000);
    expect(reloads[0]).toEqual({ swapped: false, runtime: initial });
    expect(embeddedTexts(embedder)).toBe(builtTexts);

    const question = '2019年金砖国家科技创新创业伙伴关系工作组会议在哪里召开？';
    const before = await host.ask(question);
    await addNewIssue(seedsDir);
    const newFile = path.join(seedsDir, ADDED_ISSUE_FILE);
    await waitFor(() => host.runtime.index.articles.some((article) => article.file === newFile), 20_000);

    const swapped = host.runtime;
    const added = swapped.index.chunks.filter((chunk) => chunk.file === newFile);
    expect(embeddedTexts(embedder) - builtTexts).toBe(indexTexts(added).size);
    expect(swapped.build?.changes.added).toEqual([newFile]);
    // The old runtime is untouched; the host now answers from the new issue.
    expect(initial.index.articles.some((article) => article.file === newFile)).toBe(false);
    const after = await host.ask(question);
    expect(before.citations.some((citation) => citation.file === newFile)).toBe(false);
    expect(after.citations.map((citation) => citation.file)).toContain(newFile);
  }, 60_000);
});
