// Test certificates, generated at test time on the project's own issuer (server/src/core/ca/issue.ts).
// Every date comes from the factory's injected clock; nothing is written anywhere except by
// `writeFixtureDir`, which uses a fresh temporary folder and removes it on cleanup.
import { createPrivateKey, generateKeyPairSync, sign } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  generateKeyPair,
  issueCertificate,
  privateKeyPem,
  type CertTemplate,
  type DistinguishedName,
  type HashName,
  type Issued,
  type Issuer,
  type KeyPair,
  type KeySpec,
  type KeyUsageName,
} from '../../server/src/core/ca/issue';

export const DAY = 86_400_000;
/** The default test clock: certificates are valid around it unless a builder says otherwise. */
export const TEST_NOW = new Date('2026-01-01T00:00:00Z');

/** A certificate with its key, in the forms tests write to files. */
export interface Material {
  issued: Issued;
  key: KeyPair;
  /** The certificate as PEM (one block, trailing newline). */
  pem: string;
  /** The private key as unencrypted PKCS#8 PEM. */
  keyPem: string;
  der: Uint8Array;
  /** For issuing further certificates from this one. */
  issuer: Issuer;
}

export interface LeafOptions {
  cn?: string;
  subject?: DistinguishedName;
  /** Omit for no subjectAltName extension at all. */
  san?: CertTemplate['san'];
  /** Default ['serverAuth', 'clientAuth']; [] for no extension (any use). */
  eku?: string[];
  keyUsage?: KeyUsageName[];
  notBefore?: Date;
  notAfter?: Date;
  key?: KeySpec;
  hash?: HashName;
  basicConstraints?: CertTemplate['basicConstraints'];
  serial?: string;
}

export interface CaOptions {
  cn?: string;
  subject?: DistinguishedName;
  key?: KeySpec;
  pathLen?: number;
  /** Default CA:TRUE; pass { ca: false } for a "CA" that is not one, or null for no extension. */
  basicConstraints?: CertTemplate['basicConstraints'] | null;
  keyUsage?: KeyUsageName[];
  nameConstraints?: CertTemplate['nameConstraints'];
  eku?: string[];
  notBefore?: Date;
  notAfter?: Date;
  hash?: HashName;
}

/** Issues test certificates relative to `now`; keys are cached per spec to keep suites fast. */
export class CertFactory {
  private readonly keyCache = new Map<string, Promise<KeyPair>>();
  private counter = 0;

  constructor(readonly now: Date = TEST_NOW) {}

  /** A fresh key (cached by `slot`, so 'a' and 'b' give two different P-256 keys). */
  key(spec: KeySpec = { algorithm: 'EC' }, slot = ''): Promise<KeyPair> {
    const id = JSON.stringify(spec) + slot;
    let k = this.keyCache.get(id);
    if (!k) this.keyCache.set(id, (k = generateKeyPair(spec)));
    return k;
  }

  private async material(template: CertTemplate, key: KeyPair, issuer?: Issuer): Promise<Material> {
    const issued = await issueCertificate({ serial: (++this.counter).toString(16).padStart(4, '0') + '01', ...template }, key, issuer);
    const keyPem = await privateKeyPem(key);
    return { issued, key, pem: issued.pem, keyPem, der: issued.der, issuer: { cert: issued.cert, key } };
  }

  /** A root CA (self-signed, CA:TRUE critical, keyCertSign+cRLSign), valid a year either side of now. */
  async ca(opts: CaOptions = {}): Promise<Material> {
    return this.caUnder(undefined, opts);
  }

  /** An intermediate CA signed by `parent`. */
  async intermediate(parent: Material, opts: CaOptions = {}): Promise<Material> {
    return this.caUnder(parent, { cn: 'Test Intermediate', ...opts });
  }

