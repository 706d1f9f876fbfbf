// End-to-end: the client activates in a real VS Code (code-server), on the event the workspace gives it, and
// VS Code's two views of that activation agree. How long it takes is a budget of `npm run bench -- activation`
// (at most 50 ms, best of several fresh extension hosts), not of this test: wall-clock times depend on how busy
// the machine is. See test/e2e/activation-probe.ts for what VS Code measures.
// Needs `npm run setup:e2e` once; see test/e2e/README.md.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { activationWorkspace, readActivation } from './activation-probe';
import { describeE2E, startCodeServer, type CodeServer } from './harness';

const workspace = activationWorkspace();

describeE2E('client activation, as VS Code reports it', () => {
  let vs: CodeServer | undefined;

  before(async () => {
    vs = await startCodeServer({ workspace, name: 'activation' });
  });
  after(async () => {
    await vs?.close();
  });

  test('a workspace with a nats.conf activates the extension at startup, on workspaceContains', { timeout: 300_000 }, async () => {
    const wb = await vs!.openWorkbench();
    try {
      const s = await wb.step('activation', readActivation);
      console.log(
        `activation: load code ${s.loadCode} ms (require ${s.require} ms) + call activate ${s.callActivate} ms; finish activate ${s.finishActivate} ms; event ${s.event}${s.startup ? ' (startup)' : ''} (times are reported, not judged: see npm run bench -- activation)`,
      );
      // Activated by the workspace, not by opening a file: VS Code names the event that did it.
      assert.match(s.event, /^workspaceContains:/, `activated by ${s.event}`);
      assert.ok(s.startup, 'counted as a startup activation');
      // Both views show the same measurement of this window's extension host.
      assert.equal(
        s.runningExtensions,
        s.loadCode + s.callActivate,
        `Running Extensions and Startup Performance disagree: ${JSON.stringify(s)}`,
      );
      for (const [k, v] of Object.entries(s)) if (typeof v === 'number') assert.ok(Number.isFinite(v) && v >= 0, `${k} = ${v}`);
    } finally {
      await wb.close();
    }
  });
});
