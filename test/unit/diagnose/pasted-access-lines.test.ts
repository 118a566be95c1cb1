/**
 * Access-log lines as they are: combined, nginx's "main", JSON, the user's log_format,
 * ingress-nginx's upstreaminfo with retries, inside Docker's JSON or behind compose prefixes, and
 * mixed with error lines in one pasted file. The status is always the field right after the
 * request line, never a number elsewhere ($request_length, $body_bytes_sent).
 */
import { describe, expect, it } from 'vitest';
import { LogLineRouter } from '../../../harness/diagnose/log-line-router.js';
import { compileLogFormat, parseAccessLine } from '../../../harness/diagnose/parse-access-line.js';

const COMBINED = '203.0.113.7 - - [21/Nov/2026:10:00:05 +0000] "GET /api/orders HTTP/1.1" 502 157 "-" "curl/8.5.0"';
const INGRESS = (upstreams: string, statuses: string, times: string) =>
  `203.0.113.7 - - [21/Nov/2026:10:00:05 +0000] "GET /api HTTP/2.0" 502 150 "-" "Mozilla/5.0" 504 0.120 [default-api-80] [] ${upstreams} 0, 0 ${times} ${statuses} 0c3f8a`;

describe('ingress-nginx upstreaminfo', () => {
  it('reads retries over several servers and their statuses', () => {
    const parsed = parseAccessLine(INGRESS('10.0.0.1:80, 10.0.0.2:80', '502, 502', '0.060, 0.060'));
    expect(parsed?.format).toBe('ingress-upstreaminfo');
    expect(parsed?.record.status).toBe(502);
    expect(parsed?.record.upstream.map((a) => [a.addr, a.status, a.responseTimeMs])).toEqual([['10.0.0.1:80', 502, 60], ['10.0.0.2:80', 502, 60]]);
  });

  it('never takes $request_length (the number after the user agent) for the status', () => {
    const line = '192.168.61.205 - - [24/Aug/2021:09:52:13 +0000] "GET / HTTP/1.1" 200 13 "-" "Mozilla/5.0" 502 0.001 [default-hello-5678] [] 192.168.46.137:5678 13 0.000 200 04f1619c';
    expect(parseAccessLine(line)?.record).toMatchObject({ status: 200, upstream: [{ addr: '192.168.46.137:5678', status: 200 }] });
  });

  it('reads internal redirects (" : ") and requests that never reached an upstream', () => {
    const redirected = parseAccessLine(INGRESS('10.0.0.1:80 : 10.0.0.3:80', '404 : 200', '0.010 : 0.020'));
    expect(redirected?.record.upstream.map((a) => [a.addr, a.status, a.group])).toEqual([['10.0.0.1:80', 404, 0], ['10.0.0.3:80', 200, 1]]);
    const none = parseAccessLine('0.0.0.0 - - [18/Mar/2023:15:00:00 +0000] "GET /p HTTP/2.0" 200 12312 "" "Mozilla/5.0" 462 0.050 [svc-9000] [] - - - - 7521');
    expect(none?.record).toMatchObject({ status: 200, upstream: [] });
  });
});

describe('lines as they are pasted', () => {
  const route = (lines: string[], givenAs: 'error' | 'access' = 'access') => {
    const router = new LogLineRouter();
    router.startFile('pasted.log', givenAs);
    for (const line of lines) router.add(line);
    return router;
  };

  it('inside Docker\'s json-file records, behind compose and kubectl prefixes, with CRLF', () => {
    const router = route([
      JSON.stringify({ log: `${COMBINED}\n`, stream: 'stdout', time: '2026-11-21T10:00:05.1Z' }),
      `nginx-1  | ${COMBINED}`,
      `[pod/nginx-7d9f8b-x2x9q/nginx] ${COMBINED}`,
      `${COMBINED}\r`,
    ]);
    expect(router.files[0]).toMatchObject({ lines: 4, accessLines: 4, unreadable: 0 });
    expect(router.access.result().statusCounts).toEqual({ '502': 4 });
  });

  it('error and access lines mixed in one file are split, comments skipped, nothing refused', () => {
    const error = '2026/11/21 10:00:05 [error] 29#29: *1 connect() failed (111: Connection refused) while connecting to upstream, client: 203.0.113.7, server: _, request: "GET /api/orders HTTP/1.1", upstream: "http://10.0.0.2:8080/api/orders", host: "x"';
    for (const givenAs of ['error', 'access'] as const) {
      const router = route(['# pasted from the server', COMBINED, error, 'some unrelated text'], givenAs);
      expect(router.files[0]).toMatchObject({ lines: 4, comments: 1, errorLines: 1, accessLines: 1, unreadable: 1 });
      expect(router.errors.result().signatureCounts).toEqual({ 'connect-refused': 1 });
    }
  });

  it('a JSON access log (escape=json) with several upstream tries', () => {
    const line = JSON.stringify({ time_iso8601: '2026-11-21T10:00:05+00:00', status: '502', request: 'POST /pay HTTP/1.1', upstream_addr: '10.0.0.1:80, 10.0.0.2:80', upstream_status: '502, 502', upstream_response_time: '0.001, 0.002' });
    const parsed = route([line]).access.result();
    expect(parsed.statusCounts).toEqual({ '502': 1 });
    expect(parsed.retrySequences).toEqual({ '502, 502': 1 });
  });

  it("the user's own log_format, with the status where the format puts it", () => {
    const reader = compileLogFormat('$remote_addr [$time_local] $request_length $status "$request" $upstream_status');
    const router = new LogLineRouter(reader);
    router.startFile('access.log', 'access');
    router.add('203.0.113.7 [21/Nov/2026:10:00:05 +0000] 502 504 "GET /slow HTTP/1.1" 504');
    expect(router.access.result().statusCounts).toEqual({ '504': 1 });
  });
});
