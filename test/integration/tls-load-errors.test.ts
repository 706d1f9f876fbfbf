// Every load-time TLS finding, confirmed by the real nats-server: on the same fixture, `nats-server -t`
// fails, and its reason is the one our message quotes. The oracle is nats-server 2.9.10 (test/helpers/oracles.ts;
// the oldest release Debian ships), and our check targets that version here.
import { before } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { openDocument } from '../../server/src/core/document';
import { Project } from '../../server/src/core/project';
import { DEFAULT_SETTINGS } from '../../server/src/core/tls/model';
import { nodeFs } from '../../server/src/node-fs';
import { nodeHost } from '../../server/src/node-host';
import { CertFactory, encryptedPkcs8, writeFixtureDir, type FixtureDir, type Material } from '../helpers/certs';
import { natsServerCheck } from '../helpers/nats-server';
import { find, oracleTool, testWith } from '../helpers/tools';

const nats2910 = oracleTool('2.9.10');

interface Case {
  code: string;
  conf: string;
  files?: () => Record<string, string>;
  /** Text both nats-server's output and our message contain. */
  reason: string;
}

const now = new Date();
const f = new CertFactory(now);
let ca: Material;
let leaf: Material;
let other: Material;
let inter: Material;
let viaInter: Material;

before(async () => {
  ca = await f.ca();
  leaf = await f.leaf(ca);
  other = await f.leaf(ca, { cn: 'other' });
  inter = await f.intermediate(ca);
  viaInter = await f.leaf(inter);
});

const pair = (cert: string, key: string, extra = ''): string => `tls {\n  cert_file: "${cert}"\n  key_file: "${key}"\n${extra}}\n`;
const good = (): Record<string, string> => ({ 'c.pem': leaf.pem, 'k.pem': leaf.keyPem, 'ca.pem': ca.pem });

const CASES: Case[] = [
  {
    code: 'unknown-field',
    conf: pair('c.pem', 'k.pem', '  verfy: true\n'),
    files: good,
    reason: 'error parsing tls config, unknown field ["verfy"]',
  },
  {
    code: 'client-auth-field',
    conf: pair('c.pem', 'k.pem', '  client_auth: true\n'),
    files: good,
    reason: 'unknown field ["client_auth"]',
  },
  { code: 'invalid-value', conf: pair('c.pem', 'k.pem', '  verify: "true"\n'), files: good, reason: "expected 'verify' to be a boolean" },
  {
    code: 'invalid-value',
    conf: pair('c.pem', 'k.pem', '  cipher_suites: [ "TLS_BOGUS" ]\n'),
    files: good,
    reason: 'unrecognized cipher TLS_BOGUS',
  },
  {
    code: 'invalid-value',
    conf: pair('c.pem', 'k.pem', '  pinned_certs: [ "abc" ]\n'),
    files: good,
    reason: "'pinned_certs' key abc does not look like",
  },
  { code: 'invalid-value', conf: pair('c.pem', 'k.pem', '  timeout: "soon"\n'), files: good, reason: `'timeout' time: invalid duration` },
  { code: 'invalid-value', conf: 'tls: true\n', reason: 'interface conversion: interface {} is bool, not map[string]interface {}' },
  { code: 'missing-key-file', conf: 'tls {\n  cert_file: "c.pem"\n}\n', files: good, reason: "missing 'key_file' in TLS configuration" },
  { code: 'missing-cert-file', conf: 'tls {\n  key_file: "k.pem"\n}\n', files: good, reason: "missing 'cert_file' in TLS configuration" },
  { code: 'file-not-found', conf: pair('missing.pem', 'k.pem'), files: good, reason: 'open missing.pem: no such file or directory' },
  {
    code: 'file-not-found',
    conf: pair('c.pem', 'k.pem', '  ca_file: "nope.pem"\n  verify: true\n'),
    files: good,
    reason: 'open nope.pem: no such file or directory',
  },
  {
    code: 'not-pem',
    conf: pair('junk.pem', 'k.pem'),
    files: () => ({ ...good(), 'junk.pem': 'hello\n' }),
    reason: 'tls: failed to find any PEM data in certificate input',
  },
  {
    code: 'not-pem',
    conf: pair('c.pem', 'k.pem', '  ca_file: "junk.pem"\n  verify: true\n'),
    files: () => ({ ...good(), 'junk.pem': 'hello\n' }),
    reason: 'failed to parse root ca certificate',
  },
  {
    code: 'wrong-pem-type',
    conf: pair('k.pem', 'k.pem'),
    files: good,
    reason: 'failed to find certificate PEM data in certificate input, but did find a private key',
  },
  {
    code: 'wrong-pem-type',
    conf: pair('c.pem', 'c.pem'),
    files: good,
    reason: 'found a certificate rather than a key in the PEM for the private key',
  },
  { code: 'pem-swapped', conf: pair('k.pem', 'c.pem'), files: good, reason: 'PEM inputs may have been switched' },
  {
    code: 'encrypted-key',
    conf: pair('c.pem', 'enc.pem'),
    files: () => ({ ...good(), 'enc.pem': encryptedPkcs8(leaf.keyPem) }),
    reason: 'tls: failed to parse private key',
  },
  {
    code: 'key-mismatch',
    conf: pair('c.pem', 'other-key.pem'),
    files: () => ({ ...good(), 'other-key.pem': other.keyPem }),
    reason: 'tls: private key does not match public key',
  },
  {
    code: 'chain-order',
    conf: pair('chain.pem', 'leaf-key.pem'),
    files: () => ({ 'chain.pem': inter.pem + viaInter.pem, 'leaf-key.pem': viaInter.keyPem }),
    reason: 'tls: private key does not match public key',
  },
  // 2.9.10 predates `certs` (2.10.8): nats-server rejects the field itself, and we say it is too new.
  {
    code: 'field-not-in-version',
    conf: pair('c.pem', 'k.pem', '  certs: [ { cert_file: "c.pem", key_file: "k.pem" } ]\n'),
    files: good,
    reason: 'unknown field ["certs"]',
  },
];

