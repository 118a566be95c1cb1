/**
 * invalid-header: answers with a status line and a header block that holds one line nginx's
 * header parser rejects; nginx logs 'upstream sent invalid header: "X\x20..." while reading
 * response header from upstream' (the line up to the offending byte, that byte in hex) and
 * answers 502. express (Node's http) refuses to write such a header, hence the raw socket.
 */
import { STATUS_CODES } from 'node:http';
import type { BehaviorImplementation } from '../behavior.js';
import { startRawRequestServer } from '../../raw-request-server.js';
import type { HEADER_DEFECTS, InvalidHeaderBehavior } from './schema.js';

type Defect = (typeof HEADER_DEFECTS)[number];

/** The bad line, CRLF included, as a buggy app or framework writes it. */
const BAD_LINES: Record<Exclude<Defect, 'duplicate-content-length' | 'content-length-and-chunked'>, string> = {
  'space-in-name': 'X Powered By: PHP/8.2.7\r\n',
  'space-before-colon': 'X-Cache : HIT\r\n',
  'bare-cr': 'Location: /login?next=/account\rSet-Cookie: injected=1\r\n',
  'nul-in-value': 'X-User: alice\0\r\n',
  'folded-line': 'X-Debug: first part\r\n  second part\r\n',
  'empty-name': ': no name\r\n',
};

export const invalidHeader: BehaviorImplementation<InvalidHeaderBehavior> = {
  start(config, context) {
    const body = 'x'.repeat(Math.max(config.body_bytes - 1, 0)) + (config.body_bytes > 0 ? '\n' : '');
    const statusLine = `HTTP/1.1 ${config.status} ${STATUS_CODES[config.status] ?? 'Unknown'}\r\n`;
    const headers = (length: number) => `Content-Type: text/plain\r\nContent-Length: ${length}\r\n`
      + `X-Backend-Instance: ${context.instance}\r\nConnection: close\r\n`;
    const bad = Buffer.from(badResponse(config.defect, statusLine, headers, body), 'latin1');
    const good = Buffer.from(`${statusLine}${headers(Buffer.byteLength(body))}\r\n${body}`, 'latin1');
    return startRawRequestServer(context, {
      onRequest(socket) {
        socket.end(context.random() < config.probability ? bad : good);
      },
    });
  },
};

/**
 * The response with the defect. A duplicate Content-Length repeats the right value; with
 * Transfer-Encoding beside Content-Length the body is chunked and Content-Length counts the
 * chunked bytes, so that either reading of the header gets the whole body.
 */
function badResponse(defect: Defect, statusLine: string, headers: (length: number) => string, body: string): string {
  const length = Buffer.byteLength(body);
  if (defect === 'duplicate-content-length') return `${statusLine}Content-Length: ${length}\r\n${headers(length)}\r\n${body}`;
  if (defect === 'content-length-and-chunked') {
    const chunked = `${length > 0 ? `${length.toString(16)}\r\n${body}\r\n` : ''}0\r\n\r\n`;
    return `${statusLine}Transfer-Encoding: chunked\r\n${headers(Buffer.byteLength(chunked))}\r\n${chunked}`;
  }
  return `${statusLine}${BAD_LINES[defect]}${headers(length)}\r\n${body}`;
}
