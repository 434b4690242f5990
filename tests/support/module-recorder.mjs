// Records every module a Node process loads through the ES module loader (its URL, one per line) into the
// file named by MODULE_RECORD_FILE: `node --import tsx --import ./tests/support/module-recorder.mjs …`.
// Packages imported from ES modules (ours are) pass through here even when they are CommonJS; modules they
// `require` in turn do not, which is enough to tell whether a package was loaded at all. Plain JavaScript:
// Node loads it in its module-hooks thread, before any TypeScript loader applies there.
import { appendFileSync } from 'node:fs';
import { register } from 'node:module';
import process from 'node:process';
import { isMainThread } from 'node:worker_threads';

let recordFile = null;

/** Hooks thread: receives the file name. */
export function initialize(data) {
  recordFile = data.file;
}

/** Hooks thread: records each URL loaded, after the other hooks (tsx) have loaded it. */
export async function load(url, context, nextLoad) {
  const result = await nextLoad(url, context);
  if (recordFile !== null) appendFileSync(recordFile, `${url}\n`);
  return result;
}

if (isMainThread && process.env.MODULE_RECORD_FILE !== undefined) {
  register(import.meta.url, { data: { file: process.env.MODULE_RECORD_FILE } });
}
