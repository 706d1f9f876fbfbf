// `nats-tls topology`: the deployment the configs under the given paths describe — nodes, and the routes,
// gateways and leaf node connections between them, each with whether both TLS handshakes hold and why not.
import * as path from 'node:path';
import * as fs from 'node:fs';
import { MAX_CONFIG_BYTES } from '../core/conf/resolve';
import { openDocument } from '../core/document';
import { Project } from '../core/project';
import { decodeConfig } from '../core/text/decode';
import { DEFAULT_SETTINGS, type EngineSettings, type TlsModel } from '../core/tls/model';
import { parseVersion } from '../core/tls/versions';
import { topologyOf } from '../core/topology/build';
import { topologyData, type LinkData, type TopologyData } from '../core/topology/export';
import { nodeFs } from '../node-fs';
import { nodeConfContext, nodeHost } from '../node-host';
import { commandUsage, parseCommand, UsageError, type Io } from './args';
import { checkedRoots, collectFiles } from './check';

export const TOPOLOGY_USAGE = `  topology [--format text|json|mermaid] [--base auto|config|DIR] [--server-version V] PATH...
        The deployment: nats-server configs as nodes, routes, gateways and leaf node remotes as links,
        each with whether its TLS handshakes hold. Exit status 1 when a link fails.`;

const USAGE = commandUsage(TOPOLOGY_USAGE, 'Exit status: 0 when every link holds or is unknown, 1 when a link fails, 2 on bad usage.');

const FORMATS = ['text', 'json', 'mermaid'] as const;

export function runTopology(args: string[], io: Io): number {
  const parsed = parseCommand(
    args,
    {
      name: 'topology',
      usage: USAGE,
      options: { format: { type: 'string' }, base: { type: 'string' }, 'server-version': { type: 'string' } },
      positionals: true,
    },
    io,
  );
  if (!parsed) return 0;
  const format = parsed.values.format ?? 'text';
  if (!(FORMATS as readonly string[]).includes(format))
    throw new UsageError(`--format must be text, json or mermaid, not "${format}"`, USAGE);
  if (parsed.positionals.length === 0) throw new UsageError('topology needs at least one PATH', USAGE);
  const roots = parsed.positionals.map((p) => path.resolve(io.cwd, p));
  for (const r of roots) if (!fs.existsSync(r)) throw new UsageError(`no such file or folder: ${r}`, USAGE);
  const base = parsed.values.base ?? DEFAULT_SETTINGS.base;
  const version = parsed.values['server-version'] ?? DEFAULT_SETTINGS.serverVersion;
  if (!parseVersion(version))
    throw new UsageError(`--server-version must be "latest" or a version such as 2.10.24, not "${version}"`, USAGE);
  const settings: EngineSettings = {
    ...DEFAULT_SETTINGS,
    base: base === 'auto' || base === 'config' ? base : path.resolve(io.cwd, base),
    serverVersion: version,
    roots: checkedRoots(roots, io.cwd),
  };
  const data = topologyOfPaths(roots, settings, process.env);
  io.out(format === 'json' ? formatJson(data) : format === 'mermaid' ? formatMermaid(data, io.cwd) : formatText(data, io.cwd));
  return data.links.some((l) => l.status === 'fails') ? 1 : 0;
}

export function topologyOfPaths(roots: string[], settings: EngineSettings, env: Record<string, string | undefined>): TopologyData {
  const ctx = nodeConfContext(env);
  const project = new Project(nodeHost(), () => settings);
  // The same files `check` reads (links followed once, loops ended); what it skips is not part of the topology.
  for (const { file } of collectFiles(roots).candidates) {
    const read = nodeFs.readFile(file, MAX_CONFIG_BYTES);
    if (!read.ok) continue;
    const doc = openDocument(file, decodeConfig(read.data), { ctx });
    if (doc) project.set(doc);
  }
  const models = project
    .files()
    .map((f) => project.model(f))
    .filter((m): m is TlsModel => !!m);
  return topologyData(topologyOf(models));
}

/** The documented JSON shape (README, "Identity and topology"): no source positions. */
export function formatJson(data: TopologyData): string {
  return JSON.stringify(
    {
      nodes: data.nodes.map((n) => ({ file: n.file, serverName: n.serverName, listens: n.listens })),
      links: data.links.map((l) => ({ kind: l.kind, from: l.from, to: l.to, url: l.url, status: l.status, reasons: l.reasons })),
    },
    null,
    2,
  );
}

function shown(file: string, cwd: string): string {
  const rel = path.relative(cwd, file);
  return rel && !rel.startsWith('..') ? rel : file;
}

const STATUS = { ok: 'ok', fails: 'FAILS', unknown: 'unknown' } as const;

export function formatText(data: TopologyData, cwd: string): string {
  const name = new Map(data.nodes.map((n) => [n.file, `${shown(n.file, cwd)}${n.serverName ? ` (${n.serverName})` : ''}`]));
  const lines: string[] = ['Nodes:'];
  for (const n of data.nodes)
    lines.push(
      `  ${name.get(n.file)}: ${n.listens.map((l) => `${l.kind} ${l.host}:${l.port ?? 'random'}`).join(', ') || 'listens on nothing'}`,
    );
  lines.push('', 'Links:');
  for (const l of data.links) {
    const to = l.to ? name.get(l.to) : '(no config in the workspace listens there)';
    lines.push(
      `  ${l.kind} ${name.get(l.from)} → ${to}  ${l.url}  ${STATUS[l.status]}  [${shown(l.at.file, cwd)}:${l.at.range.start.line + 1}]`,
    );
    for (const r of l.reasons) lines.push(`    - ${r}`);
  }
  const count = (s: LinkData['status']): number => data.links.filter((l) => l.status === s).length;
  lines.push(
    '',
    `${data.nodes.length} node${data.nodes.length === 1 ? '' : 's'}, ${data.links.length} link${data.links.length === 1 ? '' : 's'}: ${count('ok')} ok, ${count('fails')} failing, ${count('unknown')} unknown.`,
  );
  return lines.join('\n');
}

/** Mermaid flowchart text: failing links red, unknown ones dashed grey, URLs nothing listens at as their own shape. */
export function formatMermaid(data: TopologyData, cwd: string): string {
  const id = new Map(data.nodes.map((n, i) => [n.file, `n${i}`]));
  const q = (s: string): string => `"${s.replace(/"/g, '#quot;').replace(/[<>]/g, (c) => (c === '<' ? '#lt;' : '#gt;'))}"`;
  const lines = ['graph LR'];
  for (const n of data.nodes)
    lines.push(`  ${id.get(n.file)}[${q(n.serverName ? `${n.serverName} · ${shown(n.file, cwd)}` : shown(n.file, cwd))}]`);
  const styles: string[] = [];
  data.links.forEach((l, i) => {
    const to = l.to ? id.get(l.to)! : `u${i}`;
    if (!l.to) lines.push(`  ${to}([${q(l.url)}])`);
    const mark = l.status === 'ok' ? '✓' : l.status === 'fails' ? '✗' : '?';
    lines.push(
      `  ${id.get(l.from)} ${l.status === 'unknown' ? '-.' : '--'} ${q(`${l.kind} ${mark}`)} ${l.status === 'unknown' ? '.->' : '-->'} ${to}`,
    );
    styles.push(`  linkStyle ${i} stroke:${l.status === 'ok' ? '#2da44e' : l.status === 'fails' ? '#cf222e' : '#8c959f'}`);
  });
  return [...lines, ...styles].join('\n');
}
