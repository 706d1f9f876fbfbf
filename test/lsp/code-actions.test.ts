// Code actions over real JSON-RPC: each quick fix is requested for the diagnostic the server published,
// applied to the text (checking the document version it is pinned to), and the result asserted; the
// client commands (generate / renew a certificate) are checked with their arguments.
import * as assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-protocol/node';
import type { GenerateCertificateArgs, RenewCertificateArgs } from '../../server/src/lsp/code-actions';
import { dedent } from '../helpers/fixture';
import { applyWorkspaceEdit } from './client';
import { pki, pkiFiles, session, type Session } from './setup';

describe('code actions', { timeout: 60_000 }, () => {
  let s: Session;
  let n = 0;
  before(async () => {
    s = await session();
  });
  after(async () => s.close());

  interface Fixable {
    uri: string;
    text: string;
    diagnostic: Diagnostic;
    actions: CodeAction[];
    /** The action whose title matches, applied to the document text. */
    apply(title: RegExp): string;
    /** Applies it in the editor too (a new version) and returns the diagnostics of that version. */
    applyAndRecheck(title: RegExp): Promise<Diagnostic[]>;
  }

  /** Opens `text`, waits for the `code` diagnostic and asks for its code actions. */
  async function fixable(text: string, code: string, file = `fix/f${n++}.conf`): Promise<Fixable> {
    const { uri, fx } = await s.open(file, text);
    const ds = await s.client.pushed(uri, (d) => d.some((x) => x.code === code));
    const diagnostic = ds.find((d) => d.code === code)!;
    const actions = await s.client.codeActions(uri, diagnostic.range, [diagnostic]);
    const version = s.client.version(uri);
    const find = (title: RegExp): CodeAction => {
      const a = actions.find((x) => title.test(x.title));
      assert.ok(a, `no action ${title} among: ${actions.map((x) => x.title).join(' | ')}`);
      assert.ok(a.edit, `${a.title} has no edit`);
      return a;
    };
    return {
      uri,
      text: fx.text,
      diagnostic,
      actions,
      apply: (title) => applyWorkspaceEdit(find(title).edit!, uri, fx.text, version),
      async applyAndRecheck(title) {
        const next = applyWorkspaceEdit(find(title).edit!, uri, fx.text, version);
        await s.client.change(uri, next);
        return s.client.pushed(uri);
      },
    };
  }

  test('every action is a quick fix tied to its diagnostic, with a versioned edit', async () => {
    const f = await fixable('tls {\n  cert_fil: "../certs/server.pem"\n}\n', 'unknown-field');
    const a = f.actions.find((x) => x.title === 'Change to cert_file')!;
    assert.equal(a.kind, 'quickfix');
    assert.equal(a.isPreferred, true);
    assert.deepEqual(a.diagnostics, [f.diagnostic]);
    const change = a.edit!.documentChanges![0]!;
    assert.ok('textDocument' in change);
    assert.deepEqual(change.textDocument, { uri: f.uri, version: 1 });
  });

  test('unquoted-dot-value: quotes the path', async () => {
    const f = await fixable('tls {\n  cert_file: ./certs/server.pem\n}\n', 'unquoted-dot-value');
    assert.equal(f.apply(/^Quote \.\/certs\/server\.pem$/), 'tls {\n  cert_file: "./certs/server.pem"\n}\n');
  });

  test('yaml-style-block: braces for the block and the blocks inside it, brackets for lists', async () => {
    const text =
      dedent(`
      port: 4222
      tls:
        cert_file: "../certs/server.pem"   # the server
        key_file: "../certs/server-key.pem"
        ocsp_peer:
          verify: false
        cipher_suites:
          - TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256
          - TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256
      cluster {
        name: c
      }
    `) + '\n';
    const f = await fixable(text, 'yaml-style-block');
    const expected =
      dedent(`
      port: 4222
      tls {
        cert_file: "../certs/server.pem"   # the server
        key_file: "../certs/server-key.pem"
        ocsp_peer {
          verify: false
        }
        cipher_suites: [
          TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256
          TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256
        ]
      }
      cluster {
        name: c
      }
    `) + '\n';
    assert.equal(f.apply(/^Write tls \{ … \}$/), expected);
    const after = await f.applyAndRecheck(/^Write tls/);
    assert.deepEqual(
      after.map((d) => d.code),
      [],
      'nats-server reads the result',
    );
  });

  test('yaml-style-block inside braces, fixed on the inner list only', async () => {
    const f = await fixable('cluster {\n  routes:\n    - nats://a:6222\n    - nats://b:6222\n}\n', 'yaml-style-block');
    assert.equal(f.apply(/^Write routes \[ … \]$/), 'cluster {\n  routes: [\n    nats://a:6222\n    nats://b:6222\n  ]\n}\n');
  });

  test('client-auth-field: client_auth: true becomes verify: true', async () => {
    const f = await fixable(
      'tls {\n  cert_file: "../certs/server.pem"\n  key_file: "../certs/server-key.pem"\n  ca_file: "../certs/ca.pem"\n  client_auth: true\n}\n',
      'client-auth-field',
    );
    assert.equal(
      f.apply(/^Replace client_auth with verify$/),
      'tls {\n  cert_file: "../certs/server.pem"\n  key_file: "../certs/server-key.pem"\n  ca_file: "../certs/ca.pem"\n  verify: true\n}\n',
    );
    assert.deepEqual(
      (await f.applyAndRecheck(/client_auth/)).map((d) => d.code),
      [],
    );
  });

  test('unknown-field: renames to the suggestion', async () => {
    const f = await fixable(
      'tls {\n  cert_file: "../certs/server.pem"\n  key_file: "../certs/server-key.pem"\n  min_verison: "1.3"\n}\n',
      'unknown-field',
    );
    assert.equal(
      f.apply(/^Change to min_version$/),
      'tls {\n  cert_file: "../certs/server.pem"\n  key_file: "../certs/server-key.pem"\n  min_version: "1.3"\n}\n',
    );
  });

  test('pem-swapped: swaps the two values as written', async () => {
    const f = await fixable('tls {\n  cert_file: \'../certs/server-key.pem\'\n  key_file: "../certs/server.pem"\n}\n', 'pem-swapped');
    assert.equal(
      f.apply(/^Swap cert_file and key_file$/),
      'tls {\n  cert_file: "../certs/server.pem"\n  key_file: \'../certs/server-key.pem\'\n}\n',
    );
    assert.deepEqual(
      (await f.applyAndRecheck(/^Swap/)).map((d) => d.code),
      [],
    );
  });

  test('missing-key-file: proposes the key that matches cert_file, written like cert_file', async () => {
    const f = await fixable('tls {\n  cert_file: "../certs/server.pem"  # comment\n}\n', 'missing-key-file');
    const add = f.actions.filter((a) => a.title.startsWith('Add key_file'));
    assert.deepEqual(
      add.map((a) => a.title),
      ['Add key_file: ../certs/server-key.pem (matches server-main)'],
    );
    assert.equal(add[0]!.isPreferred, true);
    assert.equal(
      f.apply(/^Add key_file/),
      'tls {\n  cert_file: "../certs/server.pem"  # comment\n  key_file: "../certs/server-key.pem"\n}\n',
    );
    assert.deepEqual(
      (await f.applyAndRecheck(/^Add key_file/)).map((d) => d.code),
      [],
    );
  });

  test('missing-key-file in a one-line block and in a YAML client config', async () => {
    const one = await fixable('tls { cert_file: "../certs/server.pem" }\n', 'missing-key-file');
    assert.equal(one.apply(/^Add key_file/), 'tls { cert_file: "../certs/server.pem", key_file: "../certs/server-key.pem" }\n');
    const yaml = await fixable(
      'servers: nats://localhost:4999\ntls:\n  cert: ../certs/client.pem\n',
      'missing-key-file',
      'fix/client.yaml',
    );
    assert.equal(
      yaml.apply(/^Add key: /),
      'servers: nats://localhost:4999\ntls:\n  cert: ../certs/client.pem\n  key: ../certs/client-key.pem\n',
    );
  });

  test('verify-without-ca: proposes the CA that issued the certificate first', async () => {
    s.ws.write('fix/ca/other-ca.pem', (await pki()).otherCa.pem);
    const f = await fixable(
      'tls {\n  cert_file: "../certs/server.pem"\n  key_file: "../certs/server-key.pem"\n  verify: true\n}\n',
      'verify-without-ca',
      'fix/ca/nats.conf',
    );
    const titles = f.actions.filter((a) => a.title.startsWith('Add ca_file')).map((a) => a.title);
    // Written relative to the base cert_file resolved against (fix/, an ancestor: pathBase "auto").
    assert.deepEqual(titles, ['Add ca_file: ../certs/ca.pem (issued server-main)', 'Add ca_file: ca/other-ca.pem (CA Other CA)']);
    assert.equal(
      f.apply(/^Add ca_file: \.\.\/certs\/ca\.pem/),
      'tls {\n  cert_file: "../certs/server.pem"\n  key_file: "../certs/server-key.pem"\n  verify: true\n  ca_file: "../certs/ca.pem"\n}\n',
    );
    assert.deepEqual(
      (await f.applyAndRecheck(/^Add ca_file: \.\.\/certs\/ca\.pem/)).map((d) => d.code),
      [],
    );
  });

  test('verify-without-ca on a cluster block (reported on the tls key) inserts after key_file', async () => {
    const f = await fixable(
      'cluster {\n  tls {\n    cert_file: "../certs/server.pem"\n    key_file: "../certs/server-key.pem"\n  }\n}\n',
      'verify-without-ca',
    );
    assert.equal(
      f.apply(/^Add ca_file: \.\.\/certs\/ca\.pem/),
      'cluster {\n  tls {\n    cert_file: "../certs/server.pem"\n    key_file: "../certs/server-key.pem"\n    ca_file: "../certs/ca.pem"\n  }\n}\n',
    );
  });

  test('invalid-value replacements: quoted booleans, min_version quoting, renamed cipher, curve case', async () => {
    const b = await fixable(
      'tls {\n  cert_file: "../certs/server.pem"\n  key_file: "../certs/server-key.pem"\n  verify: "true"\n}\n',
      'invalid-value',
    );
    assert.equal(
      b.apply(/^Change to true$/),
      'tls {\n  cert_file: "../certs/server.pem"\n  key_file: "../certs/server-key.pem"\n  verify: true\n}\n',
    );
    const mv = await fixable('tls {\n  min_version: 1.3\n}\n', 'invalid-value');
    assert.equal(mv.apply(/^Change to "1\.3"$/), 'tls {\n  min_version: "1.3"\n}\n');
    const c = await fixable('tls {\n  cipher_suites: [ "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305" ]\n}\n', 'invalid-value');
    assert.equal(
      c.apply(/^Change to "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256"$/),
      'tls {\n  cipher_suites: [ "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256" ]\n}\n',
    );
    const cv = await fixable('tls {\n  curve_preferences: [ "x25519" ]\n}\n', 'invalid-value');
    assert.equal(cv.apply(/^Change to "X25519"$/), 'tls {\n  curve_preferences: [ "X25519" ]\n}\n');
  });

  test('unit-trap: a suffixed number becomes a duration string', async () => {
    const f = await fixable(
      'tls {\n  cert_file: "../certs/server.pem"\n  key_file: "../certs/server-key.pem"\n  timeout: 1m\n}\n',
      'unit-trap',
    );
    assert.equal(
      f.apply(/^Change to "1m"$/),
      'tls {\n  cert_file: "../certs/server.pem"\n  key_file: "../certs/server-key.pem"\n  timeout: "1m"\n}\n',
    );
  });

  test('stale requests are refused: diagnostics of an older version get no fixes', async () => {
    const { uri } = await s.open('fix/stale.conf', 'tls {\n  cert_fil: "x"\n}\n');
    const ds = await s.client.pushed(uri, (d) => d.some((x) => x.code === 'unknown-field'));
    await s.client.change(uri, '\n\ntls {\n  cert_fil: "x"\n}\n');
    const actions = await s.client.codeActions(uri, ds[0]!.range, ds, ['quickfix']);
    assert.deepEqual(actions, []);
    // Edits are pinned to the version they were made for: applying one to another version fails.
    const now = (await s.client.pushed(uri, (d) => d.some((x) => x.code === 'unknown-field'))).filter((d) => d.code === 'unknown-field');
    const fresh = await s.client.codeActions(uri, now[0]!.range, now, ['quickfix']);
    assert.equal(fresh.length, 1);
    assert.throws(() => applyWorkspaceEdit(fresh[0]!.edit!, uri, s.client.text(uri), 1), /edit for version 2, document is at 1/);
  });
});

