// End-to-end: how long the client takes to activate in a real VS Code (code-server), as VS Code itself measures
// it. Budget: code loading + the activate() call at most 50 ms.
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
// This test reads both views in a window on a workspace with a nats.conf, checks that they agree, prints the
// numbers and asserts the budget.
//
// Each window has its own extension host, so each is a fresh activation. These are wall-clock times: CPU
// contention (other processes on a busy machine, the workbench loading in the browser next to it) only ever
// adds to them, so the budget is asserted on the best of up to SAMPLES windows, and a window within budget
// ends the sampling. Every window's numbers are printed, with the load average. On a machine whose CPUs are
// all busy the budget cannot be met (the require() alone is about 35 ms of CPU): run it where a CPU is free.
// Needs `npm run setup:e2e` once; see test/e2e/README.md.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { describeE2E, EXTENSION_ID, startCodeServer, type CodeServer, type Workbench } from './harness';

const BUDGET_MS = 50;
const SAMPLES = 8;

const fixtureRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'nats-tls-e2e-activation-'));
process.on('exit', () => fs.rmSync(fixtureRoot, { recursive: true, force: true }));
const workspace = path.join(fixtureRoot, 'nats-activation');
fs.mkdirSync(workspace, { recursive: true });
fs.writeFileSync(
  path.join(workspace, 'nats.conf'),
  'listen: "127.0.0.1:4222"\ntls {\n  cert_file: "server.pem"\n  key_file: "server-key.pem"\n}\n',
);

interface ActivationSample {
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
async function readActivation(wb: Workbench): Promise<ActivationSample> {
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

describeE2E('client activation, as VS Code measures it', () => {
  let vs: CodeServer | undefined;

  before(async () => {
    vs = await startCodeServer({ workspace, name: 'activation' });
  });
  after(async () => {
    await vs?.close();
  });

  test(
    `code loading + activate() take at most ${BUDGET_MS} ms (best of up to ${SAMPLES} fresh extension hosts)`,
    { timeout: 300_000 },
    async () => {
      const samples: ActivationSample[] = [];
      for (let i = 1; i <= SAMPLES; i++) {
        const wb = await vs!.openWorkbench();
        try {
          const s = await wb.step(`activation-${i}`, readActivation);
          samples.push(s);
          // Both views show the same measurement of this window's extension host.
          assert.equal(
            s.runningExtensions,
            s.loadCode + s.callActivate,
            `Running Extensions and Startup Performance disagree: ${JSON.stringify(s)}`,
          );
          console.log(
            `activation ${i}: ${s.loadCode + s.callActivate} ms = load code ${s.loadCode} ms (require ${s.require} ms) + call activate ${s.callActivate} ms; ` +
              `finish activate ${s.finishActivate} ms; event ${s.event}${s.startup ? ' (startup)' : ''}; load average ${os.loadavg()[0]!.toFixed(2)}`,
          );
          if (s.loadCode + s.callActivate <= BUDGET_MS) break;
        } finally {
          await wb.close();
        }
      }
      const totals = samples.map((s) => s.loadCode + s.callActivate);
      const best = Math.min(...totals);
      console.log(`activation: best ${best} ms of ${totals.join(', ')} ms (budget ${BUDGET_MS} ms)`);
      assert.ok(
        best <= BUDGET_MS,
        `activation took ${totals.join(', ')} ms in ${samples.length} fresh extension hosts; the budget is ${BUDGET_MS} ms ` +
          `(load average ${os.loadavg()[0]!.toFixed(2)} on ${os.availableParallelism()} CPUs; wall-clock times, so a busy machine adds to them):\n` +
          samples.map((s) => JSON.stringify(s)).join('\n'),
      );
    },
  );
});
