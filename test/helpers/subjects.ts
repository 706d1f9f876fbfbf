// Client certificates with subjects the project's issuer does not write (any attribute order, domain
// components, emailAddress, multi-valued RDNs, an empty subject), for verify_and_map tests. Signed by a CA
// from ./certs with its EC key; dates come from the caller (an injected clock), as everywhere in the tests.
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { webcrypto } from 'node:crypto';
import { privateKeyPem } from '../../server/src/core/ca/issue';
import { DAY, type CertFactory, type Material } from './certs';

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

export interface SubjectCertOptions {
  /** An RFC 4514 string as @peculiar/x509 parses it, first RDN first in DER: 'O=Acme, CN=alice', 'DC=com, DC=example, CN=x', ''. */
  subject: string;
  san?: { dns?: string[]; email?: string[]; uri?: string[] };
  eku?: string[];
}

let serial = 0x5000;

/** A leaf with exactly this subject, issued by `ca` (an EC CA from CertFactory), valid 30 days either side of `f.now`. */
export async function subjectCert(f: CertFactory, ca: Material, opts: SubjectCertOptions): Promise<Material> {
  const key = await f.key({ algorithm: 'EC' }, `subject:${serial}`);
  const names: x509.JsonGeneralName[] = [
    ...(opts.san?.dns ?? []).map((value) => ({ type: 'dns' as const, value })),
    ...(opts.san?.email ?? []).map((value) => ({ type: 'email' as const, value })),
    ...(opts.san?.uri ?? []).map((value) => ({ type: 'url' as const, value })),
  ];
  const extensions: x509.Extension[] = [
    new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
    new x509.ExtendedKeyUsageExtension(opts.eku ?? ['1.3.6.1.5.5.7.3.2'], false),
  ];
  if (names.length) extensions.push(new x509.SubjectAlternativeNameExtension(names, opts.subject === ''));
  extensions.push(await x509.AuthorityKeyIdentifierExtension.create(ca.issuer.cert, false));
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: (serial++).toString(16),
    subject: opts.subject,
    issuer: ca.issuer.cert.subject,
    notBefore: new Date(f.now.getTime() - 30 * DAY),
    notAfter: new Date(f.now.getTime() + 30 * DAY),
    publicKey: key.publicKey,
    signingKey: ca.issuer.key.privateKey,
    signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
    extensions,
  });
  const der = new Uint8Array(cert.rawData);
  return {
    issued: { cert, pem: cert.toString('pem') + '\n', der } as Material['issued'],
    key,
    pem: cert.toString('pem') + '\n',
    keyPem: await privateKeyPem(key),
    der,
    issuer: { cert, key },
  };
}
