// Command-line arguments through main(): --help on every sub-command, unknown options, booleans given a value,
// options missing their value. Usage errors exit 2 with the sub-command's usage on stderr; help exits 0 on stdout.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Io } from '../../server/src/cli/args';
import { main, USAGE } from '../../server/src/cli/main';
import { writeFixtureDir } from '../helpers/certs';

async function run(argv: string[], cwd = '/'): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = { out: (t) => out.push(t), err: (t) => err.push(t), cwd };
  const code = await main(argv, io);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** The synopsis line a sub-command's usage starts with. */
const SYNOPSIS: Record<string, RegExp> = {
  check: /^ {2}nats-tls check \[--format text\|json\] \[--base auto\|config\|DIR\] \[--server-version V\] PATH\.\.\.$/m,
  inspect: /^ {2}nats-tls inspect \[--format text\|json\] FILE\.\.\.$/m,
  'gen ca': /^ {2}nats-tls gen ca --out DIR/m,
  'gen server': /^ {2}nats-tls gen server --ca DIR --out DIR --name NAME/m,
  'gen client': /^ {2}nats-tls gen client --ca DIR --out DIR --name NAME/m,
  'gen mtls': /^ {2}nats-tls gen mtls --out DIR/m,
  lsp: /^ {2}nats-tls lsp --stdio \| --node-ipc \| --socket=PORT$/m,
};

test('--help and -h on every sub-command print its usage on stdout and exit 0', async () => {
  for (const [command, synopsis] of Object.entries(SYNOPSIS)) {
    for (const flag of ['--help', '-h']) {
      const argv = [...command.split(' '), flag];
      const r = await run(argv);
      assert.deepEqual([r.code, r.err], [0, ''], argv.join(' '));
      assert.match(r.out, /^Usage:\n/, argv.join(' '));
      assert.match(r.out, synopsis, argv.join(' '));
      // Only this command: no other command's synopsis.
      for (const [other, re] of Object.entries(SYNOPSIS))
        if (other !== command && !(command === 'gen' && other.startsWith('gen ')))
          assert.doesNotMatch(r.out, re, `${argv.join(' ')} shows ${other}`);
    }
  }
});

test('gen --help lists every gen target; help wins over other arguments', async () => {
  const gen = await run(['gen', '--help']);
  assert.equal(gen.code, 0);
  for (const kind of ['ca', 'server', 'client', 'mtls']) assert.match(gen.out, SYNOPSIS[`gen ${kind}`]!);
  assert.doesNotMatch(gen.out, SYNOPSIS.check!);
  // Asking for help next to a mistake still shows the help (and writes nothing).
  const r = await run(['check', '--bogus', '--help']);
  assert.deepEqual([r.code, r.err], [0, '']);
  assert.match(r.out, SYNOPSIS.check!);
  const g = await run(['gen', 'ca', '--out', '/nonexistent/x', '--help']);
  assert.deepEqual([g.code, g.err], [0, '']);
  assert.match(g.out, SYNOPSIS['gen ca']!);
});

test('unknown options exit 2 with the message and the sub-command usage', async () => {
  const cases: [string[], string, RegExp][] = [
    [['check', '--bogus', '.'], 'unknown option --bogus', SYNOPSIS.check!],
    [['check', '-x', '.'], 'unknown option -x', SYNOPSIS.check!],
    [['inspect', '--verbose', 'a.pem'], 'unknown option --verbose', SYNOPSIS.inspect!],
    [['gen', 'ca', '--out', '/tmp/x', '--colour'], 'unknown option --colour', SYNOPSIS['gen ca']!],
    // An option another gen target takes says so.
    [
      ['gen', 'client', '--ca', 'c', '--out', 'o', '--name', 'x', '--host', 'h'],
      'gen client does not take --host',
      SYNOPSIS['gen client']!,
    ],
    [['gen', 'ca', '--out', 'o', '--port', '1'], 'gen ca does not take --port', SYNOPSIS['gen ca']!],
    [['lsp', '--stdio', '--verbose'], 'unknown option --verbose', SYNOPSIS.lsp!],
  ];
  for (const [argv, message, usage] of cases) {
    const r = await run(argv);
    assert.equal(r.code, 2, argv.join(' '));
    assert.equal(r.out, '', argv.join(' '));
    assert.equal(r.err.split('\n')[0], `nats-tls: ${message}`, argv.join(' '));
    assert.match(r.err, usage, argv.join(' '));
  }
});

