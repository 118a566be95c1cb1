/**
 * A fake backend that speaks TLS: its HTTP server behind a TLS handshake with the certificate the
 * run made for it. It can require SNI (a handshake without a server name it has a certificate for
 * fails with a handshake_failure alert, as CDNs and multi-tenant TLS front ends do), or stall the
 * handshake (it accepts the connection, reads the ClientHello and never answers).
 */
import { readFileSync } from 'node:fs';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createNetServer, type Server as NetServer } from 'node:net';
import type { RequestListener, Server } from 'node:http';
import { createSecureContext } from 'node:tls';

export interface BackendTlsConfig {
  certificateFile: string;
  keyFile: string;
  /** the names the certificate is for; with requireSni, the only server names it accepts */
  names: string[];
  requireSni: boolean;
  handshake: 'complete' | 'stall';
}

/** The HTTPS server for the behaviour's request handler. */
export function createTlsServer(config: BackendTlsConfig, app: RequestListener): Server {
  const credentials = { cert: readFileSync(config.certificateFile), key: readFileSync(config.keyFile) };
  if (!config.requireSni) return createHttpsServer(credentials, app);
  const context = createSecureContext(credentials);
  // No default certificate: a ClientHello without a server name it serves gets no certificate,
  // and OpenSSL ends the handshake with a handshake_failure alert.
  return createHttpsServer({ SNICallback: (name, done) => done(null, config.names.includes(name.toLowerCase()) ? context : undefined) }, app);
}

/** A listener that accepts connections and never answers the ClientHello. */
export function createStalledHandshakeServer(onConnection: () => void): NetServer {
  return createNetServer((socket) => {
    onConnection();
    socket.on('data', () => undefined);
    socket.on('error', () => undefined);
  });
}
