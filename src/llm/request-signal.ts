/**
 * Carries a call's abort signal to the HTTP layer of clients that do not forward it themselves.
 *
 * `@langchain/ollama` does not pass a call's `signal` to `fetch`; on abort it calls `client.abort()`, which
 * aborts every stream of the shared client — other users' answers included. {@link iterateWithRequestSignal}
 * runs the model's stream with the call's signal in an `AsyncLocalStorage`, and the Ollama fetch adapter
 * reads it with {@link currentRequestSignal}, so an abort cancels exactly that call's HTTP request.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

const requestSignals = new AsyncLocalStorage<AbortSignal>();

/** The abort signal of the model call this code runs for, if any. */
export function currentRequestSignal(): AbortSignal | undefined {
  return requestSignals.getStore();
}

/**
 * Iterates `source()` with `signal` as the {@link currentRequestSignal} of everything it runs (each `next()` and
 * the final `return()` run inside the scope: a generator's body runs in the context of whoever resumes it).
 * With no signal, it iterates `source()` unchanged.
 */
export async function* iterateWithRequestSignal<T>(
  signal: AbortSignal | undefined,
  source: () => AsyncGenerator<T>,
): AsyncGenerator<T> {
  if (signal === undefined) {
    yield* source();
    return;
  }
  const iterator = requestSignals.run(signal, source);
  let finished = false;
  try {
    for (;;) {
      const step = await requestSignals.run(signal, () => iterator.next());
      if (step.done === true) {
        finished = true;
        return;
      }
      yield step.value;
    }
  } finally {
    if (!finished) await requestSignals.run(signal, () => iterator.return(undefined));
  }
}