test('a boolean option given a value is a usage error: --force=false never forces', async () => {
  const dir = writeFixtureDir({ 'ca.pem': 'not a CA\n', 'ca-key.pem': 'not a key\n' });
  try {
    for (const argv of [
      ['gen', 'ca', '--out', dir.dir, '--force=false'],
      ['gen', 'ca', '--out', dir.dir, '--force=true'],
      ['gen', 'ca', '--out', dir.dir, '--constrain=no'],
      ['lsp', '--stdio=1'],
    ]) {
      const r = await run(argv, dir.dir);
      assert.equal(r.code, 2, argv.join(' '));
      assert.match(r.err, new RegExp(`^nats-tls: --${argv.at(-1)!.slice(2).split('=')[0]} takes no value\\n`), argv.join(' '));
    }
    // Nothing was overwritten.
    assert.equal(fs.readFileSync(path.join(dir.dir, 'ca.pem'), 'utf8'), 'not a CA\n');
  } finally {
    dir.cleanup();
  }
});

test('an option missing its value: last, or followed by another option', async () => {
  const cases: [string[], string][] = [
    [['check', '--format', '--base', 'x', '.'], '--format needs a value'],
    [['check', '.', '--format'], '--format needs a value'],
    [['check', '--server-version', '-h', '.'], '--server-version needs a value'],
    [['inspect', '--format', '--', 'a.pem'], '--format needs a value'],
    [['gen', 'ca', '--out'], '--out needs a value'],
    [['gen', 'server', '--ca', 'c', '--out', 'o', '--name', '--host', 'h'], '--name needs a value'],
    [['lsp', '--socket'], '--socket needs a value'],
  ];
  for (const [argv, message] of cases) {
    const r = await run(argv);
    assert.equal(r.code, 2, argv.join(' '));
    assert.equal(r.err.split('\n')[0], `nats-tls: ${message}`, argv.join(' '));
  }
  // A value that starts with a dash is fine when attached with '='.
  const r = await run(['check', '--server-version=-1', '.']);
  assert.equal(r.code, 2);
  assert.match(r.err, /^nats-tls: --server-version must be "latest" or a version/);
});

test('typed values: repeated lists, --name=value, operands after --', async () => {
  const dir = writeFixtureDir({ 'a.conf': 'port: 4222\n', '--odd.conf': 'port: 4223\n' });
  try {
    const r = await run(['check', '--format=json', '--', 'a.conf', '--odd.conf'], dir.dir);
    assert.equal(r.code, 0, r.err);
    assert.deepEqual(
      JSON.parse(r.out)
        .files.map((f: string) => path.basename(f))
        .sort(),
      ['--odd.conf', 'a.conf'],
    );
    const bad = await run(['check', '--format', 'xml', 'a.conf'], dir.dir);
    assert.equal(bad.code, 2);
    assert.match(bad.err, /^nats-tls: --format must be text or json, not "xml"/);
  } finally {
    dir.cleanup();
  }
  const out = writeFixtureDir({});
  try {
    const ca = path.join(out.dir, 'ca');
    assert.equal((await run(['gen', 'ca', '--out', ca, '--now=2026-01-01'])).code, 0);
    const srv = await run([
      'gen',
      'server',
      '--ca',
      ca,
      '--out',
      ca,
      '--name=s1',
      '--host',
      'a.test',
      '--host=b.test',
      '--now',
      '2026-01-01',
    ]);
    assert.equal(srv.code, 0, srv.err);
    assert.match(srv.out, /SANs: .*a\.test.*b\.test/);
  } finally {
    out.cleanup();
  }
});

test('lsp: one transport, a real port', async () => {
  const cases: [string[], RegExp][] = [
    [['lsp'], /^nats-tls: lsp needs a transport/],
    [['lsp', '--stdio', '--node-ipc'], /^nats-tls: lsp takes one transport, not --stdio and --node-ipc/],
    [['lsp', '--socket=0'], /^nats-tls: --socket needs a port number from 1 to 65535, not "0"/],
    [['lsp', '--stdio', 'extra'], /^nats-tls: lsp takes no positional arguments \(got "extra"\)/],
    [['lsp', '--stdio', '--clientProcessId=abc'], /^nats-tls: --clientProcessId needs a process id/],
  ];
  for (const [argv, re] of cases) {
    const r = await run(argv);
    assert.equal(r.code, 2, argv.join(' '));
    assert.match(r.err, re, argv.join(' '));
  }
});

test('no command, unknown command and help keep the whole usage', async () => {
  const none = await run([]);
  assert.deepEqual([none.code, none.out], [2, USAGE]);
  for (const h of ['help', '--help', '-h']) assert.deepEqual(await run([h]), { code: 0, out: USAGE, err: '' });
  const unknown = await run(['chek']);
  assert.equal(unknown.code, 2);
  assert.equal(unknown.err, `nats-tls: unknown command "chek"\n\n${USAGE}`);
  const gen = await run(['gen']);
  assert.equal(gen.code, 2);
  assert.match(gen.err, /^nats-tls: gen needs a target: ca, server, client or mtls\n\nUsage:\n {2}nats-tls gen ca/);
});
