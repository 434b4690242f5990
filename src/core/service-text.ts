/**
 * Text about remote services that every stage talking to one (LLM, embedding service, model hub) shows in
 * errors and logs: URLs without credentials, secrets removed, and the socket error code that means "could
 * not reach the server".
 */

/** Socket-layer error codes (Node and undici) that mean "could not reach the server" or "it dropped the connection". */
export const CONNECTION_ERROR_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/** `url` without credentials, query string or fragment, and without a trailing slash; `(invalid URL)` when unparsable. */
export function printableUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = '';
    parsed.password = '';
    parsed.search = '';
    parsed.hash = '';
    return parsed.toString().replace(/\/+$/u, '');
  } catch {
    return '(invalid URL)';
  }
}

/** Removes every secret (of at least 4 characters), `Bearer …` token and `sk-…`-style key from `text`. */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let cleaned = text;
  for (const secret of secrets) {
    if (secret.length >= 4) cleaned = cleaned.split(secret).join('[redacted]');
  }
  return cleaned.replace(/Bearer\s+[^\s"',]+/giu, 'Bearer [redacted]').replace(/\bsk-[A-Za-z0-9_-]{8,}/gu, 'sk-[redacted]');
}

/**
 * The socket-level error code behind `error`, searched through its `cause` chain (at most 6 deep), e.g.
 * `ECONNREFUSED`; null when there is none of {@link CONNECTION_ERROR_CODES}.
 */
export function connectionErrorCode(error: unknown): string | null {
  let current: unknown = error;
  for (let depth = 0; depth < 6 && typeof current === 'object' && current !== null; depth += 1) {
    if ('code' in current && typeof current.code === 'string' && CONNECTION_ERROR_CODES.has(current.code)) return current.code;
    current = 'cause' in current ? current.cause : undefined;
  }
  return null;
}
