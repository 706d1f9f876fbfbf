// The whole config checked like the nats-server you run: mutants of real configs (the shared corpus) and of a
// base config that uses every block, each put to one installed nats-server release (-t) and to nats-tls
// targeting that release. Two measures:
//   verdict: nats-server -t fails exactly when nats-tls reports an error at the load stage;
//   line:    when both fail and nats-server names a line of the config, a load error of nats-tls (or its
//            related information) covers that line.
// scripts/differential.ts runs every mutant (the README's figures); test/integration/release-differential.test.ts
// a fixed-seed subset. nats-server runs with bounded concurrency (a small pool of child processes).
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseConf } from '../../server/src/core/conf/parser';
import { Source } from '../../server/src/core/conf/ast';
import { parseNatsServerOutput } from '../../server/src/core/nats-server-output';
import type { Finding } from '../../server/src/core/types';
import { mutate, rng } from '../fuzz/mutate';
import { corpusConfigs } from '../fuzz/differential';
import { mutants as schemaMutants, targets } from './schema-mutants';
import { engineFindings } from './schema-verdict';

export type Origin = 'corpus' | 'base';

export interface Case {
  origin: Origin;
  kind: string;
  /** The corpus config it came from, or the option it is about. */
  source: string;
  text: string;
  /** The folder whose files the mutant sees (a corpus config's own folder), if any. */
  siblingsOf?: string;
}

export interface Outcome {
  c: Case;
  oracleFails: boolean;
  oracleOutput: string;
  loadErrors: Finding[];
  agree: boolean;
  /** Lines (0-based) nats-server names in the config. */
  namedLines: number[];
  /** Both fail, nats-server names a line, and a load error covers one: true; no line to compare: undefined. */
  lineMatch: boolean | undefined;
}

// ------------------------------------------------------------------ the base config

/**
 * Every top-level block, valid together on every release from 2.9.10 on. Sections are keyed by their
 * top-level key, so a mutant that writes a block replaces the base's block of that name.
 */
export const BASE_SECTIONS: readonly (readonly [string, string])[] = [
  ['server_name', 'server_name: base1'],
  ['port', 'port: 4222'],
  ['http_port', 'http_port: 8222'],
  ['max_payload', 'max_payload: 1MB'],
  ['max_connections', 'max_connections: 1000'],
  ['ping_interval', 'ping_interval: "2m"'],
  ['write_deadline', 'write_deadline: "10s"'],
  ['debug', 'debug: false'],
  ['logtime', 'logtime: true'],
  ['server_tags', 'server_tags: [ "az:1" ]'],
  ['jetstream', 'jetstream {\n  store_dir: "./js"\n  max_memory_store: 64MB\n  max_file_store: 1GB\n}'],
  ['cluster', 'cluster {\n  name: c1\n  listen: "127.0.0.1:6222"\n  routes: [ "nats://127.0.0.1:6223" ]\n}'],
  ['gateway', 'gateway {\n  name: g1\n  listen: "127.0.0.1:7222"\n  gateways: [ { name: g2, url: "nats://127.0.0.1:7223" } ]\n}'],
  ['leafnodes', 'leafnodes {\n  listen: "127.0.0.1:7422"\n  remotes: [ { url: "nats://127.0.0.1:7423" } ]\n}'],
  ['websocket', 'websocket {\n  port: 8080\n  no_tls: true\n}'],
  ['mqtt', 'mqtt {\n  port: 1883\n}'],
  ['accounts', 'accounts {\n  A: { users: [ { user: a, password: pa } ] }\n  B: { users: [ { user: b, password: pb } ] }\n}'],
];

function topKeys(text: string): Set<string> {
  const parsed = parseConf(new Source('/m.conf', text));
  return new Set(parsed.root.entries.flatMap((e) => (e.kind === 'entry' ? [e.name.toLowerCase()] : [])));
}

/** The base config with `snippet` (a schema mutant) in place of the base's sections it writes. */
export function inBase(snippet: string): string {
  const keys = topKeys(snippet);
  // mqtt needs JetStream and a server name; a mutant of either keeps the base's mqtt only when it keeps both.
  const dropMqtt = keys.has('jetstream') || keys.has('server_name');
  const kept = BASE_SECTIONS.filter(([k]) => !keys.has(k) && !(dropMqtt && k === 'mqtt')).map(([, t]) => t);
  return `${kept.join('\n')}\n${snippet}`;
}

