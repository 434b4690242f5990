/** `WATCH_SEEDS` and `WATCH_DEBOUNCE_MS` (issue 5): parsed, bounded, off by default. */
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/core';
import { makeEnvironment, REPOSITORY_ROOT } from './support/seed-assistant';

describe('the watch configuration', () => {
  it('is off with a 1.5 s debounce by default', () => {
    expect(loadConfig(makeEnvironment(), REPOSITORY_ROOT).watch).toEqual({ enabled: false, debounceMilliseconds: 1500 });
  });

  it('reads WATCH_SEEDS and WATCH_DEBOUNCE_MS', () => {
    const config = loadConfig(makeEnvironment({ WATCH_SEEDS: 'true', WATCH_DEBOUNCE_MS: '2000' }), REPOSITORY_ROOT);
    expect(config.watch).toEqual({ enabled: true, debounceMilliseconds: 2000 });
  });

  it('rejects a debounce below 100 ms and a WATCH_SEEDS that is not a boolean, naming the variable', () => {
    const environments: readonly Record<string, string>[] = [{ WATCH_DEBOUNCE_MS: '10' }, { WATCH_SEEDS: 'sometimes' }];
    for (const environment of environments) {
      let error: unknown = null;
      try {
        loadConfig(makeEnvironment(environment), REPOSITORY_ROOT);
      } catch (caughtError) {
        error = caughtError;
      }
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as Error).message).toContain(Object.keys(environment)[0]);
    }
  });
});
