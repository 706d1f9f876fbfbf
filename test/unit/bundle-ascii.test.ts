// The shipped bundles are ASCII. One character beyond Latin-1 anywhere in a bundle (esbuild escapes those in
// strings, not in regular expressions) makes V8 hold the whole script source two bytes per character: the
// language server's 0.9 MB source took 1.8 MB of every server's heap.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';

const root = path.resolve(__dirname, '..', '..');

test('every bundle esbuild.mjs makes, built as it ships (minified), is ASCII', async () => {
  // The build list itself, so a bundle added there is held to this too.
  const { common, builds } = (await import(pathToFileURL(path.join(root, 'esbuild.mjs')).href)) as {
    common: esbuild.BuildOptions;
    builds: (esbuild.BuildOptions & { entryPoints: string[] })[];
  };
  assert.ok(builds.length >= 7);
  for (const b of builds) {
    const r = await esbuild.build({
      ...common,
      ...b,
      absWorkingDir: root,
      minify: true,
      sourcemap: false,
      write: false,
      logLevel: 'silent',
    });
    const bytes = r.outputFiles[0]!.contents;
    const at = bytes.findIndex((x) => x >= 0x80);
    const context = at < 0 ? '' : Buffer.from(bytes.subarray(Math.max(0, at - 60), at + 20)).toString('utf8');
    assert.equal(at, -1, `${b.entryPoints[0]}: a non-ASCII byte at ${at}: …${context}…`);
  }
});
