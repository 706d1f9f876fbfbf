// Editor latency over the real protocol (the bundled server over stdio): first diagnostics after opening a
// config (cold), re-check after a one-character edit of a 2,000-line config with 50 TLS blocks naming 150
// certificate, key and CA files (warm), and hover on a certificate path (warm).
//
// The warm re-check is judged against a floor: a vscode-languageserver server that does no analysis
// (no-work-server.ts), sent the same edits in the same run, one after the other. Their ratio says what the
// analysis adds, whatever the machine's speed and load. NATS_TLS_BENCH_SERVER="[NODE FLAGS] FILE" measures another
// build of the server (e.g. one of an older commit) in place of server/out/server.js, for before/after figures.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { CertFactory } from '../../test/helpers/certs';
import { LspClient } from '../../test/lsp/client';
import { shippedFile } from './shipped';
import { percentile, type Section } from './timing';

/** The warm re-check's target: p95 at most this many times the no-work server's p95. */
const RECHECK_RATIO_TARGET = 3;
const LINES = 2000;
const BLOCKS = 50;

/** The no-work server, bundled like the real one (production build: one minified file). */
function noWorkServer(): string {
  return shippedFile('no-work-server', path.join(__dirname, 'no-work-server.ts'));
}

/**
 * A 2,000-line server config: the client port, the cluster and the leaf node listener, and 47 leaf node
 * remotes, each with its own TLS block (cert_file, key_file, ca_file: 150 references to 101 generated
 * files), then accounts with users up to 2,000 lines.
 */
export async function workspace(now: Date): Promise<{ dir: string; conf: string; certLines: number[] }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nats-tls-bench-lsp-'));
  const f = new CertFactory(now);
  const ca = await f.ca();
  fs.writeFileSync(path.join(dir, 'ca.pem'), ca.pem);
  for (let i = 0; i < BLOCKS; i++) {
    const leaf = await f.leaf(ca, { cn: `node-${i}` });
    fs.writeFileSync(path.join(dir, `node-${i}.pem`), leaf.pem);
    fs.writeFileSync(path.join(dir, `node-${i}-key.pem`), leaf.keyPem, { mode: 0o600 });
  }
  const tls = (i: number, indent: string, extra: string[] = []): string[] => [
    `${indent}tls {`,
    `${indent}  cert_file: "node-${i}.pem"`,
    `${indent}  key_file: "node-${i}-key.pem"`,
    `${indent}  ca_file: "ca.pem"`,
    ...extra.map((e) => `${indent}  ${e}`),
    `${indent}}`,
  ];
  const lines: string[] = [
    `# Benchmark config: ${LINES} lines, ${BLOCKS} TLS blocks, ${BLOCKS * 3} certificate references`,
    'server_name: bench-1',
    'listen: 127.0.0.1:4222',
    ...tls(0, '', ['verify: true']),
    'cluster {',
    '  name: bench',
    '  listen: 127.0.0.1:6222',
    '  routes: [ "nats-route://127.0.0.1:6223", "nats-route://localhost:6224" ]',
    ...tls(1, '  '),
    '}',
    'leafnodes {',
    '  listen: 127.0.0.1:7422',
    ...tls(2, '  ', ['verify: true']),
    '  remotes: [',
  ];
  for (let i = 3; i < BLOCKS; i++) lines.push('    {', `      url: "tls://127.0.0.1:${7000 + i}"`, ...tls(i, '      '), '    }');
  lines.push('  ]', '}', 'accounts {');
  let n = 0;
  while (lines.length < LINES - 2)
    lines.push(`  ACC_${n}: { users: [ { user: "user-${n}", password: "secret-${n++}" } ] }  # account ${n}`);
  lines.push('}', '# end');
  const conf = lines.join('\n') + '\n';
  const certLines = lines.map((l, i) => (/cert_file/.test(l) ? i : -1)).filter((i) => i >= 0);
  fs.writeFileSync(path.join(dir, 'nats.conf'), conf);
  return { dir, conf, certLines };
}

