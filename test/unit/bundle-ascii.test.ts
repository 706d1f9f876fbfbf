// The shipped bundles are ASCII. One character beyond Latin-1 anywhere in a bundle (esbuild escapes those in
// strings, not in regular expressions) makes V8 hold the whole script source two bytes per character: the
// language server's 0.9 MB source took 1.8 MB of every server's heap.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import * as esbuild from 'esbuild';

const root = path.resolve(__dirname, '..', '..');
const ENTRIES = [
  'server/src/lsp/main.ts',
  'server/src/lsp/ca-engine.ts',
  'server/src/engine.ts',
  'server/src/cli/main.ts',
  'client/src/extension.ts',
  'client/src/language-client.ts',
  'client/src/commands/index.ts',
];

test('every bundle, built as it ships (minified), is ASCII', async () => {
  for (const entry of ENTRIES) {
    const r = await esbuild.build({
      absWorkingDir: root,
      entryPoints: [entry],
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      minify: true,
      legalComments: 'none',
      external: ['vscode', './ca-engine.js', './commands.js', './language-client.js'],
      write: false,
      logLevel: 'silent',
    });
    const bytes = r.outputFiles[0]!.contents;
    const at = bytes.findIndex((b) => b >= 0x80);
    const context = at < 0 ? '' : Buffer.from(bytes.subarray(Math.max(0, at - 60), at + 20)).toString('utf8');
    assert.equal(at, -1, `${entry}: a non-ASCII byte at ${at}: …${context}…`);
  }
});
