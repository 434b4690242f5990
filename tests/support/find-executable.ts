/**
 * Finds a Debian-packaged executable that a test drives (Chromium, redis-server; `.ci/run` installs them):
 * the path in the override variable when set, else the first of the usual install locations that exists
 * and is executable.
 */
import { accessSync, constants } from 'node:fs';
import { it } from 'vitest';

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

/**
 * Stands in for a suite whose executable is missing: in CI (`CI=true`, where `.ci/run` installs it) one test that
 * fails with `message`; elsewhere one skipped test saying why. Call it inside the suite's `describe`, then return.
 * @param name - what is missing, as the failing test's title says it (`Chromium`, `redis-server`).
 */
export function standInForMissingExecutable(name: string, message: string): void {
  if (process.env['CI'] === 'true') {
    it(`needs ${name} in CI`, () => {
      throw new Error(message);
    });
  } else it.skip(`skipped: ${message}`, () => undefined);
}
