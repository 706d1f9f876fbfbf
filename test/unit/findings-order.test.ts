// The order findings are reported in (CLI output, a document's diagnostics): by file, line, character and code,
// strings compared by code unit, so the order is the same whatever the machine's locale.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { sortFindings } from '../../server/src/core/analyze';
import type { Finding } from '../../server/src/core/types';

const at = (file: string, line: number, character: number, code: string): Finding => ({
  code,
  severity: 'error',
  message: '',
  file,
  range: { start: { line, character }, end: { line, character: character + 1 } },
});

const key = (f: Finding): string => `${f.file}:${f.range.start.line}:${f.range.start.character}:${f.code}`;

test('findings sort by file (code units: capitals first, accents after z), then line, character and code', () => {
  const want = [
    at('/w/B.conf', 0, 0, 'x'),
    at('/w/a.conf', 0, 0, 'unknown-field'),
    at('/w/a.conf', 0, 4, 'invalid-value'),
    at('/w/a.conf', 2, 0, 'field-not-in-version'),
    at('/w/a.conf', 2, 0, 'invalid-value'),
    at('/w/z.conf', 1, 0, 'x'),
    at('/w/é.conf', 0, 0, 'x'),
  ];
  // Every rotation of the list, reversed too, sorts to the same order.
  for (let r = 0; r < want.length; r++) {
    const rotated = [...want.slice(r), ...want.slice(0, r)];
    for (const input of [rotated, [...rotated].reverse()]) assert.deepEqual(sortFindings([...input]).map(key), want.map(key));
  }
});
