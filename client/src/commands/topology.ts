// "NATS: Show TLS Topology": a webview that draws the deployment the workspace's nats-server configs describe
// (natsTls/topology): nodes, and routes, gateways and leaf node connections coloured by whether both TLS
// handshakes hold, with the reasons on hover; a click opens the config line. It follows the language server's
// findings live (diagnostics change whenever a config or certificate does) and the theme's colours. Read-only
// analysis: it works in Restricted Mode. The page is inline SVG and a little script, no library.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { TopologyRequest, type TopologyResult } from '../../../server/src/protocol/requests';
import type { Services } from './shared';

const VIEW_TYPE = 'natsTls.topology';
const REFRESH_DELAY_MS = 300;

interface OpenMessage {
  type: 'open';
  uri: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
}

export class TopologyView implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private readonly subscriptions: vscode.Disposable[] = [];
  private timer: NodeJS.Timeout | undefined;
  private generation = 0;

  constructor(private readonly services: Services) {}

  async show(): Promise<void> {
    if (this.panel) {
      this.panel.reveal();
      return this.refresh();
    }
    const panel = vscode.window.createWebviewPanel(VIEW_TYPE, 'NATS TLS Topology', vscode.ViewColumn.Beside, {
      enableScripts: true,
      retainContextWhenHidden: false,
      localResourceRoots: [],
    });
    this.panel = panel;
    const nonce = randomBytes(16).toString('base64');
    panel.webview.html = page(nonce, panel.webview.cspSource);
    panel.onDidDispose(() => this.closed(), undefined, this.subscriptions);
    panel.webview.onDidReceiveMessage((m: unknown) => this.onMessage(m), undefined, this.subscriptions);
    panel.onDidChangeViewState((e) => e.webviewPanel.visible && this.schedule(), undefined, this.subscriptions);
    // The server publishes diagnostics whenever a config, an include or a certificate changes: redraw then.
    this.subscriptions.push(vscode.languages.onDidChangeDiagnostics(() => this.schedule()));
    await this.refresh();
  }

  private schedule(): void {
    if (!this.panel) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.refresh(), REFRESH_DELAY_MS);
  }

  private async refresh(): Promise<void> {
    const panel = this.panel;
    if (!panel) return;
    const mine = ++this.generation;
    try {
      const data: TopologyResult = await this.services.server.request(TopologyRequest, {});
      // A newer refresh (or a closed panel) wins over this one.
      if (mine === this.generation && this.panel === panel) void panel.webview.postMessage({ type: 'topology', data });
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      this.services.output.error(`Show TLS Topology: ${message}`);
      if (this.panel === panel) void panel.webview.postMessage({ type: 'error', message });
    }
  }

  private onMessage(m: unknown): void {
    const msg = m as Partial<OpenMessage> | undefined;
    if (msg?.type !== 'open' || typeof msg.uri !== 'string' || !msg.range) return;
    const uri = vscode.Uri.parse(msg.uri, true);
    // Only the configs the server named (files); nothing else can be opened from the page.
    if (uri.scheme !== 'file') return;
    const r = msg.range;
    const selection = new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
    void vscode.window.showTextDocument(uri, { viewColumn: vscode.ViewColumn.One, selection, preview: false });
  }

  private closed(): void {
    this.panel = undefined;
    if (this.timer) clearTimeout(this.timer);
    for (const s of this.subscriptions.splice(0)) s.dispose();
  }

  dispose(): void {
    this.panel?.dispose();
    this.closed();
  }
}

