/**
 * The fake backend's FastCGI transport: a FastCGI responder on the service address, as PHP-FPM
 * is, in front of the behaviour's own HTTP server on a loopback port. Each FastCGI request becomes
 * one HTTP request to the behaviour (its params and stdin as method, URI, headers and body) and
 * the behaviour's answer goes back as a FastCGI response (response-translator.ts). What happens to
 * the behaviour's connection happens to nginx's: closed before a whole answer, the FastCGI
 * connection closes (as when a PHP worker dies); reset, it is reset. The stdin is piped with
 * back-pressure, so a behaviour that stops reading stops nginx's writes too. With
 * FCGI_KEEP_CONN (fastcgi_keep_conn on) the connection stays open for the next request; an idle
 * policy closes it as keepalive-close does over HTTP.
 */
import { connect, createServer, type Server, type Socket } from 'node:net';
import type { ServedCounts } from '../behaviors/behavior.js';
import { decodeParams, parseBeginRequest, RECORD, RecordReader, type FcgiRecord } from './records.js';
import { ResponseTranslator } from './response-translator.js';

export interface IdlePolicy {
  /** close an idle kept connection after this long (0: never) */
  idleMs: number;
  /** a request arriving on a kept connection idle at least this long is dropped unanswered */
  dropAfterMs?: number;
  closeWith: 'fin' | 'rst';
}

export interface BridgeOptions {
  /** the behaviour's HTTP server, on 127.0.0.1 */
  behaviorPort: number;
  counts: ServedCounts;
  idle?: IdlePolicy;
}

interface Pending {
  id: number;
  keepConn: boolean;
  params: Buffer[];
  upstream?: Socket;
}

export function createFastcgiBridge(options: BridgeOptions): Server {
  return createServer((socket) => {
    options.counts.connections++;
    socket.on('error', () => socket.destroy());
    const reader = new RecordReader();
    let request: Pending | undefined;
    let idleSince: number | undefined;
    let idleTimer: NodeJS.Timeout | undefined;
    const close = (how: 'fin' | 'rst') => (how === 'rst' ? socket.resetAndDestroy() : socket.end());
    socket.on('close', () => {
      clearTimeout(idleTimer);
      request?.upstream?.destroy();
    });

    const done = (keepConn: boolean) => {
      request?.upstream?.destroy();
      request = undefined;
      if (!keepConn) return void socket.end();
      idleSince = performance.now();
      if (options.idle && options.idle.idleMs > 0) idleTimer = setTimeout(() => close(options.idle!.closeWith), options.idle.idleMs);
    };

    const onRecord = (record: FcgiRecord) => {
      if (record.type === RECORD.beginRequest) {
        clearTimeout(idleTimer);
        const idle = options.idle;
        if (idle?.dropAfterMs !== undefined && idleSince !== undefined && performance.now() - idleSince >= idle.dropAfterMs) return close(idle.closeWith);
        idleSince = undefined;
        request = { id: record.requestId, keepConn: parseBeginRequest(record.content).keepConn, params: [] };
        return;
      }
      if (!request || record.requestId !== request.id) return;
      if (record.type === RECORD.abortRequest) return void socket.destroy();
      if (record.type === RECORD.params && record.content.length > 0) return void request.params.push(record.content);
      if (record.type === RECORD.params) return void (request.upstream = forward(request, decodeParams(Buffer.concat(request.params))));
      if (record.type === RECORD.stdin && record.content.length > 0 && request.upstream) {
        if (!request.upstream.write(record.content)) {
          socket.pause();
          request.upstream.once('drain', () => socket.resume());
        }
      }
    };

    const forward = (pending: Pending, params: Record<string, string>): Socket => {
      options.counts.requests++;
      const upstream = connect({ host: '127.0.0.1', port: options.behaviorPort });
      const translator = new ResponseTranslator(pending.id, (bytes) => void socket.write(bytes), params.REQUEST_METHOD === 'HEAD');
      let reset = false;
      upstream.write(httpRequestHead(params));
      upstream.on('data', (bytes: Buffer) => {
        translator.push(bytes);
        if (translator.current === 'complete' && request === pending) done(pending.keepConn);
      });
      upstream.on('error', (error: NodeJS.ErrnoException) => {
        if (error.code === 'ECONNRESET') reset = true;
      });
      upstream.on('close', () => {
        if (request !== pending) return;
        const outcome = translator.end();
        if (outcome === 'complete') return done(pending.keepConn);
        request = undefined;
        close(reset ? 'rst' : 'fin');
      });
      return upstream;
    };

    socket.on('data', (chunk: Buffer) => {
      for (const record of reader.push(chunk)) {
        if (socket.destroyed) return;
        onRecord(record);
      }
    });
  });
}

/** The HTTP request the behaviour receives for a FastCGI request's params. */
export function httpRequestHead(params: Record<string, string>): string {
  const method = params.REQUEST_METHOD || 'GET';
  const target = params.REQUEST_URI || params.SCRIPT_NAME || '/';
  const lines = [`${method} ${target} HTTP/1.1`];
  for (const [name, value] of Object.entries(params)) {
    if (!name.startsWith('HTTP_') || name === 'HTTP_CONNECTION' || name === 'HTTP_TRANSFER_ENCODING' || name === 'HTTP_CONTENT_LENGTH') continue;
    lines.push(`${headerName(name.slice(5))}: ${value}`);
  }
  if (params.CONTENT_TYPE) lines.push(`Content-Type: ${params.CONTENT_TYPE}`);
  if (params.CONTENT_LENGTH && params.CONTENT_LENGTH !== '0') lines.push(`Content-Length: ${params.CONTENT_LENGTH}`);
  lines.push('Connection: close');
  return `${lines.join('\r\n')}\r\n\r\n`;
}

function headerName(cgi: string): string {
  return cgi.toLowerCase().split('_').map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('-');
}
