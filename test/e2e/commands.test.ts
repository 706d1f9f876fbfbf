// End-to-end: the client's commands in a real VS Code (code-server). "Generate Test CA…" and "Set Up Mutual
// TLS…" through the command palette and their prompts, "Inspect Certificate" and "Check with nats-server"
// through executeCommand in the extension host, and Restricted Mode: analysis on, writing refused.
// Needs `npm run setup:e2e` once; see test/e2e/README.md.
import assert from 'node:assert/strict';
import { createPrivateKey, X509Certificate } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { natsServerCheck } from '../helpers/nats-server';
import { natsServerTool, need } from '../helpers/tools';
import { describeE2E, startCodeServer, type CodeServer, type Workbench } from './harness';
import type { CommandsArgs } from './inhost/commands';
import type { DiagnosticRow, DiagnosticsArgs } from './inhost/diagnostics';

const fixtureRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'nats-tls-e2e-commands-'));
process.on('exit', () => fs.rmSync(fixtureRoot, { recursive: true, force: true }));
const trusted = path.join(fixtureRoot, 'nats-cmds');
const restricted = path.join(fixtureRoot, 'nats-restricted');
fs.mkdirSync(trusted, { recursive: true });
fs.mkdirSync(restricted, { recursive: true });
/** nats-server rejects `foo` (unknown field) on line 2. */
fs.writeFileSync(path.join(trusted, 'nats.conf'), 'port: 4222\nfoo: bar\n');
/** The engine reports yaml-style-block here: once it shows, the extension (and its commands) are loaded. */
fs.mkdirSync(path.join(trusted, 'nats'), { recursive: true });
fs.writeFileSync(path.join(trusted, 'nats', 'ready.conf'), 'tls:\n  cert_file: "a.pem"\n');
/** A tls block whose files are missing (file-not-found), and one without any (no-certificate). */
fs.writeFileSync(
  path.join(trusted, 'nats', 'tls.conf'),
  'listen: "127.0.0.1:4222"\ntls {\n  cert_file: "../certs/server.pem"\n  key_file: "../certs/server-key.pem"\n}\n',
);
fs.writeFileSync(path.join(trusted, 'nats', 'bare.conf'), 'listen: "127.0.0.1:4223"\ntls {\n  timeout: 2\n}\n');
/** The engine reports yaml-style-block here, also in Restricted Mode. */
fs.writeFileSync(path.join(restricted, 'nats.conf'), 'listen: ":4222"\ntls:\n  cert_file: "server.pem"\n  key_file: "server-key.pem"\n');

const mode = (p: string): string => (fs.statSync(p).mode & 0o777).toString(8);

