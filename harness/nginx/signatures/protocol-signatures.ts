/**
 * Signatures of what the backend sends (HTTP framing, FastCGI, gRPC / HTTP/2) and of the stream
 * module's TCP/UDP proxy. FastCGI's stderr is the application's own output, not a failure.
 */
import { errno, PHASE, re, type Signature } from '../signature-pattern.js';
import { exampleLine as line, http, stream } from './example-line.js';

const GET = 'GET /api/orders HTTP/1.1';
const UP = 'http://10.0.0.2:8080/api/orders';
const PHP = 'GET /index.php HTTP/1.1';
const FPM = 'fastcgi://unix:/run/php/php8.2-fpm.sock:';
const GRPC = 'POST /helloworld.Greeter/SayHello HTTP/2.0';
const GRPC_UP = 'grpc://10.0.0.2:50051';
const HEADER_OR_BODY = `(?:${PHASE.header}|${PHASE.body})`;

export const PROTOCOL_SIGNATURES: readonly Signature[] = [
  {
    id: 'upstream-duplicate-header', level: 'error', clientStatus: 502, failure: true,
    summary: 'the backend sent Content-Length or Transfer-Encoding twice, or both at once: nginx 1.23 and later answer 502 (1.22 passed it on)',
    pattern: re(`(?:upstream sent duplicate header line: "[\\s\\S]*", previous value: "[\\s\\S]*"(?<!, ignored)|upstream sent "Content-Length" and "Transfer-Encoding" headers at the same time) while ${PHASE.header}`),
    example: line('error', 75, 'upstream sent duplicate header line: "Content-Length: 5", previous value: "Content-Length: 3" while reading response header from upstream', http(GET, UP)),
  },
  {
    id: 'upstream-duplicate-header-ignored', level: 'warn', clientStatus: null, failure: false,
    summary: 'the backend sent a header nginx keeps only once (Last-Modified, Expires, X-Accel-*) twice: the second is ignored, the response goes through',
    pattern: re(`upstream sent duplicate header line: "[\\s\\S]*", previous value: "[\\s\\S]*", ignored while ${PHASE.header}`),
    example: line('warn', 77, 'upstream sent duplicate header line: "Expires: 0", previous value: "Expires: Thu, 01 Jan 1970 00:00:00 GMT", ignored while reading response header from upstream', http(GET, UP)),
  },
  {
    id: 'upstream-invalid-chunked', level: 'error', clientStatus: 200, failure: true,
    summary: 'the backend sent a malformed chunked body, after the status went out: the client gets a 200 with a cut body',
    pattern: re(`upstream sent invalid chunked response while (?:${PHASE.body}|sending to client)`),
    example: line('error', 79, 'upstream sent invalid chunked response while reading upstream', http(GET, UP)),
  },
  {
    id: 'upstream-extra-body-data', level: 'warn', clientStatus: null, failure: false,
    summary: 'the backend sent more body than its Content-Length, or data after the last chunk: nginx drops the extra and does not reuse the connection',
    pattern: re(`upstream sent (?:more data than specified in "Content-Length" header|data after final chunk)(?: while (?:${PHASE.body}|sending to client))?`),
    example: line('warn', 81, 'upstream sent more data than specified in "Content-Length" header while reading upstream', http(GET, UP)),
  },
  {
    id: 'upstream-response-buffered-to-file', level: 'warn', clientStatus: null, failure: false,
    summary: 'a response larger than the proxy buffers went to a temporary file (a size warning, not a failure)',
    pattern: re(`an upstream response is buffered to a temporary file \\S+ while ${HEADER_OR_BODY}`),
    example: line('warn', 83, 'an upstream response is buffered to a temporary file /var/cache/nginx/proxy_temp/4/08/0000000084 while reading upstream', http(GET, UP)),
  },
  {
    id: 'fastcgi-stderr', level: 'error', clientStatus: null, failure: false,
    summary: "the application's own output on stderr (PHP notices, its log lines), relayed by nginx: not a failure unless fastcgi_catch_stderr matches it",
    pattern: /^FastCGI sent in stderr: "(?!Primary script unknown")[\s\S]*$/,
    example: line('error', 85, 'FastCGI sent in stderr: "PHP message: PHP Warning:  Undefined variable $user in /var/www/html/index.php on line 12" while reading response header from upstream', http(PHP, FPM)),
  },
  {
    id: 'fastcgi-primary-script-unknown', level: 'error', clientStatus: 404, failure: false,
    summary: 'PHP-FPM found no script at SCRIPT_FILENAME: a 404 (wrong root or fastcgi_param SCRIPT_FILENAME), not a backend failure',
    pattern: re(`FastCGI sent in stderr: "Primary script unknown"(?: while ${HEADER_OR_BODY})?`),
    example: line('error', 87, 'FastCGI sent in stderr: "Primary script unknown" while reading response header from upstream', http('GET /missing.php HTTP/1.1', FPM)),
  },
  {
    id: 'fastcgi-closed-stdout', level: 'error', clientStatus: 502, failure: true,
    summary: 'the FastCGI backend ended the request before a complete header (the PHP worker died or was killed: request_terminate_timeout, a fatal error)',
    pattern: re(`upstream prematurely closed FastCGI (?:stdout|request) while ${PHASE.header}`),
    example: line('error', 89, 'upstream prematurely closed FastCGI stdout while reading response header from upstream', http(PHP, FPM)),
  },
  {
    id: 'fastcgi-protocol-mismatch', level: 'error', clientStatus: 502, failure: true,
    summary: 'the backend does not speak FastCGI (fastcgi_pass to an HTTP port: version 72 is the "H" of "HTTP/1.1")',
    pattern: re(`upstream sent (?:unsupported FastCGI protocol version: \\d+|invalid FastCGI record type: \\d+|unexpected FastCGI request id (?:high|low) byte: \\d+|unexpected FastCGI record: \\d+) while ${HEADER_OR_BODY}`),
    example: line('error', 91, 'upstream sent unsupported FastCGI protocol version: 72 while reading response header from upstream', http(PHP, 'fastcgi://10.0.0.2:8080')),
  },
  {
    id: 'grpc-stream-closed', level: 'error', clientStatus: 502, failure: true,
    summary: 'the gRPC (HTTP/2) backend closed the stream before its response header',
    pattern: re(`upstream prematurely closed stream while ${PHASE.header}`),
    example: line('error', 93, 'upstream prematurely closed stream while reading response header from upstream', http(GRPC, GRPC_UP)),
  },
  {
    id: 'grpc-rejected', level: 'error', clientStatus: 502, failure: true,
    summary: 'the HTTP/2 backend refused the stream (RST_STREAM) or the connection (GOAWAY) with an error code',
    pattern: re(`upstream (?:rejected request|sent goaway) with error \\d+ while ${HEADER_OR_BODY}`),
    example: line('error', 95, 'upstream rejected request with error 2 while reading response header from upstream', http(GRPC, GRPC_UP)),
  },
  {
    id: 'grpc-protocol-error', level: 'error', clientStatus: 502, failure: true,
    summary: 'the backend does not speak HTTP/2 as grpc_pass expects (an HTTP/1 or TLS port: its first bytes read as a huge frame)',
    pattern: re(`upstream sent (?:too large http2 frame: \\d+|unexpected http2 frame: \\d+|no :status header|invalid encoded header|truncated http2 header|too short http2 frame|invalid http2 table index: \\d+) while ${HEADER_OR_BODY}`),
    example: line('error', 97, 'upstream sent too large http2 frame: 4740180 while reading response header from upstream', http(GRPC, GRPC_UP)),
  },
  {
    id: 'upgraded-connection-timed-out', level: 'error', clientStatus: null, failure: false,
    summary: 'a WebSocket (upgraded) connection was idle longer than proxy_read_timeout / proxy_send_timeout and was closed: the 101 was answered long before',
    pattern: re(`(?:upstream|client) timed out ${errno('ETIMEDOUT')} while proxying upgraded connection`),
    example: line('error', 99, 'upstream timed out (110: Connection timed out) while proxying upgraded connection', http('GET /ws HTTP/1.1', 'http://10.0.0.2:8080/ws')),
  },
  {
    id: 'stream-upstream-timed-out', level: 'error', clientStatus: 502, failure: true,
    summary: 'stream module (UDP): the backend did not answer within proxy_timeout',
    pattern: re(`upstream timed out ${errno('ETIMEDOUT')} while proxying connection`),
    example: line('error', 101, 'upstream timed out (110: Connection timed out) while proxying connection', ', udp client: 203.0.113.7, server: 0.0.0.0:53, upstream: "10.0.0.2:53", bytes from/to client:40/0, bytes from/to upstream:0/40'),
  },
  {
    id: 'stream-idle-timeout', level: 'info', clientStatus: null, failure: false,
    summary: 'stream module: a TCP session was idle longer than proxy_timeout and was closed (normal for idle clients)',
    pattern: re(`connection timed out ${errno('ETIMEDOUT')} while proxying connection`),
    example: line('info', 103, 'connection timed out (110: Connection timed out) while proxying connection', stream('10.0.0.2:5432')),
  },
  {
    id: 'stream-session', level: 'info', clientStatus: null, failure: false,
    summary: 'stream module: a session connected, ended, or a UDP session timed out after its answers (not a failure)',
    pattern: re('(?:client|upstream) disconnected, bytes from/to client:\\d+/\\d+, bytes from/to upstream:\\d+/\\d+|udp timed out, packets from/to client:\\d+/\\d+, bytes from/to client:\\d+/\\d+, bytes from/to upstream:\\d+/\\d+|(?:udp )?proxy \\S+ connected to \\S+(?: while [a-z ]+)?'),
    example: '2026/11/21 10:00:00 [info] 29#29: *105 client disconnected, bytes from/to client:1024/2048, bytes from/to upstream:2048/1024',
  },
];
