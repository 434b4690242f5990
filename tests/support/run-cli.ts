/**
 * Runs a terminal command as a user would: `tsx src/cli/<command>-command.ts …` from the repository root,
 * with exactly the variables given (nothing inherited but what the caller passes), collecting its output.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';

const REPOSITORY_ROOT = path.resolve(import.meta.dirname, '..', '..');
const TSX = path.join(REPOSITORY_ROOT, 'node_modules', '.bin', 'tsx');

/** What a finished command left: exit code (null when killed by a signal) and its two output streams. */
export interface CommandRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** `PATH`, `HOME` and `TMPDIR` of this process, for commands that must find node and a temp folder. */
export function inheritedBasics(): Record<string, string> {
  return Object.fromEntries(
    ['PATH', 'HOME', 'TMPDIR'].flatMap((name) => (process.env[name] === undefined ? [] : [[name, process.env[name] ?? '']])),
  );
}

/**
 * Runs `src/cli/<command>-command.ts` with `args` under `environment` and resolves when it exits.
 * @throws (rejects) when the process cannot be started.
 */
export function runCliCommand(command: string, args: readonly string[], environment: NodeJS.ProcessEnv): Promise<CommandRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(TSX, [path.join('src', 'cli', `${command}-command.ts`), ...args], {
      cwd: REPOSITORY_ROOT,
      env: environment,
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
