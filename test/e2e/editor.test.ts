// End-to-end: what a user sees while editing, in a real VS Code (code-server) running the packaged .vsix:
// hovering a cert_file path shows the certificate's CN and expiry date, and the client_auth quick fix
// rewrites the seed config. Needs `npm run setup:e2e` once; see test/e2e/README.md.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { planMtls } from '../../server/src/core/ca/scaffold';
import { writePlan } from '../../server/src/cli/write-plan';
import { describeE2E, startCodeServer, type CodeServer, type Workbench } from './harness';
import type { CodeActionsArgs, CodeActionsResult } from './inhost/code-actions';

const fixtureRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'nats-tls-e2e-editor-'));
process.on('exit', () => fs.rmSync(fixtureRoot, { recursive: true, force: true }));
const workspace = path.join(fixtureRoot, 'nats-mtls');

const SEED = `listen: ":4222"
tls:
  cert_file: "/etc/nats/certs/server.pem"
  key_file: "/etc/nats/certs/server.key"
  client_auth: true
  ca_file: "/etc/nats/certs/clients.pem"
`;

describeE2E('editing a config', () => {
  let vs: CodeServer | undefined;
  let wb: Workbench;
  let notAfter = '';

  before(async () => {
    // A real mutual-TLS setup, issued now (the editor checks dates against the real clock).
    const plan = await planMtls({ now: new Date() });
    writePlan(workspace, plan.files, { force: false });
    notAfter = plan.certificates
      .find((c) => /server-main/.test(c.file))!
      .notAfter.toISOString()
      .slice(0, 10);
    fs.mkdirSync(path.join(workspace, 'nats'));
    fs.writeFileSync(path.join(workspace, 'nats', 'seed.conf'), SEED);
    vs = await startCodeServer({ workspace, name: 'editor', viewport: { width: 1280, height: 800 } });
    wb = await vs.openWorkbench();
  });
  after(async () => {
    await vs?.close();
  });

  test('hovering a cert_file path shows the certificate CN and its expiry date', async () => {
    await wb.step('hover', async () => {
      await wb.openFile('server.conf');
      // server.conf first opens as Properties; the extension then claims it for NATS, and the language server
      // gets the document. Wait for both: the language mode, then the server's inlay hint after cert_file.
      await wb.waitForLanguageMode('NATS Server Config');
      await wb.waitForInlayHint(/^server-main · expires/);
      const text = await wb.hover('server-main.pem', { contains: /expires/ });
      assert.match(text, /server-main/);
      assert.ok(text.includes(notAfter), `expected the expiry date ${notAfter} in:\n${text}`);
      assert.doesNotMatch(text, /PRIVATE KEY/);
      await wb.docsScreenshot('hover.png');
    });
  });

  test("a client certificate's hover says it needs no SANs (it is no server certificate)", async () => {
    await wb.step('hover-client', async () => {
      await wb.openFile('client-a.yaml');
      await wb.waitForInlayHint(/^client-a · expires/);
      const text = await wb.hover('client-a.pem', { contains: /SANs/ });
      assert.match(text, /SANs: none, which a client certificate does not need/);
      assert.doesNotMatch(text, /reject/);
      await wb.docsScreenshot('hover-client.png');
    });
  });

  test('a clean tls block: "Generate a test certificate" on its tls line only, as a refactor', async () => {
    // server.conf: lines 6–11 (0-based) are `tls {`, the four fields and `}`.
    const args: CodeActionsArgs = { file: 'server.conf', lines: [4, 6, 7, 8, 9, 10, 11] };
    const r = (await vs!.runInHost<CodeActionsResult>('test/e2e/inhost/code-actions.ts', { args })).value!;
    assert.deepEqual(r[6], [{ title: 'Generate a test certificate for tls (the client port and HTTPS monitoring)', kind: 'refactor' }]);
    for (const line of [4, 7, 8, 9, 10, 11]) assert.deepEqual(r[line], [], `line ${line + 1}: ${JSON.stringify(r[line])}`);
    await wb.step('lightbulb', async () => {
      await wb.openFile('server.conf');
      await wb.clickText('tls {');
      await wb.page.locator('.lightBulbWidget').first().waitFor();
      const titles = await wb.codeActions('tls {');
      assert.ok(
        titles.some((t) => /Generate a test certificate for tls/.test(t)),
        JSON.stringify(titles),
      );
    });
  });

  test('the client_auth quick fix rewrites it to verify: true', async () => {
    await wb.step('client-auth-fix', async () => {
      await wb.openFile('nats/seed.conf');
      await wb.waitForProblems({ codes: ['client-auth-field'], file: 'seed.conf' });
      await wb.quickFix('client_auth', /Replace client_auth with verify/);
      const after = await wb.waitForEditorText(/verify: true/);
      assert.doesNotMatch(after, /client_auth/);
    });
  });
});