/** Schema mutants of every option (the sweep's kinds), each inside the base config. */
export function baseCases(release: string): Case[] {
  const out: Case[] = [];
  for (const [i, t] of targets().entries())
    for (const m of schemaMutants(t, release, i, true))
      out.push({ origin: 'base', kind: m.kind, source: `${m.block}.${m.option}`, text: inBase(m.text) });
  out.push({ origin: 'base', kind: 'base', source: 'base', text: inBase('') });
  return out;
}

// ------------------------------------------------------------------ corpus mutants

const WRONG = ['"abc"', '12345', 'true', '[ 1 ]', '{ k1: 1 }', '1.5', '"5 minutes"'];

/** Single mistakes in a real config: a misspelt key, a value of another type, a line removed, a grammar edit. */
function corpusMutant(text: string, seed: number): { kind: string; text: string } {
  const next = rng(seed);
  const parsed = parseConf(new Source('/m.conf', text));
  const entries: { keyStart: number; keyEnd: number; valueStart: number; valueEnd: number; name: string }[] = [];
  const walk = (entriesOf: typeof parsed.root.entries): void => {
    for (const e of entriesOf) {
      if (e.kind !== 'entry' || !e.value) continue;
      entries.push({ keyStart: e.keyStart, keyEnd: e.keyEnd, valueStart: e.value.start, valueEnd: e.value.end, name: e.name });
      if (e.value.kind === 'map') walk(e.value.entries);
      if (e.value.kind === 'array') for (const item of e.value.items) if (item.kind === 'map') walk(item.entries);
    }
  };
  walk(parsed.root.entries);
  const pick = Math.floor(next() * 4);
  const e = entries.length ? entries[Math.floor(next() * entries.length)]! : undefined;
  if (e && pick === 0 && e.name.length > 2) {
    const i = 1 + Math.floor(next() * (e.name.length - 1));
    const name = e.name.slice(0, i) + e.name.slice(i + 1);
    return { kind: 'misspelt', text: text.slice(0, e.keyStart) + name + text.slice(e.keyEnd) };
  }
  if (e && pick === 1) {
    const v = WRONG[Math.floor(next() * WRONG.length)]!;
    return { kind: 'wrong-value', text: text.slice(0, e.valueStart) + v + text.slice(e.valueEnd) };
  }
  if (e && pick === 2) {
    // The whole entry removed (a required field may go with it).
    return { kind: 'removed', text: text.slice(0, e.keyStart) + text.slice(e.valueEnd) };
  }
  return { kind: 'grammar', text: mutate(text, seed) };
}

/** Every nats-server config of the corpus as it is, then `perConfig` mutants of each (fixed seeds). */
export function corpusCases(corpus: string, perConfig: number, seed: number): Case[] {
  const out: Case[] = [];
  const configs = corpusConfigs(corpus, false);
  for (const [i, c] of configs.entries()) {
    const siblingsOf = path.dirname(path.join(corpus, c.name));
    out.push({ origin: 'corpus', kind: 'original', source: c.name, text: c.text, siblingsOf });
    for (let k = 0; k < perConfig; k++) {
      const m = corpusMutant(c.text, seed + i * 1009 + k);
      if (m.text !== c.text) out.push({ origin: 'corpus', kind: m.kind, source: c.name, text: m.text, siblingsOf });
    }
  }
  return out;
}

// ------------------------------------------------------------------ running

function runOracle(bin: string, cwd: string): Promise<{ status: number | null; output: string }> {
  return new Promise((resolve) => {
    execFile(bin, ['-t', '-c', 'nats.conf'], { cwd, env: {}, timeout: 20_000 }, (err, stdout, stderr) => {
      const code = err ? ((err as NodeJS.ErrnoException & { code?: unknown }).code as unknown) : 0;
      resolve({ status: typeof code === 'number' ? code : err ? 1 : 0, output: `${stdout}${stderr}`.trim() });
    });
  });
}

/** A fresh folder with the mutant as nats.conf and, for a corpus config, links to the files next to it. */
function stage(c: Case): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'nats-tls-diff-')));
  if (c.siblingsOf) {
    for (const name of fs.readdirSync(c.siblingsOf)) {
      if (name === 'nats.conf') continue;
      try {
        fs.symlinkSync(path.join(c.siblingsOf, name), path.join(dir, name));
      } catch {
        // A name the folder cannot hold: the mutant does without it (both sides alike).
      }
    }
  }
  fs.writeFileSync(path.join(dir, 'nats.conf'), c.text);
  return dir;
}

