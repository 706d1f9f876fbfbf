// End-to-end: the packaged extension in a real VS Code (code-server) shows nats-tls diagnostics in the
// Problems panel, and its language server answers document symbols, in single- and multi-root workspaces.
// Needs `npm run setup:e2e` once; see test/e2e/README.md.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { describeE2E, startCodeServer, type CodeServer, type Workbench } from './harness';
import type { DiagnosticRow, DiagnosticsArgs } from './inhost/diagnostics';
import type { SymbolNode, SymbolsArgs } from './inhost/symbols';

/** The classic mistake: YAML-style nesting, which nats-server rejects. */
const SEED = `listen: ":4222"
tls:
  cert_file: "/etc/nats/certs/server.pem"
  key_file: "/etc/nats/certs/server.key"
  client_auth: true
  ca_file: "/etc/nats/certs/clients.pem"
`;

/** A second file (a *.conf in a folder named nats): an unquoted ./path and an undefined variable. */
const JETSTREAM = `# JetStream storage and the token for the system account
jetstream {
  store_dir: ./data/jetstream
}
authorization {
  token: $NATS_TLS_E2E_UNDEFINED_TOKEN
}
`;

const GOOD = `# A correct TLS block
listen: "0.0.0.0:4222"
tls {
  cert_file: "/etc/nats/certs/server.pem"
  key_file: "/etc/nats/certs/server.key"
  ca_file: "/etc/nats/certs/clients.pem"
  verify: true
}
`;

// Fixtures live in a temp dir made at test time; folder names are what the workbench shows.
const fixtureRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'nats-tls-e2e-fixture-'));
const broken = path.join(fixtureRoot, 'nats-demo');
const good = path.join(fixtureRoot, 'nats-good');
fs.mkdirSync(path.join(broken, 'nats'), { recursive: true });
fs.mkdirSync(good, { recursive: true });
fs.writeFileSync(path.join(broken, 'nats.conf'), SEED);
fs.writeFileSync(path.join(broken, 'nats', 'jetstream.conf'), JETSTREAM);
fs.writeFileSync(path.join(good, 'nats.conf'), GOOD);
process.on('exit', () => fs.rmSync(fixtureRoot, { recursive: true, force: true }));

/** Codes the engine reports (the seed config's two mistakes, and two more); tests assert "at least". */
const EXPECTED = {
  'nats.conf': ['yaml-style-block', 'client-auth-field'],
  'nats/jetstream.conf': ['unquoted-dot-value', 'undefined-variable'],
};

describeE2E('Problems panel, single-root workspace', () => {
  let vs: CodeServer | undefined;
  let wb: Workbench;

  before(async () => {
    vs = await startCodeServer({ workspace: broken, name: 'problems', viewport: { width: 1280, height: 800 } });
    wb = await vs.openWorkbench();
  });
  after(async () => {
    await vs?.close();
  });

  test('shows the nats-tls diagnostics of both files, by code', async () => {
    await wb.step('problems-panel', async () => {
      await wb.openFile('nats/jetstream.conf');
      await wb.openFile('nats.conf');
      const rows = await wb.waitForProblems({ codes: Object.values(EXPECTED).flat() });
      for (const [file, codes] of Object.entries(EXPECTED)) {
        const mine = rows.filter((r) => r.file === path.join(broken, file));
        for (const code of codes) {
          const row = mine.find((r) => r.code === code);
          assert.ok(row, `${file}: no ${code} in ${JSON.stringify(mine)}`);
          assert.equal(row.source, 'nats-tls');
          assert.ok(row.message.length > 0 && row.line > 0, `${file}: ${JSON.stringify(row)}`);
        }
      }
      const yaml = rows.find((r) => r.code === 'yaml-style-block');
      assert.equal(yaml?.line, 2, 'the YAML-style block is reported at `tls:`, where the fix goes');
      assert.equal(yaml?.severity, 'error');
      // The fix leads, so the panel shows it; nats-server's words come last.
      assert.match(yaml!.message, /^nats-server rejects this config\. Write tls \{ … \} with the fields inside braces/);
      const auth = rows.find((r) => r.code === 'client-auth-field');
      assert.match(auth?.message ?? '', /^nats-server rejects this config\. client_auth is not a nats-server option/);
      // Its related information, a row under it, names the line nats-server reports ("Parse error on line 3").
      await wb.page.locator('.markers-panel .monaco-list-row', { hasText: 'nats-server reports this error on line 3' }).first().waitFor();

      await wb.docsScreenshot('problems.png');
    });
  });
});

describeE2E('language server answers, multi-root workspace, in the extension host', () => {
  let vs: CodeServer | undefined;

  before(async () => {
    vs = await startCodeServer({ workspace: { folders: [broken, good] }, name: 'inhost' });
  });
  after(async () => {
    await vs?.close();
  });

  test('document symbols (Outline) of a correct config show tls and its fields', async () => {
    const args: SymbolsArgs = { folder: 'nats-good', file: 'nats.conf' };
    const r = await vs!.runInHost<{ languageId: string; symbols: SymbolNode[] }>('test/e2e/inhost/symbols.ts', { args });
    const { languageId, symbols } = r.value!;
    assert.equal(languageId, 'nats');
    const tls = symbols.find((s) => s.name === 'tls');
    assert.ok(tls, `no tls symbol in ${JSON.stringify(symbols)}`);
    assert.deepEqual(
      tls.children.map((c) => c.name),
      ['cert_file', 'key_file', 'ca_file', 'verify'],
    );
    assert.ok(symbols.some((s) => s.name === 'listen'));
  });

  test("the yaml-style-block diagnostic's related information points at the line nats-server names", async () => {
    const args: DiagnosticsArgs = { files: [{ folder: 'nats-demo', file: 'nats.conf', codes: ['yaml-style-block'] }] };
    const r = await vs!.runInHost<Record<string, DiagnosticRow[]>>('test/e2e/inhost/diagnostics.ts', { args });
    const yaml = r.value!['nats-demo/nats.conf']!.find((d) => d.code === 'yaml-style-block')!;
    assert.equal(yaml.line, 2);
    assert.deepEqual(yaml.related, [{ file: 'nats.conf', line: 3, message: 'nats-server reports this error on line 3' }]);
  });

  test('vscode.languages.getDiagnostics agrees with the Problems panel, across workspace folders', async () => {
    const args: DiagnosticsArgs = {
      files: Object.entries(EXPECTED).map(([file, codes]) => ({ folder: 'nats-demo', file, codes })),
    };
    const r = await vs!.runInHost<Record<string, DiagnosticRow[]>>('test/e2e/inhost/diagnostics.ts', { args });
    for (const [file, codes] of Object.entries(EXPECTED)) {
      const got = r.value![`nats-demo/${file}`]!.map((d) => d.code);
      for (const c of codes) assert.ok(got.includes(c), `${file}: ${c} missing from ${JSON.stringify(got)}`);
    }
  });
});
