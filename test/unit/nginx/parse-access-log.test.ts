import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ACCESS_LOG_FORMAT, ACCESS_LOG_FORMAT_NAME } from '../../../harness/nginx/access-log-format.js';
import { parseAccessLogLine, summarizeAccessLog } from '../../../harness/nginx/parse-access-log.js';

const fixture = readFileSync(new URL('../../fixtures/nginx/access.log', import.meta.url), 'utf8');
const fixtureLines = fixture.split('\n');

function line(fields: Record<string, string>): string {
  return JSON.stringify({
    msec: '1795254537.094', request_id: 'r1', status: '200', method: 'GET', uri: '/', request_time: '0.002',
    upstream_addr: '172.18.0.2:8080', upstream_status: '200', upstream_connect_time: '0.000',
    upstream_header_time: '0.001', upstream_response_time: '0.002', bytes_sent: '143', connection: '5',
    connection_requests: '1', ...fields,
  });
}

describe('ACCESS_LOG_FORMAT', () => {
  it('is the exact log_format directive, every value a JSON string', () => {
    expect(ACCESS_LOG_FORMAT_NAME).toBe('badgateway');
    expect(ACCESS_LOG_FORMAT).toBe(
      `log_format badgateway escape=json '{"msec":"$msec","request_id":"$request_id","status":"$status","method":"$request_method","uri":"$request_uri","request_time":"$request_time","upstream_addr":"$upstream_addr","upstream_status":"$upstream_status","upstream_connect_time":"$upstream_connect_time","upstream_header_time":"$upstream_header_time","upstream_response_time":"$upstream_response_time","bytes_sent":"$bytes_sent","connection":"$connection","connection_requests":"$connection_requests"}';`,
    );
  });
});

describe('parseAccessLogLine', () => {
  it('parses a retried request into one attempt per upstream try (real nginx line)', () => {
    expect(parseAccessLogLine(fixtureLines[3] ?? '')).toEqual({
      msec: 1795254537.094,
      endedAtMs: 1795254537094,
      requestId: '9691757fec4b29e5d9120d0c8b5dc9f5',
      status: 200,
      method: 'GET',
      uri: '/retry',
      requestTimeMs: 15,
      upstreamStatusText: '502, 200',
      upstream: [
        { addr: '172.18.0.2:8003', status: 502, connectTimeMs: 0, headerTimeMs: null, responseTimeMs: 0, group: 0 },
        { addr: '172.18.0.2:8012', status: 200, connectTimeMs: 0, headerTimeMs: 15, responseTimeMs: 15, group: 0 },
      ],
      bytesSent: 143,
      connection: 17,
      connectionRequests: 1,
    });
  });

  it('numbers the groups of an internal redirect', () => {
    const entry = parseAccessLogLine(fixtureLines[11] ?? '');
    expect(entry?.upstreamStatusText).toBe('502 : 200');
    expect(entry?.upstream.map((a) => [a.addr, a.status, a.headerTimeMs, a.group])).toEqual([
      ['172.18.0.2:8003', 502, null, 0],
      ['172.18.0.2:8012', 200, 0, 1],
    ]);
  });

  it.each(['', '-'])('has no attempts when the upstream fields are %j', (empty) => {
    const entry = parseAccessLogLine(line({
      status: '503', upstream_addr: empty, upstream_status: empty, upstream_connect_time: empty,
      upstream_header_time: empty, upstream_response_time: empty,
    }));
    expect(entry?.upstream).toEqual([]);
    expect(entry?.upstreamStatusText).toBe('-');
  });

  it('keeps unix and group-name addresses and "-" statuses', () => {
    const entry = parseAccessLogLine(line({
      upstream_addr: 'unix:/tmp/app.sock, backend', upstream_status: '-, 502', upstream_connect_time: '-, -',
      upstream_header_time: '-, -', upstream_response_time: '0.010, 0.000',
    }));
    expect(entry?.upstream).toEqual([
      { addr: 'unix:/tmp/app.sock', status: null, connectTimeMs: null, headerTimeMs: null, responseTimeMs: 10, group: 0 },
      { addr: 'backend', status: 502, connectTimeMs: null, headerTimeMs: null, responseTimeMs: 0, group: 0 },
    ]);
  });

  it('reads the HTTP/0.9 status 009 and non-ASCII URIs', () => {
    expect(parseAccessLogLine(fixtureLines[13] ?? '')?.status).toBe(9);
    expect(parseAccessLogLine(fixtureLines[15] ?? '')?.uri).toBe('/caf%C3%A9?q=ü');
  });

  it.each([
    ['not JSON', 'nginx: [alert] could not open error log file'],
    ['truncated JSON', line({}).slice(0, 60)],
    ['a JSON array', '["200"]'],
    ['a JSON string', '"200"'],
    ['JSON null', 'null'],
    ['no status', line({ status: '' })],
    ['a status that is not a number', line({ status: 'OK' })],
    ['no msec', line({ msec: '-' })],
  ])('returns undefined for %s', (_name, text) => {
    expect(parseAccessLogLine(text)).toBeUndefined();
  });
});