describe('certificate commands', { timeout: 60_000 }, () => {
  let s: Session;
  before(async () => {
    s = await session();
  });
  after(async () => s.close());

  test('no-certificate: generate a test certificate for the block (client command, with the block identified)', async () => {
    const { uri, fx } = await s.open('gen/nats.conf', 'port: 4222\ncluster {\n  ⟦tls⟧ {\n    ca_file: "../certs/ca.pem"\n  }\n}\n');
    const ds = await s.client.pushed(uri, (d) => d.some((x) => x.code === 'no-certificate'));
    const d = ds.find((x) => x.code === 'no-certificate')!;
    const actions = await s.client.codeActions(uri, d.range, [d]);
    const gen = actions.find((a) => a.command?.command === 'natsTls.generateServerCertificate')!;
    assert.ok(gen, actions.map((a) => a.title).join(' | '));
    assert.equal(gen.title, 'Generate a test certificate for cluster.tls (cluster routes in both directions)');
    assert.equal(gen.kind, 'quickfix');
    const args = gen.command!.arguments as [GenerateCertificateArgs];
    assert.deepEqual(args, [
      {
        uri,
        version: 1,
        block: { location: 'cluster', path: 'cluster.tls', range: fx.range(0) },
        caFile: { written: '../certs/ca.pem', resolved: s.ws.path('certs/ca.pem') },
      },
    ]);
  });

  test('file-not-found on cert_file: generate offered; on ca_file: not', async () => {
    const { uri } = await s.open(
      'gen/missing.conf',
      'tls {\n  cert_file: "nope.pem"\n  key_file: "nope-key.pem"\n  ca_file: "no-ca.pem"\n}\n',
    );
    const ds = (await s.client.pushed(uri, (d) => d.filter((x) => x.code === 'file-not-found').length === 3)).filter(
      (x) => x.code === 'file-not-found',
    );
    const offered = [];
    for (const d of ds) {
      const actions = await s.client.codeActions(uri, d.range, [d], ['quickfix']);
      offered.push(actions.map((a) => a.command?.command ?? a.title));
    }
    assert.deepEqual(offered, [['natsTls.generateServerCertificate'], ['natsTls.generateServerCertificate'], []]);
  });

  test('a clean server tls block: a refactor on its tls line only, so no light bulb on every line', async () => {
    const { uri } = await s.open(
      'gen/top.conf',
      'port: 4222\ntls {\n  cert_file: "../certs/server.pem"\n  key_file: "../certs/server-key.pem"\n  ca_file: "../certs/ca.pem"\n  verify: true\n}\n',
    );
    await s.client.pushed(uri);
    const at = async (line: number, character: number, only?: string[]) =>
      s.client.codeActions(uri, { start: { line, character }, end: { line, character } }, [], only);
    const onKey = await at(1, 1);
    assert.deepEqual(
      onKey.map((a) => [a.kind, a.command?.command, a.diagnostics]),
      [['refactor', 'natsTls.generateServerCertificate', undefined]],
    );
    assert.equal(onKey[0]!.title, 'Generate a test certificate for tls (the client port and HTTPS monitoring)');
    const args = onKey[0]!.command!.arguments![0] as GenerateCertificateArgs;
    assert.deepEqual(args.certFile, { written: '../certs/server.pem', resolved: s.ws.path('certs/server.pem') });
    assert.deepEqual(args.block.location, 'client-port');
    // Anywhere on that line, also before the key.
    assert.equal((await at(1, 0)).length, 1);
    assert.equal((await at(1, 5)).length, 1);
    // Not on the block's other lines, nor outside it, nor when only quick fixes are asked for.
    for (const line of [0, 2, 3, 4, 5, 6, 7]) assert.deepEqual(await at(line, 4), [], `line ${line}`);
    assert.deepEqual(await at(1, 1, ['quickfix']), []);
  });

  test('broken certificate or key files: generating new ones is a quick fix for the diagnostic', async () => {
    const p = await pki();
    s.ws.write('gen/broken/garbage.pem', 'not a certificate\n');
    s.ws.write('gen/broken/other-key.pem', p.client.keyPem);
    const cases: [string, string][] = [
      ['not-pem', 'tls {\n  cert_file: "broken/garbage.pem"\n  key_file: "../certs/server-key.pem"\n}\n'],
      ['key-mismatch', 'tls {\n  cert_file: "../certs/server.pem"\n  key_file: "broken/other-key.pem"\n}\n'],
      ['wrong-pem-type', 'tls {\n  cert_file: "../certs/server-key.pem"\n  key_file: "../certs/server-key.pem"\n}\n'],
    ];
    for (const [code, text] of cases) {
      const { uri } = await s.open(`gen/${code}.conf`, text);
      const ds = await s.client.pushed(uri, (d) => d.some((x) => x.code === code));
      const d = ds.find((x) => x.code === code)!;
      const actions = await s.client.codeActions(uri, d.range, [d], ['quickfix']);
      const gen = actions.find((a) => a.command?.command === 'natsTls.generateServerCertificate');
      assert.ok(gen, `${code}: ${actions.map((a) => a.title).join(' | ')}`);
      assert.equal(gen.kind, 'quickfix');
      assert.deepEqual(gen.diagnostics, [d]);
    }
  });

  test('cert-expiring / cert-expired: renew with the CA whose key is in the workspace', async () => {
    for (const [name, code] of [
      ['expiring', 'cert-expiring'],
      ['expired', 'cert-expired'],
    ] as const) {
      const { uri } = await s.open(
        `renew/${name}.conf`,
        `tls {\n  cert_file: "../certs/${name}.pem"\n  key_file: "../certs/${name}-key.pem"\n}\n`,
      );
      const ds = await s.client.pushed(uri, (d) => d.some((x) => x.code === code));
      const d = ds.find((x) => x.code === code)!;
      const actions = await s.client.codeActions(uri, d.range, [d]);
      const renew = actions.find((a) => a.command?.command === 'natsTls.renewCertificate');
      assert.ok(renew, actions.map((a) => a.title).join(' | '));
      assert.equal(renew.title, `Renew ${name} with ca.pem (Test Root CA)`);
      const p = await pki();
      const cert = name === 'expiring' ? p.expiring : p.expired;
      assert.deepEqual(renew.command!.arguments, [
        {
          uri,
          version: 1,
          certPath: s.ws.path(`certs/${name}.pem`),
          index: 0,
          subject: `CN=${name}`,
          notAfter: cert.issued.cert.notAfter.toISOString(),
          keyPath: s.ws.path(`certs/${name}-key.pem`),
          caCertPath: s.ws.path('certs/ca.pem'),
          caKeyPath: s.ws.path('certs/ca-key.pem'),
        } satisfies RenewCertificateArgs,
      ]);
    }
  });

  test('no renew action when the CA key is not in the workspace', async () => {
    const files = await pkiFiles('');
    s.ws.write('nokey/expiring.pem', files['expiring.pem']!);
    s.ws.write('nokey/expiring-key.pem', files['expiring-key.pem']!);
    s.ws.write('nokey/ca.pem', (await pki()).otherCa.pem);
    // Outside the workspace's certs/ folder: a config in its own folder tree, pathBase "config".
    await s.client.setSettings({ '': { pathBase: 'config' } });
    const { uri } = await s.open('nokey/nats.conf', 'tls {\n  cert_file: "expiring.pem"\n  key_file: "expiring-key.pem"\n}\n');
    const ds = await s.client.pushed(uri, (d) => d.some((x) => x.code === 'cert-expiring'));
    const d = ds.find((x) => x.code === 'cert-expiring')!;
    const actions = await s.client.codeActions(uri, d.range, [d]);
    assert.deepEqual(
      actions.filter((a) => a.command?.command === 'natsTls.renewCertificate'),
      [],
    );
    await s.client.setSettings({});
  });
});
