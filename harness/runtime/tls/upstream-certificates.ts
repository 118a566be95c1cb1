/**
 * The certificates of a run's TLS backends, made for the run and never written outside its
 * containers: an internal CA (what nginx may trust through proxy_ssl_trusted_certificate), server
 * certificates it signs (current, expired, or not yet valid, for the names asked), and for the
 * cases nginx must refuse, certificates signed by another CA it is never given or by themselves.
 */
import { issueCertificate, type Credential } from './x509-certificate.js';

export type CertificateIssuer = 'internal-ca' | 'other-ca' | 'self';
export type CertificateValidity = 'current' | 'expired' | 'not-yet-valid';

export interface ServerCertificateSpec {
  issuer: CertificateIssuer;
  validity: CertificateValidity;
  /** DNS names (and dotted IPv4 addresses) the certificate is for */
  names: readonly string[];
}

export interface ServerCertificate {
  certificatePem: string;
  keyPem: string;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

export class UpstreamCertificates {
  private readonly internal: Credential;
  private other?: Credential;

  constructor(private readonly now: Date = new Date()) {
    this.internal = this.authority('badgateway internal CA');
  }

  /** The internal CA's certificate: the file proxy_ssl_trusted_certificate names. */
  get caCertificatePem(): string {
    return this.internal.certificatePem;
  }

  issue(spec: ServerCertificateSpec): ServerCertificate {
    const t = this.now.getTime();
    const [from, to] = spec.validity === 'expired' ? [t - 30 * DAY_MS, t - DAY_MS] : spec.validity === 'not-yet-valid' ? [t + DAY_MS, t + 30 * DAY_MS] : [t - HOUR_MS, t + DAY_MS];
    const issuer = spec.issuer === 'self' ? undefined : spec.issuer === 'internal-ca' ? this.internal : (this.other ??= this.authority('badgateway other CA'));
    const made = issueCertificate({
      commonName: spec.names[0] ?? 'backend',
      organization: 'badgateway',
      notBefore: new Date(from),
      notAfter: new Date(to),
      dnsNames: spec.names.filter((n) => !IPV4.test(n)),
      ipAddresses: spec.names.filter((n) => IPV4.test(n)),
    }, issuer);
    return { certificatePem: made.certificatePem, keyPem: made.keyPem };
  }

  private authority(commonName: string): Credential {
    const t = this.now.getTime();
    return issueCertificate({ commonName, organization: 'badgateway', notBefore: new Date(t - DAY_MS), notAfter: new Date(t + 30 * DAY_MS), ca: true });
  }
}
