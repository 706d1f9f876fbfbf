// Robustness fuzzing of the whole engine: the parser, every check, and the helpers behind hovers, completion,
// links, inlay hints, code actions and the outline, over generated and mutated inputs.
//
// Inputs (each a pure function of its seed, the fixture folder's path and the mutation sources):
//   - grammar-aware random nats-server configs: maps, arrays, every scalar form, variables, includes, YAML-style
//     blocks, and tls blocks in all nine locations with random fields and values;
//   - YAML and JSON client configs, NATS CLI contexts, JSON and YAML nats-server configs;
//   - token-level and byte-level mutations of those, of the corpus (/work/shared/corpus, optional) and of the
//     hand-written seed configs (test/fuzz/seeds.ts);
//   - hostile shapes: deep nesting, long chains of variables, and single lines of tens of thousands of characters.
// Each input is opened with openDocument, checked through a Project (certificate, key and CA files, good and
// broken, from a fixture folder generated once per run), and driven through the language server's handlers
// (hover, completion, code actions with every current diagnostic, inlay hints, links, outline) at random
// positions. Asserted: no exception, every input under 1 s, every range inside its file's text, every text edit
// inside the document, and applying it never throws. Ranges are checked the engine's way: only "\n" ends a
// line (a "\r" before it belongs to the line), as in nats-server's messages.
//
// Inputs run in worker threads, so a hang is caught (the watchdog ends the worker and reports the input). An
// input over 1 s is timed twice more and fails only when every attempt is over (a loaded machine stalls runs).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import type {
  CodeAction,
  Connection,
  Diagnostic,
  Position as LspPosition,
  Range as LspRange,
  TextDocuments,
  TextEdit,
  WorkspaceEdit,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { documentIssues, tlsIssues, crossFileIssues } from '../../server/src/core/analyze';
import type { SourceIssue } from '../../server/src/core/conf/issue';
import type { Dialect } from '../../server/src/core/conf/parser';
import { openDocument, type DocRole } from '../../server/src/core/document';
import { foldingRanges, outline, type OutlineItem } from '../../server/src/core/outline';
import { Project } from '../../server/src/core/project';
import { decodeConfig } from '../../server/src/core/text/decode';
import { LineIndex } from '../../server/src/core/text/line-index';
import { cipherNames, curveNames } from '../../server/src/core/tls/ciphers';
import { OCSP_PEER_KEYS, TLS_FIELDS } from '../../server/src/core/tls/fields';
import { buildTlsModel, type EngineHost, type EngineSettings, type TlsModel } from '../../server/src/core/tls/model';
import { parseVersion } from '../../server/src/core/tls/versions';
import type { Finding, Range } from '../../server/src/core/types';
import { codeActions } from '../../server/src/lsp/code-actions';
import { complete } from '../../server/src/lsp/completion';
import { fileUri, toDiagnostic } from '../../server/src/lsp/convert';
import { hoverAt } from '../../server/src/lsp/hover';
import { inlayHints } from '../../server/src/lsp/inlay-hints';
import { documentLinks } from '../../server/src/lsp/links';
import type { ServerContext } from '../../server/src/lsp/server';
import { resolveTarget } from '../../server/src/lsp/target-version';
import { DEFAULT_SETTINGS as LSP_DEFAULTS, type Settings } from '../../server/src/lsp/settings';
import { Workspace } from '../../server/src/lsp/workspace';
import { nodeHost } from '../../server/src/node-host';
import { nodeFs } from '../../server/src/node-fs';
import {
  CertFactory,
  DAY,
  encryptedPkcs8,
  legacyEncryptedPkcs1,
  nodeKeyPem,
  pemToDer,
  pkcs1Pem,
  privateKeys,
  sec1Pem,
  writeFixtureDir,
} from '../helpers/certs';
import { corpusConfigs } from './differential';
import { FUZZ_ENV, FUZZ_FILES, mutate, rng, tokenize } from './mutate';
import { SEEDS, type SeedConfig } from './seeds';

/** The clock of every robustness run (certificates in the fixture folder are issued around it). */
export const FUZZ_NOW = new Date('2026-06-01T12:00:00Z');
/**
 * The limit per input (parse, checks and every LSP helper call for it) in `npm run fuzz -- robustness` and
 * `npm run bench -- budgets`; `npm test` runs its fixed seeds without it (no wall-clock verdicts in tests).
 */
export const INPUT_LIMIT_MS = 1000;

// ===================================================================================== fixture folder

/** Certificate, key and CA files (good and broken) the generated configs name, relative to the fixture folder. */
export const CERT_FILES = [
  'certs/ca.pem',
  'certs/ca-key.pem',
  'certs/other-ca.pem',
  'certs/other-ca-key.pem',
  'certs/inter.pem',
  'certs/bundle.pem',
  'certs/server.pem',
  'certs/server-key.pem',
  'certs/client.pem',
  'certs/client-key.pem',
  'certs/expired.pem',
  'certs/expired-key.pem',
  'certs/expiring.pem',
  'certs/expiring-key.pem',
  'certs/not-yet.pem',
  'certs/chain.pem',
  'certs/chain-reversed.pem',
  'certs/chain-key.pem',
  'certs/combined.pem',
  'certs/swapped-cert.pem',
  'certs/swapped-key.pem',
  'certs/enc-key.pem',
  'certs/legacy-enc-key.pem',
  'certs/sec1-key.pem',
  'certs/pkcs1-key.pem',
  'certs/leaf.der',
  'certs/leaf-key.der',
  'certs/rsa1024.pem',
  'certs/rsa1024-key.pem',
  'certs/sha1.pem',
  'certs/cn-only.pem',
  'certs/not-a-ca.pem',
  'certs/signed-by-non-ca.pem',
  'certs/constrained-ca.pem',
  'certs/outside.pem',
  'certs/self-signed.pem',
  'certs/self-signed-key.pem',
  'certs/ed25519-key.pem',
  'certs/empty.pem',
  'certs/garbage.pem',
  'certs/truncated.pem',
  'certs/bad-base64.pem',
  'certs/wrong-label.pem',
  'certs/random.der',
  'certs/crlf.pem',
  'certs/bom.pem',
  'certs/dir.pem',
  'certs/loop.pem',
  'certs/dangling.pem',
  'certs/missing.pem',
  'certs/deep/leaf.crt',
  'certs/deep/leaf.key',
];

/** Config files the generated configs include (some broken, one a cycle, one a directory). */
export const INCLUDE_FILES = [
  'inc.conf',
  'bad.conf',
  'nested.conf',
  'tls-fields.conf',
  'tls-block.conf',
  'vars.conf',
  'cycle-a.conf',
  'self.conf',
  'empty.conf',
  'bom.conf',
  'incdir.conf',
  'missing.conf',
];

export interface Fixtures {
  dir: string;
  cleanup(): void;
}

/** Writes the fixture folder: a small PKI (issued around FUZZ_NOW), broken certificate files and include files. */
export async function makeFixtures(): Promise<Fixtures> {
  const f = new CertFactory(FUZZ_NOW);
  const ca = await f.ca({ cn: 'Fuzz Root CA' });
  const otherCa = await f.ca({ cn: 'Other CA' });
  const inter = await f.intermediate(ca);
  const server = await f.leaf(ca, { cn: 'server-main', san: { dns: ['localhost', 'nats.test'], ip: ['127.0.0.1'] } });
  const client = await f.leaf(ca, { cn: 'client-a', eku: ['clientAuth'], san: { email: ['a@example.test'] } });
  const expired = await f.expired(ca, 12);
  const expiring = await f.leaf(ca, {
    cn: 'expiring',
    notBefore: new Date(FUZZ_NOW.getTime() - 355 * DAY),
    notAfter: new Date(FUZZ_NOW.getTime() + 10 * DAY),
  });
  const notYet = await f.notYetValid(ca, 3);
  const chained = await f.leaf(inter, { cn: 'chained' });
  const rsa = await f.rsa1024(ca);
  const sha1 = await f.sha1Signed(ca);
  const cnOnly = await f.cnOnly(ca);
  const { fakeCa, leaf: byNonCa } = await f.notACa();
  const constrained = await f.outsideConstraints();
  const selfSigned = await f.leaf(undefined, { cn: 'self-signed' });
  const r = rng(0x5eed);
  const random = new Uint8Array(700).map(() => Math.floor(r() * 256));
  random[0] = 0x30;
  const files: Record<string, string | Uint8Array> = {
    'certs/ca.pem': ca.pem,
    'certs/ca-key.pem': ca.keyPem,
    'certs/other-ca.pem': otherCa.pem,
    'certs/other-ca-key.pem': otherCa.keyPem,
    'certs/inter.pem': inter.pem,
    'certs/bundle.pem': ca.pem + otherCa.pem + inter.pem,
    'certs/server.pem': server.pem,
    'certs/server-key.pem': server.keyPem,
    'certs/client.pem': client.pem,
    'certs/client-key.pem': client.keyPem,
    'certs/expired.pem': expired.pem,
    'certs/expired-key.pem': expired.keyPem,
    'certs/expiring.pem': expiring.pem,
    'certs/expiring-key.pem': expiring.keyPem,
    'certs/not-yet.pem': notYet.pem,
    'certs/chain.pem': chained.pem + inter.pem,
    'certs/chain-reversed.pem': inter.pem + chained.pem,
    'certs/chain-key.pem': chained.keyPem,
    'certs/combined.pem': chained.pem + inter.pem + chained.keyPem,
    'certs/swapped-cert.pem': server.keyPem,
    'certs/swapped-key.pem': server.pem,
    'certs/enc-key.pem': encryptedPkcs8(server.keyPem),
    'certs/legacy-enc-key.pem': legacyEncryptedPkcs1(rsa.keyPem),
    'certs/sec1-key.pem': sec1Pem(server.keyPem),
    'certs/pkcs1-key.pem': pkcs1Pem(rsa.keyPem),
    'certs/leaf.der': server.der,
    'certs/leaf-key.der': pemToDer(server.keyPem),
    'certs/rsa1024.pem': rsa.pem,
    'certs/rsa1024-key.pem': rsa.keyPem,
    'certs/sha1.pem': sha1.pem,
    'certs/cn-only.pem': cnOnly.pem,
    'certs/not-a-ca.pem': fakeCa.pem,
    'certs/signed-by-non-ca.pem': byNonCa.pem,
    'certs/constrained-ca.pem': constrained.ca.pem,
    'certs/outside.pem': constrained.leaf.pem,
    'certs/self-signed.pem': selfSigned.pem,
    'certs/self-signed-key.pem': selfSigned.keyPem,
    'certs/ed25519-key.pem': nodeKeyPem('ed25519'),
    'certs/empty.pem': '',
    'certs/garbage.pem': 'this is not a certificate\n',
    'certs/truncated.pem': server.pem.slice(0, Math.floor(server.pem.length / 2)),
    'certs/bad-base64.pem': '-----BEGIN CERTIFICATE-----\n@@@@ not base64 @@@@\n-----END CERTIFICATE-----\n',
    'certs/wrong-label.pem': server.pem.replace(/CERTIFICATE/g, 'PRIVATE KEY'),
    'certs/random.der': random,
    'certs/crlf.pem': server.pem.replace(/\n/g, '\r\n'),
    'certs/bom.pem': '\ufeff' + server.pem,
    'certs/deep/leaf.crt': chained.pem,
    'certs/deep/leaf.key': chained.keyPem,
    ...FUZZ_FILES,
    'tls-fields.conf': 'cert_file: "certs/server.pem"\nkey_file: "certs/server-key.pem"\nca_file: "certs/ca.pem"\nverify: true\n',
    'tls-block.conf': 'tls {\n  cert_file: "certs/server.pem"\n  key_file: certs/server-key.pem\n  timeout: 1m\n}\n',
    'vars.conf': 'CERT: "certs/server.pem"\nKEY: "certs/server-key.pem"\nCA: "certs/ca.pem"\nPORT: 4222\n',
    'cycle-a.conf': 'include cycle-b.conf\na: 1\n',
    'cycle-b.conf': 'include "cycle-a.conf"\nb: 2\n',
    'self.conf': 'include self.conf\n',
    'empty.conf': '',
    'bom.conf': '\ufeffport: 4222\n',
    'sub/inc.conf': 'sub_key: 1\n',
    'sub/client.yaml':
      'servers: nats://localhost:4222\ntls:\n  cert_file: ../certs/client.pem\n  key_file: ../certs/client-key.pem\n  ca_file: ../certs/ca.pem\n',
  };
  const { dir } = writeFixtureDir(files, { prefix: 'nats-tls-robust-', mode: privateKeys });
  fs.mkdirSync(path.join(dir, 'certs', 'dir.pem'));
  fs.mkdirSync(path.join(dir, 'incdir.conf'));
  fs.symlinkSync('loop.pem', path.join(dir, 'certs', 'loop.pem'));
  fs.symlinkSync('nowhere/at-all.pem', path.join(dir, 'certs', 'dangling.pem'));
  // A world-readable key (nats-tls warns about its permissions).
  fs.chmodSync(path.join(dir, 'certs', 'client-key.pem'), 0o644);
  return { dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

// ===================================================================================== generators

/** Environment every input sees: the mutator's variables plus certificate paths and maps. */
export const ROBUST_ENV: Readonly<Record<string, string>> = {
  ...FUZZ_ENV,
  CERT: 'certs/server.pem',
  KEY: 'certs/server-key.pem',
  CA_FILE: '"certs/ca.pem"',
  TLS_MAP: '{cert_file: "certs/server.pem", key_file: "certs/server-key.pem"}',
  TLS_BAD: '{cert_file: ',
  VERIFY: 'true',
  SELF: '$SELF',
};

export class Gen {
  constructor(readonly r: () => number) {}
  int(n: number): number {
    return Math.floor(this.r() * n);
  }
  chance(p: number): boolean {
    return this.r() < p;
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.r() * xs.length)]!;
  }
  /** An index into weights, chosen in proportion to them. */
  weighted(weights: readonly number[]): number {
    let x = this.r() * weights.reduce((s, w) => s + w, 0);
    for (let i = 0; i < weights.length; i++) {
      x -= weights[i]!;
      if (x < 0) return i;
    }
    return weights.length - 1;
  }
}

