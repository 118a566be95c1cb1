import { describe, expect, it } from 'vitest';
import { ResponseParser, type EndOutcome, type ParseOutcome } from '../../../harness/load/http1/response-parser.js';

/** Feeds text to a fresh parser in pieces of `step` bytes; returns the first outcome and where it came. */
function parse(text: string, options: { step?: number; head?: boolean; end?: boolean } = {}): { outcome: ParseOutcome | EndOutcome | undefined; at: number } {
  const parser = new ResponseParser();
  parser.begin(!options.head);
  const bytes = Buffer.from(text, 'latin1');
  const step = options.step ?? bytes.length;
  for (let at = 0; at < bytes.length; at += step) {
    const outcome = parser.feed(bytes.subarray(at, Math.min(at + step, bytes.length)));
    if (outcome) return { outcome, at: Math.min(at + step, bytes.length) };
  }
  return { outcome: options.end ? parser.end() : undefined, at: bytes.length };
}

const OK = 'HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello';
const CHUNKED = 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\nX-Trailer: 1\r\n\r\n';

describe('ResponseParser', () => {
  it.each([1, 2, 3, 7, 1000])('completes a Content-Length and a chunked body fed %i byte(s) at a time, at their last byte', (step) => {
    for (const text of [OK, CHUNKED]) {
      const { outcome, at } = parse(text, { step });
      expect(outcome).toEqual({ kind: 'complete', status: 200, keepAlive: true });
      expect(at).toBe(text.length);
    }
  });

  it('is not complete one byte short of the end, and the connection ending there cuts the body with its status', () => {
    for (const text of [OK, CHUNKED]) {
      expect(parse(text.slice(0, -1)).outcome).toBeUndefined();
      expect(parse(text.slice(0, -1), { end: true }).outcome).toEqual({ kind: 'truncated', status: 200 });
    }
  });

  it('reads no body for HEAD, 204 and 304, whatever Content-Length says', () => {
    expect(parse('HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n', { head: true }).outcome).toEqual({ kind: 'complete', status: 200, keepAlive: true });
    expect(parse('HTTP/1.1 204 No Content\r\n\r\n').outcome).toEqual({ kind: 'complete', status: 204, keepAlive: true });
    expect(parse('HTTP/1.1 304 Not Modified\r\nContent-Length: 10\r\n\r\n').outcome).toEqual({ kind: 'complete', status: 304, keepAlive: true });
  });

  it('skips interim 1xx responses and ends with the final one', () => {
    expect(parse(`HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n${OK}`, { step: 5 }).outcome).toEqual({ kind: 'complete', status: 200, keepAlive: true });
  });

  it('reads a body without length up to the close, complete then, and not keep-alive', () => {
    const text = 'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nsome bytes';
    expect(parse(text).outcome).toBeUndefined();
    expect(parse(text, { end: true }).outcome).toEqual({ kind: 'complete', status: 200 });
  });

  it('follows Connection: close, HTTP/1.0 and keep-alive, and bytes after the end', () => {
    expect(parse('HTTP/1.1 502 Bad Gateway\r\nConnection: close\r\nContent-Length: 0\r\n\r\n').outcome).toEqual({ kind: 'complete', status: 502, keepAlive: false });
    expect(parse('HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n').outcome).toEqual({ kind: 'complete', status: 200, keepAlive: false });
    expect(parse('HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 0\r\n\r\n').outcome).toEqual({ kind: 'complete', status: 200, keepAlive: true });
    expect(parse(`${OK}extra`).outcome).toEqual({ kind: 'complete', status: 200, keepAlive: false });
  });

  it('reads the framing headers in any case, with blanks around their values, in one read or split anywhere', () => {
    const text = 'HTTP/1.1 200 OK\r\ncontent-LENGTH: \t5 \r\nCONNECTION:  Keep-Alive\r\n\r\nhello';
    for (const step of [1, 4, 1000]) expect(parse(text, { step })).toEqual({ outcome: { kind: 'complete', status: 200, keepAlive: true }, at: text.length });
    expect(parse('HTTP/1.1 200 OK\r\nConnection: CLOSE\r\nContent-Length: 0\r\n\r\n').outcome).toEqual({ kind: 'complete', status: 200, keepAlive: false });
    expect(parse('HTTP/1.1 200 OK\r\nConnection: Upgrade, close\r\nContent-Length: 0\r\n\r\n').outcome).toEqual({ kind: 'complete', status: 200, keepAlive: false });
    expect(parse('HTTP/1.0 200 OK\r\nConnection: upgrade, Keep-Alive\r\nContent-Length: 0\r\n\r\n').outcome).toEqual({ kind: 'complete', status: 200, keepAlive: true });
    // a name that only starts like a framing header frames nothing: the body runs to the close
    expect(parse('HTTP/1.1 200 OK\r\nContent-Lengthy: 5\r\n\r\nhello', { end: true }).outcome).toEqual({ kind: 'complete', status: 200 });
    expect(parse('HTTP/1.1 200 OK\r\nContent-Length: 5 5\r\n\r\nhello').outcome).toEqual({ kind: 'invalid', reason: 'invalid Content-Length "5 5"' });
    expect(parse('HTTP/1.1 200 OK\r\nContent-Length: 1234567890123456\r\n\r\n').outcome).toMatchObject({ kind: 'invalid' });
  });

  it('finds the head of a response after an interim one in the same read; a bare LF passes in a header value, not in the status line', () => {
    expect(parse(`HTTP/1.1 100 Continue\r\n\r\n${OK}`).outcome).toEqual({ kind: 'complete', status: 200, keepAlive: true });
    expect(parse('HTTP/1.1 200 OK\r\nX: 1\n2\r\nContent-Length: 2\r\n\r\nhi').outcome).toEqual({ kind: 'complete', status: 200, keepAlive: true });
    expect(parse('HTTP/1.1 200 O\nK\r\nContent-Length: 2\r\n\r\nhi').outcome).toEqual({ kind: 'invalid', reason: 'invalid status line' });
  });

  it('says at once, from the first bytes, that an answer is not HTTP (HTTP/0.9 garbage)', () => {
    expect(parse('garbage, not HTTP at all\n', { step: 1 })).toEqual({ outcome: { kind: 'invalid', reason: 'not an HTTP/1.x response' }, at: 1 });
    expect(parse('HTTP/2 200\r\n\r\n').outcome).toMatchObject({ kind: 'invalid' });
  });

  it.each([
    ['a status line without a code', 'HTTP/1.1 OK\r\n\r\n'],
    ['a header line without a colon', 'HTTP/1.1 200 OK\r\nbroken header\r\n\r\n'],
    ['conflicting Content-Length', 'HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab'],
    ['a Content-Length that is not a number', 'HTTP/1.1 200 OK\r\nContent-Length: ten\r\n\r\n'],
    ['a bad chunk size', 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n'],
    ['chunk data longer than its size', 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n0\r\n\r\n'],
  ])('rejects %s', (_name, text) => {
    expect(parse(text).outcome).toMatchObject({ kind: 'invalid' });
  });

  it('tells a connection that ended before any byte from one that ended inside the head', () => {
    expect(parse('', { end: true }).outcome).toEqual({ kind: 'no-response' });
    expect(parse('HTTP/1.1 503 Service Unavail', { end: true }).outcome).toEqual({ kind: 'truncated', status: 503 });
    expect(parse('HTTP/1.', { end: true }).outcome).toMatchObject({ kind: 'invalid' });
  });

  it('serves one response after another on the same connection', () => {
    const parser = new ResponseParser();
    for (let i = 0; i < 3; i++) {
      parser.begin(true);
      expect(parser.feed(Buffer.from(i === 1 ? CHUNKED : OK))).toEqual({ kind: 'complete', status: 200, keepAlive: true });
    }
    expect(parser.end()).toBeUndefined();
    expect(parser.feed(Buffer.from('x'))).toMatchObject({ kind: 'invalid' });
  });
});
