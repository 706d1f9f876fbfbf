// Keystrokes spliced into the previous parse (core/conf/incremental.ts, lsp/edit-log.ts) through the real
// protocol: a server in this process takes incremental changes (single keystrokes, bursts sent before the
// diagnostics, line breaks and brackets that force a full parse), and after each its diagnostics must equal those
// of a fresh server opening the same text. The splice counts show the server spliced most of them.
import * as assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-protocol/node';
import { spliceCounts } from '../../server/src/core/conf/incremental';
import { nodeHost } from '../../server/src/node-host';
import { rng } from '../fuzz/mutate';
import type { LspClient } from './client';
import { inProcess } from './in-process';
import { NOW, pkiFiles, tempWorkspace, type TestWorkspace } from './setup';

const runtime = { host: nodeHost({ NATS_TLS_NOW: NOW.toISOString() }), env: {} };

function configText(): string {
  const remotes = Array.from(
    { length: 40 },
    (_, i) =>
      `    { url: "tls://10.0.0.${i}:7422", tls { cert_file: "certs/${i % 3 ? 'server' : 'missing'}.pem", key_file: "certs/server-key.pem", ca_file: "certs/ca.pem" } }`,
  );
  return ['# leaf node remotes', 'port: 4222', 'leafnodes {', '  remotes: [', ...remotes, '  ]', '}', '# end', ''].join('\n');
}

const shown = (ds: Diagnostic[]): string[] => ds.map((d) => `${JSON.stringify(d.range)} ${d.code} ${d.severity} ${d.message}`).sort();

describe('incremental parse over the protocol', () => {
  let ws: TestWorkspace;
  let client: LspClient;
  before(async () => {
    ws = tempWorkspace(await pkiFiles());
    ({ client } = await inProcess({ now: NOW, folders: [ws.dir] }, runtime));
  });
  after(async () => {
    await client.stop();
    ws.cleanup();
  });

  test('diagnostics after each edit equal a fresh parse of the same text', async () => {
    const file = ws.path('nats.conf');
    const uri = await client.open(file, configText());
    await client.pushed(uri);
    const spliced = spliceCounts.comment + spliceCounts.container + spliceCounts.run;
    const r = rng(31);
    const edits = 40;
    /** A structural edit made in the previous round, undone in this one (a full parse each way). */
    let undo: { line: number; character: number; text: string } | undefined;
    for (let k = 0; k < edits; k++) {
      if (undo) {
        const end = undo.text === '\n' ? { line: undo.line + 1, character: 0 } : { line: undo.line, character: undo.character + 1 };
        await client.edit(uri, { start: { line: undo.line, character: undo.character }, end }, '');
        undo = undefined;
      } else if (r() < 0.15) {
        // A line break or a bracket where it breaks the structure.
        const line = 2 + Math.floor(r() * 40);
        const text = r() < 0.5 ? '\n' : '}';
        await client.edit(uri, { start: { line, character: 3 }, end: { line, character: 3 } }, text);
        undo = { line, character: 3, text };
      } else {
        // A burst of one to three keystrokes inside a quoted value or a comment, merged into one edit.
        for (let b = 1 + Math.floor(r() * 3); b > 0; b--) {
          const lines = client.text(uri).split('\n');
          const comment = r() < 0.3;
          const line = comment ? (r() < 0.5 ? 0 : lines.length - 2) : 4 + Math.floor(r() * 40);
          const l = lines[line]!;
          const quotes = [...l.matchAll(/"[^"]*"/g)];
          const q = quotes[Math.floor(r() * quotes.length)];
          const character = comment || !q ? 2 + Math.floor(r() * (l.length - 2)) : q.index! + 1 + Math.floor(r() * (q[0].length - 1));
          const del = r() < 0.3 && character < (comment || !q ? l.length : q.index! + q[0].length - 1) ? 1 : 0;
          const ch = 'abx19-_.'[Math.floor(r() * 8)]!;
          await client.edit(uri, { start: { line, character }, end: { line, character: character + del } }, ch);
        }
      }
      const got = await client.pushed(uri);
      const fresh = await inProcess({ now: NOW, folders: [ws.dir] }, runtime);
      try {
        const other = await fresh.client.open(file, client.text(uri));
        assert.deepEqual(shown(got), shown(await fresh.client.pushed(other)), `after edit ${k}`);
      } finally {
        await fresh.client.stop();
      }
    }
    assert.ok(spliceCounts.comment + spliceCounts.container + spliceCounts.run - spliced >= 20, 'most keystrokes were spliced');
  });
});
