/**
 * The network side of model downloads: hub URLs (public hub or a mirror such as hf-mirror.com), the proxy a
 * download goes through, and a way to apply that proxy to transformers.js, which fetches with Node's global
 * `fetch` (`@xenova/transformers` 2.17, `src/utils/hub.js` `getFile`). Node's `fetch` ignores `HTTPS_PROXY` and
 * friends; undici's `EnvHttpProxyAgent` honours them (CONNECT tunnel, `NO_PROXY` exceptions). undici is imported
 * lazily (it takes a while to load), only when a download needs it.
 */
import type { Dispatcher } from 'undici';
import { DEFAULT_HF_ENDPOINT, printableUrl, type ModelHubConfig } from '../core';

/** The public hub, no token, no proxy: what a {@link ModelHubConfig} defaults to when a caller gives none. */
export const PUBLIC_MODEL_HUB: ModelHubConfig = Object.freeze({
  endpoint: DEFAULT_HF_ENDPOINT,
  token: undefined,
  proxy: Object.freeze({ httpsProxy: undefined, httpProxy: undefined, noProxy: '' }),
});

/** transformers.js `env.remotePathTemplate` for hub-style hosts (the hub's and every mirror's layout). */
export const HUB_PATH_TEMPLATE = '{model}/resolve/{revision}/';

/**
 * `<endpoint>/<org>/<name>/resolve/<revision>/<file>`, each path segment URL-encoded.
 * @example hubFileUrl('https://hf-mirror.com', 'Xenova/bge-m3', 'onnx/model_quantized.onnx')
 */
export function hubFileUrl(endpoint: string, model: string, file: string, revision = 'main'): string {
  const encode = (text: string): string => text.split('/').map(encodeURIComponent).join('/');
  return `${endpoint.replace(/\/+$/u, '')}/${encode(model)}/resolve/${encodeURIComponent(revision)}/${encode(file)}`;
}

/** Whether `NO_PROXY` (`*`, `host`, `host:port`, `.domain` or `domain` = the domain and its subdomains) covers `url`. */
function bypassesProxy(url: URL, noProxy: string): boolean {
  const host = url.hostname.toLowerCase().replace(/^\[|\]$/gu, '');
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  return noProxy
    .split(/[,\s]+/u)
    .filter((entry) => entry !== '')
    .some((entry) => {
      if (entry === '*') return true;
      const [entryHost = '', entryPort] = entry.toLowerCase().replace(/^\*?\./u, '.').split(/:(?=\d+$)/u);
      if (entryPort !== undefined && entryPort !== port) return false;
      const bare = entryHost.replace(/^\./u, '');
      return host === bare || host.endsWith(`.${bare}`);
    });
}

/**
 * The proxy a request to `url` goes through under `hub.proxy`, credentials removed, or null for a direct
 * connection (no proxy for its scheme, or `NO_PROXY` covers the host). For messages: the routing itself is
 * undici's.
 */
export function proxyInUse(url: string, hub: ModelHubConfig): string | null {
  const parsed = new URL(url);
  const proxy = parsed.protocol === 'https:' ? hub.proxy.httpsProxy : hub.proxy.httpProxy;
  if (proxy === undefined || bypassesProxy(parsed, hub.proxy.noProxy)) return null;
  return printableUrl(proxy);
}

/**
 * The undici dispatcher for downloads under `hub.proxy`: an `EnvHttpProxyAgent` given the config's values
 * explicitly (so the config module stays the one reader of the environment), or null when no proxy is set.
 */
export async function createHubDispatcher(hub: ModelHubConfig): Promise<Dispatcher | null> {
  const { httpProxy, httpsProxy, noProxy } = hub.proxy;
  if (httpProxy === undefined && httpsProxy === undefined) return null;
  const { EnvHttpProxyAgent } = await import('undici');
  // undici reads process.env for an option left undefined: pass the config's view of every one.
  return new EnvHttpProxyAgent({ httpProxy: httpProxy ?? '', httpsProxy: httpsProxy ?? '', noProxy });
}

/**
 * Runs `work` (a transformers.js load that may download) with Node's global `fetch` going through the configured
 * proxy, then restores the previous global dispatcher. Without a proxy, `work` runs unchanged. The swap is
 * process-wide while `work` runs, so other `fetch` calls at that moment (e.g. an LLM request) also honour the
 * proxy variables, including `NO_PROXY`; Slack's client (axios) is unaffected.
 */
export async function withHubNetwork<T>(hub: ModelHubConfig, work: () => Promise<T>): Promise<T> {
  const dispatcher = await createHubDispatcher(hub);
  if (dispatcher === null) return work();
  const { getGlobalDispatcher, setGlobalDispatcher } = await import('undici');
  const previous = getGlobalDispatcher();
  setGlobalDispatcher(dispatcher);
  try {
    return await work();
  } finally {
    setGlobalDispatcher(previous);
    await dispatcher.close().catch(() => undefined);
  }
}
