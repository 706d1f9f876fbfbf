// End-to-end: the language status of a NATS config in a real VS Code (code-server, 1280 px wide). Its rows
// fit the window, so "Show Output" is not cut off at the right edge; the last "Check with nats-server" shows
// only for the config it checked, and goes away once that config changes (the problem is fixed).
// Needs `npm run setup:e2e` once; see test/e2e/README.md.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { natsServerTool, need } from '../helpers/tools';
import { describeE2E, startCodeServer, type CodeServer, type Workbench } from './harness';

const fixtureRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'nats-tls-e2e-status-'));
process.on('exit', () => fs.rmSync(fixtureRoot, { recursive: true, force: true }));
const workspace = path.join(fixtureRoot, 'nats-status');
fs.mkdirSync(path.join(workspace, 'nats'), { recursive: true });
/** nats-server rejects `foo` (unknown field) on line 2; nats-tls has nothing to say about it. */
fs.writeFileSync(path.join(workspace, 'nats', 'checked.conf'), 'port: 4222\nfoo: bar\n');
fs.writeFileSync(path.join(workspace, 'nats', 'other.conf'), 'port: 4223\ndebug: true\n');

const VIEWPORT = { width: 1280, height: 800 };

interface StatusRow {
  text: string;
  link: string;
  /** Right edge of the row's command link, and of the hover, in page pixels. */
  linkRight: number;
  hoverRight: number;
  /** The link is not clipped by the hover (its own right edge is inside the hover's). */
  visible: boolean;
}

/** Opens the language status hover (the `{}` next to the language mode) and reads its rows. */
async function languageStatus(wb: Workbench): Promise<StatusRow[]> {
  const hover = wb.page.locator('.hover-language-status').first();
  if (!(await hover.isVisible())) {
    await wb.page.locator('[id="status.languageStatus"]').click();
    await hover.waitFor();
  }
  return wb.page.evaluate(`(() => {
    const rows = [...document.querySelectorAll('.hover-language-status')];
    return rows.map((r) => {
      const link = r.querySelector('.right .monaco-link');
      const box = (e) => (e ? e.getBoundingClientRect() : { right: 0, left: 0 });
      const container = r.closest('.workbench-hover, .monaco-hover') || r;
      const lr = box(link).right;
      const hr = box(container).right;
      return {
        text: (r.querySelector('.left') || r).textContent.trim(),
        link: link ? link.textContent.trim() : '',
        linkRight: lr,
        hoverRight: hr,
        visible: !link || (lr <= hr + 0.5 && lr <= window.innerWidth),
      };
    });
  })()`) as Promise<StatusRow[]>;
}

async function closeStatus(wb: Workbench): Promise<void> {
  await wb.page.keyboard.press('Escape');
  // A hover the mouse opened (still over the status item) closes when the mouse leaves, not on Escape.
  await wb.page.mouse.move(700, 300);
  await wb.page.locator('.hover-language-status').first().waitFor({ state: 'hidden' });
}

/**
 * Waits until the language status has (or lacks) a row matching `re`: VS Code puts every row's text into the
 * status bar item's aria-label ("Editor Language Status: NATS TLS: ready, …, next: …"). Then reads the rows.
 */
async function waitForStatusRow(wb: Workbench, re: RegExp, present: boolean): Promise<StatusRow[]> {
  const arg = JSON.stringify({ source: re.source, flags: re.flags, present });
  await wb.page.waitForFunction(`(() => {
    const arg = ${arg};
    const el = document.getElementById('status.languageStatus');
    if (!el) return false;
    const label = [el, ...el.querySelectorAll('[aria-label]')].map((e) => e.getAttribute('aria-label') || '').join(' ');
    return new RegExp(arg.source, arg.flags).test(label) === arg.present;
  })()`);
  return languageStatus(wb);
}

describeE2E(
  'language status',
  () => {
    let vs: CodeServer | undefined;
    let wb: Workbench;

    before(async () => {
      vs = await startCodeServer({ workspace, name: 'language-status', viewport: VIEWPORT });
      wb = await vs.openWorkbench();
    });
    after(async () => {
      await vs?.close();
    });

    test('short rows: "Show Output" fits in the window', async () => {
      await wb.step('status-fits', async () => {
        await wb.openFile('nats/checked.conf');
        const rows = await waitForStatusRow(wb, /NATS TLS: ready/, true);
        const main = rows.find((r) => /NATS TLS: ready/.test(r.text))!;
        assert.equal(main.link, 'Show Output');
        assert.ok(main.visible, `Show Output is cut off: ${JSON.stringify(rows)}`);
        await closeStatus(wb);
      });
    });

    test('the last nats-server check shows for that config only, until it changes', async (t) => {
      if (!need(t, natsServerTool)) return;
      await wb.step('status-check', async () => {
        await wb.openFile('nats/checked.conf');
        await wb.runCommand('NATS: Check with nats-server');
        await wb.waitForNotification(/nats-server reports 1 problem/);
        // The toast would cover the status in the screenshot.
        await wb.runCommand('Notifications: Clear All Notifications');
        await wb.page.locator('.notifications-toasts .notification-toast').first().waitFor({ state: 'hidden' });
        const rows = await waitForStatusRow(wb, /nats-server -t: 1 problem/, true);
        for (const r of rows) assert.ok(r.visible, `a command is cut off: ${JSON.stringify(rows)}`);
        assert.equal(rows.find((r) => /nats-server -t/.test(r.text))!.link, 'Check Again');
        await wb.docsScreenshot('language-status.png');
        await closeStatus(wb);

        // Another config: no word about the check of checked.conf.
        await wb.openFile('nats/other.conf');
        await waitForStatusRow(wb, /NATS TLS: ready/, true);
        assert.ok(!(await languageStatus(wb)).some((r) => /nats-server -t/.test(r.text)));
        await closeStatus(wb);

        // Back, then fixed: the check no longer describes the file.
        await wb.openFile('nats/checked.conf');
        await waitForStatusRow(wb, /nats-server -t: 1 problem/, true);
        await closeStatus(wb);
        await wb.clickText('foo');
        await wb.page.keyboard.press('Control+Shift+K'); // delete the line
        await wb.waitForEditorText(/^port: 4222\n?$/);
        await waitForStatusRow(wb, /nats-server -t/, false);
        await closeStatus(wb);
      });
    });

    test('"NATS: Restart NATS Language Server" restarts it: starting, then ready', async () => {
      await wb.step('restart', async () => {
        await wb.openFile('nats/other.conf');
        await wb.runCommand('NATS: Restart NATS Language Server');
        await waitForStatusRow(wb, /NATS TLS: ready/, true);
        await closeStatus(wb);
      });
    });
  },
  { timeout: 180_000 },
);
