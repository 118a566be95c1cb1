/**
 * Error-log lines as people paste them in issues and chats: behind each log shipper's prefix,
 * inside Docker's JSON, without the date or the whole prefix, from macOS, the stream module,
 * gRPC and HTTP/2 clients. Built from the formats nginx's source writes (ngx_log.c,
 * ngx_syslog.c, ngx_http_request.c, ngx_stream_proxy_module.c).
 */
import { describe, expect, it } from 'vitest';
import { readErrorLogLine } from '../../../harness/nginx/parse-error-log.js';

const LINE = '2026/11/21 10:00:00 [error] 29#29: *1 upstream timed out (110: Connection timed out) while reading response header from upstream, client: 172.18.0.1, server: _, request: "GET /slow HTTP/1.1", upstream: "http://172.18.0.2:8080/slow", host: "localhost"';
const READ = { signature: 'upstream-timed-out-reading-header', level: 'error', request: 'GET /slow HTTP/1.1', upstream: 'http://172.18.0.2:8080/slow', client: '172.18.0.1', server: '_', host: 'localhost', module: 'http' };

describe('lines behind a shipper', () => {
  it.each([
    ['docker compose v1', `web_1    | ${LINE}`],
    ['docker compose v2', `nginx-1  | ${LINE}`],
    ['kubectl --prefix', `[pod/nginx-7d9f8b-x2x9q/nginx] ${LINE}`],
    ['kubectl --timestamps', `2026-11-21T10:00:00.123456789Z ${LINE}`],
    ['stern', `nginx-7d9f8b-x2x9q nginx ${LINE}`],
    ['CRI (containerd) file', `2026-11-21T10:00:00.123456789Z stderr F ${LINE}`],
    ['journald', `Nov 21 10:00:00 web01 nginx[983478]: ${LINE}`],
    ['syslog from error_log syslog:', `<187>Nov 21 10:00:00 web01 nginx: ${LINE}`],
    ['Docker json-file', JSON.stringify({ log: `${LINE}\n`, stream: 'stderr', time: '2026-11-21T10:00:00.1Z' })],
    ['journalctl -o json', JSON.stringify({ MESSAGE: LINE, _PID: '983478' })],
    ['CRLF', `${LINE}\r`],
  ])('%s', (_name, pasted) => {
    const read = readErrorLogLine(pasted);
    expect(read).toMatchObject({ ...READ, time: '2026/11/21 10:00:00', connection: 1 });
  });

  it('says which shipper it took off', () => {
    expect(readErrorLogLine(LINE)?.shipper).toBeNull();
    expect(readErrorLogLine(`web_1 | ${LINE}`)?.shipper).toBe('prefix');
    expect(readErrorLogLine(JSON.stringify({ log: LINE }))?.shipper).toBe('json');
  });
});

describe('lines without nginx\'s prefix', () => {
  it('without the date: classified, no time', () => {
    expect(readErrorLogLine(LINE.slice(20))).toMatchObject({ ...READ, time: '', connection: 1 });
  });

  it('message and context only, also behind a compose prefix', () => {
    const bare = LINE.slice(LINE.indexOf('upstream timed out'));
    expect(readErrorLogLine(bare)).toMatchObject({ ...READ, time: '' });
    expect(readErrorLogLine(`app-nginx-1  | ${bare}`)).toMatchObject({ ...READ, time: '', shipper: 'prefix' });
  });

  it('a known message without any context', () => {
    expect(readErrorLogLine('connect() failed (111: Connection refused) while connecting to upstream')).toMatchObject({ signature: 'connect-refused', level: 'error', time: '', module: 'core' });
  });

  it('an unknown message with nginx\'s context is nginx\'s, unknown; without it, not nginx\'s', () => {
    expect(readErrorLogLine('something new happened, client: 1.2.3.4, server: x, request: "GET / HTTP/1.1"')).toMatchObject({ signature: 'unknown', level: 'none' });
    expect(readErrorLogLine('something new happened')).toMatchObject({ signature: 'unknown', level: 'unparsed' });
    expect(readErrorLogLine('127.0.0.1 - - [21/Aug/2022:17:07:44 +0100] "GET / HTTP/1.0" 200 4 "-" "ab"')?.level).toBe('unparsed');
  });
});

describe('other platforms and modules', () => {
  it('macOS: kevent and BSD errno numbers', () => {
    const line = '2022/08/21 17:07:44 [error] 31112#0: *4088 kevent() reported that connect() failed (61: Connection refused) while connecting to upstream, client: 127.0.0.1, server: , request: "GET /api/images.json HTTP/1.0", upstream: "http://[::1]:8084/images.json", host: "127.0.0.1:8080"';
    expect(readErrorLogLine(line)).toMatchObject({ signature: 'connect-refused', server: '', upstream: 'http://[::1]:8084/images.json' });
  });

  it('Alpine (musl) wording', () => {
    expect(readErrorLogLine(LINE.replace('Connection timed out', 'Operation timed out'))?.signature).toBe('upstream-timed-out-reading-header');
  });

  it('the stream module: listen address as server, upstream not followed by a request', () => {
    const line = '2026/11/21 10:00:00 [error] 29#29: *7 connect() failed (111: Connection refused) while connecting to upstream, client: 10.0.0.9, server: 0.0.0.0:5432, upstream: "10.0.0.2:5432", bytes from/to client:0/0, bytes from/to upstream:0/0';
    expect(readErrorLogLine(line)).toMatchObject({ signature: 'connect-refused', module: 'stream', server: '0.0.0.0:5432', upstream: '10.0.0.2:5432', client: '10.0.0.9' });
  });

  it('gRPC behind HTTP/2 clients', () => {
    const line = '2026/11/21 10:00:00 [error] 29#29: *9 upstream sent too large http2 frame: 4740180 while reading response header from upstream, client: 10.0.0.9, server: grpc.example.com, request: "POST /helloworld.Greeter/SayHello HTTP/2.0", upstream: "grpc://10.0.0.2:50051", host: "grpc.example.com:443"';
    expect(readErrorLogLine(line)).toMatchObject({ signature: 'grpc-protocol-error', request: 'POST /helloworld.Greeter/SayHello HTTP/2.0', upstream: 'grpc://10.0.0.2:50051' });
  });

  it('the resolver\'s own context', () => {
    const line = '2026/11/21 10:00:00 [error] 29#29: send() failed (111: Connection refused) while resolving, resolver: 127.0.0.11:53';
    expect(readErrorLogLine(line)).toMatchObject({ signature: 'resolver-unreachable', module: 'core' });
  });
});
