import { X509Certificate, createPrivateKey, createPublicKey } from 'node:crypto';
import { createServer, connect } from 'node:tls';
import { describe, expect, it } from 'vitest';
import { fingerprint, makeThrowawayCertificate } from '../../../harness/runtime/throwaway-certificate.js';

describe('makeThrowawayCertificate', () => {
  const now = new Date('2026-11-28T10:00:00Z');
  const made = makeThrowawayCertificate('badgateway', now);
  const cert = new X509Certificate(made.certificatePem);

  it('is a self-signed X.509 certificate for localhost and 127.0.0.1, valid for a day', () => {
    expect(cert.subject).toBe('CN=badgateway');
    expect(cert.issuer).toBe('CN=badgateway');
    expect(cert.verify(cert.publicKey)).toBe(true);
    expect(cert.subjectAltName).toBe('DNS:localhost, IP Address:127.0.0.1');
    expect(new Date(cert.validFrom).getTime()).toBeLessThan(now.getTime());
    expect(new Date(cert.validTo).getTime()).toBe(now.getTime() + 24 * 3_600_000 - (now.getTime() % 1000));
    expect(cert.fingerprint256).toBe(fingerprint(made.certificatePem));
  });

  it('comes with the matching private key, and a new one each time', () => {
    const key = createPrivateKey(made.keyPem);
    expect(createPublicKey(key).export({ type: 'spki', format: 'der' }).equals(cert.publicKey.export({ type: 'spki', format: 'der' }))).toBe(true);
    expect(makeThrowawayCertificate().certificatePem).not.toBe(made.certificatePem);
  });

  it('serves a real TLS handshake', async () => {
    const fresh = makeThrowawayCertificate();
    const server = createServer({ cert: fresh.certificatePem, key: fresh.keyPem }, (socket) => socket.end('hello'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    const text = await new Promise<string>((resolve, reject) => {
      const socket = connect({ port, host: '127.0.0.1', ca: fresh.certificatePem, servername: 'localhost' }, () => undefined);
      let data = '';
      socket.on('data', (chunk) => { data += chunk.toString(); });
      socket.on('end', () => resolve(data));
      socket.on('error', reject);
    });
    server.close();
    expect(text).toBe('hello');
  });
});