  private async caUnder(parent: Material | undefined, opts: CaOptions): Promise<Material> {
    const key = await this.key(opts.key, `ca:${opts.cn ?? 'Test Root CA'}:${this.counter}`);
    const bc =
      opts.basicConstraints === null
        ? undefined
        : (opts.basicConstraints ?? { ca: true, ...(opts.pathLen !== undefined ? { pathLen: opts.pathLen } : {}), critical: true });
    const template: CertTemplate = {
      subject: opts.subject ?? { CN: opts.cn ?? 'Test Root CA', O: 'nats-tls tests' },
      notBefore: opts.notBefore ?? new Date(this.now.getTime() - 365 * DAY),
      notAfter: opts.notAfter ?? new Date(this.now.getTime() + 365 * DAY),
      ...(bc ? { basicConstraints: bc } : {}),
      keyUsage: opts.keyUsage ?? ['keyCertSign', 'cRLSign'],
      ...(opts.nameConstraints ? { nameConstraints: opts.nameConstraints } : {}),
      ...(opts.eku?.length ? { extKeyUsage: opts.eku } : {}),
      ...(opts.hash ? { hash: opts.hash } : {}),
    };
    return this.material(template, key, parent?.issuer);
  }

  /** A leaf (server+client by default, SANs localhost/127.0.0.1/::1) signed by `issuer`, or self-signed. */
  async leaf(issuer: Material | undefined, opts: LeafOptions = {}): Promise<Material> {
    const key = await this.key(opts.key, `leaf:${this.counter}`);
    const eku = opts.eku ?? ['serverAuth', 'clientAuth'];
    const template: CertTemplate = {
      subject: opts.subject ?? { CN: opts.cn ?? 'server-main' },
      notBefore: opts.notBefore ?? new Date(this.now.getTime() - 30 * DAY),
      notAfter: opts.notAfter ?? new Date(this.now.getTime() + 90 * DAY),
      ...('san' in opts ? (opts.san ? { san: opts.san } : {}) : { san: { dns: ['localhost'], ip: ['127.0.0.1', '::1'] } }),
      ...(eku.length ? { extKeyUsage: eku } : {}),
      keyUsage: opts.keyUsage ?? ['digitalSignature', 'keyEncipherment'],
      ...(opts.basicConstraints ? { basicConstraints: opts.basicConstraints } : {}),
      ...(opts.hash ? { hash: opts.hash } : {}),
      ...(opts.serial ? { serial: opts.serial } : {}),
    };
    return this.material(template, key, issuer?.issuer);
  }

  /** Expired `days` ago (valid for a year before that). */
  expired(issuer: Material | undefined, days = 12, opts: LeafOptions = {}): Promise<Material> {
    const notAfter = new Date(this.now.getTime() - days * DAY);
    return this.leaf(issuer, { cn: 'expired', notBefore: new Date(notAfter.getTime() - 365 * DAY), notAfter, ...opts });
  }

  /** Becomes valid `days` from now. */
  notYetValid(issuer: Material | undefined, days = 3, opts: LeafOptions = {}): Promise<Material> {
    const notBefore = new Date(this.now.getTime() + days * DAY);
    return this.leaf(issuer, { cn: 'not-yet-valid', notBefore, notAfter: new Date(notBefore.getTime() + 365 * DAY), ...opts });
  }

  rsa1024(issuer: Material | undefined): Promise<Material> {
    return this.leaf(issuer, { cn: 'rsa-1024', key: { algorithm: 'RSA', bits: 1024 } });
  }

  sha1Signed(issuer: Material): Promise<Material> {
    return this.leaf(issuer, { cn: 'sha1-signed', hash: 'SHA-1' });
  }

  /** No subjectAltName at all: only the legacy Common Name. */
  cnOnly(issuer: Material | undefined, cn = 'localhost'): Promise<Material> {
    return this.leaf(issuer, { cn, san: undefined });
  }

