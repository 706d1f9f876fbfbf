// Renewal: a fresh certificate for an expiring or expired leaf, from the CA that issued it, with the same
// names and profile (server or client), keeping its key when the key file is at hand. Pure like scaffold.ts:
// returns a file plan; the CLI or the editor writes it.
import 'reflect-metadata'; // before @peculiar/x509, whichever module loads first
import * as x509 from '@peculiar/x509';
import { webcrypto } from 'node:crypto';
import { parsePemFile } from '../x509/pem';
import type { CertInfo } from '../x509/model';
import {
  generateKeyPair,
  importPrivateKeyPem,
  issueCertificate,
  keyBelongsTo,
  privateKeyPem,
  type DistinguishedName,
  type Issuer,
  type KeyPair,
  type KeySpec,
} from './issue';
import {
  clientTemplate,
  cnLooksLikeHost,
  constraintViolations,
  LEAF_VALIDITY_DAYS,
  leafValidity,
  LOOPBACK_HOSTS,
  nameConstraintsOf,
  serverTemplate,
  splitHosts,
} from './profiles';
import { FILE_MODES, PlanError, summarize, type FilePlan, type PlannedFile } from './scaffold';
import type { Algorithm, Crypto } from './web-crypto';

export interface RenewOptions {
  now: Date;
  /** The file that holds the certificate: the name it gets in the plan, and its bytes. */
  certFile: { relativePath: string; bytes: Uint8Array };
  /** Which certificate in that file (0 = the first, the leaf in a chain file). */
  index?: number;
  /** The key to keep (the block's key_file). Without it, or when it cannot be read, a new key is made. */
  key?: { pem: string };
  /** Where a new key goes in the plan (default `<cert name>-key.pem`). */
  newKeyPath?: string;
  days?: number;
  crypto?: Crypto;
}

export interface RenewPlan extends FilePlan {
  role: 'server' | 'client';
  /** The key file is kept as it is (only the certificate file is written). */
  keptKey: boolean;
  /** The certificate that is replaced. */
  old: { subject: string; notBefore: Date; notAfter: Date };
}

const DN_FIELDS = ['CN', 'O', 'OU', 'C', 'ST', 'L'] as const;

/** The key type of the old certificate, so a new key is of the same kind. */
function specOf(cert: x509.X509Certificate): KeySpec {
  const alg = cert.publicKey.algorithm as Algorithm & { namedCurve?: string; modulusLength?: number };
  if (alg.name === 'ECDSA')
    return { algorithm: 'EC', curve: (['P-256', 'P-384', 'P-521'] as const).find((c) => c === alg.namedCurve) ?? 'P-256' };
  if (alg.name === 'Ed25519') return { algorithm: 'Ed25519' };
  const bits = alg.modulusLength === 3072 || alg.modulusLength === 4096 ? alg.modulusLength : 2048;
  return { algorithm: 'RSA', bits };
}

function subjectOf(cert: x509.X509Certificate, notes: string[]): DistinguishedName {
  const dn: DistinguishedName = {};
  for (const f of DN_FIELDS) {
    const v = cert.subjectName.getField(f);
    if (v.length) dn[f] = v[0]!;
  }
  const kept = new Set<string>(DN_FIELDS);
  const dropped = cert.subjectName
    .toJSON()
    .flatMap((rdn) => Object.keys(rdn))
    .filter((k) => !kept.has(k));
  if (dropped.length) notes.push(`subject attributes ${[...new Set(dropped)].join(', ')} are not carried over`);
  return dn;
}

function roleOf(info: CertInfo): 'server' | 'client' {
  const eku = info.extKeyUsage;
  if (eku?.includes('serverAuth') || eku?.includes('any')) return 'server';
  if (eku?.includes('clientAuth')) return 'client';
  return info.san && (info.san.dns.length || info.san.ip.length) ? 'server' : 'client';
}

/** Where a renewed certificate's new key goes by default: `<name>-key.pem` beside `<name>.pem`. */
export function renewedKeyFile(certFile: string): string {
  return `${certFile.replace(/\.(pem|crt|cer)$/i, '')}-key.pem`;
}

