/**
 * The configuration's path checks: a path variable that names a file where a folder is expected (or the
 * reverse), or a path that cannot exist because a parent is a file. Used by `loadConfig` only.
 */
import fs from 'node:fs';
import path from 'node:path';

/** What a path variable names: a folder or a file, that the assistant reads or writes. */
type PathKind = 'folder' | 'file';

/** The path variables and what each must name. Missing paths are fine (created, or "none"); wrong kinds are not. */
const PATH_VARIABLES: Readonly<Record<string, PathKind>> = Object.freeze({
  SEEDS_DIR: 'folder',
  INDEX_DIR: 'folder',
  MODEL_DIR: 'folder',
  PROMPTS_DIR: 'folder',
  GLOSSARY_FILE: 'file',
  PAIR_OVERRIDES_FILE: 'file',
  FEEDBACK_LOG: 'file',
});

/**
 * Problems with the path variables, each naming its variable: the path exists but is the wrong kind (a file
 * where a folder is expected, or the reverse), or it cannot exist because one of its parents is a file
 * (`INDEX_DIR=notes.txt/index`). Reads the file system (`stat` only); a missing path is not a problem.
 */
export function pathProblems(env: Readonly<Record<string, unknown>>, resolve: (value: string) => string): string[] {
  const problems: string[] = [];
  for (const [variable, kind] of Object.entries(PATH_VARIABLES)) {
    const value = env[variable];
    if (typeof value !== 'string') continue;
    const target = resolve(value);
    const found = nearestExisting(target);
    if (found === null) continue;
    if (found.path === target) {
      if (kind === 'folder' && !found.isDirectory) problems.push(`${variable}: ${target} is a file, not a folder`);
      if (kind === 'file' && found.isDirectory) problems.push(`${variable}: ${target} is a folder, not a file`);
    } else if (!found.isDirectory) {
      problems.push(`${variable}: ${target} cannot exist: ${found.path} is a file, not a folder`);
    }
  }
  return problems;
}

/** The nearest of `target` and its ancestors that exists, with its kind; null when none can be inspected. */
function nearestExisting(target: string): { readonly path: string; readonly isDirectory: boolean } | null {
  let candidate = target;
  for (;;) {
    try {
      return { path: candidate, isDirectory: fs.statSync(candidate).isDirectory() };
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const parent = path.dirname(candidate);
      if ((code !== 'ENOENT' && code !== 'ENOTDIR') || parent === candidate) return null;
      candidate = parent;
    }
  }
}
