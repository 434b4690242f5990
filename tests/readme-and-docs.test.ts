/**
 * The README and docs/ are kept true: every relative link and #anchor resolves, the README stays a newcomer's
 * page (at most about 250 lines), and every command the README shows exists and starts (`--help` exits 0 with
 * its usage) — the commands' real runs are in their own tests, `npm install` and `npm test` in `.ci/run`.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { inheritedBasics } from './support/run-cli';
import { spawn } from 'node:child_process';

const ROOT = path.resolve(import.meta.dirname, '..');
const README = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const DOCUMENTS = ['README.md', ...readdirSync(path.join(ROOT, 'docs')).filter((name) => name.endsWith('.md')).map((name) => `docs/${name}`), 'src/language/README.md', 'index/README.md'];
const SCRIPTS = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;

/** GitHub's heading anchor: lower case, punctuation other than `-` and `_` removed, spaces to hyphens. */
function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
    .replace(/ /gu, '-');
}

function anchorsOf(file: string): Set<string> {
  const text = readFileSync(path.join(ROOT, file), 'utf8').replace(/```[\s\S]*?```/gu, '');
  return new Set([...text.matchAll(/^#{1,6} (.+)$/gmu)].map((match) => slug(match[1] ?? '')));
}

/** Relative link targets of a Markdown file (outside code blocks), with the file they appear in. */
function relativeLinks(file: string): { readonly target: string; readonly from: string }[] {
  const text = readFileSync(path.join(ROOT, file), 'utf8')
    .replace(/```[\s\S]*?```/gu, '')
    .replace(/`[^`\n]*`/gu, '');
  return [...text.matchAll(/\]\(([^)\s]+)\)/gu)]
    .map((match) => match[1] ?? '')
    .filter((target) => !/^[a-z]+:/iu.test(target))
    .map((target) => ({ target, from: file }));
}

describe('links in the README and docs/', () => {
  it('point at files that exist and at headings those files have', () => {
    const broken: string[] = [];
    for (const file of DOCUMENTS) {
      for (const { target, from } of relativeLinks(file)) {
        const [pathPart = '', anchor] = target.split('#');
        const resolved = pathPart === '' ? from : path.relative(ROOT, path.resolve(ROOT, path.dirname(from), pathPart));
        if (!existsSync(path.join(ROOT, resolved))) broken.push(`${from}: ${target} (no ${resolved})`);
        else if (anchor !== undefined && resolved.endsWith('.md') && !anchorsOf(resolved).has(anchor)) broken.push(`${from}: ${target} (no heading #${anchor} in ${resolved})`);
      }
    }
    expect(broken).toEqual([]);
  });
});

describe('the README', () => {
  it('is a newcomer’s page: the two commands first, at most about 250 lines', () => {
    expect(README.split('\n').length).toBeLessThanOrEqual(260);
    const firstBlock = /```bash\n([\s\S]*?)```/u.exec(README)?.[1] ?? '';
    expect(firstBlock).toContain('npm install && npm start');
    expect(firstBlock).toContain('npm install && npm test');
    expect(README).toContain('cp .env.example .env');
  });

  const shown = [...new Set([...README.matchAll(/npm run ([\w:-]+)/gu)].map((match) => match[1] ?? ''))].sort();

  it('shows only scripts that exist', () => {
    expect(shown.length).toBeGreaterThan(5);
    expect(shown.filter((name) => SCRIPTS[name] === undefined)).toEqual([]);
    // `npm start` and `npm test` too; `npm install` and `npm test` are what .ci/run runs.
    expect(SCRIPTS['start']).toBeDefined();
    expect(readFileSync(path.join(ROOT, '.ci', 'run'), 'utf8')).toMatch(/^npm install\b[\s\S]*^npm test$/mu);
  });

  /** Runs a `tsx [node flags] <file>` script with `--help` and resolves with its exit code and output. */
  function help(script: string): Promise<{ code: number | null; output: string }> {
    const parsed = /^tsx((?: --[\w-]+(?:=\S+)?)*) (\S+\.ts)$/u.exec(SCRIPTS[script] ?? '');
    const file = parsed?.[2];
    if (file === undefined) throw new Error(`npm run ${script} is not a tsx command: ${SCRIPTS[script] ?? 'missing'}`);
    const flags = (parsed?.[1] ?? '').split(' ').filter((flag) => flag !== '');
    return new Promise((resolve, reject) => {
      const child = spawn(path.join(ROOT, 'node_modules', '.bin', 'tsx'), [...flags, file, '--help'], { cwd: ROOT, env: inheritedBasics(), stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      child.stdout.setEncoding('utf8').on('data', (text: string) => (output += text));
      child.stderr.setEncoding('utf8').on('data', (text: string) => (output += text));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, output }));
    });
  }

  it('shows commands that start: each answers --help with its usage', async () => {
    const commands = ['start', ...shown.filter((name) => /^tsx /u.test(SCRIPTS[name] ?? ''))];
    const failures: string[] = [];
    // Two at a time: each is a Node process with tsx.
    for (let index = 0; index < commands.length; index += 2) {
      const batch = commands.slice(index, index + 2);
      const runs = await Promise.all(batch.map((name) => help(name)));
      runs.forEach((run, offset) => {
        if (run.code !== 0 || !/Usage:/u.test(run.output)) failures.push(`npm run ${batch[offset] ?? ''} -- --help: exit ${run.code}\n${run.output.slice(0, 400)}`);
      });
    }
    expect(failures).toEqual([]);
  }, 120_000);
});
