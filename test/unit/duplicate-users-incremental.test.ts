// duplicate-user over edits (checks/duplicate-users.ts): the names of a walk's user blocks move on from the
// earlier walk's, so a keystroke reads the user blocks it changed, not all of them (counted, never timed), and
// every version's findings equal those of the same text checked from scratch.
import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { duplicateUserReads } from '../../server/src/core/checks/duplicate-users';
import { reopenDocument, type ConfigDoc } from '../../server/src/core/document';
import { Project } from '../../server/src/core/project';
import { DEFAULT_SETTINGS, type EngineSettings } from '../../server/src/core/tls/model';
import type { Finding } from '../../server/src/core/types';
import { nodeHost } from '../../server/src/node-host';
import { LATEST_CTX, openConf } from '../helpers/conf';

const FILE = '/nonexistent-nats-tls-test/duplicate-users.conf';
const settings: EngineSettings = { ...DEFAULT_SETTINGS, roots: [] };
const host = nodeHost({ NATS_TLS_NOW: '2026-06-01T12:00:00Z' });

function edited(doc: ConfigDoc, start: number, end: number, insert: string): ConfigDoc {
  const text = doc.src.text.slice(0, start) + insert + doc.src.text.slice(end);
  const next = reopenDocument(doc, text, { start, end, length: insert.length }, { ctx: LATEST_CTX });
  assert.ok(next);
  return next;
}

function duplicates(findings: Finding[]): string[] {
  return findings
    .filter((f) => f.code === 'duplicate-user')
    .map((f) => `${f.range.start.line}:${(f.data as { user?: string } | undefined)?.user}`);
}

function fromScratch(text: string): Finding[] {
  const p = new Project(host, () => settings);
  p.set(openConf(FILE, text));
  return p.findings(FILE);
}

function accounts(n: number): string {
  const lines = ['accounts {'];
  for (let a = 0; a < n; a++) lines.push(`  A${a}: { users: [ { user: "u${a}", password: "p${a}" } ] }`);
  lines.push('}', 'leafnodes { authorization { users: [ { user: "leaf1", password: "x" } ] } }', '');
  return lines.join('\n');
}

describe('duplicate-user over edits', () => {
  test('a keystroke in one of 400 users reads that user alone; the findings match a check from scratch', () => {
    const project = new Project(host, () => settings);
    let doc = openConf(FILE, accounts(400));
    project.set(doc);
    project.findings(FILE);
    const at = doc.src.text.indexOf('"p200"') + 2;
    for (const ch of ['7', '8', '9']) {
      doc = edited(doc, at, at + 1, ch);
      project.set(doc);
      const before = duplicateUserReads.count;
      const findings = project.findings(FILE);
      const reads = duplicateUserReads.count - before;
      assert.deepEqual(findings, fromScratch(doc.src.text));
      // The changed user, as it was and as it is (the first spliced version walks afresh: at most all 401).
      if (ch !== '7') assert.ok(reads > 0 && reads <= 4, `user blocks read after one keystroke: ${reads}`);
    }
  });

  test('duplicates made, moved and undone by edits are found as from scratch', () => {
    const project = new Project(host, () => settings);
    let doc = openConf(FILE, accounts(30));
    project.set(doc);
    project.findings(FILE);
    const rename = (from: string, to: string): void => {
      const i = doc.src.text.indexOf(`"${from}"`);
      assert.ok(i >= 0, from);
      doc = edited(doc, i + 1, i + 1 + from.length, to);
      project.set(doc);
      assert.deepEqual(project.findings(FILE), fromScratch(doc.src.text), `after ${from} → ${to}`);
    };
    // Warm up: the first spliced version walks afresh.
    rename('p3', 'p33');
    rename('u20', 'u5');
    assert.deepEqual(duplicates(project.findings(FILE)), ['21:u5']);
    rename('u4', 'u5');
    assert.deepEqual(duplicates(project.findings(FILE)), ['6:u5', '21:u5']);
    // The first one goes: the one after it becomes the first.
    rename('u5', 'u55');
    assert.deepEqual(duplicates(project.findings(FILE)), ['21:u5']);
    rename('u5', 'u20');
    assert.deepEqual(duplicates(project.findings(FILE)), []);
    // A leaf node user and an account user with the same name are told apart (each list on its own).
    rename('leaf1', 'u7');
    assert.deepEqual(duplicates(project.findings(FILE)), []);
    rename('u8', 'u7');
    assert.deepEqual(duplicates(project.findings(FILE)), ['9:u7']);
  });
});
