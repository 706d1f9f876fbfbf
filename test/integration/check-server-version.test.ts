// "Check with nats-server" below the editor, with the real nats-server: the client's runCheck runs it on a
// config that uses min_version (added in 2.10.21), and the language server reads the output
// (natsTls/natsServerReport) with the folder's natsTls.serverVersion. Set to the binary's own release, the
// server agrees with nats-server (its own finding on that line, no hint); set to a newer release than the
// binary, the hint says the setting names another nats-server.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, test } from 'node:test';
import { runCheck } from '../../client/src/nats-server';
import { tlsField } from '../../server/src/core/tls/fields';
import { availableIn, formatVersion, parseVersion, type Version } from '../../server/src/core/tls/versions';
import { NatsServerReportRequest } from '../../server/src/protocol/requests';
import { natsServerBin } from '../helpers/nats-server';
import { describeWith, natsServerTool } from '../helpers/tools';
import { session, type Session } from '../lsp/setup';

const CONFIG =
  'listen: "127.0.0.1:-1"\ntls {\n  cert_file: "../certs/server.pem"\n  key_file: "../certs/server-key.pem"\n  min_version: "1.3"\n}\n';

describeWith(
  [natsServerTool],
  'nats-server output read against natsTls.serverVersion',
  () => {
    let s: Session;
    let binary: Version;
    let file: string;
    before(async () => {
      const v = spawnSync(natsServerBin, ['-v'], { encoding: 'utf8' });
      binary = parseVersion(/v(\d+\.\d+\.\d+)/.exec(`${v.stdout}${v.stderr}`)?.[1] ?? '')!;
      assert.ok(binary, `cannot read the version of ${natsServerBin}: ${v.stdout}${v.stderr}`);
      s = await session();
      file = (await s.open('nats/tls.conf', CONFIG)).file;
    });
    after(async () => s?.close());

    async function checked(serverVersion: string): Promise<Awaited<ReturnType<typeof report>>> {
      await s.client.setSettings({ '': { serverVersion } });
      return report();
    }
    async function report() {
      const r = await runCheck(natsServerBin, file);
      assert.equal(r.kind, 'ran', JSON.stringify(r));
      if (r.kind !== 'ran') throw new Error('unreachable');
      return s.client.request(NatsServerReportRequest, { configFile: file, cwd: r.cwd, output: r.output, exitCode: r.exitCode });
    }

    test("with the binary's own release: no hint, and what nats-server rejects nats-tls reports too", async () => {
      const r = await checked(formatVersion(binary));
      assert.equal(r.hint, undefined, r.hint);
      for (const p of r.problems) assert.ok(p.predictedBy, `nats-tls misses: ${p.message}`);
    });

    test('with a newer release than the binary: the hint names the field and the setting', async (t) => {
      if (availableIn(tlsField('min_version')!.since, binary)) {
        t.skip(`nats-server ${formatVersion(binary)} knows min_version; this case needs one older than 2.10.21`);
        return;
      }
      const r = await checked('latest');
      const p = r.problems.find((x) => /min_version/.test(x.message));
      assert.ok(p, JSON.stringify(r.problems));
      assert.equal(p.predictedBy, undefined);
      assert.match(r.hint!, /nats-server rejects min_version, which nats-server latest has/);
      assert.match(r.hint!, /natsTls\.serverVersion/);
    });
  },
  { timeout: 60_000 },
);
