// `nats-tls fmt [--check] PATH...`: formats in place, or lists unformatted files and exits 1; in folders only
// the *.conf files that are nats-server configs; files that are not UTF-8 are left alone.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import type { Io } from '../../server/src/cli/args';
import { main } from '../../server/src/cli/main';
import { withWorkspace } from '../helpers/fixture';

const ROOT = path.resolve(__dirname, '..', '..');

function capture(cwd: string): Io & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (t) => stdout.push(t), err: (t) => stderr.push(t), cwd };
}

const SPEC = `//- /conf/nats.conf
port:4222
tls   {
cert_file: "a.pem"
}
//- /conf/ok.conf
port: 4222
//- /conf/nginx.conf
server {
listen 80;
}
//- /conf/notes.txt
port:1
//- /conf/sub/leaf.conf
leafnodes {
remotes: [ { url: "nats://hub:7422" } ]
}
`;

test('--check lists the unformatted nats-server configs under a folder and exits 1; nothing is written', () =>
  withWorkspace(SPEC, async (ws) => {
    const io = capture(ws.dir);
    assert.equal(await main(['fmt', '--check', 'conf'], io), 1);
    assert.deepEqual(io.stdout, [path.join('conf', 'nats.conf'), path.join('conf', 'sub', 'leaf.conf')]);
    assert.equal(fs.readFileSync(ws.path('/conf/nats.conf'), 'utf8'), ws.file('/conf/nats.conf').text);
  }));

test('without --check the files are formatted in place; a second run finds nothing to do', () =>
  withWorkspace(SPEC, async (ws) => {
    const io = capture(ws.dir);
    assert.equal(await main(['fmt', 'conf'], io), 0);
    assert.deepEqual(io.stdout, [`formatted ${path.join('conf', 'nats.conf')}`, `formatted ${path.join('conf', 'sub', 'leaf.conf')}`]);
    assert.equal(fs.readFileSync(ws.path('/conf/nats.conf'), 'utf8'), 'port: 4222\ntls {\n  cert_file: "a.pem"\n}\n');
    assert.equal(fs.readFileSync(ws.path('/conf/nginx.conf'), 'utf8'), ws.file('/conf/nginx.conf').text, 'not a nats-server config');
    const again = capture(ws.dir);
    assert.equal(await main(['fmt', '--check', 'conf'], again), 0);
    assert.deepEqual(again.stdout, []);
  }));

test('a file named on the command line is formatted whatever its name; options set indentation and separator', () =>
  withWorkspace(SPEC, async (ws) => {
    const io = capture(ws.dir);
    assert.equal(await main(['fmt', '--indent', 'tab', '--separator', 'equals', 'conf/notes.txt', 'conf/nats.conf'], io), 0);
    assert.equal(fs.readFileSync(ws.path('/conf/notes.txt'), 'utf8'), 'port = 1\n');
    assert.equal(fs.readFileSync(ws.path('/conf/nats.conf'), 'utf8'), 'port = 4222\ntls {\n\tcert_file = "a.pem"\n}\n');
  }));

test('a syntax error: formatted up to it, and said so; a file that is not UTF-8 is left alone', () =>
  withWorkspace({ 'bad.conf': 'port:1\nx: [1, 2]\n' }, async (ws) => {
    fs.writeFileSync(ws.path('/latin1.conf'), Buffer.from([0x70, 0x6f, 0x72, 0x74, 0x3a, 0x31, 0x20, 0x23, 0xe9, 0x0a]));
    const io = capture(ws.dir);
    assert.equal(await main(['fmt', 'bad.conf', 'latin1.conf'], io), 0);
    assert.equal(fs.readFileSync(ws.path('/bad.conf'), 'utf8'), 'port: 1\nx: [1, 2]\n');
    assert.deepEqual(io.stderr, [
      'bad.conf: a syntax error follows; that part is left as written',
      'latin1.conf: not UTF-8 text; left as it is',
    ]);
    assert.deepEqual([...fs.readFileSync(ws.path('/latin1.conf'))].slice(-3), [0x23, 0xe9, 0x0a]);
  }));

test('bad usage exits 2', () =>
  withWorkspace(SPEC, async (ws) => {
    for (const args of [
      ['fmt'],
      ['fmt', '--separator', 'arrow', 'conf'],
      ['fmt', '--indent', '0', 'conf'],
      ['fmt', '--bogus', 'conf'],
      ['fmt', 'missing'],
    ]) {
      const io = capture(ws.dir);
      assert.equal(await main(args, io), 2, args.join(' '));
      assert.match(io.stderr.join('\n'), /^nats-tls: /);
    }
  }));

test('bin/nats-tls.js fmt --check runs the built CLI', () =>
  withWorkspace(SPEC, (ws) => {
    assert.ok(
      fs.existsSync(path.join(ROOT, 'server', 'out', 'cli.js')),
      'the CLI is not built: run `npm run build` (npm test builds first)',
    );
    const r = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'nats-tls.js'), 'fmt', '--check', ws.path('/conf')], {
      encoding: 'utf8',
    });
    assert.equal(r.status, 1, r.stderr);
    assert.deepEqual(r.stdout.trim().split('\n'), [ws.path('/conf/nats.conf'), ws.path('/conf/sub/leaf.conf')]);
  }));
