/**
 * A real `redis-server` (Debian's package, installed by `.ci/run`) on a free loopback port, without
 * persistence (`--save '' --appendonly no`), for the shared-state tests. `REDIS_SERVER_PATH` overrides the
 * search. Without the binary the tests say so loudly and skip on a developer's machine; with `CI=true` they fail.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { findExecutable } from './find-executable';
import { createServer, Socket } from 'node:net';

const CANDIDATES = ['/usr/bin/redis-server', '/usr/local/bin/redis-server', '/usr/sbin/redis-server'];

/** The executable's path, or null when none is installed. */
export function findRedisServer(): string | null {
  return findExecutable('REDIS_SERVER_PATH', CANDIDATES);
}

/** The loud message for a machine without redis-server. */
export const NO_REDIS_MESSAGE =
  'NO REDIS: redis-server was not found (looked for REDIS_SERVER_PATH, /usr/bin/redis-server, /usr/local/bin/redis-server). ' +
  'Install it with `apt-get install -y redis-server` (as .ci/run does). The shared-state (replica) tests did not run.';

/** Prints {@link NO_REDIS_MESSAGE} as a banner on standard error. */
export function printNoRedisBanner(): void {
  process.stderr.write(`\n${'!'.repeat(100)}\n${NO_REDIS_MESSAGE}\n${'!'.repeat(100)}\n\n`);
}

/** A running redis-server that a test can stop (an outage) and start again on the same port. */
export class TestRedisServer {
  private child: ChildProcess | null = null;

  private constructor(
    private readonly executable: string,
    /** The loopback port it listens on (the same after a restart). */
    readonly port: number,
  ) {}

  /** `redis://127.0.0.1:<port>` */
  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /**
   * Starts a server on a free loopback port and waits until it accepts connections.
   * @throws when the executable is missing or the server does not come up within 10 s.
   */
  static async start(executable: string | null = findRedisServer()): Promise<TestRedisServer> {
    if (executable === null) throw new Error(NO_REDIS_MESSAGE);
    const server = new TestRedisServer(executable, await freePort());
    await server.restart();
    return server;
  }

  /** Starts the server again (after {@link stop}) on the same port. */
  async restart(): Promise<void> {
    if (this.child !== null) return;
    const child = spawn(this.executable, ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--loglevel', 'warning'], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    this.child = child;
    await waitUntilListening(this.port, 10_000);
  }

  /** Kills the server (SIGKILL: an abrupt outage) and waits for it to exit. */
  async stop(): Promise<void> {
    const child = this.child;
    if (child === null) return;
    this.child = null;
    if (child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGKILL');
    await exited;
  }
}

async function freePort(): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function waitUntilListening(port: number, timeoutMilliseconds: number): Promise<void> {
  const deadline = Date.now() + timeoutMilliseconds;
  for (;;) {
    const connected = await new Promise<boolean>((resolve) => {
      const socket = new Socket();
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => {
        socket.destroy();
        resolve(false);
      });
      socket.connect(port, '127.0.0.1');
    });
    if (connected) return;
    if (Date.now() > deadline) throw new Error(`redis-server did not listen on 127.0.0.1:${port} within ${timeoutMilliseconds} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
