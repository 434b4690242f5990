/**
 * Configuration mistakes seen through the real terminal command, as a user meets them: `INDEX_DIR` under a
 * regular file is a configuration error naming the variable (exit 1, one message, no stack trace), not an
 * internal error.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCliCommand, type CommandRun } from '../support/run-cli';

const scratch = mkdtempSync(path.join(os.tmpdir(), 'config-cli-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function runAsk(environment: Record<string, string>): Promise<CommandRun> {
  return runCliCommand('ask', ['What is the budget?'], { PATH: process.env.PATH ?? '', HOME: scratch, LOG_LEVEL: 'silent', EMBEDDER: 'hashed', ...environment });
}

describe('npm run ask with a path mistake', () => {
  it('INDEX_DIR under a regular file: CONFIG_INVALID naming INDEX_DIR, no stack trace', async () => {
    const file = path.join(scratch, 'notes.txt');
    writeFileSync(file, 'a file, not a folder\n');
    const run = await runAsk({ INDEX_DIR: path.join(file, 'index'), SEEDS_DIR: path.join(scratch, 'seeds') });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^error CONFIG_INVALID: /u);
    expect(run.stderr).toContain(`INDEX_DIR: ${path.join(file, 'index')} cannot exist: ${file} is a file, not a folder`);
    expect(run.stderr).not.toMatch(/^\s+at /mu);
  }, 30_000);
});
