// Editor latency over the real protocol (the bundled server over stdio): first diagnostics after opening a
// config (cold), re-check after a one-character edit of a 2,000-line config with 50 certificate references
// (warm), and hover on a certificate path (warm).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CertFactory } from '../../test/helpers/certs';
import { LspClient } from '../../test/lsp/client';
import { percentile, type Section } from './timing';

async function workspace(now: Date): Promise<{ dir: string; conf: string; certLines: number[] }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nats-tls-bench-lsp-'));
  const f = new CertFactory(now);
  const ca = await f.ca();
  fs.writeFileSync(path.join(dir, 'ca.pem'), ca.pem);
  for (let i = 0; i < 16; i++) {
    const leaf = await f.leaf(ca, { cn: `node-${i}` });
    fs.writeFileSync(path.join(dir, `node-${i}.pem`), leaf.pem);
    fs.writeFileSync(path.join(dir, `node-${i}-key.pem`), leaf.keyPem, { mode: 0o600 });
  }
  const lines: string[] = [
    '# Benchmark config: 2,000 lines, 50 certificate references',
    'listen: 127.0.0.1:4222',
    'tls {',
    '  cert_file: "node-0.pem"',
    '  key_file: "node-0-key.pem"',
    '  ca_file: "ca.pem"',
    '  verify: true',
    '}',
    'leafnodes {',
    '  remotes: [',
  ];
  for (let i = 1; i < 16; i++)
    lines.push(
      `    { url: "tls://127.0.0.1:${7000 + i}", tls: { cert_file: "node-${i}.pem", key_file: "node-${i}-key.pem", ca_file: "ca.pem" } }`,
    );
  lines.push('    { url: "tls://127.0.0.1:7999", tls: { cert_file: "node-1.pem", key_file: "node-1-key.pem" } }', '  ]', '}', 'accounts {');
  let n = 0;
  while (lines.length < 1996) lines.push(`  ACC_${n}: { users: [ { user: "user-${n}", password: "secret-${n++}" } ] }  # account ${n}`);
  lines.push('}', '# end');
  const conf = lines.join('\n') + '\n';
  const certLines = lines.map((l, i) => (/cert_file/.test(l) ? i : -1)).filter((i) => i >= 0);
  fs.writeFileSync(path.join(dir, 'nats.conf'), conf);
  return { dir, conf, certLines };
}

export const lspSection: Section = {
  describe: 'editor latency over the protocol: cold first diagnostics, warm re-check p95, hover p95',
  async run(o) {
    const now = new Date();
    const { dir, conf, certLines } = await workspace(now);
    const refs = (conf.match(/_file:/g) ?? []).length;
    console.log(`  config: ${conf.split('\n').length - 1} lines, ${refs} certificate references`);
    const cold: number[] = [];
    const recheck: number[] = [];
    const hover: number[] = [];
    try {
      // Cold: a fresh server each time, from didOpen to the first published diagnostics.
      for (let i = 0; i < Math.max(3, Math.min(o.iterations, 7)); i++) {
        const client = await LspClient.start({ now, folders: [dir] });
        try {
          const t0 = performance.now();
          const uri = await client.open(path.join(dir, 'nats.conf'), conf);
          await client.pushed(uri);
          cold.push(performance.now() - t0);
        } finally {
          await client.stop();
        }
      }
      const client = await LspClient.start({ now, folders: [dir] });
      try {
        const uri = await client.open(path.join(dir, 'nats.conf'), conf);
        await client.pushed(uri);
        // Warm re-check: one character changes (an incremental edit, as an editor sends a keystroke) in the
        // comment on the last line, then the diagnostics for that version come back.
        const lastLine = conf.split('\n').length - 2;
        const edits = Math.max(50, o.iterations * 7);
        for (let i = 0; i < edits + 20; i++) {
          const t0 = performance.now();
          await client.edit(uri, { start: { line: lastLine, character: 4 }, end: { line: lastLine, character: 5 } }, i % 2 ? 'd' : 'D');
          await client.pushed(uri);
          if (i >= 20) recheck.push(performance.now() - t0);
        }
        const textLines = client.text(uri).split('\n');
        // Warm hover on the cert_file paths.
        for (let i = 0; i < edits + 20; i++) {
          const line = certLines[i % certLines.length]!;
          const character = textLines[line]!.indexOf('.pem') - 2;
          const t0 = performance.now();
          const h = await client.hover(uri, { line, character });
          if (!h) throw new Error(`no hover at ${line}:${character}`);
          if (i >= 20) hover.push(performance.now() - t0);
        }
      } finally {
        await client.stop();
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    const coldMedian = percentile(cold, 50);
    const coldMax = Math.max(...cold);
    const recheckP50 = percentile(recheck, 50);
    const recheckP95 = percentile(recheck, 95);
    const hoverP50 = percentile(hover, 50);
    const hoverP95 = percentile(hover, 95);
    console.log(
      `  cold first diagnostics: median ${coldMedian.toFixed(1)} ms, max ${coldMax.toFixed(1)} ms (${cold.length} fresh servers)`,
    );
    console.log(
      `  warm re-check after a 1-character edit: p50 ${recheckP50.toFixed(2)} ms, p95 ${recheckP95.toFixed(2)} ms (${recheck.length} edits)`,
    );
    console.log(
      `  warm hover on a certificate path: p50 ${hoverP50.toFixed(2)} ms, p95 ${hoverP95.toFixed(2)} ms (${hover.length} hovers)`,
    );
    return {
      timings: [],
      figures: {
        coldMedianMs: coldMedian,
        coldMaxMs: coldMax,
        recheckP50Ms: recheckP50,
        recheckP95Ms: recheckP95,
        hoverP50Ms: hoverP50,
        hoverP95Ms: hoverP95,
      },
      targets: [
        { name: 'first diagnostics after opening a config at most 200 ms cold', ok: coldMax <= 200 },
        { name: 'warm re-check after a 1-character edit: p95 at most 10 ms', ok: recheckP95 <= 10 },
        { name: 'warm hover on a certificate path: p95 at most 2 ms', ok: hoverP95 <= 2 },
      ],
    };
  },
};
