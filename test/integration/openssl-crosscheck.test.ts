// Our certificate model against OpenSSL, an independent parser: for every certificate in the shared corpus
// of real NATS repositories, the subject (RFC 2253), issuer, serial, notBefore/notAfter, SHA-256
// fingerprint and SPKI hash must equal what `openssl x509` prints; certificate counts per file and key
// SPKI hashes too. Then certificates OpenSSL itself makes with awkward names (escapes, multi-valued RDNs,
// UTF-8, BMP and T61 strings, unknown attributes).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parsePemFile } from '../../server/src/core/x509/pem';
import type { CertInfo, PemFile } from '../../server/src/core/x509/model';
import { CertFactory, writeFixtureDir } from '../helpers/certs';
import { corpusPath, corpusTool, describeWith, find, opensslTool } from '../helpers/tools';

const corpus = corpusPath();
const OPENSSL = find(opensslTool) ?? 'openssl';
const hasCorpus = find(corpusTool) !== undefined;

function openssl(args: string[], input?: Uint8Array): string {
  const r = spawnSync(OPENSSL, args, { input, maxBuffer: 16 << 20 });
  if (r.status !== 0) throw new Error(`openssl ${args.join(' ')}: ${r.stderr}`);
  return r.stdout.toString('latin1');
}

interface OpensslView {
  subject: string;
  issuer: string;
  serial: string;
  notBefore: number;
  notAfter: number;
  fingerprint: string;
  spkiSha256: string;
}

function opensslView(der: Uint8Array): OpensslView {
  const out = openssl(
    [
      'x509',
      '-inform',
      'DER',
      '-noout',
      '-subject',
      '-issuer',
      '-serial',
      '-startdate',
      '-enddate',
      '-fingerprint',
      '-sha256',
      '-nameopt',
      'RFC2253',
      '-pubkey',
    ],
    der,
  );
  const get = (prefix: string): string => {
    const line = out.split('\n').find((l) => l.startsWith(prefix));
    if (line === undefined) throw new Error(`no ${prefix} in openssl output:\n${out}`);
    return line.slice(prefix.length);
  };
  const pub = /-----BEGIN PUBLIC KEY-----([\s\S]*?)-----END PUBLIC KEY-----/.exec(out)![1]!;
  return {
    subject: get('subject='),
    issuer: get('issuer='),
    serial: get('serial='),
    notBefore: new Date(get('notBefore=')).getTime(),
    notAfter: new Date(get('notAfter=')).getTime(),
    fingerprint: get('sha256 Fingerprint=') || get('SHA256 Fingerprint='),
    spkiSha256: createHash('sha256')
      .update(Buffer.from(pub.replace(/\s+/g, ''), 'base64'))
      .digest('hex'),
  };
}

function ourView(c: CertInfo): OpensslView {
  return {
    subject: c.subject,
    issuer: c.issuer,
    serial: c.serial,
    notBefore: c.notBefore.getTime(),
    notAfter: c.notAfter.getTime(),
    fingerprint: c.sha256Fingerprint,
    spkiSha256: c.publicKey.spkiSha256,
  };
}

function load(file: string): PemFile {
  const bytes = fs.readFileSync(file);
  return parsePemFile(bytes, { path: file, size: bytes.length, mtimeMs: 0 });
}

function walk(dir: string, out: string[] = []): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (e.isFile() && fs.statSync(p).size <= 1 << 20) out.push(p);
  }
  return out;
}

describeWith([opensslTool, corpusTool], 'the shared corpus: every certificate as OpenSSL reads it', () => {
  const all = hasCorpus ? walk(corpus) : [];
  const certFiles = all.filter((p) => fs.readFileSync(p, 'latin1').includes('-----BEGIN CERTIFICATE-----')).sort();
  const keyFiles = all.filter((p) => /-----BEGIN (RSA |EC )?PRIVATE KEY-----/.test(fs.readFileSync(p, 'latin1'))).sort();

  test('the corpus has certificate and key files to check', () => {
    assert.ok(certFiles.length >= 100, `only ${certFiles.length} certificate files under ${corpus}`);
    assert.ok(keyFiles.length >= 50, `only ${keyFiles.length} key files under ${corpus}`);
  });

  test('subject, issuer, serial, validity, SHA-256 fingerprint and SPKI hash of every certificate', () => {
    let checked = 0;
    const mismatches: string[] = [];
    for (const file of certFiles) {
      const parsed = load(file);
      assert.deepEqual(parsed.badCerts, [], file);
      for (const c of parsed.certs) {
        const want = opensslView(c.der);
        const got = ourView(c);
        if (JSON.stringify(got) !== JSON.stringify(want))
          mismatches.push(
            `${path.relative(corpus, file)}#${c.index}\n  openssl: ${JSON.stringify(want)}\n  ours:    ${JSON.stringify(got)}`,
          );
        checked++;
      }
    }
    assert.deepEqual(mismatches, []);
    assert.ok(checked >= certFiles.length, `checked ${checked} certificates`);
    console.log(`openssl-crosscheck: ${checked} certificates in ${certFiles.length} files agree with OpenSSL`);
  });

  test('the first certificate of each file is the one `openssl x509 -in FILE` reads, and the counts agree', () => {
    for (const file of certFiles) {
      const parsed = load(file);
      const first = openssl(['x509', '-in', file, '-noout', '-fingerprint', '-sha256'])
        .trim()
        .replace(/^(sha256|SHA256) Fingerprint=/, '');
      assert.equal(parsed.certs[0]?.sha256Fingerprint, first, file);
      const listed = openssl(['crl2pkcs7', '-nocrl', '-certfile', file]);
      const count = openssl(['pkcs7', '-print_certs', '-noout'], Buffer.from(listed, 'latin1'))
        .split('\n')
        .filter((l) => l.startsWith('subject=')).length;
      assert.equal(parsed.certs.length, count, file);
    }
  });

  test("the public key of every unencrypted private key matches OpenSSL's", () => {
    let checked = 0;
    for (const file of keyFiles) {
      const parsed = load(file);
      const key = parsed.keys.find((k) => !k.encrypted);
      if (!key) continue;
      const spki = openssl(['pkey', '-in', file, '-pubout', '-outform', 'DER']);
      assert.equal(key.publicKey?.spkiSha256, createHash('sha256').update(Buffer.from(spki, 'latin1')).digest('hex'), file);
      checked++;
    }
    assert.ok(checked >= 50, `checked ${checked} keys`);
  });
});

