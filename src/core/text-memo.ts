/**
 * A memo of text derived from text (tokens, date terms), kept with the index so that the next update
 * derives only what it has not seen. Keys are the SHA-256 of the source text (hex, first 32 characters:
 * 128 bits); values are strings. A memo is valid only for the `version` it was written with (the version of
 * the code that derives the values): a file of another version, or one whose digest does not match, gives
 * an empty memo (everything derived again), never a wrong value.
 *
 * File shape: `{"version": string, "sha256": SHA-256 (hex) of the entries' JSON, "entries": {key: value}}`.
 * Only the entries looked up since the memo was read are written back, so values of texts that left the
 * index leave the memo.
 */
import { createHash } from 'node:crypto';

function memoKey(source: string): string {
  return createHash('sha256').update(source).digest('hex').slice(0, 32);
}

/** Values derived from source texts, reused across builds. */
export class TextMemo {
  readonly version: string;
  readonly #stored: ReadonlyMap<string, string>;
  readonly #used = new Map<string, string>();
  #reused = 0;
  #derived = 0;

  private constructor(version: string, stored: ReadonlyMap<string, string>) {
    this.version = version;
    this.#stored = stored;
  }

  /** A memo with nothing stored. */
  static empty(version: string): TextMemo {
    return new TextMemo(version, new Map());
  }

  /**
   * Reads a memo file's text.
   * @param text - the file's content, or null when there is none.
   * @param version - the version the caller's code derives values with.
   * @returns the memo, or an empty one when `text` is null, not a memo, of another version, or fails its
   *          digest; `rejected` then says why (null when `text` was null or the memo is used).
   */
  static parse(text: string | null, version: string): { readonly memo: TextMemo; readonly rejected: string | null } {
    const empty = (rejected: string | null): { memo: TextMemo; rejected: string | null } => ({ memo: TextMemo.empty(version), rejected });
    if (text === null) return empty(null);
    let value: { version?: unknown; sha256?: unknown; entries?: unknown };
    try {
      value = JSON.parse(text) as typeof value;
    } catch {
      return empty('not JSON');
    }
    if (value.version !== version) return empty(`version ${String(value.version)}, not ${version}`);
    const entries = value.entries;
    if (typeof entries !== 'object' || entries === null || Array.isArray(entries)) return empty('no entries');
    if (createHash('sha256').update(JSON.stringify(entries)).digest('hex') !== value.sha256) return empty('digest mismatch');
    const stored = new Map<string, string>();
    for (const [key, entry] of Object.entries(entries as Record<string, unknown>)) {
      if (typeof entry !== 'string') return empty(`entry ${key} is not a string`);
      stored.set(key, entry);
    }
    return { memo: new TextMemo(version, stored), rejected: null };
  }

  /** The value of `source`: the stored one, else `derive(source)` (then stored for the next build). */
  get(source: string, derive: (source: string) => string): string {
    const key = memoKey(source);
    const used = this.#used.get(key);
    if (used !== undefined) return used;
    const stored = this.#stored.get(key);
    let value: string;
    if (stored === undefined) {
      value = derive(source);
      this.#derived += 1;
    } else {
      value = stored;
      this.#reused += 1;
    }
    this.#used.set(key, value);
    return value;
  }

  /** Distinct source texts whose value was reused from the file / derived, so far. */
  get counts(): { readonly reused: number; readonly derived: number } {
    return { reused: this.#reused, derived: this.#derived };
  }

  /** The memo file's text: the entries of every source looked up so far. */
  serialise(): string {
    const entries = JSON.stringify(Object.fromEntries(this.#used));
    const digest = createHash('sha256').update(entries).digest('hex');
    return `{"version":${JSON.stringify(this.version)},"sha256":"${digest}","entries":${entries}}`;
  }
}
