/**
 * Which failed LLM attempts are retried (up to `LLM_MAX_RETRIES`, always within the question's
 * `LLM_TOTAL_TIMEOUT_MS`): the policy both clients' LangChain `AsyncCaller`s use.
 */
import { AsyncCaller } from '@langchain/core/utils/async_caller';
import { isConnectTimeout, isRefusedConnection, isTimeout } from './llm-errors';

/** Exposes LangChain's default decision on a failed attempt (a protected member of `AsyncCaller`). */
class DefaultRetryDecision extends AsyncCaller {
  decide(error: unknown): void {
    this.onFailedAttempt?.(error);
  }
}

const LANGCHAIN_DEFAULT = new DefaultRetryDecision({});

/**
 * LangChain's default policy (no retry of HTTP 400–409 and 413, aborts, or rate limits with a long wait),
 * and no retry when the server is evidently not serving: a first-token timeout (stuck or overloaded), a
 * connect timeout or a refused connection (nothing listens); asking again after a backoff of seconds would
 * multiply a chat user's wait (issue 16), and the circuit breaker retries later. Transient failures — HTTP
 * 5xx, 408, 429 with a short `Retry-After`, a reset connection — are still retried.
 * @throws `error` itself when the attempt must not be retried (the `AsyncCaller` contract).
 */
export function retryFailedAttempt(error: unknown): void {
  if (isTimeout(error) || isConnectTimeout(error) || isRefusedConnection(error)) throw error;
  LANGCHAIN_DEFAULT.decide(error);
}