describeWith([opensslTool], 'awkward names, made by OpenSSL and by our issuer', () => {
  const subjects: [string, string[]][] = [
    ['/CN=a\\,b\\+c/O=Acme\\; Inc./C=US', []],
    ['/CN=\\#hash/OU= lead and trail /O=x=y', []],
    ['/CN=Zürich/O=Société Générale/L=東京', ['-utf8']],
    ['/CN=multi+OU=valued/O=Org', ['-multivalue-rdn']],
    ['/emailAddress=ops@nats.test/DC=nats/DC=test/UID=u42/serialNumber=1234/CN=with attributes', []],
    // Known to `req` through the config's new_oids, unknown to `x509` (and to us): printed as a DER dump.
    ['/natsTlsTestAttr=custom/CN=unknown attribute', []],
    ['/CN=back\\\\slash "quoted" <angle>', []],
  ];
  const stringMasks = ['utf8only', 'default', 'pkix', 'nombstr'];

  test('certificates from `openssl req -x509` with escapes, UTF-8, BMP/T61 strings and unknown OIDs', () => {
    const dir = writeFixtureDir({});
    try {
      let n = 0;
      const seen: string[] = [];
      for (const mask of stringMasks) {
        const cnf = path.join(dir.dir, `${mask}.cnf`);
        fs.writeFileSync(
          cnf,
          `oid_section = new_oids\n[new_oids]\nnatsTlsTestAttr = 1.2.3.4.5\n[req]\ndistinguished_name = dn\nstring_mask = ${mask}\n[dn]\n`,
        );
        for (const [subj, extra] of subjects) {
          const out = path.join(dir.dir, `c${n++}.pem`);
          const keyOut = path.join(dir.dir, 'k.pem');
          const r = spawnSync(OPENSSL, [
            'req',
            '-x509',
            '-config',
            cnf,
            '-newkey',
            'ec',
            '-pkeyopt',
            'ec_paramgen_curve:P-256',
            '-nodes',
            '-keyout',
            keyOut,
            '-out',
            out,
            '-days',
            '1',
            '-subj',
            subj,
            ...extra,
          ]);
          if (r.status !== 0) continue; // a subject this string mask cannot encode
          const c = load(out).certs[0]!;
          assert.deepEqual(ourView(c), opensslView(c.der), `${mask}: ${subj}`);
          assert.equal(c.selfSigned, true);
          seen.push(c.subject);
        }
      }
      assert.equal(n, subjects.length * stringMasks.length);
      assert.ok(seen.length >= 20, `only ${seen.length} subjects could be made`);
      for (const want of [
        'CN=a\\,b\\+c',
        'CN=\\#hash',
        'OU=\\ lead and trail\\ ',
        'CN=Z\\C3\\BCrich',
        'OU=valued+CN=multi',
        '1.2.3.4.5=#',
      ]) {
        assert.ok(
          seen.some((s) => s.includes(want)),
          `no subject with ${want} in ${JSON.stringify(seen)}`,
        );
      }
    } finally {
      dir.cleanup();
    }
  });

  test('certificates from our issuer: names with escapes and non-ASCII, every key type', async () => {
    const f = new CertFactory();
    const root = await f.ca({ subject: { CN: 'Root, with comma', O: 'Zürich GmbH', C: 'CH' } });
    const leaves = [
      await f.leaf(root, { cn: 'quote"semi;lt<gt>+plus' }),
      await f.leaf(root, { cn: 'rsa', key: { algorithm: 'RSA', bits: 2048 } }),
      await f.leaf(root, { cn: 'ed', key: { algorithm: 'Ed25519' } }),
      await f.leaf(root, { cn: 'p521', key: { algorithm: 'EC', curve: 'P-521' }, hash: 'SHA-512' }),
    ];
    for (const m of [root, ...leaves]) {
      const c = load(writeOnce(m.pem)).certs[0]!;
      assert.deepEqual(ourView(c), opensslView(c.der), c.subject);
    }
  });
});

let tmp: ReturnType<typeof writeFixtureDir> | undefined;
let tmpN = 0;
function writeOnce(content: string): string {
  tmp ??= writeFixtureDir({});
  const p = tmp.path(`g${tmpN++}.pem`);
  fs.writeFileSync(p, content);
  return p;
}
process.on('exit', () => tmp?.cleanup());
