/**
 * A bare TCP server that reads one HTTP request per connection (its head, then the body the head
 * announces: Content-Length or chunked) and hands the socket over, for behaviours that must put
 * on the wire what express never writes: a reset, a broken header, bytes that are not HTTP, a
 * body cut short. It counts connections and requests itself and announces readiness.
 * Used by reset, invalid-header, garbage and close-mid-body.
 */
import { createServer, type Socket } from 'node:net';
import type { BehaviorContext } from './behaviors/behavior.js';
import { serviceListenerOf, type ServiceListener } from './service-listener.js';

const HEAD_END = '\r\n\r\n';
const CHUNKED_END = '0\r\n\r\n';
/** a head longer than this is answered as it is (nginx never sends one: its own limit is lower) */
const MAX_HEAD_BYTES = 64 * 1024;

export interface RawRequest {
  method: string;
  /** the request target as sent, e.g. "/api/users?id=1" */
  target: string;
  /** the request head without its final blank line */
  head: string;
}

export interface RawServerHandlers {
  /** called on every accepted connection, before anything is read */
  onConnection?: (socket: Socket) => void;
  /** called once per connection when the whole request (head and body) has arrived */
  onRequest: (socket: Socket, request: RawRequest) => void;
}

function headerValue(head: string, name: string): string | undefined {
  const prefix = `${name}:`;
  const line = head.split('\r\n').find((l) => l.toLowerCase().startsWith(prefix));
  return line?.slice(prefix.length).trim();
}

/** Bytes of body still to come after `alreadyRead`, or 'chunked' (read up to the last chunk). */
function bodyLength(head: string): number | 'chunked' {
  if (headerValue(head, 'transfer-encoding')?.toLowerCase().includes('chunked')) return 'chunked';
  const length = Number(headerValue(head, 'content-length') ?? 0);
  return Number.isSafeInteger(length) && length > 0 ? length : 0;
}

function toRequest(head: string): RawRequest {
  const [method = '', target = ''] = (head.split('\r\n', 1)[0] ?? '').split(' ');
  return { method, target, head };
}

export function startRawRequestServer(context: BehaviorContext, handlers: RawServerHandlers): ServiceListener {
  const server = createServer((socket) => {
    context.counts.connections++;
    // nginx may close or reset its side first (its own timeout, a client that went away).
    socket.on('error', () => socket.destroy());
    handlers.onConnection?.(socket);
    let buffered = Buffer.alloc(0);
    let head: string | undefined;
    let body: number | 'chunked' = 0;
    let bodyRead = 0;
    let tail = '';
    const complete = (): boolean => (body === 'chunked' ? tail.endsWith(CHUNKED_END) : bodyRead >= body);
    const onData = (chunk: Buffer) => {
      if (head === undefined) {
        buffered = Buffer.concat([buffered, chunk]);
        const end = buffered.indexOf(HEAD_END);
        if (end < 0 && buffered.length < MAX_HEAD_BYTES) return;
        const headEnd = end < 0 ? buffered.length : end;
        head = buffered.subarray(0, headEnd).toString('latin1');
        body = bodyLength(head);
        chunk = buffered.subarray(Math.min(headEnd + HEAD_END.length, buffered.length));
        buffered = Buffer.alloc(0);
      }
      bodyRead += chunk.length;
      tail = (tail + chunk.subarray(-CHUNKED_END.length).toString('latin1')).slice(-CHUNKED_END.length);
      if (!complete()) return;
      socket.off('data', onData);
      context.counts.requests++;
      handlers.onRequest(socket, toRequest(head));
    };
    socket.on('data', onData);
  });
  const listener = serviceListenerOf(server);
  server.listen(context.port, context.ready);
  return listener;
}
