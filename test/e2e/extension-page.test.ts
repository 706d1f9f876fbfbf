// End-to-end: the extension page, as VS Code shows the installed .vsix in the Extensions view, with no network
// (code-server's gallery points at 127.0.0.1:9). The icon and every README image load from the package (the
// images as data: URIs in the packaged README);
// the README opens with what the extension is for, and the .vsix holds the walkthrough's media.
// Needs `npm run setup:e2e` once; see test/e2e/README.md.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { describeE2E, imagesSettled, startCodeServer, type CodeServer, type Workbench } from './harness';

const fixtureRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'nats-tls-e2e-extension-page-'));
process.on('exit', () => fs.rmSync(fixtureRoot, { recursive: true, force: true }));
const workspace = path.join(fixtureRoot, 'nats-page');
fs.mkdirSync(workspace, { recursive: true });
fs.writeFileSync(path.join(workspace, 'nats.conf'), 'port: 4222\n');

describeE2E(
  'the extension page',
  () => {
    let vs: CodeServer | undefined;
    let wb: Workbench;

    before(async () => {
      vs = await startCodeServer({ workspace, name: 'extension-page', viewport: { width: 1280, height: 900 } });
      wb = await vs.openWorkbench();
    });
    after(async () => {
      await vs?.close();
    });

    test('the packaged .vsix holds the README with its images inlined, the icon and the walkthrough media', () => {
      const dir = vs!.extensionPath!;
      // vsce stores the README as extension/readme.md; the page renders that file.
      const readmeName = fs.readdirSync(dir).find((f) => /^readme\.md$/i.test(f));
      assert.ok(readmeName, `no README in ${fs.readdirSync(dir).join(', ')}`);
      const readme = fs.readFileSync(path.join(dir, readmeName), 'utf8');
      const images = [...readme.matchAll(/!\[[^\]]*\]\(([^)\s]+)\)/g)].map((m) => m[1]!);
      assert.ok(images.length >= 3, images.join(', '));
      // scripts/package.mjs inlines them: VS Code's extension page resolves no relative image.
      for (const src of images) assert.match(src, /^data:image\/png;base64,[A-Za-z0-9+/]{1000,}={0,2}$/, `${src.slice(0, 60)}…`);
      assert.ok(fs.existsSync(path.join(dir, 'images', 'icon.png')));
      const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as {
        contributes: { walkthroughs: { steps: { media: { markdown: string } }[] }[] };
      };
      for (const s of pkg.contributes.walkthroughs[0]!.steps) assert.ok(fs.existsSync(path.join(dir, s.media.markdown)), s.media.markdown);
    });

    test('the page shows the icon and the README, every image loaded from the package', async () => {
      await wb.step('extension-page', async () => {
        // The Extensions view lists what is installed (there is no gallery); its "Extensions: …" commands register
        // later than this view command on a loaded machine.
        await wb.runCommand('View: Show Extensions');
        const item = wb.page.locator('.extensions-viewlet .extension-list-item', { hasText: 'NATS TLS' }).first();
        // The list fills once the extension scan ends, which takes long on a loaded machine.
        await item.waitFor({ timeout: 90_000 });
        await item.click();
        const editor = wb.page.locator('.extension-editor');
        await editor.locator('.header .name', { hasText: 'NATS TLS' }).waitFor();

        const icon = await imagesSettled(editor.locator('.header .icon-container img.icon'));
        assert.ok(icon.length === 1 && icon[0]!.loaded, `icon: ${JSON.stringify(icon)}`);

        // The README renders in a webview: an iframe, and the content in its #active-frame.
        const readme = wb.page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
        await readme.locator('h1', { hasText: 'NATS TLS' }).waitFor();
        const headings = await readme.locator('h2').allInnerTexts();
        assert.deepEqual(headings.slice(0, 4), ['What it catches', 'Commands', 'Settings', 'Restricted Mode']);
        const images = await imagesSettled(readme.locator('img'));
        assert.ok(images.length >= 3, JSON.stringify(images));
        for (const i of images) {
          assert.ok(i.loaded, `not loaded: ${JSON.stringify(i)}`);
          assert.doesNotMatch(i.src, /github\.com/);
        }
        await wb.docsScreenshot('extension-page.png');
      });
    });
  },
  { timeout: 180_000 },
);