export const ALL_TLS_NAMES = TLS_FIELDS.flatMap((f) => [f.name, ...(f.aliases ?? [])]);
const WRONG_TLS_NAMES = [
  'client_auth',
  'verify_client',
  'cert',
  'key',
  'ca',
  'certfile',
  'keyfile',
  'cafile',
  'cert_fil',
  'CERT_FILE',
  'Verify',
  'tls_version',
  'ciphers',
  'curves',
  'min_versoin',
  'pinned_cert',
  'handshake',
  'ocsp',
  'insecure_skip_verify',
  'key_file ',
  'x',
];
const ALL_CIPHERS = [
  ...new Set([
    ...cipherNames(parseVersion('2.9.10')!).secure,
    ...cipherNames(parseVersion('latest')!).secure,
    ...cipherNames(parseVersion('latest')!).insecure,
  ]),
];
const ALL_CURVES = [...new Set([...curveNames(parseVersion('2.9.10')!), ...curveNames(parseVersion('latest')!)])];
const VERSIONS = ['latest', '2.9.10', '2.2.0', '2.10.0', '2.10.24', '2.11', '2.12.0', 'v2.10', 'nonsense', '99.0.0', '2.1'];
export const URLS = [
  'nats://localhost:4222',
  'tls://127.0.0.1:4222',
  'nats://nats.test:4222',
  'nats-route://n2:6222',
  'nats://user:pw@host:4222',
  'wss://x.example:443',
  'localhost:4222',
  'nats://[::1]:4222',
  'nats://',
  '://x',
  'nats://a:1,nats://b:2',
  'nats://other.example:7422',
  '127.0.0.1',
  'nats://h:99999',
];
const TOP_KEYS = [
  'port',
  'listen',
  'host',
  'server_name',
  'http',
  'http_port',
  'max_payload',
  'ping_interval',
  'write_deadline',
  'debug',
  'trace',
  'logtime',
  'system_account',
  'no_auth_user',
  'lame_duck_duration',
  'max_connections',
  'jetstream',
  'accounts',
  'authorization',
  'operator',
  'resolver',
  'server_tags',
  'allow_non_tls',
  'ocsp',
  'client_advertise',
];
const RANDOM_KEYS = [
  'a',
  'b',
  'x_y',
  'k-k',
  'k.k',
  'K$',
  'users',
  'user',
  'password',
  'name',
  'url',
  'urls',
  'routes',
  'remotes',
  'gateways',
  'tls',
  'TLS',
  'Tls',
  'include',
  'CERT',
  'PORT',
  '$k',
  'k{',
  '٣',
  'é',
  '"quoted key"',
  "'single key'",
];

/** Certificate paths as a config might write them, relative to the fixture folder (or to sub/ for configs there). */
export function certPath(g: Gen, dir: string, inSub: boolean): string {
  const rel = g.pick(CERT_FILES);
  const k = g.int(14);
  if (k < 6) return inSub && g.chance(0.7) ? `../${rel}` : rel;
  if (k === 6) return `./${rel}`;
  if (k === 7) return path.join(dir, rel);
  if (k === 8)
    return g.pick([
      '',
      ' ',
      'certs',
      'certs/',
      '/',
      '.',
      '..',
      '~/x.pem',
      'C:\\certs\\x.pem',
      'certs\\server.pem',
      '/dev/null',
      '/etc',
      '/proc/self/mem',
      'certs/ca.pem ',
    ]);
  if (k === 9) return `${rel}${g.pick(['x', '/', '\u0000', ' ', '\n'])}`;
  if (k === 10) return path.basename(rel);
  if (k === 11) return `sub/../${rel}`;
  return inSub ? rel : g.pick(['certs/deep/leaf.crt', 'certs/deep/leaf.key', 'certs/deep', 'certs/deep/']);
}

/** A string written in one of the config's string forms. */
function confString(g: Gen, s: string): string {
  switch (g.int(8)) {
    case 0:
    case 1:
    case 2:
      return JSON.stringify(s);
    case 3:
      return `'${s.replace(/'/g, '')}'`;
    case 4:
      return s;
    case 5:
      return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}`; // unterminated
    case 6:
      return `(\n${s}\n)`;
    default:
      return `"${s.replace(/[a-z]/, (c) => `\\x${c.charCodeAt(0).toString(16)}`)}"`;
  }
}

function scalar(g: Gen): string {
  switch (g.int(14)) {
    case 0:
      return g.pick([
        '4222',
        '-1',
        '0',
        '014222',
        '9223372036854775807',
        '9223372036854775808',
        '-9223372036854775808',
        '1',
        '65536',
        '1٣',
      ]);
    case 1:
      return (
        g.int(100000) + g.pick(['k', 'K', 'KB', 'kb', 'mb', 'MiB', 'G', 'gb', 'GiB', 'T', 'kbi', 'ki', '', '', 's', 'ms', 'm', 'h', 'x'])
      );
    case 2:
      return g.pick(['2.5', '0.5', '1e5', '-.5', '1.5k', '1.', '.5', '3.25', '1e400', '0.0']);
    case 3:
      return g.pick(['true', 'false', 'TRUE', 'yes', 'No', 'on', 'Off', 'enabled', 'disabled', 'y', 'n']);
    case 4:
      return g.pick(['2024-02-29T23:59:59Z', '2020-13-01T00:00:00Z', '2021-02-29T00:00:00Z', '2020-01-01', '2020-01-01T00:00:00']);
    case 5:
      return g.pick(['"2s"', '2m', '"300ms"', '"1h30m"', '1m', '"-1s"', '"0s"', '"2"', '10s']);
    case 6:
      return confString(
        g,
        g.pick(['abc', 'a b', 'tab\\there', 'x\\x41y', 'nl\\n', 'q\\"q', 'C:\\\\certs', 'é€', '', ' ', 'a#b', 'a//b', 'a;b', 'a,b']),
      );
    case 7:
      return g.pick(['127.0.0.1:4222', '10.0.0.1-5', '0.0.0.0', '[::1]:4222', ':4222', '1.2.3.4:5-6']);
    case 8:
      return confString(g, g.pick(URLS));
    case 9:
      return g.pick([
        '$CERT',
        '$KEY',
        '$CA_FILE',
        '$TLS_MAP',
        '$TLS_BAD',
        '$VERIFY',
        '$SELF',
        '$UNDEFINED',
        '$FUZZ_NUM',
        '$FUZZ_MAP',
        '$FUZZ_BADMAP',
        '$FUZZ_REF',
        '$PORT',
        '$local_var',
        '${CERT}',
        '$2a$11$W2zko751KUvVy59mUTWmpOdWjpEm5qhcCZRd05GjI/sSOT.xtiHyG',
      ]);
    case 10:
      return g.pick(['/var/lib/nats', './x.pem', 'a.b.c', '*.x.>', 'app.>', '_INBOX.>', 'nats.test']);
    case 11:
      return g.pick(['{}', '[]', '{a: 1}', '[1, 2]', '[,]', '{,}', '{a: }', '[1 2]']);
    case 12:
      return g.pick(['(\nraw\n)', '(\r\nraw\r\n)', '(\nraw', '(', ')']);
    default:
      return g.pick(['x', 'abc123', '3secret', 'foo#bar', 'a-b', 'true1', '-', '+1', '--1', '0x10']);
  }
}

interface ConfStyle {
  eol: string;
  indent: string;
  sep: () => string;
  term: () => string;
}

function confStyle(g: Gen): ConfStyle {
  const eol = g.chance(0.15) ? '\r\n' : '\n';
  const indent = g.pick(['  ', '    ', '\t', ' ']);
  const seps = g.chance(0.7) ? [g.pick([': ', ' = ', ' ', ':', '='])] : [': ', ' = ', ' ', ':', '=', ' : ', '\t'];
  return {
    eol,
    indent,
    sep: () => g.pick(seps),
    term: () => (g.chance(0.85) ? eol : g.pick([`;${eol}`, `, ${eol}`, '; ', ', ', `${eol}${eol}`, ` # c${eol}`, ` // c${eol}`])),
  };
}

