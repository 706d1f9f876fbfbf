// Finding 8 (issue 10): `check DIR` skipped configs in silence and exited 0. A config over 16 MiB, a `nats.conf`
// that is a symbolic link, or a FIFO gave "0 files checked" and exit 0, a CI gate that passes without looking.
// Now every skipped file is listed with its reason (text and JSON), a config over the limit is a finding
// (nats-server reads it: it has no size limit), links to files are followed as nats-server follows them, and a
// folder that holds files that may be configs, none of which could be checked, fails the check.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { MAX_CONFIG_BYTES } from '../../server/src/core/conf/resolve';
import { runCli } from './harness';

/** A TLS block without its key, naming a certificate that is not there: errors nats-tls reports once it reads the file. */
const BROKEN = 'port: 4222\ntls {\n  cert_file: "server.pem"\n}\n';
let dir: string;

interface Json {
  files: string[];
  skipped: { file: string; reason: string; message: string }[];
  unchecked: { folder: string; files: number }[];
  diagnostics: { file: string; code: string; severity: string; message: string }[];
}

before(() => {
  dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'nats-tls-sec-skip-')));
  const mk = (rel: string): string => {
    const p = path.join(dir, rel);
    fs.mkdirSync(p, { recursive: true });
    return p;
  };
  // Each of the review's three cases alone in a folder.
  fs.truncateSync((fs.writeFileSync(path.join(mk('large'), 'nats.conf'), ''), path.join(dir, 'large', 'nats.conf')), MAX_CONFIG_BYTES + 1);
  mk('elsewhere');
  fs.writeFileSync(path.join(dir, 'elsewhere', 'real.conf'), BROKEN);
  fs.symlinkSync(path.join(dir, 'elsewhere', 'real.conf'), path.join(mk('linked'), 'nats.conf'));
  execFileSync('mkfifo', [path.join(mk('fifo'), 'nats.conf')]);
  // All of them beside a config that can be checked, with the other ways to skip a file.
  const all = mk('all');
  fs.writeFileSync(path.join(all, 'ok.conf'), 'port: 4222\n');
  fs.truncateSync((fs.writeFileSync(path.join(all, 'big.conf'), ''), path.join(all, 'big.conf')), MAX_CONFIG_BYTES + 1);
  fs.truncateSync((fs.writeFileSync(path.join(all, 'big.json'), ''), path.join(all, 'big.json')), MAX_CONFIG_BYTES + 1);
  fs.symlinkSync(path.join(dir, 'elsewhere', 'real.conf'), path.join(all, 'link.conf'));
  fs.symlinkSync('ok.conf', path.join(all, 'same.conf'));
  fs.symlinkSync('missing.conf', path.join(all, 'dangling.conf'));
  fs.symlinkSync('loop-b.conf', path.join(all, 'loop-a.conf'));
  fs.symlinkSync('loop-a.conf', path.join(all, 'loop-b.conf'));
  execFileSync('mkfifo', [path.join(all, 'pipe.yaml')]);
  fs.symlinkSync(os.tmpdir(), path.join(all, 'outside'));
  fs.symlinkSync('.', path.join(all, 'self'));
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

async function checkJson(folder: string): Promise<{ code: number; json: Json }> {
  const r = await runCli(['check', '--format', 'json', folder], dir);
  return { code: r.code, json: JSON.parse(r.out) as Json };
}

test('a config over 16 MiB is reported, with what nats-server does with it; the check fails', async () => {
  const text = await runCli(['check', 'large'], dir);
  assert.equal(text.code, 1, text.out);
  assert.match(text.out, /large\/nats\.conf:1:1: error config-too-large: This config is 16,777,217 bytes/);
  assert.match(text.out, /nats-server has no such limit and reads it/);
  const { code, json } = await checkJson('large');
  assert.equal(code, 1);
  assert.deepEqual(
    json.diagnostics.map((d) => [path.relative(dir, d.file), d.code, d.severity]),
    [['large/nats.conf', 'config-too-large', 'error']],
  );
  assert.deepEqual(json.unchecked, [{ folder: path.join(dir, 'large'), files: 1 }]);
});

test('a nats.conf that is a symbolic link is checked, as nats-server reads it', async () => {
  const r = await runCli(['check', 'linked'], dir);
  assert.equal(r.code, 1, r.out);
  assert.match(r.out, /^linked\/nats\.conf:2:1: error missing-key-file/m);
  assert.match(r.out, /^1 file checked: 2 errors, 0 warnings\.$/m);
});

test('a FIFO is listed as skipped, and a folder whose configs could none be checked fails', async () => {
  const text = await runCli(['check', 'fifo'], dir);
  assert.equal(text.code, 1, text.out);
  assert.match(text.out, /^fifo\/nats\.conf: skipped: not a regular file \(a FIFO, socket or device\)/m);
  assert.match(text.out, /^fifo: not checked: it holds 1 file that may be NATS configs, and none could be checked\.$/m);
  assert.match(text.out, /^0 files checked, 1 skipped: 0 errors, 0 warnings\.$/m);
  const { code, json } = await checkJson('fifo');
  assert.equal(code, 1);
  assert.deepEqual(json.skipped, [
    {
      file: path.join(dir, 'fifo', 'nats.conf'),
      reason: 'not-regular',
      message: 'not a regular file (a FIFO, socket or device): nats-tls never opens one for reading',
    },
  ]);
});

test('every file not checked is listed with its reason; links are followed once, loops end', async () => {
  const { code, json } = await checkJson('all');
  assert.equal(code, 1, JSON.stringify(json, null, 2));
  const rel = (f: string): string => path.relative(path.join(dir, 'all'), f);
  assert.deepEqual(json.files.map(rel).sort(), ['link.conf', 'ok.conf']);
  assert.deepEqual(
    json.skipped.map((s) => [rel(s.file), s.reason]),
    [
      ['big.json', 'too-large'],
      ['dangling.conf', 'broken-link'],
      ['loop-a.conf', 'broken-link'],
      ['loop-b.conf', 'broken-link'],
      ['outside', 'link-outside'],
      ['pipe.yaml', 'not-regular'],
      ['same.conf', 'same-file'],
    ],
  );
  assert.deepEqual(json.unchecked, [], 'two configs were checked');
  assert.deepEqual(json.diagnostics.map((d) => [rel(d.file), d.code]).sort(), [
    ['big.conf', 'config-too-large'],
    ['link.conf', 'file-not-found'],
    ['link.conf', 'missing-key-file'],
  ]);
  const text = await runCli(['check', 'all'], dir);
  assert.equal(text.out.match(/: skipped: /g)?.length, 7, text.out);
  assert.match(text.out, /^all\/same\.conf: skipped: the same file as .*all\/ok\.conf, which is checked\.$/m);
  assert.match(text.out, /^2 files checked, 7 skipped: 3 errors, 0 warnings\.$/m);
});

test('a folder with no file that may be a config is no failure', async () => {
  fs.mkdirSync(path.join(dir, 'empty'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'empty', 'README.md'), '# nothing\n');
  const r = await runCli(['check', 'empty'], dir);
  assert.equal(r.code, 0, r.out);
  assert.equal(r.out.trim(), '0 files checked: 0 errors, 0 warnings.');
});
