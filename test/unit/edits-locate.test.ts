// The engine helpers behind the LSP features (pure engine, no server): YAML-block rewriting, field insertion in
// conf / YAML / JSON, and "what is at this offset".
import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Source } from '../../server/src/core/conf/ast';
import { parseConf } from '../../server/src/core/conf/parser';
import { openDocument } from '../../server/src/core/document';
import { insertEntryAfter, stringLiteral, swapValues } from '../../server/src/core/edits/fields';
import { applyEdits } from '../../server/src/core/edits/text-edit';
import { yamlBlockIssueAt, yamlBlockToBraces } from '../../server/src/core/edits/yaml-block';
import { nodeAt, ownerEntry } from '../../server/src/core/locate';
import { yamlKeyPath } from '../../server/src/core/complete';
import { fixture } from '../helpers/fixture';

function rewrite(text: string, at = 0): string {
  const conf = parseConf(new Source('/x/nats.conf', text), 'latest');
  const issue = at ? yamlBlockIssueAt(conf, at) : conf.issues.find((i) => i.code === 'yaml-style-block');
  assert.ok(issue, 'no yaml-style-block');
  const out = applyEdits(text, yamlBlockToBraces(conf, issue)!);
  const again = parseConf(new Source('/x/nats.conf', out), 'latest');
  assert.deepEqual(
    again.issues.map((i) => i.code),
    [],
    `result does not parse:\n${out}`,
  );
  return out;
}

function doc(file: string, text: string) {
  const d = openDocument(file, text, { ctx: { env: {}, fs: undefined, dialect: 'latest' } });
  assert.ok(d);
  return d;
}

describe('yaml-style block → braces', () => {
  test('a top-level block at the end of the file', () => {
    assert.equal(
      rewrite('port: 1\ntls:\n  cert_file: "a.pem"\n  key_file: "b.pem"'),
      'port: 1\ntls {\n  cert_file: "a.pem"\n  key_file: "b.pem"\n}',
    );
  });
  test('a block whose last line has a comment, with CRLF line ends', () => {
    assert.equal(rewrite('tls:\r\n  verify: true # mtls\r\nport: 1\r\n'), 'tls {\r\n  verify: true # mtls\r\n}\r\nport: 1\r\n');
  });
  test('nested maps and lists close innermost first', () => {
    assert.equal(
      rewrite('cluster:\n  tls:\n    cert_file: "a"\n    ocsp_peer:\n      verify: true\n  routes:\n    - nats://a:1\n'),
      'cluster {\n  tls {\n    cert_file: "a"\n    ocsp_peer {\n      verify: true\n    }\n  }\n  routes: [\n    nats://a:1\n  ]\n}\n',
    );
  });
  test('an inner block alone (its key offset picks it)', () => {
    const text = 'cluster:\n  tls:\n    verify: true\n';
    const out = applyEdits(
      text,
      yamlBlockToBraces(
        parseConf(new Source('/x.conf', text), 'latest'),
        yamlBlockIssueAt(parseConf(new Source('/x.conf', text), 'latest'), 11)!,
      )!,
    );
    assert.equal(out, 'cluster:\n  tls {\n    verify: true\n  }\n');
  });
});

describe('field insertion and value swaps', () => {
  test('conf: on its own line, after a trailing comment', () => {
    const d = doc('/x/nats.conf', 'tls {\n  cert_file: "a.pem" # c\n}\n');
    const after = nodeAt(d.root, 9).entry!;
    assert.equal(
      applyEdits(d.src.text, [insertEntryAfter(d, after, 'key_file', stringLiteral(d, 'a-key.pem'))]),
      'tls {\n  cert_file: "a.pem" # c\n  key_file: "a-key.pem"\n}\n',
    );
  });
  test('JSON: the comma goes where it belongs, whether or not more entries follow', () => {
    const text = '{\n  "cert": "a.pem",\n  "url": "nats://localhost:4222"\n}\n';
    const d = doc('/x/context.json', text);
    const cert = d.root.entries.find((e) => e.kind === 'entry' && e.key === 'cert');
    assert.ok(cert?.kind === 'entry');
    const out = applyEdits(text, [insertEntryAfter(d, cert, 'key', stringLiteral(d, 'a-key.pem'))]);
    assert.deepEqual(JSON.parse(out), { cert: 'a.pem', key: 'a-key.pem', url: 'nats://localhost:4222' });
  });
  test('YAML: plain scalars stay plain, others are quoted', () => {
    const d = doc('/x/client.yaml', 'servers: nats://localhost:4222\ntls:\n  cert_file: a.pem\n');
    assert.equal(stringLiteral(d, '../certs/a-key.pem'), '../certs/a-key.pem');
    assert.equal(stringLiteral(d, 'true'), '"true"');
    assert.equal(stringLiteral(d, 'my key.pem'), '"my key.pem"');
  });
  test('swap keeps each value as written', () => {
    const d = doc('/x/nats.conf', "tls {\n  cert_file: 'k.pem'\n  key_file: c.pem\n}\n");
    const [a, b] = [nodeAt(d.root, 20).entry!.value!, nodeAt(d.root, 40).entry!.value!];
    assert.equal(applyEdits(d.src.text, swapValues(a, b)), "tls {\n  cert_file: c.pem\n  key_file: 'k.pem'\n}\n");
  });
});

describe('locate', () => {
  test('key, value, container and include at offsets', () => {
    const fx = fixture('include "⟦x.conf⟧"\ntls {\n  ⟦verify⟧: ⟦true⟧\n  ⟦⟧\n  cipher_suites: [ "A", ⟦⟧ ]\n}\n');
    const d = doc('/nowhere/nats.conf', fx.text);
    assert.equal(nodeAt(d.root, fx.spans[0]!.start + 1).include?.path, 'x.conf');
    const onKey = nodeAt(d.root, fx.spans[1]!.end);
    assert.equal(onKey.entry?.key, 'verify');
    assert.equal(onKey.onKey, true);
    const onValue = nodeAt(d.root, fx.spans[2]!.start);
    assert.equal(onValue.onKey, false);
    assert.equal(onValue.value?.kind, 'bool');
    const empty = nodeAt(d.root, fx.spans[3]!.start);
    assert.equal(empty.entry, undefined);
    assert.equal(ownerEntry(empty.container as never)?.key, 'tls');
    const inList = nodeAt(d.root, fx.spans[4]!.start);
    assert.equal(inList.container.kind, 'array');
    assert.equal(ownerEntry(inList.container as never)?.key, 'cipher_suites');
  });
  test('YAML key paths by indentation', () => {
    const fx = fixture('servers: nats://a:1\ntls:\n  # comment\n  cert_file: a\n  $0\nother: 1\n');
    assert.deepEqual(yamlKeyPath(fx.text, fx.cursorOffset!), ['tls']);
    assert.deepEqual(yamlKeyPath('a:\n  b:\n    c: 1\n    \n', 'a:\n  b:\n    c: 1\n    '.length), ['a', 'b']);
  });
});
