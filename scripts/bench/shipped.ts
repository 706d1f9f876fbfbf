// Code timed as it ships: bundled by esbuild with the production options of esbuild.mjs (one minified
// CommonJS file), into bench/out/. Running the sources through tsx instead adds its own overhead (a getter per
// imported binding, renamed classes), so the benchmarks' targets are judged on such a build.
import * as path from 'node:path';
import * as esbuild from 'esbuild';

const repoRoot = path.resolve(__dirname, '..', '..');

/** esbuild.mjs's options for a production build. */
const SHIPPED: esbuild.BuildOptions = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  minify: true,
  legalComments: 'none',
  logLevel: 'warning',
};

/** Bundles `entry` (a file) as shipped into bench/out/NAME.js; returns the bundle's path. */
export function shippedFile(name: string, entry: string): string {
  const outfile = path.join(repoRoot, 'bench', 'out', `${name}.js`);
  esbuild.buildSync({ ...SHIPPED, entryPoints: [entry], outfile });
  return outfile;
}

/**
 * Bundles the modules' exports as shipped into bench/out/NAME.js and loads the bundle. `exports`: statements
 * such as "export { parseConf } from './server/src/core/conf/parser'", relative to the repository root.
 */
export function shippedExports<T>(name: string, exports: string[]): T {
  const outfile = path.join(repoRoot, 'bench', 'out', `${name}.js`);
  esbuild.buildSync({
    ...SHIPPED,
    stdin: { contents: exports.join('\n'), resolveDir: repoRoot, loader: 'ts', sourcefile: `${name}-entry.ts` },
    outfile,
  });
  return require(outfile) as T;
}
