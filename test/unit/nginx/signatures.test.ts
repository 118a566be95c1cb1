import { describe, expect, it } from 'vitest';
import { classifyErrorMessage, isKnownSignature, SIGNATURE_IDS, SIGNATURES } from '../../../harness/nginx/signatures.js';

/** Messages (context suffix stripped) that must classify to exactly one id. */
const SAMPLES: Record<string, string[]> = {
  'upstream-timed-out-reading-header': [
    'upstream timed out (110: Connection timed out) while reading response header from upstream',
    'upstream timed out (110: Operation timed out) while reading response header from upstream',
    'upstream timed out (110: Unknown error) while reading response header from upstream',
    'upstream timed out (60: Operation timed out) while reading response header from upstream',
  ],
  'upstream-timed-out-connecting': ['upstream timed out (110: Connection timed out) while connecting to upstream', 'upstream timed out (110: Operation timed out) while connecting to upstream'],
  'upstream-timed-out-sending': ['upstream timed out (110: Connection timed out) while sending request to upstream'],
  'upstream-timed-out-reading-body': ['upstream timed out (110: Connection timed out) while reading upstream'],
  'connect-refused': [
    'connect() failed (111: Connection refused) while connecting to upstream',
    'connect() to 10.0.0.2:8080 failed (111: Connection refused) while connecting to upstream',
    'kevent() reported that connect() failed (61: Connection refused) while connecting to upstream',
    'connect() failed (111: Unknown error) while connecting to upstream',
    'connect() failed (10061: No connection could be made because the target machine actively refused it) while connecting to upstream',
  ],
  'upstream-prematurely-closed-header': ['upstream prematurely closed connection while reading response header from upstream'],
  'upstream-prematurely-closed-body': ['upstream prematurely closed connection while reading upstream'],
  'upstream-reset-reading-header': [
    'recv() failed (104: Connection reset by peer) while reading response header from upstream',
    'recv() failed (104: Unknown error) while reading response header from upstream',
    'recv() failed (54: Connection reset by peer) while reading response header from upstream',
  ],
  'upstream-reset': [
    'writev() failed (104: Connection reset by peer) while sending request to upstream',
    'send() failed (104: Connection reset by peer) while sending request to upstream',
  ],
  'upstream-reset-reading-body': [
    'readv() failed (104: Connection reset by peer) while reading upstream',
    'recv() failed (104: Connection reset by peer) while reading upstream',
  ],
  'upstream-broken-pipe': [
    'writev() failed (32: Broken pipe) while sending request to upstream',
    'send() failed (32: Broken pipe) while sending request to upstream',
    'sendfile() failed (32: Broken pipe) while sending request to upstream',
  ],
  'request-body-buffered-to-file': [
    'a client request body is buffered to a temporary file /var/lib/nginx/body/0000000001',
    'a client request body is buffered to a temporary file /tmp/nginx-client_body/0000000001',
  ],
  'no-live-upstreams': ['no live upstreams while connecting to upstream'],
  'upstream-temporarily-disabled': [
    'upstream server temporarily disabled while connecting to upstream',
    'upstream server temporarily disabled while reading response header from upstream',
  ],
  'upstream-too-big-header': ['upstream sent too big header while reading response header from upstream'],
  'upstream-invalid-header': [
    'upstream sent invalid header: "X-Bad\\x01..." while reading response header from upstream',
    'upstream sent invalid header while reading response header from upstream',
    'upstream sent invalid header: "X-aaaaaaaaaaaaaaaaaaaa',
  ],
  'upstream-no-valid-http-header': ['upstream sent no valid HTTP/1.0 header while reading response header from upstream'],
  'unix-socket-permission-denied': ['connect() to unix:/run/app/app.sock failed (13: Permission denied) while connecting to upstream'],
  'limiting-requests': ['limiting requests, excess: 1.000 by zone "one"', 'limiting requests, excess: 12.500 by zone "api_zone"'],
  'limiting-connections': ['limiting connections by zone "addr"'],
  'worker-connections-not-enough': [
    '1024 worker_connections are not enough while connecting to upstream',
    '2 worker_connections are not enough',
  ],
  'upstream-host-not-found': ['app could not be resolved (3: Host not found)', 'backend.internal could not be resolved (3: Host not found)'],
  'unix-socket-refused': ['connect() to unix:/tmp/app.sock failed (111: Connection refused) while connecting to upstream'],
  'connect-no-route': ['connect() failed (113: No route to host) while connecting to upstream', 'connect() failed (113: Host is unreachable) while connecting to upstream', 'kevent() reported that connect() failed (65: No route to host) while connecting to upstream'],
  'upstream-timed-out-ssl-handshake': ['upstream timed out (110: Connection timed out) while SSL handshaking to upstream'],
  'limit-dry-run': ['limiting requests, dry run, excess: 0.500 by zone "one"', 'limiting connections, dry run, by zone "addr"'],
  'limit-req-delaying': ['delaying request, excess: 0.500, by zone "one"', 'delaying requests, excess: 50.416, by zone "api_access_token"'],
  'upstream-duplicate-header': [
    'upstream sent duplicate header line: "Content-Length: 5", previous value: "Content-Length: 3" while reading response header from upstream',
    'upstream sent "Content-Length" and "Transfer-Encoding" headers at the same time while reading response header from upstream',
  ],
  'upstream-invalid-chunked': ['upstream sent invalid chunked response while reading upstream'],
  'resolver-timed-out': ['app could not be resolved (110: Operation timed out)', 'app could not be resolved (60: Operation timed out)'],
  'no-resolver-defined': ['no resolver defined to resolve app'],
  'client-connection-error': ['writev() failed (104: Connection reset by peer) while sending to client', 'recv() failed (104: Connection reset by peer) while reading client request body', 'writev() failed (32: Broken pipe) while sending to client'],
  'nginx-process': ['signal process started'],
};