/** A key: value entry list, as lines at `depth`. */
type Entries = [key: string, value: string][];

function writeMap(g: Gen, st: ConfStyle, entries: Entries, depth: number, top = false): string {
  const pad = st.indent.repeat(depth);
  let out = top ? '' : `{${st.eol}`;
  for (const [k, v] of entries) {
    const opens = v.startsWith('{');
    const sep = opens && g.chance(0.5) ? ' ' : st.sep();
    if (g.chance(0.05)) out += `${pad}${g.pick(['# a comment', '// a comment', '#', '/* not a comment */'])}${st.eol}`;
    out += `${pad}${k}${sep}${v}${st.term()}`;
  }
  if (!top) out += `${st.indent.repeat(Math.max(0, depth - 1))}}`;
  return out;
}

/** The same entries written YAML-style (nats-server rejects it; nats-tls recovers and offers a fix). */
function writeYamlStyle(st: ConfStyle, entries: Entries, depth: number): string {
  const pad = st.indent.repeat(depth);
  return st.eol + entries.map(([k, v]) => `${pad}${k}: ${v.replace(/\r?\n/g, ' ')}`).join(st.eol);
}

function writeArray(g: Gen, st: ConfStyle, items: string[], depth: number): string {
  if (g.chance(0.5)) return `[${items.join(g.pick([', ', ',', ' ', ', ']))}${g.chance(0.1) ? ',' : ''}]`;
  const pad = st.indent.repeat(depth);
  return `[${st.eol}${items.map((i) => `${pad}${i}`).join(g.chance(0.7) ? st.eol : `,${st.eol}`)}${st.eol}${st.indent.repeat(Math.max(0, depth - 1))}]`;
}

function randomValue(g: Gen, st: ConfStyle, depth: number): string {
  if (depth > 4 || g.chance(0.7)) return scalar(g);
  if (g.chance(0.5)) {
    const entries: Entries = [];
    for (let i = g.int(4); i > 0; i--) entries.push([g.pick(RANDOM_KEYS), randomValue(g, st, depth + 1)]);
    return writeMap(g, st, entries, depth + 1);
  }
  const items: string[] = [];
  for (let i = g.int(4); i > 0; i--) items.push(randomValue(g, st, depth + 1));
  return writeArray(g, st, items, depth + 1);
}

