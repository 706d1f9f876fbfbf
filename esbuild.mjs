// Builds the bundles: the VS Code client, the language server, the engine library and the CLI (with its launch flags).
// Imported (test/unit/bundle-ascii.test.ts), it only exports what it builds.
import * as esbuild from 'esbuild';
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

export const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  legalComments: 'none',
};

export const builds = [
  // The commands and the language client are separate bundles the extension requires after activation.
  {
    entryPoints: ['client/src/extension.ts'],
    outfile: 'client/out/extension.js',
    external: ['vscode', './commands.js', './language-client.js'],
  },
  { entryPoints: ['client/src/language-client.ts'], outfile: 'client/out/language-client.js', external: ['vscode'] },
  { entryPoints: ['client/src/commands/index.ts'], outfile: 'client/out/commands.js', external: ['vscode'] },
  // The certificate issuer is a separate bundle the language server requires on the first plan (lsp/ca-engine.ts).
  { entryPoints: ['server/src/lsp/main.ts'], outfile: 'server/out/server.js', external: ['./ca-engine.js'] },
  { entryPoints: ['server/src/lsp/ca-engine.ts'], outfile: 'server/out/ca-engine.js' },
  { entryPoints: ['server/src/engine.ts'], outfile: 'server/out/engine.js' },
  { entryPoints: ['server/src/cli/main.ts'], outfile: 'server/out/cli.js', external: ['./ca-engine.js'] },
  // The V8 flags alone, for bin/nats-tls.js, which re-executes itself with them before loading the CLI.
  { entryPoints: ['server/src/lsp/launch.ts'], outfile: 'server/out/launch.js' },
];

// Run (not imported): compared as real paths, since a checkout reached through a symlink names itself otherwise.
if (process.argv[1] && realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url))) {
  if (watch) {
    for (const b of builds) await (await esbuild.context({ ...common, ...b })).watch();
  } else {
    await Promise.all(builds.map((b) => esbuild.build({ ...common, ...b })));
  }
}
