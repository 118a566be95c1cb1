/**
 * Lines that are not upstream failures but fill real error logs: the client's own doing (closed,
 * timed out, bad TLS, forbidden, not found, failed auth), limits that only warn, nginx's process
 * notices and config errors. Knowing them keeps them out of "unknown" and out of the failures.
 */
import { errno, re, type Signature } from '../signature-pattern.js';
import { exampleLine as line, http } from './example-line.js';

const GET = 'GET /api/orders HTTP/1.1';
const UP = 'http://10.0.0.2:8080/api/orders';
/** What nginx does on the client's side, as its log action says. */
const CLIENT_PHASE = '(?:sending to client|sending response to client|reading client request (?:line|headers|body)|reading client pipelined request line|waiting for request|SSL handshaking|reading PROXY protocol|keepalive|closing request|lingering close|processing HTTP/2 connection|sending early hints to client)';

export const CONTEXT_SIGNATURES: readonly Signature[] = [
  {
    id: 'client-closed-request', level: 'info', clientStatus: 499, failure: false,
    summary: 'the client gave up while nginx waited for the backend (logged 499); many of them mean the backend is slow for the clients\' patience',
    pattern: re(`(?:(?:epoll_wait|kevent)\\(\\) reported that )?client prematurely closed connection, so upstream connection is closed too(?: \\(\\d+: [^)]*\\))?(?: while [a-zA-Z0-9/ ]+)?`),
    example: line('info', 107, 'epoll_wait() reported that client prematurely closed connection, so upstream connection is closed too while reading upstream', http(GET, UP)),
  },
  {
    id: 'client-closed-connection', level: 'info', clientStatus: null, failure: false,
    summary: 'the client closed its connection (while sending its request, between requests, or a keep-alive connection): its own doing',
    pattern: re(`client (?:prematurely )?closed connection(?: \\(\\d+: [^)]*\\))?(?: while ${CLIENT_PHASE})?|client \\S+ closed keepalive connection(?: \\(\\d+: [^)]*\\))?`),
    example: line('info', 109, 'client 203.0.113.7 closed keepalive connection'),
  },
  {
    id: 'client-timed-out', level: 'info', clientStatus: 408, failure: false,
    summary: 'the client was too slow to send its request or to read the response (client_header_timeout, client_body_timeout, send_timeout)',
    pattern: re(`client timed out ${errno('ETIMEDOUT')} while ${CLIENT_PHASE}`),
    example: line('info', 111, 'client timed out (110: Connection timed out) while reading client request headers', ', client: 203.0.113.7, server: example.com, request: "GET / HTTP/1.1", host: "example.com"'),
  },
  {
    id: 'client-connection-error', level: 'info', clientStatus: null, failure: false,
    summary: "a write to or read from the client failed (it reset or went away mid-transfer): the client's side, not the backend's",
    pattern: re(`\\w+\\(\\) failed ${errno('ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTCONN', 'ECONNABORTED')} while ${CLIENT_PHASE}`),
    example: line('info', 113, 'writev() failed (104: Connection reset by peer) while sending to client', http(GET, UP)),
  },
  {
    id: 'client-tls-error', level: 'crit', clientStatus: null, failure: false,
    summary: "a client's TLS failed (scanners, old clients, protocols or ciphers not offered); many are logged at info",
    pattern: re(`(?:SSL_(?:do_handshake|read|write|shutdown)\\(\\) failed.*|peer closed connection in SSL handshake(?: \\(\\d+: [^)]*\\))?|SSL_do_handshake\\(\\) failed.*) while ${CLIENT_PHASE}`),
    example: line('crit', 115, 'SSL_do_handshake() failed (SSL: error:0A000102:SSL routines::unsupported protocol) while SSL handshaking', ', client: 203.0.113.7, server: 0.0.0.0:443'),
  },
  {
    id: 'client-bad-request', level: 'info', clientStatus: 400, failure: false,
    summary: 'the client sent something nginx refuses (an invalid request line or header, plain HTTP to the TLS port, a too large header): 400',
    pattern: re('client sent .+|client intended to send too large (?:chunked )?body(?:: \\d+(?:\\+\\d+)? bytes)?'),
    example: line('info', 117, 'client sent invalid header line: "X Bad: 1" while reading client request headers', ', client: 203.0.113.7, server: example.com, request: "GET / HTTP/1.1"'),
  },
  {
    id: 'file-not-found', level: 'error', clientStatus: 404, failure: false,
    summary: 'a static file that does not exist was requested (favicon.ico, robots.txt, scanners): 404',
    pattern: re(`open\\(\\) "[^"]*" failed ${errno('ENOENT', 'ENOTDIR')}|"[^"]*" is not found ${errno('ENOENT', 'ENOTDIR')}`),
    example: line('error', 119, 'open() "/usr/share/nginx/html/favicon.ico" failed (2: No such file or directory)', ', client: 203.0.113.7, server: localhost, request: "GET /favicon.ico HTTP/1.1", host: "localhost", referrer: "http://localhost/"'),
  },
  {
    id: 'access-forbidden', level: 'error', clientStatus: 403, failure: false,
    summary: 'nginx denied the request itself (deny rules, a directory without index, a file it may not read): 403',
    pattern: re(`access forbidden by rule|directory index of "[^"]*" is forbidden|open\\(\\) "[^"]*" failed ${errno('EACCES')}`),
    example: line('error', 121, 'access forbidden by rule', ', client: 203.0.113.7, server: example.com, request: "GET /.env HTTP/1.1", host: "example.com"'),
  },
  {
    id: 'auth-failed', level: 'error', clientStatus: 401, failure: false,
    summary: 'HTTP basic authentication failed (unknown user, wrong password): 401',
    pattern: re('user "[\\s\\S]*?"(?::? was not found in "[^"]*"|: password mismatch)|no user/password was provided for basic authentication|PAM: user \'[^\']*\' - not authenticated: .+'),
    example: line('error', 123, 'user "admin": password mismatch', ', client: 203.0.113.7, server: example.com, request: "GET /admin HTTP/1.1", host: "example.com"'),
  },
  {
    id: 'limit-dry-run', level: 'error', clientStatus: null, failure: false,
    summary: 'limit_req or limit_conn in dry-run mode: the request would have been rejected but was served',
    pattern: re('limiting requests, dry run, excess: \\d+\\.\\d+ by zone "[^"]*"|limiting connections, dry run, by zone "[^"]*"'),
    example: line('error', 125, 'limiting requests, dry run, excess: 0.500 by zone "one"', http(GET)),
  },
  {
    id: 'limit-req-delaying', level: 'warn', clientStatus: null, failure: false,
    summary: 'limit_req delayed the request (burst without nodelay) instead of rejecting it: slower, not failed',
    pattern: re('delaying requests?, excess: \\d+\\.\\d+, by zone "[^"]*"'),
    example: line('warn', 127, 'delaying request, excess: 0.841, by zone "req_limit"', http(GET)),
  },
  {
    id: 'worker-connections-reusing', level: 'warn', clientStatus: null, failure: false,
    summary: 'worker_connections is nearly exhausted and nginx closes idle keep-alive connections to make room (a warning before the failure)',
    pattern: re('\\d+ worker_connections are not enough, reusing connections'),
    example: line('warn', null, '1024 worker_connections are not enough, reusing connections'),
  },
  {
    id: 'nginx-process', level: 'notice', clientStatus: null, failure: false,
    summary: "nginx's own process life: start, reload, signals, workers starting and exiting, log reopening",
    pattern: re('using the "\\w+" event method|nginx/\\d+\\.\\d+\\.\\d+(?: \\(.*\\))?|built (?:by|with) .+|OS: .+|getrlimit\\(RLIMIT_NOFILE\\): .+|start worker process(?:es| \\d+)|start (?:cache manager|cache loader) process \\d+|signal \\d+ \\(\\w+\\) received(?: from \\d+)?(?:, [a-z ]+)?|signal process started|worker process \\d+ exited with code \\d+|(?:cache manager|cache loader) process \\d+ exited with code \\d+|gracefully shutting down|exiting|exit|reconfiguring|reopening logs|configuration file \\S+ test is successful|the configuration file \\S+ syntax is ok'),
    example: line('notice', null, 'signal process started'),
  },
  {
    id: 'worker-process-crashed', level: 'alert', clientStatus: null, failure: false,
    summary: "an nginx worker died on a signal (a crash or the kernel's OOM killer): the connections it held were dropped",
    pattern: re('worker process \\d+ exited on signal \\d+(?: \\(core dumped\\))?'),
    example: line('alert', null, 'worker process 31 exited on signal 11 (core dumped)'),
  },
  {
    id: 'config-host-not-found', level: 'emerg', clientStatus: null, failure: false,
    summary: 'nginx did not start or reload: a name in an upstream or proxy_pass does not resolve at startup (the backend container is not up yet)',
    pattern: re('host not found in upstream "[^"]*" in \\S+:\\d+'),
    example: line('emerg', null, 'host not found in upstream "app:8080" in /etc/nginx/conf.d/default.conf:12'),
  },
  {
    id: 'config-error', level: 'emerg', clientStatus: null, failure: false,
    summary: 'nginx did not start or reload: its configuration is invalid, or a listening port is taken',
    pattern: re(`(?!host not found in upstream )[\\s\\S]+ in \\S+:\\d+|bind\\(\\) to \\S+ failed ${errno('EADDRINUSE', 'EACCES', 'EADDRNOTAVAIL')}|still could not bind\\(\\)`),
    example: line('emerg', null, 'invalid number of arguments in "proxy_pass" directive in /etc/nginx/conf.d/default.conf:9'),
  },
];
