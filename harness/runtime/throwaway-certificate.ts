/**
 * A self-signed TLS certificate made for one run (ECDSA P-256, valid for a day, for localhost and
 * 127.0.0.1), so that a `listen ... ssl` server of the user's config is served over real TLS.
 * Node can sign but not build an X.509 certificate, so its DER is written here; it never leaves
 * the run (it is copied into the nginx container and forgotten).
 */
import { createHash, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { bitString, integer, oid, pem, seq, set, tagged, time, utf8 } from './tls/der.js';

export interface ThrowawayCertificate {
  certificatePem: string;
  keyPem: string;
}

const OID = {
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  commonName: '2.5.4.3',
  subjectAltName: '2.5.29.17',
  basicConstraints: '2.5.29.19',
};

export function makeThrowawayCertificate(commonName = 'badgateway', now = new Date()): ThrowawayCertificate {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  const name = seq(set(seq(oid(OID.commonName), utf8(commonName))));
  const algorithm = seq(oid(OID.ecdsaWithSha256));
  const serial = randomBytes(16);
  serial[0] = serial[0]! & 0x7f; // a positive INTEGER
  const notBefore = new Date(now.getTime() - 60_000);
  const notAfter = new Date(now.getTime() + 24 * 3_600_000);
  const altNames = seq(tagged(0x82, Buffer.from('localhost')), tagged(0x87, Buffer.from([127, 0, 0, 1])));
  const extensions = seq(
    seq(oid(OID.basicConstraints), tagged(0x04, seq())),
    seq(oid(OID.subjectAltName), tagged(0x04, altNames)),
  );
  const tbs = seq(
    tagged(0xa0, integer(Buffer.from([2]))),
    integer(serial),
    algorithm,
    name,
    seq(time(notBefore), time(notAfter)),
    name,
    spki,
    tagged(0xa3, extensions),
  );
  const signature = sign('sha256', tbs, privateKey);
  const certificate = seq(tbs, algorithm, bitString(signature));
  return { certificatePem: pem('CERTIFICATE', certificate), keyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() };
}

/** SHA-256 fingerprint of a PEM certificate, "AB:CD:…", for messages. */
export function fingerprint(certificatePem: string): string {
  const der = Buffer.from(certificatePem.replace(/-----[^-]+-----|\s/g, ''), 'base64');
  return createHash('sha256').update(der).digest('hex').toUpperCase().match(/../g)!.join(':');
}
