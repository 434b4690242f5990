/**
 * The source pages on their own HTTP server (`npm run web`, and `npm start` outside Slack's HTTP mode).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { WebRequestHandler } from './web-app';

/** A listening server. */
export interface WebServer {
  /** The port it listens on (the real one when asked for 0). */
  readonly port: number;
  readonly host: string;
  /** Stops accepting connections and resolves when open ones have closed (idle keep-alive ones at once). */
  close(): Promise<void>;
}

/**
 * Listens on `host`:`port` with `handler`.
 * @throws the listen error (e.g. `EADDRINUSE` when the port is taken, `EACCES` for a privileged port).
 */
export async function startWebServer(handler: WebRequestHandler, options: { readonly host: string; readonly port: number }): Promise<WebServer> {
  const server = http.createServer(handler);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  return {
    port: address.port,
    host: options.host,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error === undefined ? resolve() : reject(error)));
        server.closeIdleConnections();
      }),
  };
}
