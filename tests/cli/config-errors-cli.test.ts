/**
 * Configuration mistakes seen through the real terminal command, as a user meets them: `INDEX_DIR` under a
 * regular file is a configuration error naming the variable (exit 1, one message, no stack trace), not an
 * internal error.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const REPOSITORY_ROOT = path.resolve(import.meta.dirname, '..', '..');
const TSX = path.join(REPOSITORY_ROOT, 'node_modules', '.bin', 'tsx');
const scratch = mkdtempSync(path.join(os.tmpdir(), 'config-cli-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function runAsk(environment: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(TSX, [path.join('src', 'cli', 'ask-command.ts'), 'What is the budget?'], {
      cwd: REPOSITORY_ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: scratch, LOG_LEVEL: 'silent', EMBEDDER: 'hashed', ...environment },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
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
