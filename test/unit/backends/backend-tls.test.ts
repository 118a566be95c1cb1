import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'node:tls';
import { afterAll, describe, expect, it } from 'vitest';
import { createStalledHandshakeServer, createTlsServer, type BackendTlsConfig } from '../../../backends/tls/backend-tls.js';
import { UpstreamCertificates } from '../../../harness/runtime/tls/upstream-certificates.js';

const dir = mkdtempSync(join(tmpdir(), 'bg-tls-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const made = new UpstreamCertificates();
const cert = made.issue({ issuer: 'internal-ca', validity: 'current', names: ['backend', 'app-1'] });
writeFileSync(join(dir, 'cert.pem'), cert.certificatePem);
writeFileSync(join(dir, 'key.pem'), cert.keyPem);
const config = (over: Partial<BackendTlsConfig> = {}): BackendTlsConfig => ({
  certificateFile: join(dir, 'cert.pem'), keyFile: join(dir, 'key.pem'), names: ['backend', 'app-1'], requireSni: false, handshake: 'complete', ...over,
});

/** One HTTPS request; resolves with the status line, or the TLS error code. */
async function request(port: number, servername?: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1', ca: made.caCertificatePem, ...(servername !== undefined ? { servername } : { checkServerIdentity: () => undefined }) }, () => {
      socket.end('GET / HTTP/1.1\r\nHost: backend\r\nConnection: close\r\n\r\n');
    });
    let text = '';
    socket.on('data', (chunk: Buffer) => { text += chunk.toString(); });
    socket.on('end', () => resolve(text.split('\r\n')[0]!));
    socket.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
  });
}

async function serve(over: Partial<BackendTlsConfig>): Promise<{ port: number; close: () => void }> {
  const server = createTlsServer(config(over), (_req, res) => res.end('ok'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as AddressInfo).port, close: () => server.close() };
}

describe('createTlsServer', () => {
  it('serves HTTP over TLS with the certificate made for it, with or without SNI', async () => {
    const { port, close } = await serve({});
    expect(await request(port, 'backend')).toBe('HTTP/1.1 200 OK');
    expect(await request(port)).toBe('HTTP/1.1 200 OK');
    close();
  });

  it('requiring SNI, fails a handshake without a server name it serves with a handshake_failure alert', async () => {
    const { port, close } = await serve({ requireSni: true });
    expect(await request(port, 'app-1')).toBe('HTTP/1.1 200 OK');
    expect(await request(port)).toBe('ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE');
    expect(await request(port, 'other.internal')).toBe('ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE');
    close();
  });
});

describe('createStalledHandshakeServer', () => {
  it('accepts the connection and never answers the ClientHello', async () => {
    let connections = 0;
    const server = createStalledHandshakeServer(() => connections++);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    const outcome = await new Promise<string>((resolve) => {
      const socket = connect({ port, host: '127.0.0.1', servername: 'backend' }, () => resolve('handshake completed'));
      socket.on('error', (error: Error) => resolve(error.message));
      setTimeout(() => { socket.destroy(); resolve('no answer'); }, 300);
    });
    server.close();
    expect(outcome).toBe('no answer');
    expect(connections).toBe(1);
  });
});
