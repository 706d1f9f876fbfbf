// Large flat configs (issue 10, finding 9), over the protocol against the bundled server:
//   blocks-10k  10,000 leaf node remotes, each with its own `tls` block naming a certificate, key and CA
//               (1.2 MB; was 3.2 s to first diagnostics and 2.2 s per edit)
//   flat-15mb   a 15 MB config of accounts and users with a few TLS blocks (was 2.1 s per edit)
// For each: the time from didOpen to the first published diagnostics (a fresh server; once for the config in
// the scanned workspace folder, once opened from outside the folders, so parsed on open), and the time from a
// one-character edit (an incremental change, as a keystroke) to the diagnostics of that version, in a
// comment at the top and in a value in the middle of the file.
// Targets: first diagnostics ≤ 1 s, p95 per edit ≤ 300 ms (wall time). The server's CPU time is shown beside
// each (from /proc): on a loaded machine it says what the server itself spent. NATS_TLS_BENCH_LARGE=NAME runs
// one case.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CertFactory, TEST_NOW } from '../../test/helpers/certs';
import { LspClient } from '../../test/lsp/client';
import { peakRssOf, percentile, type Section, type SectionResult } from './timing';

const FIRST_TARGET_MS = 1000;
const EDIT_TARGET_MS = 300;
const MB = 1024 * 1024;

/** 10,000 leaf node remotes with a TLS block each, over 10 certificate/key pairs and one CA. */
export function blocksConfig(blocks: number): string {
  const lines = ['# 10,000 leaf node remotes', 'port: 4222', 'leafnodes {', '  remotes: ['];
  for (let i = 0; i < blocks; i++)
    lines.push(
      `    { url: "tls://10.0.${(i >> 8) & 255}.${i & 255}:7422", tls { cert_file: "n${i % 10}.pem", key_file: "n${i % 10}-key.pem", ca_file: "ca.pem" } }`,
    );
  lines.push('  ]', '}', '');
  return lines.join('\n');
}

/** About `bytes` of accounts with users and permissions, and a TLS block on the client port and the cluster. */
export function flatConfig(bytes: number): string {
  const lines = [
    '# a large flat config',
    'port: 4222',
    'tls {\n  cert_file: "n0.pem"\n  key_file: "n0-key.pem"\n  ca_file: "ca.pem"\n}',
    'cluster {\n  port: 6222\n  tls {\n    cert_file: "n1.pem"\n    key_file: "n1-key.pem"\n    ca_file: "ca.pem"\n  }\n}',
    'accounts {',
  ];
  let size = lines.join('\n').length;
  for (let a = 0; size < bytes; a++) {
    const l =
      `  A${a}: { users: [ { user: "u${a}", password: "p${a}-0123456789abcdef", permissions: { publish: { allow: [ "a${a}.>", "_INBOX.>" ] }, ` +
      `subscribe: { allow: [ "a${a}.>" ], deny: [ "a${a}.admin.>" ] } } } ] }`;
    lines.push(l);
    size += l.length + 1;
  }
  lines.push('}', '');
  return lines.join('\n');
}

