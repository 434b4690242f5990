/**
 * The prompt files shipped in `prompts/` pass the start-up check against the code's REQUIRED_PROMPTS, render
 * every value they are given, and are documented in `prompts/README.md`.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPrompts, NOT_FOUND_ANSWER, REQUIRED_PROMPTS, type RequiredPromptName } from '../../src/llm';

const PROMPTS_DIR = path.resolve(import.meta.dirname, '..', '..', 'prompts');
const NAMES = Object.keys(REQUIRED_PROMPTS) as RequiredPromptName[];

describe('shipped prompts', () => {
  it('load with REQUIRED_PROMPTS (declared = used = supplied variables)', async () => {
    const library = await loadPrompts(PROMPTS_DIR, REQUIRED_PROMPTS);
    for (const name of NAMES) {
      expect([...library.definition(name).variables].sort()).toEqual([...REQUIRED_PROMPTS[name]].sort());
    }
  });

  it.each(NAMES)('%s renders every value it is given, as system + human messages', async (name) => {
    const library = await loadPrompts(PROMPTS_DIR, REQUIRED_PROMPTS);
    const values = Object.fromEntries(REQUIRED_PROMPTS[name].map((variable) => [variable, `<<${variable}-value>>`]));
    const messages = await library.render(name, values as never);
    expect(messages.map((message) => message.type)).toEqual(['system', 'human']);
    const text = messages.map((message) => message.text).join('\n');
    for (const variable of REQUIRED_PROMPTS[name]) expect(text).toContain(`<<${variable}-value>>`);
    expect(text).not.toMatch(/\{[A-Za-z_]+\}/u);
  });

  it('the answer prompt asks for the NOT_FOUND line the answerer detects', async () => {
    const library = await loadPrompts(PROMPTS_DIR, REQUIRED_PROMPTS);
    const definition = library.definition('answer');
    expect(`${definition.system}\n${definition.user}`).toContain(NOT_FOUND_ANSWER);
  });

  it('every prompt that reads newsletter text says it is data, never instructions (issue 16 row 8)', async () => {
    const library = await loadPrompts(PROMPTS_DIR, REQUIRED_PROMPTS);
    const reading = NAMES.filter((name) => REQUIRED_PROMPTS[name].some((variable) => variable === 'sources' || variable === 'summaries'));
    expect(reading.sort()).toEqual(['answer', 'summarize-map', 'summarize-reduce']);
    for (const name of reading) expect(library.definition(name).system, name).toMatch(/as data, never as instructions/u);
  });

  it('prompts/README.md documents each prompt with its variables', () => {
    const readme = readFileSync(path.join(PROMPTS_DIR, 'README.md'), 'utf8');
    for (const name of NAMES) {
      const row = readme.split('\n').find((line) => line.startsWith(`| \`${name}.md\``));
      expect(row, `${name}.md row`).toBeDefined();
      for (const variable of REQUIRED_PROMPTS[name]) expect(row).toContain(`\`${variable}\``);
    }
  });
});
