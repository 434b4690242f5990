/**
 * Issue 16 row 1 at the domain entry: `MAX_QUESTION_CHARS` is read by the one config module, counted in
 * Unicode code points, and both answerers refuse a longer question with `QuestionTooLongError` before any
 * analysis — no retrieval, no model call, no stage reported.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseDotenv } from 'dotenv';
import { describe, expect, it } from 'vitest';
import { checkQuestionLength, countCharacters, ExtractiveAnswerer, GeneratedAnswerer, type AnswerPromptName, type PromptedModel } from '../../src/answer';
import { ConfigError, createSilentLogger, DEFAULT_MAX_QUESTION_CHARACTERS, loadConfig, QuestionTooLongError } from '../../src/core';
import type { HybridRetriever } from '../../src/retrieve';

/** What `run` throws, or null when it returns. */
function caught(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  return null;
}

/** A stand-in retriever that records every property read or method call after `arm()`; it has no data. */
function recordingRetriever(): { readonly retriever: HybridRetriever; readonly touched: string[]; arm(): void } {
  const touched: string[] = [];
  let armed = false;
  const retriever = new Proxy(
    {},
    {
      get(_target, property) {
        if (armed) touched.push(String(property));
        return () => {
          if (armed) touched.push(`${String(property)}()`);
          return undefined;
        };
      },
    },
  ) as unknown as HybridRetriever;
  return { retriever, touched, arm: () => void (armed = true) };
}

/** A model that records every prompt it is asked for. */
class RecordingModel implements PromptedModel {
  readonly id = 'recording:model';
  readonly contextCharacters = 12_000;
  readonly prompts: AnswerPromptName[] = [];
  complete(prompt: AnswerPromptName): Promise<string> {
    this.prompts.push(prompt);
    return Promise.resolve('NOT_FOUND');
  }
  async *stream(prompt: AnswerPromptName): AsyncIterable<string> {
    this.prompts.push(prompt);
    yield 'NOT_FOUND';
  }
}

describe('countCharacters', () => {
  it('counts Unicode code points: a surrogate pair (𠮷, an emoji) is one character, a lone surrogate one too', () => {
    expect(countCharacters('')).toBe(0);
    expect(countCharacters('abc 中文')).toBe(6);
    expect(countCharacters('𠮷😀')).toBe(2);
    expect('𠮷😀'.length).toBe(4);
    expect(countCharacters('\ud842x\udfb7')).toBe(3);
  });
});

describe('checkQuestionLength', () => {
  it('passes a question of exactly the maximum and refuses one more, with its length, the maximum and its language', () => {
    expect(() => checkQuestionLength('a'.repeat(2000))).not.toThrow();
    const error = caught(() => checkQuestionLength('中'.repeat(2001)));
    expect(error).toBeInstanceOf(QuestionTooLongError);
    expect(error).toMatchObject({ code: 'QUESTION_TOO_LONG', characters: 2001, maximumCharacters: 2000, lang: 'zh' });
    expect((error as Error).message).toContain('2,001 characters');
    expect((error as Error).message).toContain('MAX_QUESTION_CHARS');
  });

  it('measures in code points, not UTF-16 code units: 2000 emoji pass, 2001 do not', () => {
    expect(() => checkQuestionLength('😀'.repeat(2000), 2000)).not.toThrow();
    expect(caught(() => checkQuestionLength('😀'.repeat(2001), 2000))).toMatchObject({ characters: 2001 });
  });

  it('detects the language of a 1,000,000-character question from its start', () => {
    expect(caught(() => checkQuestionLength(`${'Which universities? '.repeat(200)}${'中'.repeat(1_000_000)}`))).toMatchObject({ lang: 'en' });
    expect(caught(() => checkQuestionLength('青岛中美科技创新园和哪些美国高校合作？'.repeat(60_000)))).toMatchObject({ lang: 'zh' });
  });
});

describe('the answerers refuse an over-long question before any analysis', () => {
  const huge = 'What did the newsletters report about open data? '.repeat(20_000);

  it('ExtractiveAnswerer: QuestionTooLongError; the retriever is never touched and no stage is reported', async () => {
    const { retriever, touched, arm } = recordingRetriever();
    const answerer = new ExtractiveAnswerer(retriever, { maxQuestionCharacters: 500 });
    arm();
    const stages: string[] = [];
    const error = await answerer.ask(huge, { onStage: (stage) => stages.push(stage) }).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(QuestionTooLongError);
    expect(error).toMatchObject({ characters: huge.length, maximumCharacters: 500, lang: 'en' });
    expect(touched).toEqual([]);
    expect(stages).toEqual([]);
  });

  it('GeneratedAnswerer: QuestionTooLongError; neither the model nor the retriever is asked anything', async () => {
    const { retriever, touched, arm } = recordingRetriever();
    const model = new RecordingModel();
    const answerer = new GeneratedAnswerer(retriever, model, { logger: createSilentLogger() });
    arm();
    const error = await answerer.ask('中'.repeat(DEFAULT_MAX_QUESTION_CHARACTERS + 1), { history: [] }).catch((thrown: unknown) => thrown);
    expect(error).toMatchObject({ code: 'QUESTION_TOO_LONG', lang: 'zh', maximumCharacters: DEFAULT_MAX_QUESTION_CHARACTERS });
    expect(model.prompts).toEqual([]);
    expect(touched).toEqual([]);
  });
});

describe('MAX_QUESTION_CHARS', () => {
  const configOf = (value?: string) => loadConfig(value === undefined ? {} : { MAX_QUESTION_CHARS: value }, '/repository');

  it('defaults to 2000 when unset or blank, and reads a whole number of characters', () => {
    expect(configOf().maxQuestionCharacters).toBe(2000);
    expect(configOf('').maxQuestionCharacters).toBe(2000);
    expect(configOf('  ').maxQuestionCharacters).toBe(2000);
    expect(configOf('500').maxQuestionCharacters).toBe(500);
  });

  it('is listed in .env.example with its default', () => {
    const example = parseDotenv(readFileSync(path.join(import.meta.dirname, '..', '..', '.env.example'), 'utf8'));
    expect(example['MAX_QUESTION_CHARS']).toBe(String(DEFAULT_MAX_QUESTION_CHARACTERS));
  });

  it('rejects values outside 100–20,000 (longer questions would hold the event loop past a second)', () => {
    for (const value of ['99', '20001', '1.5', 'many']) {
      const error = caught(() => configOf(value));
      expect(error, value).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).issues.join('\n')).toContain('MAX_QUESTION_CHARS');
    }
  });
});
