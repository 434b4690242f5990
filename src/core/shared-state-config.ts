/**
 * The shared-state part of the configuration (issue 15: several Slack replicas): where the bot's shared state
 * lives (`REDIS_URL`, `REDIS_KEY_PREFIX`) and whether this process may write the index (`INDEX_READ_ONLY`).
 * The variables are declared in `config.ts`'s schema (spread from {@link SHARED_STATE_VARIABLES}), the one place
 * that reads the environment; this module turns the parsed values into {@link SharedStateConfig}.
 */
import { z } from 'zod';

/** `REDIS_KEY_PREFIX` when unset: every key the bot writes starts with it. */
export const DEFAULT_REDIS_KEY_PREFIX = 'newsletter:';

const booleanString = z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((value) => value === 'true' || value === '1' || value === 'yes');

/** The shared-state variables of `config.ts`'s schema (listed in `.env.example`). */
export const SHARED_STATE_VARIABLES = {
  REDIS_URL: z
    .string()
    .trim()
    .refine((value) => {
      try {
        const url = new URL(value);
        return (url.protocol === 'redis:' || url.protocol === 'rediss:') && url.hostname !== '';
      } catch {
        return false;
      }
      // The message must not echo the value: it may hold a password.
    }, 'must be a redis:// or rediss:// URL with a host, e.g. redis://127.0.0.1:6379/0')
    .optional(),
  REDIS_KEY_PREFIX: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_.:-]{1,64}$/u, 'must be 1–64 letters, digits or _ . : - (e.g. newsletter:)')
    .default(DEFAULT_REDIS_KEY_PREFIX),
  INDEX_READ_ONLY: booleanString.default('false'),
};

/** Where the Slack bot keeps state shared by its replicas, and whether this replica writes the index. */
export interface SharedStateConfig {
  /**
   * `REDIS_URL`: `redis://[user:password@]host:port[/db]` or `rediss://…` (TLS); null = in-process state (one
   * replica). May contain a password: log it only through `printableUrl`.
   */
  readonly redisUrl: string | null;
  /** `REDIS_KEY_PREFIX`: prefix of every key, so that two apps can share one Redis. Default {@link DEFAULT_REDIS_KEY_PREFIX}. */
  readonly redisKeyPrefix: string;
  /**
   * `INDEX_READ_ONLY`: this process never builds or updates the index (no build at start, no seeds watch, no
   * admin reindex); it loads what the writer built and reloads when the index manifest changes. Default false.
   */
  readonly indexReadOnly: boolean;
}

/** The parsed variables {@link sharedStateConfig} reads. */
export interface SharedStateVariables {
  readonly REDIS_URL?: string | undefined;
  readonly REDIS_KEY_PREFIX: string;
  readonly INDEX_READ_ONLY: boolean;
}

/** {@link SharedStateConfig} from the parsed variables. */
export function sharedStateConfig(env: SharedStateVariables): SharedStateConfig {
  return { redisUrl: env.REDIS_URL ?? null, redisKeyPrefix: env.REDIS_KEY_PREFIX, indexReadOnly: env.INDEX_READ_ONLY };
}
