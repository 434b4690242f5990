/**
 * Issue 16 row 1 in the terminal: `npm run ask` with a question over `MAX_QUESTION_CHARS` exits 1 with
 * `error QUESTION_TOO_LONG: …` on standard error and nothing on standard output, before it opens (or builds)
 * any index. Runs the real command (`tsx src/cli/ask-command.ts`) with only explicit variables.
 */
import { access, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, type TempDir } from '../app/support/seed-assistant';
import { inheritedBasics, runCliCommand, type CommandRun } from '../support/run-cli';
import { copySeedFixture, seedFolderEnvironment } from '../support/seed-fixture';

/** Runs `ask` over the seeds copy `seedsDir` (its glossary, no pair overrides). */
function runAsk(args: readonly string[], seedsDir: string, environment: Record<string, string>): Promise<CommandRun> {
  return runCliCommand('ask', args, { ...inheritedBasics(), EMBEDDER: 'hashed', LOG_LEVEL: 'silent', ...seedFolderEnvironment(seedsDir), ...environment });
}

const exists = (file: string): Promise<boolean> => access(file).then(() => true, () => false);

let temp: TempDir;
let indexDir: string;
let batchFile: string;
let single: CommandRun;
let batch: CommandRun;

beforeAll(async () => {
  temp = await makeTempDir('ask-length-test-');
  indexDir = path.join(temp.directory, 'index');
  batchFile = path.join(temp.directory, 'questions.jsonl');
  const questions = [
    { id: 'short', question: 'Who chaired the 7th China-US Innovation Dialogue?' },
    { id: 'pasted', question: '第七次中美创新对话在北京举行。'.repeat(20) },
  ];
  await writeFile(batchFile, `${questions.map((item) => JSON.stringify(item)).join('\n')}\n`);
  const seedsDir = await copySeedFixture(temp.directory);
  [single, batch] = await Promise.all([
    runAsk(['--json', 'x'.repeat(2001)], seedsDir, { INDEX_DIR: indexDir }),
    runAsk(['--batch', batchFile], seedsDir, { INDEX_DIR: indexDir, MAX_QUESTION_CHARS: '150' }),
  ]);
}, 60_000);

afterAll(async () => {
  await temp.remove();
});

describe('ask with a question over MAX_QUESTION_CHARS', () => {
  it('exits 1 with error QUESTION_TOO_LONG (length and limit) on standard error and nothing on standard output', () => {
    expect(single.code).toBe(1);
    expect(single.stdout).toBe('');
    expect(single.stderr).toMatch(/^error QUESTION_TOO_LONG: The question is 2,001 characters long; questions may be at most 2,000 characters \(MAX_QUESTION_CHARS\)\./u);
  });

  it('--batch (with MAX_QUESTION_CHARS=150): names the file and the question id, and answers none of them', () => {
    expect(batch.code).toBe(1);
    expect(batch.stdout).toBe('');
    expect(batch.stderr).toMatch(/^error INPUT_INVALID: .*questions\.jsonl: question pasted: The question is 300 characters long; questions may be at most 150 characters/u);
  });

  it('refuses before opening the index: none was built', async () => {
    expect(await exists(indexDir)).toBe(false);
  });
});
