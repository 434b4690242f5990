/**
 * The prompt library on prompt files written to a temporary folder: loading validates declared variables =
 * variables used = variables the code supplies, and rendering produces system + human messages.
 */
import os from 'node:os';
import path from 'node:path';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PromptError } from '../../src/core';
import { loadPrompts } from '../../src/llm';
import { caught } from '../support/caught';

let directory: string;
beforeEach(async () => {
  directory = await mkdtemp(path.join(os.tmpdir(), 'prompts-'));
});
afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

/** Fixture factory: a prompt file's text from its parts. */
function promptText(parts: { description?: string; variables?: string; system?: string; user?: string } = {}): string {
  return [
    '---',
    `description: ${parts.description ?? 'Answers a question.'}`,
    `variables: ${parts.variables ?? '[question, language]'}`,
    '---',
    '## system',
    parts.system ?? 'Answer in {language}. Output JSON like {{"answer": "..."}}.',
    '',
    '## user',
    parts.user ?? 'Question: {question}',
    '',
  ].join('\n');
}

async function writePrompt(name: string, text: string): Promise<string> {
  const file = path.join(directory, `${name}.md`);
  await writeFile(file, text, 'utf8');
  return file;
}

async function promptErrorOf(promise: Promise<unknown>): Promise<PromptError> {
  const error = await caught(promise);
  if (!(error instanceof PromptError)) throw new Error(`expected a PromptError, got ${String(error)}`);
  return error;
}

const REQUIRED = { answer: ['question', 'language'] } as const;

describe('loading a valid file', () => {
  it('parses the description, the variables and both sections', async () => {
    const file = await writePrompt('answer', promptText());
    const library = await loadPrompts(directory, REQUIRED);
    const definition = library.definition('answer');
    expect(definition).toMatchObject({ name: 'answer', file, description: 'Answers a question.', variables: ['question', 'language'] });
    expect(definition.system.startsWith('Answer in {language}')).toBe(true);
    expect(definition.user).toBe('Question: {question}');
  });

  it('accepts Windows line endings, a byte-order mark and other headings inside a section', async () => {
    const system = 'Rules:\n### Style\nBe brief in {language}.';
    await writePrompt('answer', `\uFEFF${promptText({ system })}`.replace(/\n/gu, '\r\n'));
    const library = await loadPrompts(directory, REQUIRED);
    expect(library.definition('answer').system.split(/\r?\n/u)).toEqual(['Rules:', '### Style', 'Be brief in {language}.']);
  });

  it('ignores files the code does not require', async () => {
    await writePrompt('answer', promptText());
    await writePrompt('unrelated', 'not a prompt at all');
    await expect(loadPrompts(directory, REQUIRED)).resolves.toBeDefined();
  });
});

describe('rendering', () => {
  it('gives a system and a human message with the values substituted and doubled braces literal', async () => {
    await writePrompt('answer', promptText());
    const library = await loadPrompts(directory, REQUIRED);
    const question = `What is {not_a_placeholder} ${Math.random().toString(36).slice(2)}?`;
    const messages = await library.render('answer', { question, language: 'Chinese (Simplified)' });
    expect(messages.map((message) => message.type)).toEqual(['system', 'human']);
    expect(messages[0]?.text).toBe('Answer in Chinese (Simplified). Output JSON like {"answer": "..."}.');
    expect(messages[1]?.text).toBe(`Question: ${question}`);
  });

  it('throws PromptError naming a missing value', async () => {
    await writePrompt('answer', promptText());
    const library = await loadPrompts(directory, REQUIRED);
    const values = { question: 'q' } as unknown as { question: string; language: string };
    const error = await promptErrorOf(library.render('answer', values));
    expect(error.missingVariables).toEqual(['language']);
    expect(error.message).toContain('{language}');
  });

  it('throws PromptError naming a value the prompt does not use', async () => {
    await writePrompt('answer', promptText());
    const library = await loadPrompts(directory, REQUIRED);
    const values = { question: 'q', language: 'English', today: '2026-01-01' } as unknown as { question: string; language: string };
    const error = await promptErrorOf(library.render('answer', values));
    expect(error.extraVariables).toEqual(['today']);
  });
});

