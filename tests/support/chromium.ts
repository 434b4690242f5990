/**
 * Finds the Chromium the browser tests drive (Debian's `chromium` package, installed by `.ci/run`).
 * `CHROMIUM_PATH` overrides the search.
 */
import { accessSync, constants } from 'node:fs';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/lib/chromium/chromium', '/snap/bin/chromium'];

/** The executable's path, or null when none is installed. */
export function findChromium(): string | null {
  const configured = process.env['CHROMIUM_PATH'];
  for (const candidate of configured === undefined || configured === '' ? CANDIDATES : [configured]) {
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // Not this one.
    }
  }
  return null;
}

/** The loud message for a machine without Chromium. */
export const NO_CHROMIUM_MESSAGE =
  'NO BROWSER: Chromium was not found (looked for CHROMIUM_PATH, /usr/bin/chromium, /usr/bin/chromium-browser). ' +
  'Install it with `apt-get install -y chromium` (as .ci/run does). The browser walkthrough did not run.';
