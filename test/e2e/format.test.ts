// End-to-end: Format Document on a nats-server config in a real VS Code (code-server) running the packaged
// .vsix. The user's natsTls.format.separator setting reaches the server through VS Code's configuration, the
// editor's indentation (2 spaces) is used, comments and values stay as written. Refreshes docs/images/format.png
// (docsScreenshot). Needs `npm run setup:e2e` once; see test/e2e/README.md.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { writePlan } from '../../server/src/cli/write-plan';
import { planMtls } from '../../server/src/core/ca/scaffold';
import { describeE2E, startCodeServer, type CodeServer, type Workbench } from './harness';

const fixtureRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'nats-tls-e2e-format-'));
process.on('exit', () => fs.rmSync(fixtureRoot, { recursive: true, force: true }));
const workspace = path.join(fixtureRoot, 'ws');

// Mixed separators, ragged indentation, comments at the end of lines and on their own.
const MESSY = `# the hub
port = 4222
server_name   hub-1
   tls {
cert_file="server-main.pem"  # from the CA
      key_file : "server-main-key.pem"
  ca_file  "ca.pem"
  # clients must present a certificate
   verify=true
 timeout: 2
}
max_payload 1MB
`;

const FORMATTED = `# the hub
port: 4222
server_name: hub-1
tls {
  cert_file: "server-main.pem" # from the CA
  key_file: "server-main-key.pem"
  ca_file: "ca.pem"
  # clients must present a certificate
  verify: true
  timeout: 2
}
max_payload: 1MB
`;

describeE2E('formatting a config', () => {
  let vs: CodeServer | undefined;
  let wb: Workbench;

  before(async () => {
    // Real certificates (issued now: the editor checks dates against the real clock), so the config has no
    // problems and the server's inlay hint after cert_file says it has the document.
    const plan = await planMtls({ now: new Date() });
    writePlan(workspace, plan.files, { force: false });
    fs.writeFileSync(path.join(workspace, 'hub.conf'), MESSY);
    vs = await startCodeServer({
      workspace,
      name: 'format',
      viewport: { width: 1100, height: 620 },
      settings: {
        'natsTls.format.separator': 'colon',
        'editor.tabSize': 2,
        'editor.insertSpaces': true,
        'editor.detectIndentation': false,
      },
    });
    wb = await vs.openWorkbench();
  });
  after(async () => {
    await vs?.close();
  });

  test('Format Document: one separator (the setting), two-space indentation, comments kept', async () => {
    await wb.step('format-document', async () => {
      await wb.openFile('hub.conf');
      await wb.waitForLanguageMode('NATS Server Config');
      // The language server has the document (and has registered its formatter) once it shows a hint.
      await wb.waitForInlayHint(/^server-main · expires/);
      await wb.runCommand('Format Document');
      const text = await wb.waitForEditorText(/^max_payload: 1MB$/m);
      assert.equal(text.replace(/\r\n/g, '\n').replace(/\n?$/, '\n'), FORMATTED);
      await wb.docsScreenshot('format.png');
    });
  });
});
