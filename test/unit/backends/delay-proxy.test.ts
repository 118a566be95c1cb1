import { connect, createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startDelayProxy } from '../../../backends/delay-proxy/delay-proxy.js';

const servers: Server[] = [];
afterEach(() => { for (const s of servers.splice(0)) s.close(); });

async function listening(server: Server): Promise<number> {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as { port: number }).port;
}

/** Sends the request through the proxy; resolves with what came back and how long it took. */
function exchange(port: number, request: string): Promise<{ text: string; ms: number }> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const socket = connect({ port, host: '127.0.0.1' }, () => socket.end(request));
    let text = '';
    socket.on('data', (chunk: Buffer) => { text += chunk.toString(); });
    socket.on('end', () => resolve({ text, ms: performance.now() - t0 }));
    socket.on('error', reject);
  });
}

describe('startDelayProxy', () => {
  it('forwards to the backend on loopback and holds what the backend sends for the delay, in order', async () => {
    const backendPort = await listening(createServer({ allowHalfOpen: true }, (s) => {
      s.on('data', (chunk: Buffer) => { s.write(`1:${chunk.toString()}`); setTimeout(() => s.end(' 2'), 20); });
    }));
    const proxy = await startDelayProxy({ listenPort: 0, targetPort: backendPort, delayMs: 150 });
    servers.push(proxy);
    const { text, ms } = await exchange((proxy.address() as { port: number }).port, 'hello');
    expect(text).toBe('1:hello 2');
    expect(ms).toBeGreaterThanOrEqual(150);
  });

  it('passes data without delay when the delay is 0, and closes the client when the backend is gone', async () => {
    const backendPort = await listening(createServer({ allowHalfOpen: true }, (s) => s.pipe(s)));
    const proxy = await startDelayProxy({ listenPort: 0, targetPort: backendPort, delayMs: 0 });
    servers.push(proxy);
    const port = (proxy.address() as { port: number }).port;
    expect((await exchange(port, 'x'.repeat(100_000))).text).toHaveLength(100_000);
    servers.shift()!.close();
    await new Promise((resolve) => setTimeout(resolve, 10));
    const closed = new Promise<string>((resolve) => {
      const socket = connect({ port, host: '127.0.0.1' });
      socket.on('close', () => resolve('closed'));
      socket.on('error', () => undefined);
    });
    expect(await closed).toBe('closed');
  });
});