  /** A certificate marked CA:FALSE that is nevertheless used to sign `leaf`. */
  async notACa(): Promise<{ fakeCa: Material; leaf: Material }> {
    const fakeCa = await this.ca({
      cn: 'Not A CA',
      basicConstraints: { ca: false, critical: true },
      keyUsage: ['digitalSignature', 'keyCertSign'],
    });
    return { fakeCa, leaf: await this.leaf(fakeCa, { cn: 'signed-by-non-ca' }) };
  }

  /** A CA limited to localhost/.test/127.0.0.0/8 and a leaf it issued for a name outside that. */
  async outsideConstraints(dns = 'nats.example.com'): Promise<{ ca: Material; leaf: Material }> {
    const ca = await this.ca({ cn: 'Constrained CA', nameConstraints: { permitted: ['localhost', '.test', '127.0.0.0/8'] } });
    return { ca, leaf: await this.leaf(ca, { cn: dns, san: { dns: [dns] } }) };
  }
}

/** PKCS#8 encrypted with a passphrase (`-----BEGIN ENCRYPTED PRIVATE KEY-----`), as `step` writes by default. */
export function encryptedPkcs8(keyPem: string, passphrase = 'test-passphrase'): string {
  return createPrivateKey(keyPem).export({ format: 'pem', type: 'pkcs8', cipher: 'aes-256-cbc', passphrase }) as string;
}

/** Legacy OpenSSL encryption (`Proc-Type: 4,ENCRYPTED` in an RSA PRIVATE KEY block). RSA keys only. */
export function legacyEncryptedPkcs1(keyPem: string, passphrase = 'test-passphrase'): string {
  return createPrivateKey(keyPem).export({ format: 'pem', type: 'pkcs1', cipher: 'aes-256-cbc', passphrase }) as string;
}

/** `-----BEGIN RSA PRIVATE KEY-----` (PKCS#1). */
export function pkcs1Pem(keyPem: string): string {
  return createPrivateKey(keyPem).export({ format: 'pem', type: 'pkcs1' }) as string;
}

/** `-----BEGIN EC PRIVATE KEY-----` (SEC1). */
export function sec1Pem(keyPem: string): string {
  return createPrivateKey(keyPem).export({ format: 'pem', type: 'sec1' }) as string;
}

/** The DER bytes of the first PEM block. */
export function pemToDer(pem: string): Uint8Array {
  const m = /-----BEGIN [^-]+-----\r?\n([\s\S]*?)-----END /.exec(pem);
  if (!m) throw new Error('no PEM block');
  return new Uint8Array(Buffer.from(m[1]!.replace(/[^A-Za-z0-9+/=]/g, ''), 'base64'));
}

/** Every base64 line of every PEM block in `pem` (to prove none of them leaks into output). */
export function base64Lines(pem: string): string[] {
  return pem.split(/\r?\n/).filter((l) => l.length >= 16 && /^[A-Za-z0-9+/=]+$/.test(l));
}

/** Keys node:crypto can make but these helpers' issuer cannot: for key-type tests only. */
export function nodeKeyPem(type: 'ed25519' | 'ed448' | 'x25519' | 'dsa' | 'rsa-pss', opts: Record<string, unknown> = {}): string {
  const extra = type === 'dsa' ? { modulusLength: 2048, divisorLength: 256 } : type === 'rsa-pss' ? { modulusLength: 2048 } : {};
  const { privateKey } = generateKeyPairSync(type as 'ed25519', { ...extra, ...opts } as object);
  return privateKey.export({ format: 'pem', type: 'pkcs8' }) as string;
}

/** Files written to a fresh temporary folder; `cleanup` removes the folder. */
export interface FixtureDir {
  /** The folder, with symbolic links resolved (as the engine and nats-server report paths). */
  dir: string;
  path(name: string): string;
  /** Writes one more file (creating its folders) with the folder's modes; returns its absolute path. */
  write(name: string, content: string | Uint8Array): string;
  cleanup(): void;
}

