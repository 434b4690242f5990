/**
 * Wires the source pages (`src/web/`) to the running assistant: the archive they show is the host's current
 * index (a reindex or seeds update swaps it for the next request), searches use its hybrid retriever and
 * questions its answerer.
 */
import type { AssistantHost } from '../app';
import type { AppConfig, Logger } from '../core';
import { createWebApp, startWebServer, type SourceArchive, type WebRequestHandler, type WebServer } from '../web';

/** The archive of `host`'s current runtime. */
export function hostArchive(host: AssistantHost): SourceArchive {
  return {
    articles: () => host.runtime.index.articles,
    search: (query, k) => host.runtime.retriever.search(query, { k }),
    ask: (question) => host.ask(question),
  };
}

/** The source pages' request handler over `host`, with the configured basic auth. */
export function sourcePagesHandler(config: AppConfig, host: AssistantHost, logger: Logger): WebRequestHandler {
  const app = createWebApp({ archive: hostArchive(host), basicAuth: config.web.basicAuth, logger });
  return (request, response) => {
    app(request, response);
  };
}

/**
 * Serves the source pages on `WEB_HOST`:`PORT` and prints where.
 * @throws the listen error (e.g. `EADDRINUSE`).
 */
export async function serveSourcePages(config: AppConfig, host: AssistantHost, logger: Logger): Promise<WebServer> {
  const server = await startWebServer(sourcePagesHandler(config, host, logger), { host: config.web.host, port: config.web.port });
  const local = `http://${server.host.includes(':') ? `[${server.host}]` : server.host}:${server.port}/`;
  const auth = config.web.basicAuth === null ? 'no password' : 'basic auth on';
  process.stderr.write(`Source pages: ${local} (${auth})${config.web.publicBaseUrl === null ? '' : `; citations link to ${config.web.publicBaseUrl}/`}\n`);
  return server;
}
