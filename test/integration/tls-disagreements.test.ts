// The TLS mutations where nats-tls used to disagree with nats-server (issue 11 §4, §5), asked again of every
// installed release: nats-tls targeting that release reports an error at the load stage exactly when
// `nats-server -t` fails, and where a case names the text nats-server prints, our message quotes it.
// (An include cycle is not run here: every release recurses until Go's 1 GB stack overflows, which takes
// minutes; measured by hand on 2.15.1: "fatal error: stack overflow".)
import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { oracles } from '../helpers/oracles';
import { verdict } from '../helpers/schema-verdict';
import { inCI } from '../helpers/tools';

interface Case {
  name: string;
  text: string;
  /** Text nats-server prints when it fails, which our load error must quote too (per release, when it differs). */
  quote?: string | ((version: string) => string | undefined);
  /** Codes of every load error nats-tls may report (an extra one is noise, e.g. a second finding on a $VAR). */
  only?: string[];
}

const CASES: Case[] = [
  { name: 'ca_file ""', text: 'port: 4222\ntls { ca_file: "" }\n' },
  { name: 'ca_file "" with verify', text: 'port: 4222\ntls { ca_file: "", verify: true }\n' },
  { name: 'ca_certs_match: 1', text: 'port: 4222\ntls { ca_certs_match: 1 }\n' },
  { name: 'ca_certs_match: true', text: 'port: 4222\ntls { ca_certs_match: true }\n' },
  { name: 'curve SecP256r1MLKEM768', text: 'port: 4222\ntls { curve_preferences: ["SecP256r1MLKEM768"] }\n' },
  { name: 'curve SecP384r1MLKEM1024', text: 'port: 4222\ntls { curve_preferences: ["SecP384r1MLKEM1024"] }\n' },
  { name: 'curve X25519MLKEM768', text: 'port: 4222\ntls { curve_preferences: ["X25519MLKEM768"] }\n' },
  {
    name: 'cert_store on Linux',
    text: 'port: 4222\ntls { cert_store: "WindowsCurrentUser"\ncert_match_by: "Subject"\ncert_match: "x" }\n',
    quote: (v) => (v.startsWith('2.9.') ? undefined : 'cert_store not compatible with current operating system'),
  },
  {
    name: 'cert_file with cert_store',
    text: 'port: 4222\ntls { cert_file: "a.pem"\nkey_file: "a.key"\ncert_store: "WindowsCurrentUser" }\n',
    quote: (v) => (v.startsWith('2.9.') ? 'unknown field ["cert_store"]' : 'cert_store not compatible with current operating system'),
  },
  { name: 'an empty config', text: '', quote: 'config has no values or is empty' },
  { name: 'a comment-only config', text: '# only a comment\n// another\n', quote: 'config has no values or is empty' },
  { name: 'verify: at the end of a tls block', text: 'port: 4222\ntls {\n  verify:\n}\n', quote: 'unknown field "verify"' },
  {
    name: 'timeout: at the end of a tls block',
    text: 'port: 4222\ntls {\n  verify: true\n  timeout:\n}\n',
    quote: 'unknown field "timeout"',
  },
  { name: 'verify: at the end of a cluster block', text: 'cluster {\n  port: 6222\n  verify:\n}\n', quote: 'unknown field "verify"' },
  { name: '... in a cluster block', text: 'cluster {\n  port: 6222\n  ...\n}\n', quote: 'unknown field "..."' },
  { name: '... in a tls block', text: 'port: 4222\ntls {\n  ...\n}\n', quote: 'unknown field "..."' },
  {
    name: 'ocsp_peer: "yes"',
    text: 'port: 4222\ntls { ocsp_peer: "yes" }\n',
    quote: (v) =>
      v.startsWith('2.9.') ? 'unknown field ["ocsp_peer"]' : 'error parsing ocsp peer config: unsupported type map[string]interface {}',
  },
  { name: 'ocsp_peer: yes', text: 'port: 4222\ntls { ocsp_peer: yes }\n' },
  { name: 'verify: true in a cluster tls block', text: 'cluster {\n  port: 6222\n  tls { verify: true }\n}\n' },
  {
    name: 'an undefined $VAR path',
    text: 'port: 4222\ntls {\n  cert_file: $CERT_DIR/server.pem\n  key_file: "k.pem"\n}\n',
    quote: "variable reference for 'CERT_DIR/server.pem' on line 3 can not be found",
    only: ['undefined-variable', 'file-not-found'],
  },
];

const found = oracles();
if (found.length === 0) {
  if (inCI()) throw new Error('tls-disagreements: no nats-server releases installed (run scripts/install-nats-servers.sh)');
  console.warn('\n*** tls-disagreements: SKIPPED: no nats-server releases installed (run the oracle installer) ***\n');
}

describe('TLS disagreements vs nats-server -t', { skip: found.length === 0 }, () => {
  for (const oracle of found) {
    test(`nats-server ${oracle.version}: the verdicts and the quoted text agree`, () => {
      const problems: string[] = [];
      for (const c of CASES) {
        const v = verdict(c.text, oracle.version, oracle.path);
        const predicted = v.loadErrors.length > 0;
        const show = `${c.name}:\n${c.text}${v.oracleOutput}\n${v.findings.map((f) => `  ${f.code}/${f.severity}/${f.stage}: ${f.message}`).join('\n')}`;
        if (predicted === v.oracleOk) {
          problems.push(
            `${oracle.version} ${v.oracleOk ? 'accepts' : 'rejects'}, nats-tls ${predicted ? 'reports a load error' : 'does not'}: ${show}`,
          );
          continue;
        }
        const quote = typeof c.quote === 'function' ? c.quote(oracle.version) : c.quote;
        if (quote && !v.oracleOk) {
          if (!v.oracleOutput.includes(quote)) problems.push(`nats-server no longer says ${JSON.stringify(quote)}: ${show}`);
          if (!v.loadErrors.some((f) => f.message.includes(quote))) problems.push(`no load error quotes ${JSON.stringify(quote)}: ${show}`);
        }
        const extra = c.only ? v.loadErrors.filter((f) => !c.only!.includes(f.code)) : [];
        if (extra.length) problems.push(`noise beside ${c.only!.join(', ')}: ${show}`);
      }
      assert.deepEqual(problems, []);
    });
  }
});
