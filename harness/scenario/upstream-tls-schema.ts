/**
 * A fake backend that speaks TLS (nginx proxies to it with proxy_pass https://): the certificate
 * the run makes for it (who signed it, whether it is current, the names it is for), whether it
 * requires SNI, and whether it completes the handshake at all.
 */
import { z } from 'zod';
import { HOST_NAME } from './host-name.js';

/**
 * Behaviours served through the backend's HTTP server (a request handler), which TLS can wrap;
 * the others take the socket over themselves (a unit test keeps this list true).
 */
export const TLS_CAPABLE_BEHAVIORS = ['ok', 'slow', 'crash', 'oom', 'cpu-bound', 'keepalive-close', 'big-header'] as const;

export const backendTlsSchema = z.strictObject({
  issuer: z
    .enum(['internal-ca', 'other-ca', 'self'])
    .default('internal-ca')
    .describe('Who signed the certificate: the run\'s internal CA (nginx trusts it with proxy_ssl_trusted_certificate internal-ca), another CA nginx is never given, or the certificate itself.'),
  validity: z.enum(['current', 'expired', 'not-yet-valid']).default('current').describe('current: valid now; expired: ended yesterday; not-yet-valid: starts tomorrow.'),
  names: z
    .array(z.string().regex(HOST_NAME, 'is not a DNS name (lower case, e.g. api.internal)'))
    .min(1)
    .max(8)
    .optional()
    .describe('DNS names the certificate is for. Default: the names nginx checks by default (backend, the upstream block) plus the backend\'s and the replica\'s names.'),
  require_sni: z.boolean().default(false).describe('A handshake without SNI, or with a name the certificate is not for, fails with a handshake_failure alert (as CDNs and multi-tenant TLS front ends do).'),
  handshake: z.enum(['complete', 'stall']).default('complete').describe('stall: the backend accepts the connection, reads the ClientHello and never answers it.'),
});

export type BackendTls = z.output<typeof backendTlsSchema>;