export const lspSection: Section = {
  describe: 'editor latency over the protocol: cold first diagnostics, warm re-check vs a no-work server, hover p95',
  async run(o) {
    const now = new Date();
    const floorServer = noWorkServer();
    // NATS_TLS_BENCH_SERVER: node flags (optional) and the bundle, e.g. "--max-semi-space-size=4 /tmp/old/server.js".
    const other = process.env.NATS_TLS_BENCH_SERVER?.trim().split(/\s+/);
    const server = other ? { command: [...other.slice(0, -1), path.resolve(other.at(-1)!), '--stdio'] } : {};
    if (other) console.log(`  server: ${other.join(' ')}`);
    const { dir, conf, certLines } = await workspace(now);
    const refs = (conf.match(/_file:/g) ?? []).length;
    const blocks = (conf.match(/tls \{/g) ?? []).length;
    console.log(`  config: ${conf.split('\n').length - 1} lines, ${blocks} TLS blocks, ${refs} certificate references`);
    const cold: number[] = [];
    const recheck: number[] = [];
    const floor: number[] = [];
    const hover: number[] = [];
    try {
      // Cold: a fresh server each time, from didOpen to the first published diagnostics.
      for (let i = 0; i < Math.max(3, Math.min(o.iterations, 7)); i++) {
        const client = await LspClient.start({ now, folders: [dir], ...server });
        try {
          const t0 = performance.now();
          const uri = await client.open(path.join(dir, 'nats.conf'), conf);
          await client.pushed(uri);
          cold.push(performance.now() - t0);
        } finally {
          await client.stop();
        }
      }
      const client = await LspClient.start({ now, folders: [dir], ...server });
      const noWork = await LspClient.start({ now, folders: [dir], command: [floorServer, '--stdio'] });
      try {
        const file = path.join(dir, 'nats.conf');
        const uri = await client.open(file, conf);
        await client.pushed(uri);
        await noWork.open(file, conf);
        await noWork.pushed(uri);
        // Warm re-check: one character changes (an incremental edit, as an editor sends a keystroke) in the
        // comment on the last line, then the diagnostics for that version come back. Each edit goes to the
        // no-work server and to nats-tls in turn, so both see the same load.
        const lastLine = conf.split('\n').length - 2;
        const edits = Math.max(100, o.iterations * 7);
        const keystroke = async (c: LspClient, i: number): Promise<number> => {
          const t0 = performance.now();
          await c.edit(uri, { start: { line: lastLine, character: 4 }, end: { line: lastLine, character: 5 } }, i % 2 ? 'd' : 'D');
          await c.pushed(uri);
          return performance.now() - t0;
        };
        for (let i = 0; i < edits + 20; i++) {
          const a = await keystroke(noWork, i);
          const b = await keystroke(client, i);
          if (i >= 20) {
            floor.push(a);
            recheck.push(b);
          }
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
        await noWork.stop();
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    const coldMedian = percentile(cold, 50);
    const coldMax = Math.max(...cold);
    const recheckP50 = percentile(recheck, 50);
    const recheckP95 = percentile(recheck, 95);
    const floorP50 = percentile(floor, 50);
    const floorP95 = percentile(floor, 95);
    const ratioP95 = recheckP95 / floorP95;
    const ratioP50 = recheckP50 / floorP50;
    const hoverP50 = percentile(hover, 50);
    const hoverP95 = percentile(hover, 95);
    console.log(
      `  cold first diagnostics: median ${coldMedian.toFixed(1)} ms, max ${coldMax.toFixed(1)} ms (${cold.length} fresh servers)`,
    );
    console.log(`  warm re-check after a 1-character edit (${recheck.length} edits each, interleaved):`);
    console.log(`    no-work server (floor): p50 ${floorP50.toFixed(2)} ms, p95 ${floorP95.toFixed(2)} ms`);
    console.log(`    nats-tls:               p50 ${recheckP50.toFixed(2)} ms, p95 ${recheckP95.toFixed(2)} ms`);
    console.log(
      `    nats-tls / floor:       p50 ${ratioP50.toFixed(2)}×, p95 ${ratioP95.toFixed(2)}×   (target: p95 ≤ ${RECHECK_RATIO_TARGET}×)`,
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
        floorP50Ms: floorP50,
        floorP95Ms: floorP95,
        recheckVsFloorP50: ratioP50,
        recheckVsFloorP95: ratioP95,
        hoverP50Ms: hoverP50,
        hoverP95Ms: hoverP95,
      },
      targets: [
        { name: 'first diagnostics after opening a config at most 200 ms cold', ok: coldMax <= 200 },
        {
          name: `warm re-check after a 1-character edit: p95 at most ${RECHECK_RATIO_TARGET}× the no-work server's p95`,
          ok: ratioP95 <= RECHECK_RATIO_TARGET,
        },
        { name: 'warm hover on a certificate path: p95 at most 2 ms', ok: hoverP95 <= 2 },
      ],
    };
  },
};
