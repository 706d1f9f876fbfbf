// The client's activation as VS Code itself measures it, read from a workbench window: shared by
// test/e2e/activation.test.ts (activation happened, on the right event, both views agree) and
// `npm run bench -- activation` (the 50 ms budget).
//
// The extension host times every activation (ExtensionActivationTimes, Date.now() resolution):
// - Load Code: from the start of loading the main module (VS Code first awaits the extension's l10n bundle)
//   until require('client/out/extension.js') returned;
// - Call Activate: the synchronous part of activate();
// - Finish Activate: until the promise activate() returned resolved (other extensions' work queued in between
//   counts too).
// The workbench shows Load Code + Call Activate as "Activation: N ms" in Developer: Show Running Extensions,
// and all three in the "Extension Activation Stats" table of Developer: Startup Performance, whose raw
// extension-host marks also time the require() alone (code/extHost/{will,did}LoadExtensionCode/<id>).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { EXTENSION_ID, type Workbench } from './harness';

/** A workspace with a nats.conf, which the workspaceContains activation events match; removed at exit. */
export function activationWorkspace(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'nats-tls-e2e-activation-'));
  process.on('exit', () => fs.rmSync(root, { recursive: true, force: true }));
  const workspace = path.join(root, 'nats-activation');
  fs.mkdirSync(workspace, { recursive: true });
  fs.writeFileSync(
    path.join(workspace, 'nats.conf'),
    'listen: "127.0.0.1:4222"\ntls {\n  cert_file: "server.pem"\n  key_file: "server-key.pem"\n}\n',
  );
  return workspace;
}

export interface ActivationSample {
  /** "Activation: N ms" of Developer: Show Running Extensions (Load Code + Call Activate). */
  runningExtensions: number;
  /** Whether VS Code counted it as a startup activation ("Startup Activation: N ms"). */
  startup: boolean;
  /** The row of Developer: Startup Performance's "Extension Activation Stats". */
  loadCode: number;
  callActivate: number;
  finishActivate: number;
  event: string;
  /** require() of the main module alone, from the extension host's performance marks. */
  require: number;
}

/** Reads the activation numbers of the extension in one workbench window. */
export async function readActivation(wb: Workbench): Promise<ActivationSample> {
  // Developer: Show Running Extensions lists the extension with "Activating..." until VS Code has its times.
  await wb.runCommand('Developer: Show Running Extensions');
  const row = wb.page
    .locator('.runtime-extensions-editor .monaco-list-row')
    .filter({ has: wb.page.locator('.name', { hasText: /^(NATS TLS|nats-tls\.nats-tls)$/ }) });
  const time = row.locator('.activation-time', { hasText: /Activation: \d+ms/ });
  await time.waitFor();
  const shown = /^(Startup )?Activation: (\d+)ms$/.exec((await time.innerText()).trim());
  assert.ok(shown, `unexpected activation time text in Running Extensions`);

  // Developer: Startup Performance: a markdown document, filled in once the workbench reached its last phase.
  await wb.runCommand('Developer: Startup Performance');
  await wb.waitForEditorLine('## System Info');
  const stats = await wb.findLine(`| ${EXTENSION_ID} `);
  const cells = stats.split('|').map((c) => c.trim());
  // | Extension | Eager | Load Code | Call Activate | Finish Activate | Event | By |
  assert.equal(cells[1], EXTENSION_ID, `not the Extension Activation Stats row: ${stats}`);
  const ms = (c: string | undefined): number => {
    assert.match(c ?? '', /^\d+$/, `not a number of milliseconds in: ${stats}`);
    return Number(c);
  };
  const mark = async (name: string): Promise<number> => {
    // "Name Timestamp Delta Total", tab-separated (rendered as spaces) in a code block.
    const line = await wb.findLine(`code/extHost/${name}/${EXTENSION_ID}`);
    const [markName, at] = line.trim().split(/\s+/);
    assert.equal(markName, `code/extHost/${name}/${EXTENSION_ID}`, `not the perf mark line: ${line}`);
    assert.match(at ?? '', /^\d+(\.\d+)?$/, `no timestamp in the perf mark line: ${line}`);
    return Number(at);
  };
  const willLoad = await mark('willLoadExtensionCode');
  const didLoad = await mark('didLoadExtensionCode');
  return {
    runningExtensions: Number(shown[2]),
    startup: !!shown[1],
    loadCode: ms(cells[3]),
    callActivate: ms(cells[4]),
    finishActivate: ms(cells[5]),
    event: cells[6] ?? '',
    require: didLoad - willLoad,
  };
}
