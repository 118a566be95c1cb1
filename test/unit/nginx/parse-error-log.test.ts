import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseErrorLogLine, summarizeErrorLog } from '../../../harness/nginx/parse-error-log.js';
import { SIGNATURE_IDS, SIGNATURES } from '../../../harness/nginx/signatures.js';

const fixture = readFileSync(new URL('../../fixtures/nginx/error.log', import.meta.url), 'utf8');
const CONTEXT = ', client: 172.18.0.1, server: _, request: "GET / HTTP/1.1", upstream: "http://172.18.0.2:8080/", host: "127.0.0.1:32768"';
const READ_TIMEOUT = `2026/11/21 10:00:00 [error] 29#29: *1 upstream timed out (110: Connection timed out) while reading response header from upstream${CONTEXT}`;

describe('parseErrorLogLine', () => {
  it('splits a line into time, level, message, request and upstream', () => {
    expect(parseErrorLogLine(READ_TIMEOUT)).toEqual({
      time: '2026/11/21 10:00:00',
      level: 'error',
      message: 'upstream timed out (110: Connection timed out) while reading response header from upstream',
      signature: 'upstream-timed-out-reading-header',
      request: 'GET / HTTP/1.1',
      upstream: 'http://172.18.0.2:8080/',
      raw: READ_TIMEOUT,
    });
  });

  it('parses process lines without a connection number or context', () => {
    const line = '2026/11/21 10:00:00 [notice] 1#1: signal process started';
    expect(parseErrorLogLine(line)).toEqual({
      time: '2026/11/21 10:00:00', level: 'notice', message: 'signal process started', signature: 'nginx-process', raw: line,
    });
  });

  it('returns undefined only for blank lines', () => {
    for (const blank of ['', '   ', '\r', '\t\r']) expect(parseErrorLogLine(blank)).toBeUndefined();
  });

  it("reads nginx's console format, without a time", () => {
    const line = 'nginx: [emerg] host not found in upstream "app:8080" in /etc/nginx/nginx.conf:20';
    expect(parseErrorLogLine(line)).toEqual({ time: '', level: 'emerg', message: 'host not found in upstream "app:8080" in /etc/nginx/nginx.conf:20', signature: 'config-host-not-found', raw: line });
  });

  it('keeps a line that is not nginx\'s as unparsed', () => {
    const line = 'this is not an nginx error-log line';
    expect(parseErrorLogLine(line)).toEqual({ time: '', level: 'unparsed', message: line, signature: 'unknown', raw: line });
  });

  it('drops the CR of a CRLF line', () => {
    const parsed = parseErrorLogLine(`${READ_TIMEOUT}\r`);
    expect(parsed?.raw).toBe(READ_TIMEOUT);
    expect(parsed?.upstream).toBe('http://172.18.0.2:8080/');
  });

  it('handles IPv6 clients, an empty server name, unix upstreams and a referrer', () => {
    const line = '2026/11/21 10:00:00 [crit] 7#7: *3 connect() to unix:/tmp/app.sock failed (13: Permission denied) while connecting to upstream, client: ::1, server: , request: "GET /a HTTP/1.1", upstream: "http://unix:/tmp/app.sock:/a", host: "[::1]:8080", referrer: "http://x.test/, client: 1.2.3.4, server: y"';
    expect(parseErrorLogLine(line)).toMatchObject({
      level: 'crit',
      message: 'connect() to unix:/tmp/app.sock failed (13: Permission denied) while connecting to upstream',
      signature: 'unix-socket-permission-denied',
      request: 'GET /a HTTP/1.1',
      upstream: 'http://unix:/tmp/app.sock:/a',
    });
  });

  it('keeps non-ASCII and quotes in the request line', () => {
    const line = `2026/11/21 10:00:00 [error] 7#7: *4 no live upstreams while connecting to upstream, client: 10.0.0.1, server: _, request: "GET /straße?q="ü" HTTP/1.1", upstream: "http://backend/straße?q="ü"", host: "h"`;
    expect(parseErrorLogLine(line)).toMatchObject({
      signature: 'no-live-upstreams', request: 'GET /straße?q="ü" HTTP/1.1', upstream: 'http://backend/straße?q="ü"',
    });
  });

  it('classifies a truncated line by its message and keeps what is left of the request', () => {
    const head = '2026/11/21 10:00:00 [error] 7#7: *5 recv() failed (104: Connection reset by peer) while reading response header from upstream, client: 10.0.0.1, server: _, request: "GET /';
    const parsed = parseErrorLogLine(head + 'x'.repeat(2047 - head.length));
    expect(parsed?.signature).toBe('upstream-reset-reading-header');
    expect(parsed?.request).toBe('GET /' + 'x'.repeat(2047 - head.length));
    expect(parsed?.upstream).toBeUndefined();
  });

  it.each([', client: 10.0.0.1, serv', ', client: 10', ', client:', ', cl', ','])('classifies a line cut at "%s"', (cut) => {
    const parsed = parseErrorLogLine(`2026/11/21 10:00:00 [error] 7#7: *6 upstream prematurely closed connection while reading upstream${cut}`);
    expect(parsed?.message).toBe('upstream prematurely closed connection while reading upstream');
    expect(parsed?.signature).toBe('upstream-prematurely-closed-body');
  });

  it('classifies lines without an upstream (limit_req, resolver) and keeps their request', () => {
    const line = '2026/11/21 10:00:00 [error] 7#7: *7 app could not be resolved (3: Host not found), client: 10.0.0.1, server: _, request: "GET /r HTTP/1.1", host: "h"';
    const parsed = parseErrorLogLine(line);
    expect(parsed).toMatchObject({ signature: 'upstream-host-not-found', request: 'GET /r HTTP/1.1' });
    expect(parsed?.upstream).toBeUndefined();
  });
});

