/** What a TLS backend and nginx get of the run's certificates: files to copy, and the backend's TLS settings. */
import type { BackendTlsConfig } from '../../../backends/tls/backend-tls.js';
import { PATHS, type BackendTlsSpec } from '../runtime.js';
import type { UpstreamCertificates } from './upstream-certificates.js';

export interface FileContent {
  content: string;
  target: string;
  mode: number;
}

export function backendTlsFiles(certificates: UpstreamCertificates, spec: BackendTlsSpec): { environment: Record<string, string>; files: FileContent[] } {
  const made = certificates.issue(spec);
  const config: BackendTlsConfig = { certificateFile: PATHS.backendCertificate, keyFile: PATHS.backendKey, names: [...spec.names], requireSni: spec.requireSni, handshake: spec.handshake };
  return {
    environment: { BADGATEWAY_TLS: JSON.stringify(config) },
    files: [
      { content: made.certificatePem, target: PATHS.backendCertificate, mode: 0o444 },
      // read by the backend's unprivileged user; the key never leaves the run's containers
      { content: made.keyPem, target: PATHS.backendKey, mode: 0o444 },
    ],
  };
}

/** The internal CA's certificate, for proxy_ssl_trusted_certificate. */
export function upstreamCaFile(certificates: UpstreamCertificates): FileContent {
  return { content: certificates.caCertificatePem, target: PATHS.upstreamCa, mode: 0o444 };
}
