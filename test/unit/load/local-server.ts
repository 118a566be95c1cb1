/** Raw TCP servers on port 0 that answer, or misbehave, on purpose: real sockets for driver tests. */
import { createServer, type Server, type Socket } from 'node:net';

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  atMs: number;
}

export interface LocalServer {
  baseUrl: string;
  received: ReceivedRequest[];
  close(): Promise<void>;
}

/**
 * A server that reads each request head (and its Content-Length body) and lets `answer` write
 * whatever it likes on the socket, one request at a time per connection.
 */
export async function localServer(answer: (request: ReceivedRequest, socket: Socket) => void): Promise<LocalServer> {
  const received: ReceivedRequest[] = [];
  const sockets = new Set<Socket>();
  const t0 = performance.now();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    let buffer = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      for (;;) {
        const end = buffer.indexOf('\r\n\r\n');
        if (end < 0) return;
        const [line, ...lines] = buffer.subarray(0, end).toString('latin1').split('\r\n');
        const headers = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
        const length = Number(headers['content-length'] ?? 0);
        if (buffer.length < end + 4 + length) return;
        buffer = buffer.subarray(end + 4 + length);
        const [method, path] = line!.split(' ');
        const request = { method: method!, path: path!, headers, atMs: performance.now() - t0 };
        received.push(request);
        answer(request, socket);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    received,
    close: () => new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    }),
  };
}

export function respond(socket: Socket, status: number, body = '', extra = ''): void {
  socket.write(`HTTP/1.1 ${status} X\r\nContent-Length: ${Buffer.byteLength(body)}\r\n${extra}\r\n${body}`);
}