describe('summarizeAccessLog', () => {
  it('summarizes the fixture (real nginx 1.22.1 lines plus two broken ones)', () => {
    const summary = summarizeAccessLog(fixture);
    expect(summary.lines).toBe(17);
    expect(summary.statusCounts).toEqual({ '504': 2, '502': 5, '200': 5, '503': 1, '009': 1, '404': 1 });
    expect(summary.upstreamStatusSequences).toEqual({
      '504': 2, '502': 3, '200': 3, '502, 200': 1, '502, 502': 1, '-': 4, '502 : 200': 1,
    });
    expect(summary.upstreamAttempts).toBe(14);
    expect(summary.upstreamConnectTime.count).toBe(9);
    expect(summary.upstreamHeaderTime.count).toBe(5);
    expect(summary.upstreamHeaderTime.maxMs).toBeCloseTo(15, 1);
    expect(summary.upstreamResponseTime.count).toBe(14);
    expect(summary.upstreamResponseTime.maxMs).toBeCloseTo(1002, 0);
    expect(summary.requestTime.count).toBe(15);
    expect(summary.requestTime.maxMs).toBeCloseTo(1045, 0);
    expect(summary.unparsed).toEqual(['nginx: [alert] could not open error log file', fixtureLines[16]]);
  });

  it('reads CRLF line ends and a missing final newline alike', () => {
    const lf = summarizeAccessLog(fixture);
    const crlf = summarizeAccessLog(fixture.trimEnd().split('\n').join('\r\n'));
    expect(crlf).toEqual(lf);
  });

  it('returns zero counts for an empty log', () => {
    const summary = summarizeAccessLog('\n\n');
    expect(summary.lines).toBe(0);
    expect(summary.statusCounts).toEqual({});
    expect(summary.upstreamAttempts).toBe(0);
    expect(summary.requestTime.count).toBe(0);
    expect(summary.unparsed).toEqual([]);
  });

  it('keeps the first 100 unparsed lines and goes on parsing after them', () => {
    const bad = Array.from({ length: 150 }, (_, i) => `garbage ${i}`);
    const summary = summarizeAccessLog([...bad, line({})].join('\n'));
    expect(summary.lines).toBe(151);
    expect(summary.statusCounts).toEqual({ '200': 1 });
    expect(summary.unparsed).toHaveLength(100);
    expect(summary.unparsed[0]).toBe('garbage 0');
    expect(summary.unparsed[99]).toBe('garbage 99');
  });

  it('summarizes 100k lines in one pass', () => {
    const ok = line({});
    const retried = line({
      status: '200', upstream_addr: 'a:1, b:1', upstream_status: '502, 200', upstream_connect_time: '0.001, 0.001',
      upstream_header_time: '-, 0.004', upstream_response_time: '0.001, 0.005',
    });
    const text = Array.from({ length: 100_000 }, (_, i) => (i % 10 === 0 ? retried : ok)).join('\n');
    const started = performance.now();
    const summary = summarizeAccessLog(text);
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(summary.lines).toBe(100_000);
    expect(summary.upstreamStatusSequences).toEqual({ '502, 200': 10_000, '200': 90_000 });
    expect(summary.upstreamAttempts).toBe(110_000);
    expect(summary.upstreamHeaderTime.count).toBe(100_000);
    expect(summary.upstreamConnectTime.count).toBe(110_000);
  });
});