describeE2E(
  'commands in a trusted workspace',
  () => {
    let vs: CodeServer | undefined;
    let wb: Workbench;

    before(async () => {
      vs = await startCodeServer({ workspace: trusted, name: 'commands' });
      wb = await vs.openWorkbench();
      // The palette lists an extension's commands once the remote extension host has it: wait for its diagnostics.
      await wb.openFile('nats/ready.conf');
      await wb.waitForProblems({ codes: ['yaml-style-block'] });
    });
    after(async () => {
      await vs?.close();
    });

    test('"NATS: Generate Test CA…" asks for a folder and the name constraints, then writes ca.pem and ca-key.pem (0400)', async () => {
      await wb.step('generate-ca', async () => {
        await wb.runCommand('NATS: Generate Test CA…', [
          { pick: 'certs', prompt: /Folder to write the files to/ },
          { pick: 'Limited to local test names', prompt: /Which names may this CA vouch for/ },
        ]);
        await wb.waitForNotification(/Wrote test CA/);
      });
      const dir = path.join(trusted, 'certs');
      assert.deepEqual(fs.readdirSync(dir).sort(), ['ca-key.pem', 'ca.pem']);
      assert.equal(mode(path.join(dir, 'ca.pem')), '644');
      assert.equal(mode(path.join(dir, 'ca-key.pem')), '400');
      const ca = new X509Certificate(fs.readFileSync(path.join(dir, 'ca.pem')));
      assert.equal(ca.ca, true);
      assert.match(ca.subject, /nats-tls test CA/);
    });

    test('"Inspect Certificate" shows the public facts of a certificate and of a key, never key material', async () => {
      const dir = path.join(trusted, 'certs');
      const certArgs: CommandsArgs = { action: 'inspect', file: path.join(dir, 'ca.pem') };
      const cert = (await vs!.runInHost<{ text: string }>('test/e2e/inhost/commands.ts', { args: certArgs })).value!;
      assert.match(cert.text, /Certificate 1 \(line 1\)/);
      assert.match(cert.text, /CA\s+yes/);
      const keyFile = path.join(dir, 'ca-key.pem');
      const keyArgs: CommandsArgs = { action: 'inspect', file: keyFile };
      const key = (await vs!.runInHost<{ text: string }>('test/e2e/inhost/commands.ts', { args: keyArgs })).value!;
      assert.match(key.text, /Private key \(line 1\)/);
      const body = fs
        .readFileSync(keyFile, 'utf8')
        .split('\n')
        .filter((l) => l && !l.startsWith('-----'));
      for (const line of body) assert.ok(!key.text.includes(line), 'no line of the key appears');
    });

    test('"Check with nats-server" maps nats-server\'s output to diagnostics (source nats-server)', async (t) => {
      if (!need(t, natsServerTool)) return;
      const args: CommandsArgs = { action: 'check', file: path.join(trusted, 'nats.conf') };
      const r = (
        await vs!.runInHost<{ diagnostics: { message: string; line: number; character: number; end: number; severity: string }[] }>(
          'test/e2e/inhost/commands.ts',
          { args },
        )
      ).value!;
      assert.deepEqual(r.diagnostics, [{ message: 'unknown field "foo"', line: 1, character: 0, end: 3, severity: 'Error' }]);
    });

    test('the quick fix on a missing cert_file generates the files at the paths the block names', async () => {
      await wb.step('generate-server-for-block', async () => {
        await wb.openFile('tls.conf');
        await wb.waitForProblems({ codes: ['file-not-found'], file: 'tls.conf' });
        await wb.quickFix('server.pem', /^Generate a test certificate for tls/);
        await wb.answerQuickInput({ text: 'server', prompt: /Certificate name/ });
        await wb.answerQuickInput({ text: 'localhost, 127.0.0.1, ::1, nats.test', prompt: /Host names and IP addresses/ });
        await wb.waitForNotification(/Wrote server\.pem and server-key\.pem/);
        // The language server sees the new files (file watcher): the findings go away.
        await wb.waitForProblemsGone({ codes: ['file-not-found'], file: 'tls.conf' });
      });
      const certs = path.join(trusted, 'certs');
      assert.equal(mode(path.join(certs, 'server-key.pem')), '600');
      const cert = new X509Certificate(fs.readFileSync(path.join(certs, 'server.pem')));
      assert.equal(cert.subjectAltName, 'DNS:localhost, DNS:nats.test, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1');
      // nats-server, started from the config's folder, loads them.
      const t = natsServerCheck(path.join(trusted, 'nats'), 'tls.conf');
      assert.ok(t.ok, t.output);
    });

    test('the quick fix on a block without certificate: files in the CA folder, then cert_file/key_file added', async () => {
      await wb.step('generate-server-and-add', async () => {
        await wb.openFile('bare.conf');
        await wb.waitForProblems({ codes: ['no-certificate'], file: 'bare.conf' });
        await wb.quickFix('tls', /^Generate a test certificate for tls/);
        await wb.answerQuickInput({ text: 'bare', prompt: /Certificate name/ });
        await wb.answerQuickInput({ text: 'localhost', prompt: /Host names and IP addresses/ });
        await wb.answerQuickInput({ pick: 'certs', prompt: /Folder to write the files to/ });
        const toast = wb.page.locator('.notifications-toasts .notification-toast', { hasText: /Wrote bare\.pem and bare-key\.pem/ });
        await toast.locator('.monaco-button', { hasText: 'Add cert_file and key_file to tls' }).click();
        await wb.waitForEditorText(/key_file: "\.\.\/certs\/bare-key\.pem"/);
        // The action ends after the edit shows: it then reveals the config with the cursor at the insertion
        // point (showTextDocument), which takes the focus. Wait for that, or it closes the next test's palette.
        await wb.waitForCursor(3, 13);
        await wb.waitForProblemsGone({ codes: ['no-certificate'], file: 'bare.conf' });
      });
      const { text } = await wb.editorText();
      assert.match(text, /timeout: 2\s*\n\s*cert_file: "\.\.\/certs\/bare\.pem"\s*\n\s*key_file: "\.\.\/certs\/bare-key\.pem"/);
    });

    test('"NATS: Renew Certificate…" replaces a certificate after the "Overwrite" confirmation, keeping its key', async () => {
      const certFile = path.join(trusted, 'certs', 'server.pem');
      const before = new X509Certificate(fs.readFileSync(certFile));
      await wb.step('renew', async () => {
        await wb.runCommand('NATS: Renew Certificate…', [{ pick: 'certs/server.pem', prompt: /The certificate to renew/ }]);
        const dialog = wb.page.locator('.monaco-dialog-box', { hasText: /Renew CN=server/ });
        await dialog.locator('.monaco-button', { hasText: /^Overwrite$/ }).click();
        await wb.waitForNotification(/Renewed CN=server/);
      });
      const after = new X509Certificate(fs.readFileSync(certFile));
      assert.notEqual(after.serialNumber, before.serialNumber);
      assert.equal(after.subjectAltName, before.subjectAltName);
      assert.ok(after.checkPrivateKey(createPrivateKey(fs.readFileSync(path.join(trusted, 'certs', 'server-key.pem')))));
    });

    test('"NATS: Set Up Mutual TLS…" writes a setup nats-server accepts', async () => {
      await wb.step('set-up-mtls', async () => {
        await wb.runCommand('NATS: Set Up Mutual TLS…', [
          { pick: 'nats-mtls', prompt: /Folder to write the files to/ },
          { pick: 'Limited to local test names', prompt: /Which names may this CA vouch for/ },
        ]);
        await wb.waitForNotification(/mutual-TLS setup/);
      });
      const dir = path.join(trusted, 'nats-mtls');
      assert.deepEqual(fs.readdirSync(dir).sort(), [
        'ca-key.pem',
        'ca.pem',
        'client-a-key.pem',
        'client-a.pem',
        'client-a.yaml',
        'client-b-key.pem',
        'client-b.pem',
        'client-b.yaml',
        'server-main-key.pem',
        'server-main.pem',
        'server.conf',
      ]);
      assert.equal(mode(path.join(dir, 'server-main-key.pem')), '600');
      const t = natsServerCheck(dir, 'server.conf');
      assert.ok(t.ok, t.output);
    });
  },
  { timeout: 180_000 },
);

describeE2E(
  'Restricted Mode',
  () => {
    let vs: CodeServer | undefined;

    before(async () => {
      vs = await startCodeServer({ workspace: restricted, name: 'commands-restricted', trust: 'restricted' });
    });
    after(async () => {
      await vs?.close();
    });

    test('analysis stays on', async () => {
      const args: DiagnosticsArgs = { files: [{ file: 'nats.conf', codes: ['yaml-style-block'] }] };
      const r = await vs!.runInHost<Record<string, DiagnosticRow[]>>('test/e2e/inhost/diagnostics.ts', { args });
      assert.ok(r.value!['nats.conf']!.some((d) => d.code === 'yaml-style-block'));
    });

    test('generating files is refused at run time, even through executeCommand', async () => {
      const folder = path.join(restricted, 'certs');
      const args: CommandsArgs = { action: 'generate-ca', folder };
      const r = (await vs!.runInHost<{ trusted: boolean; result: string | null; files: string[] }>('test/e2e/inhost/commands.ts', { args }))
        .value!;
      assert.equal(r.trusted, false);
      assert.equal(r.result, null);
      assert.deepEqual(r.files, []);
      assert.equal(fs.existsSync(folder), false);
    });
  },
  { timeout: 180_000 },
);
