// End-to-end: the first run of the packaged extension in a real VS Code (code-server). The walkthrough
// "Mutual TLS for NATS in five minutes" from start to end (each step ticks off on what the user really did),
// natsTls.natsServerPath in the User settings and ignored from an untrusted workspace, and a prompt's
// message with one "NATS:" prefix. Needs `npm run setup:e2e` once; see test/e2e/README.md.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { natsServerTool, need } from '../helpers/tools';
import { describeE2E, imagesSettled, startCodeServer, type CodeServer, type Workbench } from './harness';
import type { SettingsArgs, SettingsResult } from './inhost/settings';

const fixtureRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'nats-tls-e2e-first-run-'));
process.on('exit', () => fs.rmSync(fixtureRoot, { recursive: true, force: true }));
const fresh = path.join(fixtureRoot, 'nats-first-run');
fs.mkdirSync(fresh, { recursive: true });
fs.writeFileSync(path.join(fresh, 'notes.txt'), 'Trying NATS with mutual TLS.\n');
const untrusted = path.join(fixtureRoot, 'nats-untrusted');
fs.mkdirSync(path.join(untrusted, '.vscode'), { recursive: true });
fs.writeFileSync(path.join(untrusted, 'nats.conf'), 'port: 4222\n');
/** A workspace that names its own nats-server: a program VS Code must not run before the user trusts it. */
fs.writeFileSync(path.join(untrusted, '.vscode', 'settings.json'), JSON.stringify({ 'natsTls.natsServerPath': './evil-nats-server' }));

const WALKTHROUGH = 'Mutual TLS for NATS in five minutes';

const STEPS = ['generate', 'open', 'hover', 'break', 'check'] as const;

function step(wb: Workbench, id: (typeof STEPS)[number]) {
  return wb.page.locator(`button.getting-started-step[data-step-id$="mtls#${id}"]`);
}

async function waitChecked(wb: Workbench, id: (typeof STEPS)[number]): Promise<void> {
  await wb.page.locator(`button.getting-started-step[data-step-id$="mtls#${id}"][aria-checked="true"]`).waitFor();
}

/** The walkthrough's editor tab, opened from the command palette (again, if it was closed or hidden). */
async function openWalkthrough(wb: Workbench): Promise<void> {
  await wb.runCommand('Welcome: Open Walkthrough...', [{ pick: WALKTHROUGH, prompt: /walkthrough/i }]);
  await step(wb, 'generate').waitFor();
}

