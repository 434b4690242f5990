/**
 * A fake Socket Mode endpoint on loopback: a minimal WebSocket server (RFC 6455 handshake and unfragmented
 * frames, written on `node:http` so the tests need no WebSocket package). Like Slack it greets each
 * connection with `{"type":"hello"}`, sends envelopes, and records the client's acknowledgements.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { waitFor, type WaitForOptions } from './wait-for';

const WEBSOCKET_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';
const OPCODE_TEXT = 0x1;
const OPCODE_CLOSE = 0x8;
const OPCODE_PING = 0x9;
const OPCODE_PONG = 0xa;

/** A message the client sent (an acknowledgement `{envelope_id, payload}`), parsed. */
export type SocketModeClientMessage = Readonly<Record<string, unknown>>;

/** One Socket Mode envelope as Slack sends it. */
export interface SocketModeEnvelope {
  readonly envelope_id: string;
  readonly type: 'events_api' | 'slash_commands' | 'interactive';
  readonly payload: unknown;
  readonly accepts_response_payload: boolean;
  readonly retry_attempt?: number;
  readonly retry_reason?: string;
}

/** The fake server. Create with {@link FakeSocketModeServer.start}. */
export class FakeSocketModeServer {
  /** `ws://127.0.0.1:<port>/link` — what the fake Web API returns from `apps.connections.open`. */
  readonly url: string;
  /** Messages received from clients, in order. */
  readonly received: SocketModeClientMessage[] = [];
  private readonly sockets = new Set<Duplex>();
  private connectionCount = 0;

  private constructor(private readonly server: Server) {
    this.url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/link`;
    server.on('upgrade', (request: IncomingMessage, socket: Duplex) => this.accept(request, socket));
  }

  /** Starts the server on 127.0.0.1 and a free port. */
  static async start(): Promise<FakeSocketModeServer> {
    const server = createServer((_request, response) => response.writeHead(426).end());
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    return new FakeSocketModeServer(server);
  }

  /** Connections accepted so far. */
  get connections(): number {
    return this.connectionCount;
  }

  /** Sends `envelope` as a text frame to every open connection. */
  send(envelope: SocketModeEnvelope): void {
    if (this.sockets.size === 0) throw new Error('No Socket Mode client is connected');
    for (const socket of this.sockets) socket.write(encodeFrame(OPCODE_TEXT, Buffer.from(JSON.stringify(envelope))));
  }

  /** Waits for the client's acknowledgement of `envelopeId`. */
  async waitForAck(envelopeId: string, options?: WaitForOptions): Promise<SocketModeClientMessage> {
    return waitFor(`the acknowledgement of envelope ${envelopeId}`, () => this.received.find((message) => message['envelope_id'] === envelopeId), options);
  }

  /** Waits until no client is connected (after the app disconnected). */
  async waitForDisconnect(options?: WaitForOptions): Promise<void> {
    await waitFor('the Socket Mode client to disconnect', () => (this.sockets.size === 0 ? true : undefined), options);
  }

  /** Closes every connection and the server. */
  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(request: IncomingMessage, socket: Duplex): void {
    const key = request.headers['sec-websocket-key'];
    if (typeof key !== 'string') {
      socket.end('HTTP/1.1 400 Bad Request\r\n\r\n');
      return;
    }
    const accept = createHash('sha1').update(key + WEBSOCKET_GUID).digest('base64');
    socket.write(
      'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
        `Sec-WebSocket-Accept: ${accept}\r\n\r\n`,
    );
    this.sockets.add(socket);
    this.connectionCount += 1;
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => this.sockets.delete(socket));
    let buffered = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      for (;;) {
        const frame = decodeFrame(buffered);
        if (frame === undefined) break;
        buffered = buffered.subarray(frame.length);
        this.onFrame(socket, frame.opcode, frame.payload);
      }
    });
    const hello = { type: 'hello', num_connections: 1, debug_info: { host: 'fake-socket-mode' }, connection_info: { app_id: 'A0NEWSLETTER' } };
    socket.write(encodeFrame(OPCODE_TEXT, Buffer.from(JSON.stringify(hello))));
  }

  private onFrame(socket: Duplex, opcode: number, payload: Buffer): void {
    if (opcode === OPCODE_TEXT) this.received.push(JSON.parse(payload.toString('utf8')) as SocketModeClientMessage);
    else if (opcode === OPCODE_PING) socket.write(encodeFrame(OPCODE_PONG, payload));
    else if (opcode === OPCODE_CLOSE) {
      socket.end(encodeFrame(OPCODE_CLOSE, payload.subarray(0, 2)));
      this.sockets.delete(socket);
    }
  }
}

/** An unmasked, final server frame. */
function encodeFrame(opcode: number, payload: Buffer): Buffer {
  const length = payload.length;
  let header: Buffer;
  if (length < 126) header = Buffer.from([0x80 | opcode, length]);
  else if (length < 65_536) {
    header = Buffer.alloc(4);
    header[0] = 0x80 | opcode;
    header[1] = 126;
    header.writeUInt16BE(length, 2);
  } else {
    header = Buffer.alloc(10);
    header[0] = 0x80 | opcode;
    header[1] = 127;
    header.writeBigUInt64BE(BigInt(length), 2);
  }
  return Buffer.concat([header, payload]);
}

/** Decodes one complete (client, masked) frame from the start of `data`, or undefined when more bytes are needed. */
function decodeFrame(data: Buffer): { opcode: number; payload: Buffer; length: number } | undefined {
  if (data.length < 2) return undefined;
  const first = data[0] ?? 0;
  const second = data[1] ?? 0;
  let offset = 2;
  let length = second & 0x7f;
  if (length === 126) {
    if (data.length < 4) return undefined;
    length = data.readUInt16BE(2);
    offset = 4;
  } else if (length === 127) {
    if (data.length < 10) return undefined;
    length = Number(data.readBigUInt64BE(2));
    offset = 10;
  }
  const masked = (second & 0x80) !== 0;
  const maskOffset = offset;
  if (masked) offset += 4;
  if (data.length < offset + length) return undefined;
  const payload = Buffer.from(data.subarray(offset, offset + length));
  if (masked) for (let index = 0; index < payload.length; index += 1) payload[index] = (payload[index] ?? 0) ^ (data[maskOffset + (index % 4)] ?? 0);
  return { opcode: first & 0x0f, payload, length: offset + length };
}