/** Close relatives of catalog messages that are something else, or that nginx does not mean as an upstream failure. */
const NEAR_MISSES = [
  'upstream timed out (110: Connection timed out) while reading response header from upstream, client: 172.18.0.5',
  'upstream timed out (110: Connection timed out) while reading response header from upstreams',
  'upstream timed out (111: Connection refused) while reading response header from upstream',
  'connect() failed (104: Connection reset by peer) while reading the moon',
  'connect() to 172.18.0.2:8080 failed (99) while connecting to upstream',
  'connect() failed (113: No route to host)',
  'upstream sent invalid chunked response',
  'writev() failed (32: Broken pipe) while sending request to upstreams',
  'writev() failed (32: Broken pipe)',
  'a client request body is buffered to a temporary file ',
  'a client request body is buffered to a temporary file /tmp/a b',
  'a client request body is buffered to a temporary file /tmp/x, client: 172.18.0.1',
  'some module said something',
  '',
];

describe('signature catalog', () => {
  it('keeps the agreed ids first, in order, and every id once', () => {
    expect(SIGNATURE_IDS.slice(0, 22)).toEqual([
      'upstream-timed-out-reading-header', 'upstream-timed-out-connecting', 'upstream-timed-out-sending',
      'upstream-timed-out-reading-body', 'connect-refused', 'upstream-prematurely-closed-header',
      'upstream-prematurely-closed-body', 'upstream-reset-reading-header', 'upstream-reset', 'upstream-reset-reading-body', 'upstream-broken-pipe',
      'request-body-buffered-to-file', 'no-live-upstreams',
      'upstream-temporarily-disabled', 'upstream-too-big-header', 'upstream-invalid-header',
      'upstream-no-valid-http-header', 'unix-socket-permission-denied', 'limiting-requests',
      'limiting-connections', 'worker-connections-not-enough', 'upstream-host-not-found',
    ]);
    expect(new Set(SIGNATURE_IDS).size).toBe(SIGNATURES.length);
  });

  it('gives each signature the level and client status of the design table', () => {
    const table = Object.fromEntries(SIGNATURES.slice(0, 22).map((s) => [s.id, `${s.level} ${String(s.clientStatus)}`]));
    expect(table).toEqual({
      'upstream-timed-out-reading-header': 'error 504',
      'upstream-timed-out-connecting': 'error 504',
      'upstream-timed-out-sending': 'error 504',
      'upstream-timed-out-reading-body': 'error 200',
      'connect-refused': 'error 502',
      'upstream-prematurely-closed-header': 'error 502',
      'upstream-prematurely-closed-body': 'error 200',
      'upstream-reset-reading-header': 'error 502',
      'upstream-reset': 'error 502',
      'upstream-reset-reading-body': 'error 200',
      'upstream-broken-pipe': 'error 502',
      'request-body-buffered-to-file': 'warn null',
      'no-live-upstreams': 'error 502',
      'upstream-temporarily-disabled': 'warn null',
      'upstream-too-big-header': 'error 502',
      'upstream-invalid-header': 'error 502',
      'upstream-no-valid-http-header': 'error null',
      'unix-socket-permission-denied': 'crit 502',
      'limiting-requests': 'error 503',
      'limiting-connections': 'error 503',
      'worker-connections-not-enough': 'alert 500',
      'upstream-host-not-found': 'error 502',
    });
  });

  it('uses stateless patterns (no g or y flag) and a summary for each signature', () => {
    for (const s of SIGNATURES) {
      expect(s.pattern.flags, s.id).not.toMatch(/[gy]/);
      expect(s.summary.length, s.id).toBeGreaterThan(20);
    }
  });

  it('has a sample for every signature of the first table', () => {
    expect(Object.keys(SAMPLES)).toEqual(expect.arrayContaining([...SIGNATURE_IDS.slice(0, 22)]));
  });

  describe.each(Object.entries(SAMPLES))('%s', (id, messages) => {
    it.each(messages)('matches "%s" and no other signature', (message) => {
      const matching = SIGNATURES.filter((s) => s.pattern.test(message)).map((s) => s.id);
      expect(matching).toEqual([id]);
      expect(classifyErrorMessage(message)).toBe(id);
    });
  });

  it.each(NEAR_MISSES)('classifies "%s" as unknown', (message) => {
    expect(SIGNATURES.filter((s) => s.pattern.test(message)).map((s) => s.id)).toEqual([]);
    expect(classifyErrorMessage(message)).toBe('unknown');
  });

  it('knows every catalog id and "unknown", nothing else', () => {
    for (const id of SIGNATURE_IDS) expect(isKnownSignature(id)).toBe(true);
    expect(isKnownSignature('unknown')).toBe(true);
    for (const id of ['Unknown', '', 'connect-refused ', 'upstream-timed-out', 'toString', '__proto__']) {
      expect(isKnownSignature(id), id).toBe(false);
    }
  });
});
