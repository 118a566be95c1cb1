/**
 * Signatures of a backend nginx cannot reach: unix sockets (PHP-FPM, Gunicorn), routes and
 * firewalls, exhausted local ports and files, TLS to the upstream, and name resolution. Levels
 * are ngx_event_connect_peer's: refused, EAGAIN, reset and unreachable are errors, anything
 * else (ENOENT, EACCES, EADDRNOTAVAIL) is crit.
 */
import { CONNECT, CONNECT_UNIX, errno, PHASE, re, type Signature } from '../signature-pattern.js';
import { exampleLine as line, http } from './example-line.js';

const GET = 'GET /api/orders HTTP/1.1';
const UP = 'http://10.0.0.2:8080/api/orders';
const PHP = 'GET /index.php HTTP/1.1';
const FPM = 'fastcgi://unix:/run/php/php8.2-fpm.sock:';
const TLS_UP = 'https://10.0.0.2:8443/api/orders';

export const REACH_SIGNATURES: readonly Signature[] = [
  {
    id: 'unix-socket-missing', level: 'crit', clientStatus: 502, failure: true,
    summary: 'the backend unix socket file does not exist: the app server (PHP-FPM, Gunicorn) is not running, or listens on another path',
    pattern: re(`${CONNECT_UNIX} ${errno('ENOENT')} while ${PHASE.connect}`),
    example: line('crit', 45, 'connect() to unix:/run/php/php8.2-fpm.sock failed (2: No such file or directory) while connecting to upstream', http(PHP, FPM)),
  },
  {
    id: 'unix-socket-refused', level: 'error', clientStatus: 502, failure: true,
    summary: 'the socket file exists but nothing accepts on it: the app server died and left its socket behind',
    pattern: re(`${CONNECT_UNIX} ${errno('ECONNREFUSED')} while ${PHASE.connect}`),
    example: line('error', 47, 'connect() to unix:/run/php/php8.2-fpm.sock failed (111: Connection refused) while connecting to upstream', http(PHP, FPM)),
  },
  {
    id: 'unix-socket-busy', level: 'error', clientStatus: 502, failure: true,
    summary: "the unix socket's listen queue is full (Linux answers EAGAIN): every worker busy (pm.max_children reached) and the backlog exhausted",
    pattern: re(`${CONNECT_UNIX} ${errno('EAGAIN')} while ${PHASE.connect}`),
    example: line('error', 49, 'connect() to unix:/run/php/php8.2-fpm.sock failed (11: Resource temporarily unavailable) while connecting to upstream', http(PHP, FPM)),
  },
  {
    id: 'connect-no-route', level: 'error', clientStatus: 502, failure: true,
    summary: 'no route to the backend host: it is gone (container stopped, pod rescheduled) or a firewall rejects with host-unreachable',
    pattern: re(`${CONNECT} ${errno('EHOSTUNREACH', 'EHOSTDOWN')} while ${PHASE.connect}`),
    example: line('error', 51, 'connect() failed (113: No route to host) while connecting to upstream', http(GET, UP)),
  },
  {
    id: 'connect-network-unreachable', level: 'error', clientStatus: 502, failure: true,
    summary: 'no network route to the backend address (an IPv6 address without IPv6, a missing route or interface)',
    pattern: re(`${CONNECT} ${errno('ENETUNREACH', 'ENETDOWN')} while ${PHASE.connect}`),
    example: line('error', 53, 'connect() to [2001:db8::2]:8080 failed (101: Network is unreachable) while connecting to upstream', http(GET, 'http://[2001:db8::2]:8080/api/orders')),
  },
  {
    id: 'connect-address-not-available', level: 'crit', clientStatus: 502, failure: true,
    summary: 'no local port left for a new upstream connection (ephemeral ports exhausted by connections in TIME_WAIT: no upstream keepalive under high load)',
    pattern: re(`${CONNECT} ${errno('EADDRNOTAVAIL')} while ${PHASE.connect}`),
    example: line('crit', 55, 'connect() to 10.0.0.2:8080 failed (99: Cannot assign requested address) while connecting to upstream', http(GET, UP)),
  },
  {
    id: 'connect-permission-denied', level: 'crit', clientStatus: 502, failure: true,
    summary: 'the kernel forbids the connection to a TCP backend: SELinux (httpd_can_network_connect off) or a local firewall rule',
    pattern: re(`${CONNECT} ${errno('EACCES')} while ${PHASE.connect}`),
    example: line('crit', 57, 'connect() to 127.0.0.1:8080 failed (13: Permission denied) while connecting to upstream', http(GET, 'http://127.0.0.1:8080/api/orders')),
  },
  {
    id: 'too-many-open-files', level: 'alert', clientStatus: 500, failure: true,
    summary: "the worker's file descriptor limit is reached (worker_rlimit_nofile, ulimit -n): no socket for the backend, or client connections not accepted",
    pattern: re(`(?:socket|accept4?)\\(\\) failed ${errno('EMFILE', 'ENFILE')}(?: while ${PHASE.connect})?`),
    example: line('alert', 59, 'socket() failed (24: Too many open files) while connecting to upstream', http(GET, UP)),
  },
  {
    id: 'upstream-ssl-handshake-failed', level: 'error', clientStatus: 502, failure: true,
    summary: 'the TLS handshake with the backend failed: it does not speak TLS on that port (wrong version number), no shared protocol or cipher, or it closed (SNI: proxy_ssl_server_name)',
    pattern: re(`(?:SSL_do_handshake\\(\\) failed.*|peer closed connection in SSL handshake(?: \\(\\d+: [^)]*\\))?) while ${PHASE.tls}`),
    example: line('error', 61, 'SSL_do_handshake() failed (SSL: error:0A00010B:SSL routines::wrong version number) while SSL handshaking to upstream', http(GET, TLS_UP)),
  },
  {
    id: 'upstream-ssl-certificate-invalid', level: 'error', clientStatus: 502, failure: true,
    summary: "proxy_ssl_verify rejected the backend's certificate: untrusted issuer (proxy_ssl_trusted_certificate), expired, or self-signed",
    pattern: re(`upstream SSL certificate verify error: \\(\\d+:[^)]*\\) while ${PHASE.tls}`),
    example: line('error', 63, 'upstream SSL certificate verify error: (20:unable to get local issuer certificate) while SSL handshaking to upstream', http(GET, TLS_UP)),
  },
  {
    id: 'upstream-ssl-certificate-name-mismatch', level: 'error', clientStatus: 502, failure: true,
    summary: "the backend's certificate is not for the name nginx checks (proxy_ssl_name, by default the proxy_pass host)",
    pattern: re(`upstream SSL certificate does not match "[^"]*" while ${PHASE.tls}`),
    example: line('error', 65, 'upstream SSL certificate does not match "api.internal" while SSL handshaking to upstream', http(GET, 'https://api.internal/api/orders')),
  },
  {
    id: 'upstream-timed-out-ssl-handshake', level: 'error', clientStatus: 504, failure: true,
    summary: 'the backend accepted the connection but did not complete the TLS handshake within proxy_connect_timeout',
    pattern: re(`upstream timed out ${errno('ETIMEDOUT')} while ${PHASE.tls}`),
    example: line('error', 67, 'upstream timed out (110: Connection timed out) while SSL handshaking to upstream', http(GET, TLS_UP)),
  },
  {
    id: 'resolver-server-failure', level: 'error', clientStatus: 502, failure: true,
    summary: 'the DNS server failed to answer for the backend name (SERVFAIL, refused, format error)',
    pattern: re('\\S+ could not be resolved \\((?:1|2|4|5): [^)]*\\)(?: while [a-z ]+)?'),
    example: line('error', 69, 'backend.internal could not be resolved (2: Server failure)', http(GET)),
  },
  {
    id: 'resolver-timed-out', level: 'error', clientStatus: 502, failure: true,
    summary: 'no DNS answer for the backend name within resolver_timeout (the resolver address is wrong or unreachable)',
    pattern: re(`\\S+ could not be resolved ${errno('ETIMEDOUT')}(?: while [a-z ]+)?`),
    example: line('error', 71, 'backend.internal could not be resolved (110: Operation timed out)', http(GET)),
  },
  {
    id: 'no-resolver-defined', level: 'error', clientStatus: 502, failure: true,
    summary: 'proxy_pass names its backend through a variable but no resolver directive is set',
    pattern: re('no resolver defined to resolve \\S+'),
    example: line('error', 73, 'no resolver defined to resolve backend.internal', http(GET)),
  },
  {
    id: 'resolver-unreachable', level: 'error', clientStatus: null, failure: false,
    summary: 'nginx cannot send to or read from its resolver (wrong address, nothing on port 53); the requests waiting on it fail later with "could not be resolved"',
    pattern: re(`(?:\\w+\\(\\)(?: to \\S+)? failed \\(\\d+: [^)]*\\)|\\w+\\(\\) incomplete) while resolving`),
    example: '2026/11/21 10:00:00 [error] 29#29: send() failed (111: Connection refused) while resolving, resolver: 127.0.0.11:53',
  },
];
