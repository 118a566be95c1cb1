/**
 * Lines real nginx 1.22.1 (Debian 12, OpenSSL 3.0) wrote in the catalog's TLS, DNS and network
 * scenarios, as written (client addresses as they were): each has its signature, with the level
 * nginx gave it.
 */
import { describe, expect, it } from 'vitest';
import { readErrorLogLine } from '../../../harness/nginx/parse-error-log.js';

const CONTEXT = ', client: 172.19.0.1, server: , request: "GET / HTTP/1.1", upstream: "https://172.19.0.2:8080/", host: "127.0.0.1:18998"';
const PLAIN = ', client: 172.30.0.1, server: , request: "GET / HTTP/1.1", upstream: "http://172.30.0.2:8080/", host: "127.0.0.1:18999"';
const NO_UPSTREAM = ', client: 172.20.0.1, server: , request: "GET / HTTP/1.1", host: "127.0.0.1:18997"';
const at = (level: string, message: string, context = CONTEXT) => `2026/11/28 10:15:40 [${level}] 7#7: *1 ${message}${context}`;

const SEEN: [line: string, signature: string][] = [
  [at('error', 'SSL_do_handshake() failed (SSL: error:0A00010B:SSL routines::wrong version number) while SSL handshaking to upstream'), 'upstream-ssl-handshake-failed'],
  [at('error', 'SSL_do_handshake() failed (SSL: error:0A000410:SSL routines::sslv3 alert handshake failure:SSL alert number 40) while SSL handshaking to upstream'), 'upstream-ssl-handshake-failed'],
  [at('error', 'upstream SSL certificate verify error: (10:certificate has expired) while SSL handshaking to upstream'), 'upstream-ssl-certificate-invalid'],
  [at('error', 'upstream SSL certificate verify error: (21:unable to verify the first certificate) while SSL handshaking to upstream'), 'upstream-ssl-certificate-invalid'],
  [at('error', 'upstream SSL certificate verify error: (18:self-signed certificate) while SSL handshaking to upstream'), 'upstream-ssl-certificate-invalid'],
  [at('error', 'upstream SSL certificate does not match "backend" while SSL handshaking to upstream'), 'upstream-ssl-certificate-name-mismatch'],
  [at('error', 'upstream timed out (110: Connection timed out) while SSL handshaking to upstream'), 'upstream-timed-out-ssl-handshake'],
  [at('error', 'upstream prematurely closed connection while reading response header from upstream', PLAIN), 'upstream-prematurely-closed-header'],
  [at('error', 'app-x could not be resolved (3: Host not found)', NO_UPSTREAM), 'upstream-host-not-found'],
  [at('error', 'app could not be resolved (2: Server failure)', NO_UPSTREAM), 'resolver-server-failure'],
  [at('error', 'app could not be resolved (5: Operation refused)', NO_UPSTREAM), 'resolver-server-failure'],
  [at('error', 'app could not be resolved (110: Operation timed out)', NO_UPSTREAM), 'resolver-timed-out'],
  ['2026/11/28 10:16:03 [error] 7#7: send() failed (111: Connection refused) while resolving, resolver: 127.0.0.1:53', 'resolver-unreachable'],
  [at('error', 'no resolver defined to resolve app', NO_UPSTREAM), 'no-resolver-defined'],
  [at('error', 'connect() failed (113: No route to host) while connecting to upstream', PLAIN), 'connect-no-route'],
  [at('error', 'connect() failed (101: Network is unreachable) while connecting to upstream', PLAIN), 'connect-network-unreachable'],
  [at('error', 'connect() failed (111: Connection refused) while connecting to upstream', PLAIN), 'connect-refused'],
  [at('error', 'upstream timed out (110: Connection timed out) while connecting to upstream', PLAIN), 'upstream-timed-out-connecting'],
  [at('error', 'upstream timed out (110: Connection timed out) while reading response header from upstream', PLAIN), 'upstream-timed-out-reading-header'],
];

describe('lines nginx wrote in the TLS, DNS and network scenarios', () => {
  it.each(SEEN)('%s', (line, signature) => {
    expect(readErrorLogLine(line)).toMatchObject({ signature, level: 'error' });
  });
});
