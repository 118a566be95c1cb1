/**
 * no-read-body: an app that takes the request head and then stops reading the connection, the way
 * a handler stuck before it consumes an upload does. The socket is paused, so the kernel's receive
 * buffer fills, then nginx's send buffer, and nginx's write makes no progress: proxy_send_timeout.
 * With read_after, the app resumes after that long, reads the whole body (Content-Length or
 * chunked) and answers; without it, it never answers.
 */
import { STATUS_CODES } from 'node:http';
import { createServer, type Socket } from 'node:net';
import { parseDurationMs } from '../../../harness/scenario/units.js';
import type { BehaviorContext, BehaviorImplementation } from '../behavior.js';
import type { NoReadBodyBehavior } from './schema.js';
import { serviceListenerOf } from '../../service-listener.js';

const HEAD_END = '\r\n\r\n';
const CHUNKED_END = '0\r\n\r\n';
/** a head longer than this is not waited for: the socket is paused all the same */
const MAX_HEAD_BYTES = 64 * 1024;

/** What the head says about the body: a length, chunked (read to the last chunk), or none. */
function bodyOf(head: string): { length: number } | { chunked: true } {
  const lines = head.split('\r\n');
  const value = (name: string) => lines.find((l) => l.toLowerCase().startsWith(`${name}:`))?.slice(name.length + 1).trim();
  if (value('transfer-encoding')?.toLowerCase().includes('chunked')) return { chunked: true };
  return { length: Number(value('content-length') ?? 0) || 0 };
}

function answer(socket: Socket, config: NoReadBodyBehavior, context: BehaviorContext): void {
  const body = 'ok\n';
  socket.end(
    `HTTP/1.1 ${config.status} ${STATUS_CODES[config.status] ?? 'Unknown'}\r\nContent-Type: text/plain\r\n`
      + `Content-Length: ${body.length}\r\nX-Backend-Instance: ${context.instance}\r\nConnection: close\r\n\r\n${body}`,
  );
}

/** Resumes reading, and answers once the body announced in the head has arrived in full. */
function readBodyThenAnswer(socket: Socket, head: string, alreadyRead: Buffer, config: NoReadBodyBehavior, context: BehaviorContext): void {
  const body = bodyOf(head);
  let received = alreadyRead.length;
  let tail = alreadyRead.subarray(-CHUNKED_END.length).toString('latin1');
  const complete = () => ('length' in body ? received >= body.length : tail.endsWith(CHUNKED_END));
  if (complete()) return answer(socket, config, context);
  const onData = (chunk: Buffer) => {
    received += chunk.length;
    tail = (tail + chunk.subarray(-CHUNKED_END.length).toString('latin1')).slice(-CHUNKED_END.length);
    if (!complete()) return;
    socket.off('data', onData);
    answer(socket, config, context);
  };
  socket.on('data', onData);
  socket.resume();
}

export const noReadBody: BehaviorImplementation<NoReadBodyBehavior> = {
  start(config, context) {
    const readAfterMs = config.read_after === undefined ? undefined : parseDurationMs(config.read_after)!;
    const server = createServer((socket) => {
      context.counts.connections++;
      socket.on('error', () => socket.destroy());
      let buffered = Buffer.alloc(0);
      const onHead = (chunk: Buffer) => {
        buffered = Buffer.concat([buffered, chunk]);
        const end = buffered.indexOf(HEAD_END);
        if (end < 0 && buffered.length < MAX_HEAD_BYTES) return;
        socket.off('data', onHead);
        socket.pause();
        if (end < 0) return;
        context.counts.requests++;
        if (readAfterMs === undefined) return;
        const head = buffered.subarray(0, end).toString('latin1');
        const rest = buffered.subarray(end + HEAD_END.length);
        const timer = setTimeout(() => readBodyThenAnswer(socket, head, rest, config, context), readAfterMs);
        socket.once('close', () => clearTimeout(timer));
      };
      socket.on('data', onHead);
    });
    const listener = serviceListenerOf(server);
    server.listen(context.port, context.ready);
    return listener;
  },
};
