// Templated configs over real JSON-RPC: a Helm template gets one information diagnostic saying it is a template
// and the problems in its config text, none about its template regions; hover and completion still work
// around the regions.
import * as assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DiagnosticSeverity, type MarkupContent } from 'vscode-languageserver-protocol/node';
import { dedent, showRange } from '../helpers/fixture';
import { session, type Session } from './setup';

const HELM = dedent(`
  port: ⟦{{ .Values.nats.client.port }}⟧
  server_name:{{- if .Values.nats.serverNamePrefix }}$SERVER_NAME{{- else }}$POD_NAME{{- end }}
  {{- if .Values.nats.jetstream.enabled }}
  jetstream {
    {{- if .Values.nats.jetstream.memStorage.enabled }}
    ⟦max_mem⟧: {{ .Values.nats.jetstream.memStorage.size }}
    {{- end }}
    ⟦max_fle⟧: 10G
  }
  {{- end }}
`);

describe('templated configs over LSP', { timeout: 30_000 }, () => {
  let s: Session;
  before(async () => {
    s = await session();
  });
  after(async () => s.close());

  test('a Helm template: one information diagnostic, the typo around the regions, nothing about the regions', async () => {
    const { uri, fx } = await s.open('helm/nats.conf', HELM);
    const ds = await s.client.pushed(uri, (d) => d.some((x) => x.code === 'templated-config'));
    assert.deepEqual(
      ds.map((d) => `${String(d.code)}@${showRange(d.range)}`),
      [`templated-config@${showRange(fx.range(0))}`, `unknown-field@${showRange(fx.range(2))}`],
    );
    const info = ds[0]!;
    assert.equal(info.severity, DiagnosticSeverity.Information);
    assert.equal(info.source, 'nats-tls');
    assert.match(String(info.message), /Helm template/);
    assert.deepEqual(info.data, { kinds: ['helm'], regions: 9, stage: 'advice' });
  });

  test('hover on an option next to a template value, completion inside a templated block', async () => {
    const { uri, fx } = await s.open('helm/hover.conf', HELM);
    const hover = await s.client.hover(uri, fx.range(1).start);
    assert.ok(hover, 'no hover on max_mem');
    assert.match((hover.contents as MarkupContent).value, /max_mem/);
    const { uri: u2, fx: f2 } = await s.open('helm/complete.conf', 'jetstream {\n  {{- if .Values.x }}\n  store_d$0\n  {{- end }}\n}\n');
    const items = await s.client.completion(u2, f2.cursor!);
    assert.ok(
      items.some((i) => i.label === 'store_dir'),
      `got ${items
        .map((i) => i.label)
        .slice(0, 20)
        .join(', ')}`,
    );
  });
});
