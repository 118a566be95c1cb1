/** The FastCGI transport end to end in this process: a FastCGI client, the bridge, a behaviour's server. */
import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createFastcgiBridge, httpRequestHead } from '../../../backends/fastcgi/fastcgi-bridge.js';
import { beginRequest, encodeParams, encodeRecords, RECORD, RecordReader, type FcgiRecord } from '../../../backends/fastcgi/records.js';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

async function listening(server: Server): Promise<number> {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

/** A behaviour that sees each request's head and does what `answer` says with the socket. */
async function behaviour(answer: (socket: Socket, head: string) => void): Promise<{ port: number; heads: string[] }> {
  const heads: string[] = [];
  const port = await listening(createServer((socket) => {
    let text = '';
    socket.on('error', () => undefined);
    socket.on('data', (b: Buffer) => {
      text += b.toString('latin1');
      if (!text.includes('\r\n\r\n')) return;
      heads.push(text);
      answer(socket, text);
    });
  }));
  return { port, heads };
}

interface Outcome { records: FcgiRecord[]; error?: string; closed: boolean }

/** Sends one FastCGI request and collects what comes back until the connection ends or the request does. */
async function request(port: number, params: Record<string, string>, options: { keepConn?: boolean; body?: string } = {}): Promise<Outcome> {
  const socket = connect({ host: '127.0.0.1', port });
  const reader = new RecordReader();
  const records: FcgiRecord[] = [];
  const body = Buffer.from(options.body ?? '');
  socket.write(Buffer.concat([
    beginRequest(1, options.keepConn ?? false), encodeRecords(RECORD.params, 1, encodeParams(params)), encodeRecords(RECORD.params, 1, Buffer.alloc(0)),
    ...(body.length > 0 ? [encodeRecords(RECORD.stdin, 1, body)] : []), encodeRecords(RECORD.stdin, 1, Buffer.alloc(0)),
  ]));
  return new Promise((resolve) => {
    socket.on('data', (b: Buffer) => {
      records.push(...reader.push(b));
      if (options.keepConn && records.some((r) => r.type === RECORD.endRequest)) {
        resolve({ records, closed: false });
        socket.destroy();
      }
    });
    socket.on('error', (e: NodeJS.ErrnoException) => resolve({ records, error: e.code, closed: true }));
    socket.on('close', () => resolve({ records, closed: true }));
  });
}

const GET = { REQUEST_METHOD: 'GET', REQUEST_URI: '/index.php?x=1', HTTP_HOST: 'example.com', HTTP_X_REQUEST_ID: 'abc', HTTP_CONNECTION: 'keep-alive' };
const stdout = (o: Outcome) => Buffer.concat(o.records.filter((r) => r.type === RECORD.stdout).map((r) => r.content)).toString('latin1');

describe('FastCGI bridge', () => {
  it('hands the request to the behaviour as HTTP and its answer back as a FastCGI response', async () => {
    const { port: behaviorPort, heads } = await behaviour((s) => s.end('HTTP/1.1 200 OK\r\nContent-Length: 3\r\nConnection: close\r\n\r\nok\n'));
    const counts = { connections: 0, requests: 0 };
    const port = await listening(createFastcgiBridge({ behaviorPort, counts }));
    const outcome = await request(port, { ...GET, REQUEST_METHOD: 'POST', CONTENT_TYPE: 'application/json', CONTENT_LENGTH: '2' }, { body: '{}' });
    expect(stdout(outcome)).toBe('Status: 200 OK\r\nContent-Length: 3\r\n\r\nok\n');
    expect(outcome.records.at(-1)?.type).toBe(RECORD.endRequest);
    expect(heads[0]).toMatch(/^POST \/index\.php\?x=1 HTTP\/1\.1\r\nHost: example\.com\r\nX-Request-Id: abc\r\nContent-Type: application\/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n/);
    expect(counts).toEqual({ connections: 1, requests: 1 });
  });

  it('closes the FastCGI connection without a response when the behaviour closes first, and resets it when the behaviour resets', async () => {
    const closing = await behaviour((s) => s.end());
    const closed = await request(await listening(createFastcgiBridge({ behaviorPort: closing.port, counts: { connections: 0, requests: 0 } })), GET);
    expect(closed).toMatchObject({ closed: true, records: [] });
    expect(closed.error).toBeUndefined();
    const resetting = await behaviour((s) => s.resetAndDestroy());
    const reset = await request(await listening(createFastcgiBridge({ behaviorPort: resetting.port, counts: { connections: 0, requests: 0 } })), GET);
    expect(reset).toMatchObject({ closed: true, error: 'ECONNRESET' });
  });

  it('passes a body cut short on as it is and closes without FCGI_END_REQUEST', async () => {
    const { port: behaviorPort } = await behaviour((s) => s.end('HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc'));
    const outcome = await request(await listening(createFastcgiBridge({ behaviorPort, counts: { connections: 0, requests: 0 } })), GET);
    expect(stdout(outcome)).toBe('Status: 200 OK\r\nContent-Length: 10\r\n\r\nabc');
    expect(outcome.records.some((r) => r.type === RECORD.endRequest)).toBe(false);
    expect(outcome).toMatchObject({ closed: true });
    expect(outcome.error).toBeUndefined();
  });

  it('keeps the connection with FCGI_KEEP_CONN and serves the next request on it', async () => {
    const { port: behaviorPort } = await behaviour((s) => s.end('HTTP/1.1 204 No Content\r\n\r\n'));
    const counts = { connections: 0, requests: 0 };
    const port = await listening(createFastcgiBridge({ behaviorPort, counts }));
    const outcome = await request(port, GET, { keepConn: true });
    expect(outcome.closed).toBe(false);
    expect(stdout(outcome)).toBe('Status: 204 No Content\r\n\r\n');
  });

  it('builds the HTTP request head from the params nginx sends', () => {
    expect(httpRequestHead({ REQUEST_METHOD: 'HEAD', SCRIPT_NAME: '/index.php', HTTP_ACCEPT_ENCODING: 'gzip', CONTENT_LENGTH: '0' }))
      .toBe('HEAD /index.php HTTP/1.1\r\nAccept-Encoding: gzip\r\nConnection: close\r\n\r\n');
  });
});