/** Certificate and key files, all 0600 (the key files have no "key" in their names), in a fresh folder. */
const certFolder = (files: Record<string, string>): FixtureDir => writeFixtureDir(files, { prefix: 'nats-tls-load-', mode: () => 0o600 });

function ourFindings(dir: string): { code: string; message: string }[] {
  const file = path.join(dir, 'nats.conf');
  const host = nodeHost({ NATS_TLS_NOW: now.toISOString() });
  // nats-server runs from the config's folder here, so paths resolve against it.
  const project = new Project(host, () => ({ ...DEFAULT_SETTINGS, base: 'config', serverVersion: '2.9.10', roots: [dir] }));
  project.set(openDocument(file, fs.readFileSync(file, 'utf8'), { ctx: { env: {}, fs: nodeFs, dialect: '2.9.10' } })!);
  return project.findings(file);
}

for (const c of CASES) {
  testWith([nats2910], `${c.code}: nats-server -t fails with "${c.reason}"`, () => {
    const { dir, cleanup } = certFolder(c.files?.() ?? {});
    try {
      fs.writeFileSync(path.join(dir, 'nats.conf'), c.conf);
      const theirs = natsServerCheck(dir, 'nats.conf', find(nats2910));
      assert.equal(theirs.ok, false, `nats-server accepted a config we say it rejects:\n${c.conf}\n${theirs.output}`);
      assert.ok(theirs.output.includes(c.reason), `nats-server's reason differs:\n${theirs.output}`);
      const ours = ourFindings(dir);
      const hit = ours.find((x) => x.code === c.code);
      assert.ok(hit, `we do not report ${c.code}; we report: ${ours.map((x) => x.code).join(', ') || 'nothing'}`);
      if (c.code !== 'field-not-in-version' && c.code !== 'chain-order')
        assert.ok(hit.message.includes(c.reason), `our message does not quote nats-server's reason:\n${hit.message}`);
      if (c.code === 'chain-order' || c.code === 'field-not-in-version')
        assert.ok(hit.message.includes(c.reason.replace(/\["?|"?\]/g, '')) || hit.message.includes(c.reason), hit.message);
    } finally {
      cleanup();
    }
  });
}

testWith([nats2910], 'the same files, correctly configured, pass nats-server -t and our check', () => {
  const { dir, cleanup } = certFolder(good());
  try {
    fs.writeFileSync(path.join(dir, 'nats.conf'), pair('c.pem', 'k.pem', '  ca_file: "ca.pem"\n  verify: true\n'));
    const theirs = natsServerCheck(dir, 'nats.conf', find(nats2910));
    assert.ok(theirs.ok, theirs.output);
    assert.deepEqual(
      ourFindings(dir).filter((x) => x.code !== 'cert-expiring'),
      [],
    );
  } finally {
    cleanup();
  }
});
