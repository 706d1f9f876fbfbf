// Folder mode (`nats-tls check DIR`) claims only NATS files: one sniffer (protocol/sniff.ts sniffNatsFile)
// decides for .conf, YAML and JSON. Real repositories hold nginx, redis, mosquitto and supervisord .conf files,
// docker-compose, Helm values, CI files, tsconfig and cfssl CSRs; none of them is checked, each is listed.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkPaths, formatText } from '../../server/src/cli/check';
import { DEFAULT_SETTINGS } from '../../server/src/core/tls/model';
import { nodeHost } from '../../server/src/node-host';
import { sniffNatsFile } from '../../server/src/protocol/sniff';
import { writeFixtureDir } from '../helpers/certs';

/** [file name, text, a NATS file?] */
const FILES: [string, string, boolean][] = [
  // Not NATS
  ['nginx.conf', 'events {}\nhttp {\n  server {\n    listen 80;\n    location / { root /srv; }\n  }\n}\n', false],
  ['redis.conf', 'bind 127.0.0.1\nport 6379\ndaemonize no\npidfile /var/run/redis.pid\nloglevel notice\n', false],
  ['mosquitto.conf', 'listener 1883\nallow_anonymous false\npassword_file /etc/mosquitto/passwd\npersistence true\n', false],
  ['supervisord.conf', '[supervisord]\nnodaemon=true\n\n[program:nats]\ncommand=/usr/bin/nats-server -c /etc/nats.conf\n', false],
  ['resolv.conf', 'nameserver 1.1.1.1\nsearch example.com\n', false],
  ['docker-compose.yml', 'services:\n  nats:\n    image: nats:2.10\n    ports:\n      - "4222:4222"\n', false],
  ['values.yaml', 'config:\n  cluster:\n    enabled: true\n  jetstream:\n    enabled: true\n  port: 4222\n', false],
  ['.gitlab-ci.yml', 'stages: [test]\ntest:\n  script:\n    - npm test\n  tags: [docker]\n', false],
  ['tsconfig.json', '{ "compilerOptions": { "strict": true, "outDir": "out" }, "include": ["src"] }\n', false],
  ['csr.json', '{ "CN": "nats", "hosts": ["nats.local"], "key": { "algo": "ecdsa", "size": 256 } }\n', false],
  // NATS
  ['nats.conf', 'port: 4222\ntls {\n  cert_file: "c.pem"\n  key_file: "k.pem"\n}\n', true],
  ['single.conf', 'listen: localhost:8888\n', true],
  ['auth.conf', 'authorization {\n  token: "s3cr3t"\n}\n', true],
  ['users.conf', 'include ./passwords.conf;\nusers = [\n  {user: alice, password: $ALICE_PASS}\n]\n', true],
  ['client.yaml', 'servers:\n  - nats://n1:4222\ntls:\n  ca_file: ca.pem\n', true],
  ['context.json', '{ "description": "prod", "url": "tls://nats.example.com:4222", "creds": "" }\n', true],
  ['ctx.json', '{ "description": "", "nsc": "nsc://op/acc/user" }\n', true],
  ['rendered.json', '{ "server_name": "n1", "port": 4222, "jetstream": { "store_dir": "/data" } }\n', true],
];

for (const [name, text, nats] of FILES) {
  test(`sniffNatsFile: ${name} is ${nats ? '' : 'not '}a NATS file`, () => {
    const r = sniffNatsFile(`/repo/${name}`, text);
    assert.equal(r.nats, nats, JSON.stringify(r));
    if (!r.nats) assert.ok(r.reason.length > 10);
  });
}

test('check DIR: checks the NATS files only and lists every other file as skipped, with why', () => {
  const dir = writeFixtureDir(Object.fromEntries(FILES.map(([name, text]) => [name, text])), { prefix: 'nats-tls-sniff-' });
  try {
    const result = checkPaths([dir.dir], { env: {}, settings: { ...DEFAULT_SETTINGS, roots: [dir.dir] }, host: nodeHost({}) });
    const want = FILES.filter(([, , nats]) => !nats).map(([name]) => dir.path(name));
    assert.deepEqual(result.skipped.map((s) => s.file).sort(), want.sort());
    // No finding in a skipped file.
    assert.deepEqual(
      result.findings.filter((f) => want.includes(f.file)),
      [],
    );
    const text = formatText(result, dir.dir);
    assert.match(text, /^redis\.conf: skipped: another program's \.conf/m);
    assert.match(text, /^tsconfig\.json: skipped: no NATS markers/m);
    // A file named on the command line is checked whatever it looks like.
    const named = checkPaths([dir.path('redis.conf')], {
      env: {},
      settings: { ...DEFAULT_SETTINGS, roots: [dir.dir] },
      host: nodeHost({}),
    });
    assert.deepEqual(named.skipped, []);
    assert.deepEqual(named.files, [dir.path('redis.conf')]);
  } finally {
    dir.cleanup();
  }
});