describeE2E(
  'first run',
  () => {
    let vs: CodeServer | undefined;
    let wb: Workbench;

    before(async () => {
      vs = await startCodeServer({ workspace: fresh, name: 'first-run', viewport: { width: 1280, height: 800 } });
      wb = await vs.openWorkbench();
      // No config in the folder: nothing activates the extension; its commands show once VS Code has read it.
      await wb.waitForCommand('NATS: Set Up Mutual TLS…');
    });
    after(async () => {
      await vs?.close();
    });

    test('a command that needs a CA says so with one "NATS:" prefix', async () => {
      await wb.step('needs-ca', async () => {
        await wb.runCommand('NATS: Generate Server Certificate…');
        const text = await wb.waitForNotification(/needs a test CA/);
        assert.match(text, /^NATS: Generate Server Certificate needs a test CA \(ca\.pem and ca-key\.pem in one folder\)/);
        assert.doesNotMatch(text, /NATS: NATS:/);
        await wb.runCommand('Notifications: Clear All Notifications');
      });
    });

    test('natsTls.natsServerPath shows in the User settings, not only under Remote', async () => {
      await wb.step('settings-user', async () => {
        await wb.runCommand('Preferences: Open User Settings');
        // The settings editor opens with the focus in its search box.
        await wb.page.locator('.settings-editor .settings-body').waitFor();
        await wb.page.keyboard.type('natsTls.natsServerPath');
        const row = wb.page.locator('.settings-editor .setting-item-contents', { hasText: 'Nats Server Path' }).first();
        await row.waitFor();
        const tab = await wb.page.locator('.settings-editor .settings-tabs-widget .action-label.checked').first().innerText();
        assert.match(tab, /User/);
        assert.match(await row.innerText(), /Check with nats-server/);
        await wb.page.keyboard.press('Control+W');
      });
    });

    test(`the walkthrough "${WALKTHROUGH}": every step ticks off on what the user did`, async (t) => {
      await wb.step('walkthrough', async () => {
        await openWalkthrough(wb);
        for (const id of STEPS) assert.equal(await step(wb, id).getAttribute('aria-checked'), 'false', id);

        // 1. A CA, a server certificate and two clients, from the step's button.
        await step(wb, 'generate').click();
        await wb.page.locator('.gettingStartedContainer').getByRole('button', { name: 'Set Up Mutual TLS', exact: true }).click();
        await wb.answerQuickInput({ pick: 'nats-mtls', prompt: /Folder to write the files to/ });
        await wb.answerQuickInput({ pick: 'Limited to local test names', prompt: /Which names may this CA vouch for/ });
        await wb.waitForNotification(/mutual-TLS setup/);
        for (const f of ['ca.pem', 'server-main.pem', 'client-a.pem', 'client-b.pem', 'server.conf'])
          assert.ok(fs.existsSync(path.join(fresh, 'nats-mtls', f)), f);
        await waitChecked(wb, 'generate');

        // 2. Open the config, from the notification's button (as the step says).
        const toast = wb.page.locator('.notifications-toasts .notification-toast', { hasText: /mutual-TLS setup/ });
        await toast.locator('.monaco-button', { hasText: 'Open server.conf' }).click();
        await wb.waitForActiveEditor('server.conf');
        await wb.waitForLanguageMode('NATS Server Config');

        // 3. A hover on the certificate path.
        await wb.waitForInlayHint(/^server-main · expires/);
        await wb.hover('server-main.pem', { contains: /chains to this block's ca_file/ });

        // 4. Break it (client_auth instead of verify), then fix it with the quick fix.
        // The second one: the first is in a comment.
        await wb.clickText({ text: 'verify: true', occurrence: 2 });
        await wb.page.keyboard.press('End');
        await wb.page.keyboard.press('Shift+Home');
        await wb.page.keyboard.type('client_auth: true');
        await wb.waitForProblems({ codes: ['client-auth-field'], file: 'server.conf' });
        await wb.quickFix('client_auth', /Replace client_auth with verify/);
        await wb.waitForProblemsGone({ codes: ['client-auth-field'], file: 'server.conf' });
        await wb.saveActiveEditor();

        // 5. Check with nats-server, when there is one.
        if (need(t, natsServerTool)) {
          await wb.runCommand('NATS: Check with nats-server');
          await wb.waitForNotification(/server\.conf/);
          await wb.runCommand('Notifications: Clear All Notifications');
        }

        await openWalkthrough(wb);
        for (const id of STEPS) if (id !== 'check' || need(t, natsServerTool)) await waitChecked(wb, id);
        // Room for the steps and their media side by side: no panel, no side bar.
        await wb.page.keyboard.press('Control+J');
        await wb.page.locator('.part.panel').waitFor({ state: 'hidden' });
        await wb.page.keyboard.press('Control+B');
        await wb.page.locator('.part.sidebar').waitFor({ state: 'hidden' });
        await step(wb, 'hover').click();
        // The step's markdown media shows docs/images/hover.png from the .vsix.
        const media = wb.page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
        await media.locator('h1', { hasText: 'What a certificate path holds' }).waitFor();
        const images = await imagesSettled(media.locator('img'));
        assert.ok(images.length === 1 && images[0]!.loaded, JSON.stringify(images));
        await wb.docsScreenshot('walkthrough.png');
      });
    });
  },
  { timeout: 240_000 },
);

describeE2E(
  'first run in Restricted Mode',
  () => {
    let vs: CodeServer | undefined;

    before(async () => {
      vs = await startCodeServer({ workspace: untrusted, name: 'first-run-restricted', trust: 'restricted' });
    });
    after(async () => {
      await vs?.close();
    });

    test("a workspace's natsTls.natsServerPath is ignored until the workspace is trusted", async () => {
      const args: SettingsArgs = { key: 'natsServerPath', file: 'nats.conf' };
      const r = (await vs!.runInHost<SettingsResult>('test/e2e/inhost/settings.ts', { args })).value!;
      assert.equal(r.trusted, false);
      assert.equal(r.value, 'nats-server');
      assert.equal(r.inspect.defaultValue, 'nats-server');
    });
  },
  { timeout: 180_000 },
);