describe('summarizeErrorLog on the fixture (real nginx 1.22.1 lines plus odd ones)', () => {
  const summary = summarizeErrorLog(fixture);

  it('counts every line, per signature and per level', () => {
    expect(summary.total).toBe(43);
    expect(summary.signatureCounts).toEqual({
      'nginx-process': 4, 'upstream-timed-out-reading-header': 2, 'upstream-timed-out-connecting': 1, 'upstream-timed-out-sending': 1,
      'upstream-timed-out-reading-body': 1, 'connect-refused': 1, 'unix-socket-refused': 1, 'upstream-prematurely-closed-header': 3,
      'upstream-prematurely-closed-body': 1, 'upstream-reset-reading-header': 3, 'upstream-reset-reading-body': 1, 'upstream-reset': 1,
      'upstream-broken-pipe': 1, 'no-live-upstreams': 1, 'upstream-temporarily-disabled': 2, 'upstream-too-big-header': 1,
      'upstream-invalid-header': 3, 'upstream-no-valid-http-header': 1, 'unix-socket-permission-denied': 1, 'limiting-requests': 1,
      'limiting-connections': 1, 'worker-connections-not-enough': 2, 'upstream-host-not-found': 1, 'request-body-buffered-to-file': 2,
      'file-not-found': 1, 'client-closed-connection': 1, 'client-connection-error': 1, 'limit-dry-run': 1, 'upstream-duplicate-header': 1,
      'unknown': 1,
    });
    expect(summary.levelCounts).toEqual({ notice: 4, error: 29, warn: 4, crit: 1, alert: 2, info: 2, unparsed: 1 });
  });

  it('has a line for every signature of the first table, matched by that signature only', () => {
    for (const id of SIGNATURE_IDS.slice(0, 22)) expect(summary.signatureCounts[id], id).toBeGreaterThanOrEqual(1);
    for (const line of summary.lines.filter((l) => l.signature !== 'unknown')) {
      expect(SIGNATURES.filter((s) => s.pattern.test(line.message)).map((s) => s.id), line.raw).toEqual([line.signature]);
    }
  });

  it('keeps every unknown line, in order', () => {
    expect(summary.lines.filter((l) => l.signature === 'unknown').map((l) => l.message)).toEqual(['this is not an nginx error-log line']);
  });

  it('reads the same with CRLF line ends and a final newline', () => {
    const crlf = summarizeErrorLog(fixture.split('\n').join('\r\n') + '\r\n');
    expect(crlf.signatureCounts).toEqual(summary.signatureCounts);
    expect(crlf.lines.map((l) => l.raw)).toEqual(summary.lines.map((l) => l.raw));
  });
});

describe('summarizeErrorLog examples', () => {
  it('keeps up to 5 examples of a known signature and every unknown line', () => {
    const known = Array.from({ length: 12 }, () => READ_TIMEOUT);
    const unknown = Array.from({ length: 7 }, (_, i) => `2026/11/21 10:00:0${i} [warn] 7#7: *${i} something new ${i}`);
    const summary = summarizeErrorLog([...known, '', ...unknown, ''].join('\n'));
    expect(summary.total).toBe(19);
    expect(summary.signatureCounts).toEqual({ 'upstream-timed-out-reading-header': 12, unknown: 7 });
    expect(summary.levelCounts).toEqual({ error: 12, warn: 7 });
    expect(summary.lines.map((l) => l.signature)).toEqual([...Array(5).fill('upstream-timed-out-reading-header'), ...Array(7).fill('unknown')]);
  });

  it('returns an empty summary for an empty log', () => {
    expect(summarizeErrorLog('')).toEqual({ total: 0, signatureCounts: {}, levelCounts: {}, lines: [] });
    expect(summarizeErrorLog('\n\r\n')).toEqual({ total: 0, signatureCounts: {}, levelCounts: {}, lines: [] });
  });
});