/** The page: theme colours through VS Code's CSS variables; the script draws what the extension posts. */
function page(nonce: string, cspSource: string): string {
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src ${cspSource}; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}';">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>NATS TLS Topology</title>
<style nonce="${nonce}">
  body { color: var(--vscode-foreground); background: var(--vscode-editor-background); font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); margin: 0; padding: 8px 16px; }
  h1 { font-size: 1.2em; font-weight: 600; margin: 4px 0 8px; }
  .summary, .legend { color: var(--vscode-descriptionForeground); margin: 4px 0; }
  .legend span { margin-right: 16px; white-space: nowrap; }
  .swatch { display: inline-block; width: 18px; height: 3px; vertical-align: middle; margin-right: 4px; }
  svg { width: 100%; display: block; }
  .node rect { fill: var(--vscode-editorWidget-background); stroke: var(--vscode-panel-border, var(--vscode-foreground)); stroke-width: 1; rx: 6; cursor: pointer; }
  .node:hover rect, .node:focus rect { stroke: var(--vscode-focusBorder); stroke-width: 2; outline: none; }
  .node text { fill: var(--vscode-foreground); font-size: 12px; pointer-events: none; }
  .node .file { fill: var(--vscode-descriptionForeground); font-size: 11px; }
  .ghost rect { fill: none; stroke-dasharray: 4 3; }
  .link path { fill: none; stroke-width: 2.5; cursor: pointer; }
  .link path.hit { stroke: transparent; stroke-width: 12; }
  .link:hover path.line, .link:focus path.line { stroke-width: 4; }
  .link text { font-size: 11px; fill: var(--vscode-descriptionForeground); pointer-events: none; }
  .ok { stroke: var(--vscode-charts-green, #2da44e); color: var(--vscode-charts-green, #2da44e); }
  .fails { stroke: var(--vscode-charts-red, #cf222e); color: var(--vscode-charts-red, #cf222e); }
  .unknown { stroke: var(--vscode-charts-yellow, #bf8700); color: var(--vscode-charts-yellow, #bf8700); stroke-dasharray: 6 4; }
  .arrow { stroke: none; stroke-dasharray: none; }
  .arrow.ok { fill: var(--vscode-charts-green, #2da44e); } .arrow.fails { fill: var(--vscode-charts-red, #cf222e); } .arrow.unknown { fill: var(--vscode-charts-yellow, #bf8700); }
  .swatch.ok { background: var(--vscode-charts-green, #2da44e); } .swatch.fails { background: var(--vscode-charts-red, #cf222e); } .swatch.unknown { background: var(--vscode-charts-yellow, #bf8700); }
  table { border-collapse: collapse; margin-top: 12px; width: 100%; }
  th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid var(--vscode-panel-border, transparent); vertical-align: top; }
  td.status { font-weight: 600; white-space: nowrap; }
  td.status.ok { color: var(--vscode-charts-green, #2da44e); } td.status.fails { color: var(--vscode-charts-red, #cf222e); } td.status.unknown { color: var(--vscode-charts-yellow, #bf8700); }
  a { color: var(--vscode-textLink-foreground); cursor: pointer; text-decoration: none; }
  a:hover { text-decoration: underline; }
  ul { margin: 2px 0; padding-left: 18px; }
  .error { color: var(--vscode-errorForeground); }
</style></head>
<body>
<h1>NATS TLS Topology</h1>
<div class="summary" id="summary">Asking the language server…</div>
<div class="legend"><span><i class="swatch ok"></i>both handshakes hold</span><span><i class="swatch fails"></i>fails</span><span><i class="swatch unknown"></i>cannot be told</span></div>
<svg id="graph" role="img" aria-label="Topology graph"></svg>
<table id="links"><thead><tr><th>Link</th><th>URL</th><th>Status</th><th>Why</th></tr></thead><tbody></tbody></table>
<script nonce="${nonce}">${SCRIPT}</script>
</body></html>`;
}

// The page's script (plain ES2020, no modules). Text always goes in through textContent, never as markup; styles
// come from the stylesheet's classes (the content security policy refuses style attributes).
const SCRIPT = `
const vscode = acquireVsCodeApi();
const NS = 'http://www.w3.org/2000/svg';
const svg = document.getElementById('graph');
const tbody = document.querySelector('#links tbody');
const summary = document.getElementById('summary');
const el = (name, attrs, parent) => { const e = document.createElementNS(NS, name); for (const k in attrs) e.setAttribute(k, attrs[k]); if (parent) parent.appendChild(e); return e; };
const open = (at) => vscode.postMessage({ type: 'open', uri: at.uri, range: at.range });
const keyOpen = (e, at) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); open(at); } };
const STATUS = { ok: 'ok', fails: 'fails', unknown: 'unknown' };
function draw(t) {
  svg.textContent = '';
  tbody.textContent = '';
  const counts = { ok: 0, fails: 0, unknown: 0 };
  for (const l of t.links) counts[l.status]++;
  summary.textContent = t.nodes.length ? t.nodes.length + ' node' + (t.nodes.length === 1 ? '' : 's') + ', ' + t.links.length + ' link' + (t.links.length === 1 ? '' : 's') + ': ' + counts.ok + ' ok, ' + counts.fails + ' failing, ' + counts.unknown + ' unknown.' : 'No nats-server config in the workspace.';
  const byFile = new Map(t.nodes.map((n) => [n.file, n]));
  const ghosts = [];
  for (const l of t.links) if (!l.to) { const g = 'ghost:' + l.url; if (!ghosts.includes(g)) ghosts.push(g); }
  const all = [...t.nodes.map((n) => ({ id: n.file, label: n.serverName || n.name, sub: n.name, at: n.at })), ...ghosts.map((g) => ({ id: g, label: g.slice(6).replace(/^[a-z-]+:\\/\\//, ''), sub: 'not in the workspace', ghost: true }))];
  const W = Math.max(520, svg.clientWidth || 720), R = Math.max(110, Math.min(W / 2 - 110, 60 + all.length * 28)), H = 2 * R + 90;
  svg.setAttribute('viewBox', '0 0 ' + W + ' ' + H);
  svg.setAttribute('height', String(H));
  const pos = new Map();
  all.forEach((n, i) => { const a = -Math.PI / 2 + (2 * Math.PI * i) / Math.max(1, all.length); pos.set(n.id, { x: W / 2 + (all.length > 1 ? R * Math.cos(a) : 0), y: H / 2 + (all.length > 1 ? R * Math.sin(a) : 0) }); });
  const defs = el('defs', {}, svg);
  for (const s of Object.keys(STATUS)) { const m = el('marker', { id: 'arrow-' + s, viewBox: '0 0 10 10', refX: '10', refY: '5', markerWidth: '7', markerHeight: '7', orient: 'auto-start-reverse' }, defs); el('path', { d: 'M 0 0 L 10 5 L 0 10 z', class: 'arrow ' + s }, m); }
  const links = el('g', {}, svg);
  t.links.forEach((l, i) => {
    const a = pos.get(l.from), b = pos.get(l.to || 'ghost:' + l.url);
    if (!a || !b) return;
    const dx = b.x - a.x, dy = b.y - a.y, d = Math.hypot(dx, dy) || 1, nx = -dy / d, ny = dx / d;
    const sx = a.x + (dx / d) * 62, sy = a.y + (dy / d) * 24, ex = b.x - (dx / d) * 64, ey = b.y - (dy / d) * 26;
    const cx = (sx + ex) / 2 + nx * 28, cy = (sy + ey) / 2 + ny * 28;
    const g = el('g', { class: 'link', tabindex: '0', role: 'link', 'data-status': l.status, 'data-from': l.from, 'data-to': l.to || '' }, links);
    const dpath = 'M ' + sx + ' ' + sy + ' Q ' + cx + ' ' + cy + ' ' + ex + ' ' + ey;
    el('path', { d: dpath, class: 'hit' }, g);
    el('path', { d: dpath, class: 'line ' + l.status, 'marker-end': 'url(#arrow-' + l.status + ')' }, g);
    // The label sits on the curve (its midpoint), on the outer side of it.
    const mx = (sx + 2 * cx + ex) / 4 + nx * 8, my = (sy + 2 * cy + ey) / 4 + ny * 8;
    const label = el('text', { x: String(mx), y: String(my + 4), 'text-anchor': 'middle' }, g);
    label.textContent = l.kind + (l.status === 'ok' ? ' ✓' : l.status === 'fails' ? ' ✗' : ' ?');
    el('title', {}, g).textContent = l.kind + ' ' + l.url + ' — ' + l.status + (l.reasons.length ? '\\n\\n' + l.reasons.join('\\n\\n') : '');
    g.addEventListener('click', () => open(l.at));
    g.addEventListener('keydown', (e) => keyOpen(e, l.at));
    const row = tbody.insertRow();
    const from = byFile.get(l.from), to = l.to ? byFile.get(l.to) : undefined;
    const c0 = row.insertCell(); c0.textContent = l.kind + ': ' + (from ? from.serverName || from.name : l.from) + ' → ' + (to ? to.serverName || to.name : 'nothing in the workspace');
    const c1 = row.insertCell(); const link = document.createElement('a'); link.textContent = l.url; link.title = 'Open the config line'; link.addEventListener('click', () => open(l.at)); c1.appendChild(link);
    const c2 = row.insertCell(); c2.className = 'status ' + l.status; c2.textContent = l.status === 'ok' ? 'ok' : l.status === 'fails' ? 'fails' : 'unknown';
    const c3 = row.insertCell(); if (l.reasons.length) { const ul = document.createElement('ul'); for (const r of l.reasons) { const li = document.createElement('li'); li.textContent = r; ul.appendChild(li); } c3.appendChild(ul); }
  });
  const nodes = el('g', {}, svg);
  for (const n of all) {
    const p = pos.get(n.id);
    const g = el('g', { class: 'node' + (n.ghost ? ' ghost' : ''), tabindex: n.ghost ? '-1' : '0', role: n.ghost ? 'img' : 'button', 'data-file': n.id }, nodes);
    el('rect', { x: String(p.x - 60), y: String(p.y - 22), width: '120', height: '44' }, g);
    const t1 = el('text', { x: String(p.x), y: String(p.y - 3), 'text-anchor': 'middle' }, g); t1.textContent = n.label.length > 18 ? n.label.slice(0, 17) + '…' : n.label;
    const t2 = el('text', { x: String(p.x), y: String(p.y + 13), 'text-anchor': 'middle', class: 'file' }, g); t2.textContent = n.sub.length > 20 ? '…' + n.sub.slice(-19) : n.sub;
    el('title', {}, g).textContent = n.ghost ? n.label + ': no config in the workspace listens here' : n.sub;
    if (!n.ghost) { g.addEventListener('click', () => open(n.at)); g.addEventListener('keydown', (e) => keyOpen(e, n.at)); }
  }
}
let last;
window.addEventListener('message', (e) => {
  const m = e.data;
  if (m && m.type === 'topology') { last = m.data; draw(m.data); }
  else if (m && m.type === 'error') { summary.textContent = 'The language server could not answer: ' + m.message; summary.className = 'summary error'; }
});
window.addEventListener('resize', () => last && draw(last));
`;
