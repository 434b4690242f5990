/**
 * Start-up figures of the terminal commands (issue 15): the process's own start-up (`node -e 0`, tsx's
 * loader, `npx tsx -e 0`), then `npm run index` over unchanged seeds (wall, the command's own "in N s" and,
 * from its `index checked` log line, milliseconds from its process's start) and `npm run ask -- "<question>"`
 * (wall and, from its `answered` log line, milliseconds from process start to the first answer). Runs each
 * `--runs` times (default 5) and prints medians with the machine's load average, since timings on a shared
 * machine are noisy; last, the no-op's wall minus `npx tsx -e 0`'s (the issue's "within 1 s of the process's
 * own start-up").
 *
 * Uses the repository's configuration (`.env`, `SEEDS_DIR`, `INDEX_DIR`): build the index first
 * (`npm run index`), so that the index run is a no-op. `npm run bench:startup -- --runs 7 --question "…"`.
 */
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import path from 'node:path';
import { Command } from 'commander';

const ROOT = path.resolve(import.meta.dirname, '..');

/** One timed run: wall milliseconds and what the command reported about itself (null when it did not). */
interface Timed {
  readonly wallMilliseconds: number;
  readonly reportedMilliseconds: number | null;
  /** Milliseconds from the command's process start to its result, from its log (null when not logged). */
  readonly sinceStartMilliseconds: number | null;
}

function run(command: string, args: readonly string[], reported: (stdout: string, stderr: string) => number | null, environment: NodeJS.ProcessEnv = process.env): Timed {
  const started = performance.now();
  const result = spawnSync(command, args, { cwd: ROOT, env: environment, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const wallMilliseconds = performance.now() - started;
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${String(result.status)}: ${result.stderr.slice(-2000)}`);
  return { wallMilliseconds, reportedMilliseconds: reported(result.stdout, result.stderr), sinceStartMilliseconds: sinceProcessStart(result.stderr) };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/** `Index already current: … in 0.4 s → …` → 400. */
function indexSeconds(stdout: string): number | null {
  const match = /^Index already current: .* in (\d+(?:\.\d+)?) s/mu.exec(stdout);
  return match === null ? null : Number(match[1]) * 1000;
}

/** `sinceProcessStartMilliseconds` of the first JSON log line (LOG_LEVEL=info) that has it, else null. */
function sinceProcessStart(stderr: string): number | null {
  for (const line of stderr.split('\n')) {
    if (!line.includes('"sinceProcessStartMilliseconds"')) continue;
    try {
      const record = JSON.parse(line) as { sinceProcessStartMilliseconds?: number };
      if (typeof record.sinceProcessStartMilliseconds === 'number') return record.sinceProcessStartMilliseconds;
    } catch {
      // not a JSON log line
    }
  }
  return null;
}

/** The ask command's `answered` log line (LOG_LEVEL=info): milliseconds from process start to the answer. */
function firstAnswerMilliseconds(_stdout: string, stderr: string): number | null {
  return sinceProcessStart(stderr);
}

const program = new Command('bench:startup')
  .option('--runs <n>', 'runs per command', '5')
  .option('--question <text>', 'the question asked', 'Who chaired the 7th China-US Innovation Dialogue?')
  .action((options: { runs: string; question: string }) => {
    const runs = Math.max(1, Number(options.runs));
    const none = (): null => null;
    const cases: readonly { name: string; once: () => Timed }[] = [
      { name: 'node -e 0', once: () => run('node', ['-e', '0'], none) },
      { name: 'node --import tsx -e 0', once: () => run('node', ['--import', 'tsx', '-e', '0'], none) },
      { name: 'npx tsx -e 0', once: () => run('npx', ['tsx', '-e', '0'], none) },
      { name: 'npm run index (no-op)', once: () => run('npm', ['run', '--silent', 'index'], (stdout) => indexSeconds(stdout), { ...process.env, LOG_LEVEL: 'info' }) },
      {
        name: 'npm run ask',
        once: () => run('npm', ['run', '--silent', 'ask', '--', options.question], firstAnswerMilliseconds, { ...process.env, LOG_LEVEL: 'info' }),
      },
    ];
    const loadBefore = loadavg()[0] ?? 0;
    const rows = cases.map(({ name, once }) => {
      const timings = Array.from({ length: runs }, once);
      const reported = timings.flatMap((timing) => (timing.reportedMilliseconds === null ? [] : [timing.reportedMilliseconds]));
      const sinceStart = timings.flatMap((timing) => (timing.sinceStartMilliseconds === null ? [] : [timing.sinceStartMilliseconds]));
      return {
        name,
        wall: median(timings.map((timing) => timing.wallMilliseconds)),
        reported: reported.length === 0 ? null : median(reported),
        sinceStart: sinceStart.length === 0 ? null : median(sinceStart),
      };
    });
    process.stdout.write(`load average (1 min) before / after: ${loadBefore.toFixed(2)} / ${(loadavg()[0] ?? 0).toFixed(2)}; medians of ${runs} runs\n`);
    for (const row of rows) {
      const own = row.reported === null ? '' : `   in-process ${Math.round(row.reported)} ms`;
      const since = row.sinceStart === null ? '' : `   since its process's start ${Math.round(row.sinceStart)} ms`;
      process.stdout.write(`${row.name.padEnd(28)} wall ${String(Math.round(row.wall)).padStart(6)} ms${own}${since}\n`);
    }
    const wallOf = (name: string): number | undefined => rows.find((row) => row.name === name)?.wall;
    const noop = wallOf('npm run index (no-op)');
    const startup = wallOf('npx tsx -e 0');
    if (noop !== undefined && startup !== undefined) {
      process.stdout.write(`no-op index wall − npx tsx -e 0 wall: ${Math.round(noop - startup)} ms (issue 15: within 1,000 ms)\n`);
    }
  });

program.parse(process.argv);