/** Both verdicts on one case (nats-server from the case's folder, nats-tls targeting `release`). */
export async function judge(c: Case, release: string, bin: string): Promise<Outcome> {
  const dir = stage(c);
  try {
    const file = path.join(dir, 'nats.conf');
    const r = await runOracle(bin, dir);
    const findings = engineFindings(file, c.text, release, dir);
    const loadErrors = findings.filter((f) => f.severity === 'error' && f.stage === 'load');
    const oracleFails = r.status !== 0;
    const report = parseNatsServerOutput(r.output, { configFile: file, cwd: dir });
    const namedLines = [...new Set(report.problems.filter((p) => p.file === file && p.line !== undefined).map((p) => p.line!))];
    let lineMatch: boolean | undefined;
    if (oracleFails && loadErrors.length && namedLines.length) {
      const covers = (f: { file: string; range: Finding['range'] }): boolean =>
        f.file === file && namedLines.some((l) => f.range.start.line <= l && l <= f.range.end.line);
      lineMatch = loadErrors.some((f) => covers(f) || (f.related ?? []).some(covers));
    }
    return { c, oracleFails, oracleOutput: r.output, loadErrors, agree: oracleFails === loadErrors.length > 0, namedLines, lineMatch };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Judges every case with at most `concurrency` nats-server processes at once. */
export async function judgeAll(
  cases: readonly Case[],
  release: string,
  bin: string,
  concurrency = 2,
  onDone?: (o: Outcome, done: number) => void,
): Promise<Outcome[]> {
  const out: Outcome[] = new Array<Outcome>(cases.length);
  let next = 0;
  let done = 0;
  const worker = async (): Promise<void> => {
    while (next < cases.length) {
      const i = next++;
      out[i] = await judge(cases[i]!, release, bin);
      onDone?.(out[i]!, ++done);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));
  return out;
}

export interface Tally {
  total: number;
  agree: number;
  /** Both fail and nats-server names a line. */
  lineCases: number;
  lineMatch: number;
  byKind: Map<string, [number, number]>;
}

export function tally(outcomes: readonly Outcome[]): Tally {
  const t: Tally = { total: 0, agree: 0, lineCases: 0, lineMatch: 0, byKind: new Map() };
  for (const o of outcomes) {
    t.total++;
    if (o.agree) t.agree++;
    if (o.lineMatch !== undefined) {
      t.lineCases++;
      if (o.lineMatch) t.lineMatch++;
    }
    const key = `${o.c.origin}/${o.c.kind}`;
    const k = t.byKind.get(key) ?? [0, 0];
    t.byKind.set(key, [k[0] + (o.agree ? 1 : 0), k[1] + 1]);
  }
  return t;
}

/**
 * nats-server names the `tls {` line for what it finds wrong inside a tls block (a file it cannot load, an
 * insecure cipher): issue 11 §4 adds that line to the finding as related information (branch tlsdis).
 */
export function namesTlsLine(o: Outcome): boolean {
  const lines = o.c.text.split('\n');
  return o.namedLines.some((l) => /^\s*tls\s*[:=]?\s*\{?\s*$/i.test(lines[l] ?? ''));
}

export const pct = (a: number, n: number): string => (n ? `${((100 * a) / n).toFixed(2)}%` : 'n/a');

export function describeOutcome(o: Outcome, release: string): string {
  const side = o.agree
    ? `both fail; nats-server names line ${o.namedLines.map((l) => l + 1).join(', ')}, nats-tls reports lines ${o.loadErrors.map((f) => f.range.start.line + 1).join(', ')}`
    : `nats-server ${o.oracleFails ? 'rejects' : 'accepts'}, nats-tls ${o.loadErrors.length ? 'reports a load error' : 'does not'}`;
  return [
    `${release} ${o.c.origin}/${o.c.kind} ${o.c.source}: ${side}`,
    `  nats-server: ${o.oracleOutput.replace(/\n/g, ' ').slice(0, 400)}`,
    ...o.loadErrors.map((f) => `  nats-tls: ${f.range.start.line + 1} ${f.code}: ${f.message.slice(0, 300)}`),
  ].join('\n');
}
