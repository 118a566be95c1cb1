import { X509Certificate } from 'node:crypto';
import { connect, createServer } from 'node:tls';
import { describe, expect, it } from 'vitest';
import { UpstreamCertificates, type ServerCertificateSpec } from '../../../harness/runtime/tls/upstream-certificates.js';

const now = new Date('2026-11-28T10:00:00Z');
const made = new UpstreamCertificates(now);
const ca = new X509Certificate(made.caCertificatePem);
const spec = (over: Partial<ServerCertificateSpec> = {}): ServerCertificateSpec => ({ issuer: 'internal-ca', validity: 'current', names: ['backend', 'app-1'], ...over });
const x509 = (over: Partial<ServerCertificateSpec> = {}) => new X509Certificate(made.issue(spec(over)).certificatePem);

describe('UpstreamCertificates', () => {
  it('has a self-signed CA that may sign certificates', () => {
    expect(ca.ca).toBe(true);
    expect(ca.subject).toBe('O=badgateway\nCN=badgateway internal CA');
    expect(ca.verify(ca.publicKey)).toBe(true);
  });

  it('issues a current server certificate signed by the CA, for the names asked', () => {
    const cert = x509();
    expect(cert.ca).toBe(false);
    expect(cert.issuer).toBe(ca.subject);
    expect(cert.verify(ca.publicKey)).toBe(true);
    expect(cert.checkIssued(ca)).toBe(true);
    expect(cert.subjectAltName).toBe('DNS:backend, DNS:app-1');
    expect(cert.checkHost('app-1')).toBe('app-1');
    expect(cert.checkHost('api.internal')).toBeUndefined();
    expect(cert.keyUsage).toEqual(['1.3.6.1.5.5.7.3.1']);
    expect(new Date(cert.validFrom).getTime()).toBeLessThan(now.getTime());
    expect(new Date(cert.validTo).getTime()).toBeGreaterThan(now.getTime());
  });

  it('issues expired and not-yet-valid certificates', () => {
    expect(new Date(x509({ validity: 'expired' }).validTo).getTime()).toBeLessThan(now.getTime());
    expect(new Date(x509({ validity: 'not-yet-valid' }).validFrom).getTime()).toBeGreaterThan(now.getTime());
  });

  it('signs with another CA, or with the certificate itself, which the internal CA does not verify', () => {
    const other = x509({ issuer: 'other-ca' });
    expect(other.issuer).toBe('O=badgateway\nCN=badgateway other CA');
    expect(other.verify(ca.publicKey)).toBe(false);
    const self = x509({ issuer: 'self' });
    expect(self.issuer).toBe(self.subject);
    expect(self.verify(self.publicKey)).toBe(true);
    expect(self.verify(ca.publicKey)).toBe(false);
  });

  it('makes certificates OpenSSL reads every time (a random serial is encoded in DER\'s minimal form)', () => {
    for (let i = 0; i < 300; i++) expect(() => new X509Certificate(made.issue(spec()).certificatePem)).not.toThrow();
  });

  it('puts dotted IPv4 names in IP address entries', () => {
    expect(x509({ names: ['backend', '10.0.0.2'] }).subjectAltName).toBe('DNS:backend, IP Address:10.0.0.2');
  });
});

describe('UpstreamCertificates in a real TLS handshake (what OpenSSL says, as nginx would)', () => {
  const live = new UpstreamCertificates();

  async function handshake(over: Partial<ServerCertificateSpec>, servername = 'backend'): Promise<string> {
    const cert = live.issue(spec(over));
    const server = createServer({ cert: cert.certificatePem, key: cert.keyPem }, (socket) => socket.end('hello'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    try {
      return await new Promise<string>((resolve) => {
        const socket = connect({ port, host: '127.0.0.1', ca: live.caCertificatePem, servername }, () => undefined);
        let data = '';
        socket.on('data', (chunk: Buffer) => { data += chunk.toString(); });
        socket.on('end', () => resolve(data));
        socket.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
      });
    } finally {
      server.close();
    }
  }

  it('verifies a current certificate of the internal CA for its name', async () => {
    expect(await handshake({})).toBe('hello');
  });

  it('refuses the wrong name, an expired certificate, another CA and a self-signed one', async () => {
    expect(await handshake({}, 'api.internal')).toBe('ERR_TLS_CERT_ALTNAME_INVALID');
    expect(await handshake({ validity: 'expired' })).toBe('CERT_HAS_EXPIRED');
    expect(await handshake({ validity: 'not-yet-valid' })).toBe('CERT_NOT_YET_VALID');
    expect(await handshake({ issuer: 'other-ca' })).toBe('UNABLE_TO_VERIFY_LEAF_SIGNATURE') // OpenSSL's 21: the only certificate's issuer is unknown;
    expect(await handshake({ issuer: 'self' })).toBe('DEPTH_ZERO_SELF_SIGNED_CERT');
  });
});