/** CPU time the process has used so far (user + system, all threads), in ms: /proc/PID/stat, in clock ticks. */
function cpuMs(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  // utime and stime are fields 14 and 15 of the whole line, 12 and 13 after "pid (comm) ".
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

/**
 * NATS_TLS_BENCH_SERVER_NODE_OPTIONS is given to the server as NODE_OPTIONS, to profile it where it runs: e.g.
 * "--require /tmp/prof.js", a script that starts node:inspector's Profiler and writes the profile on exit
 * (NODE_OPTIONS refuses --cpu-prof).
 */
function serverEnv(): Record<string, string> {
  const o = process.env.NATS_TLS_BENCH_SERVER_NODE_OPTIONS;
  return o ? { NODE_OPTIONS: o } : {};
}

interface Measured {
  /** The server's peak resident memory (MB) after the edits. */
  peakMb: number;
  first: number;
  firstCpu: number;
  top: number[];
  middle: number[];
  topCpu: number[];
  middleCpu: number[];
}

/** First diagnostics of a config the server has not read: opened from outside the workspace folders. */
async function coldOpen(dir: string, file: string, text: string): Promise<{ first: number; firstCpu: number; peakMb: number }> {
  const client = await LspClient.start({ now: TEST_NOW, folders: [path.join(dir, 'empty')], env: serverEnv() });
  const pid = client.proc.pid!;
  try {
    const t0 = performance.now();
    const c0 = cpuMs(pid);
    await client.pushed(await client.open(file, text));
    return { first: performance.now() - t0, firstCpu: cpuMs(pid) - c0, peakMb: peakRssOf(pid) };
  } finally {
    await client.stop();
  }
}

async function measure(dir: string, file: string, text: string, edits: number): Promise<Measured> {
  const client = await LspClient.start({ now: TEST_NOW, folders: [dir], env: serverEnv() });
  const pid = client.proc.pid!;
  try {
    // The server has scanned the folder (and read this config from disk) before the document opens.
    let t0 = performance.now();
    let c0 = cpuMs(pid);
    const uri = await client.open(file, text);
    await client.pushed(uri);
    const first = performance.now() - t0;
    const firstCpu = cpuMs(pid) - c0;
    const lines = text.split('\n');
    const mid = Math.floor(lines.length / 2);
    const at = lines[mid]!.indexOf('"') + 2;
    const m: Measured = { peakMb: 0, first, firstCpu, top: [], middle: [], topCpu: [], middleCpu: [] };
    for (let i = 0; i < edits + 3; i++) {
      // A keystroke in the first comment, then one inside a value half-way down.
      for (const [where, line, character, ch] of [
        ['top', 0, 2, i % 2 ? 'x' : 'y'],
        ['middle', mid, at, i % 2 ? '1' : '2'],
      ] as const) {
        t0 = performance.now();
        c0 = cpuMs(pid);
        await client.edit(uri, { start: { line, character }, end: { line, character: character + 1 } }, ch);
        await client.pushed(uri);
        if (i < 3) continue;
        m[where].push(performance.now() - t0);
        m[`${where}Cpu`].push(cpuMs(pid) - c0);
      }
    }
    m.peakMb = peakRssOf(pid);
    return m;
  } finally {
    await client.stop();
  }
}

export const largeSection: Section = {
  describe: 'large flat configs (issue 10): 10,000 TLS blocks (1.2 MB) and a 15 MB config, first diagnostics and per edit',
  async run(o): Promise<SectionResult> {
    const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'nats-tls-bench-large-')));
    const figures: Record<string, number> = {};
    const targets: SectionResult['targets'] = [];
    try {
      const f = new CertFactory(TEST_NOW);
      const ca = await f.ca();
      fs.writeFileSync(path.join(dir, 'ca.pem'), ca.pem);
      for (let i = 0; i < 10; i++) {
        const leaf = await f.leaf(ca, { cn: `n${i}` });
        fs.writeFileSync(path.join(dir, `n${i}.pem`), leaf.pem);
        fs.writeFileSync(path.join(dir, `n${i}-key.pem`), leaf.keyPem, { mode: 0o600 });
      }
      // NATS_TLS_BENCH_LARGE=blocks-10k (or flat-15mb) runs one case only.
      const only = process.env.NATS_TLS_BENCH_LARGE;
      const cases = [
        { name: 'blocks-10k', key: 'blocks10k', text: () => blocksConfig(10_000) },
        { name: 'flat-15mb', key: 'flat15mb', text: () => flatConfig(15 * MB) },
      ]
        .filter((c) => !only || c.name === only)
        .map((c) => ({ ...c, text: c.text() }));
      const edits = Math.max(10, Math.min(o.iterations, 30));
      for (const c of cases) {
        const sub = path.join(dir, c.name);
        fs.mkdirSync(sub);
        for (const n of fs.readdirSync(dir)) if (n.endsWith('.pem')) fs.copyFileSync(path.join(dir, n), path.join(sub, n));
        const file = path.join(sub, 'nats.conf');
        fs.writeFileSync(file, c.text);
        fs.mkdirSync(path.join(sub, 'empty'));
        const cold = await coldOpen(sub, file, c.text);
        const m = await measure(sub, file, c.text, edits);
        const p = (xs: number[], q: number): number => percentile(xs, q);
        console.log(
          `  ${c.name} (${(Buffer.byteLength(c.text) / MB).toFixed(2)} MB): first diagnostics, opened in the scanned workspace ` +
            `${m.first.toFixed(0)} ms (server CPU ${m.firstCpu.toFixed(0)} ms); opened from outside it (parsed on open) ` +
            `${cold.first.toFixed(0)} ms (server CPU ${cold.firstCpu.toFixed(0)} ms)`,
        );
        console.log(
          `    server peak RSS: ${m.peakMb.toFixed(0)} MB after open and ${2 * m.top.length + 6} edits; ${cold.peakMb.toFixed(0)} MB opened from outside`,
        );
        for (const where of ['top', 'middle'] as const)
          console.log(
            `    per edit ${where === 'top' ? 'in the first comment' : 'in a value half-way down'}: p50 ${p(m[where], 50).toFixed(0)} ms, ` +
              `p95 ${p(m[where], 95).toFixed(0)} ms (server CPU p50 ${p(m[`${where}Cpu`], 50).toFixed(0)} ms, p95 ${p(m[`${where}Cpu`], 95).toFixed(0)} ms; ${m[where].length} edits)`,
          );
        const editP95 = Math.max(p(m.top, 95), p(m.middle, 95));
        Object.assign(figures, {
          [`${c.key}PeakRssMb`]: m.peakMb,
          [`${c.key}ColdPeakRssMb`]: cold.peakMb,
          [`${c.key}FirstMs`]: m.first,
          [`${c.key}FirstCpuMs`]: m.firstCpu,
          [`${c.key}FirstColdMs`]: cold.first,
          [`${c.key}FirstColdCpuMs`]: cold.firstCpu,
          [`${c.key}EditTopP50Ms`]: p(m.top, 50),
          [`${c.key}EditTopP95Ms`]: p(m.top, 95),
          [`${c.key}EditMiddleP50Ms`]: p(m.middle, 50),
          [`${c.key}EditMiddleP95Ms`]: p(m.middle, 95),
          [`${c.key}EditCpuP50Ms`]: p([...m.topCpu, ...m.middleCpu], 50),
          [`${c.key}EditCpuP95Ms`]: p([...m.topCpu, ...m.middleCpu], 95),
        });
        targets.push(
          { name: `${c.name}: first diagnostics (scanned workspace) within ${FIRST_TARGET_MS} ms`, ok: m.first <= FIRST_TARGET_MS },
          { name: `${c.name}: first diagnostics (outside the workspace) within ${FIRST_TARGET_MS} ms`, ok: cold.first <= FIRST_TARGET_MS },
          { name: `${c.name}: diagnostics after an edit, p95 within ${EDIT_TARGET_MS} ms`, ok: editP95 <= EDIT_TARGET_MS },
        );
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    return { timings: [], figures, targets };
  },
};
