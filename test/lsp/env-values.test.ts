// A TLS block whose value is an environment variable (`tls: $TLS_MAP`), over real JSON-RPC: the problems in
// the variable's value are published on the `$TLS_MAP` reference, and no quick fix edits that reference as if
// the value were written there. Found by the robustness fuzzer (test/fuzz/robustness.ts; seed 1266 in its first version).
import * as assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { session, type Session } from './setup';

let s: Session;
before(async () => {
  s = await session(
    {},
    {
      env: {
        TLS_MAP: '{cert_file: "certs/server.pem", key_file: "certs/server-key.pem", min_version: 1.2, client_auth: true, cert_fil: x}',
      },
    },
  );
});
after(async () => s.close());

test("findings in a variable's value sit on its $NAME and get no quick fix", { timeout: 30_000 }, async () => {
  const { uri, fx } = await s.open('env/nats.conf', 'port: 4222\ntls: ⟦$TLS_MAP⟧\n');
  const ds = await s.client.pushed(uri, (d) => d.length >= 3);
  assert.deepEqual(ds.map((d) => String(d.code)).sort(), ['client-auth-field', 'invalid-value', 'unknown-field']);
  for (const d of ds) {
    assert.deepEqual(d.range, fx.range(0));
    assert.match(typeof d.message === 'string' ? d.message : d.message.value, /environment variable TLS_MAP/);
  }
  const actions = await s.client.codeActions(uri, fx.range(0), ds, ['quickfix']);
  assert.deepEqual(
    actions.map((a) => a.title),
    [],
  );
});
