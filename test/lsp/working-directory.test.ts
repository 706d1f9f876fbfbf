// Issue 12, defect 1: "Check with nats-server" and the analysis use one working directory per config. The
// repro: nats/nats.conf names certs/server.pem, which exists under the workspace root (pathBase "auto" finds
// it there). natsTls/configStatus says nats-server must start in the workspace root; the hover says so; the
// real nats-server started there accepts the config, started in the config's folder it does not (what the
// command used to do). natsTls.pathBase "config" or a folder is that setting's folder.
import * as assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ConfigStatusRequest, NatsServerReportRequest } from '../../server/src/protocol/requests';
import { natsServerCheck } from '../helpers/nats-server';
import { natsServerTool, need } from '../helpers/tools';
import { uriOf } from './client';
import { pki, session, type Session } from './setup';

const CONF =
  'listen: "127.0.0.1:4222"\ntls {\n  cert_file: ⟦"certs/server.pem"⟧\n  key_file: "certs/server-key.pem"\n  ca_file: "certs/ca.pem"\n}\n';

describe('one working directory per config (natsTls/configStatus)', { timeout: 60_000 }, () => {
  let s: Session;
  before(async () => {
    s = await session({ 'plain/nats.conf': 'listen: "127.0.0.1:4222"\n', 'abs/nats.conf': '' });
  });
  after(async () => s.close());

  test('pathBase "auto": the folder the relative paths resolved against (the workspace root), said in the hover', async () => {
    const { uri, fx } = await s.open('nats/nats.conf', CONF);
    const r = await s.client.request(ConfigStatusRequest, { uri });
    assert.deepEqual(r.workingDirectory, {
      path: s.ws.dir,
      source: 'resolved',
      description: `where the config's relative paths resolve (natsTls.pathBase is "auto")`,
    });
    const hover = await s.client.hover(uri, fx.range(0).start);
    const md = (hover?.contents as { value: string }).value;
    assert.ok(md.includes(`nats-server's working directory: \`${s.ws.dir}\``), md);
    assert.match(md, /Check with nats-server runs it there/);
  });

  test('the real nats-server agrees: valid from that folder, "no such file" from the config\'s folder', async (t) => {
    if (!need(t, natsServerTool)) return;
    const config = s.ws.path('nats/nats.conf');
    const { workingDirectory } = await s.client.request(ConfigStatusRequest, { uri: uriOf(config) });
    const fromThere = natsServerCheck(workingDirectory!.path, config);
    assert.ok(fromThere.ok, fromThere.output);
    const fromConfigFolder = natsServerCheck(s.ws.path('nats'), config);
    assert.equal(fromConfigFolder.ok, false);
    assert.match(fromConfigFolder.output, /certs\/server\.pem: no such file or directory/);
    // What it printed from the right folder is read against that folder: no problem.
    const report = await s.client.request(NatsServerReportRequest, {
      configFile: config,
      cwd: workingDirectory!.path,
      output: fromThere.output,
      exitCode: 0,
    });
    assert.deepEqual(report.problems, []);
  });

  test("no relative path resolves elsewhere: the config's folder; a closed config works too", async () => {
    const r = await s.client.request(ConfigStatusRequest, { uri: uriOf(s.ws.path('plain/nats.conf')) });
    assert.deepEqual(r.workingDirectory, { path: s.ws.path('plain'), source: 'config-folder', description: "the config's folder" });
  });

  test('pathBase "config" and a folder: that setting decides, and the hover says so', async () => {
    const { uri, fx } = await s.open('set/nats.conf', CONF);
    await s.client.setSettings({ '': { pathBase: 'config' } });
    const config = await s.client.request(ConfigStatusRequest, { uri });
    assert.deepEqual(config.workingDirectory, {
      path: s.ws.path('set'),
      source: 'setting',
      description: `the config's folder (natsTls.pathBase is "config")`,
    });
    const md = ((await s.client.hover(uri, fx.range(0).start))?.contents as { value: string }).value;
    assert.ok(
      md.includes(`nats-server's working directory: \`${s.ws.path('set')}\` — the config's folder (natsTls.pathBase is "config")`),
      md,
    );
    await s.client.setSettings({ '': { pathBase: '..' } });
    const folder = await s.client.request(ConfigStatusRequest, { uri });
    assert.equal(folder.workingDirectory?.path, s.ws.dir);
    assert.equal(folder.workingDirectory?.description, 'natsTls.pathBase is ".."');
    await s.client.setSettings({ '': {} });
  });

  test('paths resolving against two folders: the one most of them use, the other named as a conflict', async () => {
    s.ws.write('split/certs/ca.pem', (await pki()).ca.pem);
    const { uri } = await s.open('split/nats.conf', CONF);
    const r = await s.client.request(ConfigStatusRequest, { uri });
    assert.equal(r.workingDirectory?.path, s.ws.dir, 'cert_file and key_file resolve at the root, ca_file next to the config');
    assert.match(r.workingDirectory!.description, new RegExp(`other paths resolve against ${s.ws.path('split').replace(/[/.]/g, '\\$&')}`));
  });

  test("a natsServerReport without cwd reads nats-server's output against the working directory", async () => {
    const config = s.ws.path('nats/nats.conf');
    const output = `nats-server: ${config}:3:3: open certs/server.pem: no such file or directory\n`;
    const r = await s.client.request(NatsServerReportRequest, { configFile: config, output, exitCode: 1 });
    assert.equal(r.problems.length, 1);
    assert.equal(r.problems[0]!.file, config);
  });
});
