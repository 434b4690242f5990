/**
 * `engines.node` in package.json is true to the dependencies: the lowest Node version it admits satisfies the
 * `engines.node` range of every runtime package in the lock file (a dependency that needs a newer Node, as
 * `@langchain/openai` 1.6 did with Node 22, fails here instead of on a user's machine).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..');

interface LockEntry {
  readonly dev?: boolean;
  readonly optional?: boolean;
  readonly engines?: { readonly node?: string } | readonly string[];
}

describe('engines.node', () => {
  it('admits no Node version that a runtime dependency refuses', () => {
    const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { engines: { node: string } };
    const lock = JSON.parse(readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> };
    const lowest = semver.minVersion(manifest.engines.node);
    expect(lowest, manifest.engines.node).not.toBeNull();
    const refusing = Object.entries(lock.packages).flatMap(([location, entry]) => {
      const range = Array.isArray(entry.engines) ? undefined : (entry.engines as { node?: string } | undefined)?.node;
      if (location === '' || entry.dev === true || entry.optional === true || range === undefined) return [];
      return semver.satisfies(lowest?.version ?? '0.0.0', range) ? [] : [`${location} needs node ${range}`];
    });
    expect(refusing).toEqual([]);
  });

  it('is met by the Node running the tests', () => {
    const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { engines: { node: string } };
    expect(semver.satisfies(process.version, manifest.engines.node)).toBe(true);
  });
});
