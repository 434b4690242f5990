/**
 * Loopback stand-ins for the network around model downloads: a Hugging Face hub (files of a local model root
 * served at `/<org>/<name>/resolve/<revision>/<file>`, with chosen files refused or cut short) and an HTTP proxy
 * (CONNECT tunnels and absolute-URI forwarding) that counts what goes through it.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

/** A running loopback server. */
export interface LoopbackServer {
  /** `http://127.0.0.1:<port>`. */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

/** What the fake hub saw and how it misbehaves. */
export interface FakeHub extends LoopbackServer {
  /** Every request path, in order. */
  readonly requests: string[];
  /** The `Authorization` header of every request (undefined when absent), in order. */
  readonly authorizations: Array<string | undefined>;
  /** Relative file path (`onnx/model_quantized.onnx`) → HTTP status to answer instead of the file. */
  readonly statusFor: Map<string, number>;
  /** Files whose body is cut off after half of the declared `Content-Length` (the connection is destroyed). */
  readonly truncated: Set<string>;
  /** Files whose body stops after half of the declared length, the connection left open (a stalled download). */
  readonly stalled: Set<string>;
}

async function listen(server: http.Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

function closer(server: http.Server, sockets: Set<net.Socket>): () => Promise<void> {
  return () =>
    new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    });
}

function trackSockets(server: http.Server): Set<net.Socket> {
  const sockets = new Set<net.Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  return sockets;
}

/** Serves `<modelRoot>/<org>/<name>/<file>` at `/<org>/<name>/resolve/<revision>/<file>`; 404 for anything else. */
export async function startFakeHub(modelRoot: string): Promise<FakeHub> {
  const requests: string[] = [];
  const authorizations: Array<string | undefined> = [];
  const statusFor = new Map<string, number>();
  const truncated = new Set<string>();
  const stalled = new Set<string>();
  const server = http.createServer((request, response) => {
    void (async () => {
      const url = new URL(request.url ?? '/', 'http://hub.invalid');
      requests.push(url.pathname);
      authorizations.push(request.headers.authorization);
      const match = /^\/([^/]+)\/([^/]+)\/resolve\/[^/]+\/(.+)$/u.exec(decodeURIComponent(url.pathname));
      const file = match?.[3];
      if (match === null || file === undefined || file.split('/').includes('..')) {
        response.writeHead(404).end('Entry not found');
        return;
      }
      const status = statusFor.get(file);
      if (status !== undefined) {
        response.writeHead(status).end(`status ${status}`);
        return;
      }
      const filePath = path.join(modelRoot, match[1] ?? '', match[2] ?? '', ...file.split('/'));
      let size: number;
      try {
        size = (await stat(filePath)).size;
      } catch {
        response.writeHead(404).end('Entry not found');
        return;
      }
      response.writeHead(200, { 'content-length': String(size), 'content-type': 'application/octet-stream' });
      if (stalled.has(file)) {
        createReadStream(filePath, { start: 0, end: Math.max(1, Math.floor(size / 2)) - 1 }).pipe(response, { end: false });
        return;
      }
      if (truncated.has(file)) {
        const half = Math.max(1, Math.floor(size / 2));
        createReadStream(filePath, { start: 0, end: half - 1 })
          .on('end', () => setTimeout(() => response.destroy(), 20))
          .pipe(response, { end: false });
        return;
      }
      createReadStream(filePath).pipe(response);
    })();
  });
  const sockets = trackSockets(server);
  const port = await listen(server);
  return { url: `http://127.0.0.1:${port}`, port, requests, authorizations, statusFor, truncated, stalled, close: closer(server, sockets) };
}

/** A forward proxy and what went through it. */
export interface LoopbackProxy extends LoopbackServer {
  /** `CONNECT host:port` targets and absolute request URLs, in order. */
  readonly requests: string[];
}

/** An HTTP proxy on loopback: tunnels `CONNECT` and forwards absolute-URI requests, recording each. */
export async function startLoopbackProxy(): Promise<LoopbackProxy> {
  const requests: string[] = [];
  const server = http.createServer((request, response) => {
    requests.push(request.url ?? '');
    const target = new URL(request.url ?? '');
    const upstream = http.request(
      { host: target.hostname, port: target.port, path: `${target.pathname}${target.search}`, method: request.method, headers: request.headers },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      },
    );
    upstream.on('error', () => response.writeHead(502).end());
    request.pipe(upstream);
  });
  server.on('connect', (request: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    requests.push(`CONNECT ${request.url ?? ''}`);
    const [host = '', port = ''] = (request.url ?? '').split(':');
    const upstream = net.connect(Number(port), host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  const sockets = trackSockets(server);
  const port = await listen(server);
  return { url: `http://127.0.0.1:${port}`, port, requests, close: closer(server, sockets) };
}

/** A loopback port with nothing listening (bound, then released), for connection-refused errors. */
export async function unusedPort(): Promise<number> {
  const server = http.createServer();
  const port = await listen(server);
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
