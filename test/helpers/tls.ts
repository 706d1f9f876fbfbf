// TLS-check harness: a multi-file fixture (configs with ⟦range⟧ markers, plus certificate files written
// raw) checked as one project with an injected clock, and assertions on codes and exact ranges.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { openDocument } from '../../server/src/core/document';
import { Project } from '../../server/src/core/project';
import { DEFAULT_SETTINGS, type EngineSettings } from '../../server/src/core/tls/model';
import type { Finding } from '../../server/src/core/types';
import { nodeFs } from '../../server/src/node-fs';
import { nodeHost } from '../../server/src/node-host';
import { materialize, showRange, type Workspace } from './fixture';

export const NOW = new Date('2026-06-01T12:00:00Z');

export interface TlsCase {
  /** Configs (marked text, `/path` keys) — certificate files go in `raw`. */
  configs: Record<string, string>;
  /** Files written as they are (PEM text or DER bytes), e.g. from test/helpers/certs. */
  raw?: Record<string, string | Uint8Array>;
  /** POSIX modes to set on raw files (default 0600). */
  modes?: Record<string, number>;
  now?: Date;
  settings?: Partial<EngineSettings>;
  platform?: string;
}

export interface TlsResult {
  /** The fixture's texts and paths; its folder is already removed (the findings are computed by then). */
  ws: Workspace;
  findings: Finding[];
  /** Findings located in one fixture file. */
  in(p: string, codes?: readonly string[]): Finding[];
}

/** Writes the case to a temporary folder, checks it, and removes the folder again. */
export function runTls(c: TlsCase): TlsResult {
  const ws = materialize(c.configs);
  try {
    for (const [p, content] of Object.entries(c.raw ?? {})) {
      const target = ws.path(p);
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, content);
      fs.chmodSync(target, c.modes?.[p] ?? 0o600);
    }
    const host = { ...nodeHost({ NATS_TLS_NOW: (c.now ?? NOW).toISOString() }), platform: c.platform ?? 'linux' };
    const settings: EngineSettings = { ...DEFAULT_SETTINGS, roots: [ws.dir], ...c.settings };
    const project = new Project(host, () => settings);
    const ctx = { env: {}, fs: nodeFs, dialect: 'latest' as const };
    for (const f of ws.files) {
      const file = ws.path(f.path);
      const doc = openDocument(file, f.fixture.text, { ctx, forceRole: 'client' });
      if (doc) project.set(doc);
    }
    const findings = project.allFindings();
    return {
      ws,
      findings,
      in: (p, codes) => findings.filter((f) => f.file === ws.path(p) && (!codes || codes.includes(f.code))),
    };
  } finally {
    ws.cleanup();
  }
}

export function show(findings: Finding[]): string {
  return findings.map((f) => `${path.basename(f.file)} ${f.code}/${f.severity}@${showRange(f.range)} ${f.message}`).join('\n') || '(none)';
}

export interface Expect {
  code: string;
  severity?: Finding['severity'];
  /** Text the message must contain. */
  says?: string | RegExp;
}

/**
 * Asserts that the findings in `file` with the given codes are exactly `expected`, in position order,
 * each at the matching ⟦range⟧ of that file's fixture.
 */
export function expectFindings(r: TlsResult, file: string, codes: readonly string[], expected: (Expect | string)[]): Finding[] {
  const got = r.in(file, codes);
  const want = expected.map((e) => (typeof e === 'string' ? { code: e } : e));
  const fx = r.ws.file(file);
  const context = `in ${file}:\n${fx.text}\nall findings:\n${show(r.findings)}`;
  assert.equal(got.length, want.length, `expected ${want.map((w) => w.code).join(', ') || 'nothing'}, ${context}`);
  // A fixture shared by positive and negative cases may carry a marker that a clean case does not use.
  if (want.length)
    assert.equal(fx.ranges.length, want.length, `test bug: ${want.length} expected findings but ${fx.ranges.length} ⟦ranges⟧ in ${file}`);
  got.forEach((f, i) => {
    const w = want[i]!;
    assert.equal(f.code, w.code, `finding ${i}: ${context}`);
    assert.equal(showRange(f.range), showRange(fx.ranges[i]!), `range of ${f.code}: ${context}`);
    if (w.severity) assert.equal(f.severity, w.severity, `severity of ${f.code}: ${context}`);
    if (w.says instanceof RegExp) assert.match(f.message, w.says);
    else if (w.says) assert.ok(f.message.includes(w.says), `message of ${f.code} should contain ${JSON.stringify(w.says)}: ${f.message}`);
    assert.ok(!/[ ]{2}|\.\./.test(f.message.replace(/\.\.\./g, '').replace(/ \.\//g, '')), `message reads badly: ${f.message}`);
  });
  return got;
}
