// The yaml-style-block diagnostic sits on the key, where the fix goes (`tls:` → `tls {`), while nats-server
// names another line ("Parse error on line 3" for the seed config): its related information points at the
// line nats-server names, and its message quotes what nats-server says there. Checked against every installed
// nats-server release (test/helpers/oracles.ts), running `nats-server -t -c FILE` from the file's folder.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { parseConfig } from '../../server/src/engine';
import { oracles } from '../helpers/oracles';
import { describeWith, latestOracleTool } from '../helpers/tools';

const CASES: { name: string; text: string }[] = [
  {
    name: 'the seed config',
    text: 'listen: ":4222"\ntls:\n  cert_file: "/etc/nats/certs/server.pem"\n  key_file: "/etc/nats/certs/server.key"\n  client_auth: true\n  ca_file: "/etc/nats/certs/clients.pem"\n',
  },
  { name: 'blank and comment lines before the fields', text: 'port: 4222\ncluster:\n\n  # the name\n  name: x\n' },
  { name: 'trailing blanks after the separator', text: 'tls:   \n  verify: true\n' },
  { name: 'an "=" separator', text: 'tls =\n  verify = true\n' },
  { name: 'a list', text: 'cluster {\n  name: c\n}\nroutes:\n  - nats://a:6222\n' },
  { name: 'CRLF line breaks (nats-server counts a line at "\\n", not "\\r")', text: 'port: 4222\r\ntls:\r\n  verify: true\r\n' },
  { name: 'inside braces: a bare key', text: 'cluster {\n  tls:\n    verify: true\n}\n' },
  { name: 'inside braces: a quoted key', text: 'cluster {\n  tls:\n    "verify": true\n}\n' },
  { name: 'inside braces: "=" and a blank line', text: 'leafnodes {\n  tls =\n\n    verify = true\n}\n' },
  { name: 'inside braces: a list item', text: 'cluster {\n  routes:\n    - nats://a:6222\n}\n' },
  { name: 'inside braces: a list item after a tab', text: 'cluster {\n  routes:\n    -\tnats://a:6222\n}\n' },
  { name: 'inside braces: a string value', text: 'websocket {\n  tls:\n    cert_file: "a.pem"\n}\n' },
  { name: 'inside braces: blanks and a comment after the value', text: 'mqtt {\n  tls:\n    verify:   true # on\n}\n' },
  { name: 'inside braces: a non-ASCII value', text: 'cluster {\n  tls:\n    ключ: ü\n}\n' },
  { name: 'inside braces: CRLF', text: 'cluster {\r\n  tls:\r\n    verify: true\r\n}\r\n' },
  { name: 'a YAML-style block inside another', text: 'tls:\n  certs:\n    - cert_file: a\n' },
];

/** "Parse error on line 3: 'Expected value but found new line'" → { line, reason }. */
function parseError(output: string): { line: number; reason: string } | undefined {
  const m = /Parse error on line (\d+): '(.*)'\s*$/m.exec(output);
  return m ? { line: Number(m[1]), reason: m[2]! } : undefined;
}

describeWith([latestOracleTool], 'yaml-style-block names the line nats-server names', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nats-tls-yaml-oracle-'));
  process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));

  for (const c of CASES) {
    test(c.name, () => {
      const file = path.join(dir, 'nats.conf');
      fs.writeFileSync(file, c.text);
      const ours = parseConfig(c.text, { uri: file, languageId: 'nats', env: {} }).errors;
      const yaml = ours.filter((f) => f.code === 'yaml-style-block');
      assert.ok(yaml.length > 0, `no yaml-style-block for ${JSON.stringify(c.text)}: ${JSON.stringify(ours)}`);
      // nats-server stops at the first error: the first finding in the file.
      const first = [...ours].sort(
        (a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character,
      )[0]!;
      assert.equal(first.code, 'yaml-style-block');
      const related = first.related?.find((r) => /nats-server reports this error on line/.test(r.message));
      assert.ok(related, `no related information: ${JSON.stringify(first)}`);
      assert.equal(related.file, file);
      for (const o of oracles()) {
        const r = spawnSync(o.path, ['-t', '-c', 'nats.conf'], { cwd: dir, encoding: 'utf8', env: {}, timeout: 20_000 });
        const said = parseError(`${r.stdout}${r.stderr}`);
        assert.ok(said, `nats-server ${o.version} did not fail to parse ${JSON.stringify(c.text)}: ${r.stdout}${r.stderr}`);
        assert.equal(related.range.start.line + 1, said.line, `nats-server ${o.version}: ${r.stderr}; ours: ${JSON.stringify(first)}`);
        assert.match(related.message, new RegExp(`line ${said.line}$`));
        assert.ok(first.message.includes(`"${said.reason}"`), `nats-server ${o.version} says '${said.reason}'; ours: ${first.message}`);
      }
    });
  }
});