/** A value for a TLS field: usually of the field's type, sometimes anything. */
function tlsValue(g: Gen, st: ConfStyle, name: string, depth: number, ctx: GenCtx): string {
  if (g.chance(0.12)) return randomValue(g, st, depth);
  const field = TLS_FIELDS.find((f) => f.name === name || f.aliases?.includes(name));
  switch (field?.type) {
    case 'path':
      return g.chance(0.1) ? g.pick(['$CERT', '$KEY', '$CA_FILE', '$cert_path']) : confString(g, certPath(g, ctx.dir, ctx.inSub));
    case 'bool':
      return g.pick(['true', 'false', 'yes', 'off', '"true"', '1', '$VERIFY']);
    case 'duration':
      return g.pick(['2', '0.5', '"2s"', '1m', '"1m"', '-1', '0', '"abc"', '2s', '1e9']);
    case 'int':
      return g.pick(['100', '0', '-5', '1k', '"10"', '1.5']);
    case 'pins': {
      const items = Array.from({ length: g.int(3) + 1 }, () =>
        JSON.stringify(g.chance(0.7) ? 'a'.repeat(64).replace(/a/g, () => '0123456789abcdef'[g.int(16)]!) : g.pick(['abc', 'ZZ', ''])),
      );
      return g.chance(0.8) ? writeArray(g, st, items, depth + 1) : items[0]!;
    }
    case 'ciphers': {
      const items = Array.from({ length: g.int(4) + 1 }, () =>
        confString(
          g,
          g.chance(0.85) ? g.pick(ALL_CIPHERS) : g.pick(['TLS_FAKE', 'tls_aes_128_gcm_sha256', 'TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305', '']),
        ),
      );
      return g.chance(0.85) ? writeArray(g, st, items, depth + 1) : items[0]!;
    }
    case 'curves': {
      const items = Array.from({ length: g.int(3) + 1 }, () =>
        confString(g, g.chance(0.85) ? g.pick(ALL_CURVES) : g.pick(['P256', 'X448', ''])),
      );
      return g.chance(0.85) ? writeArray(g, st, items, depth + 1) : items[0]!;
    }
    case 'tls-version':
      return g.pick(['"1.2"', '"1.3"', '1.2', '1.3', '"1.0"', '"1.1"', '"TLS1.2"', '"tls1.3"', '12', '""']);
    case 'handshake':
      return g.pick(['true', 'false', '"auto"', '"300ms"', 'auto', '"-1s"', '"x"', '0']);
    case 'certs': {
      const items = Array.from({ length: g.int(3) + 1 }, () => {
        const entries: Entries = [];
        if (g.chance(0.9)) entries.push(['cert_file', confString(g, certPath(g, ctx.dir, ctx.inSub))]);
        if (g.chance(0.9)) entries.push(['key_file', confString(g, certPath(g, ctx.dir, ctx.inSub))]);
        if (g.chance(0.1)) entries.push([g.pick(['ca_file', 'x', 'verify']), scalar(g)]);
        return g.chance(0.9) ? writeMap(g, st, entries, depth + 2) : scalar(g);
      });
      return writeArray(g, st, items, depth + 1);
    }
    case 'ocsp-peer': {
      if (g.chance(0.4)) return g.pick(['true', 'false', '"x"']);
      const entries: Entries = [];
      for (let i = g.int(5); i > 0; i--)
        entries.push([g.chance(0.9) ? g.pick(OCSP_PEER_KEYS) : g.pick(RANDOM_KEYS), g.pick(['true', 'false', '2', '"2s"', '0.5', 'x'])]);
      return writeMap(g, st, entries, depth + 1);
    }
    case 'string':
    case 'string-or-list':
      return confString(g, g.pick([...(field.values ?? []).map((v) => v.replace(/"/g, '')), 'WindowsCurrentUser', 'Subject', 'CN=x', '']));
    default:
      return scalar(g);
  }
}

/** The entries of a TLS block: random fields (known, misspelt, client-style), sometimes an include. */
function tlsEntries(g: Gen, st: ConfStyle, depth: number, ctx: GenCtx): Entries {
  const entries: Entries = [];
  const n = g.int(7) + (g.chance(0.2) ? 4 : 0);
  if (g.chance(0.6)) entries.push(['cert_file', tlsValue(g, st, 'cert_file', depth, ctx)]);
  if (g.chance(0.6)) entries.push(['key_file', tlsValue(g, st, 'key_file', depth, ctx)]);
  if (g.chance(0.5)) entries.push(['ca_file', tlsValue(g, st, 'ca_file', depth, ctx)]);
  for (let i = 0; i < n; i++) {
    const name = g.chance(0.8) ? g.pick(ALL_TLS_NAMES) : g.pick(WRONG_TLS_NAMES);
    entries.push([name, tlsValue(g, st, name, depth, ctx)]);
  }
  if (g.chance(0.05)) entries.push(['include', g.pick(['tls-fields.conf', '"tls-fields.conf"', 'missing.conf', 'vars.conf'])]);
  // Shuffle a little: order matters for "last one wins" and for variables.
  for (let i = entries.length - 1; i > 0; i--) {
    if (g.chance(0.3)) {
      const j = g.int(i + 1);
      [entries[i], entries[j]] = [entries[j]!, entries[i]!];
    }
  }
  return entries;
}

function tlsBlock(g: Gen, st: ConfStyle, depth: number, ctx: GenCtx): string {
  if (g.chance(0.05)) return g.pick(['$TLS_MAP', '$TLS_BAD', 'true', '[]', '"tls"', '{}', '$tls_map']);
  const entries = tlsEntries(g, st, depth + 1, ctx);
  if (g.chance(0.06)) return writeYamlStyle(st, entries, depth + 1);
  return writeMap(g, st, entries, depth + 1);
}

export interface GenCtx {
  dir: string;
  /** The config sits in sub/ (relative paths climb with ../). */
  inSub: boolean;
}

function urlList(g: Gen, st: ConfStyle, depth: number): string {
  const items = Array.from({ length: g.int(3) + 1 }, () => confString(g, g.pick(URLS)));
  return g.chance(0.7) ? writeArray(g, st, items, depth + 1) : items[0]!;
}

/** A nats-server config: any of the nine TLS locations, the keys around them, variables, includes, noise. */
export function genServerConf(g: Gen, ctx: GenCtx): string {
  const st = confStyle(g);
  const entries: Entries = [];
  const maybeTls = (e: Entries, depth: number, p = 0.7): void => {
    if (g.chance(p)) e.push([g.chance(0.93) ? 'tls' : g.pick(['TLS', 'Tls', '"tls"']), tlsBlock(g, st, depth, ctx)]);
  };
  const sections = g.int(7) + 1;
  if (g.chance(0.25))
    entries.push([
      g.pick(['CERT', 'cert_path', 'KEY', 'PORT', 'tls_map']),
      g.chance(0.7) ? confString(g, certPath(g, ctx.dir, ctx.inSub)) : g.pick(['4222', '{cert_file: "certs/server.pem"}', '$CERT']),
    ]);
  if (g.chance(0.15))
    entries.push([
      'include',
      g.pick(
        INCLUDE_FILES.map((f) => (ctx.inSub ? `../${f}` : f)).concat([
          '"vars.conf"',
          "'inc.conf'",
          'sub/inc.conf',
          'fuzz.conf',
          '/inc.conf',
        ]),
      ),
    ]);
  for (let s = 0; s < sections; s++) {
    switch (g.int(12)) {
      case 0:
        maybeTls(entries, 0, 1);
        break;
      case 1:
        entries.push([g.pick(['port', 'listen']), g.pick(['4222', '-1', '"127.0.0.1:4222"', '0.0.0.0:4443', '$PORT', '"x"'])]);
        break;
      case 2: {
        const e: Entries = [['port', g.pick(['8080', '443'])]];
        if (g.chance(0.3)) e.push(['no_tls', g.pick(['true', 'false'])]);
        maybeTls(e, 1);
        entries.push([g.pick(['websocket', 'ws']), writeMap(g, st, e, 1)]);
        break;
      }
      case 3: {
        const e: Entries = [['port', '1883']];
        maybeTls(e, 1);
        entries.push(['mqtt', writeMap(g, st, e, 1)]);
        break;
      }
      case 4: {
        const e: Entries = [];
        if (g.chance(0.5)) e.push(['port', '7422']);
        maybeTls(e, 1, 0.5);
        if (g.chance(0.7)) {
          const remotes = Array.from({ length: g.int(3) + 1 }, () => {
            const re: Entries = [[g.pick(['url', 'urls']), urlList(g, st, 3)]];
            if (g.chance(0.3)) re.push(['credentials', confString(g, '/etc/nats/leaf.creds')]);
            maybeTls(re, 3);
            return writeMap(g, st, re, 3);
          });
          e.push(['remotes', writeArray(g, st, remotes, 2)]);
        }
        entries.push([g.pick(['leafnodes', 'leaf']), writeMap(g, st, e, 1)]);
        break;
      }
      case 5: {
        const e: Entries = [];
        if (g.chance(0.7)) e.push(['name', confString(g, 'c1')]);
        if (g.chance(0.7)) e.push(['listen', '0.0.0.0:6222']);
        if (g.chance(0.7)) e.push(['routes', urlList(g, st, 1)]);
        maybeTls(e, 1);
        entries.push(['cluster', writeMap(g, st, e, 1)]);
        break;
      }
      case 6: {
        const e: Entries = [['name', 'A']];
        if (g.chance(0.5)) e.push(['port', '7222']);
        maybeTls(e, 1, 0.6);
        if (g.chance(0.7)) {
          const gws = Array.from({ length: g.int(3) + 1 }, () => {
            const ge: Entries = [
              ['name', g.pick(['B', 'C'])],
              [g.pick(['url', 'urls']), urlList(g, st, 3)],
            ];
            maybeTls(ge, 3, 0.5);
            return writeMap(g, st, ge, 3);
          });
          e.push(['gateways', writeArray(g, st, gws, 2)]);
        }
        entries.push(['gateway', writeMap(g, st, e, 1)]);
        break;
      }
      case 7:
        entries.push(['resolver_tls', tlsBlock(g, st, 0, ctx)]);
        if (g.chance(0.5))
          entries.push(['resolver', g.pick(['URL("https://a.example/jwt/v1/accounts/")', 'MEMORY', '{ type: full, dir: "./jwt" }'])]);
        break;
      case 8:
        entries.push([
          'include',
          g.pick(
            INCLUDE_FILES.map((f) => (ctx.inSub ? `../${f}` : f)).concat(['"tls-block.conf"', 'missing.conf', '""', 'include', '(\n)']),
          ),
        ]);
        break;
      case 9:
        entries.push([g.pick(TOP_KEYS), randomValue(g, st, 0)]);
        break;
      case 10:
        entries.push([g.pick(RANDOM_KEYS), randomValue(g, st, 0)]);
        break;
      default:
        entries.push([
          'authorization',
          writeMap(
            g,
            st,
            [
              [
                'users',
                writeArray(
                  g,
                  st,
                  [
                    writeMap(
                      g,
                      st,
                      [
                        ['user', 'a'],
                        ['password', g.pick(['$PASS', '"pw"', '$2a$11$abc'])],
                      ],
                      3,
                    ),
                  ],
                  2,
                ),
              ],
            ],
            1,
          ),
        ]);
    }
  }
  let text = writeMap(g, st, entries, 0, true);
  if (g.chance(0.05)) text = `{${st.eol}${text}}${st.eol}`;
  if (g.chance(0.03)) text = '\ufeff' + text;
  return text;
}

// ----------------------------------------------------------------------------- YAML / JSON

const CLIENT_CERT_KEYS = ['cert_file', 'cert', 'certfile', 'cert-file', 'certFile', 'CERT_FILE'];
const CLIENT_KEY_KEYS = ['key_file', 'key', 'keyfile', 'key-file', 'keyFile'];
const CLIENT_CA_KEYS = ['ca_file', 'ca', 'cafile', 'ca-file', 'caFile'];

function yamlScalar(g: Gen, s: string): string {
  switch (g.int(6)) {
    case 0:
      return JSON.stringify(s);
    case 1:
      return `'${s.replace(/'/g, "''")}'`;
    case 2:
      return `|\n    ${s}`;
    case 3:
      return `!!str ${s}`;
    default:
      return s;
  }
}

/** A YAML client config (servers + tls), in block or flow style, with YAML's odd corners now and then. */
export function genYamlClient(g: Gen, ctx: GenCtx): string {
  const lines: string[] = [];
  const servers = g.int(4);
  if (servers === 0) lines.push(`servers: ${yamlScalar(g, g.pick(URLS))}`);
  else if (servers === 1) lines.push('servers:', ...Array.from({ length: g.int(3) + 1 }, () => `  - ${yamlScalar(g, g.pick(URLS))}`));
  else if (servers === 2) lines.push(`servers: [${Array.from({ length: g.int(3) + 1 }, () => JSON.stringify(g.pick(URLS))).join(', ')}]`);
  else lines.push(`${g.pick(['url', 'server', 'urls'])}: ${yamlScalar(g, g.pick(URLS))}`);
  const tlsFields: [string, string][] = [];
  if (g.chance(0.8)) tlsFields.push([g.pick(CLIENT_CERT_KEYS), certPath(g, ctx.dir, ctx.inSub)]);
  if (g.chance(0.8)) tlsFields.push([g.pick(CLIENT_KEY_KEYS), certPath(g, ctx.dir, ctx.inSub)]);
  if (g.chance(0.7)) tlsFields.push([g.pick(CLIENT_CA_KEYS), certPath(g, ctx.dir, ctx.inSub)]);
  if (g.chance(0.3))
    tlsFields.push([
      g.pick(['handshake_first', 'tls_first', 'handshakeFirst', 'verify', 'insecure', 'timeout']),
      g.pick(['true', 'false', '2', 'auto', '"x"']),
    ]);
  if (g.chance(0.1)) tlsFields.push([g.pick(['', '? complex', '"q"', 'x']), g.pick(['', '~', 'null', '[a, b]', '{a: 1}'])]);
  const flow = g.chance(0.2);
  const anchor = g.chance(0.1) ? ' &t' : '';
  if (g.chance(0.9)) {
    if (flow) lines.push(`tls${anchor}: {${tlsFields.map(([k, v]) => `${k}: ${JSON.stringify(v)}`).join(', ')}}`);
    else
      lines.push(`tls:${anchor}`, ...tlsFields.map(([k, v]) => `${g.chance(0.05) ? '\t' : '  '}${k}: ${v === '' ? '' : yamlScalar(g, v)}`));
  }
  if (anchor && g.chance(0.5)) lines.push('other: *t');
  if (g.chance(0.3))
    lines.push(`${g.pick(['user', 'name', 'token', 'creds', 'nkey'])}: ${yamlScalar(g, g.pick(['a', 'b c', '/x/y.creds', '']))}`);
  if (g.chance(0.1))
    lines.splice(
      g.int(lines.length + 1),
      0,
      g.pick(['# comment', '---', '...', '%YAML 1.2', '  - stray', 'tls:', 'servers:', '- x', '? x', '!!map', '&a', '*a', '{', '}']),
    );
  const eol = g.chance(0.1) ? '\r\n' : '\n';
  return lines.join(eol) + (g.chance(0.9) ? eol : '');
}

function jsonText(g: Gen, value: unknown): string {
  const indent = g.pick([0, 2, 4, '\t']);
  let text = JSON.stringify(value, null, indent);
  if (g.chance(0.15)) {
    // JSON damage: trailing commas, comments, single quotes, truncation.
    switch (g.int(5)) {
      case 0:
        text = text.replace(/("[^"]*")(\s*[}\]])/, '$1,$2');
        break;
      case 1:
        text = text.replace('{', '{ // comment\n');
        break;
      case 2:
        text = text.replace(/"/g, () => (g.chance(0.1) ? "'" : '"'));
        break;
      case 3:
        text = text.slice(0, g.int(text.length + 1));
        break;
      default:
        text = text.replace(/:/, '');
    }
  }
  return text + (g.chance(0.8) ? '\n' : '');
}

export function genJsonClient(g: Gen, ctx: GenCtx): string {
  const tls: Record<string, unknown> = {};
  if (g.chance(0.8)) tls[g.pick(CLIENT_CERT_KEYS)] = certPath(g, ctx.dir, ctx.inSub);
  if (g.chance(0.8)) tls[g.pick(CLIENT_KEY_KEYS)] = certPath(g, ctx.dir, ctx.inSub);
  if (g.chance(0.7)) tls[g.pick(CLIENT_CA_KEYS)] = certPath(g, ctx.dir, ctx.inSub);
  if (g.chance(0.2)) tls[g.pick(['handshake_first', 'tls_first'])] = g.pick([true, false, 'auto', 1, null]);
  const servers = g.chance(0.5) ? g.pick(URLS) : [g.pick(URLS), g.pick(URLS)];
  const out: Record<string, unknown> = { [g.pick(['servers', 'servers', 'url', 'server'])]: servers };
  if (g.chance(0.9)) out.tls = g.chance(0.95) ? tls : g.pick([null, 1, 'tls', []]);
  return jsonText(g, out);
}

/** A NATS CLI context (~/.config/nats/context/NAME.json). */
export function genContext(g: Gen, ctx: GenCtx): string {
  const out: Record<string, unknown> = {};
  if (g.chance(0.6)) out.description = g.pick(['prod', '', 'x'.repeat(50)]);
  out.url = g.chance(0.9) ? g.pick(URLS) : g.pick([null, 4222, '', ['nats://a:1']]);
  for (const k of ['cert', 'key', 'ca'] as const)
    if (g.chance(0.7)) out[k] = g.chance(0.95) ? certPath(g, ctx.dir, ctx.inSub) : g.pick([null, 1, true, {}]);
  for (const k of [
    'user',
    'password',
    'token',
    'creds',
    'nkey',
    'nsc',
    'tls_first',
    'jetstream_domain',
    'inbox_prefix',
    'color_scheme',
    'windows_cert_store',
  ]) {
    if (g.chance(0.1)) out[k] = g.pick(['', 'x', true, 0, '/path/x.creds']);
  }
  return jsonText(g, out);
}

/** A nats-server config written as JSON (e.g. rendered by the Helm chart). */
export function genJsonServer(g: Gen, ctx: GenCtx): string {
  const tls: Record<string, unknown> = {};
  for (let i = g.int(6); i > 0; i--) {
    const name = g.chance(0.85) ? g.pick(ALL_TLS_NAMES) : g.pick(WRONG_TLS_NAMES);
    tls[name] = /file/.test(name)
      ? certPath(g, ctx.dir, ctx.inSub)
      : g.pick([true, false, 2, '2s', '1.2', ['TLS_AES_128_GCM_SHA256'], { verify: true }, null, 'x']);
  }
  const out: Record<string, unknown> = { [g.pick(['port', 'listen', 'server_name'])]: g.pick([4222, '0.0.0.0:4222', 'n1']) };
  const where = g.int(5);
  if (where === 0) out.tls = tls;
  else if (where === 1) out.cluster = { name: 'c', routes: [g.pick(URLS)], tls };
  else if (where === 2) out.leafnodes = { remotes: [{ url: g.pick(URLS), tls }] };
  else if (where === 3) out.gateway = { name: 'A', tls, gateways: [{ name: 'B', url: g.pick(URLS), tls }] };
  else out.websocket = { port: 443, tls };
  if (g.chance(0.2)) out.jetstream = { store_dir: '/data', max_mem: g.pick([1, '1G', -1]) };
  return jsonText(g, out);
}

/** A nats-server config written as YAML: nats-server's parser reads it, so nats-tls does too. */
export function genYamlServer(g: Gen, ctx: GenCtx): string {
  const tls = tlsEntries(g, confStyle(g), 1, ctx).map(([k, v]) => `  ${k}: ${v.replace(/\r?\n/g, ' ')}`);
  return [`port: ${g.pick(['4222', '"4222"', '-1'])}`, `${g.pick(['server_name', 'listen', 'http'])}: x`, 'tls:', ...tls, ''].join('\n');
}

// ----------------------------------------------------------------------------- mutations

/** Byte-level damage: the text as UTF-8 bytes, edited, decoded the way a file on disk is. */
export function mutateBytes(text: string, g: Gen): string {
  let bytes = Buffer.from(text, 'utf8');
  const edits = 1 + g.int(4);
  for (let k = 0; k < edits; k++) {
    const at = g.int(bytes.length + 1);
    switch (g.int(8)) {
      case 0: // flip a bit
        if (bytes.length) bytes[Math.min(at, bytes.length - 1)]! ^= 1 << g.int(8);
        break;
      case 1: // random byte
        bytes = Buffer.concat([bytes.subarray(0, at), Buffer.from([g.int(256)]), bytes.subarray(at)]);
        break;
      case 2: // delete a run
        bytes = Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + 1 + g.int(16))]);
        break;
      case 3: // invalid UTF-8, a NUL, a BOM, a lone CR
        bytes = Buffer.concat([
          bytes.subarray(0, at),
          Buffer.from(
            g.pick([[0xff], [0xc0, 0x80], [0xe2, 0x82], [0], [0xef, 0xbb, 0xbf], [13], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80]]),
          ),
          bytes.subarray(at),
        ]);
        break;
      case 4: // a run of random printable bytes
        bytes = Buffer.concat([
          bytes.subarray(0, at),
          Buffer.from(Array.from({ length: 1 + g.int(8) }, () => 32 + g.int(95))),
          bytes.subarray(at),
        ]);
        break;
      case 5: // truncate
        bytes = bytes.subarray(0, at);
        break;
      case 6: // duplicate a chunk somewhere else
        {
          const from = g.int(bytes.length + 1);
          const chunk = bytes.subarray(from, from + g.int(64));
          bytes = Buffer.concat([bytes.subarray(0, at), chunk, bytes.subarray(at)]);
        }
        break;
      default: // swap two bytes
        if (bytes.length > 1) {
          const j = g.int(bytes.length);
          const i = Math.min(at, bytes.length - 1);
          [bytes[i], bytes[j]] = [bytes[j]!, bytes[i]!];
        }
    }
  }
  let out = decodeConfig(bytes);
  // Strings in an editor can also hold lone surrogates, which no UTF-8 file can.
  if (g.chance(0.1)) {
    const at = g.int(out.length + 1);
    out = out.slice(0, at) + g.pick(['\ud800', '\udfff', '\u2028', '\u0085', '\ufffe', '\ud83d']) + out.slice(at);
  }
  return out;
}

export const TLS_SNIPPETS = [
  'tls { cert_file: "certs/server.pem", key_file: "certs/server-key.pem" }',
  'tls {\n  ca_file: certs/ca.pem\n  verify: true\n}',
  'tls:\n  cert_file: "certs/client.pem"\n',
  'cluster { tls { cert_file: "certs/server.pem" } routes: [nats://a:6222] }',
  'leafnodes { remotes: [ { url: "tls://h:7422", tls: { ca_file: "certs/ca.pem" } } ] }',
  'gateway { name: A, tls { verify_cert_and_check_known_urls: true }, gateways: [ { name: B, url: "nats://b:7222" } ] }',
  'cert_file: "certs/expired.pem"',
  'key_file: $KEY',
  'ca_file: "certs/bundle.pem"',
  'verify_and_map: true',
  'client_auth: true',
  'min_version: 1.3',
  'cipher_suites: ["TLS_FAKE"]',
  'certs: [ { cert_file: a, key_file: b } ]',
  'ocsp_peer { verify: true, ca_timeout: 2 }',
  'pinned_certs: ["ab"]',
  'timeout: 1m',
];

/** Token-level edits: delete, duplicate, swap and replace tokens, or drop a TLS snippet at a token boundary. */
export function mutateTokens(text: string, g: Gen, donor: string): string {
  let t = text;
  const edits = 1 + g.int(3);
  for (let k = 0; k < edits; k++) {
    const toks = tokenize(t);
    if (toks.length === 0) {
      t = g.pick(TLS_SNIPPETS);
      continue;
    }
    const a = g.pick(toks);
    switch (g.int(6)) {
      case 0:
        t = t.slice(0, a.start) + t.slice(a.end);
        break;
      case 1:
        t = t.slice(0, a.end) + t.slice(a.start, a.end) + t.slice(a.end);
        break;
      case 2: {
        const b = g.pick(toks);
        const [x, y] = a.start <= b.start ? [a, b] : [b, a];
        if (x.end <= y.start)
          t = t.slice(0, x.start) + t.slice(y.start, y.end) + t.slice(x.end, y.start) + t.slice(x.start, x.end) + t.slice(y.end);
        break;
      }
      case 3: {
        const dt = tokenize(donor);
        const d = dt.length ? g.pick(dt) : undefined;
        if (d) t = t.slice(0, a.start) + donor.slice(d.start, d.end) + t.slice(a.end);
        break;
      }
      case 4:
        t = t.slice(0, a.start) + g.pick(TLS_SNIPPETS) + g.pick(['\n', ' ', '']) + t.slice(a.start);
        break;
      default: {
        // A line moved elsewhere (blocks open and close in odd places).
        const lines = t.split('\n');
        const i = g.int(lines.length);
        const [line] = lines.splice(i, 1);
        lines.splice(g.int(lines.length + 1), 0, line!);
        t = lines.join('\n');
      }
    }
  }
  return t;
}

// ----------------------------------------------------------------------------- inputs

export interface PeerDoc {
  file: string;
  languageId: string;
  text: string;
}

export interface FuzzInput {
  seed: number;
  /** Which generator made it (for reports). */
  generator: string;
  file: string;
  languageId: string | undefined;
  text: string;
  dialect: Dialect;
  settings: EngineSettings;
  forceRole: DocRole | undefined;
  /** Another document in the same Project (client ↔ server pairing). */
  peer: PeerDoc | undefined;
  /** The host's platform ('win32' makes cert_store valid and skips permission checks). */
  platform: string;
  /** The language server's workspace also scans the fixture folder (configs on disk take part in pairing). */
  scan: boolean;
}

export interface Sources {
  /** Configs to mutate: the corpus's .conf files (when present) and the built-in seed configs. */
  configs: readonly SeedConfig[];
  /** For checking the watchdog itself: the seed whose input hangs, and the one whose worker exits. */
  sabotage?: { hang?: number; crash?: number } | undefined;
}

export function loadSources(corpus: string | undefined): Sources {
  if (corpus && fs.existsSync(corpus)) return { configs: corpusConfigs(corpus) };
  return { configs: SEEDS };
}

const GENERATORS = [
  'conf',
  'conf-mutated',
  'corpus-tokens',
  'corpus-mutate',
  'corpus-bytes',
  'yaml-client',
  'json-client',
  'context',
  'json-server',
  'yaml-server',
  'yaml-json-mutated',
  'splice',
  'deep',
  'noise',
  'long-line',
] as const;
const GENERATOR_WEIGHTS = [20, 10, 10, 10, 8, 8, 4, 5, 3, 2, 8, 4, 2, 3, 3];

function deepInput(g: Gen): string {
  const n = 50 + g.int(400);
  switch (g.int(6)) {
    case 0:
      return 'a: ' + '{b: '.repeat(n) + '1' + '}'.repeat(g.chance(0.5) ? n : g.int(n));
    case 1:
      return 'a: ' + '['.repeat(n) + ']'.repeat(g.int(n + 1));
    case 2:
      return 'tls {\n' + Array.from({ length: n * 4 }, (_, i) => `  cert_file: "certs/server.pem" # ${i}`).join('\n') + '\n}\n';
    case 3:
      return Array.from({ length: n }, (_, i) => `V${i}: $V${i + 1}`).join('\n') + `\nV${n}: 1\nport: $V0\n`;
    case 4:
      return 'x: "' + 'a\\"'.repeat(n * 20) + '"\n' + 'y: (' + 'z'.repeat(n * 50);
    default:
      return 'tls:\n' + Array.from({ length: n }, (_, i) => `${'  '.repeat(1 + (i % 30))}k${i}:`).join('\n') + '\n';
  }
}

/** One very long line (tens of thousands of characters) inside an ordinary config: the shapes that make a
 * backtracking regular expression or a per-character rescan quadratic. */
function longLineInput(g: Gen, ctx: GenCtx): string {
  const n = 2000 + g.int(38000);
  const run = (s: string): string => s.repeat(Math.ceil(n / s.length)).slice(0, n);
  const line = g.pick([
    () => `,a${run(' ')}"x"y`,
    () => `a${run(' ')}b`,
    () => `a${run(' \t')}:${run(' ')}x`,
    () => `cert_file${run(' ')}`,
    () => `tls { ${run('a: 1, ')}`,
    () => `tls {${run(',')}`,
    () => `k: "${run('a')}`,
    () => `k: '${run('\\')}`,
    () => `k: ${run('\\')}`,
    () => `k: [${run('1, ')}`,
    () => `${run('#')}`,
    () => `k: ${run('$')}`,
    () => `${run('- ')}x`,
    () => `${run('a: ')}`,
    () => `${run('{')}`,
    () => `${run('[')}`,
    () => `cipher_suites: [${run('"TLS_AES_128_GCM_SHA256", ')}`,
    () => `${run('k')}: v`,
    () => `k: ${run('1')}`,
    () => `k: ${run('1.')}`,
    () => `k: 2020-01-01T${run('0')}`,
    () => `include ${run('a')}`,
    () => `${run('\u00a0')}`,
    () => `${run('é')}`,
    () => `${run('/')}`,
    () => `${run('// ')}`,
  ])();
  const base = g.chance(0.5) ? genServerConf(g, ctx) : 'tls {\n  cert_file: "certs/server.pem"\n}\n';
  const lines = base.split('\n');
  lines.splice(g.int(lines.length + 1), 0, g.chance(0.5) ? `  ${line}` : line);
  return lines.join('\n');
}

function noiseInput(g: Gen): string {
  const alphabet = [
    '{',
    '}',
    '[',
    ']',
    '(',
    ')',
    ':',
    '=',
    ',',
    ';',
    '"',
    "'",
    '#',
    '/',
    '\\',
    '$',
    '.',
    '-',
    '\n',
    '\r',
    ' ',
    '\t',
    'a',
    'tls',
    'cert_file',
    '1',
    'k',
    'include',
    'x.pem',
    '\u00a0',
    '\u2028',
    '٣',
    'é',
    '\0',
    '|',
    '&',
    '*',
    '!',
    '?',
    '%',
    '@',
    '`',
    '~',
  ];
  return Array.from({ length: g.int(200) }, () => g.pick(alphabet)).join('');
}

/** The input for one seed: a pure function of the seed, the fixture folder's path and the sources. */
export function makeInput(seed: number, dir: string, sources: Sources): FuzzInput {
  const g = new Gen(rng(seed));
  const generator = GENERATORS[g.weighted(GENERATOR_WEIGHTS)]!;
  const inSub = g.chance(0.25);
  const ctx: GenCtx = { dir, inSub };
  const folder = inSub ? path.join(dir, 'sub') : dir;
  const confFile = g.chance(0.03)
    ? 'untitled:Untitled-1'
    : path.join(folder, g.pick(['fuzz.conf', 'nats.conf', 'nats-server.conf', 'x.txt']));
  const source = (): SeedConfig => g.pick(sources.configs);
  let file = confFile;
  let languageId: string | undefined = g.chance(0.8) ? 'nats' : g.pick([undefined, 'plaintext', 'properties']);
  let text: string;
  switch (generator) {
    case 'conf':
      text = genServerConf(g, ctx);
      break;
    case 'conf-mutated':
      text = g.chance(0.5) ? mutate(genServerConf(g, ctx), seed) : mutateTokens(genServerConf(g, ctx), g, source().text);
      break;
    case 'corpus-tokens':
      text = mutateTokens(source().text, g, g.chance(0.5) ? source().text : genServerConf(g, ctx));
      break;
    case 'corpus-mutate':
      text = mutate(source().text, seed);
      break;
    case 'corpus-bytes':
      text = mutateBytes(g.chance(0.8) ? source().text : genServerConf(g, ctx), g);
      break;
    case 'yaml-client':
    case 'json-client':
    case 'context':
    case 'json-server':
    case 'yaml-server':
    case 'yaml-json-mutated': {
      const kind =
        generator === 'yaml-json-mutated'
          ? g.pick(['yaml-client', 'json-client', 'context', 'json-server', 'yaml-server'] as const)
          : generator;
      ({ file, languageId, text } = structured(kind, g, ctx, folder));
      if (generator === 'yaml-json-mutated')
        text = g.chance(0.5) ? mutateBytes(text, g) : g.chance(0.5) ? mutateTokens(text, g, genYamlClient(g, ctx)) : mutate(text, seed);
      break;
    }
    case 'splice': {
      const a = g.chance(0.5) ? source().text : genServerConf(g, ctx);
      const b = g.chance(0.5) ? structured(g.pick(['yaml-client', 'json-client', 'context'] as const), g, ctx, folder).text : source().text;
      text = a.slice(0, g.int(a.length + 1)) + b.slice(g.int(b.length + 1));
      break;
    }
    case 'deep':
      text = deepInput(g);
      break;
    case 'long-line':
      text = longLineInput(g, ctx);
      break;
    default:
      text = noiseInput(g);
  }
  const forceRole = file.endsWith('.conf') ? undefined : g.chance(0.3) ? g.pick(['server', 'client', 'context'] as const) : undefined;
  let peer: PeerDoc | undefined;
  if (g.chance(0.3)) {
    const kind = /\.(ya?ml|json)$/.test(file) ? 'server' : g.pick(['yaml-client', 'json-client', 'context'] as const);
    if (kind === 'server') peer = { file: path.join(dir, 'peer.conf'), languageId: 'nats', text: genServerConf(g, { dir, inSub: false }) };
    else {
      const s = structured(kind, g, { dir, inSub: false }, dir);
      peer = { file: path.join(dir, `peer-${path.basename(s.file)}`), languageId: s.languageId ?? 'json', text: s.text };
    }
  }
  const settings: EngineSettings = {
    base: g.pick(['auto', 'auto', 'auto', 'config', 'certs', '..', 'sub', dir, '/nonexistent', '']),
    serverVersion: g.pick(VERSIONS),
    expiryWarningDays: g.pick([30, 0, 365, 1e9, 0.5]),
    roots: g.chance(0.9) ? [dir] : g.pick([[], [folder, dir], ['/']]),
  };
  const dialect: Dialect = g.chance(0.7) ? 'latest' : '2.9.10';
  return {
    seed,
    generator,
    file,
    languageId,
    text,
    dialect,
    settings,
    forceRole,
    peer,
    platform: g.chance(0.1) ? 'win32' : 'linux',
    scan: g.chance(0.1),
  };
}

function structured(
  kind: 'yaml-client' | 'json-client' | 'context' | 'json-server' | 'yaml-server',
  g: Gen,
  ctx: GenCtx,
  folder: string,
): { file: string; languageId: string | undefined; text: string } {
  const lang = (yaml: boolean): string | undefined => (g.chance(0.8) ? (yaml ? 'yaml' : g.pick(['json', 'jsonc'])) : undefined);
  switch (kind) {
    case 'yaml-client':
      return {
        file: path.join(folder, g.pick(['client.yaml', 'nats.yml', 'app.yaml'])),
        languageId: lang(true),
        text: genYamlClient(g, ctx),
      };
    case 'json-client':
      return { file: path.join(folder, g.pick(['client.json', 'nats-client.json'])), languageId: lang(false), text: genJsonClient(g, ctx) };
    case 'context':
      return { file: path.join(folder, 'context', g.pick(['prod.json', 'local.json'])), languageId: lang(false), text: genContext(g, ctx) };
    case 'json-server':
      return { file: path.join(folder, g.pick(['nats.json', 'server.json'])), languageId: lang(false), text: genJsonServer(g, ctx) };
    default:
      return { file: path.join(folder, 'server.yaml'), languageId: lang(true), text: genYamlServer(g, ctx) };
  }
}

// ===================================================================================== checking one input

export type FailureKind = 'exception' | 'slow' | 'hang' | 'range' | 'edit';

export interface Failure {
  seed: number;
  kind: FailureKind;
  /** Where: open, project, outline, hover, completion, code-action, inlay-hint, link … */
  stage: string;
  message: string;
}

export interface CheckResult {
  failures: Failure[];
  ms: number;
  findings: number;
  /** Finding codes seen (to show what the inputs reach). */
  codes: string[];
}

/** Line lengths by the engine's convention (only '\n' ends a line; a '\r' before it belongs to the line). */
export class Lines {
  private readonly starts: number[] = [0];
  constructor(readonly text: string) {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }
  get count(): number {
    return this.starts.length;
  }
  length(line: number): number {
    const end = line + 1 < this.starts.length ? this.starts[line + 1]! - 1 : this.text.length;
    return end - this.starts[line]!;
  }
  /** Why a range is not inside the text, or undefined when it is. */
  problem(r: LspRange | Range | undefined): string | undefined {
    if (!r || !r.start || !r.end) return 'no range';
    for (const p of [r.start, r.end]) {
      if (!Number.isInteger(p.line) || !Number.isInteger(p.character) || p.line < 0 || p.character < 0)
        return `bad position ${JSON.stringify(p)}`;
      if (p.line >= this.count) return `line ${p.line} of ${this.count}`;
      if (p.character > this.length(p.line)) return `character ${p.character} past the end of line ${p.line} (${this.length(p.line)})`;
    }
    if (r.start.line > r.end.line || (r.start.line === r.end.line && r.start.character > r.end.character)) return `start after end`;
    return undefined;
  }
  offset(p: LspPosition): number {
    return this.starts[p.line]! + p.character;
  }
}

function before(a: LspPosition, b: LspPosition): boolean {
  return a.line < b.line || (a.line === b.line && a.character <= b.character);
}

/** `inner` lies within `outer` (both ends inclusive). */
export function contains(outer: LspRange, inner: LspRange): boolean {
  return before(outer.start, inner.start) && before(inner.end, outer.end);
}

/** Texts of the files findings may point into (the fixture folder's includes), read once. */
const diskTexts = new Map<string, string | undefined>();
function diskText(file: string): string | undefined {
  if (!diskTexts.has(file)) {
    let text: string | undefined;
    try {
      text = decodeConfig(fs.readFileSync(file));
    } catch {
      text = undefined;
    }
    diskTexts.set(file, text);
  }
  return diskTexts.get(file);
}

export interface CheckEnv {
  dir: string;
  host: EngineHost;
  env: Readonly<Record<string, string>>;
}

export function checkEnv(dir: string): CheckEnv {
  return { dir, host: nodeHost({ NATS_TLS_NOW: FUZZ_NOW.toISOString() }), env: ROBUST_ENV };
}

function errorText(e: unknown): string {
  return e instanceof Error ? (e.stack ?? e.message).split('\n').slice(0, 8).join('\n') : String(e);
}

/** Applies LSP text edits to `text` by the engine's line convention; throws on overlapping edits. */
export function applyLspEdits(text: string, edits: readonly TextEdit[]): string {
  const lines = new Lines(text);
  const withOffsets = edits.map((e, i) => ({ s: lines.offset(e.range.start), e: lines.offset(e.range.end), t: e.newText, i }));
  withOffsets.sort((a, b) => a.s - b.s || a.e - b.e || a.i - b.i);
  let out = '';
  let at = 0;
  for (const w of withOffsets) {
    if (w.s < at) throw new Error(`overlapping edits at offset ${w.s}`);
    if (typeof w.t !== 'string') throw new Error('edit without newText');
    out += text.slice(at, w.s) + w.t;
    at = w.e;
  }
  return out + text.slice(at);
}

/** Runs one input through everything; never throws (a throw is a failure). Slower than `limitMs` is a failure. */
export function checkInput(input: FuzzInput, baseEnv: CheckEnv, limitMs = INPUT_LIMIT_MS): CheckResult {
  const env: CheckEnv =
    input.platform === baseEnv.host.platform ? baseEnv : { ...baseEnv, host: { ...baseEnv.host, platform: input.platform } };
  const failures: Failure[] = [];
  const fail = (kind: FailureKind, stage: string, message: string): void => {
    if (failures.length < 20) failures.push({ seed: input.seed, kind, stage, message });
  };
  const started = performance.now();
  let findings = 0;
  let codes: string[] = [];
  /** Time spent per stage (LSP handlers by name), to say what was slow. */
  const spent = new Map<string, number>();
  const stage = <T>(name: string, run: () => T): T | undefined => {
    const t = performance.now();
    try {
      return run();
    } catch (e) {
      fail('exception', name, errorText(e));
      return undefined;
    } finally {
      if (name !== 'lsp') spent.set(name, (spent.get(name) ?? 0) + performance.now() - t);
    }
  };
  const docLines = new Lines(input.text);
  const texts = new Map<string, Lines>([[input.file, docLines]]);
  if (input.peer) texts.set(input.peer.file, new Lines(input.peer.text));
  const linesOf = (file: string): Lines | undefined => {
    let l = texts.get(file);
    if (!l) {
      const t = diskText(file);
      if (t !== undefined) texts.set(file, (l = new Lines(t)));
    }
    return l;
  };
  const checkFinding = (where: string, f: Finding): void => {
    const lines = linesOf(f.file);
    if (!lines) return fail('range', where, `${f.code} reported in ${f.file}, which is neither a document nor a file on disk`);
    const p = lines.problem(f.range);
    if (p) fail('range', where, `${f.code} in ${path.basename(f.file)} at ${JSON.stringify(f.range)}: ${p}`);
    for (const rel of f.related ?? []) {
      const rl = linesOf(rel.file);
      const rp = rl ? rl.problem(rel.range) : `related file ${rel.file} is neither a document nor a file on disk`;
      if (rp) fail('range', where, `${f.code}: related "${rel.message}" at ${JSON.stringify(rel.range)}: ${rp}`);
    }
  };
  const checkIssue = (where: string, i: SourceIssue): void => {
    const spans = [
      { what: 'range', s: i.start, e: i.end, len: i.src.text.length },
      ...(i.related ?? []).map((r) => ({ what: `related "${r.message}"`, s: r.start, e: r.end, len: r.src.text.length })),
    ];
    for (const { what, s, e, len } of spans) {
      if (!(Number.isInteger(s) && Number.isInteger(e) && s >= 0 && s <= e && e <= len))
        fail('range', where, `${i.code}: ${what} offsets ${s}..${e} outside ${path.basename(i.src.file)} (${len} chars)`);
    }
  };
  const ctxFor = (dialect: Dialect) => ({ env: env.env, fs: nodeFs, dialect });

  // ---- the engine: openDocument, every check (raw offsets), a Project (findings as the CLI and server give them)
  const doc = stage('open', () =>
    openDocument(input.file, input.text, {
      ...(input.languageId ? { languageId: input.languageId } : {}),
      ctx: ctxFor(input.dialect),
      ...(input.forceRole ? { forceRole: input.forceRole } : {}),
    }),
  );
  const peer =
    input.peer &&
    stage('open-peer', () =>
      openDocument(input.peer!.file, input.peer!.text, { languageId: input.peer!.languageId, ctx: ctxFor(input.dialect) }),
    );
  if (doc) {
    if (doc.src.text !== input.text) fail('exception', 'open', 'the document does not hold the text it was opened with');
    stage('checks', () => {
      const model = buildTlsModel(doc, input.settings, env.host);
      const models: TlsModel[] = [model];
      if (peer) models.push(buildTlsModel(peer, input.settings, env.host));
      for (const i of [...documentIssues(doc), ...tlsIssues(model, env.host), ...crossFileIssues(models)]) {
        checkIssue('checks', i);
        if (i.code === 'internal-error') fail('exception', 'checks', i.message);
      }
    });
    stage('project', () => {
      const project = new Project(env.host, () => input.settings);
      project.set(doc);
      if (peer) project.set(peer);
      const own = project.findings(input.file);
      const all = project.allFindings();
      findings = all.length;
      codes = [...new Set(all.map((f) => f.code))];
      for (const f of all) checkFinding('project', f);
      for (const f of own) if (f.file !== input.file) fail('range', 'project', `findings(${input.file}) returned one for ${f.file}`);
    });
    stage('outline', () => {
      const walk = (items: OutlineItem[]): void => {
        for (const i of items) {
          for (const r of [i.range, i.selectionRange]) {
            const p = docLines.problem(r);
            if (p) fail('range', 'outline', `${i.name}: ${JSON.stringify(r)}: ${p}`);
          }
          // VS Code rejects a whole outline whose symbol has a selectionRange outside its range.
          if (!contains(i.range, i.selectionRange))
            fail(
              'range',
              'outline',
              `${i.name}: selectionRange ${JSON.stringify(i.selectionRange)} is not inside range ${JSON.stringify(i.range)}`,
            );
          walk(i.children);
        }
      };
      walk(outline(doc));
      for (const f of foldingRanges(doc)) {
        if (!(f.startLine >= 0 && f.startLine <= f.endLine && f.endLine < docLines.count))
          fail('range', 'folding', `fold ${f.startLine}..${f.endLine} of ${docLines.count} lines`);
      }
    });
  }

  // ---- the language server's handlers, over a Workspace like the real server's
  stage('lsp', () => lspChecks(input, env, docLines, fail, checkFinding, spent));

  const ms = performance.now() - started;
  if (ms > limitMs) {
    const top = [...spent]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 3)
      .map(([n, t]) => `${n} ${t.toFixed(0)} ms`);
    fail(
      'slow',
      top.length ? top[0]!.replace(/ \d+ ms$/, '') : 'total',
      `took ${ms.toFixed(0)} ms (limit ${limitMs} ms): ${top.join(', ')}`,
    );
  }
  return { failures, ms, findings, codes };
}

function lspChecks(
  input: FuzzInput,
  env: CheckEnv,
  docLines: Lines,
  fail: (k: FailureKind, stage: string, m: string) => void,
  checkFinding: (where: string, f: Finding) => void,
  spent: Map<string, number>,
): void {
  const g = new Gen(rng(input.seed ^ 0x1ab5));
  const uri = input.file.startsWith('untitled:') ? input.file : fileUri(input.file);
  const languageId = input.languageId ?? (/\.ya?ml$/.test(input.file) ? 'yaml' : /\.json$/.test(input.file) ? 'json' : 'nats');
  const td = TextDocument.create(uri, languageId, 1 + g.int(5), input.text);
  const settings: Settings = {
    ...LSP_DEFAULTS,
    pathBase: input.settings.base || 'auto',
    serverVersion: input.settings.serverVersion,
    expiryWarningDays: input.settings.expiryWarningDays,
    inlayHints: { enabled: g.chance(0.9) },
  };
  const docs: TextDocument[] = [td];
  let peerTd: TextDocument | undefined;
  if (input.peer) docs.push((peerTd = TextDocument.create(fileUri(input.peer.file), input.peer.languageId, 1, input.peer.text)));
  const documents = { get: (u: string) => docs.find((d) => d.uri === u), all: () => docs, keys: () => docs.map((d) => d.uri) };
  const workspace: Workspace = new Workspace(env.host, env.env, () => ({
    base: settings.pathBase,
    serverVersion: settings.serverVersion,
    expiryWarningDays: settings.expiryWarningDays,
    roots: workspace.roots,
  }));
  workspace.setFolders(input.settings.roots);
  const ctx: ServerContext = {
    connection: undefined as unknown as Connection,
    documents: documents as unknown as TextDocuments<TextDocument>,
    workspace,
    runtime: { host: env.host, env: env.env },
    settingsFor: () => settings,
    targetFor: () => resolveTarget(settings.serverVersion, undefined),
    setDetectedVersion: () => undefined,
    filesChanged: () => false,
    refresh: () => undefined,
    onRefresh: () => undefined,
  };
  const stage = (name: string, run: () => void): void => {
    const t = performance.now();
    try {
      run();
    } catch (e) {
      fail('exception', name, errorText(e));
    } finally {
      spent.set(name, (spent.get(name) ?? 0) + performance.now() - t);
    }
  };
  let diagnostics: Diagnostic[] = [];
  // Configs on disk take part in pairing (only the fixture folder is scanned: a root of "/" would walk the disk).
  if (input.scan) {
    stage('scan', () => {
      workspace.setFolders([env.dir]);
      // The fixture folder is far smaller than a slice: the scan is done when scan() returns.
      void workspace.scan();
      workspace.setFolders(input.settings.roots);
    });
  }
  stage('workspace', () => {
    if (peerTd) workspace.update(peerTd);
    const doc = workspace.update(td);
    if (!doc) return;
    const findings = workspace.findings(input.file);
    for (const f of findings) checkFinding('workspace', f);
    diagnostics = findings.map((f) => toDiagnostic(f, g.chance(0.8)));
  });
  const checkRange = (where: string, what: string, r: LspRange | undefined): boolean => {
    const p = docLines.problem(r);
    if (p) fail('range', where, `${what} ${JSON.stringify(r)}: ${p}`);
    return !p;
  };
  let reparses = 3;
  const tryEdits = (where: string, what: string, edits: TextEdit[]): void => {
    for (const e of edits) if (!checkRange(where, `${what}: edit`, e.range)) return;
    let out: string;
    try {
      out = applyLspEdits(input.text, edits);
      // The LSP library's own applier must take them too.
      TextDocument.applyEdits(td, edits);
    } catch (e) {
      fail('edit', where, `${what}: ${errorText(e)}`);
      return;
    }
    if (reparses-- <= 0) return;
    try {
      // The edited text is parsed again, as the editor would on the next change (a few per input).
      openDocument(input.file, out, {
        ...(input.languageId ? { languageId: input.languageId } : {}),
        ctx: { env: env.env, fs: nodeFs, dialect: input.dialect },
      });
    } catch (e) {
      fail('exception', where, `re-parsing after ${what}: ${errorText(e)}`);
    }
  };
  const editsOf = (edit: WorkspaceEdit | undefined): TextEdit[] => {
    if (!edit) return [];
    const out: TextEdit[] = [];
    for (const c of edit.documentChanges ?? []) {
      if (!('textDocument' in c)) {
        fail('edit', 'code-action', 'resource operation in a quick fix');
        continue;
      }
      if (c.textDocument.uri !== uri) fail('edit', 'code-action', `edit for another document ${c.textDocument.uri}`);
      if (c.textDocument.version !== td.version)
        fail('edit', 'code-action', `edit pinned to version ${c.textDocument.version}, document is at ${td.version}`);
      out.push(...(c.edits as TextEdit[]));
    }
    for (const [u, edits] of Object.entries(edit.changes ?? {})) {
      if (u !== uri) fail('edit', 'code-action', `edit for another document ${u}`);
      out.push(...edits);
    }
    return out;
  };
  const checkActions = (actions: CodeAction[]): void => {
    for (const a of actions) {
      if (!a.title) fail('edit', 'code-action', 'an action without a title');
      if (a.edit) tryEdits('code-action', `"${a.title}"`, editsOf(a.edit));
    }
  };
  /** A position: mostly inside the text, sometimes past a line's end or past the last line. */
  const longest = ((): number => {
    let best = 0;
    for (let l = 1; l < docLines.count; l++) if (docLines.length(l) > docLines.length(best)) best = l;
    return best;
  })();
  const position = (): LspPosition => {
    const k = g.int(20);
    // At (or near) the end of a very long line, where a rescan of the line costs the most.
    if ((k === 2 || (k < 8 && docLines.length(longest) > 1000)) && docLines.length(longest) > 200)
      return { line: longest, character: Math.max(0, docLines.length(longest) - g.int(3)) };
    if (k === 0) return { line: docLines.count + g.int(3), character: g.int(5) };
    if (k === 1) {
      const line = g.int(docLines.count);
      return { line, character: docLines.length(line) + 1 + g.int(10) };
    }
    const off = g.int(input.text.length + 1);
    const lines = new LineIndex(input.text);
    return lines.position(off);
  };
  const documentChanges = g.chance(0.7);

  // Every current diagnostic's quick fixes, at once (as the editor's lightbulb over a whole selection).
  stage('code-action', () => {
    const end = new LineIndex(input.text).position(input.text.length);
    checkActions(
      codeActions(
        ctx,
        { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end }, context: { diagnostics } },
        { documentChanges },
      ),
    );
  });
  const probes = 3 + g.int(4);
  for (let i = 0; i < probes; i++) {
    const pos = position();
    stage('hover', () => {
      const h = hoverAt(ctx, { textDocument: { uri }, position: pos });
      if (h?.range) checkRange('hover', 'hover range', h.range);
    });
    stage('completion', () => {
      const list = complete(ctx, { textDocument: { uri }, position: pos }, { snippets: g.chance(0.5) });
      for (const item of list.items) {
        const te = item.textEdit;
        if (!te) continue;
        if ('range' in te) tryEditsCheap('completion', item.label, te.range, te.newText);
        else {
          tryEditsCheap('completion', `${item.label} (insert)`, te.insert, te.newText);
          tryEditsCheap('completion', `${item.label} (replace)`, te.replace, te.newText);
        }
      }
      // One item applied in full and parsed again.
      const one = list.items.length ? g.pick(list.items) : undefined;
      if (one?.textEdit && 'range' in one.textEdit) tryEdits('completion', one.label, [one.textEdit]);
    });
    stage('code-action', () => {
      const other = position();
      const [a, b] = docLines.problem({ start: pos, end: other }) ? [pos, pos] : [pos, other];
      const some = diagnostics.filter(() => g.chance(0.3));
      // A stale diagnostic (a range that no finding has) must simply get no fix.
      if (g.chance(0.2))
        some.push({
          range: { start: pos, end: pos },
          message: 'stale',
          source: 'nats-tls',
          code: g.pick(['unknown-field', 'missing-key-file', 'pem-swapped', 'invalid-value', 'yaml-style-block']),
        });
      const only = g.chance(0.2) ? [g.pick(['quickfix', 'refactor', 'source'])] : undefined;
      checkActions(
        codeActions(
          ctx,
          { textDocument: { uri }, range: { start: a, end: b }, context: { diagnostics: some, ...(only ? { only } : {}) } },
          { documentChanges },
        ),
      );
    });
    stage('inlay-hint', () => {
      const other = position();
      const range = g.chance(0.5)
        ? { start: { line: 0, character: 0 }, end: new LineIndex(input.text).position(input.text.length) }
        : { start: pos, end: other };
      for (const h of inlayHints(ctx, { textDocument: { uri }, range }))
        checkRange('inlay-hint', `hint "${String(h.label)}"`, { start: h.position, end: h.position });
    });
  }
  stage('link', () => {
    for (const l of documentLinks(ctx, uri)) {
      checkRange('link', `link to ${l.target}`, l.range);
      if (l.target && !/^file:/.test(l.target)) fail('range', 'link', `link target ${l.target} is not a file URI`);
    }
  });

  function tryEditsCheap(where: string, what: string, range: LspRange, newText: string): void {
    if (!checkRange(where, `${what}: edit`, range)) return;
    if (typeof newText !== 'string') fail('edit', where, `${what}: no newText`);
  }
}

// ===================================================================================== running many

export interface RobustnessOptions {
  seed: number;
  count: number;
  /** A corpus folder of .conf files (optional); the built-in seed configs are always mutated too. */
  corpus?: string | undefined;
  /** Worker threads (default 1). */
  parallel?: number;
  /** An input running longer than this is a hang: its worker is ended and the run goes on (default 20 s). */
  hangMs?: number;
  /** An input slower than this is a failure ('slow'; default INPUT_LIMIT_MS); Infinity for none. */
  inputLimitMs?: number;
  onProgress?: (done: number) => void;
  /** For checking the watchdog itself (see WorkerJob). */
  sabotage?: { hang?: number; crash?: number };
}

export interface RobustnessResult {
  seed: number;
  count: number;
  done: number;
  wallMs: number;
  maxMs: number;
  maxSeed: number;
  totalMs: number;
  findings: number;
  byGenerator: Record<string, number>;
  failures: (Failure & { generator: string; file: string; languageId: string | undefined; text: string; peer?: PeerDoc })[];
}

interface WorkerJob {
  dir: string;
  seed: number;
  count: number;
  /** This worker runs inputs first, first + step, … */
  first: number;
  step: number;
  configs: readonly SeedConfig[];
  /** An input slower than this (ms) is a failure. */
  limitMs: number;
  /** For checking the watchdog itself: the seed whose input hangs, and the one whose worker exits. */
  sabotage?: { hang?: number; crash?: number } | undefined;
}

type WorkerMessage =
  | { type: 'start'; k: number }
  | { type: 'done'; k: number; ms: number; findings: number; generator: string; failures: Failure[] }
  | { type: 'end' };

function startWorker(job: WorkerJob): Worker {
  // Workers do not inherit tsx's loader: register it, then load this very file, which then runs the job.
  const code = `require(${JSON.stringify(require.resolve('tsx/cjs/api'))}).register(); require(${JSON.stringify(__filename)});`;
  return new Worker(code, { eval: true, workerData: { natsTlsRobustness: job } });
}

function workerMain(job: WorkerJob): void {
  const env = checkEnv(job.dir);
  const sources: Sources = { configs: job.configs };
  for (let k = job.first; k < job.count; k += job.step) {
    parentPort!.postMessage({ type: 'start', k } satisfies WorkerMessage);
    const input = makeInput(job.seed + k, job.dir, sources);
    if (job.sabotage?.hang === job.seed + k) for (;;);
    if (job.sabotage?.crash === job.seed + k) process.exit(3);
    const r = checkInput(input, env, job.limitMs);
    // A slow input is timed again (a busy machine or a garbage collection can stall any one run): it fails
    // only when every attempt is over the limit.
    for (let retry = 0; retry < 2 && r.failures.some((f) => f.kind === 'slow'); retry++) {
      const again = checkInput(input, env, job.limitMs);
      if (!again.failures.some((f) => f.kind === 'slow')) r.failures = r.failures.filter((f) => f.kind !== 'slow');
    }
    parentPort!.postMessage({
      type: 'done',
      k,
      ms: r.ms,
      findings: r.findings,
      generator: input.generator,
      failures: r.failures,
    } satisfies WorkerMessage);
  }
  parentPort!.postMessage({ type: 'end' } satisfies WorkerMessage);
}

if (!isMainThread && (workerData as { natsTlsRobustness?: WorkerJob } | undefined)?.natsTlsRobustness) {
  workerMain((workerData as { natsTlsRobustness: WorkerJob }).natsTlsRobustness);
}

/**
 * Runs `count` inputs, input k from seed `seed + k`, in worker threads with a watchdog. Resolves with the
 * figures and every failure (with its input, so it reproduces from the failures file alone).
 */
export async function runRobustness(opts: RobustnessOptions, fixtures?: Fixtures): Promise<RobustnessResult> {
  const own = fixtures ? undefined : await makeFixtures();
  const fx = fixtures ?? own!;
  const sources = loadSources(opts.corpus);
  const parallel = Math.max(1, opts.parallel ?? 1);
  const hangMs = opts.hangMs ?? 20_000;
  const result: RobustnessResult = {
    seed: opts.seed,
    count: opts.count,
    done: 0,
    wallMs: 0,
    maxMs: 0,
    maxSeed: opts.seed,
    totalMs: 0,
    findings: 0,
    byGenerator: {},
    failures: [],
  };
  const started = performance.now();
  const record = (fs: Failure[]): void => {
    for (const f of fs) {
      const input = makeInput(f.seed, fx.dir, sources);
      result.failures.push({
        ...f,
        generator: input.generator,
        file: input.file,
        languageId: input.languageId,
        text: input.text,
        ...(input.peer ? { peer: input.peer } : {}),
      });
    }
  };
  try {
    await Promise.all(
      Array.from({ length: parallel }, (_, w) => {
        return new Promise<void>((resolve, reject) => {
          let current: { k: number; at: number } | undefined;
          const launch = (first: number): void => {
            if (first >= opts.count) return resolve();
            const worker = startWorker({
              dir: fx.dir,
              seed: opts.seed,
              count: opts.count,
              first,
              step: parallel,
              configs: sources.configs,
              limitMs: opts.inputLimitMs ?? INPUT_LIMIT_MS,
              sabotage: opts.sabotage,
            });
            /** This worker is done with (ended, crashed, or ended by the watchdog): later events are ignored. */
            let over = false;
            const finish = (): void => {
              over = true;
              clearInterval(timer);
            };
            /** The worker died on the current input: report that input and go on after it. */
            const died = (message: string): void => {
              if (over) return;
              finish();
              if (!current) return reject(new Error(`a robustness worker failed outside any input: ${message}`));
              const k = current.k;
              current = undefined;
              record([{ seed: opts.seed + k, kind: 'exception', stage: 'worker', message }]);
              result.done++;
              launch(k + parallel);
            };
            worker.on('message', (m: WorkerMessage) => {
              if (over) return;
              if (m.type === 'start') current = { k: m.k, at: performance.now() };
              else if (m.type === 'done') {
                current = undefined;
                result.done++;
                result.totalMs += m.ms;
                result.findings += m.findings;
                result.byGenerator[m.generator] = (result.byGenerator[m.generator] ?? 0) + 1;
                if (m.ms > result.maxMs) {
                  result.maxMs = m.ms;
                  result.maxSeed = opts.seed + m.k;
                }
                if (m.failures.length) record(m.failures);
                opts.onProgress?.(result.done);
              } else {
                finish();
                void worker.terminate();
                resolve();
              }
            });
            // A crash of the worker itself (out of memory, a stack overflow outside a try, an exit).
            worker.on('error', (e) => died(errorText(e)));
            worker.on('exit', (code) => died(`the worker exited with code ${code}`));
            const timer = setInterval(() => {
              if (over || !current || performance.now() - current.at <= hangMs) return;
              finish();
              const k = current.k;
              current = undefined;
              record([{ seed: opts.seed + k, kind: 'hang', stage: 'worker', message: `no result after ${hangMs} ms` }]);
              result.done++;
              void worker.terminate().then(() => launch(k + parallel));
            }, 250);
          };
          launch(w);
        });
      }),
    );
  } finally {
    own?.cleanup();
  }
  result.wallMs = performance.now() - started;
  result.failures.sort((a, b) => a.seed - b.seed);
  return result;
}

/** One input, run in this thread (to reproduce a failure): the input and what checking it found. */
export async function replayRobustness(seed: number, corpus?: string): Promise<{ input: FuzzInput; result: CheckResult }> {
  const fx = await makeFixtures();
  try {
    const input = makeInput(seed, fx.dir, loadSources(corpus));
    return { input, result: checkInput(input, checkEnv(fx.dir)) };
  } finally {
    fx.cleanup();
  }
}
