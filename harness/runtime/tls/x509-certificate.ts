/**
 * Builds and signs an X.509 v3 certificate with an ECDSA P-256 key (pure but for the key and the
 * serial drawn by node:crypto): a CA, or a server certificate for DNS names and IP addresses,
 * signed by a CA or by itself.
 */
import { generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import { bitString, boolean, integer, octetString, oid, pem, seq, set, tagged, time, utf8 } from './der.js';

const OID = {
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  commonName: '2.5.4.3',
  organization: '2.5.4.10',
  keyUsage: '2.5.29.15',
  subjectAltName: '2.5.29.17',
  basicConstraints: '2.5.29.19',
  extKeyUsage: '2.5.29.37',
  serverAuth: '1.3.6.1.5.5.7.3.1',
};

/** A certificate with its key: what signs others (a CA) or what a server presents. */
export interface Credential {
  certificatePem: string;
  keyPem: string;
  /** the subject, DER-encoded: the issuer field of what it signs */
  subjectDer: Buffer;
  privateKey: KeyObject;
}

export interface CertificateRequest {
  commonName: string;
  organization?: string;
  notBefore: Date;
  notAfter: Date;
  /** a CA: may sign other certificates (basicConstraints CA:TRUE, keyCertSign) */
  ca?: boolean;
  dnsNames?: readonly string[];
  /** IPv4 addresses, dotted */
  ipAddresses?: readonly string[];
}

/** Signs the request with the issuer's key, or with its own key when issuer is omitted (self-signed). */
export function issueCertificate(request: CertificateRequest, issuer?: Credential): Credential {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const subject = distinguishedName(request.commonName, request.organization);
  const algorithm = seq(oid(OID.ecdsaWithSha256));
  const serial = randomBytes(16);
  serial[0] = serial[0]! & 0x7f;
  const tbs = seq(
    tagged(0xa0, integer(Buffer.from([2]))),
    integer(serial),
    algorithm,
    issuer?.subjectDer ?? subject,
    seq(time(request.notBefore), time(request.notAfter)),
    subject,
    publicKey.export({ type: 'spki', format: 'der' }),
    tagged(0xa3, seq(...extensions(request))),
  );
  const signer = issuer?.privateKey ?? privateKey;
  const certificate = seq(tbs, algorithm, bitString(sign('sha256', tbs, signer)));
  return {
    certificatePem: pem('CERTIFICATE', certificate),
    keyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    subjectDer: subject,
    privateKey,
  };
}

function distinguishedName(commonName: string, organization?: string): Buffer {
  const rdns = organization ? [set(seq(oid(OID.organization), utf8(organization)))] : [];
  return seq(...rdns, set(seq(oid(OID.commonName), utf8(commonName))));
}

function extensions(request: CertificateRequest): Buffer[] {
  const extension = (id: string, critical: boolean, value: Buffer) => seq(oid(id), ...(critical ? [boolean(true)] : []), octetString(value));
  if (request.ca) {
    return [
      extension(OID.basicConstraints, true, seq(boolean(true))),
      // keyCertSign (bit 5) and cRLSign (bit 6): 0b0000_0110, one unused bit
      extension(OID.keyUsage, true, bitString(Buffer.from([0x06]), 1)),
    ];
  }
  const names = [
    ...(request.dnsNames ?? []).map((name) => tagged(0x82, Buffer.from(name, 'ascii'))),
    ...(request.ipAddresses ?? []).map((ip) => tagged(0x87, Buffer.from(ip.split('.').map(Number)))),
  ];
  return [
    extension(OID.basicConstraints, false, seq()),
    // digitalSignature (bit 0): 0b1000_0000, seven unused bits
    extension(OID.keyUsage, true, bitString(Buffer.from([0x80]), 7)),
    extension(OID.extKeyUsage, false, seq(oid(OID.serverAuth))),
    ...(names.length > 0 ? [extension(OID.subjectAltName, false, seq(...names))] : []),
  ];
}
