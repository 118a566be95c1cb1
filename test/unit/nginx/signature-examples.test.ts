/**
 * Every signature carries one complete error-log line as nginx writes it; each example must read
 * back to its own id and level through the same parser diagnose uses, and match no other pattern.
 * Wording variants (libc, OS) of the new signatures are checked here too.
 */
import { describe, expect, it } from 'vitest';
import { readErrorLogLine } from '../../../harness/nginx/parse-error-log.js';
import { classifyErrorMessage, SIGNATURES } from '../../../harness/nginx/signatures.js';

describe('signature examples', () => {
  it.each(SIGNATURES.map((s) => [s.id, s] as const))('%s: its example classifies to its own id and level', (id, s) => {
    const read = readErrorLogLine(s.example);
    expect(read?.signature, s.example).toBe(id);
    expect(read?.level).toBe(s.level);
    expect(read?.time).toBe('2026/11/21 10:00:00');
    expect(SIGNATURES.filter((other) => other.pattern.test(read!.message)).map((other) => other.id)).toEqual([id]);
  });

  it('ids are unique, failures decide a status or a cut body, non-failures warn or are not 5xx', () => {
    expect(new Set(SIGNATURES.map((s) => s.id)).size).toBe(SIGNATURES.length);
    for (const s of SIGNATURES) {
      if (s.failure) expect(s.clientStatus === null || s.clientStatus >= 500 || s.clientStatus === 200, s.id).toBe(true);
      else expect(s.clientStatus === null || s.clientStatus < 500, s.id).toBe(true);
    }
  });
});

/** The same meaning in the words of glibc, musl, macOS (kevent, BSD numbers) and Windows. */
const VARIANTS: Record<string, string[]> = {
  'unix-socket-missing': ['connect() to unix:/var/run/php-fpm.sock failed (2: No such file or directory) while connecting to upstream', 'connect() to unix:/tmp/gunicorn.sock failed (2: ENOENT) while connecting to upstream'],
  'unix-socket-busy': ['connect() to unix:/run/php/php-fpm.sock failed (11: Resource temporarily unavailable) while connecting to upstream', 'connect() to unix:/run/php/php-fpm.sock failed (11: Try again) while connecting to upstream'],
  'connect-no-route': ['connect() failed (113: Host is unreachable) while connecting to upstream', 'kevent() reported that connect() failed (65: No route to host) while connecting to upstream', 'connect() failed (112: Host is down) while connecting to upstream'],
  'connect-network-unreachable': ['connect() failed (101: Network unreachable) while connecting to upstream', 'connect() to 10.1.2.3:80 failed (51: Network is unreachable) while connecting to upstream'],
  'connect-address-not-available': ['connect() to 127.0.0.1:9000 failed (99: Address not available) while connecting to upstream', 'connect() to 10.0.0.2:80 failed (49: Can\'t assign requested address) while connecting to upstream'],
  'upstream-ssl-handshake-failed': [
    'SSL_do_handshake() failed (SSL: error:1408F10B:SSL routines:ssl3_get_record:wrong version number) while SSL handshaking to upstream',
    'SSL_do_handshake() failed (SSL: error:14094410:SSL routines:ssl3_read_bytes:sslv3 alert handshake failure:SSL alert number 40) while SSL handshaking to upstream',
    'peer closed connection in SSL handshake (104: Connection reset by peer) while SSL handshaking to upstream',
    'peer closed connection in SSL handshake while SSL handshaking to upstream',
  ],
  'upstream-timed-out-ssl-handshake': ['upstream timed out (110: Operation timed out) while SSL handshaking to upstream'],
  'resolver-server-failure': ['app.internal could not be resolved (2: Server failure)', 'app.internal could not be resolved (5: Operation refused)'],
  'resolver-timed-out': ['app.internal could not be resolved (110: Operation timed out)', 'app.internal could not be resolved (60: Operation timed out)'],
  'resolver-unreachable': ['recv() failed (111: Connection refused) while resolving', 'send() failed (101: Network unreachable) while resolving'],
  'upstream-broken-pipe': ['writev() failed (32: Broken pipe) while sending request to upstream', 'sendfile() failed (32: EPIPE) while sending request to upstream'],
  'client-closed-request': [
    'client prematurely closed connection, so upstream connection is closed too while reading response header from upstream',
    'kevent() reported that client prematurely closed connection, so upstream connection is closed too while sending request to upstream',
    'epoll_wait() reported that client prematurely closed connection, so upstream connection is closed too (104: Connection reset by peer) while reading upstream',
  ],
  'client-closed-connection': ['client prematurely closed connection', 'client closed connection while waiting for request', 'client 10.0.0.1 closed keepalive connection (104: Connection reset by peer)'],
  'stream-session': ['upstream disconnected, bytes from/to client:10/20, bytes from/to upstream:20/10', 'udp timed out, packets from/to client:1/1, bytes from/to client:40/80, bytes from/to upstream:80/40'],
  'fastcgi-stderr': ['FastCGI sent in stderr: "PHP message: PHP Fatal error:  Allowed memory size of 134217728 bytes exhausted" while reading upstream', 'FastCGI sent in stderr: "PHP message: Failed login for user@example.com" while reading response header from upstream'],
  'grpc-rejected': ['upstream sent goaway with error 0 while reading upstream'],
  'config-error': ['bind() to 0.0.0.0:80 failed (98: Address already in use)', 'unknown directive "proxy_passs" in /etc/nginx/conf.d/app.conf:7'],
  'too-many-open-files': ['accept4() failed (24: Too many open files)', 'socket() failed (24: No file descriptors available) while connecting to upstream'],
};

describe.each(Object.entries(VARIANTS))('%s in other words', (id, messages) => {
  it.each(messages)('"%s"', (message) => {
    expect(SIGNATURES.filter((s) => s.pattern.test(message)).map((s) => s.id)).toEqual([id]);
    expect(classifyErrorMessage(message)).toBe(id);
  });
});