export interface FixtureDirOptions {
  /** Start of the folder's name, to tell leftovers of different suites apart. */
  prefix?: string;
  /** The POSIX mode to give a file, by its name; undefined leaves the default (umask). */
  mode?: (name: string) => number | undefined;
}

/** 0600 for files with "key" in their name, as a careful user keeps private keys (no key-permissions warning). */
export const privateKeys = (name: string): number | undefined => (/key/.test(path.basename(name)) ? 0o600 : undefined);

export function writeFixtureDir(files: Record<string, string | Uint8Array>, opts: FixtureDirOptions = {}): FixtureDir {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), opts.prefix ?? 'nats-tls-certs-')));
  const fd: FixtureDir = {
    dir,
    path: (name) => path.join(dir, name),
    write(name, content) {
      const p = path.join(dir, name);
      fs.mkdirSync(path.dirname(p), { recursive: true });
      fs.writeFileSync(p, content);
      const mode = opts.mode?.(name);
      if (mode !== undefined) fs.chmodSync(p, mode);
      return p;
    },
    cleanup: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
  for (const [name, content] of Object.entries(files)) fd.write(name, content);
  return fd;
}

/**
 * The common broken and working layouts, keyed by file name: a tidy set to write with writeFixtureDir.
 * `chain.pem` is leaf+intermediate, `chain-reversed.pem` intermediate first, `combined.pem` cert+key.
 */
export async function scenarioFiles(
  f: CertFactory,
): Promise<{ files: Record<string, string | Uint8Array>; root: Material; inter: Material; leaf: Material }> {
  const root = await f.ca();
  const inter = await f.intermediate(root);
  const leaf = await f.leaf(inter);
  return {
    root,
    inter,
    leaf,
    files: {
      'ca.pem': root.pem,
      'chain.pem': leaf.pem + inter.pem,
      'chain-reversed.pem': inter.pem + leaf.pem,
      'leaf-key.pem': leaf.keyPem,
      'combined.pem': leaf.pem + inter.pem + leaf.keyPem,
      'swapped-cert.pem': leaf.keyPem,
      'swapped-key.pem': leaf.pem,
      'leaf-key-encrypted.pem': encryptedPkcs8(leaf.keyPem),
      'leaf-key-sec1.pem': sec1Pem(leaf.keyPem),
      'leaf.der': leaf.der,
      'leaf-key.der': pemToDer(leaf.keyPem),
      'empty.pem': '',
      'garbage.pem': 'this is not a certificate\n',
    },
  };
}

/**
 * The same certificate as X.509 v1 (no version field, no extensions), signed again with its own key: the
 * self-signed roots old tooling (and `openssl x509 -req` without -extfile) still makes. Go accepts them as
 * trust anchors and lets them sign.
 */
export function asV1(m: Material): string {
  // Loaded lazily: only the few tests that need a v1 certificate pay for the ASN.1 schema.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { AsnConvert } = require('@peculiar/asn1-schema') as typeof import('@peculiar/asn1-schema');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Certificate, Version } = require('@peculiar/asn1-x509') as typeof import('@peculiar/asn1-x509');
  const cert = AsnConvert.parse(Buffer.from(m.der), Certificate);
  cert.tbsCertificate.version = Version.v1;
  delete (cert.tbsCertificate as { extensions?: unknown }).extensions;
  const tbs = Buffer.from(AsnConvert.serialize(cert.tbsCertificate));
  const signature = sign('sha256', tbs, createPrivateKey(m.keyPem));
  cert.signatureValue = new Uint8Array(signature).buffer;
  const der = Buffer.from(AsnConvert.serialize(cert));
  return `-----BEGIN CERTIFICATE-----\n${der
    .toString('base64')
    .replace(/(.{64})/g, '$1\n')
    .replace(/\n?$/, '\n')}-----END CERTIFICATE-----\n`;
}
