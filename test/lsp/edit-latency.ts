// A small server config with one mistake (`verfy`), edited again and again (only its first-line comment
// changes): the scenario of test/lsp/diagnostics.test.ts ("diagnostics after many edits") and of its latency
// budgets in `npm run bench -- budgets`.
import type { Diagnostic } from 'vscode-languageserver-protocol/node';
import type { Session } from './setup';

/** The config after edit `i` (certificate paths relative to a folder under the session's workspace). */
export function editedConfig(i: number): string {
  return `# edit ${i}\nport: 4222\ntls {\n  cert_file: "../certs/server.pem"\n  key_file: "../certs/server-key.pem"\n  ca_file: "../certs/ca.pem"\n  verify: true\n  min_version: "1.3"\n  verfy: true\n}\ncluster {\n  routes: [ "nats://localhost:6222" ]\n  tls {\n    cert_file: "../certs/server.pem"\n    key_file: "../certs/server-key.pem"\n    ca_file: "../certs/ca.pem"\n  }\n}\n`;
}

/**
 * Opens the config in `s` and makes `edits` edits; `each` sees every edit's diagnostics (pushed for that version,
 * or a full pulled report) and how long the round trip took, in ms (for the bench; tests ignore it).
 */
export async function editRepeatedly(
  s: Session,
  mode: 'push' | 'pull',
  edits: number,
  each: (i: number, diagnostics: Diagnostic[], ms: number) => void,
): Promise<Diagnostic[]> {
  const { uri } = await s.open('lat/nats.conf', editedConfig(0));
  let first: Diagnostic[];
  if (mode === 'push') first = await s.client.pushed(uri);
  else {
    const r = await s.client.pull(uri);
    if (r.kind !== 'full') throw new Error(`the first pull is not a full report`);
    first = r.items;
  }
  for (let i = 1; i <= edits; i++) {
    const t0 = performance.now();
    const v = await s.client.change(uri, editedConfig(i));
    let got: Diagnostic[];
    if (mode === 'push') got = (await s.client.diagnostics.next((p) => p.uri === uri && p.version === v)).diagnostics;
    else {
      const r = await s.client.pull(uri);
      if (r.kind !== 'full') throw new Error(`edit ${i}: the pull is not a full report`);
      got = r.items;
    }
    each(i, got, performance.now() - t0);
  }
  return first;
}