/** Plans the renewal of one certificate by `ca`. Throws PlanError when it cannot be done as asked. */
export async function planRenew(ca: Issuer, opts: RenewOptions): Promise<RenewPlan> {
  const crypto = opts.crypto ?? (webcrypto as unknown as Crypto);
  const name = opts.certFile.relativePath;
  const pem = parsePemFile(opts.certFile.bytes, { path: name, size: opts.certFile.bytes.length, mtimeMs: 0 });
  const index = opts.index ?? 0;
  const info = pem.certs[index];
  if (!info)
    throw new PlanError(
      pem.certs.length
        ? `${name} has no certificate ${index + 1} (it holds ${pem.certs.length})`
        : `${name} holds no readable PEM certificate`,
    );
  // A combined cert+key file would lose its key if rewritten with certificates only.
  if (pem.keys.length) throw new PlanError(`${name} holds a private key as well; split it into a certificate file and a key file first`);
  if (info.isCA) throw new PlanError(`${info.subject} is a CA certificate; make a new CA instead of renewing it`);
  const old = new x509.X509Certificate(info.der);
  const issuedByCa =
    old.issuer === ca.cert.subject && (await old.verify({ publicKey: ca.cert, signatureOnly: true }, crypto).catch(() => false));
  if (!issuedByCa) throw new PlanError(`${info.subject} was not issued by ${ca.cert.subject}`);
  if (ca.cert.notAfter.getTime() <= opts.now.getTime())
    throw new PlanError(`the CA ${ca.cert.subject} expired on ${ca.cert.notAfter.toISOString()}; make a new one`);

  const notes: string[] = [];
  const role = roleOf(info);
  const subject = subjectOf(old, notes);
  const cn = subject.CN ?? info.subjectCN ?? '';

  // The key: the block's key_file when it loads, else a new one of the same kind as the old certificate's.
  let key: KeyPair | undefined;
  let keyPem: string | undefined;
  if (opts.key) {
    try {
      key = await importPrivateKeyPem(opts.key.pem, crypto);
      if (!(await keyBelongsTo(key, old, crypto)))
        notes.push(
          'the key file did not belong to the old certificate; the renewed one is issued for the key file, so the pair matches again',
        );
    } catch {
      // The reason may quote the key's text: say only that it could not be used.
      notes.push('the key file cannot be read as an unencrypted PEM key: a new key is made');
      key = undefined;
    }
  }
  const keptKey = key !== undefined;
  if (!key) {
    key = await generateKeyPair(specOf(old), crypto);
    keyPem = await privateKeyPem(key, crypto);
  }

  const validity = leafValidity(opts.now, opts.days ?? LEAF_VALIDITY_DAYS, ca.cert.notAfter);
  if (validity.clamped)
    notes.push(
      `the certificate ends with its CA on ${validity.notAfter.toISOString()}, before the ${opts.days ?? LEAF_VALIDITY_DAYS} days asked for`,
    );
  const common = { name: cn, now: opts.now, key: key.spec, caNotAfter: ca.cert.notAfter, ...(opts.days ? { days: opts.days } : {}) };
  const nc = nameConstraintsOf(ca.cert);
  let template;
  if (role === 'server') {
    let { dns, ip } = splitHosts([...(info.san?.dns ?? []), ...(info.san?.ip ?? [])]);
    if (dns.length + ip.length === 0) {
      // Go ignores the CN of a certificate without SANs; give the renewed one names clients can verify.
      ({ dns, ip } = splitHosts(cn && cnLooksLikeHost(cn) ? [cn] : LOOPBACK_HOSTS));
      notes.push(`the old certificate had no subjectAltName; the renewed one names ${[...dns, ...ip].join(', ')}`);
    }
    if (info.san?.email.length || info.san?.uri.length) notes.push('email and URI names of the old certificate are not carried over');
    const bad = nc ? constraintViolations(nc, { dns, ip, cn }) : [];
    if (bad.length) throw new PlanError(`the CA's name constraints forbid ${bad.join(', ')}`);
    template = serverTemplate({ ...common, dns, ip });
  } else {
    const email = info.san?.email ?? [];
    const bad = nc ? constraintViolations(nc, { email, cn }) : [];
    if (bad.length) throw new PlanError(`the CA's name constraints forbid ${bad.join(', ')}`);
    template = clientTemplate({ ...common, email });
  }
  const issued = await issueCertificate({ ...template, subject }, key, ca, crypto);

  // The rest of the file (a chain after the leaf) stays as it was.
  const blocks = pem.certs.map((c, i) => (i === index ? issued.pem.trimEnd() : x509.PemConverter.encode(c.der, 'CERTIFICATE').trimEnd()));
  const files: PlannedFile[] = [
    { relativePath: name, contents: blocks.join('\n') + '\n', mode: FILE_MODES.certificate, kind: 'certificate' },
  ];
  if (keyPem !== undefined) {
    const keyPath = opts.newKeyPath ?? renewedKeyFile(name);
    files.push({ relativePath: keyPath, contents: keyPem, mode: FILE_MODES.key, kind: 'key' });
  }
  return {
    files,
    certificates: [summarize(name, role, issued.cert)],
    notes,
    role,
    keptKey,
    old: { subject: info.subject, notBefore: info.notBefore, notAfter: info.notAfter },
  };
}
