/**
 * Finds a Debian-packaged executable that a test drives (Chromium, redis-server; `.ci/run` installs them):
 * the path in the override variable when set, else the first of the usual install locations that exists
 * and is executable.
 */
import { accessSync, constants } from 'node:fs';

/**
 * @param overrideVariable - environment variable naming the executable (e.g. `CHROMIUM_PATH`); when set and
 *        not empty, only that path is tried.
 * @param candidates - the usual paths, tried in order.
 * @returns the executable's path, or null when none is installed.
 */
export function findExecutable(overrideVariable: string, candidates: readonly string[]): string | null {
  const configured = process.env[overrideVariable];
  for (const candidate of configured === undefined || configured === '' ? candidates : [configured]) {
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // Not this one.
    }
  }
  return null;
}
