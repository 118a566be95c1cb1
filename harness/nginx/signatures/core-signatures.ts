/**
 * The catalog's first signatures (their ids are what scenarios assert on): timeouts, refused,
 * closed and reset connections, max_fails, bad headers, limits. Matched on the errno number and
 * the phase, never on one libc's wording.
 */
import { CONNECT, CONNECT_UNIX, errno, PHASE, re, UPSTREAM_PHASE, type Signature } from '../signature-pattern.js';
import { exampleLine as line, http } from './example-line.js';

const GET = 'GET /api/orders HTTP/1.1';
const UP = 'http://10.0.0.2:8080/api/orders';
/** The body phase: nginx reads the upstream while it sends to the client, and names either. */
const BODY = '(?:reading upstream|sending to client)';

export const CORE_SIGNATURES: readonly Signature[] = [
  {
    id: 'upstream-timed-out-reading-header', level: 'error', clientStatus: 504, failure: true,
    summary: 'proxy_read_timeout elapsed before the backend sent its response header',
    pattern: re(`upstream timed out ${errno('ETIMEDOUT')} while ${PHASE.header}`),
    example: line('error', 1, 'upstream timed out (110: Connection timed out) while reading response header from upstream', http(GET, UP)),
  },
  {
    id: 'upstream-timed-out-connecting', level: 'error', clientStatus: 504, failure: true,
    summary: 'proxy_connect_timeout elapsed before the backend accepted the connection (SYN unanswered, backlog full, a firewall dropping)',
    pattern: re(`upstream timed out ${errno('ETIMEDOUT')} while ${PHASE.connect}`),
    example: line('error', 3, 'upstream timed out (110: Operation timed out) while connecting to upstream', http(GET, UP)),
  },
  {
    id: 'upstream-timed-out-sending', level: 'error', clientStatus: 504, failure: true,
    summary: 'proxy_send_timeout elapsed while the backend was not reading the request',
    pattern: re(`upstream timed out ${errno('ETIMEDOUT')} while ${PHASE.send}`),
    example: line('error', 17, 'upstream timed out (110: Connection timed out) while sending request to upstream', http('POST /upload HTTP/1.1', 'http://10.0.0.2:8080/upload')),
  },
  {
    id: 'upstream-timed-out-reading-body', level: 'error', clientStatus: 200, failure: true,
    summary: 'proxy_read_timeout elapsed in the body, after the status was sent: the client gets a 200 with a cut body',
    pattern: re(`upstream timed out ${errno('ETIMEDOUT')} while ${PHASE.body}`),
    example: line('error', 5, 'upstream timed out (110: Connection timed out) while reading upstream', http(GET, UP)),
  },
  {
    id: 'connect-refused', level: 'error', clientStatus: 502, failure: true,
    summary: 'nothing listens on the backend TCP address (process down or wrong port)',
    pattern: re(`${CONNECT} ${errno('ECONNREFUSED')} while ${PHASE.connect}`),
    example: line('error', 7, 'connect() failed (111: Connection refused) while connecting to upstream', http(GET, UP)),
  },
  {
    id: 'upstream-prematurely-closed-header', level: 'error', clientStatus: 502, failure: true,
    summary: 'the backend closed the connection before sending a complete response header',
    pattern: re(`upstream prematurely closed connection while ${PHASE.header}`),
    example: line('error', 9, 'upstream prematurely closed connection while reading response header from upstream', http(GET, UP)),
  },
  {
    id: 'upstream-prematurely-closed-body', level: 'error', clientStatus: 200, failure: true,
    summary: 'the backend closed the connection (or its HTTP/2 stream, or FastCGI stdout) in the body, after the status was sent: the client gets a 200 with a cut body',
    pattern: re(`upstream prematurely closed (?:connection|stream|FastCGI stdout|FastCGI request) while ${BODY}`),
    example: line('error', 11, 'upstream prematurely closed connection while reading upstream', http(GET, UP)),
  },
  {
    id: 'upstream-reset-reading-header', level: 'error', clientStatus: 502, failure: true,
    summary: 'the backend reset the connection before its response header (crash, a killed worker, or a keep-alive connection it had closed)',
    pattern: re(`\\w+\\(\\) failed ${errno('ECONNRESET')} while ${PHASE.header}`),
    example: line('error', 13, 'recv() failed (104: Connection reset by peer) while reading response header from upstream', http(GET, UP)),
  },
  {
    id: 'upstream-reset', level: 'error', clientStatus: 502, failure: true,
    summary: 'the backend reset the connection while nginx was connecting or sending the request',
    pattern: re(`(?:\\w+\\(\\) failed|${CONNECT}) ${errno('ECONNRESET')} while (?:${PHASE.connect}|${PHASE.send})`),
    example: line('error', 15, 'writev() failed (104: Connection reset by peer) while sending request to upstream', http('POST /api/orders HTTP/1.1', UP)),
  },
  {
    id: 'upstream-reset-reading-body', level: 'error', clientStatus: 200, failure: true,
    summary: 'the backend reset the connection in the body, after the status was sent: the client gets a 200 with a cut body',
    pattern: re(`(?:\\w+\\(\\) failed ${errno('ECONNRESET')} while ${PHASE.body}|(?:recv|readv|read)\\(\\) failed ${errno('ECONNRESET')} while sending to client)`),
    example: line('error', 19, 'readv() failed (104: Connection reset by peer) while reading upstream', http(GET, UP)),
  },
  {
    id: 'upstream-broken-pipe', level: 'error', clientStatus: 502, failure: true,
    summary: 'the backend closed its side while nginx was still writing the request (e.g. it answered and closed without reading a large body)',
    pattern: re(`\\w+\\(\\) failed ${errno('EPIPE')} while ${UPSTREAM_PHASE}`),
    example: line('error', 21, 'writev() failed (32: Broken pipe) while sending request to upstream', http('POST /upload HTTP/1.1', 'http://10.0.0.2:8080/upload')),
  },
  {
    id: 'request-body-buffered-to-file', level: 'warn', clientStatus: null, failure: false,
    summary: 'a request body larger than client_body_buffer_size went to a temporary file (not a failure; every large upload logs it)',
    pattern: re('a client request body is buffered to a temporary file \\S+|client request body is buffered\\.?'),
    example: line('warn', 23, 'a client request body is buffered to a temporary file /var/lib/nginx/body/0000000001', http('POST /upload HTTP/1.1')),
  },
  {
    id: 'no-live-upstreams', level: 'error', clientStatus: 502, failure: true,
    summary: 'every server of the upstream group is marked down (max_fails); never logged for a group of one server',
    pattern: re(`no live upstreams while ${PHASE.connect}|no live upstreams`),
    example: line('error', 25, 'no live upstreams while connecting to upstream', http(GET, 'http://backend/api/orders')),
  },
  {
    id: 'upstream-temporarily-disabled', level: 'warn', clientStatus: null, failure: false,
    summary: 'a server reached max_fails and is skipped for fail_timeout; the request itself may still succeed on another server',
    pattern: re(`upstream server temporarily disabled while ${UPSTREAM_PHASE}`),
    example: line('warn', 27, 'upstream server temporarily disabled while connecting to upstream', http(GET, UP)),
  },
  {
    id: 'upstream-too-big-header', level: 'error', clientStatus: 502, failure: true,
    summary: 'the response header does not fit in proxy_buffer_size (fastcgi_buffer_size, uwsgi_buffer_size)',
    pattern: re(`upstream sent too big header while ${PHASE.header}`),
    example: line('error', 29, 'upstream sent too big header while reading response header from upstream', http(GET, UP)),
  },
  {
    id: 'upstream-invalid-header', level: 'error', clientStatus: 502, failure: true,
    summary: 'the backend sent a header line nginx cannot parse (bad character in a name, bare CR, an invalid status or Content-Length, …)',
    pattern: /^(?:upstream sent invalid (?:header(?:: "[\s\S]*| "[\s\S]*)?|:status "[\s\S]*|status "[\s\S]*|"Content-Length" header: "[\s\S]*)(?: while reading response header from upstream)?)$/,
    example: line('error', 31, 'upstream sent invalid header: "X-Bad\\x01..." while reading response header from upstream', http(GET, UP)),
  },
  {
    id: 'upstream-no-valid-http-header', level: 'error', clientStatus: null, failure: true,
    summary: 'the backend answered without an HTTP status line; nginx passes the bytes on as HTTP/0.9 (logged status 009), not a 502',
    pattern: re(`upstream sent no valid HTTP/1\\.0 header while ${PHASE.header}`),
    example: line('error', 33, 'upstream sent no valid HTTP/1.0 header while reading response header from upstream', http(GET, UP)),
  },
  {
    id: 'unix-socket-permission-denied', level: 'crit', clientStatus: 502, failure: true,
    summary: 'the nginx worker user may not connect to the backend unix socket (socket file mode or owner, SELinux)',
    pattern: re(`${CONNECT_UNIX} ${errno('EACCES')} while ${PHASE.connect}`),
    example: line('crit', 35, 'connect() to unix:/run/php/php8.2-fpm.sock failed (13: Permission denied) while connecting to upstream', http('GET /index.php HTTP/1.1', 'fastcgi://unix:/run/php/php8.2-fpm.sock:')),
  },
  {
    id: 'limiting-requests', level: 'error', clientStatus: 503, failure: true,
    summary: 'limit_req rejected the request (limit_req_status, 503 by default; limit_req_log_level moves the level); dry-run lines are not counted',
    pattern: re('limiting requests, excess: \\d+\\.\\d+ by zone "[^"]*"'),
    example: line('error', 37, 'limiting requests, excess: 1.852 by zone "one"', http(GET)),
  },
  {
    id: 'limiting-connections', level: 'error', clientStatus: 503, failure: true,
    summary: 'limit_conn rejected the request (limit_conn_status, 503 by default); dry-run lines are not counted',
    pattern: re('limiting connections by zone "[^"]*"'),
    example: line('error', 39, 'limiting connections by zone "addr"', http(GET)),
  },
  {
    id: 'worker-connections-not-enough', level: 'alert', clientStatus: 500, failure: true,
    summary: 'worker_connections is exhausted: 500 when it happens connecting to the backend; when accepting, the client connection is dropped',
    pattern: re(`\\d+ worker_connections are not enough(?: while ${PHASE.connect})?`),
    example: line('alert', 41, '1024 worker_connections are not enough while connecting to upstream', http(GET, UP)),
  },
  {
    id: 'upstream-host-not-found', level: 'error', clientStatus: 502, failure: true,
    summary: 'the resolver answered that the backend name (proxy_pass with a variable, or server … resolve) does not exist (NXDOMAIN)',
    pattern: re('\\S+ could not be resolved \\(3: Host not found\\)(?: while [a-z ]+)?'),
    example: line('error', 43, 'backend.internal could not be resolved (3: Host not found)', http(GET)),
  },
];
