import { describe, expect, it } from 'vitest';
import { compileLogFormat, parseAccessLine } from '../../../harness/diagnose/parse-access-line.js';
import { accessJson, BASE_S, combinedLine } from './log-builder.js';

describe('parseAccessLine', () => {
  it('reads the harness JSON format through the existing parser, retries included', () => {
    const line = accessJson(1500, 200, [{ status: 502, header: '-', response: 0 }, { addr: '172.18.0.3:8080', status: 200, header: 15, response: 15 }]);
    const parsed = parseAccessLine(line);
    expect(parsed?.format).toBe('badgateway-json');
    expect(parsed?.record).toMatchObject({ timeS: BASE_S + 1, status: 200, method: 'GET', uri: '/api/items', hasUpstreamFields: true });
    expect(parsed?.record.upstream.map((a) => [a.addr, a.status, a.headerTimeMs])).toEqual([['172.18.0.2:8080', 502, null], ['172.18.0.3:8080', 200, 15]]);
  });

  it('reads other JSON formats by variable names and their short forms', () => {
    const line = JSON.stringify({ time_iso8601: '2026-11-21T10:00:07+01:00', request: 'POST /orders?id=1 HTTP/1.1', status: 504, urt: '60.001', us: '504', ua: 'unix:/run/app.sock' });
    const parsed = parseAccessLine(line);
    expect(parsed?.format).toBe('json');
    expect(parsed?.record).toMatchObject({ timeS: BASE_S + 7, status: 504, method: 'POST', uri: '/orders?id=1' });
    expect(parsed?.record.upstream).toEqual([{ addr: 'unix:/run/app.sock', status: 504, connectTimeMs: null, headerTimeMs: null, responseTimeMs: 60001, group: 0 }]);
  });

  it('reads combined, with IPv6 clients, escaped and non-ASCII request lines', () => {
    const v6 = parseAccessLine(combinedLine(3, 502, { client: '2001:db8::7', uri: '/straße?q="x"' }));
    expect(v6?.format).toBe('combined');
    expect(v6?.record).toMatchObject({ timeS: BASE_S + 3, status: 502, method: 'GET', uri: '/straße?q="x"', hasUpstreamFields: false, upstream: [] });
    const escaped = parseAccessLine('::1 - - [21/Nov/2026:10:00:00 +0000] "GET /a\\x22b HTTP/1.1" 200 5 "-" "ua \\"q\\""');
    expect(escaped?.record.uri).toBe('/a\\x22b');
  });

  it('reads combined followed by upstream timings as key=value pairs', () => {
    const extras = 'rt=0.302 ua="10.0.0.1:8080, 10.0.0.2:8080" us="504, 502" uct="0.001, -" uht="-, -" urt="0.301, 0.000"';
    const parsed = parseAccessLine(combinedLine(0, 502, {}, extras));
    expect(parsed?.format).toBe('combined+upstream');
    expect(parsed?.record.requestTimeMs).toBe(302);
    expect(parsed?.record.upstream.map((a) => [a.addr, a.status, a.connectTimeMs, a.responseTimeMs])).toEqual([['10.0.0.1:8080', 504, 1, 301], ['10.0.0.2:8080', 502, null, 0]]);
  });

  it('reads a custom log_format compiled from nginx.conf', () => {
    const format = compileLogFormat('$time_iso8601 $status "$request" $upstream_response_time $upstream_status');
    const parsed = parseAccessLine('2026-11-21T10:00:02+00:00 504 "GET /slow HTTP/1.1" 1.000 504', format);
    expect(parsed?.format).toBe('log-format');
    expect(parsed?.record).toMatchObject({ timeS: BASE_S + 2, status: 504, uri: '/slow' });
    expect(parsed?.record.upstream[0]?.responseTimeMs).toBe(1000);
  });

  it('rejects what is not an access-log line, and TLS bytes become a request without a method', () => {
    expect(parseAccessLine('')).toBeUndefined();
    expect(parseAccessLine('garbage line')).toBeUndefined();
    expect(parseAccessLine('{"no":"status"}')).toBeUndefined();
    expect(parseAccessLine('{"status":"50')).toBeUndefined();
    const tls = parseAccessLine('1.2.3.4 - - [21/Nov/2026:10:00:00 +0000] "\\x16\\x03\\x01\\x00" 400 157 "-" "-"');
    expect(tls?.record).toMatchObject({ status: 400, method: '', uri: '' });
  });
});
