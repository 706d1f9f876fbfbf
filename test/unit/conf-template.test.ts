// Templated configs (Helm/Go templates, Jinja, ERB): the template regions are found and masked, the config text
// around them is checked, nothing is reported about what a region stands for, and the file says once, as
// information, that it is a template. Each case is a whole file with ⟦ranges⟧ where every finding must be.
import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CODES } from '../../server/src/core/codes';
import { findTemplates } from '../../server/src/core/conf/template';
import { expectFindings, runTls, type Expect } from '../helpers/tls';

const ALL = Object.keys(CODES);

interface Case {
  name: string;
  conf: string;
  expect: (Expect | string)[];
}

function run(cases: Case[]): void {
  for (const c of cases)
    test(c.name, () => {
      expectFindings(runTls({ configs: { '/nats.conf': c.conf } }), '/nats.conf', ALL, c.expect);
    });
}

const TEMPLATE = { code: 'templated-config', severity: 'information' as const };

describe('templated configs: findings', () => {
  run([
    {
      name: 'a Helm chart (the nats chart’s configmap style): typos around the regions are found, nothing about the regions',
      conf: `# NATS Clients Port
port: ⟦{{ .Values.nats.client.port }}⟧

# PID file shared with configuration reloader.
pid_file: "/var/run/nats/nats.pid"
http: 8222
server_name:{{- if .Values.nats.serverNamePrefix  }}$SERVER_NAME{{- else }}$POD_NAME{{- end }}

{{- if .Values.nats.tls }}
{{ $secretName := .Values.nats.tls.secret.name }}
tls {
  {{- with .Values.nats.tls.cert }}
  cert_file: /etc/nats-certs/clients/{{ $secretName }}/{{ . }}
  {{- end }}
  {{- with .Values.nats.tls.key }}
  key_file: /etc/nats-certs/clients/{{ $secretName }}/{{ . }}
  {{- end }}
  timeout: {{ .Values.nats.tls.timeout }}
}
{{- end }}

{{- if .Values.nats.jetstream.enabled }}
jetstream {
  {{- if .Values.nats.jetstream.memStorage.enabled }}
  max_mem: {{ .Values.nats.jetstream.memStorage.size }}
  {{- end }}
  ⟦max_fle⟧: 10G
}
{{- end }}
⟦prot⟧: {{ .Values.x }}
`,
      expect: [
        { ...TEMPLATE, says: 'This file is a Helm template' },
        { code: 'unknown-field', says: 'Did you mean max_file?' },
        { code: 'unknown-field', says: 'Did you mean port?' },
      ],
    },
    {
      name: 'ERB (Puppet, Chef): values, loops and conditionals',
      conf: `port: ⟦<%= @port %>⟧
<% if @cluster_enabled -%>
cluster {
  name: <%= @cluster_name %>
  listen: "0.0.0.0:<%= @cluster_port %>"
  routes: [
<% @routes.each do |r| -%>
    nats-route://<%= r %>:6222
<% end -%>
  ]
  ⟦ruotes⟧: []
}
<% end -%>
`,
      expect: [
        { ...TEMPLATE, says: 'This file is an ERB template' },
        { code: 'unknown-field', says: 'Did you mean routes?' },
      ],
    },
    {
      name: 'Jinja (Ansible): comments, statements and expressions, inside and outside quotes',
      conf: `⟦{# managed by ansible #}⟧
server_name: "{{ inventory_hostname }}"
port: {{ nats_port | default(4222) }}
{% if nats_tls_enabled %}
tls {
  cert_file: "{{ nats_tls_cert }}"
  key_file: "{{ nats_tls_key }}"
  verify: {{ nats_verify | lower }}
}
{% endif %}
authorization {
  users = [
{% for u in nats_users %}
    { user: "{{ u.name }}", ⟦pasword⟧: "{{ u.password }}" },
{% endfor %}
  ]
}
`,
      expect: [
        { ...TEMPLATE, says: 'This file is a Jinja template' },
        { code: 'unknown-field', says: 'Did you mean password?' },
      ],
    },
    {
      name: 'if/else branches: both are read, neither is a duplicate, and a brace closed after the branches is no error',
      conf: `⟦{{- if .Values.tls }}⟧
port: 4443
{{- else }}
port: 4222
{{- end }}
cluster {
  name: a
{{- if .Values.cluster.extra }}
  {{- toYaml .Values.cluster.extra | nindent 2 }}
{{- end }}
`,
      expect: [TEMPLATE],
    },
    {
      name: 'a syntax error away from any region is still reported',
      conf: `port: ⟦{{ .Values.port }}⟧

debug: true
logtime: true
accounts: { A: { users: [ { user: a, password: b } ] ⟦]⟧ } }
`,
      expect: [TEMPLATE, { code: 'syntax-error', severity: 'error' }],
    },
    {
      name: 'a wrong value written next to a template value is still checked',
      conf: `port: ⟦{{ .Values.port }}⟧
max_payload: ⟦"lots"⟧
`,
      expect: [TEMPLATE, { code: 'invalid-value' }],
    },
    {
      name: 'subject mapping functions in double braces are config text, not a template',
      conf: `port: 4222
mappings {
  "orders.*": "orders.{{wildcard(1)}}.{{partition(3,1)}}"
  "a.*.*": "b.{{ SplitFromLeft(1,2) }}"
}
`,
      expect: [],
    },
  ]);
});

describe('templated configs: regions and masking', () => {
  test('the masked text keeps every offset and line; whole-line regions blank, others a placeholder', () => {
    const text = '{{- if .Values.x }}\nport: {{ .Values.port }}\nurl: "nats://{{ .Values.host }}:4222"\n{{- end }}\n';
    const t = findTemplates(text)!;
    assert.equal(t.masked.length, text.length);
    assert.equal(t.masked.split('\n').length, text.split('\n').length);
    assert.deepEqual(
      t.regions.map((r) => [text.slice(r.start, r.end), r.lines]),
      [
        ['{{- if .Values.x }}', true],
        ['{{ .Values.port }}', false],
        ['{{ .Values.host }}', false],
        ['{{- end }}', true],
      ],
    );
    assert.equal(t.masked.split('\n')[1], `port: ${'_'.repeat(18)}`);
    assert.equal(t.masked.split('\n')[0]!.trim(), '');
    assert.deepEqual(t.kinds, ['helm']);
    assert.ok(t.controls);
  });

  test('a multi-line region alone on its lines is blank, line breaks kept', () => {
    const text = 'port: 1\n{{- /*\n a comment\n*/ -}}\ndebug: true\n';
    const t = findTemplates(text)!;
    assert.equal(t.masked, 'port: 1\n      \n          \n      \ndebug: true\n');
  });

  test('no template: plain configs, unclosed openers, Jinja comment markers across lines', () => {
    assert.equal(findTemplates('port: 4222\ntls { cert_file: "a.pem" }\n'), undefined);
    assert.equal(findTemplates('a: "{{"\n'.repeat(10_000)), undefined);
    assert.equal(findTemplates('tls {# not a comment\n  verify: true #}\n'), undefined);
    // Double braces around config text: a broken config nats-server rejects, not a template.
    assert.equal(findTemplates('a {{ b: 1 }}\nc: {{d = 2}}\ne: {{ f: { g: 1 } }}\n'), undefined);
  });
});
