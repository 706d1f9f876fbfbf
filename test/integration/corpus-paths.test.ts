// Path resolution on real projects: every certificate reference in nats-server's own configs exists in
// that repository, relative to the folder its tests run from; `--base auto` must find all of them.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkPaths, checkedRoots } from '../../server/src/cli/check';
import { DEFAULT_SETTINGS } from '../../server/src/core/tls/model';
import { nodeHost } from '../../server/src/node-host';
import { corpusPath, corpusTool, testWith } from '../helpers/tools';

const corpus = corpusPath();

testWith([corpusTool], 'check over the nats-server corpus finds every certificate path (no file-not-found)', () => {
  const root = path.join(corpus, 'nats-server');
  const result = checkPaths([root], { env: {}, settings: { ...DEFAULT_SETTINGS, roots: checkedRoots([root], root) }, host: nodeHost({}) });
  // The corpus holds configs and their certificates, not operator JWTs (`operator: "./configs/nkeys/op.jwt"`).
  const lineOf = (file: string, line: number): string => fs.readFileSync(file, 'utf8').split('\n')[line] ?? '';
  const missing = result.findings.filter(
    (f) => f.code === 'file-not-found' && !/^\s*operator\s*[:=]/.test(lineOf(f.file, f.range.start.line)),
  );
  assert.deepEqual(
    missing.map((f) => `${path.relative(root, f.file)}:${f.range.start.line + 1} ${f.message}`),
    [],
  );
  // The references really were resolved and read (not skipped): 91 cert/key/CA paths in 35 configs.
  const refs = result.files.flatMap((file) => {
    const text = fs.readFileSync(file, 'utf8');
    return [...text.matchAll(/\b(cert_file|key_file|ca_file)\s*[:=]?\s*["']?([^"'\s}]+)/g)];
  });
  assert.ok(refs.length >= 91, `expected at least 91 references, found ${refs.length}`);
});

testWith([corpusTool], 'with --base config the same corpus reports the references that only resolve from the test folder', () => {
  const root = path.join(corpus, 'nats-server');
  const result = checkPaths([root], { env: {}, settings: { ...DEFAULT_SETTINGS, base: 'config', roots: [root] }, host: nodeHost({}) });
  assert.ok(result.findings.filter((f) => f.code === 'file-not-found').length > 50);
});