describe('validation at load time', () => {
  it('a missing file → PromptError naming the file and the variables the code needs', async () => {
    const error = await promptErrorOf(loadPrompts(directory, REQUIRED));
    expect(error.file).toBe(path.join(directory, 'answer.md'));
    expect(error.message).toContain(path.join(directory, 'answer.md'));
    expect(error.message).toContain('question, language');
  });

  it('a missing folder → PromptError naming PROMPTS_DIR', async () => {
    const error = await promptErrorOf(loadPrompts(path.join(directory, 'absent'), REQUIRED));
    expect(error.message).toContain('PROMPTS_DIR');
  });

  it('a template that uses an undeclared variable → PromptError naming the file and the variable', async () => {
    const file = await writePrompt('answer', promptText({ user: 'Question: {question} (asked on {today})' }));
    const error = await promptErrorOf(loadPrompts(directory, REQUIRED));
    expect(error.file).toBe(file);
    expect(error.extraVariables).toEqual(['today']);
    expect(error.message).toContain(file);
    expect(error.message).toContain('uses {today}');
  });

  it('a declared variable the template never uses → PromptError', async () => {
    await writePrompt('answer', promptText({ system: 'Answer briefly.' }));
    const error = await promptErrorOf(loadPrompts(directory, REQUIRED));
    expect(error.missingVariables).toEqual(['language']);
    expect(error.message).toContain('declares {language} but the template never uses it');
  });

  it('a declared and used variable the code does not supply → PromptError (extra)', async () => {
    await writePrompt('answer', promptText({ variables: '[question, language, tone]', user: 'Question: {question} in a {tone} tone' }));
    const error = await promptErrorOf(loadPrompts(directory, REQUIRED));
    expect(error.extraVariables).toEqual(['tone']);
    expect(error.missingVariables).toEqual([]);
  });

  it('a variable the code supplies but the file neither declares nor uses → PromptError (missing)', async () => {
    await writePrompt('answer', promptText({ variables: '[question]', system: 'Answer briefly.' }));
    const error = await promptErrorOf(loadPrompts(directory, REQUIRED));
    expect(error.missingVariables).toEqual(['language']);
    expect(error.extraVariables).toEqual([]);
  });

  it.each([
    ['no front matter', '## system\nHi {language}\n## user\n{question}\n'],
    ['no closing ---', '---\ndescription: x\nvariables: [question, language]\n## system\nHi\n'],
    ['no description', '---\nvariables: [question, language]\n---\n## system\n{language}\n## user\n{question}\n'],
    ['variables not a list', promptText({ variables: 'question, language' })],
    ['an unknown front matter key', promptText().replace('description:', 'model: gpt\ndescription:')],
    ['a variable listed twice', promptText({ variables: '[question, language, question]' })],
    ['no user section', '---\ndescription: x\nvariables: [question, language]\n---\n## system\n{language} {question}\n'],
    ['sections in the wrong order', '---\ndescription: x\nvariables: [question, language]\n---\n## user\n{question}\n## system\n{language}\n'],
    ['text before the system section', promptText().replace('## system', 'Stray text\n## system')],
    ['an unclosed brace', promptText({ user: 'Question: {question' })],
    ['a single closing brace', promptText({ user: 'Question: {question} }' })],
    ['single braces around JSON', promptText({ system: 'Answer in {language} as {"answer": 1}' })],
  ])('%s → PromptError naming the file', async (_case, text) => {
    const file = await writePrompt('answer', text);
    const error = await promptErrorOf(loadPrompts(directory, REQUIRED));
    expect(error.file).toBe(file);
    expect(error.code).toBe('PROMPT_INVALID');
  });
});
