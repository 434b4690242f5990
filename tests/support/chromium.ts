/**
 * Finds the Chromium the browser tests drive (Debian's `chromium` package, installed by `.ci/run`).
 * `CHROMIUM_PATH` overrides the search.
 */
import { findExecutable } from './find-executable';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/lib/chromium/chromium', '/snap/bin/chromium'];

/** The executable's path, or null when none is installed. */
export function findChromium(): string | null {
  return findExecutable('CHROMIUM_PATH', CANDIDATES);
}

/** The loud message for a machine without Chromium. */
export const NO_CHROMIUM_MESSAGE =
  'NO BROWSER: Chromium was not found (looked for CHROMIUM_PATH, /usr/bin/chromium, /usr/bin/chromium-browser). ' +
  'Install it with `apt-get install -y chromium` (as .ci/run does). The browser walkthrough did not run.';
