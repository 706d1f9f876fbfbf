// Completion over real JSON-RPC: TLS fields valid at the cursor's location (with snippets), enum values,
// certificate paths, and `tls` blocks, applied to the text where it matters.
import * as assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { CompletionItemTag, InsertTextFormat, type CompletionItem, type TextEdit } from 'vscode-languageserver-protocol/node';
import { applyTextEdits } from './client';
import { session, type Session } from './setup';

const labels = (items: CompletionItem[]): string[] => items.map((i) => i.label);

describe('completion', { timeout: 60_000 }, () => {
  let s: Session;
  let n = 0;
  before(async () => {
    s = await session();
  });
  after(async () => s.close());

  /** Opens `marked` (with a $0 cursor) as a fresh file and completes at the cursor. */
  async function complete(
    marked: string,
    ext = 'conf',
    dir = 'c',
  ): Promise<{ items: CompletionItem[]; text: string; apply(label: string): string }> {
    const { uri, fx } = await s.open(`${dir}/f${n++}.${ext}`, marked);
    const items = await s.client.completion(uri, fx.cursor!);
    return {
      items,
      text: fx.text,
      apply(label) {
        const item = items.find((i) => i.label === label);
        assert.ok(item, `no item ${label} in ${labels(items).join(', ')}`);
        return applyTextEdits(fx.text, [item.textEdit as TextEdit]);
      },
    };
  }

  test('fields valid in the client-port tls block, without the ones already there, with snippets', async () => {
    const r = await complete('tls {\n  cert_file: "../certs/server.pem"\n  $0\n}\n');
    const names = labels(r.items);
    assert.ok(!names.includes('cert_file'), 'already set');
    for (const f of [
      'key_file',
      'ca_file',
      'verify',
      'min_version',
      'cipher_suites',
      'curve_preferences',
      'handshake_first',
      'connection_rate_limit',
      'ocsp_peer',
    ])
      assert.ok(names.includes(f), f);
    assert.ok(!names.includes('verify_cert_and_check_known_urls'), 'rejected on the client port');
    const verify = r.items.find((i) => i.label === 'verify')!;
    assert.equal(verify.insertTextFormat, InsertTextFormat.Snippet);
    assert.equal((verify.textEdit as TextEdit).newText, 'verify: ${1|true,false|}');
    assert.match(String(verify.detail), /^boolean · default false/);
    assert.match((verify.documentation as { value: string }).value, /Require and verify client certificates/);
    assert.equal(r.apply('min_version'), 'tls {\n  cert_file: "../certs/server.pem"\n  min_version: "${1|1.2,1.3|}"\n}\n');
    const key = r.items.find((i) => i.label === 'key_file')!;
    assert.equal(key.command?.command, 'editor.action.triggerSuggest', 'paths are suggested right after');
  });

  test('fields by location: cluster gets verify_cert_and_check_known_urls; ignored ones are marked', async () => {
    const r = await complete('cluster {\n  tls {\n    ver$0\n  }\n}\n');
    const names = labels(r.items);
    assert.ok(names.includes('verify_cert_and_check_known_urls'));
    const rate = r.items.find((i) => i.label === 'connection_rate_limit')!;
    assert.deepEqual(rate.tags, [CompletionItemTag.Deprecated], 'ignored in cluster.tls');
    assert.ok(rate.sortText! > r.items.find((i) => i.label === 'cert_file')!.sortText!);
    assert.equal(r.apply('verify_and_map'), 'cluster {\n  tls {\n    verify_and_map: ${1|true,false|}\n  }\n}\n');
  });

  test('renaming an existing key replaces only the key', async () => {
    const r = await complete('tls {\n  verfy$0: true\n}\n');
    assert.equal(r.apply('verify'), 'tls {\n  verify: true\n}\n');
  });

  test('min_version values, quoted unless inside quotes', async () => {
    const bare = await complete('tls {\n  min_version: $0\n}\n');
    assert.deepEqual(labels(bare.items), ['1.2', '1.3']);
    assert.equal(bare.apply('1.3'), 'tls {\n  min_version: "1.3"\n}\n');
    const quoted = await complete('tls {\n  min_version: "$0"\n}\n');
    assert.equal(quoted.apply('1.2'), 'tls {\n  min_version: "1.2"\n}\n');
    const colon = await complete('tls {\n  verify:$0\n}\n');
    assert.equal(colon.apply('true'), 'tls {\n  verify: true\n}\n');
  });

  test('cipher suites for the target version, without those already listed; curves', async () => {
    const r = await complete('tls {\n  cipher_suites: [\n    "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"\n    "TLS_ECDHE_$0"\n  ]\n}\n');
    const names = labels(r.items);
    assert.ok(names.includes('TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384'));
    assert.ok(names.includes('TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256'), 'Go names from 2.12');
    assert.ok(!names.includes('TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256'), 'already listed');
    const insecure = r.items.find((i) => i.label === 'TLS_RSA_WITH_AES_128_CBC_SHA')!;
    assert.deepEqual(insecure.tags, [CompletionItemTag.Deprecated]);
    assert.equal(
      r.apply('TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384'),
      'tls {\n  cipher_suites: [\n    "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"\n    "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384"\n  ]\n}\n',
    );
    const curves = await complete('tls {\n  curve_preferences: [ $0 ]\n}\n');
    // latest is 2.15.1: built with Go 1.26+, it adds the NIST post-quantum hybrids.
    assert.deepEqual(labels(curves.items), [
      'X25519MLKEM768',
      'SecP256r1MLKEM768',
      'SecP384r1MLKEM1024',
      'X25519',
      'CurveP256',
      'CurveP384',
      'CurveP521',
    ]);
    assert.equal(curves.apply('X25519'), 'tls {\n  curve_preferences: [ "X25519" ]\n}\n');
  });

  test('booleans and handshake_first values', async () => {
    const r = await complete('leafnodes {\n  tls {\n    handshake_first: $0\n  }\n}\n');
    assert.deepEqual(labels(r.items), ['true', 'false', 'auto', '300ms']);
    assert.equal(r.apply('auto'), 'leafnodes {\n  tls {\n    handshake_first: "auto"\n  }\n}\n');
  });

  test('file paths for *_file values, relative to the config like nats-tls resolves them', async () => {
    const r = await complete('tls {\n  cert_file: "../certs/$0"\n}\n');
    assert.deepEqual(labels(r.items).sort(), [
      'ca-key.pem',
      'ca.pem',
      'client-key.pem',
      'client.pem',
      'expired-key.pem',
      'expired.pem',
      'expiring-key.pem',
      'expiring.pem',
      'server-key.pem',
      'server.pem',
    ]);
    const first = [...r.items].sort((a, b) => a.sortText!.localeCompare(b.sortText!))[0]!;
    assert.doesNotMatch(first.label, /key/, 'cert_file lists certificates before keys');
    assert.equal(r.apply('server.pem'), 'tls {\n  cert_file: "../certs/server.pem"\n}\n');
    const key = await complete('tls {\n  key_file: "../certs/ser$0"\n}\n');
    const keyFirst = [...key.items].sort((a, b) => a.sortText!.localeCompare(b.sortText!))[0]!;
    assert.match(keyFirst.label, /key/, 'key_file lists keys first');
    assert.equal(key.apply('server-key.pem'), 'tls {\n  key_file: "../certs/server-key.pem"\n}\n');
    const dirs = await complete('tls {\n  ca_file: "../$0"\n}\n');
    const certs = dirs.items.find((i) => i.label === 'certs/')!;
    assert.ok(certs, labels(dirs.items).join(','));
    assert.equal(certs.command?.command, 'editor.action.triggerSuggest');
    // With pathBase "auto", names under an ancestor folder are offered too (first base wins).
    const auto = await complete('tls {\n  ca_file: "ce$0"\n}\n', 'conf', 'deep/er');
    assert.ok(labels(auto.items).includes('certs/'));
  });

  test('a tls block where one can go, with a snippet for the location', async () => {
    const cluster = await complete('cluster {\n  name: c\n  $0\n}\n');
    // The tls block first, then the other cluster options from the schema table (not name: it is there).
    assert.equal(labels(cluster.items)[0], 'tls');
    assert.ok(labels(cluster.items).includes('routes') && !labels(cluster.items).includes('name'));
    assert.equal(cluster.apply('routes'), 'cluster {\n  name: c\n  routes: [ "$1" ]\n}\n');
    assert.equal(cluster.apply('tls'), 'cluster {\n  name: c\n  tls {\n\tcert_file: "$1"\n\tkey_file: "$2"\n\tca_file: "$3"$0\n}\n}\n');
    const remote = await complete('leafnodes {\n  remotes: [\n    { url: "tls://hub:7422", $0 }\n  ]\n}\n');
    assert.equal(remote.apply('tls'), 'leafnodes {\n  remotes: [\n    { url: "tls://hub:7422", tls {\n\tca_file: "$1"$0\n} }\n  ]\n}\n');
    const none = await complete('cluster {\n  tls {\n    cert_file: "a"\n  }\n  $0\n}\n');
    assert.ok(!labels(none.items).includes('tls'), 'already has tls');
  });

  test('ocsp_peer and certs entries', async () => {
    const ocsp = await complete('tls {\n  ocsp_peer {\n    verify: true\n    $0\n  }\n}\n');
    assert.ok(!labels(ocsp.items).includes('verify'));
    assert.ok(labels(ocsp.items).includes('ca_timeout'));
    const certs = await complete('tls {\n  certs: [\n    { cert_file: "a.pem", $0 }\n  ]\n}\n');
    assert.deepEqual(labels(certs.items), ['key_file']);
  });

  test('YAML client configs: tls: fields and paths', async () => {
    const fields = await complete('servers: nats://localhost:4222\ntls:\n  ca_file: ../certs/ca.pem\n  $0\n', 'yaml');
    assert.deepEqual(labels(fields.items), ['cert_file', 'key_file', 'handshake_first']);
    assert.equal(fields.apply('cert_file'), 'servers: nats://localhost:4222\ntls:\n  ca_file: ../certs/ca.pem\n  cert_file: "$1"\n');
    const paths = await complete('servers: nats://localhost:4222\ntls:\n  cert_file: ../certs/cl$0\n', 'yaml');
    assert.equal(paths.apply('client.pem'), 'servers: nats://localhost:4222\ntls:\n  cert_file: ../certs/client.pem\n');
  });

  test('nothing in comments or outside TLS', async () => {
    assert.deepEqual(labels((await complete('tls {\n  # cert$0\n}\n')).items), []);
    assert.deepEqual(labels((await complete('port: $0\n')).items), []);
  });
});
