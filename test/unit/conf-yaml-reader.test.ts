// YAML and JSON client configs that end in the middle of something: the yaml library reports the error one
// character past the end of the input. Found by the robustness fuzzer (test/fuzz/robustness.ts; seeds 88, 162
// and 1245 in its first version, truncated JSON/YAML client configs): the issue's offsets lay outside the text.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { Source } from '../../server/src/core/conf/ast';
import { parseYaml } from '../../server/src/core/conf/yaml-reader';
import { openDocument } from '../../server/src/core/document';

const ctx = { env: {}, fs: undefined, dialect: 'latest' as const };

test('errors at the end of a truncated YAML or JSON document lie inside its text', () => {
  const cases: [string, string][] = [
    ['/x/context/prod.json', '{\n\t"description": "prod",\n\t"url": "://x",\n\t"cert": "certs/chain-'],
    ['/x/client.json', '{"servers": "nats://a:4222", "tls": {"cert_file": "a.pem"'],
    ['/x/client.yaml', 'servers: nats://a:4222\ntls:\n  cert_file: "a.pem'],
    ['/x/client.yaml', 'servers: [nats://a:4222\n'],
    ['/x/client.yaml', 'tls: {cert_file: a.pem'],
  ];
  for (const [file, text] of cases) {
    const y = parseYaml(new Source(file, text));
    assert.ok(y.issues.length > 0, `${JSON.stringify(text)} should not parse`);
    for (const i of y.issues)
      assert.ok(
        0 <= i.start && i.start <= i.end && i.end <= text.length,
        `${JSON.stringify(text)}: ${i.start}..${i.end} of ${text.length}: ${i.message}`,
      );
    const doc = openDocument(file, text, { ctx, forceRole: 'client' });
    for (const i of doc?.issues ?? []) assert.ok(i.end <= text.length, `${file}: ${i.start}..${i.end} of ${text.length}`);
  }
});
